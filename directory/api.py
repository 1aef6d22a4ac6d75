"""Directory API: who am I."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.feeds import feed_url
from intranet.core.api import PagedListApi, PersonRefSerializer, person_ref_columns
from intranet.core.roles import Role, roles_of

from .filters import PersonFilter
from .models import OrgUnit, User
from .selectors import people_search, supervisor_of


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
            "calendar_feed_url": feed_url(user, "persoenlich"),
        }
        return Response(self.OutputSerializer(data).data)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    display_name = serializers.CharField()
    title = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    mobile = serializers.CharField(source="shown_mobile")
    room = serializers.CharField(source="shown_room")
    about = serializers.CharField()
    org_unit = OrgUnitRefSerializer(allow_null=True)


class PersonListApi(PagedListApi):
    module = "addressbook"
    filterset_class = PersonFilter

    @extend_schema(responses=PersonSerializer(many=True),
                   summary="The address book: active people, searched by name, unit, extension, room or title")
    def get(self, request: Request) -> Response:
        return self.page(request, self.filtered(request, people_search()).qs, PersonSerializer)


class PersonDetailApi(APIView):
    module = "addressbook"

    @extend_schema(responses=PersonSerializer, summary="One person of the address book")
    def get(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(User.objects.select_related("org_unit"), pk=pk, is_active=True)
        return Response(PersonSerializer(person).data)


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    head = PersonRefSerializer(allow_null=True)
    deputy = PersonRefSerializer(allow_null=True)


class UnitListApi(PagedListApi):
    module = "addressbook"

    @extend_schema(responses=UnitSerializer(many=True), summary="The org units, with head and deputy")
    def get(self, request: Request) -> Response:
        units = (OrgUnit.objects.select_related("head", "deputy")
                 .only("code", "name", "kind", "parent_id", *person_ref_columns("head", "deputy")).order_by("code"))
        return self.page(request, units, UnitSerializer)
