"""Mailbox intake's entry in the staff menu: the triage queue, for those who triage."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .mail_services import TRIAGE_ROLES

register_nav(_("Разбор почты"), "mail:queue", order=26, roles=TRIAGE_ROLES)
