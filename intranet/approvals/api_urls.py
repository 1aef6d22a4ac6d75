from __future__ import annotations

from django.urls import path

from . import api

app_name = "intranet"

urlpatterns = [
    path("approvals/", api.ApprovalListApi.as_view(), name="approval_list"),
    path("approvals/<int:pk>/approve/", api.ApprovalApproveApi.as_view(), name="approval_approve"),
    path("approvals/<int:pk>/reject/", api.ApprovalRejectApi.as_view(), name="approval_reject"),
    path("requests/", api.GeneralRequestListApi.as_view(), name="request_list"),
    path("requests/<int:pk>/", api.GeneralRequestDetailApi.as_view(), name="request_detail"),
    path("requests/<int:pk>/withdraw/", api.GeneralRequestWithdrawApi.as_view(), name="request_withdraw"),
]
