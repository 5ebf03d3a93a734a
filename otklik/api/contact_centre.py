"""API v1 for the contact centre: a line's KPIs over a period against its thresholds (issue 14 item 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from otklik.channels.kpi import THRESHOLD_NAMES
from otklik.channels.kpi_selectors import line_for_kpi, line_kpi
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.selectors import organisation_for_user

from .appeals import staff_user

MAX_PERIOD_DAYS = 400


class KpiQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """organization, line, from, to (`from` is a Python keyword, hence get_fields)."""

    organization = serializers.SlugField(help_text="the body's slug")
    line = serializers.SlugField(help_text="the phone line's code in the body's settings, e.g. services")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="first day of the period, YYYY-MM-DD (the body's time zone)")
        fields["to"] = serializers.DateField(help_text="last day of the period, YYYY-MM-DD, inclusive")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start: dt.date = attrs["from"]
        end: dt.date = attrs["to"]
        if start > end:
            raise serializers.ValidationError({"from": [_("Начало периода позже его конца.")]})
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise serializers.ValidationError({"to": [_("Период длиннее %(days)s дней.") % {"days": MAX_PERIOD_DAYS}]})
        return attrs


def _figure() -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text="rounded to one decimal; null when nothing to divide by")


class KpiSerializer(serializers.Serializer[Any]):
    calls = serializers.IntegerField(help_text="incoming calls")
    answered = serializers.IntegerField()
    lost = serializers.IntegerField()
    avg_wait_seconds = _figure()
    max_wait_seconds = serializers.IntegerField(allow_null=True)
    waits_over_threshold = serializers.IntegerField(help_text="answered calls that waited longer than the line's norm")
    first_contact_resolution_percent = _figure()
    transfer_coefficient = _figure()
    calls_over_two_transfers = serializers.IntegerField()
    lost_breach_days = serializers.IntegerField(help_text="days with more lost calls than the line allows")
    avg_handling_seconds = _figure()
    avg_talk_seconds = _figure()
    satisfaction_asked_percent = _figure()
    satisfied_percent = _figure()
    breaches = serializers.ListField(
        child=serializers.ChoiceField(choices=THRESHOLD_NAMES), help_text="names of the thresholds breached"
    )


class ContactCentreKpiView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[KpiQuerySerializer], responses=KpiSerializer)
    def get(self, request: Request) -> Response:
        """A phone line's KPIs over [from, to] (incoming calls) with the thresholds breached; staff of the body with a
        contact-centre operator, deputy-head or head role."""
        incoming = KpiQuerySerializer(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        user = staff_user(request)
        try:
            organisation = organisation_for_user(user=user, slug=data["organization"])
        except PermissionDeniedError as exc:
            raise Http404 from exc
        line = line_for_kpi(user=user, organisation=organisation, code=data["line"])
        if line is None:
            raise serializers.ValidationError({"line": [_("У органа нет линии с таким кодом.")]})
        return Response(KpiSerializer(line_kpi(line, data["from"], data["to"]).as_api()).data)
