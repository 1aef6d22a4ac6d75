"""Tables as downloads: CSV streamed row by row (semicolons, as German Excel expects), XLSX written
with openpyxl's write-only mode. Every report of the intranet answers through these two."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[list[str]], filename: str, *, bom: bool = False) -> StreamingHttpResponse:
    """Stream the rows as CSV; with `bom`, start with a UTF-8 byte-order mark for Excel."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        if bom:
            yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    return _attachment(StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8"), f"{filename}.csv")


def xlsx_response(rows: Iterable[list[str]], filename: str, *, sheet_title: str) -> FileResponse:
    """Write the rows to a temporary file (a zip cannot be streamed as it is made) and send that file,
    so neither the rows nor the finished workbook sit in memory."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    for row in rows:
        sheet.append(row)
    file = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when sent)
    book.save(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
