"""The benchmark's data set, built fast (bulk inserts and set-based SQL) at a given scale.

FULL is the city: 5,000 staff in 300 units, 200 rooms and 40 cars with 100,000 bookings, a year of
working time (two periods a working day), leave, trips, and an inbox of open requests. SMALL is the
same shape a hundred times smaller, to prove that the pages' query counts do not grow with the data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Scale:
    staff: int
    units: int
    rooms: int
    cars: int
    bookings: int
    trips: int
    worked_days: int  # days back with working time
    # The measured person's own records. Every list a page shows is longer in FULL than in SMALL, so
    # equal query counts prove that queries do not grow with the rows shown.
    own_bookings: int  # also the personal feed
    own_requests: int
    own_trips: int
    own_trainings: int
    own_series: int
    open_requests: int  # in the measured supervisor's inbox


FULL = Scale(staff=5000, units=300, rooms=200, cars=40, bookings=100_000, trips=5000, worked_days=365,
             own_bookings=1000, own_requests=20, own_trips=12, own_trainings=10, own_series=8, open_requests=30)
SMALL = Scale(staff=50, units=5, rooms=4, cars=2, bookings=400, trips=50, worked_days=10,
              own_bookings=10, own_requests=2, own_trips=1, own_trainings=1, own_series=1, open_requests=3)


FIRST_NAMES = ["Anna", "Ben", "Cem", "Dora", "Emil", "Frieda"]


def session_for(user) -> str:
    session = SessionStore()
    session.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "directory.backends.LocalAccountBackend",
                    "_auth_user_hash": user.get_session_auth_hash()})
    session.create()
    return session.session_key


def build(scale: Scale) -> dict:
    """Migrate an empty database and fill it; returns what the measurements need (ids, sessions, token)."""
    from directory.feeds import feed_token_renew, token_string
    from directory.models import Employment, OrgUnit, User
    from intranet.approvals.general_requests import general_request_create
    from reservations.models import Booking, Resource, Series
    from timekeeping.leave.models import LeaveBucket, LeaveRequest, LeaveType
    from timekeeping.travel.models import Training, Trip

    rng = random.Random(7)
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    zone = timezone.get_current_timezone()

    departments = max(1, scale.units // 15)
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"FB{n}", name=f"Fachbereich {n}", kind="fachbereich") for n in range(departments))
    units += OrgUnit.objects.bulk_create(
        OrgUnit(code=f"SG{n}", name=f"Sachgebiet {n}", kind="sachgebiet", parent=units[n % departments])
        for n in range(scale.units - departments))
    people = [User(username=f"u{n:05d}", first_name=rng.choice(FIRST_NAMES), last_name=f"Name{n:05d}",
                   email=f"u{n:05d}@stadt.example", org_unit=units[n % len(units)],
                   personnel_number=str(100000 + n), password="!") for n in range(scale.staff)]
    for person in people:  # what save() would do: the address book searches this column
        person.refresh_search_text()
    people = User.objects.bulk_create(people)
    Employment.objects.bulk_create(Employment(user=u, valid_from=date(2020, 1, 1), weekly_hours=Decimal(39))
                                   for u in people)
    for unit in units:  # the first member of each unit leads it
        unit.head = people[units.index(unit)]
    OrgUnit.objects.bulk_update(units, ["head"])
    chief = people[departments]  # heads the first Sachgebiet: a team of staff / units people
    hr = people[-1]
    hr.groups.add(Group.objects.get_or_create(name="hr")[0])

    # A year of working time, two periods a working day, for everyone: set-based, in the database.
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO timekeeping_timeentry (person_id, start, "end", mobile, note, created_at, updated_at)
            SELECT u.id, (d + t.s) AT TIME ZONE 'Europe/Berlin', (d + t.e) AT TIME ZONE 'Europe/Berlin',
                   false, '', now(), now()
            FROM directory_user u
            CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d
            CROSS JOIN (VALUES (time '07:30', time '11:45'), (time '12:15', time '16:00')) t(s, e)
            WHERE extract(isodow FROM d) < 6""", [today - timedelta(days=scale.worked_days), today - timedelta(days=1)])

    erholung = LeaveType.objects.get(code="erholungsurlaub")
    LeaveBucket.objects.bulk_create(LeaveBucket(person=u, year=today.year, kind="statutory", days=20,
                                                expires_on=date(today.year + 1, 3, 31)) for u in people)
    leave = []
    for person in people:
        for offset in (-rng.randrange(14, 74), rng.randrange(60)):  # one past and one coming week off
            start = today + timedelta(days=offset)
            start -= timedelta(days=start.weekday())
            leave.append(LeaveRequest(person=person, leave_type=erholung, start=start, end=start + timedelta(days=4),
                                      days=5, state="approved"))
    LeaveRequest.objects.bulk_create(leave, batch_size=5000)

    resources = Resource.objects.bulk_create(
        [Resource(kind="room", name=f"Raum {n:03d}", capacity=4 + n % 30) for n in range(scale.rooms)]
        + [Resource(kind="car", name=f"Wagen {n:02d}", licence_plate=f"MS-X {n}", max_minutes=3 * 24 * 60)
           for n in range(scale.cars)])
    bookings, slots = [], [(day, hour) for day in range(-180, 181) for hour in (8, 10, 13, 15)]
    for index, resource in enumerate(resources):  # the remainder one each to the first resources
        per_resource = scale.bookings // len(resources) + (index < scale.bookings % len(resources))
        for day, hour in rng.sample(slots, per_resource):
            start = datetime.combine(today + timedelta(days=day), time(hour), tzinfo=zone)
            booker = people[rng.randrange(len(people))]
            bookings.append(Booking(resource=resource, title=f"Termin {len(bookings)}", start=start,
                                    end=start + timedelta(hours=1), occupied_until=start + timedelta(hours=1),
                                    booker=booker, driver=booker if resource.kind == "car" else None))
    Booking.objects.bulk_create(bookings, batch_size=5000)
    # The measured person's own bookings, all within what a calendar feed shows (from a month ago on).
    own = list(Booking.objects.filter(start__gte=timezone.now() - timedelta(days=30), resource__kind="room")
               .order_by("?").values_list("pk", flat=True)[:scale.own_bookings])
    Booking.objects.filter(pk__in=own).update(booker=chief)

    trips = []
    travellers = [p for p in people if p.pk != chief.pk]
    for n in range(scale.trips):
        start = datetime.combine(today - timedelta(days=1 + n % 300), time(7), tzinfo=zone)
        traveller = chief if n < scale.own_trips else travellers[n % len(travellers)]
        trips.append(Trip(person=traveller, destination="Kassel", purpose="Fachtagung", start=start,
                          end=start + timedelta(hours=10), state="approved"))
    Trip.objects.bulk_create(trips, batch_size=5000)
    Training.objects.bulk_create(
        Training(person=chief, course=f"Verwaltungsrecht {n}", provider="HVSV", place="Wiesbaden",
                 start=today - timedelta(days=7 * n), end=today - timedelta(days=7 * n), reason="Fachwissen",
                 unit=chief.org_unit, state="approved") for n in range(scale.own_trainings))
    rooms = [r for r in resources if r.kind == "room"]
    for n in range(scale.own_series):  # weekly, each owning four of the person's own bookings
        first = Booking.objects.filter(booker=chief, series=None).order_by("start").first()
        series = Series.objects.create(resource=rooms[n % len(rooms)], booker=chief, title=f"Jour fixe {n}",
                                       rrule="FREQ=WEEKLY;COUNT=4", first_start=first.start,
                                       duration=timedelta(hours=1))
        batch = Booking.objects.filter(booker=chief, series=None).order_by("start").values_list("pk", flat=True)[:4]
        Booking.objects.filter(pk__in=list(batch)).update(series=series)

    team = [p for p in people if p.org_unit_id == chief.org_unit_id and p.pk != chief.pk]
    for n in range(scale.open_requests):
        general_request_create(by=team[n % len(team)], subject=f"Mobile Arbeit {n}", text="Bitte um Genehmigung.")
    for n in range(scale.own_requests):
        general_request_create(by=chief, subject=f"Telearbeit {n}", text="Bitte um Genehmigung.")

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"chief": chief.pk, "unit": chief.org_unit_id, "hr": hr.pk, "session": session_for(chief),
            "hr_session": session_for(hr), "feed": token_string(feed_token_renew(user=chief)),
            "staff": scale.staff, "bookings": Booking.objects.count()}
