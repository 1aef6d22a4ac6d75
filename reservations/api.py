"""Booking API: resources (with what is free), bookings (create, list own, change, cancel).

A span that is taken answers 409 and names the colliding booking (its title and booker only to
those who may see them), so a client can offer another time."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.models import User
from intranet.core.api import LocalTimeField, PagedListApi, TextField, WholeNumberField, YesNoField
from intranet.core.permissions import may

from .filters import BookingFilter, ResourceFilter
from .models import Booking, Kind, Resource
from .rules import ODOMETER_MAX
from .selectors import bookable_resources, bookings_of, enabled_kinds, get_booking_for_view
from .services import Collision, Request, booking_cancel, booking_change, booking_create


class ResourceSerializer(serializers.ModelSerializer):
    equipment = serializers.ListField(source="equipment_list", child=serializers.CharField())
    day_starts = LocalTimeField(read_only=True)
    day_ends = LocalTimeField(read_only=True)

    class Meta:
        model = Resource
        fields = ["id", "kind", "name", "location", "floor", "capacity", "equipment", "step_free", "hearing_loop",
                  "licence_plate", "car_model", "fuel", "range_km", "needs_approval", "min_minutes", "max_minutes",
                  "buffer_minutes", "day_starts", "day_ends"]


class ResourceListApi(PagedListApi):
    module = ("rooms", "cars")
    filterset_class = ResourceFilter

    @extend_schema(responses=ResourceSerializer(many=True),
                   summary="Resources I may book; with free_from and free_to only those free then")
    def get(self, request: ApiRequest) -> Response:
        resources = self.filtered(request, bookable_resources(request.user).filter(kind__in=enabled_kinds()))
        kind = resources.form.cleaned_data.get("kind")
        if kind and kind not in enabled_kinds():
            raise Http404
        return self.page(request, resources.qs, ResourceSerializer)


PEOPLE = ("booker", "on_behalf_of", "driver")


class UsernameOf(serializers.CharField):
    """The username of a booking's person: from the row's `<relation>_username` where a list read it
    (with_usernames), else from the related person (a booking just made or changed)."""

    def __init__(self, relation: str, **kwargs) -> None:
        self.relation = relation
        super().__init__(source="*", **kwargs)

    def to_representation(self, booking: Booking) -> str | None:  # type: ignore[override]  # the row, not a str
        try:
            return getattr(booking, f"{self.relation}_username")
        except AttributeError:
            person = getattr(booking, self.relation)
            return person.username if person is not None else None


def with_usernames(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """The bookings with their people's usernames, as subqueries: PostgreSQL runs them for the rows it returns
    only, after sorting and cutting the page, where joining the people hashed the whole staff table three
    times over (10 ms at city size for fifty rows)."""
    return bookings.annotate(**{f"{relation}_username": Subquery(
        User.objects.filter(pk=OuterRef(f"{relation}_id")).values("username")) for relation in PEOPLE})


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    resource = serializers.IntegerField(source="resource_id")
    resource_name = serializers.CharField(source="resource.name")
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    state = serializers.CharField()
    attendees = serializers.IntegerField()
    note = serializers.CharField()
    booker = UsernameOf("booker")
    on_behalf_of = UsernameOf("on_behalf_of", allow_null=True, default=None)
    driver = UsernameOf("driver", allow_null=True, default=None)
    destination = serializers.CharField()
    purpose = serializers.CharField()
    series = serializers.IntegerField(source="series_id", allow_null=True)


class BookingInput(serializers.Serializer):
    resource = WholeNumberField(min_value=1, max_value=2**31 - 1)
    start = serializers.DateTimeField(help_text="ISO 8601 with offset, e.g. 2026-11-23T10:00:00+01:00")
    end = serializers.DateTimeField()
    title = TextField(max_length=200)
    attendees = WholeNumberField(min_value=1, max_value=500, default=1)
    note = TextField(max_length=500, required=False, allow_blank=True, default="")
    on_behalf_of = TextField(required=False, allow_null=True, default=None,
                                         help_text="username of the person booked for")
    driver = TextField(required=False, allow_null=True, default=None, help_text="username (cars)")
    destination = TextField(max_length=200, required=False, allow_blank=True, default="")
    purpose = TextField(max_length=200, required=False, allow_blank=True, default="")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    conflict = serializers.DictField(allow_null=True)


def _wanted(user, data: dict) -> Request:
    from directory.models import User

    resource = bookable_resources(user).filter(pk=data["resource"], kind__in=enabled_kinds()).first()
    if resource is None:
        raise ValidationError({"resource": "You cannot book this resource."})

    def person(username: str | None, field: str) -> User | None:
        if not username:
            return None
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None:
            raise ValidationError({field: "No active person with this username."})
        return found

    return Request(resource=resource, start=data["start"], end=data["end"], title=data["title"],
                   attendees=data["attendees"], note=data["note"],
                   on_behalf_of=person(data["on_behalf_of"], "on_behalf_of"), driver=person(data["driver"], "driver"),
                   destination=data["destination"], purpose=data["purpose"])


def _conflict(user, exc: Collision) -> Response:
    conflict = None
    if exc.booking is not None:
        conflict = {"id": exc.booking.pk, "start": exc.booking.start, "end": exc.booking.end}
        if may(user, "reservations.see_booking", exc.booking):
            conflict["title"] = exc.booking.title
    elif exc.block is not None:
        conflict = {"block": exc.block.reason, "start": exc.block.start, "end": exc.block.end}
    return Response({"detail": exc.messages[0], "conflict": conflict}, status=status.HTTP_409_CONFLICT)


def _shown(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    # Only what BookingSerializer shows: three people and a resource per row, read whole, were most of the work.
    return with_usernames(bookings.select_related("resource").only(
        "title", "start", "end", "state", "attendees", "note", "destination", "purpose", "series_id",
        "resource__name", *(f"{relation}_id" for relation in PEOPLE)))


def _mine(user):
    return _shown(bookings_of(user)).order_by("start")


class BookingListApi(PagedListApi):
    module = ("rooms", "cars")
    filterset_class = BookingFilter

    @extend_schema(responses=BookingSerializer(many=True),
                   summary="My bookings (booked by me, for me, or driven by me)")
    def get(self, request: ApiRequest) -> Response:
        return self.page(request, self.filtered(request, _mine(request.user)).qs, BookingSerializer)

    @extend_schema(request=BookingInput, responses={201: BookingSerializer, 409: ConflictSerializer},
                   summary="Book a resource; 409 names the booking in the way")
    def post(self, request: ApiRequest) -> Response:
        data = BookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            booking = booking_create(by=request.user, wanted=_wanted(request.user, data.validated_data))
        except Collision as exc:
            return _conflict(request.user, exc)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingDetailApi(APIView):
    module = ("rooms", "cars")

    def _get(self, request: ApiRequest, pk: int) -> Booking:
        return get_booking_for_view(request.user, pk)

    @extend_schema(responses=BookingSerializer, summary="One of my bookings")
    def get(self, request: ApiRequest, pk: int) -> Response:
        return Response(BookingSerializer(self._get(request, pk)).data)

    @extend_schema(request=BookingInput, responses={200: BookingSerializer, 409: ConflictSerializer},
                   summary="Change a booking (all fields)")
    def put(self, request: ApiRequest, pk: int) -> Response:
        booking = self._get(request, pk)
        data = BookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            booking = booking_change(by=request.user, booking_id=booking.pk,
                                     wanted=_wanted(request.user, data.validated_data))
        except Collision as exc:
            return _conflict(request.user, exc)
        return Response(BookingSerializer(booking).data)

    @extend_schema(responses={200: BookingSerializer}, summary="Cancel a booking")
    def delete(self, request: ApiRequest, pk: int) -> Response:
        booking = booking_cancel(by=request.user, booking_id=self._get(request, pk).pk)
        return Response(BookingSerializer(booking).data)


class SeriesInput(serializers.Serializer):
    resource = WholeNumberField(min_value=1, max_value=2**31 - 1)
    start = serializers.DateTimeField(help_text="the first date's start, ISO 8601 with offset")
    end = serializers.DateTimeField()
    title = TextField(max_length=200)
    attendees = WholeNumberField(min_value=1, max_value=500, default=1)
    freq = serializers.ChoiceField(choices=["DAILY", "WEEKLY", "MONTHLY"])
    weekdays = serializers.ListField(child=serializers.ChoiceField(choices=["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
                                     required=False, default=list)
    count = WholeNumberField(min_value=1, max_value=366, required=False)
    until = serializers.DateField(required=False)
    skip = serializers.ListField(child=serializers.DateField(), required=False, default=list,
                                 help_text="dates to leave out")
    preview = YesNoField(default=False, help_text="only list the dates and what stands in their way")

    def validate(self, data: dict) -> dict:
        if not data.get("count") and not data.get("until"):
            raise serializers.ValidationError({"until": "Give until or count."})
        return data


class PlannedSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    problem = serializers.CharField()
    holiday = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    resource = serializers.IntegerField(source="resource_id")
    rrule = serializers.CharField()
    skipped = serializers.ListField(child=serializers.CharField())
    bookings = BookingSerializer(many=True, source="active_occurrences")


def _active_occurrences() -> Prefetch:
    from .models import ACTIVE_STATES

    return Prefetch("occurrences", to_attr="active_occurrences", queryset=_shown(Booking.objects.filter(
        state__in=ACTIVE_STATES)).order_by("start"))


class SeriesListApi(PagedListApi):
    module = ("rooms", "cars")

    @extend_schema(responses=SeriesSerializer(many=True), summary="The series I booked")
    def get(self, request: ApiRequest) -> Response:
        from .models import Series

        rows = Series.objects.filter(booker=request.user).prefetch_related(_active_occurrences()).order_by(
            "-created_at")
        return self.page(request, rows, SeriesSerializer)

    @extend_schema(request=SeriesInput, responses={200: PlannedSerializer(many=True), 201: SeriesSerializer,
                                                   409: ConflictSerializer},
                   summary="Book a series (RRULE), all dates or none; with preview=true only list the dates")
    def post(self, request: ApiRequest) -> Response:
        from .rules import series_rule
        from .series import series_create, series_preview

        data = SeriesInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        wanted = _wanted(request.user, {**values, "note": "", "on_behalf_of": None, "driver": None,
                                        "destination": "", "purpose": ""})
        rule = series_rule(freq=values["freq"], weekdays=values["weekdays"], count=values.get("count"),
                           until=values.get("until") if not values.get("count") else None)
        if values["preview"]:
            return Response(PlannedSerializer(series_preview(by=request.user, wanted=wanted, rule=rule),
                                              many=True).data)
        try:
            series = series_create(by=request.user, wanted=wanted, rule=rule, skip=set(values["skip"]))
        except Collision as exc:
            return _conflict(request.user, exc)
        from .models import Series

        series = Series.objects.prefetch_related(_active_occurrences()).get(pk=series.pk)
        return Response(SeriesSerializer(series).data, status=status.HTTP_201_CREATED)


class LogbookEntrySerializer(serializers.Serializer):
    booking = serializers.IntegerField(source="booking_id")
    start = serializers.DateTimeField(source="booking.start")
    driver = TextField(source="driver.username")
    odometer_start = serializers.IntegerField()
    odometer_end = serializers.IntegerField()
    distance = serializers.IntegerField()
    gap_km = serializers.IntegerField()
    fuel_level = serializers.IntegerField(allow_null=True)
    damage = serializers.CharField()


class LogbookInput(serializers.Serializer):
    booking = WholeNumberField(min_value=1, max_value=2**31 - 1)
    odometer_start = WholeNumberField(min_value=0, max_value=ODOMETER_MAX)
    odometer_end = WholeNumberField(min_value=0, max_value=ODOMETER_MAX)
    confirm_distance = YesNoField(default=False, help_text="the driver confirms a trip longer than "
                                                "2,000 km (without it, such a trip is refused with a 400)")
    fuel_level = WholeNumberField(min_value=0, max_value=100, required=False, allow_null=True, default=None)
    damage = TextField(max_length=1000, required=False, allow_blank=True, default="")


class CarLogbookApi(PagedListApi):
    module = ("rooms", "cars")

    def _car(self, request: ApiRequest, pk: int) -> Resource:
        car = Resource.objects.filter(pk=pk, kind=Kind.CAR).first()
        if car is None or Kind.CAR not in enabled_kinds():
            raise Http404
        return car

    @extend_schema(responses=LogbookEntrySerializer(many=True),
                   summary="A car's logbook: all trips for fleet managers, one's own for drivers")
    def get(self, request: ApiRequest, pk: int) -> Response:
        from .models import LogbookEntry

        car = self._car(request, pk)
        entries = LogbookEntry.objects.filter(car=car).select_related("booking", "driver").order_by("booking__start")
        if not may(request.user, "reservations.manage_resources", Kind.CAR):
            entries = entries.filter(driver=request.user)
        return self.page(request, entries, LogbookEntrySerializer)

    @extend_schema(request=LogbookInput, responses={201: LogbookEntrySerializer},
                   summary="Fill in the logbook for one's trip on return")
    def post(self, request: ApiRequest, pk: int) -> Response:
        from .services import logbook_record

        car = self._car(request, pk)
        data = LogbookInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        booking = get_booking_for_view(request.user, values.pop("booking"))
        if booking.resource_id != car.pk:
            raise Http404
        entry = logbook_record(by=request.user, booking_id=booking.pk, **values)
        return Response(LogbookEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
