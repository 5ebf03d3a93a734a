"""API v1 for the text room's style check: findings on a draft answer for a body's staff (issue 18 item 6, R-AP-11)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.selectors import organisation_for_user
from otklik.text.style import KINDS, RULES, check
from otklik.text.style_services import style_config

from .appeals import staff_user

MAX_TEXT_CHARS = 100_000
CONTROL = {chr(code) for code in range(32) if chr(code) not in "\t\n\r"} | {"\x7f"}


def _clean(value: str) -> str:
    if len(value) > MAX_TEXT_CHARS:
        raise serializers.ValidationError(_("Текст длиннее %(count)s знаков.") % {"count": MAX_TEXT_CHARS})
    if any(char in CONTROL for char in value):
        raise serializers.ValidationError(_("В тексте есть управляющие символы."))
    return value


class StyleCheckRequestSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField(trim_whitespace=False, help_text="the draft answer, plain text")
    appeal_text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="the appeal's text, for no_restatement"
    )
    organization = serializers.SlugField(help_text="the body's slug; its style settings apply")
    kind = serializers.ChoiceField(choices=KINDS, default="appeal", help_text="appeal, internal or social")

    def validate_text(self, value: str) -> str:
        return _clean(value)

    def validate_appeal_text(self, value: str) -> str:
        return _clean(value)


class FindingSerializer(serializers.Serializer[Any]):
    rule = serializers.ChoiceField(choices=RULES)
    start = serializers.IntegerField(help_text="offset of the first character in text")
    end = serializers.IntegerField(help_text="offset after the last character")
    message = serializers.CharField(help_text="in Russian")


class StyleCheckResponseSerializer(serializers.Serializer[Any]):
    findings = FindingSerializer(many=True)


class StyleCheckView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=StyleCheckRequestSerializer, responses=StyleCheckResponseSerializer)
    def post(self, request: Request) -> Response:
        """The style findings of a draft answer under the body's settings; staff of that body only."""
        incoming = StyleCheckRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            organisation = organisation_for_user(user=staff_user(request), slug=data["organization"])
        except PermissionDeniedError as exc:
            raise Http404 from exc
        findings = check(
            data["text"],
            appeal_text=data.get("appeal_text") or None,
            kind=data["kind"],
            settings=style_config(organisation),
        )
        return Response(StyleCheckResponseSerializer({"findings": [item.as_dict() for item in findings]}).data)
