"""Organisations, their unit trees, staff memberships with roles, and contact channels."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel

from .choices import ChannelType, RoleCode, TermEndPolicy


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Неизвестный часовой пояс: %(tz)s"), params={"tz": value}) from exc


class User(AbstractUser):
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)


class Organisation(BaseModel):
    """A public body; its terms and thresholds are its own settings (presets fill them from its acts)."""

    slug = models.SlugField(_("код"), max_length=50, unique=True)
    name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    region = models.CharField(_("субъект РФ"), max_length=200, blank=True)
    timezone = models.CharField(
        _("часовой пояс"), max_length=64, default="Europe/Moscow", validators=[validate_timezone]
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон"), max_length=100, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("официальный сайт"), blank=True)
    working_hours = models.CharField(_("режим работы"), max_length=300, blank=True)
    source_act = models.CharField(_("акт, по которому настроена"), max_length=500, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    # Terms (R-AP-5, R-CAL-2)
    term_end_policy = models.CharField(
        _("срок, оканчивающийся в нерабочий день"),
        max_length=20,
        choices=TermEndPolicy.choices,
        default=TermEndPolicy.PRECEDING,
    )
    appeal_term_days = models.PositiveSmallIntegerField(
        _("срок рассмотрения обращения, дней"), default=30, validators=[MinValueValidator(1)]
    )
    appeal_extension_max_days = models.PositiveSmallIntegerField(
        _("продление срока обращения не более, дней"), default=30
    )
    request_term_days = models.PositiveSmallIntegerField(
        _("срок ответа на запрос информации, дней"), default=30, validators=[MinValueValidator(1)]
    )
    request_deferral_max_days = models.PositiveSmallIntegerField(
        _("отсрочка ответа на запрос не более, дней"), default=15
    )
    forward_term_days = models.PositiveSmallIntegerField(_("переадресация не позднее, дней"), default=7)
    registration_term_days = models.PositiveSmallIntegerField(_("регистрация письменного обращения, дней"), default=3)
    internal_written_term_days = models.PositiveSmallIntegerField(
        _("ответ на письменный запрос внутреннего клиента, дней"), default=30
    )
    registry_publication_working_days = models.PositiveSmallIntegerField(
        _("публикация перечня точек взаимодействия, рабочих дней"), default=10
    )
    report_acceptance_working_days = models.PositiveSmallIntegerField(
        _("приёмка отчёта об исполнении, рабочих дней"), default=3
    )

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Unit(BaseModel):
    """A structural unit (структурное подразделение); units form a tree inside one organisation."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("вышестоящее подразделение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("код"), max_length=80)
    name = models.CharField(_("наименование"), max_length=500)
    sort_order = models.PositiveIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("подразделение")
        verbose_name_plural = _("подразделения")
        ordering = ["organisation", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """One of the fixed roles of R-ORG-2; rows are created by a data migration, never by hand."""

    code = models.CharField(_("код"), max_length=40, unique=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("роль")
        verbose_name_plural = _("роли")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class Membership(BaseModel):
    """A person's place in an organisation: unit, position and roles. One per person and organisation."""

    user = models.ForeignKey(User, verbose_name=_("сотрудник"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("подразделение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    position = models.CharField(_("должность"), max_length=300, blank=True)
    roles = models.ManyToManyField(Role, verbose_name=_("роли"), blank=True, related_name="memberships")
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("сотрудник организации")
        verbose_name_plural = _("сотрудники организаций")
        ordering = ["organisation", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_per_org")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class Channel(BaseModel):
    """A way the body can be reached (site, e-mail, phone, social page…), with its address from the acts."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="channels"
    )
    code = models.SlugField(_("код"), max_length=80)
    channel_type = models.CharField(_("тип канала"), max_length=30, choices=ChannelType.choices)
    name = models.CharField(_("наименование"), max_length=300)
    address = models.CharField(_("адрес, ссылка или телефон"), max_length=500, blank=True)
    notes = models.TextField(_("примечание"), blank=True)
    response_minutes = models.PositiveIntegerField(_("нормативное время ответа, минут"), null=True, blank=True)
    source = models.CharField(_("источник (пункт акта)"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("канал взаимодействия")
        verbose_name_plural = _("каналы взаимодействия")
        ordering = ["organisation", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="channel_code_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class RoleDefinition(BaseModel):
    """How a body's own act names a role and where it sits (e.g. 003 §11.1: the deputy minister)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="role_definitions"
    )
    role = models.ForeignKey(Role, verbose_name=_("роль"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("должность по акту"), max_length=500)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("подразделение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("источник (пункт акта)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("роль в организации")
        verbose_name_plural = _("роли в организации")
        ordering = ["organisation", "role__code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="role_definition_unique_in_org")]

    def __str__(self) -> str:
        return f"{self.role}: {self.position}"


class ServiceLevelDigest(BaseModel):
    """The weekly service-level digest sent to a body (one per ISO week: the sweep never sends it twice)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="service_level_digests"
    )
    iso_year = models.PositiveSmallIntegerField(_("год (ISO)"))
    iso_week = models.PositiveSmallIntegerField(_("неделя (ISO)"))
    recipients = models.PositiveIntegerField(_("получателей"), default=0)

    class Meta:
        verbose_name = _("еженедельная сводка уровня обслуживания")
        verbose_name_plural = _("еженедельные сводки уровня обслуживания")
        ordering = ["organisation", "-iso_year", "-iso_week"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "iso_year", "iso_week"], name="service_level_digest_once_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.iso_year}-W{self.iso_week:02d}"
