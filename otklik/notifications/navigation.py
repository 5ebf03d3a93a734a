"""The notifications room's entry in the staff menu, for those who may read the send log."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .selectors import SEND_LOG_ROLES

register_nav(_("Журнал отправки"), "notifications:send_log", order=95, roles=SEND_LOG_ROLES)
