"""Working time at the service and page level: recording, clocking, the month sheet, the closing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.models import StepState
from intranet.workflow import step_decide
from timekeeping.models import LeaveType, MonthState, TimeEntry
from timekeeping.services import entitlement_grant, leave_request_create
from timekeeping.time_services import clock_in, clock_out, month_submit, time_entry_create, time_entry_delete
from timekeeping.timesheet import month_sheet

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 30, 20, 0, tzinfo=BERLIN)


def at(d: int, h: int, m: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, d, h, m, tzinfo=BERLIN)


def record(person, d: int, start: tuple[int, int], end: tuple[int, int], month: int = 11):
    return time_entry_create(by=person, start=at(d, *start, month=month), end=at(d, *end, month=month), now=NOW)


def test_month_sheet_targets_and_balance(cast) -> None:
    # Ada works 39 hours on five days: 7:48 a day.
    record(cast.ada, 23, (8, 0), (12, 0))
    record(cast.ada, 23, (12, 30), (17, 0))   # 8:30 worked, 30 min break -> +0:42
    record(cast.ada, 24, (8, 0), (15, 0))     # 7:00, no break owed above exactly... 7h > 6h: 30 deducted
    sheet = month_sheet(cast.ada, date(2026, 11, 1))
    monday = sheet.days[22]
    assert monday.target == timedelta(hours=7, minutes=48)
    assert monday.result.credited == timedelta(hours=8, minutes=30)
    tuesday = sheet.days[23]
    assert tuesday.result.deducted == timedelta(minutes=30)
    assert tuesday.result.credited == timedelta(hours=6, minutes=30)
    assert sheet.days[21].target == timedelta()  # Sunday
    # 21 working days in November 2026 (no holiday): 163:48 target
    assert sheet.totals["target"] == timedelta(hours=7, minutes=48) * 21


def test_holiday_and_approved_leave_have_no_target(cast) -> None:
    entitlement_grant(person=cast.ada, year=2026)
    leave = leave_request_create(by=cast.ada, leave_type=LeaveType.objects.get(code="erholungsurlaub"),
                                 start=date(2026, 12, 21), end=date(2026, 12, 23), today=date(2026, 11, 2))
    step_decide(by=cast.ben, step_id=leave.approval.steps.get(state=StepState.OPEN).pk, approve=True)
    sheet = month_sheet(cast.ada, date(2026, 12, 1))
    targets = {d.date.day: d.target for d in sheet.days}
    assert targets[21] == targets[22] == targets[23] == timedelta()  # leave
    assert targets[24] == targets[25] == targets[31] == timedelta()  # Heiligabend, holiday, Silvester
    assert sheet.days[20].absence == "Erholungsurlaub"


def test_part_time_schedule_changing_mid_month(cast) -> None:
    from directory.models import Employment

    Employment.objects.create(user=cast.ada, valid_from=date(2026, 11, 16), weekly_hours=30, working_weekdays="1234")
    sheet = month_sheet(cast.ada, date(2026, 11, 1))
    assert sheet.days[9].target == timedelta(hours=7, minutes=48)     # Tue 10.11.: 39 h / 5
    assert sheet.days[16].target == timedelta(hours=7, minutes=30)    # Tue 17.11.: 30 h / 4
    assert sheet.days[19].target == timedelta()                       # Fri 20.11.: not a working day now


def test_bad_periods_are_refused_and_nothing_is_saved(cast) -> None:
    record(cast.ada, 23, (8, 0), (12, 0))
    for start, end, field in [
        (at(23, 12), at(23, 11), "end"),
        (at(23, 11), at(23, 13), "start"),              # overlaps
        (at(30, 21), at(30, 22), "end"),                # in the future (now is 30.11. 20:00)
    ]:
        with pytest.raises(ValidationError) as error:
            time_entry_create(by=cast.ada, start=start, end=end, now=NOW)
        assert field in error.value.message_dict
    assert TimeEntry.objects.count() == 1


def test_a_period_across_midnight_is_split(cast) -> None:
    parts = time_entry_create(by=cast.ada, start=at(23, 22), end=at(24, 2), now=NOW)
    assert [(p.start.astimezone(BERLIN).hour, p.end.astimezone(BERLIN).hour) for p in parts] == [(22, 0), (0, 2)]


def test_clock_in_and_out(cast) -> None:
    clock_in(by=cast.ada, now=at(24, 7, 42))
    with pytest.raises(ValidationError):
        clock_in(by=cast.ada, now=at(24, 8, 0))
    (entry,) = clock_out(by=cast.ada, now=at(24, 16, 0))
    assert entry.end.astimezone(BERLIN) == at(24, 16, 0)
    with pytest.raises(ValidationError):
        clock_out(by=cast.ada, now=at(24, 17, 0))


def test_closing_locks_the_month_and_a_return_unlocks_it(cast) -> None:
    record(cast.ada, 23, (8, 0), (16, 30))
    with pytest.raises(ValidationError, match="letzten Tag"):
        month_submit(by=cast.ada, month=date(2026, 11, 1), today=date(2026, 11, 20))
    closing = month_submit(by=cast.ada, month=date(2026, 11, 1), today=date(2026, 11, 30))
    assert closing.state == MonthState.SUBMITTED and closing.approval.steps.get().approver == cast.ben
    with pytest.raises(ValidationError, match="nicht mehr geändert"):
        record(cast.ada, 24, (8, 0), (9, 0))
    step_decide(by=cast.ben, step_id=closing.approval.steps.get().pk, approve=False, comment="Bitte ergänzen.")
    closing.refresh_from_db()
    assert closing.state == MonthState.REJECTED
    record(cast.ada, 24, (8, 0), (9, 0))  # unlocked again
    closing = month_submit(by=cast.ada, month=date(2026, 11, 1), today=date(2026, 11, 30))
    step_decide(by=cast.ben, step_id=closing.approval.steps.get(state=StepState.OPEN).pk, approve=True)
    closing.refresh_from_db()
    assert closing.state == MonthState.APPROVED
    with pytest.raises(ValidationError):
        time_entry_delete(by=cast.ada, entry_id=TimeEntry.objects.first().pk)
    # December starts with what November carried.
    assert month_sheet(cast.ada, date(2026, 12, 1)).carried_in == timedelta(minutes=closing.carried_minutes)


def test_month_sheet_queries_do_not_grow_with_entries(cast) -> None:
    record(cast.ada, 2, (8, 0), (12, 0))
    with CaptureQueriesContext(connection) as one:
        month_sheet(cast.ada, date(2026, 11, 1))
    for d in range(3, 30):
        record(cast.ada, d, (8, 0), (12, 0))
    with CaptureQueriesContext(connection) as many:
        month_sheet(cast.ada, date(2026, 11, 1))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_pages(client, cast) -> None:
    client.force_login(cast.ada)
    assert client.get("/arbeitszeit/").status_code == 302
    page = client.get("/arbeitszeit/2026-11/").content.decode()
    assert "Arbeitszeit November 2026" in page
    response = client.post("/arbeitszeit/eintraege/", {"day": "2026-11-02", "start": "08:00", "end": "16:30"})
    assert response.status_code == 302
    bad = client.post("/arbeitszeit/eintraege/", {"day": "2026-11-02", "start": "09:00", "end": "10:00",
                                                 "note": "Doppelt"})
    assert bad.status_code == 200 and "überschneidet sich" in bad.content.decode()
    assert "Doppelt" in bad.content.decode()
    assert client.get("/arbeitszeit/2026-13/").status_code == 404
    entry = TimeEntry.objects.get()
    client.force_login(cast.dan)
    assert client.post(f"/arbeitszeit/eintraege/{entry.pk}/loeschen/").status_code == 404
    assert client.get("/arbeitszeit/eintraege/").status_code == 405


def test_dashboard_clock(client, cast) -> None:
    client.force_login(cast.ada)
    assert "nicht eingestempelt" in client.get("/").content.decode()
    client.post("/arbeitszeit/stempeln/", {"direction": "in", "next": "/"})
    assert "anwesend seit" in client.get("/").content.decode()
    client.post("/arbeitszeit/stempeln/", {"direction": "out", "next": "https://evil.example/"})
    assert not TimeEntry.objects.filter(end__isnull=True).exists()


def test_time_module_switched_off(client, cast, settings) -> None:
    settings.MODULES = ["leave"]
    client.force_login(cast.ada)
    assert client.get("/arbeitszeit/2026-11/").status_code == 404
    assert "Arbeitszeit heute" not in client.get("/").content.decode()


def test_api(cast) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    assert api.get("/api/v1/time-entries/").status_code == 401
    api.force_authenticate(cast.ada)
    created = api.post("/api/v1/time-entries/", {"start": "2026-11-02T08:00:00+01:00",
                                                 "end": "2026-11-02T16:30:00+01:00"}, format="json")
    assert created.status_code == 201
    bad = api.post("/api/v1/time-entries/", {"start": "2026-11-02T09:00:00+01:00",
                                             "end": "2026-11-02T08:00:00+01:00"}, format="json")
    assert bad.status_code == 400 and "end" in bad.json()
    sheet = api.get("/api/v1/timekeeping/months/2026-11/").json()
    monday = sheet["days"][1]
    assert (monday["worked_minutes"], monday["deducted_minutes"], monday["credited_minutes"]) == (510, 30, 480)
    assert "break_too_short" in monday["warnings"]
    assert api.get("/api/v1/timekeeping/months/2026-13/").status_code == 404
    assert api.post("/api/v1/timekeeping/clock/", {"direction": "in"}, format="json").status_code == 200
    assert api.post("/api/v1/timekeeping/clock/", {"direction": "in"}, format="json").status_code == 400
    assert api.post("/api/v1/timekeeping/clock/", {"direction": "sideways"}, format="json").status_code == 400
    api.force_authenticate(cast.dan)
    assert api.get("/api/v1/time-entries/").json()["count"] == 0


def test_hr_export_csv_and_xlsx(client, cast) -> None:
    record(cast.ada, 2, (8, 0), (16, 30))
    client.force_login(cast.ben)
    assert client.get("/arbeitszeit/export/", {"month": "2026-11"}).status_code == 403
    client.force_login(cast.hanna)
    response = client.get("/arbeitszeit/export/", {"month": "2026-11", "unit": cast.fb.pk, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffPersonalnummer;Name;")
    assert "Arendt" in body and "Dorn" not in body  # FB and its sub-units only
    assert ";2026-11-02;7,80;8,50;0,00;8,00;0,20;;vorläufig" in body
    xlsx = client.get("/arbeitszeit/export/", {"month": "2026-11", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert client.get("/arbeitszeit/export/", {"month": "kaputt"}).status_code == 200


def test_team_overview_is_for_supervisors_and_shows_their_people_only(client, cast) -> None:
    client.force_login(cast.ada)
    assert client.get("/arbeitszeit/team/").status_code == 403
    client.force_login(cast.ben)
    page = client.get("/arbeitszeit/team/", {"month": "2026-11"}).content.decode()
    assert "Ada Arendt" in page and "Dan Dorn" not in page and "nicht eingereicht" in page


def test_retention_purges_only_old_signed_off_months(cast) -> None:
    from io import StringIO

    from django.core.management import call_command

    from timekeeping.models import MonthClosing

    old = time_entry_create(by=cast.ada, start=at(2, 8, month=3), end=at(2, 12, month=3), now=NOW)
    recent = record(cast.ada, 2, (8, 0), (12, 0))
    MonthClosing.objects.create(person=cast.ada, month=date(2026, 3, 1), state=MonthState.APPROVED)
    MonthClosing.objects.create(person=cast.ada, month=date(2026, 11, 1), state=MonthState.APPROVED)
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=date(2028, 6, 15)):
        out = StringIO()
        call_command("purge_time_records", "--dry-run", stdout=out)
        assert "would delete 1 time entries" in out.getvalue()
        assert TimeEntry.objects.count() == 2
        call_command("purge_time_records", stdout=StringIO())
    assert not TimeEntry.objects.filter(pk=old[0].pk).exists()
    assert TimeEntry.objects.filter(pk=recent[0].pk).exists()
    assert MonthClosing.objects.count() == 2


def test_export_api_is_for_hr(cast) -> None:
    from rest_framework.test import APIClient

    record(cast.ada, 2, (8, 0), (16, 30))
    api = APIClient()
    api.force_authenticate(cast.ben)
    assert api.get("/api/v1/timekeeping/export", {"month": "2026-11"}).status_code == 403
    api.force_authenticate(cast.hanna)
    assert api.get("/api/v1/timekeeping/export", {"month": "2026-13"}).status_code == 400
    response = api.get("/api/v1/timekeeping/export", {"month": "2026-11", "unit": cast.sg_a.pk, "decimal": "point"})
    body = b"".join(response.streaming_content).decode()
    assert ";2026-11-02;7.80;8.50;" in body
