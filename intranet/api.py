"""API pieces shared by all apps: the exception handler."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: a service's Django ValidationError becomes a 400 with field messages."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return drf_exception_handler(exc, context)


class PersonRefSerializer(serializers.Serializer):
    """A person as other answers name them."""

    username = serializers.CharField()
    display_name = serializers.CharField()
