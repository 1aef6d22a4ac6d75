from __future__ import annotations

from django.urls import path

from . import api

app_name = "leave"

urlpatterns = [
    path("leave-types/", api.LeaveTypeListApi.as_view(), name="leave_type_list"),
    path("leave-requests/", api.LeaveRequestListApi.as_view(), name="leave_request_list"),
    path("leave-requests/<int:pk>/cancel/", api.LeaveRequestCancelApi.as_view(), name="leave_request_cancel"),
    path("leave-balance/", api.LeaveBalanceApi.as_view(), name="leave_balance"),
    path("absences/", api.AbsenceListApi.as_view(), name="absence_list"),
]
