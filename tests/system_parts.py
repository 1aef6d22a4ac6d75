"""The system parts some tests need, and what happens when one is missing.

Missing locally: the tests needing it are skipped, with one loud line in the report header.
Missing with CI=true: the run fails, so CI never passes by skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SLAPD = Path("/usr/sbin/slapd")
SAMBA = Path("/usr/sbin/samba")
SAMBA_SCHEMA = "/usr/share/samba/setup/ad-schema"  # samba-ad-provision: samba-tool cannot provision without it
CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"  # LibreOffice (Debian: libreoffice-calc-nogui)
NODE = shutil.which("node") or "/usr/bin/node"


def _missing() -> dict[str, str]:
    missing = {}
    if not SLAPD.exists() or not shutil.which("ldapadd"):
        missing["ldap"] = "slapd / ldap-utils not installed (apt-get install slapd ldap-utils)"
    samba_tools = shutil.which("samba-tool") and shutil.which("openssl")
    if not SAMBA.exists() or not samba_tools or not Path(SAMBA_SCHEMA).exists():
        missing["samba"] = ("Samba AD DC not installed (apt-get install samba samba-dsdb-modules samba-vfs-modules "
                            "samba-ad-provision openssl)")
    if not CHROMIUM.exists():
        missing["browser"] = "chromium not installed (apt-get install chromium)"
    if not Path(SOFFICE).exists():
        missing["libreoffice"] = "LibreOffice Calc not installed (apt-get install libreoffice-calc-nogui)"
    # ical.js itself comes from npm (tests/js): the fixture runs `npm ci` when it is not there yet.
    if not Path(NODE).exists() or not shutil.which("npm"):
        missing["icaljs"] = "node / npm not installed for Mozilla's ical.js (apt-get install nodejs npm)"
    if not shutil.which("msgfmt"):
        missing["gettext"] = "gettext's msgfmt not installed (apt-get install gettext)"
    return missing


MISSING = _missing()
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(part: str) -> None:
    """Skip (or, in CI, fail) the calling test or fixture when the part is missing."""
    if part in MISSING:
        if IN_CI:
            pytest.fail(f"CI=true and a system part is missing: {MISSING[part]}")
        pytest.skip(MISSING[part])
