from __future__ import annotations

from django.urls import path

from . import approval_api

app_name = "intranet"

urlpatterns = [
    path("approvals/", approval_api.ApprovalListApi.as_view(), name="approval_list"),
    path("approvals/<int:pk>/approve/", approval_api.ApprovalApproveApi.as_view(), name="approval_approve"),
    path("approvals/<int:pk>/reject/", approval_api.ApprovalRejectApi.as_view(), name="approval_reject"),
    path("requests/", approval_api.GeneralRequestListApi.as_view(), name="request_list"),
    path("requests/<int:pk>/", approval_api.GeneralRequestDetailApi.as_view(), name="request_detail"),
    path("requests/<int:pk>/withdraw/", approval_api.GeneralRequestWithdrawApi.as_view(), name="request_withdraw"),
]
