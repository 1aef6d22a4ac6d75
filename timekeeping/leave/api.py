"""Leave API: types, requests, balance, absences. Same services, selectors and rules as the pages."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.models import OrgUnit, User
from directory.selectors import people_led_by
from intranet.core.api import CodeField, PagedListApi, PersonRefSerializer, TextField, WholeNumberField, YesNoField
from intranet.core.permissions import fetch

from .access import SICK, absence_label
from .filters import AbsenceFilter
from .models import LeaveRequest, LeaveType
from .selectors import leave_balance
from .services import leave_cancel, leave_request_create


class LeaveTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    draws_on = serializers.CharField()
    needs_approval = serializers.BooleanField()
    needs_certificate = serializers.BooleanField()
    notice_days = serializers.IntegerField()


class LeaveTypeListApi(APIView):
    module = "leave"

    @extend_schema(responses=LeaveTypeSerializer(many=True), summary="Kinds of absence the caller may use")
    def get(self, request: Request) -> Response:
        types = [t for t in LeaveType.objects.filter(active=True) if t.allowed_for(request.user.status_group)]
        return Response(LeaveTypeSerializer(types, many=True).data)


class LeaveRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person = PersonRefSerializer()
    leave_type = serializers.SerializerMethodField()
    start = serializers.DateField()
    end = serializers.DateField()
    start_half = serializers.BooleanField()
    end_half = serializers.BooleanField()
    days = serializers.DecimalField(max_digits=5, decimal_places=1)
    state = serializers.CharField()
    approval_id = serializers.IntegerField(allow_null=True)
    certificate_due = serializers.SerializerMethodField(
        help_text="Sickness: the sick note is due by then (shown to the person and HR)")

    def get_leave_type(self, leave: LeaveRequest) -> str | None:
        # The type's code only for whom may see the reason; others get null. A supervisor sees that it is a
        # sickness, as absence_label says, and this field names leave types: the sickness type's code, as before.
        seen = absence_label(self.context["request"].user, leave)
        if not seen.reason_shown:
            return None
        return leave.leave_type.code if seen.code == SICK else seen.code

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_certificate_due(self, leave: LeaveRequest) -> date | None:
        # A sick note's date is a sickness detail: the person and HR only.
        return leave.certificate_due if absence_label(self.context["request"].user, leave).details else None


class LeaveRequestInput(serializers.Serializer):
    leave_type = CodeField(slug_field="code", queryset=LeaveType.objects.filter(active=True))
    start = serializers.DateField()
    end = serializers.DateField()
    start_half = YesNoField(default=False)
    end_half = YesNoField(default=False)
    substitute = CodeField(slug_field="username", queryset=User.objects.filter(is_active=True),
                                              required=False, allow_null=True, default=None)
    comment = TextField(required=False, allow_blank=True, default="", max_length=500)
    person = CodeField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True,
        default=None, help_text="HR only: enter the absence for this person (recorded as approved; also for "
        "older days and in months already signed off, whose figures are then recomputed).")


def _requests_visible_to(user: User):
    # One IN over the people (the user and those they lead), not "the user OR one of them": PostgreSQL
    # answered the OR by reading every request and hashing the whole staff table for the few rows shown.
    people = people_led_by(user) | User.objects.filter(pk=user.pk)
    return LeaveRequest.objects.filter(person__in=people).select_related("person", "leave_type")


class LeaveRequestListApi(PagedListApi):
    module = "leave"

    @extend_schema(responses=LeaveRequestSerializer(many=True), summary="My leave requests and, for supervisors, "
                   "those of the people they lead")
    def get(self, request: Request) -> Response:
        return self.page(request, _requests_visible_to(request.user).order_by("-start"), LeaveRequestSerializer)

    @extend_schema(request=LeaveRequestInput, responses={201: LeaveRequestSerializer},
                   summary="Request leave (or report sickness) for myself; HR: enter an absence for a person")
    def post(self, request: Request) -> Response:
        data = LeaveRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        leave = leave_request_create(by=request.user, **data.validated_data)
        return Response(LeaveRequestSerializer(leave, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class LeaveRequestCancelApi(APIView):
    module = "leave"

    @extend_schema(request=None, responses=LeaveRequestSerializer,
                   summary="Withdraw a waiting request, or ask to cancel approved leave that has not begun")
    def post(self, request: Request, pk: int) -> Response:
        leave = get_object_or_404(_requests_visible_to(request.user), pk=pk)
        leave = leave_cancel(by=request.user, leave_id=leave.pk)
        return Response(LeaveRequestSerializer(leave, context={"request": request}).data)


class BalanceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    entitlement = serializers.DecimalField(max_digits=5, decimal_places=1)
    taken = serializers.DecimalField(max_digits=5, decimal_places=1)
    pending = serializers.DecimalField(max_digits=5, decimal_places=1)
    carried_out = serializers.DecimalField(max_digits=5, decimal_places=1,
                                           help_text="Days moved into the next year's carried-over bucket")
    expired = serializers.DecimalField(max_digits=5, decimal_places=1,
                                       help_text="Days of carried-over leave whose deadline has passed unused")
    available = serializers.DecimalField(max_digits=5, decimal_places=1,
                                         help_text="entitlement - taken - pending - carried_out - expired")
    buckets = serializers.SerializerMethodField()

    def get_buckets(self, balance) -> list[dict]:
        return [{"kind": b.bucket.kind, "days": b.bucket.days, "remaining": b.remaining,
                 "expires_on": b.bucket.expires_on} for b in balance.buckets]


class LeaveBalanceApi(APIView):
    module = "leave"

    class LeaveBalanceQuery(serializers.Serializer):
        year = WholeNumberField(required=False, min_value=2000, max_value=2100)

    @extend_schema(parameters=[LeaveBalanceQuery], responses=BalanceSerializer, summary="My leave balance for a year")
    def get(self, request: Request) -> Response:
        query = self.LeaveBalanceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        return Response(BalanceSerializer(leave_balance(request.user, year)).data)


class AbsenceSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    start_half = serializers.BooleanField()
    end_half = serializers.BooleanField()
    reason = serializers.SerializerMethodField()

    def get_reason(self, leave: LeaveRequest) -> str:
        # "absent", "sick" (supervisors) or the leave type's code (absence_label).
        return absence_label(self.context["request"].user, leave).code


class AbsenceListApi(PagedListApi):
    module = "leave"
    filterset_class = AbsenceFilter

    @extend_schema(responses=AbsenceSerializer(many=True),
                   summary="Who in a unit is away when (the reason only where the caller may see it)")
    def get(self, request: Request) -> Response:
        absences = self.filtered(request, LeaveRequest.objects.filter(person__is_active=True, state="approved"))
        fetch(OrgUnit.objects.all(), absences.form.cleaned_data["unit"], request.user,  # 404, or 403 by the rule
              "timekeeping.view_team_calendar")
        return self.page(request, absences.qs.select_related("person", "leave_type").order_by("start"),
                         AbsenceSerializer)


