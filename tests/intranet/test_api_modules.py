"""The API's module switches (intranet.core.modules.ModuleEnabled): every API view of a switchable app names its
module, and a switched-off module's API answers 404, as its pages do, after the 401 for a stranger."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SWITCHABLE_APPS = ("directory.", "timekeeping.", "reservations.")
KWARGS = {"pk": 1, "month": "2026-11"}


def _api_views() -> list[tuple[str, type]]:
    """(a path with made-up arguments, the view class) of every API view under /api/v1/."""
    (api,) = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/"]
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                for name, value in KWARGS.items():
                    route = route.replace(f"<int:{name}>", str(value)).replace(f"<str:{name}>", str(value))
                found.append(("/api/v1/" + route, pattern.callback.cls))
            else:
                walk(pattern.url_patterns, prefix + str(pattern.pattern))

    walk(api.url_patterns, "")
    return found


def test_every_api_view_of_a_switchable_app_names_its_module() -> None:
    views = [(path, view) for path, view in _api_views() if view.__module__.startswith(SWITCHABLE_APPS)]
    assert len(views) > 20
    unnamed = [path for path, view in views if not getattr(view, "module", None) and view.__name__ != "MeApi"]
    assert unnamed == []


def test_a_switched_off_module_has_no_api(cast, settings) -> None:
    api = APIClient()
    api.force_authenticate(cast.dan)
    views = [(path, view) for path, view in _api_views() if getattr(view, "module", None)]
    for path, view in views:
        modules = (view.module,) if isinstance(view.module, str) else view.module
        settings.MODULES = [m for m in settings.ALL_MODULES if m not in modules]
        method = "get" if hasattr(view, "get") else "post"
        assert getattr(api, method)(path).status_code == 404, path
        assert getattr(APIClient(), method)(path).status_code == 401, path  # a stranger learns nothing more


def test_a_switched_on_module_answers(cast, settings) -> None:
    api = APIClient()
    api.force_authenticate(cast.dan)
    settings.MODULES = ["leave", "cars"]  # bookings stay while one of rooms and cars is on
    assert api.get("/api/v1/leave-types/").status_code == 200
    assert api.get("/api/v1/bookings/").status_code == 200
    assert api.get("/api/v1/trips/").status_code == 404
