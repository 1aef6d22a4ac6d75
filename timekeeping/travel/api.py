"""Business-trip API: my trips (apply, list, call off) and the travel-cost claim."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.core.api import PagedListApi, TextField, WholeNumberField, YesNoField

from .models import Transport, Trip, TripClaim
from .trips import (
    MAX_AMOUNT,
    ClaimInput,
    TripInput,
    check_claim,
    claim_lines,
    claim_submit,
    deadline_of,
    rule_sets,
    trip_apply,
    trip_cancel,
)

AMOUNT: dict[str, Any] = {"max_digits": 9, "decimal_places": 2, "min_value": Decimal(0), "max_value": Decimal(100000),
          "default": Decimal(0)}
TRAVEL_AMOUNT: dict[str, Any] = {**AMOUNT, "max_value": MAX_AMOUNT}  # an amount of a trip or a claim


class TripSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    destination = serializers.CharField()
    purpose = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    abroad = serializers.BooleanField()
    transport = serializers.CharField()
    state = serializers.CharField()
    estimated_costs = serializers.DecimalField(max_digits=9, decimal_places=2)
    car_booking = serializers.IntegerField(source="car_booking_id", allow_null=True)
    claim_deadline = serializers.SerializerMethodField()

    def get_claim_deadline(self, trip: Trip) -> str:
        if "rule_sets" not in self.context:  # shared by every row of a list: read once
            self.context["rule_sets"] = rule_sets()
        return deadline_of(trip, self.context["rule_sets"]).isoformat()


class TripInputSerializer(serializers.Serializer):
    destination = TextField(max_length=200)
    purpose = TextField(max_length=300)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    abroad = YesNoField(default=False)
    transport = serializers.ChoiceField(choices=Transport.choices, default=Transport.PUBLIC)
    transport_reason = TextField(max_length=300, required=False, allow_blank=True, default="")
    distance_km = WholeNumberField(min_value=0, max_value=20000, default=0)
    car = WholeNumberField(required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1)
    tickets = serializers.DecimalField(**TRAVEL_AMOUNT)
    lodging = serializers.DecimalField(**TRAVEL_AMOUNT)
    fees = serializers.DecimalField(**TRAVEL_AMOUNT)
    advance = serializers.DecimalField(**TRAVEL_AMOUNT)
    training = WholeNumberField(required=False, allow_null=True, default=None, min_value=1,
                                        max_value=2**31 - 1,
                                        help_text="an approved course of yours this trip goes to (linked to it)")


class TripListApi(PagedListApi):
    module = "trips"

    @extend_schema(responses=TripSerializer(many=True), summary="My business trips")
    def get(self, request: Request) -> Response:
        return self.page(request, Trip.objects.filter(person=request.user).order_by("-start"), TripSerializer)

    @extend_schema(request=TripInputSerializer, responses={201: TripSerializer},
                   summary="Apply for a business trip (sent for approval at once)")
    def post(self, request: Request) -> Response:
        data = TripInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        trip = trip_apply(by=request.user, data=TripInput(car_id=values.pop("car"),
                                                          training_id=values.pop("training"), **values))
        return Response(TripSerializer(trip).data, status=status.HTTP_201_CREATED)


class TripCancelApi(APIView):
    module = "trips"

    @extend_schema(request=None, responses=TripSerializer, summary="Call off a trip that has not begun")
    def post(self, request: Request, pk: int) -> Response:
        trip = get_object_or_404(Trip, pk=pk, person=request.user)
        return Response(TripSerializer(trip_cancel(by=request.user, trip_id=trip.pk)).data)


class ClaimLineSerializer(serializers.Serializer):
    text = serializers.CharField()
    amount = serializers.DecimalField(max_digits=9, decimal_places=2)


class ClaimInputSerializer(serializers.Serializer):
    actual_start = serializers.DateTimeField()
    actual_end = serializers.DateTimeField()
    business_hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0),
                                              max_value=Decimal(2000))
    private_km = WholeNumberField(min_value=0, max_value=20000, default=0)
    tickets = serializers.DecimalField(**TRAVEL_AMOUNT)
    lodging = serializers.DecimalField(**TRAVEL_AMOUNT)
    fees = serializers.DecimalField(**TRAVEL_AMOUNT)
    meals = serializers.DictField(child=serializers.ListField(child=serializers.ChoiceField(
        choices=["breakfast", "lunch", "dinner"])), required=False, default=dict,
        help_text='meals provided per day, e.g. {"2026-11-23": ["lunch"]}')
    preview = YesNoField(default=False, help_text="only compute the lines")
    receipts = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_meals(self, value: dict) -> dict:
        from datetime import date

        for day in value:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise serializers.ValidationError(f"{day} is no date (YYYY-MM-DD).") from None
        return value


class ClaimSerializer(serializers.Serializer):
    state = serializers.CharField()
    total = serializers.DecimalField(max_digits=9, decimal_places=2)
    lines = serializers.ListField(child=serializers.ListField())
    receipts = serializers.IntegerField(source="receipts.count")


class TripClaimApi(APIView):
    module = "trips"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=ClaimSerializer, summary="The travel-cost claim of my trip")
    def get(self, request: Request, pk: int) -> Response:
        trip = get_object_or_404(Trip, pk=pk, person=request.user)
        return Response(ClaimSerializer(get_object_or_404(TripClaim, trip=trip)).data)

    @extend_schema(request=ClaimInputSerializer, responses={200: ClaimLineSerializer(many=True), 201: ClaimSerializer},
                   summary="Claim the travel costs (multipart with receipts); preview=true only computes")
    def post(self, request: Request, pk: int) -> Response:
        trip = get_object_or_404(Trip, pk=pk, person=request.user)
        data = ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        preview, receipts = values.pop("preview"), values.pop("receipts")
        claim_input = ClaimInput(**values)
        if preview:
            check_claim(trip, claim_input)
            lines = claim_lines(trip, claim_input)
            return Response(ClaimLineSerializer([{"text": x.text, "amount": x.amount} for x in lines], many=True).data)
        claim = claim_submit(by=request.user, trip_id=trip.pk, data=claim_input, receipts=receipts)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class TrainingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    course = serializers.CharField()
    provider = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    place = serializers.CharField()
    fee = serializers.DecimalField(max_digits=9, decimal_places=2)
    travel_costs = serializers.DecimalField(max_digits=9, decimal_places=2)
    mandatory = serializers.BooleanField()
    state = serializers.CharField()


class TrainingInputSerializer(serializers.Serializer):
    course = TextField(max_length=200)
    provider = TextField(max_length=200)
    start = serializers.DateField()
    end = serializers.DateField()
    place = TextField(max_length=200)
    reason = TextField(max_length=2000)
    fee = serializers.DecimalField(**AMOUNT)
    travel_costs = serializers.DecimalField(**AMOUNT)
    mandatory = YesNoField(default=False)
    needs_travel = YesNoField(default=False)


class TrainingListApi(PagedListApi):
    module = "trips"

    @extend_schema(responses=TrainingSerializer(many=True), summary="My training requests")
    def get(self, request: Request) -> Response:
        from .models import Training

        return self.page(request, Training.objects.filter(person=request.user).order_by("-start"), TrainingSerializer)

    @extend_schema(request=TrainingInputSerializer, responses={201: TrainingSerializer},
                   summary="Request a course (supervisor, then HR)")
    def post(self, request: Request) -> Response:
        from .trainings import TrainingInput, training_request

        data = TrainingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        training = training_request(by=request.user, data=TrainingInput(**data.validated_data))
        return Response(TrainingSerializer(training).data, status=status.HTTP_201_CREATED)
