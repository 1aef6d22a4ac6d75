from __future__ import annotations

from django.urls import path

from . import api, time_api, trip_api

app_name = "timekeeping"

urlpatterns = [
    path("leave-types/", api.LeaveTypeListApi.as_view(), name="leave_type_list"),
    path("leave-requests/", api.LeaveRequestListApi.as_view(), name="leave_request_list"),
    path("leave-requests/<int:pk>/cancel/", api.LeaveRequestCancelApi.as_view(), name="leave_request_cancel"),
    path("leave-balance/", api.LeaveBalanceApi.as_view(), name="leave_balance"),
    path("absences/", api.AbsenceListApi.as_view(), name="absence_list"),
    path("time-entries/", time_api.TimeEntryListApi.as_view(), name="time_entry_list"),
    path("timekeeping/clock/", time_api.ClockApi.as_view(), name="clock"),
    path("timekeeping/export", time_api.TimeExportApi.as_view(), name="time_export"),
    path("timekeeping/months/<str:month>/", time_api.MonthSheetApi.as_view(), name="month_sheet"),
    path("timekeeping/months/<str:month>/submit/", time_api.MonthSubmitApi.as_view(), name="month_submit"),
    path("trips/", trip_api.TripListApi.as_view(), name="trip_list"),
    path("trips/<int:pk>/cancel/", trip_api.TripCancelApi.as_view(), name="trip_cancel"),
    path("trips/<int:pk>/claim/", trip_api.TripClaimApi.as_view(), name="trip_claim"),
    path("trainings/", trip_api.TrainingListApi.as_view(), name="training_list"),
]
