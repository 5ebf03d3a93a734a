"""The social-media inbox's entry in the staff menu."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .inbox_services import INBOX_ROLES

register_nav(_("Соцсети и мессенджеры"), "inbox:list", order=25, roles=INBOX_ROLES)
