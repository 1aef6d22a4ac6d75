"""Root URLs: pages, sign-in, the API under /api/v1/ and its schema."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from directory import views as directory_views
from intranet import views
from intranet.approvals import views as approval_views

api_v1 = [
    path("", include("directory.api_urls")),
    path("", include("intranet.approvals.api_urls")),
    path("", include("timekeeping.leave.api_urls")),
    path("", include("timekeeping.worktime.api_urls")),
    path("", include("timekeeping.travel.api_urls")),
    path("", include("reservations.api_urls")),
]

# /aufgaben/ and /antraege/: the approval workflow
approval_urls = [
    path("aufgaben/", approval_views.inbox, name="inbox"),
    path("aufgaben/genehmigen/", approval_views.inbox_bulk_approve, name="inbox_bulk_approve"),
    path("aufgaben/<int:step_id>/genehmigen/", approval_views.step_approve, name="step_approve"),
    path("aufgaben/<int:step_id>/ablehnen/", approval_views.step_reject, name="step_reject"),
    path("antraege/", approval_views.request_list, name="request_list"),
    path("antraege/alle/", approval_views.request_search, name="request_search"),
    path("antraege/neu/", approval_views.general_request_new, name="general_request_new"),
    path("antraege/<int:pk>/", approval_views.request_detail, name="request_detail"),
    path("antraege/<int:pk>/anhang/", approval_views.general_request_attachment, name="general_request_attachment"),
    path("antraege/<int:pk>/zurueckziehen/", approval_views.request_withdraw_view, name="request_withdraw"),
    path("antraege/<int:pk>/stornieren/", approval_views.request_cancel_view, name="request_cancel"),
    path("einstellungen/", approval_views.preferences, name="preferences"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *approval_urls,
    path("telefonbuch/", include("directory.urls")),
    path("abwesenheiten/", include("timekeeping.leave.urls")),
    path("arbeitszeit/", include("timekeeping.worktime.urls")),
    path("buchen/", include("reservations.urls")),
    path("dienstreisen/", include("timekeeping.travel.urls")),
    path("verwaltung/verzeichnis/", directory_views.directory_test, name="directory_test"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("sitzung/", views.session_status, name="session_status"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("hilfe/", include("intranet.help.urls")),
    path("barrierefreiheit/", views.accessibility_statement, name="accessibility"),
    path("datenschutz/", views.privacy_notice, name="privacy"),
    path("health/", views.health, name="health"),
    path("feeds/<str:token>/<slug:name>.ics", views.feed, name="feed"),
    path("einstellungen/kalender/<str:action>/", views.feed_token_change, name="feed_token_change"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    # The schema and docs are the intranet's map: for signed-in staff only (401/403 for the schema, the
    # sign-in page for the docs).
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    # Swagger UI sets inline styles; this one page allows them (scripts stay 'self' only).
    path(
        "api/docs/",
        login_required(csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema"))),
        name="api_docs",
    ),
]

handler404 = "intranet.views.not_found"
handler500 = "intranet.views.server_error"
