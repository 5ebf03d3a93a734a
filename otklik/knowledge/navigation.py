"""The knowledge room's entry in the staff menu, shown to the FAQ's editors."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .services import EDITOR_ROLES

register_nav(_("Вопросы и ответы портала"), "knowledge:faq_list", order=80, roles=EDITOR_ROLES)
