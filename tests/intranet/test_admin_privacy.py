"""Administrators run the system: they see metadata, never the content of personal records (requests,
their attachments, travel claims, absences, time). Those are for the person, their approvers and HR; in
the Django admin the personal records are for HR only, even for a superuser who is not HR (the local
emergency administrator is one)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from intranet.approvals.models import ApprovalRequest
from tests.fixtures.world import working_day
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import leave_request_create
from timekeeping.travel.models import Trip

# The Django admin's pages of personal records: absences, entitlements, expiry notices, month closings.
PERSONAL_ADMIN_PAGES = ["/admin/leave/leaverequest/", "/admin/leave/leavebucket/",
                        "/admin/leave/expirynotice/", "/admin/worktime/monthclosing/"]


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def superuser_admin(world):
    """Ali as the sync makes an administrator (and as `createsuperuser` makes the emergency one)."""
    ali = world.cast.ali
    ali.is_staff = ali.is_superuser = True
    ali.save(update_fields=["is_staff", "is_superuser"])
    return ali


def test_an_administrator_does_not_read_requests_their_attachments_trips_or_claims(world, superuser_admin) -> None:
    ali = signed_in(superuser_admin)
    trip = Trip.objects.get(pk=world.ids["trip"])
    claim_request = ApprovalRequest.objects.filter(requester=world.cast.ada, kind="trip_claim").get()
    for url in [f"/antraege/{world.ids['request']}/", f"/antraege/{world.ids['request']}/anhang/",
                f"/antraege/{trip.approval_id}/", f"/antraege/{claim_request.pk}/",
                f"/api/v1/requests/{world.ids['request']}/"]:
        response = ali.get(url)
        assert response.status_code == 404, url  # an object the caller may not see (design.md)
        assert b"tagung.pdf" not in response.content and b"Kassel" not in response.content
    assert ali.get("/antraege/alle/").status_code == 403
    # HR still reads them all.
    hanna = signed_in(world.cast.hanna)
    assert hanna.get(f"/antraege/{world.ids['request']}/anhang/").status_code == 200
    assert "tagung.pdf" in hanna.get(f"/antraege/{claim_request.pk}/").content.decode()


def test_the_django_admin_shows_personal_records_to_hr_only(world, superuser_admin) -> None:
    ada = world.cast.ada
    sick = working_day(timezone.localdate(), -1)
    leave_request_create(by=ada, leave_type=LeaveType.objects.get(code="krankheit"), start=sick, end=sick)
    ali = signed_in(superuser_admin)
    index = ali.get("/admin/").content.decode()
    assert "/admin/leave/leavetype/" in index  # the system's settings: still the administrator's
    for url in PERSONAL_ADMIN_PAGES:
        assert url not in index
        assert ali.get(url).status_code == 403, url
    hanna = world.cast.hanna
    hanna.is_staff = True
    hanna.save(update_fields=["is_staff"])
    page = signed_in(hanna).get("/admin/leave/leaverequest/").content.decode()
    assert "Ada Arendt" in page and "Krankheit" in page
    for url in PERSONAL_ADMIN_PAGES:
        assert signed_in(hanna).get(url).status_code == 200, url
