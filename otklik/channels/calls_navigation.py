"""The contact centre's entry in the staff menu (call log, call card, import)."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .calls_services import CALL_ROLES

register_nav(_("Контакт-центр: звонки"), "calls:list", order=27, roles=CALL_ROLES)
