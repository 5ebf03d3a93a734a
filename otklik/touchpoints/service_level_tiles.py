"""The registry tile of the service-level board: proposals under review and versions awaiting publication."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, is_member
from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

from .models import RegistryVersion
from .selectors import open_change_count


@register_tile("registry", order=50)
def registry_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    """A version is overdue as `selectors.version_is_overdue` says: unpublished, not superseded, past publish_due."""
    if not is_member(user, organisation):
        return None
    versions = RegistryVersion.objects.filter(organisation=organisation, published_at__isnull=True, superseded=False)
    counts = versions.aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(publish_due__lt=today)))
    changes = open_change_count(organisation)
    return Tile(
        title=_("Перечень точек взаимодействия"),
        figures=(
            Figure(_("Предложений на проверке"), changes, Level.WARNING if changes else Level.OK),
            Figure(_("Версий ждут публикации"), counts["pending"], Level.WARNING if counts["pending"] else Level.OK),
            Figure(_("Срок публикации истёк"), counts["overdue"], Level.BREACH if counts["overdue"] else Level.OK),
        ),
        url=reverse("registry:home"),
    )
