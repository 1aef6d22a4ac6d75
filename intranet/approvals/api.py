"""API of the approval workflow: my inbox, decisions, and the general request.
Same selectors, services and permission rules as the HTML views."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.core.api import PagedListApi, PersonRefSerializer, TextField
from intranet.core.site import absolute_url

from .general_requests import general_request_create
from .models import ApprovalRequest, GeneralRequest
from .selectors import get_request_for_view, get_step_for_decision, inbox_for, requests_visible_to
from .workflow import AlreadyDecided, kind_of, request_url, request_withdraw, step_decide


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class EventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    actor = PersonRefSerializer(allow_null=True)
    comment = serializers.CharField()
    at = serializers.DateTimeField()


class InboxItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    request_id = serializers.IntegerField()
    kind = serializers.CharField(source="request.kind")
    kind_label = serializers.SerializerMethodField()
    requester = PersonRefSerializer(source="request.requester")
    summary = serializers.CharField(source="request.summary")
    submitted_at = serializers.DateTimeField(source="request.submitted_at")
    level = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_kind_label(self, step) -> str:
        return str(kind_of(step.request).label)

    def get_url(self, step) -> str:
        return absolute_url(request_url(step.request))


class ApprovalListApi(PagedListApi):
    @extend_schema(responses=InboxItemSerializer(many=True), summary="My inbox: open steps waiting for my decision")
    def get(self, request: Request) -> Response:
        return self.page(request, inbox_for(request.user), InboxItemSerializer)


class DecisionInput(serializers.Serializer):
    comment = TextField(required=False, allow_blank=True, default="", max_length=2000)


class DecisionOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    request_id = serializers.IntegerField()
    step_state = serializers.CharField(source="state")
    status = serializers.CharField(source="request.state")


class _DecideApi(APIView):
    approve: bool

    def post(self, request: Request, pk: int) -> Response:
        step = get_step_for_decision(request.user, pk)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            step = step_decide(by=request.user, step_id=step.pk, approve=self.approve, **data.validated_data)
        except AlreadyDecided as exc:
            raise Conflict(exc.messages[0]) from None
        step.request.refresh_from_db()
        return Response(DecisionOutput(step).data)


@extend_schema(request=DecisionInput, responses=DecisionOutput, summary="Approve (comment optional)")
class ApprovalApproveApi(_DecideApi):
    approve = True


@extend_schema(request=DecisionInput, responses=DecisionOutput, summary="Reject (comment required)")
class ApprovalRejectApi(_DecideApi):
    approve = False


class GeneralRequestOutput(serializers.Serializer):
    id = serializers.IntegerField(source="approval_id")
    subject = serializers.CharField()
    text = serializers.CharField()
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    has_attachment = serializers.SerializerMethodField()
    status = serializers.CharField(source="approval.state")
    requester = PersonRefSerializer()
    submitted_at = serializers.DateTimeField(source="approval.submitted_at")
    events = EventSerializer(source="approval.events.all", many=True)

    def get_has_attachment(self, general: GeneralRequest) -> bool:
        return bool(general.attachment)


class GeneralRequestInput(serializers.Serializer):
    subject = TextField(max_length=200)
    text = TextField(max_length=5000)
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


def _general_requests(user) -> object:
    return (
        GeneralRequest.objects.filter(approval__in=requests_visible_to(user))
        .select_related("approval", "requester")
        .prefetch_related("approval__events__actor")
        .order_by("-approval__submitted_at", "-pk")
    )


class GeneralRequestListApi(PagedListApi):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=GeneralRequestOutput(many=True), summary="My general requests")
    def get(self, request: Request) -> Response:
        return self.page(request, _general_requests(request.user).filter(requester=request.user), GeneralRequestOutput)

    @extend_schema(request=GeneralRequestInput, responses={201: GeneralRequestOutput},
                   summary="Submit a general request to my supervisor")
    def post(self, request: Request) -> Response:
        data = GeneralRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        general = general_request_create(by=request.user, **data.validated_data)
        return Response(GeneralRequestOutput(_general_requests(request.user).get(pk=general.pk)).data,
                        status=status.HTTP_201_CREATED)


class GeneralRequestDetailApi(APIView):
    @extend_schema(responses=GeneralRequestOutput, summary="One general request with its timeline")
    def get(self, request: Request, pk: int) -> Response:
        approval = get_request_for_view(request.user, pk)
        general = _general_requests(request.user).filter(approval=approval).first()
        if general is None:
            raise Http404
        return Response(GeneralRequestOutput(general).data)


class GeneralRequestWithdrawApi(APIView):
    @extend_schema(request=None, responses=GeneralRequestOutput, summary="Withdraw my request while it waits")
    def post(self, request: Request, pk: int) -> Response:
        approval: ApprovalRequest = get_request_for_view(request.user, pk)
        # Only a general request: a leave request's or a trip's approval has its own address (it answered
        # 500 after withdrawing someone's leave behind its own page's back).
        if not _general_requests(request.user).filter(approval=approval).exists():
            raise Http404
        try:
            request_withdraw(by=request.user, request_id=approval.pk)
        except AlreadyDecided as exc:
            raise Conflict(exc.messages[0]) from None
        return Response(GeneralRequestOutput(_general_requests(request.user).get(approval=approval)).data)


