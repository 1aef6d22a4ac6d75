"""Demo requests for seed_demo, created through the real workflow services."""

from __future__ import annotations

from django.db import transaction

from directory.models import User
from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import GeneralRequest
from intranet.approvals.workflow import step_decide
from intranet.demo import organisation as demo


@transaction.atomic
def demo_requests_seed() -> int:
    """Create the demo's general requests that do not exist yet (keyed on requester and subject)."""
    created = 0
    for username, subject, text, decider, approve in demo.GENERAL_REQUESTS:
        requester = User.objects.get(username=username)
        if GeneralRequest.objects.filter(requester=requester, subject=subject).exists():
            continue
        general = general_request_create(by=requester, subject=subject, text=text)
        if decider:
            step = general.approval.steps.get()
            step_decide(by=User.objects.get(username=decider), step_id=step.pk, approve=approve,
                        comment="" if approve else "Leider nicht möglich.")
        created += 1
    return created


@transaction.atomic
def demo_leave_seed(today) -> int:
    """Entitlements for this year and next for everyone, and a few absences around today."""
    from datetime import timedelta

    from timekeeping.leave.models import LeaveRequest, LeaveType
    from timekeeping.leave.services import entitlement_grant, leave_request_create

    monday = today - timedelta(days=today.weekday())
    for person in User.objects.filter(is_active=True).exclude(employments=None):
        for year in sorted({monday.year, today.year, today.year + 1}):  # this week may begin last year
            entitlement_grant(person=person, year=year)
    plans = [  # (person, type, start offset in days from this Monday, length, decider)
        ("mehmet.yilmaz", "erholungsurlaub", 0, 4, "thomas.weber"),
        ("sophie.lehmann", "krankheit", 0, 2, None),
        ("anna.schmidt", "erholungsurlaub", 21, 4, None),
        ("uwe.hartmann", "erholungsurlaub", 7, 4, "sandra.meyer"),
    ]
    created = 0
    for username, code, offset, length, decider in plans:
        person = User.objects.get(username=username)
        start = monday + timedelta(days=offset)
        if LeaveRequest.objects.filter(person=person, start=start).exists():
            continue
        end = min(start + timedelta(days=length), start.replace(month=12, day=31))  # a request per calendar year
        leave_type = LeaveType.objects.get(code=code)
        # Leave under way this week was asked for ahead, as staff must (a fortnight before it began).
        asked_on = min(today, start - timedelta(days=14)) if not leave_type.is_sickness else today
        leave = leave_request_create(by=person, leave_type=leave_type, start=start, end=end, today=asked_on)
        if decider and leave.approval_id:
            step = leave.approval.steps.get()
            step_decide(by=User.objects.get(username=decider), step_id=step.pk, approve=True)
        created += 1
    return created


DEMO_TIME_PEOPLE = ("anna.schmidt", "mehmet.yilmaz", "katrin.peters")


@transaction.atomic
def demo_time_seed(today) -> int:
    """Last month's working time for a few people (Anna's signed off, Mehmet's waiting in Thomas Weber's
    inbox), this month's so far for Anna, and Rosenmontag next year as a local half day off."""
    from datetime import datetime, time, timedelta

    from dateutil.easter import easter
    from django.utils import timezone

    from timekeeping.leave.models import LocalDayOff
    from timekeeping.worktime.models import TimeEntry
    from timekeeping.worktime.services import month_submit, time_entry_create
    from timekeeping.worktime.timesheet import month_sheet

    rosenmontag = easter(today.year + 1) - timedelta(days=48)
    LocalDayOff.objects.get_or_create(date=rosenmontag, defaults={"name": "Rosenmontag (ab 12 Uhr)", "half": True})
    if TimeEntry.objects.filter(person__username=DEMO_TIME_PEOPLE[0]).exists():
        return 0
    zone = timezone.get_current_timezone()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    now = timezone.now()
    created = 0
    for n, username in enumerate(DEMO_TIME_PEOPLE):
        person = User.objects.get(username=username)
        until = today - timedelta(days=1) if n == 0 else this_month - timedelta(days=1)
        sheet_days = [d for m in {last_month, until.replace(day=1)} for d in month_sheet(person, m).days]
        for day in sheet_days:
            if not (last_month <= day.date <= until) or not day.target:
                continue
            minutes = (day.date.day * 7 + n * 11) % 40  # a little variety from day to day
            start = datetime.combine(day.date, time(7, 15), tzinfo=zone) + timedelta(minutes=minutes)
            long_day = day.date.day == 15  # one long day: the 10-hour warning shows
            end = start + timedelta(hours=11 if long_day else 8, minutes=45 - minutes // 2)
            time_entry_create(by=person, start=start, end=start + timedelta(hours=4, minutes=30), now=now)
            time_entry_create(by=person, start=start + timedelta(hours=5), end=end, now=now)
            created += 2
    for username, signer in (("anna.schmidt", "thomas.weber"), ("mehmet.yilmaz", None)):
        closing = month_submit(by=User.objects.get(username=username), month=last_month, today=today)
        if signer:
            step_decide(by=User.objects.get(username=signer), step_id=closing.approval.steps.get().pk, approve=True)
    return created


@transaction.atomic
def demo_travel_seed(today) -> int:
    """Business trips: Anna's day in Kassel last week, approved and waiting for her travel-cost claim (the
    trip's page links to the claim form), and Mehmet's trip to Wiesbaden next month waiting for Thomas Weber."""
    from datetime import datetime, time, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from timekeeping.travel.models import Trip
    from timekeeping.travel.trips import TripInput, trip_apply

    zone = timezone.get_current_timezone()

    def weekday(day):  # the working day on or before `day`
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day

    plans = [  # (person, destination, purpose, day, decider)
        ("anna.schmidt", "Kassel", "Fachtagung Meldewesen", weekday(today - timedelta(days=6)), "thomas.weber"),
        ("mehmet.yilmaz", "Wiesbaden", "Abstimmung im Innenministerium", weekday(today + timedelta(days=30)), None),
    ]
    created = 0
    for username, destination, purpose, day, decider in plans:
        person = User.objects.get(username=username)
        if Trip.objects.filter(person=person, destination=destination).exists():
            continue
        start, end = datetime.combine(day, time(7, 30), tzinfo=zone), datetime.combine(day, time(17, 45), tzinfo=zone)
        trip = trip_apply(by=person, data=TripInput(destination=destination, purpose=purpose, start=start, end=end,
                                                    tickets=Decimal("46.80"), fees=Decimal(35)),
                          now=min(timezone.now(), start - timedelta(days=14)))
        if decider:
            step_decide(by=User.objects.get(username=decider), step_id=trip.approval.steps.get().pk, approve=True)
        created += 1
    return created


# (kind, name, location, floor, capacity, equipment, extra fields)
DEMO_RESOURCES = [
    ("room", "Ratssaal", "Rathaus", "1. OG", 40, "Beamer, Mikrofonanlage, Videokonferenz",
     {"step_free": True, "hearing_loop": True, "needs_approval": True}),
    ("room", "Besprechungsraum 2.14", "Rathaus", "2. OG", 10, "Bildschirm, Whiteboard",
     {"step_free": True, "checkin_minutes": 15}),
    ("room", "Besprechungsraum 3.02", "Rathaus", "3. OG", 6, "Whiteboard", {}),
    ("room", "Schulungsraum", "Technisches Rathaus", "EG", 20, "Beamer, 12 Laptops", {"step_free": True}),
    ("car", "VW ID.3", "Tiefgarage Rathaus", "", 0, "", {
        "licence_plate": "MS-ST 101E", "car_model": "VW ID.3", "fuel": "electric", "range_km": 350,
        "key_box": "Schlüsselkasten Pforte, Fach 1", "buffer_minutes": 30, "max_minutes": 4320}),
    ("car", "Opel Corsa", "Hof Technisches Rathaus", "", 0, "", {
        "licence_plate": "MS-ST 204", "car_model": "Opel Corsa", "fuel": "petrol", "range_km": 600,
        "key_box": "Pforte, Fach 2", "buffer_minutes": 15, "max_minutes": 4320}),
    ("equipment", "Mobiler Beamer", "Zentraler Service", "", 0, "", {}),
]


@transaction.atomic
def demo_reservations_seed(today) -> int:
    """Rooms, cars and a projector; a few bookings this week, a weekly series; licence checks."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from reservations.models import Booking, LicenceCheck, Resource
    from reservations.rules import series_rule
    from reservations.series import series_create
    from reservations.services import Request, booking_create

    for kind, name, location, floor, capacity, equipment, extra in DEMO_RESOURCES:
        Resource.objects.get_or_create(kind=kind, name=name, defaults={
            "location": location, "floor": floor, "capacity": capacity, "equipment": equipment, **extra})
    if Booking.objects.exists():
        return 0
    fleet = User.objects.get(username="jens.wagner")
    for username in ("anna.schmidt", "thomas.weber", "jens.wagner"):
        LicenceCheck.objects.create(driver=User.objects.get(username=username), checked_by=fleet,
                                    checked_on=today - timedelta(days=40))
    zone = timezone.get_current_timezone()
    tomorrow = today + timedelta(days=1)

    def at(day, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    room, small, car = (Resource.objects.get(name=n) for n in ("Besprechungsraum 2.14", "Besprechungsraum 3.02",
                                                                 "VW ID.3"))
    plans = [  # (booker, resource, start, end, title, extra)
        ("thomas.weber", room, at(tomorrow, 9), at(tomorrow, 10, 30), "Teamrunde Personal", {"attendees": 6}),
        ("mehmet.yilmaz", small, at(tomorrow, 13), at(tomorrow, 14), "Bewerbungsgespräch", {"attendees": 3}),
        ("anna.schmidt", car, at(tomorrow, 8), at(tomorrow, 12), "Ortstermin Kita Sonnenschein",
         {"destination": "Kita Sonnenschein", "purpose": "Begehung"}),
    ]
    created = 0
    for username, resource, start, end, title, extra in plans:
        booking_create(by=User.objects.get(username=username), now=at(today, 0),
                       wanted=Request(resource=resource, start=start, end=end, title=title, **extra))
        created += 1
    monday = today + timedelta(days=7 - today.weekday())
    series = series_create(by=User.objects.get(username="sandra.meyer"), rule=series_rule(
        freq="WEEKLY", weekdays=["MO"], count=8), skip=set(), now=at(today, 0), wanted=Request(
        resource=Resource.objects.get(name="Schulungsraum"), start=at(monday, 10), end=at(monday, 11, 30),
        title="Jour fixe Bauen und Soziales", attendees=8))
    return created + series.occurrences.count()
