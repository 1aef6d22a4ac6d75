from __future__ import annotations

from django.urls import path

from . import views

app_name = "time"

# /arbeitszeit/
urlpatterns = [
    path("", views.sheet_current, name="sheet_current"),
    path("<int:year>-<int:month>/", views.month_sheet_view, name="month_sheet"),
    path("<int:year>-<int:month>/einreichen/", views.month_submit_view, name="month_submit"),
    path("<int:year>-<int:month>/korrektur/", views.time_correction_add, name="time_correction_add"),
    path("eintraege/", views.time_entry_add, name="time_entry_add"),
    path("eintraege/<int:pk>/loeschen/", views.time_entry_remove, name="time_entry_remove"),
    path("stempeln/", views.clock, name="clock"),
    path("team/", views.team_month, name="team_month"),
    path("export/", views.time_export, name="time_export"),
    path("personalrat/", views.council_report_view, name="council_report"),
]
