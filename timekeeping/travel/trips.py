"""Business trips: the application and its approval chain, the pool car booked on approval and
released on cancellation, the travel-cost claim with its calculation, the time credit, reminders of
the claim deadline. Pool cars and the time account are used through their own services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from directory.models import User
from intranet.approvals.models import ApprovalRequest, ApprovalStep, RequestState
from intranet.approvals.notifications import notify
from intranet.approvals.workflow import (
    Fact,
    RequestKind,
    approval_request_create,
    register_kind,
    request_cancel,
    request_withdraw,
    subject_follow,
    subjects_of,
)
from intranet.core.uploads import validate_document
from timekeeping.worktime.models import DayCredit, MonthClosing, MonthState

from .models import ClaimState, Receipt, Training, TrainingState, Transport, TravelRuleSet, Trip, TripClaim, TripState
from .rules.travel import (
    Line,
    Meals,
    TravelRates,
    claim_deadline,
    kilometre_allowance,
    over_estimate,
    per_diem,
    trip_credit,
)

MEAL_NAMES = ("breakfast", "lunch", "dinner")
MAX_AHEAD = timedelta(days=730)   # how far ahead a trip can be applied for
MAX_LENGTH = timedelta(days=90)   # the longest trip
CLAIM_SLACK = timedelta(days=1)   # how far actual times may differ from the approved ones
MAX_AMOUNT = Decimal("25000")    # the most one amount (tickets, lodging, fees, advance) can be
MAX_CLAIM = Decimal("50000")     # the most a claim can ask for; anything beyond is a case for the office


def rule_sets() -> list[TravelRuleSet]:
    """Every dated rule set, oldest first: read once where many trips need their rates (a list)."""
    return list(TravelRuleSet.objects.order_by("valid_from"))


def rates_on(day: date, rows: list[TravelRuleSet] | None = None) -> TravelRates:
    """The rates valid on the day: one query, or none when the rule sets were read already (rows)."""
    row = TravelRuleSet.valid_on(day, rows)
    return TravelRates(
        per_diem_partial=row.per_diem_partial, per_diem_full=row.per_diem_full, min_hours=row.min_hours,
        breakfast_share=Decimal(row.breakfast_percent) / 100, lunch_share=Decimal(row.lunch_percent) / 100,
        dinner_share=Decimal(row.dinner_percent) / 100, km_with_reason=row.km_with_reason,
        km_without_reason=row.km_without_reason, claim_months=row.claim_months,
    )


def involved(user: User, *approvals: ApprovalRequest | None) -> bool:
    """Whether the user decides or decided one of these requests (named on a step, or holding the
    step's role), or is HR: those who may see a trip's papers besides the traveller. Not the
    administrators: they run the system, not the travel costs."""
    from intranet.approvals.models import ApprovalStep
    from intranet.core.roles import Role, roles_of

    roles = roles_of(user)
    if Role.HR in roles:
        return True
    ids = [a.pk for a in approvals if a is not None]
    return ApprovalStep.objects.filter(request_id__in=ids).filter(
        Q(approver=user) | Q(approver__isnull=True, approver_role__in=[str(r) for r in roles])).exists()


def _on_the_road(day: date):
    """Approved trips under way at some time of the local day (departure before its end, return after its start)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return Trip.objects.filter(state=TripState.APPROVED, start__lt=end, end__gt=start)


def is_on_trip(user_id: int, day: date) -> bool:
    """For approval routing (intranet.core.availability): a head on an approved trip is away, as on leave."""
    return _on_the_road(day).filter(person_id=user_id).exists()


def on_trip(user_ids: list[int], day: date) -> set[int]:
    """For the address book's presence (one query for the whole list)."""
    return set(_on_the_road(day).filter(person_id__in=user_ids).values_list("person_id", flat=True))


def deadline_of(trip: Trip, rows: list[TravelRuleSet] | None = None) -> date:
    end = timezone.localtime(trip.end).date()
    return claim_deadline(end, rates_on(end, rows))


@dataclass
class TripInput:
    destination: str
    purpose: str
    start: datetime
    end: datetime
    transport: str = Transport.PUBLIC
    transport_reason: str = ""
    distance_km: int = 0
    car_id: int | None = None
    abroad: bool = False
    tickets: Decimal = Decimal(0)
    lodging: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    advance: Decimal = Decimal(0)
    training_id: int | None = None  # an approved course of the traveller's that this trip goes to


def free_cars(by: User, start: datetime, end: datetime):
    """Pool cars the traveller may book that are free for the whole trip."""
    from reservations.selectors import free_resources

    return free_resources(by, kind="car", start=start, end=end)


def _check(by: User, data: TripInput, now: datetime) -> None:
    if not data.destination.strip():
        raise ValidationError({"destination": _("Please name the destination.")})
    if not data.purpose.strip():
        raise ValidationError({"purpose": _("Please give the purpose of the trip.")})
    if data.end <= data.start:
        raise ValidationError({"end": _("The return lies before the departure.")})
    if data.start < now:
        raise ValidationError({"start": _("A business trip is applied for before it begins.")})
    if data.start > now + MAX_AHEAD:
        raise ValidationError({"start": _("Business trips can be applied for up to two years ahead.")})
    if data.end - data.start > MAX_LENGTH:
        raise ValidationError({"end": _("A business trip can last at most 90 days.")})
    for name in ("tickets", "lodging", "fees", "advance"):
        _check_amount(name, getattr(data, name))
    if data.transport == Transport.PRIVATE_CAR and data.distance_km <= 0:
        raise ValidationError({"distance_km": _("Please give the distance there and back.")})
    if data.transport == Transport.FLIGHT and not data.transport_reason.strip():
        raise ValidationError({"transport_reason": _("Please say why a flight is needed.")})
    if data.transport == Transport.POOL_CAR:
        if data.car_id is None:
            raise ValidationError({"car": _("Please choose one of the free pool cars.")})
        car = free_cars(by, data.start, data.end).filter(pk=data.car_id).first()
        if car is None:
            raise ValidationError({"car": _("This pool car is not free for the whole trip; please choose another.")})
        # The car's own rules (licence check, longest booking, hours) are checked now, not at approval.
        from reservations.services import Request, check_request

        try:
            check_request(by, Request(resource=car, start=data.start, end=data.end, title=data.destination,
                                      destination=data.destination, purpose=data.purpose), now=now)
        except ValidationError as exc:
            raise ValidationError({"car": exc.messages}) from None


def _check_amount(name: str, amount: Decimal) -> None:
    if amount < 0:
        raise ValidationError({name: _("Amounts cannot be negative.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({name: _("This amount is too large: at most %(max)s € can be entered; for more "
                                       "please talk to the travel-cost office.") % {"max": number_format(
                                           MAX_AMOUNT, 0, force_grouping=True)}})


def _levels(request: ApprovalRequest) -> list[str]:
    return _chain(request.subject)


def _chain(trip: Trip, rules: list[TravelRuleSet] | None = None) -> list[str]:
    """The supervisor; then the head of department for trips abroad or above the cost limit. `rules`: all
    rule sets, oldest first, to read none (the inbox)."""
    limit = TravelRuleSet.valid_on(timezone.localtime(trip.start).date(), rules).second_level_from
    return ["supervisor", "second_level"] if trip.abroad or trip.estimated_costs >= limit else ["supervisor"]


def _trip_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """What the inbox shows of each trip to decide: destination, dates, estimated costs, whether another
    level decides after this one. Two queries for the page."""
    trips = subjects_of(Trip.objects.all(), steps)
    rules = list(TravelRuleSet.objects.order_by("valid_from"))
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        trip = trips.get(step.request_id)
        if trip is None:
            continue
        chain = _chain(trip, rules) if rules else ["supervisor"]
        follows = step.position < len(chain)
        facts[step.pk] = [
            Fact(_("Destination"), f"{trip.destination} ({_('abroad')})" if trip.abroad else trip.destination),
            Fact(_("Travel dates"), _span(trip.start, trip.end)),
            Fact(_("Estimated costs"), euros(trip.estimated_costs)),
            Fact(_("Further approval"), _("Yes: the next level up decides after you.") if follows
                 else _("No: your decision is the last one.")),
        ]
    return facts


def euros(amount: Decimal) -> str:
    """An amount as the inbox shows money, in the active language: 1.014,00 €."""
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} €"


def _span(start: datetime, end: datetime) -> str:
    return " – ".join(date_format(timezone.localtime(t), "SHORT_DATETIME_FORMAT") for t in (start, end))


def _summary(trip: Trip) -> str:
    start = timezone.localtime(trip.start)
    return f"Dienstreise nach {trip.destination}, {date_format(start, 'SHORT_DATE_FORMAT')}"


def _training_to_link(by: User, training_id: int | None) -> Training | None:
    """The course the trip is applied for (locked, so that two trips cannot both take it): one of the
    traveller's own, approved, without a trip yet."""
    if training_id is None:
        return None
    training = (Training.objects.select_for_update()
                .filter(pk=training_id, person=by, trip=None, state=TrainingState.APPROVED).first())
    if training is None:
        raise ValidationError({"training": _(
            "This trip cannot be linked to the course: only an approved course of yours that has no business "
            "trip yet can be. Please open the trip from the course's page again.")})
    return training


@transaction.atomic
def trip_apply(*, by: User, data: TripInput, now: datetime | None = None) -> Trip:
    """Apply for a trip and send it for approval; linked to its course when applied from one. All or
    nothing: a refused course link saves no trip."""
    now = now or timezone.now()
    _check(by, data, now)
    training = _training_to_link(by, data.training_id)
    pool_car_free = data.transport == Transport.PRIVATE_CAR and free_cars(by, data.start, data.end).exists()
    trip = Trip(
        person=by, destination=data.destination.strip(), purpose=data.purpose.strip(), start=data.start,
        end=data.end, abroad=data.abroad, transport=data.transport, transport_reason=data.transport_reason.strip(),
        distance_km=data.distance_km if data.transport == Transport.PRIVATE_CAR else 0,
        car_id=data.car_id if data.transport == Transport.POOL_CAR else None, tickets=data.tickets,
        lodging=data.lodging, fees=data.fees, advance=data.advance, pool_car_free=pool_car_free,
    )
    # The allowances as the claim will compute them, so the approvers (and the second-level limit) see them.
    trip.estimated_allowances = sum((line.amount for line in allowance_lines(
        trip, trip.start, trip.end, km=trip.distance_km, lodging=trip.lodging)), Decimal(0))
    trip.save()
    if training is not None:
        training.trip = trip
        training.save(update_fields=["trip"])
    trip.approval = approval_request_create(requester=by, kind=TRIP.key, subject=trip, summary=_summary(trip))
    trip.save(update_fields=["approval"])
    return trip


def _trip_of(approval: ApprovalRequest) -> Trip:
    return Trip.objects.select_for_update(of=("self",)).select_related("person", "car").get(approval=approval)


def _trip_approved(approval: ApprovalRequest) -> None:
    """Approved: the chosen pool car is booked for the trip (if it was taken meanwhile, the approval
    stops with the reason, and the traveller chooses another car)."""
    from reservations.services import Request, booking_create

    trip = _trip_of(approval)
    if trip.car_id:
        try:
            with transaction.atomic():
                trip.car_booking = booking_create(by=trip.person, wanted=Request(
                    resource=trip.car, start=trip.start, end=trip.end, title=f"Dienstreise {trip.destination}",
                    destination=trip.destination, purpose=trip.purpose))
        except ValidationError as exc:  # taken meanwhile: the trip stands, the traveller books another
            notify(recipient=trip.person, template="trip_car_not_booked",
                   context={"trip": trip, "reason": " ".join(exc.messages)},
                   link=reverse("reservations:overview"))
    subject_follow(approval, trip, "car_booking", "updated_at")


def _trip_closed(approval: ApprovalRequest) -> None:
    trip = _trip_of(approval)
    if trip.state == TripState.APPROVED and trip.start <= timezone.now():
        raise ValidationError(_("Only a trip that has not begun can be called off."))
    subject_follow(approval, trip, "updated_at")
    _release_car(trip)


def _release_car(trip: Trip) -> None:
    from reservations.services import booking_cancel

    booking = trip.car_booking
    if booking is not None and booking.active and booking.end > timezone.now():
        booking_cancel(by=trip.person, booking_id=booking.pk)


TRIP = register_kind(RequestKind(
    key="trip", label=gettext_lazy("Business trip"), levels=_levels, detail_template="travel/_trip_detail.html",
    inbox_facts=_trip_facts,
    cancellable_after_approval=True, on_approved=_trip_approved, on_closed=_trip_closed,
    follows={RequestState.APPROVED: TripState.APPROVED, RequestState.REJECTED: TripState.REJECTED,
             RequestState.WITHDRAWN: TripState.CANCELLED, RequestState.CANCELLED: TripState.CANCELLED},
))


@transaction.atomic
def trip_cancel(*, by: User, trip_id: int, now: datetime | None = None) -> Trip:
    """Call a trip off before it begins: a waiting application is withdrawn, an approved trip is
    cancelled; a booked pool car is released either way."""
    now = now or timezone.now()
    trip = Trip.objects.get(pk=trip_id)  # locked through its approval below: the same order as a decision
    if trip.person_id != by.pk:
        raise PermissionDenied
    if trip.state not in (TripState.SUBMITTED, TripState.APPROVED) or trip.start <= now:
        raise ValidationError(_("Only a trip that has not begun can be called off."))
    if trip.state == TripState.SUBMITTED:
        request_withdraw(by=by, request_id=trip.approval_id)
    else:  # the approvers are told; the pool car is released
        request_cancel(by=by, request_id=trip.approval_id)
    trip.refresh_from_db()  # _trip_closed set the state
    return trip


# --- The travel-cost claim ----------------------------------------------------------------------

@dataclass
class ClaimInput:
    actual_start: datetime
    actual_end: datetime
    business_hours: Decimal = Decimal(0)
    private_km: int = 0
    tickets: Decimal = Decimal(0)
    lodging: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    meals: dict[str, list[str]] = field(default_factory=dict)  # ISO day -> meals provided


def check_claim(trip: Trip, data: ClaimInput) -> None:
    """What a claim must keep to: the approved trip's times (a day either way), its distance, sane sums."""
    if data.actual_end <= data.actual_start:
        raise ValidationError({"actual_end": _("The return lies before the departure.")})
    if data.actual_end > timezone.now():
        raise ValidationError({"actual_end": _("A trip is claimed once it is over.")})
    if abs(data.actual_start - trip.start) > CLAIM_SLACK or abs(data.actual_end - trip.end) > CLAIM_SLACK:
        raise ValidationError({"actual_start": _(
            "The actual times may differ from the approved trip by a day at most; for a longer trip please "
            "apply for it.")})
    for name in ("tickets", "lodging", "fees"):
        _check_amount(name, getattr(data, name))
    if data.business_hours < 0:
        raise ValidationError({"business_hours": _("Amounts cannot be negative.")})
    if data.tickets + data.lodging + data.fees > MAX_CLAIM:
        raise ValidationError(_("A claim can ask for at most %(max)s €; for more please talk to the travel-cost "
                                "office.") % {"max": number_format(MAX_CLAIM, 0, force_grouping=True)})
    if data.business_hours * 3600 > Decimal((data.actual_end - data.actual_start).total_seconds()):
        raise ValidationError({"business_hours": _("The business cannot take longer than the trip.")})
    if trip.transport == Transport.PRIVATE_CAR and data.private_km > max(2 * trip.distance_km, 50):
        raise ValidationError({"private_km": _(
            "That is far more than the %(km)s km applied for; please explain to the travel-cost office.") % {
            "km": trip.distance_km}})


def allowance_lines(trip: Trip, start: datetime, end: datetime, *, km: int, lodging: Decimal,
                    meals: dict[str, list[str]] | None = None) -> list[Line]:
    """Per diem and kilometre allowance for a trip between two moments, with the rates of its first day:
    for the claim from what happened, for the application from what is planned (its estimate)."""
    zone = timezone.get_current_timezone()
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    rates = rates_on(start.date())
    provided = {date.fromisoformat(day): Meals(**{name: name in names for name in MEAL_NAMES})
                for day, names in (meals or {}).items()}
    overnight = lodging > 0 or end - start >= timedelta(hours=24)
    lines = per_diem(start, end, rates, provided, overnight=overnight)
    if trip.transport == Transport.PRIVATE_CAR:
        allowance = kilometre_allowance(km, good_reason=bool(trip.transport_reason),
                                        pool_car_free=trip.pool_car_free, rates=rates)
        if allowance is not None:
            lines.append(allowance)
    return lines


def claim_lines(trip: Trip, data: ClaimInput) -> list[Line]:
    """Every line of the calculation, the advance taken off at the end (call check_claim first)."""
    lines = allowance_lines(trip, data.actual_start, data.actual_end, km=data.private_km, lodging=data.lodging,
                            meals=data.meals)
    for text, amount in (("Fahrkarten", data.tickets), ("Übernachtung", data.lodging), ("Gebühren", data.fees)):
        if amount:
            lines.append(Line(f"{text} (laut Beleg)", amount))
    if trip.advance:
        lines.append(Line("Abschlag (bereits gezahlt)", -trip.advance))
    return lines


@transaction.atomic
def claim_submit(*, by: User, trip_id: int, data: ClaimInput, receipts: list[UploadedFile] = (),
                 today: date | None = None) -> TripClaim:
    today = today or timezone.localdate()
    trip = Trip.objects.select_for_update().get(pk=trip_id)
    if trip.person_id != by.pk:
        raise PermissionDenied
    if trip.state != TripState.APPROVED:
        raise ValidationError(_("A claim is made for an approved trip."))
    existing = TripClaim.objects.filter(trip=trip).first()
    if existing is not None and existing.state != ClaimState.REJECTED:
        raise ValidationError(_("This trip has been claimed already."))
    check_claim(trip, data)
    deadline = deadline_of(trip)
    if today > deadline:
        raise ValidationError(_("The claim period ended on %(date)s (six months after the trip, HRKG): the costs "
                                "can no longer be claimed. Please talk to the travel-cost office if there was "
                                "a reason you could not claim in time.") % {"date": date_format(deadline)})
    types = [validate_document(upload) for upload in receipts]  # all checked before anything is saved
    lines = claim_lines(trip, data)
    total = sum((line.amount for line in lines), Decimal(0))
    over, second_level = claim_review(trip, total + trip.advance)
    values = {"actual_start": data.actual_start, "actual_end": data.actual_end, "private_km": data.private_km,
              "business_hours": data.business_hours, "tickets": data.tickets, "lodging": data.lodging,
              "fees": data.fees, "meals": data.meals, "lines": [[line.text, str(line.amount)] for line in lines],
              "total": total, "over_estimate": over, "second_level": second_level, "state": ClaimState.SUBMITTED}
    claim, _created = TripClaim.objects.update_or_create(trip=trip, defaults=values)
    for upload, content_type in zip(receipts, types, strict=True):
        Receipt.objects.create(claim=claim, file=upload, name=upload.name[:200], content_type=content_type)
    with override("de"):  # the summary is German text: German amounts ("39,00 €")
        summary = f"Reisekostenabrechnung {trip.destination} ({euros(claim.total)})"
        if over:
            summary += f", {euros(over)} über der genehmigten Schätzung"
    claim.approval = approval_request_create(requester=by, kind=TRIP_CLAIM.key, subject=claim, summary=summary)
    claim.save(update_fields=["approval"])
    return claim


def claim_review(trip: Trip, costs: Decimal) -> tuple[Decimal, bool]:
    """How far the costs claimed lie above the approved estimate beyond the margin (TRAVEL_CLAIM_MARGIN_*),
    and whether the claim goes to the second level first: when it does lie above, or when it reaches the
    second-level limit on a trip that only the supervisor approved."""
    from django.conf import settings

    from intranet.approvals.models import ApprovalStep, StepState

    over = over_estimate(costs, trip.estimated_costs, margin_percent=settings.TRAVEL_CLAIM_MARGIN_PERCENT,
                         margin_min=Decimal(settings.TRAVEL_CLAIM_MARGIN_EUR))
    limit = TravelRuleSet.valid_on(timezone.localtime(trip.start).date()).second_level_from
    approved_above = ApprovalStep.objects.filter(request_id=trip.approval_id, level="second_level",
                                                 state=StepState.APPROVED).exists()
    return over, bool(over) or (costs >= limit and not approved_above)


def _claim_of(approval: ApprovalRequest) -> TripClaim:
    return TripClaim.objects.select_for_update().select_related("trip__person").get(approval=approval)


def _claim_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """What the inbox shows of each claim to decide: the trip as made, the costs claimed and their parts, the
    advance, what is paid out, and the claim against the approved estimate. The warning is the claim's own
    over_estimate, figured at submission by claim_review's margin (the one that sent it to the second level).
    One query for the page."""
    claims = subjects_of(TripClaim.objects.select_related("trip"), steps)
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        claim = claims.get(step.request_id)
        if claim is None:
            continue
        trip, costs = claim.trip, claim.costs
        parts = ((_("Per diem and kilometre allowance"), costs - claim.tickets - claim.lodging - claim.fees),
                 (_("Tickets"), claim.tickets), (_("Lodging"), claim.lodging), (_("Fees"), claim.fees))
        difference = costs - trip.estimated_costs
        lines = [
            Fact(_("Destination"), f"{trip.destination} ({_('abroad')})" if trip.abroad else trip.destination),
            Fact(_("Travel dates"), _span(claim.actual_start, claim.actual_end)),
            Fact(_("Costs claimed"), euros(costs),
                 items=tuple(f"{label}: {euros(amount)}" for label, amount in parts if amount)),
            Fact(_("Advance payment"), euros(trip.advance)),
            Fact(_("To be paid"), euros(claim.total)),
            Fact(_("Approved estimate"), euros(trip.estimated_costs)),
            Fact(_("Difference"), f"+{euros(difference)}" if difference > 0 else euros(difference)),
        ]
        if claim.over_estimate:
            lines.append(Fact(_("Above the estimate"), warning=True, value=_(
                "%(d)s € above the approved estimate, more than the margin allows: please check the reasons.")
                % {"d": number_format(claim.over_estimate, decimal_pos=2, force_grouping=True)}))
        facts[step.pk] = lines
    return facts


def _claim_approved(approval: ApprovalRequest) -> None:
    claim = _claim_of(approval)
    subject_follow(approval, claim)
    trip_time_credit(claim)


def _claim_returned(approval: ApprovalRequest) -> None:
    subject_follow(approval, _claim_of(approval))


TRIP_CLAIM = register_kind(RequestKind(
    key="trip_claim", label=gettext_lazy("Travel-cost claim"),
    levels=lambda request: ["second_level", "hr"] if request.subject.second_level else ["hr"],
    detail_template="travel/_trip_claim_detail.html", cancellable_after_approval=False, inbox_facts=_claim_facts,
    on_approved=_claim_approved, on_closed=_claim_returned,
    # A claim is not withdrawn or cancelled by its traveller; whatever closes it returns it.
    follows={RequestState.APPROVED: ClaimState.APPROVED, RequestState.REJECTED: ClaimState.REJECTED,
             RequestState.WITHDRAWN: ClaimState.REJECTED, RequestState.CANCELLED: ClaimState.REJECTED},
))


def trip_time_credit(claim: TripClaim) -> list[DayCredit]:
    """Credit the trip to the time account (§ 44(2) TVöD BT-V, domain.md 4.8): per day of the trip the
    business done there, with travel and waiting time on top up to the day's regular working time, as a
    day credit without clock times (no break, rest or Sunday rule applies to it; the sheet credits the day
    the greater of it and what was recorded). Days in a submitted or signed-off month are left as they are
    (the person asks for a correction)."""
    from timekeeping.worktime.timesheet import month_sheet

    zone = timezone.get_current_timezone()
    person = claim.trip.person
    start, end = timezone.localtime(claim.actual_start, zone), timezone.localtime(claim.actual_end, zone)
    total_hours = (end - start).total_seconds() / 3600
    targets: dict[date, timedelta] = {}
    created = []
    day = start.date()
    while day <= end.date():
        day_start = max(start, datetime.combine(day, time(), tzinfo=zone))
        day_end = min(end, datetime.combine(day + timedelta(days=1), time(), tzinfo=zone))
        absence = day_end - day_start
        share = absence.total_seconds() / 3600 / total_hours if total_hours else 0
        business = timedelta(hours=float(claim.business_hours) * share)
        if day not in targets:  # one sheet per month of the trip
            targets.update({d.date: d.target for d in month_sheet(person, day.replace(day=1)).days})
        credit = trip_credit(absence, business, targets[day])
        locked = MonthClosing.objects.filter(person=person, month=day.replace(day=1),
                                             state__in=[MonthState.SUBMITTED, MonthState.APPROVED]).exists()
        minutes = round(credit.total_seconds() / 60)
        if minutes and not locked:
            credit_row, _created = DayCredit.objects.update_or_create(claim=claim, date=day, defaults={
                "person": person, "kind": DayCredit.Kind.TRAVEL, "minutes": minutes,
                "note": f"Dienstreise {claim.trip.destination}"[:200]})
            created.append(credit_row)
        day += timedelta(days=1)
    return created


def claim_reminders_send(*, today: date | None = None) -> int:
    """Remind travellers of an unclaimed trip four weeks and one week before the claim deadline."""
    today = today or timezone.localdate()
    sent = 0
    rates = rule_sets()
    for trip in Trip.objects.filter(state=TripState.APPROVED, claim__isnull=True, end__lt=timezone.now(),
                                    claim_reminders__lt=2).select_related("person"):
        deadline = deadline_of(trip, rates)
        due = 1 if today >= deadline - timedelta(weeks=1) else (0 if today >= deadline - timedelta(weeks=4) else -1)
        if today <= deadline and due >= trip.claim_reminders:
            with transaction.atomic():
                if Trip.objects.filter(pk=trip.pk, claim_reminders=trip.claim_reminders).update(
                        claim_reminders=due + 1):
                    notify(recipient=trip.person, template="trip_claim_due",
                           context={"trip": trip, "deadline": deadline},
                           link=reverse("trips:trip_detail", args=[trip.pk]))
                    sent += 1
    return sent
