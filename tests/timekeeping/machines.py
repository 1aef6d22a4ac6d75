"""What the invariant state machines share: each example starts from the cast alone and is rolled back."""

from __future__ import annotations

from django.db import transaction
from hypothesis.stateful import RuleBasedStateMachine


class RolledBackMachine(RuleBasedStateMachine):
    cast = None  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.people = {person.pk: person for person in (self.cast.ada, self.cast.carl)}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
