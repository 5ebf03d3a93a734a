"""API v1 for appeals and requests: register, read, extend, forward (adapters over the appeals services)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from otklik.appeals import services
from otklik.appeals.choices import AppealForm, AppealKind, IntakeChannel
from otklik.appeals.intake import (
    MAX_TEXT,
    AppealIntake,
    AuthorData,
    IntakeQuestion,
    Representative,
    appeal_limit,
    author_limit,
)
from otklik.appeals.models import Appeal
from otklik.appeals.selectors import appeal_by_number_and_code, appeal_for_staff, sent_final_answer
from otklik.appeals.text_hooks_classify import classification_for_api
from otklik.calendars.selectors import today_for
from otklik.core.errors import PermissionDeniedError
from otklik.core.submission_keys import MAX_LENGTH, MISSING_IN_CALL
from otklik.orgs.models import User
from otklik.orgs.selectors import public_organisation

from .throttling import ScopedRateThrottle


def _optional_text(max_length: int) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length)


def submission_key_field() -> serializers.CharField:
    """Required on every submitting call: the same key from the same caller registers one appeal."""
    missing = MISSING_IN_CALL
    return serializers.CharField(
        max_length=MAX_LENGTH,
        error_messages={"required": missing, "blank": missing, "null": missing},
        help_text="required; your own id of this submission (e.g. a UUID): sending it again with the same key "
        "returns the appeal registered the first time (200) instead of a second one; keys are scoped to the caller",
    )


class AuthorSerializer(serializers.Serializer[dict[str, Any]]):
    last_name = _optional_text(author_limit("last_name"))
    first_name = _optional_text(author_limit("first_name"))
    middle_name = _optional_text(author_limit("middle_name"))
    email = _optional_text(author_limit("email"))
    phone = _optional_text(author_limit("phone"))
    postal_address = _optional_text(author_limit("postal_address"))
    organization_name = _optional_text(author_limit("organisation_name"))


def intake_author(validated: Mapping[str, Any]) -> AuthorData:
    """The validated author as the service takes it (the API spells the organisation's name «organization»)."""
    return AuthorData.from_mapping({**validated, "organisation_name": validated.get("organization_name", "")})


class QuestionInSerializer(serializers.Serializer[dict[str, Any]]):
    classifier_code = serializers.CharField(max_length=30)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=1000)


def intake_questions(validated: Sequence[Mapping[str, Any]]) -> tuple[IntakeQuestion, ...]:
    return tuple(IntakeQuestion(item["classifier_code"], item.get("summary", "")) for item in validated)


class AppealCreateSerializer(serializers.Serializer[dict[str, Any]]):
    organization = serializers.SlugField()
    kind = serializers.ChoiceField(choices=AppealKind.values)
    channel = serializers.ChoiceField(choices=IntakeChannel.values, default=IntakeChannel.API)
    form = serializers.ChoiceField(choices=AppealForm.values, required=False, allow_blank=True)
    received_at = serializers.DateTimeField(required=False)
    registered_on = serializers.DateField(required=False, help_text="staff only: back-filled paper mail")
    author = AuthorSerializer()
    text = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    questions = QuestionInSerializer(many=True, required=False)
    is_collective = serializers.BooleanField(required=False, default=False)
    representative_name = _optional_text(appeal_limit("representative_name"))
    representative_authority = _optional_text(appeal_limit("representative_authority"))
    covering_letter = _optional_text(appeal_limit("covering_letter"))
    submission_key = submission_key_field()

    def intake(self) -> AppealIntake:
        """The validated body as services.appeal_register takes it (the organisation is read apart)."""
        data = self.validated_data
        return AppealIntake(
            kind=data["kind"],
            channel=data["channel"],
            text=data["text"],
            author=intake_author(data["author"]),
            questions=intake_questions(data.get("questions", [])),
            received_at=data.get("received_at"),
            registered_on=data.get("registered_on"),
            form=data.get("form", ""),
            is_collective=data["is_collective"],
            representative=Representative(
                data.get("representative_name", ""), data.get("representative_authority", "")
            ),
            covering_letter=data.get("covering_letter", ""),
            submission_key=data["submission_key"],
        )


class QuestionOutSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    classifier_code = serializers.CharField(source="classifier.code", allow_null=True, default=None)
    summary = serializers.CharField()
    result = serializers.CharField()


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    organization = serializers.CharField(source="organisation.slug")
    due_date = serializers.DateField(source="governing_due_date")
    original_due_date = serializers.DateField(source="due_date")
    author = serializers.SerializerMethodField()
    questions = QuestionOutSerializer(many=True)
    classification = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = [
            "id",
            "organization",
            "number",
            "kind",
            "form",
            "channel",
            "status",
            "received_at",
            "registered_on",
            "late_registration",
            "due_date",
            "original_due_date",
            "extended_due_date",
            "extension_reason",
            "forward_due_date",
            "forwarded_to",
            "author",
            "text",
            "questions",
            "classification",
        ]

    def get_classification(self, appeal: Appeal) -> dict[str, Any] | None:
        """Suggested codes, mood, content kind, priority and rule, from the text room's hook (null without it)."""
        return classification_for_api(appeal)

    def get_author(self, appeal: Appeal) -> dict[str, str]:
        author = appeal.author
        return {"name": str(author), "email": author.email, "postal_address": author.postal_address}


class AppealCreatedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    registered_on = serializers.DateField()
    due_date = serializers.DateField()
    access_code = serializers.CharField(allow_null=True)


class ExtendSerializer(serializers.Serializer[dict[str, Any]]):
    days = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class ForwardSerializer(serializers.Serializer[dict[str, Any]]):
    to_body = serializers.CharField(allow_blank=True, max_length=500)
    reason = serializers.CharField(allow_blank=True)


def registered_response(registration: services.Registration) -> Response:
    """201 with the number, dates and access code; 200 when the same submission had been registered already."""
    appeal = registration.appeal
    body = {
        "id": appeal.pk,
        "number": appeal.number,
        "status": appeal.status,
        "registered_on": appeal.registered_on,
        "due_date": appeal.governing_due_date,
        "access_code": registration.access_code,
    }
    code = status.HTTP_200_OK if registration.duplicate else status.HTTP_201_CREATED
    return Response(AppealCreatedSerializer(body).data, status=code)


def staff_user(request: Request) -> User:
    """The signed-in staff user of an IsAuthenticated view: DRF types `request.user` as any user (or an API key's
    client application), and the services take a User."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated
    return user


def _appeal(request: Request, pk: int) -> Appeal:
    """The appeal if the caller may see it (the same rule as the staff card); a 404 tells nothing otherwise."""
    try:
        return appeal_for_staff(user=staff_user(request), pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc


class AppealListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AppealCreateSerializer, responses={201: AppealCreatedSerializer, 200: AppealCreatedSerializer}
    )
    def post(self, request: Request) -> Response:
        """Register an appeal (59-FZ) or an information request (8-FZ)."""
        incoming = AppealCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        organisation = public_organisation(incoming.validated_data["organization"])
        if organisation is None:
            raise serializers.ValidationError({"organization": ["Нет такой организации."]})
        registration = services.appeal_register(
            actor=staff_user(request),
            organisation=organisation,
            intake=incoming.intake(),
        )
        return registered_response(registration)


class AppealDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=AppealSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """An appeal of an organisation the caller works in (the read of personal data is logged)."""
        return Response(AppealSerializer(_appeal(request, pk)).data)


class AppealExtendView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ExtendSerializer, responses=AppealSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Extend the term once, by at most 30 days; the author gets a notice."""
        incoming = ExtendSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        appeal = services.appeal_extend(
            actor=staff_user(request), appeal=_appeal(request, pk), **incoming.validated_data
        )
        return Response(AppealSerializer(appeal).data)


class AppealForwardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ForwardSerializer, responses=AppealSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Forward to the competent body; the author gets a notice."""
        incoming = ForwardSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        appeal = services.appeal_forward(
            actor=staff_user(request), appeal=_appeal(request, pk), **incoming.validated_data
        )
        return Response(AppealSerializer(appeal).data)


class StatusQuerySerializer(serializers.Serializer[dict[str, Any]]):
    organization = serializers.SlugField()
    number = serializers.CharField(max_length=50)
    access_code = serializers.CharField(max_length=20)


class StatusSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    registered_on = serializers.DateField()
    due_date = serializers.DateField()
    days_left = serializers.IntegerField()
    answer = serializers.DictField(allow_null=True)


def appeal_status(appeal: Appeal) -> dict[str, Any]:
    """What the author may see by number and code: the stage, the governing date, days left and the answer."""
    answer = sent_final_answer(appeal)
    due = appeal.governing_due_date
    return {
        "number": appeal.number,
        "kind": appeal.kind,
        "status": appeal.status,
        "status_label": appeal.get_status_display(),
        "registered_on": appeal.registered_on,
        "due_date": due,
        "days_left": (due - today_for(appeal.organisation)).days,
        "answer": (
            {"text": answer.text, "outgoing_number": answer.outgoing_number, "sent_at": answer.sent_at.isoformat()}
            if answer and answer.sent_at
            else None
        ),
    }


class StatusView(APIView):
    """Public status of an appeal by its number and access code (no account needed)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedRateThrottle]  # its own budget, not the general anonymous one
    throttle_scope = "status"

    @extend_schema(request=StatusQuerySerializer, responses=StatusSerializer)
    def post(self, request: Request) -> Response:
        incoming = StatusQuerySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        organisation = public_organisation(data["organization"])
        appeal = (
            appeal_by_number_and_code(organisation=organisation, number=data["number"], code=data["access_code"])
            if organisation
            else None
        )
        if appeal is None:
            return Response(
                {"errors": [{"field": None, "message": "Обращение с таким номером и кодом доступа не найдено."}]},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(StatusSerializer(appeal_status(appeal)).data)
