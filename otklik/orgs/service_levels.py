"""The service-level board's tile registry (003 §11.1–11.4): each room registers the levels it keeps.

The deputy head for client-centricity controls every touchpoint constantly (003 §11.2–11.3); the board shows one
tile per room. A room adds its tile in its own `service_level_tiles.py`, imported from its AppConfig.ready:

    from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

    @register_tile("contact_centre", order=40)
    def contact_centre_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
        if not has_role(user, organisation, *KPI_ROLES):
            return None  # the person may not see these figures: no tile
        kpi = ...  # one or a few aggregate queries, never one per row
        return Tile(
            title=_("Контакт-центр"),
            figures=(Figure(_("Потерянные вызовы за месяц"), kpi.lost, Level.BREACH if kpi.breach else Level.OK),),
            url=reverse("contact:kpi"),
        )

Orders taken: appeals 10, assignments 20, social media 30, contact-centre KPIs 40 (left for the contact centre's
KPI part to register from otklik/channels/service_level_tiles.py or its own module), registry 50, satisfaction 60,
follow-ups 70.

Rules for a tile: compute its figures with a small fixed number of aggregate queries (the board's query count is
asserted by the tests); load through the room's access-checking selectors; return None to hide the tile. The
same tiles make the weekly digest (PDF and XLSX), so a figure's value is a number, a short text or None.
Registering the same code again replaces the tile, so a module imported twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from otklik.core.errors import PermissionDeniedError

from .choices import RoleCode
from .models import Organisation
from .navigation import register_nav
from .permissions import AnyUser, has_role

# 003 §11.1: the deputy head for client-centricity controls; the head of the body answers for it all.
# Administrators pass every has_role check; nobody else sees the board.
BOARD_ROLES = (RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)


class Level(TextChoices):
    OK = "ok", _("в норме")
    WARNING = "warning", _("внимание")
    BREACH = "breach", _("нарушение")


FigureValue = int | float | str | Promise | None


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: FigureValue
    level: str = Level.OK


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    figures: Sequence[Figure]
    url: str

    @property
    def level(self) -> str:
        """The worst level of the tile's figures: the tile is coloured by it."""
        levels = {figure.level for figure in self.figures}
        for level in (Level.BREACH, Level.WARNING):
            if level in levels:
                return level
        return Level.OK


TileFunction = Callable[[Organisation, AnyUser, dt.date], Tile | None]


@dataclass(frozen=True)
class _Registered:
    code: str
    func: TileFunction
    order: int


_TILES: dict[str, _Registered] = {}


def register_tile(code: str, *, order: int) -> Callable[[TileFunction], TileFunction]:
    """Decorator for `tile(organisation, user, today) -> Tile | None`; None hides the tile for that person."""

    def decorator(func: TileFunction) -> TileFunction:
        _TILES[code] = _Registered(code, func, order)
        return func

    return decorator


def registered_tiles() -> list[str]:
    return [entry.code for entry in sorted(_TILES.values(), key=lambda entry: (entry.order, entry.code))]


def can_see_board(user: AnyUser, organisation: Organisation) -> bool:
    return has_role(user, organisation, *BOARD_ROLES)


def require_board(user: AnyUser, organisation: Organisation) -> None:
    if not can_see_board(user, organisation):
        raise PermissionDeniedError(
            gettext(
                "Панель уровня обслуживания видят руководитель и заместитель, ответственный за клиентоцентричность."
            )
        )


def tiles_for(organisation: Organisation, user: AnyUser, today: dt.date) -> list[Tile]:
    """Every tile the person may see, in the registered order (an empty list for anyone off the board)."""
    if not can_see_board(user, organisation):
        return []
    shown = []
    for entry in sorted(_TILES.values(), key=lambda entry: (entry.order, entry.code)):
        tile = entry.func(organisation, user, today)
        if tile is not None:
            shown.append(tile)
    return shown


register_nav(_("Уровень обслуживания"), "service_levels:board", order=12, roles=BOARD_ROLES)
