"""The assignments room's entry in the staff menu."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

register_nav(_("Поручения"), "assignments:mine", order=30)
