"""The staff shell's navigation: each room adds its entries here as it arrives."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Organisation
from .permissions import AnyUser, has_role


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every member


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Рабочий стол"), "shell:dashboard"),
    NavEntry(_("Обращения"), "appeals:queue"),
    NavEntry(_("Поручения"), "assignments:mine"),
    NavEntry(
        _("Анализ обращений"),
        "reports:quarterly",
        ("head", "cc_deputy_head", "controller", "registrar", "unit_head"),
    ),
    NavEntry(_("Организация"), "shell:organisation"),
    NavEntry(_("Перечень точек взаимодействия"), "registry:home"),
    NavEntry(_("Производственный календарь"), "calendars:year"),
    NavEntry(
        _("Вопросы и ответы портала"),
        "knowledge:faq_list",
        ("administrator", "head", "cc_deputy_head", "cc_operator"),
    ),
    NavEntry(_("Ключи API"), "apikeys:list", ("administrator", "head", "cc_deputy_head")),
    NavEntry(_("Опросы"), "feedback:surveys"),
    NavEntry(_("Обратная связь"), "feedback:follow_ups"),
]


def navigation_for(user: AnyUser, organisation: Organisation | None) -> list[NavEntry]:
    if organisation is None:
        return []
    return [entry for entry in NAVIGATION if not entry.roles or has_role(user, organisation, *entry.roles)]
