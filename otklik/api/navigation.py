"""The API room's entry in the staff menu, shown to those who may revoke keys."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .services import REVOKER_ROLES

register_nav(_("Ключи API"), "apikeys:list", order=90, roles=REVOKER_ROLES)
