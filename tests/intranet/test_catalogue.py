"""The committed German catalogue (.mo, which the intranet reads) says what its source (.po) says: a merge
that took one side's .mo, or compilemessages skipping a .po older than its .mo, left German strings out
and the pages in English."""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

from tests.system_parts import need

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES"


def test_the_compiled_catalogue_matches_its_source(tmp_path) -> None:
    need("gettext")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", fresh, LOCALE / "django.po"], check=True)
    with fresh.open("rb") as source, (LOCALE / "django.mo").open("rb") as committed:
        wanted, have = gettext.GNUTranslations(source)._catalog, gettext.GNUTranslations(committed)._catalog
    missing = sorted(str(key) for key in wanted.keys() - have.keys())
    changed = sorted(str(key) for key in wanted.keys() & have.keys() if wanted[key] != have[key])
    assert not missing and not changed, (
        f"run compilemessages -l de after touching the .po: missing {missing[:5]}, changed {changed[:5]}")
