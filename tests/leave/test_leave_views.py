"""Leave pages and API over HTTP: the contract, the privacy of reasons, exports."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from rest_framework.test import APIClient

from timekeeping.leave.models import LeaveRequest, LeaveType
from timekeeping.leave.services import entitlement_grant, leave_request_create

TODAY = date(2026, 11, 2)


@pytest.fixture
def granted(cast):
    for person in (cast.ada, cast.ben, cast.bea, cast.dan):
        entitlement_grant(person=person, year=2026)
    return cast


@pytest.fixture(autouse=True)
def fixed_today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def sick(person, start=date(2026, 11, 2), end=date(2026, 11, 3)) -> LeaveRequest:
    return leave_request_create(by=person, leave_type=LeaveType.objects.get(code="krankheit"), start=start, end=end,
                                today=TODAY)


def test_overview_shows_balance_and_expiry(client, granted) -> None:
    client.force_login(granted.ada)
    page = client.get("/abwesenheiten/").content.decode()
    assert "30 Tage verfügbar" in page
    assert "gesetzlicher Mindesturlaub" in page


def test_request_leave_through_the_form(client, granted) -> None:
    client.force_login(granted.ada)
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    response = client.post("/abwesenheiten/neu/", {"leave_type": erholung.pk, "start": "2026-11-23",
                                                   "end": "2026-11-27", "substitute": granted.bea.pk})
    leave = LeaveRequest.objects.get()
    assert response["Location"] == f"/antraege/{leave.approval_id}/"
    assert (leave.days, leave.substitute) == (5, granted.bea)


def test_bad_input_keeps_what_was_typed(client, granted) -> None:
    client.force_login(granted.ada)
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    response = client.post("/abwesenheiten/neu/", {"leave_type": erholung.pk, "start": "2026-11-27",
                                                   "end": "2026-11-23", "comment": "Familienfeier"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in page and "Familienfeier" in page
    assert not LeaveRequest.objects.exists()


def test_live_quote(client, granted) -> None:
    client.force_login(granted.ada)
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    fragment = client.get("/abwesenheiten/vorschau/", {"leave_type": erholung.pk, "start": "2026-11-23",
                                                       "end": "2026-11-27"}, headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text
    assert "5 Urlaubstage" in text and "30 jetzt verfügbar, 25 nach diesem Antrag" in text
    text = client.get("/abwesenheiten/vorschau/", {"leave_type": erholung.pk, "start": "2026-11-28",
                                                   "end": "2026-11-29"}).content.decode()
    assert "kein Arbeitstag" in text


def test_team_calendar_shows_absent_but_the_reason_only_to_supervisors(client, granted) -> None:
    sick(granted.ada)
    client.force_login(granted.bea)  # a colleague in the unit... and its deputy head: a superior of Ada
    assert "krank" in client.get("/abwesenheiten/team/", {"month": "2026-11"}).content.decode()
    from tests.factories import make_user

    colleague = make_user(username="kollege", org_unit=granted.sg_a)
    client.force_login(colleague)
    page = client.get("/abwesenheiten/team/", {"month": "2026-11"}).content.decode()
    assert "abwesend" in page and "krank" not in page and "Krankheit" not in page
    client.force_login(granted.dan)
    assert client.get("/abwesenheiten/team/", {"unit": granted.sg_a.pk}).status_code == 403


def test_team_calendar_is_a_table_with_headers(client, granted) -> None:
    client.force_login(granted.ada)
    page = client.get("/abwesenheiten/team/", {"month": "2026-12"}).content.decode()
    assert 'scope="row">Ada Arendt</th>' in page
    assert page.count('scope="col"') == 32  # person + 31 days


def test_api_reasons_only_for_those_allowed(granted) -> None:
    sick(granted.ada)
    api = APIClient()
    from tests.factories import make_user

    colleague = make_user(username="kollege", org_unit=granted.sg_a)
    api.force_authenticate(colleague)
    (absence,) = api.get("/api/v1/absences/", {"unit": granted.sg_a.pk, "from": "2026-11-01"}).json()["results"]
    assert absence["reason"] == "absent"
    api.force_authenticate(granted.ben)
    (absence,) = api.get("/api/v1/absences/", {"unit": granted.sg_a.pk, "from": "2026-11-01"}).json()["results"]
    assert absence["reason"] == "sick"
    api.force_authenticate(granted.dan)
    assert api.get("/api/v1/absences/", {"unit": granted.sg_a.pk}).status_code == 403
    assert api.get("/api/v1/absences/", {"unit": "x"}).status_code == 400


def test_api_request_balance_and_cancel(granted) -> None:
    api = APIClient()
    api.force_authenticate(granted.ada)
    assert {t["code"] for t in api.get("/api/v1/leave-types/").json()} >= {"erholungsurlaub", "krankheit"}
    created = api.post("/api/v1/leave-requests/", {"leave_type": "erholungsurlaub", "start": "2026-11-23",
                                                   "end": "2026-11-27"}, format="json")
    assert created.status_code == 201 and created.json()["days"] == "5.0"
    assert api.get("/api/v1/leave-balance/", {"year": 2026}).json()["available"] == "25.0"
    bad = api.post("/api/v1/leave-requests/", {"leave_type": "erholungsurlaub", "start": "2026-11-25",
                                               "end": "2026-11-26"}, format="json")
    assert bad.status_code == 400 and "bereits einen Antrag" in bad.json()["start"][0]
    # Ben (supervisor) sees Ada's request; Dan does not.
    api.force_authenticate(granted.ben)
    assert api.get("/api/v1/leave-requests/").json()["count"] == 1
    api.force_authenticate(granted.dan)
    assert api.get("/api/v1/leave-requests/").json()["count"] == 0
    assert api.post(f"/api/v1/leave-requests/{created.json()['id']}/cancel/").status_code == 404
    api.force_authenticate(granted.ada)
    assert api.post(f"/api/v1/leave-requests/{created.json()['id']}/cancel/").json()["state"] == "withdrawn"


def test_hr_export_and_carry_over(client, granted) -> None:
    sick(granted.ada)
    client.force_login(granted.ben)
    assert client.get("/abwesenheiten/verwaltung/").status_code == 403
    client.force_login(granted.hanna)
    response = client.get("/abwesenheiten/verwaltung/export/", {"from": "2026-11-01", "to": "2026-11-30"})
    body = b"".join(response.streaming_content).decode()
    assert "Ada Arendt" in body and "Krankheit" in body
    xlsx = client.get("/abwesenheiten/verwaltung/export/", {"from": "2026-11-01", "to": "2026-11-30",
                                                            "format": "xlsx"})
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert client.get("/abwesenheiten/verwaltung/export/", {"from": "kaputt"}).status_code == 302



def test_carry_over_is_previewed_confirmed_and_only_after_the_year(client, granted) -> None:
    from timekeeping.leave.models import LeaveBucket

    client.force_login(granted.hanna)
    form = client.get("/abwesenheiten/verwaltung/").content.decode()
    assert 'name="year" value="2025"' in form  # last year is the one to carry over
    # Before the year has ended: a preview, and no button that would run it.
    page = client.post("/abwesenheiten/verwaltung/", {"action": "carry_over", "year": 2026}).content.decode()
    assert "120 Tage von 4 Personen" in page and "Vorschau" in page and 'name="confirm"' not in page
    response = client.post("/abwesenheiten/verwaltung/", {"action": "carry_over", "year": 2026, "confirm": "yes"},
                           follow=True)
    assert "sobald das Jahr vorbei ist" in response.content.decode()
    assert not LeaveBucket.objects.filter(kind="carried").exists()
    with mock.patch("django.utils.timezone.localdate", return_value=date(2027, 1, 4)):
        page = client.post("/abwesenheiten/verwaltung/", {"action": "carry_over", "year": 2026}).content.decode()
        assert "120 Tage von 4 Personen" in page and 'name="confirm" value="yes"' in page
        assert not LeaveBucket.objects.filter(kind="carried").exists()  # the preview changes nothing
        response = client.post("/abwesenheiten/verwaltung/",
                               {"action": "carry_over", "year": 2026, "confirm": "yes"}, follow=True)
        assert "Urlaub aus 2026 nach 2027 übertragen: 120 Tage für 4 Personen." in response.content.decode()
        response = client.post("/abwesenheiten/verwaltung/",
                               {"action": "carry_over", "year": 2026, "confirm": "yes"}, follow=True)
        assert "bereits übertragen; nichts geändert" in response.content.decode()
        page = client.post("/abwesenheiten/verwaltung/", {"action": "carry_over", "year": 2026}).content.decode()
        assert 'name="confirm"' not in page
    assert LeaveBucket.objects.filter(person=granted.ada, year=2027, kind="carried", days=30).exists()
    client.force_login(granted.ada)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 30)):
        page = client.get("/abwesenheiten/").content.decode()
    assert "Urlaub 2026" in page and "0 Tage verfügbar" in page and "Urlaub 2027" in page
    assert "60 Tage verfügbar" in page


UNIT = "Bitte wählen Sie eine Organisationseinheit aus der Liste."


@pytest.mark.parametrize(("params", "message"), [
    ({"unit": "abc"}, UNIT), ({"unit": "²"}, UNIT), ({"unit": "-1"}, UNIT), ({"unit": "9" * 30}, UNIT),
    ({"unit": "abc", "format": "sick"}, UNIT),
    ({"to": "99999-01-01"}, "Bitte wählen Sie ein Anfangs- und ein Enddatum."),
    ({"to": "2026-10-31"}, "Das Enddatum liegt vor dem Anfangsdatum.")])
def test_hr_export_with_a_mangled_address_says_so_and_exports_nothing(client, granted, params, message) -> None:
    client.force_login(granted.hanna)
    response = client.get("/abwesenheiten/verwaltung/export/", {"from": "2026-11-01", "to": "2026-11-30", **params},
                          follow=True)
    ((target, status),) = response.redirect_chain
    assert status == 302 and target.startswith("/abwesenheiten/verwaltung/?")
    page = response.content.decode()
    assert message in page
    assert 'value="2026-11-01"' in page  # the form as it was sent


@pytest.mark.parametrize("year", ["zwanzig", "20²6", "1999", "99999999999999999999"])
def test_carry_over_for_a_mangled_year_says_so_and_changes_nothing(client, granted, year) -> None:
    from timekeeping.leave.models import LeaveBucket

    client.force_login(granted.hanna)
    response = client.post("/abwesenheiten/verwaltung/", {"action": "carry_over", "year": year}, follow=True)
    assert "Bitte geben Sie ein Jahr zwischen 2000 und 2100 ein." in response.content.decode()
    assert not LeaveBucket.objects.filter(kind="carried").exists()


def test_leave_module_can_be_switched_off(client, granted, settings) -> None:
    settings.MODULES = ["addressbook"]
    client.force_login(granted.ada)
    assert client.get("/abwesenheiten/").status_code == 404
    assert APIClient().get("/api/v1/leave-types/").status_code == 401


def test_sick_days_report_is_for_hr_only(client, granted) -> None:
    sick(granted.ada, date(2026, 10, 30), date(2026, 11, 3))  # 5 calendar days, 3 of them in November
    sick(granted.ada, date(2026, 11, 10), date(2026, 11, 10))
    params = {"from": "2026-11-01", "to": "2026-11-30", "format": "sick"}
    client.force_login(granted.ben)
    assert client.get("/abwesenheiten/verwaltung/export/", params).status_code == 403
    client.force_login(granted.hanna)
    body = b"".join(client.get("/abwesenheiten/verwaltung/export/", params).streaming_content).decode()
    assert "Ada Arendt;2;4" in body


def test_bildungsurlaub_shows_the_legal_answer_deadline(client, granted) -> None:
    leave = leave_request_create(by=granted.ada, leave_type=LeaveType.objects.get(code="bildungsurlaub"),
                                 start=date(2027, 2, 1), end=date(2027, 2, 5), today=TODAY)
    client.force_login(granted.ben)
    page = client.get(f"/antraege/{leave.approval_id}/").content.decode()
    assert "Antwort fällig bis" in page


def test_api_leave_list_queries_do_not_grow_with_the_team(granted) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.models import User
    from tests.factories import make_user

    api = APIClient()

    def queries() -> int:
        api.force_authenticate(User.objects.get(pk=granted.ben.pk))  # a fresh user, as each request has
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/leave-requests/").status_code == 200
        return len(captured)

    sick(granted.ada)
    few = queries()
    for _ in range(4):  # more people in Ben's unit, each with an absence: the reason is checked per row
        sick(make_user(org_unit=granted.sg_a))
    assert queries() == few


def test_sickness_in_a_signed_off_month_over_the_api_and_the_flags_shown(client, granted) -> None:
    from tests.leave.test_leave_services import _signed_off_november, _worked_first_week_of_november

    _worked_first_week_of_november(granted.ada)
    closing = _signed_off_november(granted)
    api = APIClient()
    api.force_authenticate(granted.ada)
    body = {"leave_type": "krankheit", "start": "2026-11-02", "end": "2026-11-02"}
    refused = api.post("/api/v1/leave-requests/", body, format="json")  # today: 2 November, in the window
    assert refused.status_code == 400
    assert "abgezeichnet" in refused.json()["start"][0] and "Personalabteilung" in refused.json()["start"][0]
    assert not LeaveRequest.objects.exists()
    api.force_authenticate(granted.hanna)
    entered = api.post("/api/v1/leave-requests/", {**body, "end": "2026-11-06", "person": "ada"}, format="json")
    assert entered.status_code == 201 and entered.json()["state"] == "approved"
    assert entered.json()["person"]["username"] == "ada"
    closing.refresh_from_db()
    assert closing.credited_minutes == 0  # only the sick week had work in it, and it is not credited now
    # The person sees it on the month sheet, the approver on the sign-off.
    client.force_login(granted.ada)
    page = client.get("/arbeitszeit/2026-11/").content.decode()
    assert "An 5 Tagen ist neben einer Abwesenheit auch Arbeitszeit erfasst" in page
    client.force_login(granted.ben)
    page = client.get(f"/antraege/{closing.approval_id}/").content.decode()
    assert "An 5 Tagen ist neben einer Abwesenheit auch Arbeitszeit erfasst" in page
    api.force_authenticate(granted.ben)  # not HR
    assert api.post("/api/v1/leave-requests/", {**body, "person": "ada"}, format="json").status_code == 403


def test_reporting_sickness_during_approved_leave_over_the_api_and_the_form(client, granted) -> None:
    from intranet.approvals.models import StepState
    from intranet.approvals.workflow import step_decide

    api = APIClient()
    api.force_authenticate(granted.ada)
    leave = api.post("/api/v1/leave-requests/", {"leave_type": "erholungsurlaub", "start": "2026-11-23",
                                                 "end": "2026-11-25"}, format="json").json()
    approval = LeaveRequest.objects.get(pk=leave["id"]).approval
    step_decide(by=granted.ben, step_id=approval.steps.get(state=StepState.OPEN).pk, approve=True)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 24)):
        sick = api.post("/api/v1/leave-requests/", {"leave_type": "krankheit", "start": "2026-11-24",
                                                    "end": "2026-11-24"}, format="json")
        assert sick.status_code == 201, sick.json()
        assert sick.json()["certificate_due"] == "2026-11-25"
        assert api.get("/api/v1/leave-balance/", {"year": 2026}).json()["available"] == "28.0"
        client.force_login(granted.ada)
        response = client.post("/abwesenheiten/neu/", {"leave_type": LeaveType.objects.get(code="krankheit").pk,
                                                       "start": "2026-11-25", "end": "2026-11-25"}, follow=True)
        page = response.content.decode()
    assert "1 Tag Ihres Urlaubs vom 23.11.2026 bis 25.11.2026 geht an Ihr Urlaubskonto zurück" in page
    assert "Arbeitsunfähigkeitsbescheinigung bis zum 26.11.2026" in page
    assert LeaveRequest.objects.get(pk=leave["id"]).days == 1


ABSENCE_ENTER = "/abwesenheiten/verwaltung/abwesenheit/"


def test_hr_enters_a_sickness_in_a_signed_off_month_on_the_leave_admin_page(client, granted) -> None:
    from tests.leave.test_leave_services import _signed_off_november, _worked_first_week_of_november

    _worked_first_week_of_november(granted.ada)
    closing = _signed_off_november(granted)
    client.force_login(granted.hanna)
    assert "Abwesenheit für eine Person eintragen" in client.get("/abwesenheiten/verwaltung/").content.decode()
    response = client.post(ABSENCE_ENTER, {
        "person": granted.ada.pk, "leave_type": LeaveType.objects.get(code="krankheit").pk,
        "start": "2026-11-02", "end": "2026-11-06", "comment": "telefonisch gemeldet"})
    assert response.status_code == 302 and response["Location"] == "/abwesenheiten/verwaltung/"
    leave = LeaveRequest.objects.get()
    assert (leave.person, leave.state, leave.start, leave.end, leave.approval_id) == (
        granted.ada, "approved", date(2026, 11, 2), date(2026, 11, 6), None)
    closing.refresh_from_db()
    assert closing.credited_minutes == 0  # the sick week's work is no longer credited: the closing was recomputed
    page = client.get(response["Location"]).content.decode()
    assert f"für {granted.ada.display_name} vom 02.11.2026 bis 06.11.2026 eingetragen" in page


@pytest.mark.parametrize("who", ["ada", "ben"])
def test_only_hr_may_enter_an_absence_for_a_person(client, granted, who) -> None:
    client.force_login(getattr(granted, who))
    response = client.post(ABSENCE_ENTER, {
        "person": granted.ada.pk, "leave_type": LeaveType.objects.get(code="krankheit").pk,
        "start": "2026-10-01", "end": "2026-10-02"})
    assert response.status_code in (403, 404)
    assert not LeaveRequest.objects.exists()


def test_hr_absence_entry_with_a_bad_date_shows_the_form_again(client, granted) -> None:
    client.force_login(granted.hanna)
    body = {"person": granted.ada.pk, "leave_type": LeaveType.objects.get(code="krankheit").pk,
            "start": "2026-11-31", "end": "2026-12-01", "comment": "telefonisch gemeldet"}
    response = client.post(ABSENCE_ENTER, body)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte ein gültiges Datum eingeben." in page and "telefonisch gemeldet" in page
    refused = client.post(ABSENCE_ENTER, {**body, "start": "2026-11-27", "end": "2026-11-23"})  # the service says no
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in page and "telefonisch gemeldet" in page
    assert f'<option value="{granted.ada.pk}" selected>' in page
    assert not LeaveRequest.objects.exists()


def test_staff_cannot_request_leave_for_past_days_on_the_form_or_in_the_api(client, granted) -> None:
    """Annual leave for days that have passed could be requested (drawing on buckets expired since); HR
    enters such leave."""
    client.force_login(granted.ada)
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    page = client.post("/abwesenheiten/neu/", {"leave_type": erholung.pk, "start": "2026-10-26",
                                               "end": "2026-10-30"}).content.decode()
    assert "Urlaub kann ab heute (02.11.2026) beantragt werden" in page
    api = APIClient()
    api.force_authenticate(granted.ada)
    answer = api.post("/api/v1/leave-requests/", {"leave_type": "erholungsurlaub", "start": "2026-10-26",
                                                  "end": "2026-10-30"}, format="json")
    assert answer.status_code == 400 and "ab heute" in answer.json()["start"][0]
    assert not LeaveRequest.objects.exists()
    assert api.get("/api/v1/leave-balance/", {"year": 2026}).json()["expired"] == "0.0"


def test_request_page_names_who_else_is_away_as_the_viewer_may_read_it(client, granted) -> None:
    """The approver sees "krank" for a sick colleague, HR the type; the page's queries do not grow with
    the number of people away (the absences come with the page, the template tag reads no row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leave = leave_request_create(by=granted.ada, leave_type=LeaveType.objects.get(code="erholungsurlaub"),
                                 start=date(2026, 11, 9), end=date(2026, 11, 13), today=TODAY)
    sick(granted.bea, start=date(2026, 11, 9), end=date(2026, 11, 10))
    client.force_login(granted.ben)
    page = client.get(f"/antraege/{leave.approval_id}/").content.decode()
    assert "Bea Busch: 09.11.2026–10.11.2026 (krank)" in page
    with CaptureQueriesContext(connection) as one:
        client.get(f"/antraege/{leave.approval_id}/")
    sick(granted.ben, start=date(2026, 11, 11), end=date(2026, 11, 11))
    with CaptureQueriesContext(connection) as two:
        page = client.get(f"/antraege/{leave.approval_id}/").content.decode()
    assert "Ben Bauer: 11.11.2026–11.11.2026 (krank)" not in page  # Ben is not his own superior: he reads his own type
    assert "Ben Bauer: 11.11.2026–11.11.2026 (Krankheit)" in page
    assert len(two) == len(one)
    client.force_login(granted.hanna)
    page = client.get(f"/antraege/{leave.approval_id}/").content.decode()
    assert "Bea Busch: 09.11.2026–10.11.2026 (Krankheit)" in page


def test_cancelling_approved_leave_asks_first_and_changes_nothing_until_confirmed(client, granted) -> None:
    from intranet.approvals.models import StepState
    from intranet.approvals.workflow import step_decide

    erholung = LeaveType.objects.get(code="erholungsurlaub")
    leave = leave_request_create(by=granted.ada, leave_type=erholung, start=date(2026, 11, 23),
                                 end=date(2026, 11, 25), today=TODAY)
    step_decide(by=granted.ben, step_id=leave.approval.steps.get(state=StepState.OPEN).pk, approve=True)
    client.force_login(granted.ada)
    overview = client.get("/abwesenheiten/").content.decode()
    assert ">Stornieren</button>" in overview and ">Abbrechen</button>" not in overview
    asked = client.post(f"/abwesenheiten/{leave.pk}/stornieren/")
    page = asked.content.decode()
    assert asked.status_code == 200 and "Diese Abwesenheit stornieren?" in page
    assert "Erholungsurlaub vom 23.11.2026 bis 25.11.2026" in page and 'name="confirm" value="yes"' in page
    leave.refresh_from_db()
    assert leave.cancellation is None  # nothing asked of the supervisor yet
    confirmed = client.post(f"/abwesenheiten/{leave.pk}/stornieren/", {"confirm": "yes"})
    assert confirmed.status_code == 302
    leave.refresh_from_db()
    assert leave.cancellation is not None


def test_withdrawing_a_waiting_request_needs_no_confirmation(client, granted) -> None:
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    leave = leave_request_create(by=granted.ada, leave_type=erholung, start=date(2026, 11, 23),
                                 end=date(2026, 11, 25), today=TODAY)
    client.force_login(granted.ada)
    assert client.post(f"/abwesenheiten/{leave.pk}/stornieren/").status_code == 302
    leave.refresh_from_db()
    assert leave.state == "withdrawn"


def test_the_quote_counts_sickness_in_working_days_not_leave_days(client, granted) -> None:
    client.force_login(granted.ada)
    krankheit = LeaveType.objects.get(code="krankheit")
    text = client.get("/abwesenheiten/vorschau/", {"leave_type": krankheit.pk, "start": "2026-11-02",
                                                   "end": "2026-11-03"}).content.decode()
    assert "2 Arbeitstage" in text and "Urlaubstage" not in text
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    text = client.get("/abwesenheiten/vorschau/", {"leave_type": erholung.pk, "start": "2026-11-23",
                                                   "end": "2026-11-23"}).content.decode()
    assert "1 Urlaubstag " in text or "1 Urlaubstag<" in text


def test_a_request_summary_says_one_day_in_the_singular(granted) -> None:
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    one = leave_request_create(by=granted.ada, leave_type=erholung, start=date(2026, 11, 23), end=date(2026, 11, 23),
                               today=TODAY)
    three = leave_request_create(by=granted.ada, leave_type=erholung, start=date(2026, 11, 24),
                                 end=date(2026, 11, 26), today=TODAY)
    assert one.approval.summary.endswith("(1 Tag)") and three.approval.summary.endswith("(3 Tage)")


def test_the_phone_list_of_the_team_calendar_names_only_who_is_away(client, granted) -> None:
    sick(granted.ada)
    client.force_login(granted.bea)
    page = client.get("/abwesenheiten/team/", {"month": "2026-11"}).content.decode()
    phone_list = page[page.index('<ul class="calendar-list">'):]
    phone_list = phone_list[:phone_list.index("</ul>")]
    assert phone_list.count("<li>") == 1 and "Ada Arendt" in phone_list and "anwesend" not in phone_list
    empty = client.get("/abwesenheiten/team/", {"month": "2026-12"}).content.decode()
    assert "In diesem Monat ist niemand abwesend." in empty and "anwesend</li>" not in empty


def test_one_day_is_singular_in_the_expiry_mail(db) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from timekeeping.leave.templatetags.leave import days_plural

    with translation.override("de"):
        subject = render_to_string("emails/leave_expiry_subject.txt",
                                   {"days": "1", "count": 1, "expires_on": date(2027, 3, 31)})
        assert subject.strip() == "1 Tag Urlaub verfällt am 31.03.2027"
    assert (days_plural("1"), days_plural("0.5"), days_plural("2.0")) == (1, 2, 2)  # the overview's count


def test_the_request_page_counts_working_days_for_absences_that_are_not_leave(client, granted) -> None:
    sonder = LeaveType.objects.get(code="sonderurlaub")
    leave = leave_request_create(by=granted.ada, leave_type=sonder, start=date(2026, 11, 23), end=date(2026, 11, 24),
                                 today=TODAY)
    client.force_login(granted.ada)
    page = client.get(f"/antraege/{leave.approval_id}/").content.decode()
    assert "<dt>Arbeitstage</dt>" in page and "<dt>Urlaubstage</dt>" not in page


def test_the_dashboard_counts_the_days_available_with_the_right_plural(client, granted) -> None:
    client.force_login(granted.ada)
    assert "30 Tage verfügbar" in client.get("/").content.decode()
