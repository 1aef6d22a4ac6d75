"""Is a person away on a day? The one question approval routing asks ("head absent: ask the deputy").

Apps that know about absences (leave, business trips) register a check here; the approval workflow
only ever calls is_absent(). Without any registered check nobody counts as absent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

AbsenceCheck = Callable[[int, date], bool]
_checks: list[AbsenceCheck] = []


def register_absence_check(check: AbsenceCheck) -> AbsenceCheck:
    if check not in _checks:
        _checks.append(check)
    return check


def unregister_absence_check(check: AbsenceCheck) -> None:
    if check in _checks:
        _checks.remove(check)


def is_absent(user_id: int, day: date) -> bool:
    return any(check(user_id, day) for check in _checks)
