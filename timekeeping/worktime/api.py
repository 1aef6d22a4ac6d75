"""Working-time API: own entries, clocking, the month sheet and its submission; HR's export."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.models import OrgUnit
from intranet.core.api import PagedListApi, TextField, WholeNumberField, YesNoField
from intranet.core.http import sane_month
from intranet.core.permissions import require

from .export import export_response
from .filters import TimeEntryFilter
from .models import TimeEntry
from .services import clock_in, clock_out, month_submit, time_entry_create
from .timesheet import month_sheet


def _minutes(delta) -> int:
    return round(delta.total_seconds() / 60)


class TimeEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    mobile = serializers.BooleanField()
    note = serializers.CharField()


class TimeEntryListApi(PagedListApi):
    module = "time"
    filterset_class = TimeEntryFilter

    class TimeEntryInput(serializers.Serializer):
        start = serializers.DateTimeField()
        end = serializers.DateTimeField()
        mobile = YesNoField(default=False)
        note = TextField(required=False, allow_blank=True, default="", max_length=200)

    @extend_schema(responses=TimeEntrySerializer(many=True), summary="My time entries")
    def get(self, request: Request) -> Response:
        entries = self.filtered(request, TimeEntry.objects.filter(person=request.user).order_by("start")).qs
        return self.page(request, entries, TimeEntrySerializer)

    @extend_schema(request=TimeEntryInput, responses={201: TimeEntrySerializer(many=True)},
                   summary="Record a period of my work (split at midnight)")
    def post(self, request: Request) -> Response:
        data = self.TimeEntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        entries = time_entry_create(by=request.user, **data.validated_data)
        return Response(TimeEntrySerializer(entries, many=True).data, status=status.HTTP_201_CREATED)


class ClockApi(APIView):
    module = "time"

    class ClockInput(serializers.Serializer):
        direction = serializers.ChoiceField(choices=["in", "out"])

    @extend_schema(request=ClockInput, responses=TimeEntrySerializer(many=True), summary="Clock in or out now")
    def post(self, request: Request) -> Response:
        data = self.ClockInput(data=request.data)
        data.is_valid(raise_exception=True)
        entries = [clock_in(by=request.user)] if data.validated_data["direction"] == "in" else clock_out(
            by=request.user)
        return Response(TimeEntrySerializer(entries, many=True).data)


class DayCreditSerializer(serializers.Serializer):
    kind = serializers.CharField()
    minutes = serializers.IntegerField()
    note = serializers.CharField()


class SheetDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    target_minutes = serializers.SerializerMethodField()
    worked_minutes = serializers.SerializerMethodField()
    break_minutes = serializers.SerializerMethodField()
    deducted_minutes = serializers.SerializerMethodField()
    credited_minutes = serializers.SerializerMethodField()
    difference_minutes = serializers.SerializerMethodField(
        help_text="Credited minus the target due so far: 0 for a day still to come, only a surplus for today")
    pending = serializers.BooleanField(help_text="A day still to come: its target does not count yet")
    absence = serializers.CharField()
    credits = DayCreditSerializer(many=True, help_text="Day credits without clock times (business-trip days, "
                                                       "§ 44(2) TVöD BT-V); the day is credited at least these")
    day_off = serializers.CharField(help_text="A local day off HR granted (e.g. Betriebsausflug), if any")
    warnings = serializers.SerializerMethodField()
    substitute_rest_day = serializers.SerializerMethodField(
        help_text="For a Sunday or holiday worked: the rest day given for it (ArbZG § 11), null while open")

    def get_target_minutes(self, day) -> int:
        return _minutes(day.target)

    def get_worked_minutes(self, day) -> int:
        return _minutes(day.result.worked)

    def get_break_minutes(self, day) -> int:
        return _minutes(day.result.breaks)

    def get_deducted_minutes(self, day) -> int:
        return _minutes(day.result.deducted)

    def get_credited_minutes(self, day) -> int:
        return _minutes(day.result.credited)

    def get_difference_minutes(self, day) -> int:
        return _minutes(day.difference)

    def get_warnings(self, day) -> list[str]:
        return [str(w) for w in day.result.warnings]

    def get_substitute_rest_day(self, day) -> date | None:
        return day.rest_day.substitute if day.rest_day else None


class MonthSheetSerializer(serializers.Serializer):
    month = serializers.DateField()
    state = serializers.SerializerMethodField()
    carried_in_minutes = serializers.SerializerMethodField()
    target_minutes = serializers.SerializerMethodField(help_text="The whole month's target")
    target_to_date_minutes = serializers.SerializerMethodField(
        help_text="The target due by today (today's as far as it was worked), which the balance counts")
    balance_minutes = serializers.SerializerMethodField(help_text="The flexitime balance as of today")
    carried_out_minutes = serializers.SerializerMethodField()
    forfeited_minutes = serializers.SerializerMethodField()
    days = SheetDaySerializer(many=True)

    def get_state(self, sheet) -> str:
        return sheet.closing.state if sheet.closing else "open"

    def get_carried_in_minutes(self, sheet) -> int:
        return _minutes(sheet.carried_in)

    def get_target_minutes(self, sheet) -> int:
        return _minutes(sheet.totals["target"])

    def get_target_to_date_minutes(self, sheet) -> int:
        return _minutes(sheet.totals["target_to_date"])

    def get_balance_minutes(self, sheet) -> int:
        return _minutes(sheet.balance)

    def get_carried_out_minutes(self, sheet) -> int:
        return _minutes(sheet.carry.carried)

    def get_forfeited_minutes(self, sheet) -> int:
        return _minutes(sheet.carry.forfeited)


def _month(value: str) -> date:
    first = sane_month(value)
    if first is None:
        raise Http404
    return first


class MonthSheetApi(APIView):
    module = "time"

    @extend_schema(responses=MonthSheetSerializer, summary="My month sheet (YYYY-MM) with balance and warnings")
    def get(self, request: Request, month: str) -> Response:
        return Response(MonthSheetSerializer(month_sheet(request.user, _month(month))).data)


class MonthSubmitApi(APIView):
    module = "time"

    @extend_schema(request=None, responses=MonthSheetSerializer, summary="Submit my month for sign-off")
    def post(self, request: Request, month: str) -> Response:
        first = _month(month)
        month_submit(by=request.user, month=first, today=timezone.localdate())
        return Response(MonthSheetSerializer(month_sheet(request.user, first)).data)


class TimeExportApi(APIView):
    module = "time"

    class ExportQuery(serializers.Serializer):
        month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$")
        unit = WholeNumberField(required=False, min_value=1)
        format = serializers.ChoiceField(choices=["csv", "xlsx"], default="csv")
        decimal = serializers.ChoiceField(choices=["comma", "point"], default="comma")

    @extend_schema(parameters=[ExportQuery], responses={(200, "text/csv"): bytes},
                   summary="HR: a month of working time for a unit and its sub-units (CSV or XLSX)")
    def get(self, request: Request):
        require(request.user, "timekeeping.export_time")
        query = self.ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        unit = get_object_or_404(OrgUnit, pk=data["unit"]) if data.get("unit") else None
        return export_response(unit=unit, month=_month(data["month"]), fmt=data["format"],
                               comma=data["decimal"] == "comma")
