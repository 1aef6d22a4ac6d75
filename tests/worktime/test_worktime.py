"""Working time at the service and page level: recording, clocking, the month sheet, the closing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Employment
from intranet.approvals.models import StepState
from intranet.approvals.workflow import step_decide
from tests.factories import make_user
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import entitlement_grant, leave_request_create
from timekeeping.worktime.models import MonthState, TimeEntry
from timekeeping.worktime.rules.worktime import Warning
from timekeeping.worktime.services import clock_in, clock_out, month_submit, time_entry_create, time_entry_delete
from timekeeping.worktime.timesheet import month_sheet

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
        (at(2, 8).replace(year=2024, month=10), at(2, 9).replace(year=2024, month=10), "start"),  # purged by now
        (at(2, 8).replace(year=24), at(2, 9).replace(year=24), "start"),      # a mistyped year
    ]:
        with pytest.raises(ValidationError) as error:
            time_entry_create(by=cast.ada, start=start, end=end, now=NOW)
        assert field in error.value.message_dict
    assert TimeEntry.objects.count() == 1
    newcomer = make_user()
    Employment.objects.filter(user=newcomer).update(valid_from=date(2026, 3, 1))
    with pytest.raises(ValidationError, match=r"01\.03\.2026"):  # not before the employment began
        time_entry_create(by=newcomer, start=at(2, 8, month=2), end=at(2, 9, month=2), now=NOW)
    time_entry_create(by=newcomer, start=at(2, 8, month=3), end=at(2, 9, month=3), now=NOW)


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
    # One day (a Sunday, so the substitute-rest-day lookup runs in both cases) against 29 days.
    record(cast.ada, 1, (8, 0), (12, 0))
    with CaptureQueriesContext(connection) as one:
        month_sheet(cast.ada, date(2026, 11, 1))
    for d in range(2, 30):
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
    assert bad.status_code == 200 and "überschneidet sich mit Ihrem erfassten Zeitraum" in bad.content.decode()
    assert "Buchung" not in bad.content.decode()  # a period of working time is not a booking
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


def test_dashboard_shows_today_from_the_months_sheet(client, cast) -> None:
    """What was worked today comes from the running month's sheet (no query of its own): the periods done and
    the one running, also where the person has no rule set and so no sheet."""
    import time_machine

    zone = ZoneInfo("Europe/Berlin")
    today = datetime.now(zone).date()
    for person in (cast.ada, make_user(username="norules", status_group="none")):
        with time_machine.travel(datetime.combine(today, datetime.min.time(), zone) + timedelta(hours=12),
                                 tick=False):
            time_entry_create(by=person, start=datetime.combine(today, datetime.min.time(), zone) + timedelta(hours=8),
                              end=datetime.combine(today, datetime.min.time(), zone) + timedelta(hours=9))
            clock_in(by=person)
        with time_machine.travel(datetime.combine(today, datetime.min.time(), zone) + timedelta(hours=12, minutes=30),
                                 tick=False):
            client.force_login(person)
            page = client.get("/").content.decode()
        assert "anwesend seit 12:00" in page and "Heute gearbeitet: 1:30 Std." in page, person


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
    assert ";02.11.2026;7,80;8,50;0,00;8,00;0,20;;vorläufig" in body  # German date, decimal comma
    xlsx = client.get("/arbeitszeit/export/", {"month": "2026-11", "format": "xlsx"})
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
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

    from timekeeping.worktime.models import MonthClosing

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
    assert ";02.11.2026;7.80;8.50;" in body
    # ?format= is the export's own parameter, not DRF's renderer override (which answered 404).
    xlsx = api.get("/api/v1/timekeeping/export", {"month": "2026-11", "format": "xlsx"})
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")


def test_local_days_off_lower_the_target_and_the_cost_of_leave(cast) -> None:
    from timekeeping.leave.models import LocalDayOff
    from timekeeping.leave.services import leave_quote

    LocalDayOff.objects.create(date=date(2026, 11, 11), name="Rathaussturm", half=True)
    LocalDayOff.objects.create(date=date(2026, 11, 12), name="Betriebsausflug")
    sheet = month_sheet(cast.ada, date(2026, 11, 1))
    assert sheet.days[10].target == timedelta(hours=3, minutes=54) and sheet.days[10].day_off == "Rathaussturm"
    assert sheet.days[11].target == timedelta()
    entitlement_grant(person=cast.ada, year=2026)
    quote = leave_quote(person=cast.ada, leave_type=LeaveType.objects.get(code="erholungsurlaub"),
                        start=date(2026, 11, 9), end=date(2026, 11, 13), today=date(2026, 11, 2))
    assert quote.days == 3.5  # five working days, half of one and all of another off
    page = _client_for(cast.ada).get("/arbeitszeit/2026-11/").content.decode()
    assert "Betriebsausflug" in page


def _client_for(person):
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


def test_sheets_of_many_people_take_as_many_queries_as_one(cast) -> None:
    from timekeeping.worktime.timesheet import month_sheets

    people = [cast.ada, cast.bea, cast.carl, cast.dan]
    for person in people:
        record(person, 2, (8, 0), (16, 0))
    with CaptureQueriesContext(connection) as one:
        month_sheets(people[:1], date(2026, 11, 1))
    with CaptureQueriesContext(connection) as four:
        sheets = month_sheets(people, date(2026, 11, 1))
    assert len(four.captured_queries) == len(one.captured_queries)
    assert [s.totals["worked"] for s in sheets] == [timedelta(hours=8)] * 4


def test_no_people_make_no_sheets_and_a_team_of_none_its_page(client, cast) -> None:
    """Nobody to show (HR, who leads no one, opens the team overview): no sheets, no error, on either database."""
    from timekeeping.worktime.timesheet import month_sheets

    assert month_sheets([], date(2026, 11, 1)) == []
    client.force_login(cast.hanna)
    assert client.get("/arbeitszeit/team/").status_code == 200


def test_export_layout_follows_the_settings(client, cast, settings) -> None:
    record(cast.ada, 2, (8, 0), (16, 30))
    settings.TIME_EXPORT_COLUMNS = ["personnel_number:PNR", "date", "worked:Stunden", "balance"]
    settings.TIME_EXPORT_ABSENCE_CODES = {"krankheit": "KR"}
    client.force_login(cast.hanna)
    response = client.get("/arbeitszeit/export/", {"month": "2026-11", "unit": cast.sg_a.pk})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "PNR;Datum;Stunden;Saldo"
    assert f"{cast.ada.personnel_number};02.11.2026;8,50;0,20" in lines
    assert f"{cast.ada.personnel_number};Summe;8,50;-155,80" in lines  # 8:00 credited of 163:48 target


def test_an_unknown_export_column_stops_the_start(settings) -> None:
    from timekeeping.worktime.checks import export_layout_check

    settings.TIME_EXPORT_COLUMNS = ["date", "salary"]
    errors = export_layout_check(None)
    assert [e.id for e in errors] == ["timekeeping.E001"] and "salary" in errors[0].msg
    settings.TIME_EXPORT_COLUMNS = ["date", "worked:Stunden"]
    assert export_layout_check(None) == []


def _signed_off_november(cast):
    record(cast.ada, 2, (8, 0), (12, 0))
    closing = month_submit(by=cast.ada, month=date(2026, 11, 1), today=date(2026, 11, 30))
    step_decide(by=cast.ben, step_id=closing.approval.steps.get().pk, approve=True)
    closing.refresh_from_db()
    return closing


def test_a_signed_off_month_is_corrected_through_approval(cast) -> None:
    from timekeeping.worktime.services import time_correction_request

    with pytest.raises(ValidationError, match="noch offen"):
        time_correction_request(by=cast.ada, reason="vergessen", start=at(3, 8), end=at(3, 12), now=NOW)
    closing = _signed_off_november(cast)
    before = closing.balance_minutes
    with pytest.raises(ValidationError) as missing_reason:
        time_correction_request(by=cast.ada, reason=" ", start=at(3, 8), end=at(3, 12), now=NOW)
    assert "reason" in missing_reason.value.message_dict
    with pytest.raises(ValidationError, match="überschneidet"):
        time_correction_request(by=cast.ada, reason="doppelt", start=at(2, 11), end=at(2, 13), now=NOW)
    added = time_correction_request(by=cast.ada, reason="Außentermin vergessen", start=at(3, 8), end=at(3, 12),
                                    now=NOW)
    with pytest.raises(ValidationError, match="wartet bereits"):
        time_correction_request(by=cast.ada, reason="nochmal", start=at(3, 9), end=at(3, 10), now=NOW)
    assert TimeEntry.objects.filter(person=cast.ada).count() == 1  # nothing changes before approval
    step_decide(by=cast.ben, step_id=added.approval.steps.get().pk, approve=True)
    closing.refresh_from_db()
    assert TimeEntry.objects.filter(person=cast.ada).count() == 2
    assert closing.balance_minutes == before + 240 and closing.state == MonthState.APPROVED
    with pytest.raises(PermissionDenied):  # someone else's period
        time_correction_request(by=cast.carl, reason="x", remove_entry_id=TimeEntry.objects.first().pk)
    removal = time_correction_request(by=cast.ada, reason="war Urlaub", remove_entry_id=TimeEntry.objects.first().pk)
    step_decide(by=cast.ben, step_id=removal.approval.steps.get().pk, approve=False, comment="Bitte belegen.")
    assert TimeEntry.objects.filter(person=cast.ada).count() == 2  # rejected: nothing removed


def test_correction_form_on_the_signed_off_sheet(client, cast) -> None:
    _signed_off_november(cast)
    client.force_login(cast.ada)
    page = client.get("/arbeitszeit/2026-11/").content.decode()
    assert "Korrektur beantragen" in page and "Zeitraum erfassen" not in page
    response = client.post("/arbeitszeit/2026-11/korrektur/", {"action": "add", "day": "2026-11-03",
                                                              "start": "08:00", "end": "", "reason": "vergessen"})
    assert response.status_code == 200 and "vergessen" in response.content.decode()  # kept what was typed
    response = client.post("/arbeitszeit/2026-11/korrektur/", {"action": "add", "day": "2026-11-03",
                                                              "start": "08:00", "end": "12:00", "reason": "vergessen"})
    assert response.status_code == 302
    client.force_login(cast.ben)
    assert "Korrektur Arbeitszeit" in client.get("/aufgaben/").content.decode()


def test_council_report_is_pseudonymised_and_for_the_council_and_hr(client, cast, settings) -> None:
    from tests.factories import make_user
    from timekeeping.worktime.council_report import pseudonym

    settings.COUNCIL_REPORT_MIN_GROUP = 1  # every unit on its own here (SG-A has 3 people)
    record(cast.ada, 2, (7, 0), (18, 0))  # 11 hours without a break
    council = make_user(username="paula", roles=("council",))
    for person, status in ((cast.ada, 403), (cast.ben, 403), (council, 200), (cast.hanna, 200)):
        client.force_login(person)
        assert client.get("/arbeitszeit/personalrat/", {"month": "2026-11"}).status_code == status
    client.force_login(council)
    page = client.get("/arbeitszeit/personalrat/", {"month": "2026-11", "unit": cast.sg_a.pk}).content.decode()
    assert pseudonym(cast.ada.pk) in page and "Arendt" not in page and "SG-A" in page
    assert pseudonym(cast.ada.pk) == pseudonym(cast.ada.pk) != pseudonym(cast.ben.pk)
    response = client.get("/arbeitszeit/personalrat/", {"month": "2026-11", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    line = next(row for row in body.splitlines() if row.startswith(pseudonym(cast.ada.pk)))
    assert "Arendt" not in body and line.split(";")[1] == cast.ada.org_unit.code
    assert client.get("/arbeitszeit/personalrat/", {"month": "kaputt"}).status_code == 200


def test_a_sunday_worked_gets_its_substitute_rest_day_or_a_warning(cast) -> None:
    record(cast.ada, 8, (9, 0), (12, 0))  # Sunday 8 November; its window reaches 13 days either side
    day = date(2026, 10, 26)
    while day <= date(2026, 11, 21):
        if day.isoweekday() != 7 and day != date(2026, 11, 14):  # every working day but Saturday 14th
            time_entry_create(by=cast.ada, start=datetime(day.year, day.month, day.day, 8, tzinfo=BERLIN),
                              end=datetime(day.year, day.month, day.day, 12, tzinfo=BERLIN), now=NOW)
        day += timedelta(days=1)
    sunday = month_sheet(cast.ada, date(2026, 11, 1), today=date(2026, 11, 30)).days[7]
    assert sunday.rest_day.substitute == date(2026, 11, 14)
    assert Warning.NO_SUBSTITUTE_REST_DAY not in sunday.result.warnings
    record(cast.ada, 14, (8, 0), (12, 0))
    sunday = month_sheet(cast.ada, date(2026, 11, 1), today=date(2026, 11, 30)).days[7]
    assert sunday.rest_day.substitute is None and Warning.NO_SUBSTITUTE_REST_DAY in sunday.result.warnings
    assert sunday.rest_day.due_by == date(2026, 11, 21)
    # Before the window has passed, the rest day is still open, not missed.
    sunday = month_sheet(cast.ada, date(2026, 11, 1), today=date(2026, 11, 20)).days[7]
    assert Warning.NO_SUBSTITUTE_REST_DAY not in sunday.result.warnings


def test_an_entry_into_a_signed_off_month_is_refused_on_the_sheet_it_was_sent_from(client, cast) -> None:
    """From the December sheet into signed-off November: a message where the form is, what was typed kept,
    nothing saved (was a 500 for a message-only refusal, and a silent jump to November's sheet)."""
    _signed_off_november(cast)
    client.force_login(cast.ada)
    for start, end in (("17:00", "20:00"), ("08:00", "12:00")):
        response = client.post("/arbeitszeit/eintraege/", {"sheet": "2026-12", "day": "2026-11-30", "start": start,
                                                          "end": end, "note": "Nachtrag Sitzung"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Dezember 2026" in page and "November 2026 ist" in page and "Nachtrag Sitzung" in page
    assert TimeEntry.objects.filter(person=cast.ada).count() == 1


def test_the_balance_counts_the_days_up_to_today_only(client, cast) -> None:
    """Anna's 1 December: 8:16 worked. The balance is +0:28, not minus the rest of the month; days to come show
    their target without a difference; the team overview, the dashboard, the API and the export agree."""
    import time_machine

    first = date(2026, 12, 1)
    with time_machine.travel(datetime(2026, 12, 1, 17, 0, tzinfo=BERLIN), tick=False):
        now = at(1, 17, month=12)
        time_entry_create(by=cast.ada, start=at(1, 8, month=12), end=at(1, 12, month=12), now=now)
        time_entry_create(by=cast.ada, start=at(1, 12, 30, month=12), end=at(1, 16, 46, month=12), now=now)
        sheet = month_sheet(cast.ada, first)
        assert sheet.balance == timedelta(minutes=28) and not sheet.carry.below_minimum
        assert sheet.totals["target_to_date"] == timedelta(hours=7, minutes=48)
        assert sheet.totals["target"] > sheet.totals["target_to_date"]
        tomorrow = sheet.days[1]
        assert tomorrow.pending and tomorrow.target == timedelta(hours=7, minutes=48)
        assert tomorrow.difference == timedelta()
        client.force_login(cast.ada)
        page = client.get("/arbeitszeit/2026-12/").content.decode()
        assert "Soll bis heute" in page and "+0:28" in page and "Minusstunden" not in page
        assert "−7:48" not in page  # no future day shows a shortfall
        assert "Gleitzeitsaldo bis heute: +0:28 h" in client.get("/").content.decode()
        api = client.get("/api/v1/timekeeping/months/2026-12/").json()
        assert api["balance_minutes"] == 28 and api["target_to_date_minutes"] == 468
        assert api["days"][1]["pending"] and api["days"][1]["difference_minutes"] == 0
        client.force_login(cast.ben)
        team = client.get("/arbeitszeit/team/", {"month": "2026-12"}).content.decode()
        assert "+0:28" in team and "−" not in team.split("<tbody")[1].split("</tbody>")[0]
        client.force_login(cast.hanna)
        body = b"".join(client.get("/arbeitszeit/export/", {"month": "2026-12", "unit": cast.sg_a.pk})
                        .streaming_content).decode("utf-8-sig")
        ada = [line for line in body.splitlines() if "Arendt" in line]
        assert any(";01.12.2026;7,80;8,27;0,50;8,27;0,47;" in line for line in ada)
        assert any(";02.12.2026;7,80;0,00;0,00;0,00;;;vorläufig;" in line for line in ada)
        assert ada[-1].endswith(";0,47")  # the summary: the balance of today
    # Today's shortfall counts once today is over; the next day it is due in full.
    assert month_sheet(cast.ada, first, today=date(2026, 12, 2)).balance == timedelta(minutes=28)
    assert month_sheet(cast.ada, first, today=date(2026, 12, 3)).balance == timedelta(minutes=28 - 468)
    # A past month counts every day (the sheet of December as seen in January).
    assert month_sheet(cast.ada, first, today=date(2027, 1, 5)).totals["target_to_date"] == month_sheet(
        cast.ada, first, today=date(2027, 1, 5)).totals["target"]


def test_a_month_submitted_on_its_last_day_closes_with_the_whole_target(cast) -> None:
    record(cast.ada, 2, (8, 0), (16, 18))  # 8:18 worked, 30 deducted: 7:48 credited
    closing = month_submit(by=cast.ada, month=date(2026, 11, 1), today=date(2026, 11, 30))
    assert closing.target_minutes == 21 * 468
    assert closing.balance_minutes == 468 - 21 * 468  # the 30th's target counts, worked or not


def test_a_night_shift_is_one_working_day_on_the_sheet(cast) -> None:
    """22:00-06:00 without a break is stored as two pieces, but judged as the 8 hours it is: 30 minutes
    deducted from the day it began, the break warnings there, and no rest warning between its halves.
    Across a month's end too (30 September to 1 October 2026)."""
    time_entry_create(by=cast.ada, start=at(23, 22), end=at(24, 6), now=NOW)
    sheet = month_sheet(cast.ada, date(2026, 11, 1))
    monday, tuesday = sheet.days[22], sheet.days[23]
    assert (monday.result.worked, monday.result.deducted) == (timedelta(hours=2), timedelta(minutes=30))
    assert {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK} <= set(monday.result.warnings)
    assert tuesday.result.credited == timedelta(hours=6) and Warning.REST_TOO_SHORT not in tuesday.result.warnings
    assert Warning.BREAK_TOO_SHORT not in tuesday.result.warnings
    assert sheet.totals["credited"] == timedelta(hours=7, minutes=30)
    time_entry_create(by=cast.ada, start=at(30, 22, month=9), end=at(1, 6, month=10), now=NOW)
    september = month_sheet(cast.ada, date(2026, 9, 1)).days[-1]
    october = month_sheet(cast.ada, date(2026, 10, 1)).days[0]
    assert september.result.deducted == timedelta(minutes=30) and Warning.BREAK_TOO_SHORT in september.result.warnings
    assert october.result.credited == timedelta(hours=6) and october.result.warnings == [Warning.OUTSIDE_FRAME]


def test_council_report_cannot_be_traced_back_to_names(client, cast, settings) -> None:
    """Sorted by pseudonym (not in address-book order), only people with warnings, and no unit small enough
    to identify someone: SG-A (3 people) and SG-B (Carl alone) are counted with FB, SG-X (7) stands alone."""
    from timekeeping.worktime.council_report import pseudonym

    settings.COUNCIL_REPORT_MIN_GROUP = 5
    council = make_user(username="paula", roles=("council",), org_unit=cast.sg_x)
    for person in (cast.ada, cast.carl, cast.dan, cast.frank):
        record(person, 2, (7, 0), (18, 0))  # 11 hours without a break
    client.force_login(council)
    response = client.get("/arbeitszeit/personalrat/", {"month": "2026-11", "format": "csv"})
    rows = [row.split(";") for row in b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]]
    flagged = {cast.ada: "FB", cast.carl: "FB", cast.frank: "FB", cast.dan: "SG-X"}
    assert rows == sorted(rows)  # by pseudonym
    assert {(row[0], row[1]) for row in rows} == {(pseudonym(p.pk), unit) for p, unit in flagged.items()}
    page = client.get("/arbeitszeit/personalrat/", {"month": "2026-11"}).content.decode()
    tables = page.split("</form>")[-1]  # (the unit menu above names every unit)
    assert "FB" in tables and "SG-A" not in tables and "SG-B" not in tables
    assert pseudonym(cast.ben.pk) not in page  # no warning: not listed
    # Asking for SG-A alone (3 people) shows nobody's line: the group is too small.
    for format in ("", "csv"):
        response = client.get("/arbeitszeit/personalrat/", {"month": "2026-11", "unit": cast.sg_a.pk,
                                                           "format": format})
        body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        assert pseudonym(cast.ada.pk) not in body
    page = client.get("/arbeitszeit/personalrat/", {"month": "2026-11", "unit": cast.sg_a.pk}).content.decode()
    assert "3 Personen werden nicht gezeigt" in page
    settings.COUNCIL_REPORT_MIN_GROUP = 1
    page = client.get("/arbeitszeit/personalrat/", {"month": "2026-11"}).content.decode()
    assert "SG-A" in page.split("</form>")[-1] and pseudonym(cast.ada.pk) in page


def test_removing_a_period_asks_first_and_changes_nothing_until_confirmed(client, cast) -> None:
    (entry,) = record(cast.ada, 23, (8, 0), (12, 0))
    client.force_login(cast.ada)
    asked = client.post(f"/arbeitszeit/eintraege/{entry.pk}/loeschen/")
    page = asked.content.decode()
    assert asked.status_code == 200 and "Diesen Zeitraum entfernen?" in page
    assert "von 08:00 bis 12:00 Uhr am 23.11.2026" in page and "/arbeitszeit/2026-11/" in page  # the way back
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    assert client.post(f"/arbeitszeit/eintraege/{entry.pk}/loeschen/", {"confirm": "yes"}).status_code == 302
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(("today", "clocked_in", "shown"), [
    (date(2026, 11, 20), False, "Ein Monat kann ab seinem letzten Tag eingereicht werden."),
    (date(2026, 11, 30), True, "Bitte stempeln Sie zuerst aus."),
    (date(2026, 11, 30), False, None),
])
def test_the_submit_button_shows_only_when_the_month_may_be_submitted(client, cast, today, clocked_in,
                                                                       shown) -> None:
    from unittest import mock

    record(cast.ada, 2, (8, 0), (12, 0))
    if clocked_in:
        clock_in(by=cast.ada, now=at(30, 7, 0))
    client.force_login(cast.ada)
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        page = client.get("/arbeitszeit/2026-11/").content.decode()
        assert ("Monat zur Abzeichnung einreichen" in page) is (shown is None)
        if shown:
            assert shown in page
        else:
            month_submit(by=cast.ada, month=date(2026, 11, 1), today=today)
            page = client.get("/arbeitszeit/2026-11/").content.decode()
            assert "Monat zur Abzeichnung einreichen" not in page  # submitted: not again
