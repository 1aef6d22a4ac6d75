"""The rendered feed body is kept under its version: built once, never stale, never another person's."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.feeds import feed_token_renew, feed_url
from reservations.services import Request, booking_cancel, booking_create
from tests.factories import make_resource


def path_of(url: str) -> str:
    return url.split("8000", 1)[1]


def queries(client, path: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content, len(captured.captured_queries)


def test_the_body_is_built_once_per_version_and_never_stale(client, cast) -> None:
    room = make_resource(name="Sitzungsraum")
    start = datetime.combine(timezone.localdate() + timedelta(days=2), time(9), tzinfo=timezone.get_current_timezone())
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=start, end=start + timedelta(hours=1),
                                                         title="Runde"))
    feed_token_renew(user=cast.ada)
    path = path_of(feed_url(cast.ada, "persoenlich"))
    first, built = queries(client, path)
    again, cached = queries(client, path)  # a client that sends no If-None-Match
    assert again == first and b"Runde" in first
    assert cached < built
    assert cached == 2  # only the token and the version of both sources (one query: rows_versions)
    booking_create(by=cast.ada, wanted=Request(resource=room, start=start + timedelta(hours=2),
                                               end=start + timedelta(hours=3), title="Nachtrag"))
    assert b"Nachtrag" in client.get(path).content  # a new booking: a new version, a new body
    assert b"STATUS:CANCELLED" not in client.get(path).content
    booking_cancel(by=cast.ada, booking_id=booking.pk)  # the same number of rows, one of them changed
    assert b"STATUS:CANCELLED" in client.get(path).content


def test_a_change_committed_after_a_later_one_makes_a_new_version(client, cast) -> None:
    """A change whose transaction commits after another's carries the earlier stamp (intranet.core.versions):
    its feed must not stay the one cached before it, nor answer 304."""
    from reservations.models import Booking

    room = make_resource(name="Sitzungsraum")
    start = datetime.combine(timezone.localdate() + timedelta(days=2), time(9), tzinfo=timezone.get_current_timezone())
    first, later = (booking_create(by=cast.ada, wanted=Request(resource=room, start=start + timedelta(hours=n),
                                                               end=start + timedelta(hours=n + 1), title=title))
                    for n, title in ((0, "Runde"), (2, "Nachtrag")))
    feed_token_renew(user=cast.ada)
    path = path_of(feed_url(cast.ada, "persoenlich"))
    etag = client.get(path)["ETag"]
    Booking.objects.filter(pk=first.pk).update(
        title="Neue Runde", updated_at=first.updated_at + (later.updated_at - first.updated_at) / 2)
    answer = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200 and b"Neue Runde" in answer.content


def test_two_people_with_the_same_version_get_their_own_feed(client, cast) -> None:
    for person in (cast.ada, cast.dan):
        feed_token_renew(user=person)
    ada, dan = (client.get(path_of(feed_url(p, "persoenlich"))) for p in (cast.ada, cast.dan))
    assert ada["ETag"] != dan["ETag"]  # both empty, yet each its own fingerprint
    assert cast.ada.display_name.encode() in ada.content and cast.dan.display_name.encode() in dan.content
    assert cast.ada.display_name.encode() not in dan.content


def test_a_renamed_owner_and_a_changed_team_make_a_new_feed(client, cast) -> None:
    feed_token_renew(user=cast.ben)  # Ben leads SG-A: Ada is in his team
    team = path_of(feed_url(cast.ben, "team-abwesenheiten"))
    before = client.get(team)
    cast.ada.org_unit = cast.sg_b  # Ada leaves the team; nobody's absences changed
    cast.ada.save(update_fields=["org_unit"])
    assert client.get(team)["ETag"] != before["ETag"]
    personal = path_of(feed_url(cast.ben, "persoenlich"))
    first = client.get(personal)
    cast.ben.last_name = "Neumann"
    cast.ben.save(update_fields=["last_name"])
    renamed = client.get(personal)
    assert renamed["ETag"] != first["ETag"] and b"Neumann" in renamed.content


def test_the_versions_of_several_sets_in_one_query_are_each_set_s_own(cast, django_assert_num_queries) -> None:
    """rows_versions answers what rows_version answers for each set, an empty one included, in one query."""
    from intranet.core.versions import rows_version, rows_versions
    from reservations.models import Booking
    from timekeeping.leave.models import LeaveRequest

    room = make_resource(name="Besprechung 2")
    start = datetime.combine(timezone.localdate() + timedelta(days=3), time(9), tzinfo=timezone.get_current_timezone())
    for hour in (0, 2):
        booking_create(by=cast.ada, wanted=Request(resource=room, start=start + timedelta(hours=hour),
                                                   end=start + timedelta(hours=hour + 1), title="Runde"))
    sets = (Booking.objects.filter(booker=cast.ada).select_related("resource"), LeaveRequest.objects.none(),
            LeaveRequest.objects.filter(person=cast.ada), Booking.objects.filter(booker=cast.ben))
    expected = [rows_version(rows) for rows in sets]
    assert expected[0].rows == 2 and expected[3].rows == 0
    with django_assert_num_queries(1):
        assert rows_versions(*sets) == expected
