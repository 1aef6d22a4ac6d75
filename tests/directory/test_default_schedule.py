"""People who come from the directory get working hours: the directory's where it keeps them, else the
default of their status group, marked for HR until HR enters theirs. (No directory server is needed: the
sign-in's sync step is given the entry the directory would answer.)"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from directory import ldap
from directory.models import Employment, ScheduleSource
from directory.sync import person_sign_in_from_directory
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import leave_request_create
from timekeeping.worktime.timesheet import month_sheet

CONFIG = ldap.LdapConfig(uri="ldap://directory.invalid", bind_dn="", bind_password="", user_base="dc=stadt,dc=de",
                         group_base="dc=stadt,dc=de", flavour="openldap", attrs=dict(ldap.PRESETS["openldap"]),
                         role_groups={}, unit_source="department")


def entry(username: str, **kw: str) -> ldap.LdapPerson:
    return ldap.LdapPerson(dn=f"uid={username},dc=stadt,dc=de", guid=f"guid-{username}", username=username,
                           first_name="Neu", last_name=username.title(), **kw)


def a_working_monday() -> date:
    """A Monday of this year away from the holidays around New Year."""
    first = date(timezone.localdate().year, 1, 8)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def test_a_new_person_gets_the_default_of_their_status_group_and_can_report_sick(db, cast) -> None:
    user = person_sign_in_from_directory(config=CONFIG, person=entry("nina"))
    (row,) = Employment.objects.filter(user=user)
    assert (row.weekly_hours, row.working_weekdays, row.source) == (Decimal(39), "12345", ScheduleSource.DEFAULT)
    assert row.valid_from == date(timezone.localdate().year, 1, 1)
    monday = a_working_monday()
    sheet = month_sheet(user, monday.replace(day=1))
    assert next(d.target for d in sheet.days if d.date == monday) == timedelta(hours=39) / 5
    sick = leave_request_create(by=user, leave_type=LeaveType.objects.get(code="krankheit"), start=monday,
                                end=monday, today=monday)
    assert sick.days == 1
    # A second sign-in changes nothing; a civil servant gets 41 hours.
    person_sign_in_from_directory(config=CONFIG, person=entry("nina"))
    assert Employment.objects.filter(user=user).count() == 1
    beamter = person_sign_in_from_directory(config=CONFIG, person=entry("bernd", status_group="Beamte"))
    assert beamter.status_group == "beamte"
    assert beamter.employments.get().weekly_hours == 41


def test_the_directory_schedule_wins_over_the_default_but_never_over_hr(db, cast, settings) -> None:
    user = person_sign_in_from_directory(config=CONFIG, person=entry("paula", weekly_hours="19,5",
                                                                     working_weekdays="4321"))
    row = user.employments.get()
    assert (row.weekly_hours, row.working_weekdays, row.source) == (Decimal("19.5"), "1234", ScheduleSource.DIRECTORY)
    # Nonsense in the directory falls back to the default.
    odd = person_sign_in_from_directory(config=CONFIG, person=entry("otto", weekly_hours="viel",
                                                                    working_weekdays="99"))
    assert (odd.employments.get().weekly_hours, odd.employments.get().source) == (39, ScheduleSource.DEFAULT)
    # The directory fills in a default row later on; once HR has entered the schedule, HR's row stays.
    person_sign_in_from_directory(config=CONFIG, person=entry("otto", weekly_hours="30"))
    assert (odd.employments.get().weekly_hours, odd.employments.get().source) == (30, ScheduleSource.DIRECTORY)
    odd.employments.update(weekly_hours=Decimal(25), source=ScheduleSource.HR)
    person_sign_in_from_directory(config=CONFIG, person=entry("otto", weekly_hours="30"))
    assert (odd.employments.get().weekly_hours, odd.employments.get().source) == (25, ScheduleSource.HR)
    settings.DEFAULT_WEEKLY_HOURS = {**settings.DEFAULT_WEEKLY_HOURS, "tarif": "38.5"}
    assert person_sign_in_from_directory(config=CONFIG, person=entry("theo")).employments.get().weekly_hours == \
        Decimal("38.5")


def test_hr_sees_who_runs_on_the_default_and_sets_their_entitlement(client, db, cast) -> None:
    from timekeeping.leave.models import LeaveBucket

    nina = person_sign_in_from_directory(config=CONFIG, person=entry("nina"))
    person_sign_in_from_directory(config=CONFIG, person=entry("paula", weekly_hours="19.5"))
    client.force_login(cast.hanna)
    page = client.get("/abwesenheiten/verwaltung/").content.decode()
    assert "Zu prüfende Arbeitszeiten" in page
    # The list of people on the default (HR's absence form above names everyone in its person menu).
    listed = page.split('id="default-heading"')[1].split("</section>")[0]
    assert "Neu Nina" in listed and "Neu Paula" not in listed
    year = timezone.localdate().year
    client.post("/abwesenheiten/verwaltung/", {"action": "grant", "year": year})
    assert sum(b.days for b in LeaveBucket.objects.filter(person=nina, year=year)) == 30


@pytest.fixture(autouse=True)
def _no_directory_server(settings) -> None:
    settings.LDAP_SERVER_URI = ""  # nothing here may reach for a server
