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
        fields = [
            "slug",
            "name",
            "short_name",
            "region",
            "timezone",
            "address",
            "phone",
            "email",
            "website",
            "working_hours",
        ]


class OrganisationDetailSerializer(OrganisationSerializer):
    channels = ChannelSerializer(many=True, read_only=True)

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "appeal_term_days", "request_term_days", "channels"]


class MeSerializer(serializers.Serializer[object]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    organisations = serializers.ListField(child=serializers.DictField())


class RegistryNeedSerializer(serializers.Serializer[object]):
    code = serializers.CharField(help_text="closed list of 001/002 §2.6: get_information, get_consultation, …")
    text = serializers.CharField(help_text="the need as the body's act words it")


class RegistryTouchpointSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    channel_type = serializers.CharField()
    kind = serializers.ChoiceField(choices=["digital", "offline"])
    address = serializers.CharField(allow_blank=True)
    needs = RegistryNeedSerializer(many=True)
    features = serializers.CharField(allow_blank=True)
    is_key = serializers.BooleanField()
    appeals_counted = serializers.BooleanField()
    legal_basis_kind = serializers.ChoiceField(choices=["document", "administrative_action"])
    legal_basis = serializers.CharField()
    accessibility_notes = serializers.CharField(allow_blank=True)


class RegistryProcessSerializer(serializers.Serializer[object]):
    number = serializers.IntegerField()
    name = serializers.CharField()
    touchpoints = RegistryTouchpointSerializer(many=True)


class RegistrySerializer(serializers.Serializer[object]):
    organization = serializers.CharField()
    title = serializers.CharField()
    approval = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    approved_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()
    processes = RegistryProcessSerializer(many=True)
