"""The feedback room's entries in the staff menu."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

register_nav(_("Опросы"), "feedback:surveys", order=100)
register_nav(_("Обратная связь"), "feedback:follow_ups", order=110)
