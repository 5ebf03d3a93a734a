"""Demo accounts for the embedded default: one person per role per organisation, plus a multi-body user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .choices import RoleCode
from .models import Organisation, RoleDefinition, User
from .services import membership_set


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organisations: str
    roles: str


def _demo_user(
    username: str, *, last_name: str, first_name: str, password: str, superuser: bool = False, phone: str = ""
) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.last_name, user.first_name = last_name, first_name
    # Demo people have a phone and an e-mail so that answers carry a complete executor mark (§5.2).
    user.email = f"{username}@demo.otklik.invalid"
    user.phone = phone or "+7 (800) 000-00-00"
    user.is_staff = user.is_superuser = superuser
    user.is_active = True
    if not user.pk or not user.check_password(password):
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def demo_accounts_create(*, password: str) -> list[DemoLogin]:
    """Create (or refresh) the demo logins; the result lists them for `make run` to print."""
    logins = []
    admin = _demo_user("admin", last_name="Администратор", first_name="Системный", password=password, superuser=True)
    logins.append(DemoLogin(admin.username, "все", "суперпользователь (Django admin)"))
    organisations = list(Organisation.objects.order_by("slug"))
    for organisation in organisations:
        for definition in RoleDefinition.objects.filter(organisation=organisation).select_related("role", "unit"):
            username = f"{organisation.slug}-{definition.role.code.replace('_', '-')}"
            user = _demo_user(
                username,
                last_name="Демо",
                first_name=str(RoleCode(definition.role.code).label)[:150],
                password=password,
            )
            membership_set(
                actor=None,
                organisation=organisation,
                user=user,
                unit=definition.unit,
                position=definition.position[:300],
                role_codes=[definition.role.code],
                check_permissions=False,
            )
            logins.append(DemoLogin(username, organisation.slug, str(RoleCode(definition.role.code).label)))
    if len(organisations) > 1:
        multi = _demo_user("demo", last_name="Демонстрационный", first_name="Пользователь", password=password)
        for organisation in organisations:
            membership_set(
                actor=None,
                organisation=organisation,
                user=multi,
                unit=None,
                position="Администратор системы",
                role_codes=[RoleCode.ADMINISTRATOR],
                check_permissions=False,
            )
        logins.append(DemoLogin("demo", ", ".join(o.slug for o in organisations), "администратор во всех"))
    return logins
