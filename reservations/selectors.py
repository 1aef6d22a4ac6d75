"""Reads of resources and bookings: what one may book, what is free, the availability grid, one's
bookings, and the alternatives offered when a span is taken. Each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from directory.models import User
from directory.selectors import unit_and_ancestor_ids
from intranet.core.modules import module_enabled
from intranet.core.permissions import fetch
from intranet.core.roles import roles_of

from .models import ACTIVE_STATES, Block, Booking, Kind, Resource
from .permissions import manages
from .rules import next_free_start
from .services import span_rules


def enabled_kinds() -> list[str]:
    """The kinds of resource whose module is switched on (rooms and equipment; pool cars)."""
    kinds = []
    if module_enabled("rooms"):
        kinds += [Kind.ROOM, Kind.EQUIPMENT]
    if module_enabled("cars"):
        kinds.append(Kind.CAR)
    return kinds


def bookable_resources(user: User, kind: str | None = None) -> QuerySet[Resource]:
    """The active resources the user may book (the query form of the rule reservations.book)."""
    resources = Resource.objects.filter(active=True)
    if kind:
        resources = resources.filter(kind=kind)
    managed = [k for k in ("room", "car", "equipment") if manages(user, k)]
    roles = [str(r) for r in roles_of(user)]
    allowed = (Q(bookable_role="") | Q(bookable_role__in=roles)) & (
        Q(bookable_units=None) | Q(bookable_units__in=unit_and_ancestor_ids(user.org_unit_id)))
    return resources.filter(allowed | Q(kind__in=managed)).distinct().order_by("name")


def busy_between(resource_ids: list[int], start: datetime, end: datetime) -> QuerySet[Booking]:
    """Active bookings touching [start, end), with what the grid and the messages show."""
    return (Booking.objects.filter(resource_id__in=resource_ids, state__in=ACTIVE_STATES, start__lt=end,
                                   occupied_until__gt=start)
            .select_related("booker", "on_behalf_of", "resource").order_by("start"))


def free_resources(user: User, *, kind: str | None, start: datetime, end: datetime, capacity_min: int = 0,
                   equipment: str = "", step_free: bool = False) -> QuerySet[Resource]:
    """Bookable resources with nothing booked or blocked in the span (one query)."""
    resources = bookable_resources(user, kind)
    if capacity_min:
        resources = resources.filter(capacity__gte=capacity_min)
    for item in (e.strip() for e in equipment.split(",")):
        if item:
            resources = resources.filter(equipment__icontains=item)
    if step_free:
        resources = resources.filter(step_free=True)
    taken = Booking.objects.filter(resource=OuterRef("pk"), state__in=ACTIVE_STATES, start__lt=end,
                                   occupied_until__gt=start)
    blocked = Block.objects.filter(resource=OuterRef("pk"), start__lt=end, end__gt=start)
    return resources.exclude(Exists(taken)).exclude(Exists(blocked))


@dataclass
class Alternatives:
    resources: list[Resource] = field(default_factory=list)  # others of the kind, free in the span
    next_start: datetime | None = None                       # when this resource is free next


def alternatives_for(user: User, resource: Resource, start: datetime, end: datetime,
                     attendees: int = 1) -> Alternatives:
    others = free_resources(user, kind=resource.kind, start=start, end=end + resource.buffer,
                            capacity_min=attendees if resource.kind == "room" else 0).exclude(pk=resource.pk)[:5]
    zone = timezone.get_current_timezone()
    busy = [(b.start, b.occupied_until) for b in busy_between([resource.pk], start, start + timedelta(days=14))]
    busy += [(b.start, b.end) for b in Block.objects.filter(resource=resource, end__gt=start,
                                                             start__lt=start + timedelta(days=14))]
    return Alternatives(resources=list(others), next_start=next_free_start(
        busy, wanted_start=start, length=end - start, buffer=resource.buffer, rules=span_rules(resource), zone=zone))


def get_booking_for_view(user: User, pk: int) -> Booking:
    """A booking the user is involved in (booker, booked for, driver) or manages; anyone else gets 404,
    so nobody learns that it exists."""
    scope = Booking.objects.select_related("resource", "booker", "on_behalf_of", "driver").filter(
        resource__kind__in=enabled_kinds())
    return fetch(scope, pk, user, "reservations.open_booking", hide=True)


def bookings_of(person: User) -> QuerySet[Booking]:
    """"My bookings": those the person booked, that were booked for them, or that they drive (the one scope of
    the page, the API, the dashboard and the personal feed)."""
    return Booking.objects.filter(Q(booker=person) | Q(on_behalf_of=person) | Q(driver=person))


def upcoming_bookings(user: User, now: datetime | None = None) -> QuerySet[Booking]:
    """The user's active bookings that have not ended: booked by them or for them, or which they drive."""
    now = now or timezone.now()
    return (bookings_of(user).filter(end__gt=now, state__in=ACTIVE_STATES)
            .select_related("resource", "booker", "on_behalf_of").order_by("start"))


# --- The availability grid ----------------------------------------------------------------------

@dataclass
class Cell:
    start: datetime
    end: datetime
    booking: Booking | None = None
    block: Block | None = None
    span: int = 1              # columns the cell covers

    @property
    def free(self) -> bool:
        return self.booking is None and self.block is None

    @property
    def start_param(self) -> str:
        """The start for a booking link (?start=), URL-encoded."""
        return quote(self.start.isoformat())

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}"


@dataclass
class Row:
    resource: Resource
    cells: list[Cell]

    @property
    def agenda(self) -> list[Cell]:
        """The day in order with consecutive free slots merged (the list form of the grid on phones)."""
        merged: list[Cell] = []
        for cell in self.cells:
            if cell.free and merged and merged[-1].free:
                merged[-1] = Cell(start=merged[-1].start, end=cell.end)
            else:
                merged.append(cell)
        return merged


def _grid_bookings(resources: list[Resource], first: datetime, last: datetime) -> dict[int, list[Booking]]:
    """The active bookings of the resources touching [first, last), by resource: only the columns the grid
    and the permission check read, each pointed at its resource already in memory (no joins)."""
    by_id = {r.pk: r for r in resources}
    grouped: dict[int, list[Booking]] = defaultdict(list)
    rows = (Booking.objects.filter(resource_id__in=by_id, state__in=ACTIVE_STATES, start__lt=last,
                                   occupied_until__gt=first)
            .only("id", "resource_id", "title", "start", "end", "state", "booker_id", "on_behalf_of_id", "driver_id")
            .order_by("start"))
    zone = timezone.get_current_timezone()
    for booking in rows:
        booking.resource = by_id[booking.resource_id]
        # Labels made here once: template filters for thousands of bookings are the slowest part of the page.
        start, end = timezone.localtime(booking.start, zone), timezone.localtime(booking.end, zone)
        booking.span_label = f"{start:%H:%M}–{end:%H:%M}"
        grouped[booking.resource_id].append(booking)
    return grouped


SLOT = timedelta(minutes=30)
DAY_FROM, DAY_UNTIL = time(7, 0), time(19, 0)


def day_grid(resources: list[Resource], day: date) -> tuple[list[datetime], list[Row]]:
    """Half-hour columns from 07:00 to 19:00; a booking or block covers its columns as one cell.
    Two queries whatever the number of resources or bookings."""
    zone = timezone.get_current_timezone()
    first, last = datetime.combine(day, DAY_FROM, tzinfo=zone), datetime.combine(day, DAY_UNTIL, tzinfo=zone)
    slots = []
    moment = first
    while moment < last:
        slots.append(moment)
        moment += SLOT  # wall-clock steps; the DST changes happen at night, outside the grid
    ids = [r.pk for r in resources]
    bookings = _grid_bookings(resources, first, last)
    blocks: dict[int, list[Block]] = defaultdict(list)
    for block in Block.objects.filter(resource_id__in=ids, start__lt=last, end__gt=first):
        blocks[block.resource_id].append(block)
    rows = []
    for resource in resources:
        cells: list[Cell] = []
        for slot in slots:
            slot_end = slot + SLOT
            booking = next((b for b in bookings[resource.pk] if b.start < slot_end and b.end > slot), None)
            block = None if booking else next(
                (b for b in blocks[resource.pk] if b.start < slot_end and b.end > slot), None)
            previous = cells[-1] if cells else None
            if previous and ((booking and previous.booking == booking) or (block and previous.block == block)):
                previous.span += 1
                previous.end = slot_end
                continue
            cells.append(Cell(start=slot, end=slot_end, booking=booking, block=block))
        rows.append(Row(resource, cells))
    return slots, rows


@dataclass
class WeekDay:
    day: date
    bookings: list[Booking]
    blocks: list[Block]
    label: str = ""  # "Mo 23.11." in the current language

    @property
    def iso(self) -> str:
        return self.day.isoformat()


def week_grid(resources: list[Resource], monday: date) -> tuple[list[date], list[tuple[Resource, list[WeekDay]]]]:
    """Seven day columns per resource, each with that day's bookings and blocks. Two queries."""
    zone = timezone.get_current_timezone()
    days = [monday + timedelta(days=n) for n in range(7)]
    first = datetime.combine(monday, time(), tzinfo=zone)
    last = datetime.combine(monday + timedelta(days=7), time(), tzinfo=zone)
    ids = [r.pk for r in resources]
    bookings = _grid_bookings(resources, first, last)
    blocks: dict[int, list[Block]] = defaultdict(list)
    for block in Block.objects.filter(resource_id__in=ids, start__lt=last, end__gt=first):
        blocks[block.resource_id].append(block)
    bounds = [(datetime.combine(d, time(), tzinfo=zone), datetime.combine(d + timedelta(days=1), time(), tzinfo=zone))
              for d in days]

    def on(items: list, n: int) -> list:
        return [i for i in items if i.start < bounds[n][1] and i.end > bounds[n][0]]

    labels = [date_format(d, "D d.m.") for d in days]
    return days, [(r, [WeekDay(d, on(bookings[r.pk], n), on(blocks[r.pk], n), labels[n])
                       for n, d in enumerate(days)]) for r in resources]
