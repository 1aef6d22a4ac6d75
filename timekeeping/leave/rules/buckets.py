"""Which leave buckets a request draws on: the one that expires first, among those still valid
on the day the leave starts (carried-over leave only has to be *started* by its deadline,
domain.md 3.7). Plain Python, used both to check a new request and to book an approved one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass
class Pot:
    id: int
    remaining: Decimal
    expires_on: date
    order: int  # tie-break between buckets expiring on the same day


@dataclass(frozen=True)
class Need:
    key: object
    start: date
    days: Decimal


class Shortfall(Exception):
    def __init__(self, need: Need, available: Decimal) -> None:
        super().__init__(f"{need.days} days needed, {available} available")
        self.need, self.available = need, available


def allocate(needs: list[Need], pots: list[Pot]) -> dict[object, list[tuple[int, Decimal]]]:
    """Take each need (earliest start first) from the pots valid at its start, earliest expiry first.

    Returns need key -> [(pot id, days)]; raises Shortfall for the first need that does not fit.
    The pots' `remaining` are reduced in place.
    """
    result: dict[object, list[tuple[int, Decimal]]] = {}
    for need in sorted(needs, key=lambda n: n.start):
        valid = sorted((p for p in pots if p.expires_on >= need.start and p.remaining > 0),
                       key=lambda p: (p.expires_on, p.order))
        available = sum((p.remaining for p in valid), Decimal(0))
        if available < need.days:
            raise Shortfall(need, available)
        left, taken = need.days, []
        for pot in valid:
            if left <= 0:
                break
            take = min(pot.remaining, left)
            pot.remaining -= take
            left -= take
            taken.append((pot.id, take))
        result[need.key] = taken
    return result
