"""Reads over leave: rule sets, schedules, balances, who is away."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from directory.models import Employment, ScheduleSource, User
from intranet.core.dated_rules import valid_on

from .models import (
    ACTIVE_STATES,
    BUCKET_ORDER,
    BucketKind,
    DrawsOn,
    LeaveBucket,
    LeaveRequest,
    LeaveRuleSet,
    LeaveState,
)
from .rules.buckets import Need, Pot, Shortfall, allocate


def rules_for(person: User, on: date) -> LeaveRuleSet:
    """The leave rule set of the person's status group valid on the day (raises if HR has none)."""
    return LeaveRuleSet.valid_for(person.status_group, on)


class Schedule:
    """A person's working weekdays by date, from their dated employment rows (read once)."""

    def __init__(self, person: User) -> None:
        self.rows = list(Employment.objects.filter(user=person).order_by("valid_from"))

    def weekdays_on(self, day: date) -> frozenset[int]:
        row = valid_on(self.rows, day)
        return row.weekdays if row else frozenset()

    @property
    def first_day(self) -> date | None:
        return self.rows[0].valid_from if self.rows else None


def on_default_schedule() -> list[tuple[User, Employment]]:
    """Active people whose working hours are still their status group's default (given when they came from
    the directory): for HR to check and enter, with the row they run on."""
    rows = (Employment.objects.filter(user__is_active=True).select_related("user")
            .order_by("user__last_name", "user__first_name", "user_id", "valid_from"))
    latest: dict[int, Employment] = {}
    for row in rows:
        latest[row.user_id] = row
    return [(row.user, row) for row in latest.values() if row.source == ScheduleSource.DEFAULT]


@dataclass
class BucketBalance:
    bucket: LeaveBucket
    used: Decimal
    remaining: Decimal


@dataclass
class Balance:
    year: int
    buckets: list[BucketBalance] = field(default_factory=list)
    pending: Decimal = Decimal(0)
    # Days moved into the next year's carried-over bucket: gone from this year (a day is taken once).
    carried_out: Decimal = Decimal(0)
    # Days of buckets whose deadline had passed on the day asked about (carried-over leave not started by
    # 31 March / 31 May, domain.md 3.7) that no approved or waiting request draws on: they cannot be taken.
    expired: Decimal = Decimal(0)
    today: date | None = None

    @property
    def entitlement(self) -> Decimal:
        return sum((b.bucket.days for b in self.buckets), Decimal(0))

    @property
    def taken(self) -> Decimal:
        return sum((b.used for b in self.buckets), Decimal(0))

    @property
    def available(self) -> Decimal:
        return self.entitlement - self.taken - self.pending - self.carried_out - self.expired

    @property
    def expiring(self) -> list[BucketBalance]:
        """Buckets with days left that expire before the end of the year (carried-over leave) and had not
        expired yet on the day asked about."""
        return [b for b in self.buckets if b.remaining > 0 and _expires_early(b.bucket)
                and (self.today is None or b.bucket.expires_on >= self.today)]


def _expires_early(bucket: LeaveBucket) -> bool:
    """A bucket with a deadline inside its year (carried-over leave). The year's own buckets end with the
    year; what is left of them is carried over, not lost."""
    return bucket.expires_on < date(bucket.year, 12, 31)


def leave_balance(person: User, year: int, today: date | None = None) -> Balance:
    """The person's leave of the year as it stands on `today` (default: the real day)."""
    return leave_balances([person.pk], year, today)[person.pk]


def leave_balances(person_ids: Sequence[int], year: int, today: date | None = None) -> dict[int, Balance]:
    """The leave of several people in the year as it stands on `today`, by person id, in a fixed number of
    queries however many people (the inbox shows each leave request's balance left afterwards)."""
    today = today or timezone.localdate()
    ids = list(dict.fromkeys(person_ids))
    buckets: dict[int, list[tuple[LeaveBucket, Decimal]]] = {pk: [] for pk in ids}
    for bucket in LeaveBucket.objects.filter(person_id__in=ids, year=year).annotate(used=Sum("deductions__days")):
        buckets[bucket.person_id].append((bucket, bucket.used or Decimal(0)))
    pending = dict(LeaveRequest.objects.filter(person_id__in=ids, state=LeaveState.SUBMITTED, start__year=year,
                                               leave_type__draws_on=DrawsOn.ANNUAL)
                   .order_by().values("person_id").annotate(days=Sum("days")).values_list("person_id", "days"))
    carried_out = dict(LeaveBucket.objects.filter(person_id__in=ids, year=year + 1, kind=BucketKind.CARRIED)
                       .values_list("person_id", "days"))
    balances = {
        pk: Balance(
            year=year, pending=pending.get(pk) or Decimal(0), carried_out=carried_out.get(pk) or Decimal(0),
            today=today, buckets=[BucketBalance(b, used, b.days - used) for b, used in buckets[pk]],
        )
        for pk in ids
    }
    lapsed = [pk for pk, balance in balances.items()
              if any(_expires_early(b.bucket) and b.bucket.expires_on < today for b in balance.buckets)]
    needs = _pending_needs(lapsed, year) if lapsed else {}
    for pk in lapsed:
        balance = balances[pk]
        pots = _pots(balance)
        # Waiting requests keep what they would draw on (they may start before the deadline); the rest of an
        # expired bucket is gone.
        for need in sorted(needs.get(pk, []), key=lambda n: n.start):
            with contextlib.suppress(Shortfall):  # one that no longer fits holds nothing; the later ones still do
                allocate([need], pots)
        early = {b.bucket.pk for b in balance.buckets if _expires_early(b.bucket)}
        balance.expired = sum((p.remaining for p in pots if p.id in early and p.expires_on < today
                               and p.remaining > 0), Decimal(0))
    return balances


def pots_for(person: User, year: int) -> list[Pot]:
    """The person's buckets of the year with what is left after approved leave, for allocate(). Days
    carried into the next year are taken off (last-drawn buckets first): they can no longer be taken here."""
    return _pots(leave_balance(person, year))


def _pots(balance: Balance) -> list[Pot]:
    pots = [
        Pot(id=b.bucket.pk, remaining=b.remaining, expires_on=b.bucket.expires_on,
            order=BUCKET_ORDER[b.bucket.kind])
        for b in balance.buckets
    ]
    moved = balance.carried_out
    kinds = {b.bucket.pk: b.bucket.kind for b in balance.buckets}
    for pot in sorted(pots, key=lambda p: (p.expires_on, p.order), reverse=True):
        if moved <= 0:
            break
        if kinds[pot.id] == BucketKind.CARRIED or pot.remaining <= 0:
            continue
        take = min(pot.remaining, moved)
        pot.remaining -= take
        moved -= take
    return pots


def pending_needs(person: User, year: int, exclude: int | None = None) -> list[Need]:
    return _pending_needs([person.pk], year, exclude).get(person.pk, [])


def _pending_needs(person_ids: Sequence[int], year: int, exclude: int | None = None) -> dict[int, list[Need]]:
    requests = LeaveRequest.objects.filter(person_id__in=person_ids, state=LeaveState.SUBMITTED, start__year=year,
                                           leave_type__draws_on=DrawsOn.ANNUAL)
    if exclude is not None:
        requests = requests.exclude(pk=exclude)
    needs: dict[int, list[Need]] = {}
    for r in requests:
        needs.setdefault(r.person_id, []).append(Need(key=r.pk, start=r.start, days=r.days))
    return needs


def overlapping_requests(person: User, start: date, end: date) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(person=person, state__in=ACTIVE_STATES, start__lte=end, end__gte=start)


def absences_between(people: list[int], start: date, end: date) -> QuerySet[LeaveRequest]:
    """Approved absences (and reported sickness) of these people touching the span."""
    return (LeaveRequest.objects.filter(person_id__in=people, state=LeaveState.APPROVED, start__lte=end,
                                        end__gte=start)
            .select_related("leave_type").order_by("start"))


def others_away(leave: LeaveRequest) -> list[LeaveRequest]:
    """Who else in the person's unit is away during the leave (shown to the approver), with what
    absence_label needs to read."""
    return others_away_during([leave])[leave.pk]


def others_away_during(leaves: Sequence[LeaveRequest]) -> dict[int, list[LeaveRequest]]:
    """others_away for several leave requests at once, by leave id: one query however many (the inbox)."""
    away: dict[int, list[LeaveRequest]] = {leave.pk: [] for leave in leaves}
    placed = [leave for leave in leaves if leave.person.org_unit_id]
    if not placed:
        return away
    candidates = (LeaveRequest.objects.filter(person__org_unit_id__in={leave.person.org_unit_id for leave in placed},
                                              state=LeaveState.APPROVED, start__lte=max(leave.end for leave in placed),
                                              end__gte=min(leave.start for leave in placed))
                  .select_related("person", "leave_type").order_by("start", "pk"))
    for other in candidates:
        for leave in placed:
            if (other.person.org_unit_id == leave.person.org_unit_id and other.person_id != leave.person_id
                    and other.start <= leave.end and other.end >= leave.start):
                away[leave.pk].append(other)
    return away


def is_on_leave(user_id: int, day: date) -> bool:
    return LeaveRequest.objects.filter(person_id=user_id, state=LeaveState.APPROVED, start__lte=day,
                                       end__gte=day).exists()


def away_today(user_ids: list[int], day: date) -> set[int]:
    return set(LeaveRequest.objects.filter(Q(person_id__in=user_ids), state=LeaveState.APPROVED, start__lte=day,
                                           end__gte=day).values_list("person_id", flat=True))


@dataclass(frozen=True)
class SickDays:
    person: User
    episodes: int
    calendar_days: int


def sick_days_report(start: date, end: date, unit_id: int | None = None) -> list[SickDays]:
    """Sick days per person in the period (calendar days, counted inside the period). For HR only:
    the caller checks timekeeping.manage_leave."""
    sickness = (LeaveRequest.objects.filter(leave_type__is_sickness=True, state=LeaveState.APPROVED,
                                            start__lte=end, end__gte=start)
                .select_related("person").order_by("person__last_name", "person__first_name", "start"))
    if unit_id is not None:
        sickness = sickness.filter(person__org_unit_id=unit_id)
    totals: dict[int, SickDays] = {}
    for leave in sickness:
        days = (min(leave.end, end) - max(leave.start, start)).days + 1
        seen = totals.get(leave.person_id)
        totals[leave.person_id] = SickDays(leave.person, (seen.episodes if seen else 0) + 1,
                                           (seen.calendar_days if seen else 0) + days)
    return list(totals.values())
