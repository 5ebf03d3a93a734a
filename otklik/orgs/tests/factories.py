"""Factories for organisations, units and staff, shared by every room's tests."""

from __future__ import annotations

from typing import Any

import factory

from otklik.orgs.models import Membership, Organisation, Role, Unit, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org{n}")
    name = factory.Sequence(lambda n: f"Министерство № {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    timezone = "Europe/Moscow"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"unit{n}")
    name = factory.Sequence(lambda n: f"Отдел № {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Иванова"
    first_name = "Мария"
    middle_name = "Петровна"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-1")

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def member(organisation: Organisation, *role_codes: str, user: User | None = None, unit: Unit | None = None) -> User:
    """A user who works in `organisation` with the given roles (test set-up, not a service)."""
    user = user or UserFactory()
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"unit": unit})
    membership.roles.set([Role.objects.get_or_create(code=code)[0] for code in role_codes])
    return user
