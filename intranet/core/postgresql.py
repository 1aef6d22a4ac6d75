"""Schema that only PostgreSQL has (extensions, GiST and GIN indexes), for migrations: SQLite, the embedded
default, has no such things and keeps what it has."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import migrations


def on_postgresql(forward: Sequence[str], backward: Sequence[str]) -> migrations.RunPython:
    """A migration step that runs these statements on PostgreSQL only (and `backward` to undo them)."""

    def run(statements: Sequence[str]) -> Callable[[Any, Any], None]:
        def step(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return step

    return migrations.RunPython(run(forward), run(backward))
