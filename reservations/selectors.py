"""Reads of resources and bookings: what one may book, what is free, the availability grid, one's
bookings, and the alternatives offered when a span is taken. Each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from directory.models import User
from directory.selectors import unit_and_ancestor_ids
from intranet.core.modules import module_enabled
from intranet.core.permissions import fetch
from intranet.core.roles import roles_of
from intranet.core.versions import rows_version

from .models import ACTIVE_STATES, Block, Booking, Kind, Resource
from .permissions import manages
from .rules import next_free_start
from .services import span_rules
from .spans import Occupies


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
    return (Booking.objects.filter(Occupies(start, end), resource_id__in=resource_ids, state__in=ACTIVE_STATES)
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
    # Only the resource joined (what the lists show): joining the people made PostgreSQL hash the whole staff
    # table before it sorted and cut the few rows wanted (7 ms at the city's size; 1 ms without).
    return (bookings_of(user).filter(end__gt=now, state__in=ACTIVE_STATES)
            .select_related("resource").order_by("start"))


# --- The availability grid: a timeline ----------------------------------------------------------

SLOT = timedelta(minutes=30)
DAY_FROM, DAY_UNTIL = time(7, 0), time(19, 0)


@dataclass(slots=True)
class Segment:
    """One element of a timeline row: a booking, a closure or a free stretch, placed on the half-hour
    columns of the day (`col` the first, `span` how many). Free stretches hold whole future half hours only."""
    start: datetime
    end: datetime
    col: int
    span: int
    booking: GridBooking | None = None
    block: Block | None = None
    start_param: str = ""   # the start for a booking link (?start=), URL-encoded
    label: str = ""         # "10:00"
    until: str = ""         # "12:00" (free stretches)
    span_label: str = ""    # "10:00 to 12:00"
    edges: str = ""         # " tl-earlier" / " tl-later": begins before or ends after the shown hours (cut there)
    free: bool = False      # neither booking nor block (a field, not a property: read 10,000 times a page)


@dataclass(slots=True)
class Hour:
    col: int
    label: str


@dataclass
class Row:
    resource: Resource
    segments: list[Segment]

    @property
    def free(self) -> list[Segment]:
        return [s for s in self.segments if s.free]


@dataclass(slots=True)
class Now:
    """Where the current time falls on the day's columns: the column and five-minute steps into it."""
    col: int
    step: int
    label: str


def _hm(moment: datetime) -> str:  # "09:30"; strftime costs three times as much, 36,000 times a page
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _segments(resource: Resource, items: list, first: datetime, slots: int, now: datetime,
              shared: dict[tuple, Segment]) -> list[Segment]:
    """The bookings and blocks of one resource on one day window (starting at `first`, `slots` half hours),
    in order, with the free whole half hours between them that have not begun yet and lie in the resource's
    bookable hours. Work grows with the number of bookings, not with the number of half hours. A free
    stretch depends on nothing but its day and columns: one Segment per page serves every room (`shared`),
    read only."""
    zone = first.tzinfo
    size, origin = SLOT.total_seconds(), first.timestamp()

    def offset(moment: datetime) -> float:
        # Half hours since `first`. Elapsed time equals wall-clock time inside the window: DST changes at 02:00
        # and 03:00, and what lies before the window is cut at its start whatever the difference.
        return (moment.timestamp() - origin) / size

    busy: list[Segment] = []
    def column(moment: datetime, up: bool) -> int:
        at = offset(moment)
        return min(slots, max(0, -int(-at // 1) if up else int(at // 1)))

    opens, closes = (datetime.combine(first.date(), t, tzinfo=zone) for t in (resource.day_starts, resource.day_ends))
    # half-hour columns not free: bookings with their buffers, blocks, the hours outside the bookable ones
    taken: list[tuple[int, int]] = [(0, column(opens, True)), (column(closes, False), slots)]
    for item in items:
        is_booking = isinstance(item, GridBooking)
        until = item.occupied_until if is_booking else item.end
        lo, hi = column(item.start, False), column(item.end, True)
        taken.append((lo, column(until, True)))
        if hi <= lo:
            continue
        busy.append(Segment(start=item.start, end=item.end, col=lo, span=hi - lo,
                            booking=item if is_booking else None, block=None if is_booking else item,
                            span_label=item.span_label,  # set by _local
                            edges=(" tl-earlier" if offset(item.start) < 0 else "")
                            + (" tl-later" if offset(item.end) > slots else "")))
    free: list[Segment] = []
    cursor = column(now, True)  # no half hour that has begun
    for lo, hi in sorted(taken):
        if lo > cursor:
            free.append(_free(first, cursor, lo, shared))
        cursor = max(cursor, hi)
    if cursor < slots:
        free.append(_free(first, cursor, slots, shared))
    return sorted(busy + free, key=lambda s: (s.col, s.free))


def _free(first: datetime, lo: int, hi: int, shared: dict[tuple, Segment]) -> Segment:
    if (found := shared.get((first, lo, hi))) is None:
        found = shared[(first, lo, hi)] = _new_free(first, lo, hi)
    return found


def _new_free(first: datetime, lo: int, hi: int) -> Segment:
    start, end = first + lo * SLOT, first + hi * SLOT
    return Segment(start=start, end=end, col=lo, span=hi - lo, start_param=quote(start.isoformat()),
                   label=_hm(start), until=_hm(end), span_label=f"{_hm(start)}–{_hm(end)}", free=True)


@dataclass(slots=True)
class GridBooking:
    """A booking as the grid draws it and permissions.can_see_booking judges it: the columns read, not a model
    instance (1,260 of those for a week of 200 rooms were a third of the grid's work)."""
    pk: int
    resource: Resource
    title: str
    start: datetime
    end: datetime
    occupied_until: datetime
    state: str
    booker_id: int
    on_behalf_of_id: int | None
    driver_id: int | None
    local_start: datetime = field(init=False)
    local_end: datetime = field(init=False)
    span_label: str = field(init=False)

    @property
    def resource_id(self) -> int:
        return self.resource.pk


def _grid_bookings(resources: list[Resource], first: datetime, last: datetime) -> dict[int, list[GridBooking]]:
    """The active bookings of the resources touching [first, last), by resource, each pointed at its resource
    already in memory (no joins)."""
    by_id = {r.pk: r for r in resources}
    grouped: dict[int, list[GridBooking]] = defaultdict(list)
    rows = (Booking.objects.filter(Occupies(first, last), resource_id__in=by_id, state__in=ACTIVE_STATES)
            .order_by("start").values_list("id", "resource_id", "title", "start", "end", "occupied_until", "state",
                                           "booker_id", "on_behalf_of_id", "driver_id"))
    zone = timezone.get_current_timezone()
    for pk, resource_id, title, start, end, until, state, booker_id, on_behalf_of_id, driver_id in rows:
        grouped[resource_id].append(_local(GridBooking(pk, by_id[resource_id], title, start, end, until, state,
                                                       booker_id, on_behalf_of_id, driver_id), zone))
    return grouped


def _local(item: Any, zone) -> Any:  # a GridBooking or a Block, decorated for the grid
    """Local times and the "10:00-12:00" label set on the item once: template filters and time-zone
    conversions for thousands of bookings are the slowest part of the page."""
    item.local_start, item.local_end = timezone.localtime(item.start, zone), timezone.localtime(item.end, zone)
    item.span_label = f"{_hm(item.local_start)}–{_hm(item.local_end)}"
    return item


def _grid_blocks(ids: list[int], first: datetime, last: datetime) -> dict[int, list[Block]]:
    blocks: dict[int, list[Block]] = defaultdict(list)
    zone = timezone.get_current_timezone()
    for block in Block.objects.filter(resource_id__in=ids, start__lt=last, end__gt=first).order_by("start"):
        blocks[block.resource_id].append(_local(block, zone))
    return blocks


def grid_version(resources: list[Resource], first: datetime, last: datetime) -> tuple:
    """What the grid of these resources over [first, last) is drawn from, in brief, for its cache key: the
    resources as shown, the version of the bookings touching that time in any state (intranet.core.versions;
    every save moves updated_at, Booking.save), and the closures themselves (few). Two small queries instead
    of reading and drawing every booking."""
    ids = [r.pk for r in resources]
    seen = rows_version(Booking.objects.filter(Occupies(first, last), resource_id__in=ids))
    closures = list(Block.objects.filter(resource_id__in=ids, start__lt=last, end__gt=first)
                    .order_by("pk").values_list("pk", "start", "end", "reason"))
    shown = [(r.pk, r.name, r.capacity, r.day_starts, r.day_ends, r.show_titles) for r in resources]
    return shown, seen.key, closures


def involved_bookings(user: User, resources: list[Resource], first: datetime, last: datetime) -> list[int]:
    """The ids of the active bookings of these resources over [first, last) that name the user: with
    permissions.can_see_booking's other facts (the resource shows titles; the user manages the kind) what
    decides which titles the grid shows them."""
    return list(bookings_of(user).filter(
        Occupies(first, last), resource_id__in=[r.pk for r in resources], state__in=ACTIVE_STATES,
    ).order_by("pk").values_list("pk", flat=True))


def grid_window(day: date, week: bool) -> tuple[datetime, datetime]:
    """The span a day's or a week's grid shows: the day's 07:00 to 19:00, or Monday to Monday."""
    if not week:
        first, slots = _window(day)
        return first, first + slots * SLOT
    zone = timezone.get_current_timezone()
    monday = day - timedelta(days=day.weekday())
    return (datetime.combine(monday, time(), tzinfo=zone), datetime.combine(monday + timedelta(days=7), time(),
                                                                           tzinfo=zone))


def _window(day: date) -> tuple[datetime, int]:
    zone = timezone.get_current_timezone()
    first = datetime.combine(day, DAY_FROM, tzinfo=zone)
    slots = int((datetime.combine(day, DAY_UNTIL) - datetime.combine(day, DAY_FROM)) / SLOT)
    return first, slots


def hours_of_day() -> list[Hour]:
    """The hour labels above the timeline's columns."""
    return [Hour(col=2 * n, label=f"{DAY_FROM.hour + n:02d}") for n in range(DAY_UNTIL.hour - DAY_FROM.hour)]


def now_mark(day: date, now: datetime | None = None) -> Now | None:
    """The current time on the day's timeline, when the day is today and the time inside the window."""
    now = timezone.localtime(now or timezone.now())
    _first, slots = _window(day)
    if now.date() != day:
        return None
    minutes = (now.hour * 60 + now.minute) - (DAY_FROM.hour * 60 + DAY_FROM.minute)
    if not 0 <= minutes < slots * 30:
        return None
    return Now(col=minutes // 30, step=(minutes % 30) // 5, label=f"{now:%H:%M}")


def day_grid(resources: list[Resource], day: date, now: datetime | None = None) -> tuple[list[Hour], list[Row]]:
    """The day as a timeline from 07:00 to 19:00 in half-hour columns: per resource one segment per booking,
    closure and free stretch. Two queries whatever the number of resources or bookings."""
    now = now or timezone.now()
    first, slots = _window(day)
    last = first + slots * SLOT
    ids = [r.pk for r in resources]
    bookings = _grid_bookings(resources, first, last)
    blocks = _grid_blocks(ids, first, last)
    shared: dict[tuple, Segment] = {}
    rows = [Row(r, _segments(r, [*bookings[r.pk], *blocks[r.pk]], first, slots, now, shared)) for r in resources]
    return hours_of_day(), rows


@dataclass
class WeekDay:
    day: date
    bookings: list[GridBooking]
    blocks: list[Block]
    label: str = ""  # "Mo 23.11." in the current language
    segments: list[Segment] = field(default_factory=list)  # the occupancy bar and the free stretches
    iso: str = ""    # "2026-11-23", for the link to the day

    @property
    def free(self) -> list[Segment]:
        return [s for s in self.segments if s.free]

    @property
    def entries(self) -> list[tuple[str, GridBooking | Block | Segment, str]]:
        """What the day's cell lists, in time order: ("booking" | "block" | "free", the item, its time on
        this day: "10:00-12:00", "...-12:00" when it began on an earlier day, "all day" when it covers it)."""
        items: list[tuple[str, GridBooking | Block]] = [("booking", b) for b in self.bookings]
        items += [("block", b) for b in self.blocks]
        entries: list[tuple[str, GridBooking | Block | Segment, str]] = [
            (kind, item, self._span_on_day(item)) for kind, item in items]
        entries += [("free", s, s.span_label) for s in self.free]
        return sorted(entries, key=lambda entry: entry[1].start)

    def _span_on_day(self, item: Any) -> str:  # a GridBooking or Block with the local times _local set
        start, end = item.local_start, item.local_end
        zone = start.tzinfo
        opens = datetime.combine(self.day, time(), tzinfo=zone)
        closes = datetime.combine(self.day + timedelta(days=1), time(), tzinfo=zone)
        if start <= opens and end >= closes:
            return gettext("all day")
        return f"{'…' if start < opens else _hm(start)}–{'…' if end > closes else _hm(end)}"


def week_grid(resources: list[Resource], monday: date, now: datetime | None = None
              ) -> tuple[list[date], list[tuple[Resource, list[WeekDay]]]]:
    """Seven day columns per resource, each with that day's bookings and blocks, its occupancy bar and
    free stretches (07:00 to 19:00). Two queries."""
    now = now or timezone.now()
    days = [monday + timedelta(days=n) for n in range(7)]
    first, last = grid_window(monday, week=True)
    ids = [r.pk for r in resources]
    bookings = _grid_bookings(resources, first, last)
    blocks = _grid_blocks(ids, first, last)
    windows = [_window(d) for d in days]
    labels, isos = [date_format(d, "D d.m.") for d in days], [d.isoformat() for d in days]
    shared: dict[tuple, Segment] = {}
    result = []
    for r in resources:
        day_bookings, day_blocks = _by_day(bookings[r.pk], monday), _by_day(blocks[r.pk], monday)
        result.append((r, [WeekDay(d, day_bookings[n], day_blocks[n], labels[n],
                                   _segments(r, [*day_bookings[n], *day_blocks[n]], *windows[n], now, shared),
                                   isos[n])
                           for n, d in enumerate(days)]))
    return days, result


def _by_day(items: list, monday: date) -> list[list]:
    """The items (in time order, local times set) on each day of the week, in one pass: a day holds every
    item that overlaps it (one ending at midnight belongs to the day before only)."""
    week: list[list] = [[] for _ in range(7)]
    for item in items:
        ends_at_midnight = item.local_end.time() == time() and item.local_end > item.local_start
        last = item.local_end.date() - timedelta(days=ends_at_midnight)
        for n in range(max(0, (item.local_start.date() - monday).days), min(6, (last - monday).days) + 1):
            week[n].append(item)
    return week
