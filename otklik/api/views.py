"""API v1 views: thin adapters over selectors and services."""

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import roles_of
from otklik.orgs.selectors import organisations_for_user, public_organisation, public_organisations
from otklik.touchpoints.exports import registry_json
from otklik.touchpoints.selectors import published_version

from .serializers import MeSerializer, OrganisationDetailSerializer, OrganisationSerializer, RegistrySerializer


class OrganisationListView(generics.ListAPIView[Organisation]):
    """Public list of the organisations served by this installation."""

    permission_classes = [AllowAny]
    serializer_class = OrganisationSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Organisation]:
        return public_organisations()


class OrganisationDetailView(generics.RetrieveAPIView[Organisation]):
    """Public card of one organisation with its channels and main terms."""

    permission_classes = [AllowAny]
    serializer_class = OrganisationDetailSerializer

    def get_object(self) -> Organisation:
        organisation = public_organisation(self.kwargs["slug"])
        if organisation is None:
            raise Http404
        return organisation


class MeView(APIView):
    """Who the API key belongs to and the roles it carries in each organisation."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "username": user.get_username(),
            "full_name": getattr(user, "full_name", ""),
            "organisations": [
                {"slug": org.slug, "roles": sorted(roles_of(user, org))} for org in organisations_for_user(user)
            ],
        }
        return Response(MeSerializer(data).data)


class RegistryView(APIView):
    """The organisation's published touchpoint registry (the latest version, or `?version=N`)."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=RegistrySerializer,
        parameters=[OpenApiParameter("version", int, description="a published version number; default latest")],
    )
    def get(self, request: Request, slug: str) -> Response:
        organisation = public_organisation(slug)
        if organisation is None:
            raise Http404
        raw = request.query_params.get("version")
        if raw is not None and not raw.isdigit():
            raise ValidationError({"version": ["Номер версии — целое число."]})
        version = published_version(organisation, int(raw) if raw else None)
        if version is None:
            raise Http404
        return Response(registry_json(version))
