"""Training (Fortbildung): the request, approval by the supervisor and then HR (the training budget),
the absence the approved course creates, the certificate afterwards, and each unit's budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import OrgUnit, User
from intranet.approvals.models import ApprovalRequest, ApprovalStep, RequestState
from intranet.approvals.workflow import (
    Fact,
    RequestKind,
    approval_request_create,
    register_kind,
    subject_follow,
    subjects_of,
)
from intranet.core.permissions import may
from intranet.core.uploads import validate_document
from timekeeping.leave.models import LeaveRequest, LeaveState, LeaveType

from .models import Training, TrainingBudget, TrainingState
from .trips import euros


@dataclass
class TrainingInput:
    course: str
    provider: str
    start: date
    end: date
    place: str
    reason: str
    fee: Decimal = Decimal(0)
    travel_costs: Decimal = Decimal(0)
    mandatory: bool = False
    needs_travel: bool = False


@transaction.atomic
def training_request(*, by: User, data: TrainingInput, today: date | None = None) -> Training:
    today = today or timezone.localdate()
    for name in ("course", "provider", "place", "reason"):
        if not getattr(data, name).strip():
            raise ValidationError({name: _("This field is required.")})
    if data.end < data.start:
        raise ValidationError({"end": _("The end lies before the start.")})
    if data.start < today:
        raise ValidationError({"start": _("A course is requested before it begins.")})
    if data.fee < 0 or data.travel_costs < 0:
        raise ValidationError({"fee" if data.fee < 0 else "travel_costs": _("Amounts cannot be negative.")})
    training = Training.objects.create(
        person=by, course=data.course.strip(), provider=data.provider.strip(), start=data.start, end=data.end,
        place=data.place.strip(), reason=data.reason.strip(), fee=data.fee, travel_costs=data.travel_costs,
        mandatory=data.mandatory, needs_travel=data.needs_travel, unit_id=by.org_unit_id)
    training.approval = approval_request_create(
        requester=by, kind=TRAINING.key, subject=training,
        summary=f"Fortbildung {training.course} ({date_format(training.start, 'SHORT_DATE_FORMAT')})")
    training.save(update_fields=["approval"])
    return training


def _training_of(approval: ApprovalRequest) -> Training:
    return Training.objects.select_for_update().select_related("person").get(approval=approval)


def _training_approved(approval: ApprovalRequest) -> None:
    """Approved by the last level (HR): the course days become an absence of the type Fortbildung."""
    training = _training_of(approval)
    leave_type = LeaveType.objects.filter(code="fortbildung").first()
    if leave_type is not None and training.absence_id is None:
        from timekeeping.leave.services import leave_days_of

        days = leave_days_of(training.person, training.start, training.end)
        if days:
            training.absence = LeaveRequest.objects.create(
                person=training.person, leave_type=leave_type, start=training.start, end=training.end, days=days,
                state=LeaveState.APPROVED, comment=f"Fortbildung: {training.course}"[:500])
    subject_follow(approval, training, "absence")


def _training_closed(approval: ApprovalRequest) -> None:
    subject_follow(approval, _training_of(approval))


def _training_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """What the inbox shows of each course to decide: what, by whom, when and where, its fee and travel costs;
    to those who may see the unit's training budget (its heads and HR) what the budget has left once this
    course is approved too. One query for the courses, and budget_lines' three per year of the page's budgets."""
    trainings = subjects_of(Training.objects.select_related("unit"), steps)
    wanted: dict[int, dict[int, OrgUnit]] = {}  # year -> the units whose budget the viewer may see
    for t in trainings.values():
        if t.unit is not None and may(viewer, "timekeeping.view_training_budget", t.unit):
            wanted.setdefault(t.start.year, {})[t.unit.pk] = t.unit
    left = {(line.unit.pk, year): line.left
            for year, units in wanted.items() for line in budget_lines(year, list(units.values()))}
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        training = trainings.get(step.request_id)
        if training is None:
            continue
        start, end = (date_format(d, "SHORT_DATE_FORMAT") for d in (training.start, training.end))
        lines = [
            Fact(_("Course"), f"{training.course} ({_('mandatory')})" if training.mandatory else training.course),
            Fact(_("Provider"), training.provider),
            Fact(_("When"), start if start == end else f"{start} – {end}"),
            Fact(_("Place"), training.place),
            Fact(_("Course fee"), euros(training.fee)),
            Fact(_("Travel costs (estimated)"), euros(training.travel_costs)),
        ]
        unit, year = training.unit, training.start.year
        if unit is not None and (unit.pk, year) in left:  # only read for those who may see it
            after = left[(unit.pk, year)] - training.costs  # approved courses count in it already, this one not yet
            lines.append(Fact(_("Training budget left afterwards"), f"{euros(after)} ({unit.code}, {year})",
                              warning=after < 0))
        facts[step.pk] = lines
    return facts


TRAINING = register_kind(RequestKind(
    key="training", label=gettext_lazy("Training"), levels=lambda request: ["supervisor", "hr"],
    detail_template="travel/_training_detail.html", cancellable_after_approval=False, inbox_facts=_training_facts,
    on_approved=_training_approved, on_closed=_training_closed,
    follows={RequestState.APPROVED: TrainingState.APPROVED, RequestState.REJECTED: TrainingState.REJECTED,
             RequestState.WITHDRAWN: TrainingState.CANCELLED, RequestState.CANCELLED: TrainingState.CANCELLED},
))


@transaction.atomic
def certificate_upload(*, by: User, training_id: int, upload: UploadedFile) -> Training:
    training = Training.objects.select_for_update().get(pk=training_id)
    if training.person_id != by.pk:
        raise PermissionDenied
    if training.state != TrainingState.APPROVED:
        raise ValidationError(_("A certificate belongs to an approved course."))
    training.certificate_type = validate_document(upload)
    training.certificate.save(f"{training.person_id}-{training.pk}", upload, save=False)
    training.save(update_fields=["certificate", "certificate_type"])
    return training


@dataclass
class BudgetLine:
    unit: OrgUnit
    planned: Decimal
    committed: Decimal   # approved courses still to come
    spent: Decimal       # approved courses that have taken place

    @property
    def left(self) -> Decimal:
        return self.planned - self.committed - self.spent


def budget_lines(year: int, units: list[OrgUnit], today: date | None = None) -> list[BudgetLine]:
    """Planned, committed and spent per unit for a year (three queries whatever the number of units)."""
    today = today or timezone.localdate()
    ids = [u.pk for u in units]
    planned = dict(TrainingBudget.objects.filter(year=year, unit_id__in=ids).values_list("unit_id", "planned"))
    approved = Training.objects.filter(unit_id__in=ids, start__year=year, state=TrainingState.APPROVED)

    def sums(rows) -> dict[int, Decimal]:
        return {row["unit_id"]: (row["fee"] or 0) + (row["travel"] or 0) for row in rows.values("unit_id").annotate(
            fee=Sum("fee"), travel=Sum("travel_costs"))}

    committed, spent = sums(approved.filter(end__gte=today)), sums(approved.filter(end__lt=today))
    return [BudgetLine(u, planned.get(u.pk, Decimal(0)), committed.get(u.pk, Decimal(0)), spent.get(u.pk, Decimal(0)))
            for u in units]
