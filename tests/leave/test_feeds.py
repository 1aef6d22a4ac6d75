"""Absence feeds: tokens, two independent parsers, privacy of reasons, cancellations, 304."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
import vobject
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from directory.feeds import feed_token_renew, feed_token_revoke, feed_url
from intranet.approvals.workflow import step_decide
from tests.fixtures.world import working_day
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import entitlement_grant, leave_cancel, leave_request_create

# Around the day the tests run: the feeds show what lies within their window from today.
TODAY = timezone.localdate()


def week_ahead() -> date:
    """The Monday three weeks on, or four where that week runs into the next year (a request per year)."""
    monday = TODAY - timedelta(days=TODAY.weekday()) + timedelta(weeks=3)
    return monday if monday.year == (monday + timedelta(days=4)).year else monday + timedelta(weeks=1)


@pytest.fixture
def absences(cast):
    for year in {working_day(TODAY, -1).year, TODAY.year, week_ahead().year}:
        entitlement_grant(person=cast.ada, year=year)
    leave = leave_request_create(by=cast.ada, leave_type=LeaveType.objects.get(code="erholungsurlaub"),
                                 start=week_ahead(), end=week_ahead() + timedelta(days=4), today=TODAY)
    step_decide(by=cast.ben, step_id=leave.approval.steps.get().pk, approve=True)
    sick = working_day(TODAY, -1)
    leave_request_create(by=cast.ada, leave_type=LeaveType.objects.get(code="krankheit"),
                         start=sick, end=sick, today=TODAY)
    return leave


def path_of(url: str) -> str:
    return url.split("8000", 1)[1]


def show_types(person) -> None:
    """The person's opt-in (settings page): their own feed names the type of each absence."""
    person.feed_shows_absence_type = True
    person.save(update_fields=["feed_shows_absence_type"])


def test_personal_feed_parses_with_two_parsers(client, cast, absences) -> None:
    show_types(cast.ada)
    feed_token_renew(user=cast.ada)
    response = client.get(path_of(feed_url(cast.ada, "persoenlich")))  # no session: the token is enough
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    vacation = events["Erholungsurlaub"]
    assert vacation["dtstart"].dt == week_ahead()
    assert vacation["dtend"].dt == week_ahead() + timedelta(days=5)  # exclusive end
    assert str(vacation["uid"]) == f"leave-{absences.pk}@127.0.0.1:8000"
    parsed = vobject.readOne(response.content.decode())
    assert sorted(e.summary.value for e in parsed.vevent_list) == ["Erholungsurlaub", "Krankheit"]


def test_personal_feed_says_absent_unless_the_person_chose_to_show_the_type(client, cast, absences) -> None:
    """Feed addresses end up in external calendar services: by default the own feed says only "abwesend";
    the type (Krankheit!) only after the person switched it on in the settings."""
    feed_token_renew(user=cast.ada)
    url = path_of(feed_url(cast.ada, "persoenlich"))
    first = client.get(url)
    body = first.content.decode()
    assert "Krankheit" not in body and "Erholungsurlaub" not in body
    assert [str(e["summary"]) for e in icalendar.Calendar.from_ical(first.content).walk("VEVENT")] == [
        "abwesend", "abwesend"]
    signed_in = Client()
    signed_in.force_login(cast.ada)
    assert 'name="feed_shows_absence_type"' in signed_in.get("/einstellungen/").content.decode()
    signed_in.post("/einstellungen/", {"language": "", "approval_mail": "immediate",
                                       "feed_shows_absence_type": "on"})
    cast.ada.refresh_from_db()
    assert cast.ada.feed_shows_absence_type
    again = client.get(url, headers={"If-None-Match": first["ETag"]})  # the content changed: no 304
    assert again.status_code == 200
    assert sorted(str(e["summary"]) for e in icalendar.Calendar.from_ical(again.content).walk("VEVENT")) == [
        "Erholungsurlaub", "Krankheit"]


def test_cancelled_leave_is_sent_as_cancelled_with_a_higher_sequence(client, cast, absences) -> None:
    show_types(cast.ada)
    feed_token_renew(user=cast.ada)
    url = path_of(feed_url(cast.ada, "persoenlich"))
    before = icalendar.Calendar.from_ical(client.get(url).content)
    first_sequence = next(e for e in before.walk("VEVENT") if e["summary"] == "Erholungsurlaub")["sequence"]
    leave = leave_cancel(by=cast.ada, leave_id=absences.pk, today=TODAY)
    step_decide(by=cast.ben, step_id=leave.cancellation.steps.get().pk, approve=True)
    after = icalendar.Calendar.from_ical(client.get(url).content)
    event = next(e for e in after.walk("VEVENT") if e["summary"] == "Erholungsurlaub")
    assert event["status"] == "CANCELLED"
    assert event["sequence"] > first_sequence


def test_team_feed_is_for_supervisors_and_says_only_absent(client, cast, absences) -> None:
    """The team feed needs no sign-in and its address ends up in calendar services: never a reason."""
    show_types(cast.ada)  # her own choice is for her own feed only
    feed_token_renew(user=cast.ben)
    response = client.get(path_of(feed_url(cast.ben, "team-abwesenheiten")))
    cal = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(e["summary"]) for e in cal.walk("VEVENT")) == ["Ada Arendt: abwesend", "Ada Arendt: abwesend"]
    assert b"krank" not in response.content.lower() and b"Erholungsurlaub" not in response.content
    feed_token_renew(user=cast.dan)
    assert client.get(path_of(feed_url(cast.dan, "team-abwesenheiten"))).status_code == 404


def test_renewed_or_revoked_tokens_stop_working(client, cast, absences) -> None:
    feed_token_renew(user=cast.ada)
    old = path_of(feed_url(cast.ada, "persoenlich"))
    feed_token_renew(user=cast.ada)
    assert client.get(old).status_code == 404
    new = path_of(feed_url(cast.ada, "persoenlich"))
    assert client.get(new).status_code == 200
    feed_token_revoke(user=cast.ada)
    assert client.get(new).status_code == 404
    assert client.get("/feeds/1-0000/persoenlich.ics").status_code == 404
    assert client.get("/feeds/nonsense/persoenlich.ics").status_code == 404


@pytest.mark.parametrize("url", [
    "/feeds/%C2%B2-abc/persoenlich.ics",       # '²' passes isdigit(), int() refuses it
    "/buchen/tuer/%C2%B2-x/",
    "/buchen/kalender/%C2%B2-abc.ics",
    "/feeds/12345678901234567890123-abc/persoenlich.ics",  # beyond every database's integer
    "/buchen/tuer/12345678901234567890123-x/",
    "/buchen/kalender/%D9%A3-abc.ics",          # an Arabic-Indic three
])
def test_a_mistyped_token_address_is_not_found_never_an_error(db, settings, url: str) -> None:
    from django.test import Client

    settings.DEBUG = False
    assert Client(raise_request_exception=False).get(url).status_code == 404


def test_unchanged_feed_answers_304(client, cast, absences) -> None:
    feed_token_renew(user=cast.ada)
    url = path_of(feed_url(cast.ada, "persoenlich"))
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_me_names_the_personal_feed_and_preferences_show_it(client, cast, absences) -> None:
    api = APIClient()
    api.force_authenticate(cast.ada)
    assert api.get("/api/v1/me/").json()["calendar_feed_url"] is None
    client.force_login(cast.ada)
    client.post("/einstellungen/kalender/renew/")
    url = api.get("/api/v1/me/").json()["calendar_feed_url"]
    assert url.endswith("/persoenlich.ics")
    assert url in client.get("/einstellungen/").content.decode()
    assert client.post("/einstellungen/kalender/whatever/").status_code == 404
    assert client.get("/einstellungen/kalender/renew/").status_code == 405
