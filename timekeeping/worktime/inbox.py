"""What the inbox shows of a month to sign off (its balance and warnings) and of a time correction (the day
before and after it), read for all the page's tasks of a kind at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import User
from intranet.approvals.models import ApprovalStep
from intranet.approvals.workflow import Fact, subjects_of

from .models import MonthClosing, TimeCorrection, TimeEntry
from .templatetags.worktime import minutes_as_hours
from .timesheet import MonthSheet, month_sheets
from .wording import WARNING_LABELS


def timesheet_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """The month's figures as submitted and the warnings of its sheet: one batch of sheets per month on the
    page (month_sheets reads a fixed number of queries for any number of people)."""
    closings = subjects_of(MonthClosing.objects.select_related("person"), steps)
    sheets: dict[tuple[int, object], MonthSheet] = {}
    for month in {c.month for c in closings.values()}:
        people = [c.person for c in closings.values() if c.month == month]
        sheets.update({(s.person.pk, month): s for s in month_sheets(people, month, complete=True)})
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        closing = closings.get(step.request_id)
        if closing is None:
            continue
        sheet = sheets[(closing.person_id, closing.month)]
        counts = Counter(w for day in sheet.days for w in day.result.warnings)
        carried = minutes_as_hours(closing.carried_minutes)
        if closing.forfeited_minutes:
            carried += f" ({_('forfeited')}: {minutes_as_hours(closing.forfeited_minutes)})"
        facts[step.pk] = [
            Fact(_("Month"), date_format(closing.month, "F Y")),
            Fact(_("Flexitime balance"), minutes_as_hours(closing.balance_minutes)),
            Fact(_("Carried into next month"), carried),
            Fact(_("Warnings"), "" if counts else _("none"), warning=bool(counts),
                 items=tuple(f"{n} × {WARNING_LABELS.get(w, w)}" for w, n in sorted(counts.items()))),
        ]
    return facts


def _periods(entries: Sequence[TimeEntry]) -> tuple[str, ...]:
    return tuple(
        f"{timezone.localtime(e.start):%H:%M}–{timezone.localtime(e.end):%H:%M}" if e.end
        else f"{timezone.localtime(e.start):%H:%M}–" for e in sorted(entries, key=lambda e: e.start))


def correction_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """The day as recorded now and as it would be with the correction: two queries for the page."""
    corrections = subjects_of(TimeCorrection.objects.all(), steps)
    days = {(c.person_id, timezone.localtime(c.start).date()) for c in corrections.values()}
    recorded: dict[tuple[int, object], list[TimeEntry]] = {}
    if days:
        zone = timezone.get_current_timezone()
        first = datetime.combine(min(d for _p, d in days), time(), tzinfo=zone)
        last = datetime.combine(max(d for _p, d in days) + timedelta(days=1), time(), tzinfo=zone)
        for entry in TimeEntry.objects.filter(person_id__in={p for p, _d in days}, start__gte=first, start__lt=last):
            key = (entry.person_id, timezone.localtime(entry.start).date())
            if key in days:
                recorded.setdefault(key, []).append(entry)
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        correction = corrections.get(step.request_id)
        if correction is None:
            continue
        before = recorded.get((correction.person_id, timezone.localtime(correction.start).date()), [])
        if correction.action == TimeCorrection.Action.ADD:
            after = [*before, TimeEntry(start=correction.start, end=correction.end)]
        else:
            after = [e for e in before if e.pk != correction.entry_id]
        facts[step.pk] = [
            Fact(_("Day"), date_format(timezone.localtime(correction.start), "SHORT_DATE_FORMAT")),
            Fact(_("Change"), correction.get_action_display()),
            Fact(_("Before"), "" if before else _("nothing recorded"), items=_periods(before)),
            Fact(_("After"), "" if after else _("nothing recorded"), items=_periods(after)),
            Fact(_("Reason"), correction.reason),
        ]
    return facts
