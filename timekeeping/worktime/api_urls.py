from __future__ import annotations

from django.urls import path

from . import api

app_name = "worktime"

urlpatterns = [
    path("time-entries/", api.TimeEntryListApi.as_view(), name="time_entry_list"),
    path("timekeeping/clock/", api.ClockApi.as_view(), name="clock"),
    path("timekeeping/export", api.TimeExportApi.as_view(), name="time_export"),
    path("timekeeping/months/<str:month>/", api.MonthSheetApi.as_view(), name="month_sheet"),
    path("timekeeping/months/<str:month>/submit/", api.MonthSubmitApi.as_view(), name="month_submit"),
]
