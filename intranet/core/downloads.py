"""Tables as downloads: CSV streamed row by row, XLSX written with openpyxl's write-only mode. Every report
of the intranet answers through these two, and every download names its file through `attachment`.
How each value looks in either format is decided in `intranet.cells`.

CSV: UTF-8 with a byte-order mark (without it Excel garbles "AU fällig"), semicolons, decimal comma,
dates TT.MM.JJJJ. XLSX: a bold, frozen header row with an autofilter, columns as wide as their content."""

from __future__ import annotations

import csv
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from copy import copy
from itertools import chain, islice
from typing import TypeVar
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from .cells import Value, csv_field, csv_fields, xlsx_value

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEASURED_ROWS = 200  # column widths come from the first rows, so the file can still be written as it goes
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def attachment(filename: str) -> str:
    """A Content-Disposition for a download (RFC 6266): the name in UTF-8 as `filename*`, with an ASCII
    fallback `filename` for clients that read only that ("Bürgerbüro.vcf" -> "Buergerbuero.vcf")."""
    fallback = unicodedata.normalize("NFKD", filename.translate(_GERMAN)).encode("ascii", "ignore").decode()
    fallback = re.sub(r'[\x00-\x1f\x7f"\\;]', "_", fallback)
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def as_attachment(response: ResponseT, filename: str) -> ResponseT:
    response["Content-Disposition"] = attachment(filename)
    return response


def file_download(file, filename: str, content_type: str | None = None) -> FileResponse:
    """An open file sent as a download named `filename` (Django's own header has no ASCII fallback)."""
    response = FileResponse(file, content_type=content_type) if content_type else FileResponse(file)
    return as_attachment(response, filename)


def csv_response(rows: Iterable[Iterable[Value]], filename: str, *, comma: bool = True) -> StreamingHttpResponse:
    """Stream the rows as CSV for German Excel; `comma=False` writes a decimal point for payroll imports."""
    writer = csv.writer(_Echo(), delimiter=";")
    fields = csv_fields(comma=comma)

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(fields(row))

    # The charset given as well: else the response reads it out of the content type again for every line.
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8", charset="utf-8")
    return as_attachment(response, f"{filename}.csv")


def xlsx_response(rows: Iterable[Iterable[Value]], filename: str, *, sheet_title: str) -> FileResponse:
    """Write the rows (the first is the header) to a temporary file (a zip cannot be streamed as it is made)
    and send that file, so neither the rows nor the finished workbook sit in memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(sheet_title)[:31])
    rows = iter(rows)
    first: list[Iterable[Value]] = [list(row) for row in islice(rows, MEASURED_ROWS)]
    widths: dict[int, int] = {}
    for index, row in enumerate(first):
        for column, value in enumerate(row, 1):
            widths[column] = max(widths.get(column, 0), len(csv_field(value)) + (3 if index == 0 else 2))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 6), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    styles: dict[tuple[str | None, bool], StyleArray] = {}  # openpyxl's style lookup per cell costs 3x the time

    def cell(value: Value, header: bool) -> WriteOnlyCell:
        content, number_format, text = xlsx_value(value)
        if text:
            content = ILLEGAL_CHARACTERS_RE.sub("", content)  # control characters XML cannot hold
        made = WriteOnlyCell(sheet, value=content)
        if text:
            made.data_type = "s"  # a text cell, also when it starts with "=": never a formula
        if (style := styles.get((number_format, header))) is not None:
            made._style = copy(style)
        else:
            if number_format:
                made.number_format = number_format
            if header:
                made.font = bold
            styles[number_format, header] = copy(made._style)
        return made

    count = 0
    for count, row in enumerate(chain(first, rows), 1):
        sheet.append([cell(value, count == 1) for value in row])
    if count and widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(widths))}{count}"
    file = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when sent)
    book.save(file)
    file.seek(0)
    return file_download(file, f"{filename}.xlsx", XLSX_TYPE)
