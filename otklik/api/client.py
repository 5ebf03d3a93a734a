"""API for client applications: register an application (get a key), submit an appeal, poll its status."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from otklik.appeals.choices import AppealForm, AppealKind, IntakeChannel
from otklik.appeals.intake import MAX_TEXT, AppealIntake
from otklik.appeals.models import Appeal

from . import services
from .appeals import (
    AppealCreatedSerializer,
    AuthorSerializer,
    QuestionInSerializer,
    StatusSerializer,
    appeal_status,
    intake_author,
    intake_questions,
    registered_response,
    submission_key_field,
)
from .keys import ApiKeyAuthentication, ApiKeyRateThrottle, HasApiKey
from .models import ApiKey
from .throttling import ScopedRateThrottle


class ErrorItemSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer[Any]):
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]  # the field, not Serializer.errors


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="invalid input"),
    401: OpenApiResponse(ErrorSerializer, description="no key or an unknown or revoked key"),
    403: OpenApiResponse(ErrorSerializer, description="no key or an unknown or revoked key"),
    404: OpenApiResponse(ErrorSerializer, description="not found"),
    429: OpenApiResponse(ErrorSerializer, description="too many calls for this key"),
}


class KeyRequestSerializer(serializers.Serializer[dict[str, Any]]):
    organization = serializers.SlugField(help_text="the organisation's code, e.g. smolensk")
    name = serializers.CharField(max_length=200, help_text="your application's name")
    contact_email = serializers.EmailField(help_text="where the organisation can reach the developer")
    submission_key = submission_key_field()


class KeyIssuedSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="shown once: keep it secret")
    prefix = serializers.CharField()
    organization = serializers.CharField()
    name = serializers.CharField()


class KeyIssueView(APIView):
    """Register a client application and get its API key at once (the same as the portal's developer page)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "key_issue"

    @extend_schema(request=KeyRequestSerializer, responses={201: KeyIssuedSerializer, **ERRORS}, auth=[])
    def post(self, request: Request) -> Response:
        from otklik.orgs.selectors import public_organisation

        incoming = KeyRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        organisation = public_organisation(data["organization"])
        if organisation is None:
            raise serializers.ValidationError({"organization": ["Нет такой организации."]})
        issued = services.api_key_issue(
            organisation=organisation,
            name=data["name"],
            contact_email=data["contact_email"],
            submission_key=data["submission_key"],
        )
        body = {
            "key": issued.raw,
            "prefix": issued.key.prefix,
            "organization": organisation.slug,
            "name": issued.key.name,
        }
        return Response(KeyIssuedSerializer(body).data, status=status.HTTP_201_CREATED)


class ClientAppealCreateSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=AppealKind.values, default=AppealKind.APPEAL)
    form = serializers.ChoiceField(choices=AppealForm.values, required=False, allow_blank=True)
    author = AuthorSerializer()
    text = serializers.CharField(max_length=MAX_TEXT)
    questions = QuestionInSerializer(many=True, required=False)
    submission_key = submission_key_field()

    def intake(self) -> AppealIntake:
        """The validated body as services.appeal_register takes it: an appeal through the API."""
        data = self.validated_data
        return AppealIntake(
            kind=data["kind"],
            channel=IntakeChannel.API,
            text=data["text"],
            author=intake_author(data["author"]),
            questions=intake_questions(data.get("questions", [])),
            form=data.get("form", ""),
            submission_key=data["submission_key"],
        )


class ClientView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [ApiKeyRateThrottle]


class ClientAppealListView(ClientView):
    @extend_schema(
        request=ClientAppealCreateSerializer,
        responses={201: AppealCreatedSerializer, 200: AppealCreatedSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Submit an appeal to the organisation the key belongs to; keep `id` and `access_code` to poll it."""
        incoming = ClientAppealCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key: ApiKey = request.auth  # type: ignore[assignment]
        registration = services.client_appeal_submit(key=key, intake=incoming.intake())
        return registered_response(registration)


class ClientAppealDetailView(ClientView):
    @extend_schema(responses={200: StatusSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The status of an appeal this application submitted: stage, governing date, days left, the answer."""
        key: ApiKey = request.auth  # type: ignore[assignment]
        appeal = (
            Appeal.objects.select_related("organisation")
            .filter(pk=pk, organisation=key.organisation, api_submission__key=key)
            .first()
        )
        if appeal is None:
            raise Http404
        return Response(StatusSerializer(appeal_status(appeal)).data)
