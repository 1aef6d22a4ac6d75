"""What a leave request's task in the inbox shows without a click: the days, the balance left afterwards,
who else in the unit is away then, the stand-in. Read for all the page's leave tasks at once."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import User
from intranet.approvals.models import ApprovalStep
from intranet.approvals.workflow import Fact, subjects_of
from intranet.core.permissions import may

from .access import absence_label
from .models import DrawsOn, LeaveRequest
from .selectors import Balance, leave_balances, others_away_during


def days_text(days: Decimal) -> str:
    """"1 day", "2,5 days" (in the active language's number format)."""
    return ngettext("%(days)s day", "%(days)s days", 1 if days == 1 else 2) % {
        "days": number_format(days, decimal_pos=1 if days % 1 else 0)}


def _span(leave: LeaveRequest) -> str:
    start, end = date_format(leave.start, "SHORT_DATE_FORMAT"), date_format(leave.end, "SHORT_DATE_FORMAT")
    return start if leave.start == leave.end else f"{start} – {end}"


def leave_facts(viewer: User, steps: Sequence[ApprovalStep], *, cancellation: bool = False) -> dict[int, list[Fact]]:
    """Facts per step id, in a fixed number of queries: the leave requests, who else is away, and the
    balances of the requesters (per year the requests fall in)."""
    leaves = subjects_of(LeaveRequest.objects.select_related("person", "leave_type", "substitute"), steps,
                         link="cancellation" if cancellation else "approval")
    away = others_away_during(list(leaves.values()))
    balances: dict[tuple[int, int], Balance] = {}
    for year in {leave.start.year for leave in leaves.values()}:
        people = [leave.person_id for leave in leaves.values() if leave.start.year == year]
        balances.update({(pk, year): b for pk, b in leave_balances(people, year).items()})
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        leave = leaves.get(step.request_id)
        if leave is None:
            continue
        lines = [
            Fact(_("Kind"), absence_label(viewer, leave).name),
            Fact(_("Period"), _span(leave)),
            Fact(_("Leave days"), days_text(leave.days)),
        ]
        # The balance is the person's, their supervisors' and HR's to see, not a stand-in's (design.md, privacy).
        if leave.leave_type.draws_on == DrawsOn.ANNUAL and may(viewer, "timekeeping.see_absence_reason", leave.person):
            # available already counts the requests still waiting, this one among them.
            left = balances[(leave.person_id, leave.start.year)].available + (leave.days if cancellation else 0)
            lines.append(Fact(_("Leave left afterwards"), days_text(left), warning=left < 0))
        others = away[leave.pk]
        lines.append(Fact(
            _("Also away in the unit then"), "" if others else _("Nobody else."),
            items=tuple(f"{o.person.display_name}: {_span(o)} ({absence_label(viewer, o).name})" for o in others),
        ))
        lines.append(Fact(_("Stand-in"), leave.substitute.display_name if leave.substitute else _("none named")))
        facts[step.pk] = lines
    return facts


def cancellation_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    return leave_facts(viewer, steps, cancellation=True)
