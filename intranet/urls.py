"""Root URLs: pages, sign-in, the API under /api/v1/ and its schema."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from intranet import views

api_v1 = [
    path("", include("directory.api_urls")),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("barrierefreiheit/", views.accessibility_statement, name="accessibility"),
    path("datenschutz/", views.privacy_notice, name="privacy"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles; this one page allows them (scripts stay 'self' only).
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api_docs",
    ),
]
