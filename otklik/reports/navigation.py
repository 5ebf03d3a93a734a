"""The analysis room's entry in the staff menu, shown to those the analysis selector lets in."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .selectors import ANALYSIS_ROLES

register_nav(_("Анализ обращений"), "reports:quarterly", order=40, roles=ANALYSIS_ROLES)
