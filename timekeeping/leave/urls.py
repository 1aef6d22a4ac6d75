from __future__ import annotations

from django.urls import path

from . import views

app_name = "timekeeping"

# /abwesenheiten/ (leave; working time is in time_urls.py under /arbeitszeit/)
urlpatterns = [
    path("", views.leave_overview, name="leave_overview"),
    path("neu/", views.leave_new, name="leave_new"),
    path("vorschau/", views.leave_quote_view, name="leave_quote"),
    path("<int:pk>/stornieren/", views.leave_cancel_view, name="leave_cancel"),
    path("<int:pk>/beenden/", views.leave_end_early_view, name="leave_end_early"),
    path("team/", views.team_calendar, name="team_calendar"),
    path("verwaltung/", views.leave_admin, name="leave_admin"),
    path("verwaltung/abwesenheit/", views.absence_enter, name="absence_enter"),
    path("verwaltung/export/", views.absence_export, name="absence_export"),
]
