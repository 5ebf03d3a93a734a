"""The contact-centre KPI board's entry in the staff menu."""

from django.utils.translation import gettext_lazy as _

from otklik.orgs.navigation import register_nav

from .kpi_selectors import KPI_ROLES

register_nav(_("Показатели контакт-центра"), "cc_kpi:board", order=28, roles=KPI_ROLES)
