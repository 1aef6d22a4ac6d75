"""Directory API: who am I."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.api import PersonRefSerializer
from intranet.roles import Role, roles_of

from .models import User
from .selectors import supervisor_of


class OrgUnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MeApi(APIView):
    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        first_name = serializers.CharField()
        last_name = serializers.CharField()
        display_name = serializers.CharField()
        email = serializers.EmailField()
        language = serializers.CharField()
        status_group = serializers.CharField()
        roles = serializers.ListField(child=serializers.ChoiceField(choices=[r.value for r in Role]))
        org_unit = OrgUnitRefSerializer(allow_null=True)
        supervisor = PersonRefSerializer(allow_null=True)
        calendar_feed_url = serializers.URLField(allow_null=True)

    @extend_schema(responses=OutputSerializer, summary="Who am I: the signed-in person, roles and supervisor")
    def get(self, request: Request) -> Response:
        user: User = request.user
        data = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "display_name": user.display_name,
            "email": user.email,
            "language": user.language or settings.LANGUAGE_CODE,
            "status_group": user.status_group,
            "roles": sorted(r.value for r in roles_of(user)),
            "org_unit": user.org_unit,
            "supervisor": supervisor_of(user),
            "calendar_feed_url": None,  # set once calendar feeds exist
        }
        return Response(self.OutputSerializer(data).data)
