"""A missing system part skips locally and fails in CI."""

from __future__ import annotations

import pytest

from tests import system_parts


def test_missing_part_skips_locally(monkeypatch) -> None:
    monkeypatch.setattr(system_parts, "MISSING", {"ldap": "slapd not installed"})
    monkeypatch.setattr(system_parts, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="slapd not installed"):
        system_parts.need("ldap")


def test_missing_part_fails_in_ci(monkeypatch) -> None:
    monkeypatch.setattr(system_parts, "MISSING", {"ldap": "slapd not installed"})
    monkeypatch.setattr(system_parts, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        system_parts.need("ldap")


def test_present_part_passes(monkeypatch) -> None:
    monkeypatch.setattr(system_parts, "MISSING", {})
    system_parts.need("ldap")
