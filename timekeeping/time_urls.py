from __future__ import annotations

from django.urls import path

from . import time_views

app_name = "time"

# /arbeitszeit/
urlpatterns = [
    path("", time_views.sheet_current, name="sheet_current"),
    path("<int:year>-<int:month>/", time_views.month_sheet_view, name="month_sheet"),
    path("<int:year>-<int:month>/einreichen/", time_views.month_submit_view, name="month_submit"),
    path("<int:year>-<int:month>/korrektur/", time_views.time_correction_add, name="time_correction_add"),
    path("eintraege/", time_views.time_entry_add, name="time_entry_add"),
    path("eintraege/<int:pk>/loeschen/", time_views.time_entry_remove, name="time_entry_remove"),
    path("stempeln/", time_views.clock, name="clock"),
    path("team/", time_views.team_month, name="team_month"),
    path("export/", time_views.time_export, name="time_export"),
    path("personalrat/", time_views.council_report_view, name="council_report"),
]
