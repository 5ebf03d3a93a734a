"""Serializers of API v1: shapes of output, validation of input; no writes."""

from rest_framework import serializers

from otklik.orgs.models import Channel, Organisation


class ChannelSerializer(serializers.ModelSerializer[Channel]):
    class Meta:
        model = Channel
        fields = ["code", "channel_type", "name", "address", "notes", "response_minutes"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "region", "timezone", "address", "phone", "email", "website",
                  "working_hours"]  # fmt: skip


class OrganisationDetailSerializer(OrganisationSerializer):
    channels = ChannelSerializer(many=True, read_only=True)

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "appeal_term_days", "request_term_days", "channels"]


class MeSerializer(serializers.Serializer[object]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    organisations = serializers.ListField(child=serializers.DictField())
