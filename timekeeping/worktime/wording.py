"""What the day's warnings are called: in full on the sheet, short in column headers and the inbox."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .rules.worktime import Warning

WARNING_TEXTS = {
    Warning.BREAK_TOO_SHORT: gettext_lazy("break too short: the missing break was deducted"),
    Warning.TOO_LONG_WITHOUT_BREAK: gettext_lazy("more than 6 hours without a break"),
    Warning.OVER_10_HOURS: gettext_lazy("more than 10 hours: the excess is recorded, not credited"),
    Warning.REST_TOO_SHORT: gettext_lazy("less than 11 hours of rest"),
    Warning.SUNDAY_OR_HOLIDAY: gettext_lazy("work on a Sunday or public holiday: a substitute rest day is owed"),
    Warning.OUTSIDE_FRAME: gettext_lazy("outside the flexitime window"),
    Warning.CORE_TIME_MISSED: gettext_lazy("absent during core time"),
    Warning.NO_SUBSTITUTE_REST_DAY: gettext_lazy("no substitute rest day was given in time (ArbZG § 11)"),
    Warning.ABSENT_BUT_RECORDED: gettext_lazy(
        "recorded time on a day of absence: it is not credited; please correct the time or the absence"),
}

# Short names for column headers (the council report); the long texts above explain them.
WARNING_LABELS = {
    Warning.BREAK_TOO_SHORT: gettext_lazy("break too short"),
    Warning.TOO_LONG_WITHOUT_BREAK: gettext_lazy("> 6 h without break"),
    Warning.OVER_10_HOURS: gettext_lazy("> 10 hours"),
    Warning.REST_TOO_SHORT: gettext_lazy("rest < 11 h"),
    Warning.SUNDAY_OR_HOLIDAY: gettext_lazy("Sunday or holiday"),
    Warning.OUTSIDE_FRAME: gettext_lazy("outside window"),
    Warning.CORE_TIME_MISSED: gettext_lazy("core time missed"),
    Warning.NO_SUBSTITUTE_REST_DAY: gettext_lazy("no substitute rest day"),
    Warning.ABSENT_BUT_RECORDED: gettext_lazy("time on an absence day"),
}
