"""API pieces shared by all apps: the exception handler, paged lists, the documented error answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
import django_filters.fields
import drf_spectacular.openapi
from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .http import whole_number


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: a service's Django ValidationError becomes a 400 with field messages, and a
    PermissionDenied that gives a reason (deciding one's own request) a 403 with that reason as detail."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied) and str(exc):
        exc = exceptions.PermissionDenied(str(exc))
    return drf_exception_handler(exc, context)


class PersonRefSerializer(serializers.Serializer):
    """A person as other answers name them."""

    username = serializers.CharField()
    display_name = serializers.CharField()


def person_ref_columns(*relations: str) -> list[str]:
    """The columns PersonRefSerializer reads of each related person, for .only(): a person's whole row is
    twenty-odd columns (the search text, the about text), which lists of fifty made Python convert for nothing."""
    return [f"{relation}__{column}" for relation in relations for column in ("username", "first_name", "last_name")]


class AutoSchema(drf_spectacular.openapi.AutoSchema):
    """Paged lists are the answers to GET; a POST that answers a list (the entries it made) is a plain list."""

    def _get_paginator(self):
        return super()._get_paginator() if self.method == "GET" else None

    def get_filter_backends(self) -> list:
        """A list's filters are GET's query parameters, not those of a POST that answers a list."""
        return super().get_filter_backends() if self.method == "GET" else []


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}$", "example": "06:00:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the intranet's zone (a room opens at 06:00 in winter and summer alike). The
    schema's own "time" format would demand an offset, which such a time has not."""


# Input fields that take what the schema says and nothing DRF would also coerce, so that a client's mistake
# is refused instead of passing for a value: a query string or a form sends text, JSON its own types.

def _sent_as_text(field: serializers.Field) -> bool:
    """Whether the field's input came as text (a query string or a form body), not as JSON."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


class TextField(serializers.CharField):
    """Text: in JSON a string, not a number DRF would turn into one; and its length limit applies to what
    was sent, as the schema's maxLength says (DRF trims first, so a line break and 200 characters passed a
    limit of 200)."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class CodeField(serializers.SlugRelatedField):
    """A record named by its code or user name (?leave_type=erholungsurlaub). A name with a NUL character
    names nothing: PostgreSQL refuses to compare with it, with a server error instead of an answer."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """An integer: in JSON a number, not the string "5"; as text written as one (DRF's own field also takes
    "0.0", " 7", "+7" and "1_000", which the schema's type integer refuses)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or (isinstance(data, str) and (
                not _sent_as_text(self) or whole_number(data.removeprefix("-")) is None)):
            self.fail("invalid")
        return super().to_internal_value(data)


class YesNoField(serializers.BooleanField):
    """A yes or no: in JSON true or false, not 1, "yes" or "on" (which forms send, and may)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool) and not _sent_as_text(self):
            self.fail("invalid", input=data)
        return super().to_internal_value(data)


# Query-string filters (django-filter) as strict as the fields above: an id is ASCII digits, a date ISO 8601
# (a form's DateField also takes "23.11.2026" in the German locale and "11/23/26"), and a wrong value is a 400.

class _WholeNumberFormField(forms.IntegerField):
    def to_python(self, value: object) -> int | None:
        if value in self.empty_values:
            return None
        number = whole_number(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter ships no types
    """An id or count as a query parameter (?unit=12): digits only; min_value and max_value apply."""

    field_class = _WholeNumberFormField


class _IsoDateFormField(forms.DateField):
    input_formats = ["%Y-%m-%d"]


class IsoDateFilter(django_filters.DateFilter):  # type: ignore[misc]  # django-filter ships no types
    """A day as a query parameter, ISO 8601 only (2026-11-23)."""

    field_class = _IsoDateFormField


class _UtcDateTimeFormField(django_filters.fields.IsoDateTimeField):  # type: ignore[misc]  # untyped
    """ISO 8601, turned into UTC: an offset is kept as sent otherwise, and PostgreSQL refuses one beyond
    ±15:59 (the API fuzzer sent -19:55) with a server error instead of an answer."""

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(UTC)
        except OverflowError:  # the year 1 before UTC, the year 9999 after it
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):  # type: ignore[misc]  # django-filter ships no types
    """A moment as a query parameter, ISO 8601 (2026-11-23T09:00:00+01:00), compared in UTC."""

    field_class = _UtcDateTimeFormField


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """?limit=&offset= that say what is wrong with them: DRF quietly ignores ?offset=abc and answers the
    first page, so a client's mistake would look like data. Empty means not given. At most 500 rows a page."""

    max_limit = 500

    def _number(self, request, name: str, fallback: int | None, least: int) -> int | None:
        value = request.query_params.get(name, "")
        if value == "":
            return fallback
        number = whole_number(value)
        if number is None or number < least:
            raise exceptions.ValidationError({name: [_("Enter a whole number of %(least)s or more.") % {
                "least": least}]})
        return number

    def get_limit(self, request) -> int | None:
        limit = self._number(request, self.limit_query_param, self.default_limit, least=1)
        return min(limit, self.max_limit)  # type: ignore[type-var]  # default_limit is settings' PAGE_SIZE, never None

    def get_offset(self, request) -> int:
        return self._number(request, self.offset_query_param, 0, least=0) or 0  # fallback 0: never None

    def get_schema_operation_parameters(self, view) -> list[dict]:
        """The schema says what the view takes: an empty value (a form's unfilled field) means not given."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
            parameter["schema"]["minimum"] = 1 if parameter["name"] == self.limit_query_param else 0
        return parameters


class PagedListApi(APIView):
    """An API view whose GET answers one page of a list (?limit=&offset=). Naming the pagination class
    is also what makes the schema describe the page (count, next, previous, results), not a bare array.
    A list that filters names its django-filter FilterSet in `filterset_class` and passes its rows through
    `filtered()`; the schema documents the FilterSet's parameters."""

    pagination_class = StrictLimitOffsetPagination
    filterset_class: type[django_filters.FilterSet] | None = None

    @property
    def filter_backends(self) -> list[type[DjangoFilterBackend]]:
        return [DjangoFilterBackend] if self.filterset_class else []

    def get_queryset(self):
        """What the schema reads the FilterSet's model from (drf-spectacular); the rows come from the view."""
        assert self.filterset_class is not None  # only asked where filter_backends has the FilterSet's backend
        return self.filterset_class._meta.model.objects.none()

    def filtered(self, request, rows) -> django_filters.FilterSet:
        """The view's FilterSet over `rows`, checked: a wrong parameter is a 400 naming it, never a 500 or an
        unfiltered list. Its `.qs` are the rows, `.form.cleaned_data` the values."""
        filterset = DjangoFilterBackend().get_filterset(request, rows, self)
        if not filterset.is_valid():
            errors = filterset.errors  # a form's ErrorDict, which translate_validation reads
            if "__all__" in errors:  # named as DRF names a message of no one field
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop("__all__")
            raise translate_validation(errors)
        return filterset

    def page(self, request, rows, serializer_class: type[serializers.BaseSerializer]) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True, context={"request": request}).data)


ERROR_ANSWERS = {
    "400": "The input was not valid: the fields' messages, or a detail.",
    "401": "Not signed in: send a session cookie or an 'Authorization: Token …' header.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not one of those visible to you.",
}
CHANGE_ANSWERS = {"409": "The object's state does not allow this (decided already, taken meanwhile).",
                  "415": "The body is not of a media type the operation takes, or cannot be read as one."}


def document_error_answers(result: dict, generator, request, public: bool) -> dict:
    """drf-spectacular post-processing hook: every operation may answer with these errors (each view
    checks the caller and validates its input), so the schema says so, in one shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object", "additionalProperties": True,
        "properties": {"detail": {"type": "string"}},
        "description": "A message (detail) or, for invalid input, the messages per field.",
    }
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            answers = ERROR_ANSWERS | (CHANGE_ANSWERS if method != "get" else {})
            for code, text in answers.items():
                operation.setdefault("responses", {}).setdefault(code, {"description": text, "content": reference})
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True  # ?start= means "not given", as from an HTML form
    return result
