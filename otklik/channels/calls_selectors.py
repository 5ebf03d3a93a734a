"""Permission-checked reads of the contact centre: the call log (an operator sees his own calls, the deputy head
and the head all), one call, the lines, operators and phone scripts for the call card."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.models import Membership, Organisation, User
from otklik.orgs.permissions import AnyUser, has_role

from .calls_services import CALL_ROLES, SEE_ALL_ROLES
from .models import CallRecord, PhoneLine, PhoneScript


def require_calls(user: AnyUser, organisation: Organisation) -> None:
    if not has_role(user, organisation, *CALL_ROLES):
        raise PermissionDeniedError(
            _("Журнал звонков видят операторы контакт-центра, заместитель руководителя и руководитель.")
        )


def sees_all_calls(user: AnyUser, organisation: Organisation) -> bool:
    return has_role(user, organisation, *SEE_ALL_ROLES)


def calls_for_staff(
    *,
    user: AnyUser,
    organisation: Organisation,
    line_id: int | None = None,
    operator_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[CallRecord]:
    """The body's calls, the latest first; an operator gets only the calls he took."""
    require_calls(user, organisation)
    calls = CallRecord.objects.filter(organisation=organisation)
    if not sees_all_calls(user, organisation):
        calls = calls.filter(operator_id=user.pk)
    elif operator_id:
        calls = calls.filter(operator_id=operator_id)
    if line_id:
        calls = calls.filter(line_id=line_id)
    tz = organisation.tz
    if date_from:
        calls = calls.filter(started_at__gte=dt.datetime.combine(date_from, dt.time(), tzinfo=tz))
    if date_to:
        calls = calls.filter(started_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz))
    return calls.select_related("line", "operator", "appeal").order_by("-started_at", "-pk")


def calls_page(
    *,
    user: AnyUser,
    organisation: Organisation,
    line_id: int | None = None,
    operator_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: str | int | None = None,
    per_page: int = 50,
) -> Page[CallRecord]:
    calls = calls_for_staff(
        user=user,
        organisation=organisation,
        line_id=line_id,
        operator_id=operator_id,
        date_from=date_from,
        date_to=date_to,
    )
    return Paginator(calls, per_page).get_page(page)


def call_for_staff(*, user: AnyUser, organisation: Organisation, pk: int) -> CallRecord:
    """One call, for its operator or those who see all calls; anyone else is told it does not exist."""
    require_calls(user, organisation)
    found = (
        CallRecord.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", "line", "operator", "appeal")
        .first()
    )
    if found is None or (found.operator_id != user.pk and not sees_all_calls(user, organisation)):
        raise PermissionDeniedError(_("Звонок не найден."))
    return found


def lines_for(*, user: AnyUser, organisation: Organisation) -> QuerySet[PhoneLine]:
    require_calls(user, organisation)
    return PhoneLine.objects.filter(organisation=organisation, is_active=True).order_by("code")


def operator_choices(*, user: AnyUser, organisation: Organisation) -> list[tuple[int, str]]:
    """The body's staff, for the list's filter (only those who see every call get it)."""
    if not sees_all_calls(user, organisation):
        return []
    users = User.objects.filter(
        pk__in=Membership.objects.filter(organisation=organisation, is_active=True).values("user_id")
    ).order_by("last_name", "first_name", "username")
    return [(u.pk, u.full_name or u.username) for u in users]


def scripts_for(*, user: AnyUser, organisation: Organisation) -> list[tuple[PhoneLine | None, list[PhoneScript]]]:
    """The phone scripts for the call card, grouped by line (those for every line first)."""
    require_calls(user, organisation)
    scripts = (
        PhoneScript.objects.filter(organisation=organisation, is_active=True)
        .filter(Q(line__isnull=True) | Q(line__is_active=True))
        .select_related("line")
        .order_by("line__code", "sort_order", "title")
    )
    grouped: dict[int | None, tuple[PhoneLine | None, list[PhoneScript]]] = {}
    for script in scripts:
        grouped.setdefault(script.line_id, (script.line, []))[1].append(script)
    return sorted(grouped.values(), key=lambda item: (item[0] is not None, item[0].code if item[0] else ""))


def greeting_for(*, user: User, organisation: Organisation) -> str:
    """What the operator says first (004 App. 1 §5.6; 000 §3.2.1): the body's full name and his own name."""
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    position = f", {membership.position}" if membership is not None and membership.position else ""
    return _("Здравствуйте! %(body)s, %(name)s%(position)s. Слушаю вас.") % {
        "body": organisation.name,
        "name": user.full_name or user.username,
        "position": position,
    }
