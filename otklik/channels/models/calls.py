"""The contact centre's phone lines, call log and phone scripts (R-CH-2, issue 14 items 1, 2 and 6)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class LineProcedure(models.TextChoices):
    APPEALS = "appeals", _("Обращения граждан")
    SERVICES = "services", _("Государственные услуги")
    HOTLINE = "hotline", _("Горячая линия")


class CallDirection(models.TextChoices):
    IN = "in", _("Входящий")
    OUT = "out", _("Исходящий")


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Принят")
    LOST = "lost", _("Потерян")
    CALLBACK = "callback", _("Обратный звонок")


class UnansweredOutcome(models.TextChoices):
    """004 App. 1 §5.8: what the official did when he could not answer the question."""

    NONE = "", _("—")
    TRANSFERRED = "transferred", _("Переведён на другое должностное лицо")
    NUMBER_GIVEN = "number_given", _("Сообщён номер, по которому можно получить информацию")
    WRITTEN_APPEAL_OFFERED = "written_appeal_offered", _("Предложено обратиться письменно")


class CallSource(models.TextChoices):
    MANUAL = "manual", _("Карточка звонка")
    CSV = "csv", _("Файл CSV")
    ASTERISK = "asterisk", _("Журнал очередей Asterisk (queue_log)")


class PhoneLine(BaseModel):
    """A body's phone line of a procedure with its thresholds; empty threshold = the body's act sets none."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="phone_lines"
    )
    channel = models.ForeignKey(
        "orgs.Channel",
        verbose_name=_("канал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phone_lines",
    )
    code = models.SlugField(_("код"), max_length=50)
    name = models.CharField(_("название"), max_length=300)
    procedure = models.CharField(_("порядок"), max_length=20, choices=LineProcedure.choices)
    queue_wait_max_seconds = models.PositiveIntegerField(
        _("ожидание в очереди не более, секунд"), null=True, blank=True
    )
    first_contact_resolution_min_percent = models.PositiveSmallIntegerField(
        _("решено при первом обращении не менее, %"), null=True, blank=True
    )
    transfers_max = models.PositiveSmallIntegerField(_("переводов звонка не более"), null=True, blank=True)
    lost_calls_max_per_day = models.PositiveSmallIntegerField(
        _("потерянных звонков в день не более"), null=True, blank=True
    )
    avg_handling_max_seconds = models.PositiveIntegerField(
        _("среднее время обработки звонка не более, секунд"), null=True, blank=True
    )
    avg_talk_max_seconds = models.PositiveIntegerField(
        _("средняя продолжительность разговора не более, секунд"), null=True, blank=True
    )
    operator_load_max_percent = models.PositiveSmallIntegerField(
        _("загрузка оператора не более, %"), null=True, blank=True
    )
    source = models.TextField(_("основание (пункты акта)"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("телефонная линия")
        verbose_name_plural = _("телефонные линии")
        ordering = ["organisation", "code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="phone_line_code_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class CallRecord(BaseModel):
    """One call of the contact centre, entered from the call card or imported from the phone system."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="call_records"
    )
    line = models.ForeignKey(PhoneLine, verbose_name=_("линия"), on_delete=models.PROTECT, related_name="calls")
    call_id = models.CharField(_("идентификатор звонка"), max_length=100)
    operator = models.ForeignKey(
        "orgs.User",
        verbose_name=_("оператор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_records",
    )
    operator_name = models.CharField(_("оператор (имя из телефонной системы)"), max_length=200, blank=True)
    direction = models.CharField(_("направление"), max_length=3, choices=CallDirection.choices)
    started_at = models.DateTimeField(_("начало"))
    wait_seconds = models.PositiveIntegerField(_("ожидание в очереди, секунд"), default=0)
    talk_seconds = models.PositiveIntegerField(_("разговор, секунд"), default=0)
    wrap_seconds = models.PositiveIntegerField(_("постобработка, секунд"), default=0)
    hold_seconds = models.PositiveIntegerField(_("удержание, секунд"), default=0)
    transfers = models.PositiveSmallIntegerField(_("переводов"), default=0)
    outcome = models.CharField(_("исход"), max_length=20, choices=CallOutcome.choices)
    first_contact_resolved = models.BooleanField(_("решено при первом обращении"), null=True, blank=True)
    satisfaction_asked = models.BooleanField(_("задан вопрос об удовлетворённости"), default=False)
    satisfied = models.BooleanField(_("удовлетворён"), null=True, blank=True)
    topic_code = models.CharField(_("тематика (код классификатора)"), max_length=50, blank=True)
    unanswered_outcome = models.CharField(
        _("если ответ не дан"), max_length=30, choices=UnansweredOutcome.choices, blank=True, default=""
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("обращение"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_records",
    )
    # Script checklist (004 App. 1; satisfaction_asked above is its third item)
    greeted_with_body_name = models.BooleanField(_("назвал полное наименование органа"), default=False)
    operator_named = models.BooleanField(_("назвал свои фамилию, имя, должность"), default=False)
    transfer_announced = models.BooleanField(_("предупредил о переводе звонка"), default=False)
    notes = models.TextField(_("заметки"), blank=True)
    source = models.CharField(_("источник"), max_length=20, choices=CallSource.choices, default=CallSource.MANUAL)
    import_batch = models.CharField(_("пакет импорта"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("звонок")
        verbose_name_plural = _("журнал звонков")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "call_id"], name="call_record_call_id_unique_in_org"),
            models.CheckConstraint(
                condition=Q(satisfied__isnull=True) | Q(satisfaction_asked=True),
                name="call_record_satisfied_only_if_asked",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "line", "started_at"], name="call_record_line_time"),
            models.Index(fields=["organisation", "operator", "started_at"], name="call_record_operator_time"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} ({self.started_at:%Y-%m-%d %H:%M})"


class PhoneScript(BaseModel):
    """A phone script for a typical question, shaped as a knowledge-base entry (question / text), to move later."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="phone_scripts"
    )
    line = models.ForeignKey(
        PhoneLine,
        verbose_name=_("линия"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scripts",
        help_text=_("Пусто — для всех линий органа."),
    )
    title = models.CharField(_("название"), max_length=300)
    question = models.TextField(_("типовой вопрос"))
    text = models.TextField(_("текст ответа"))
    sort_order = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("сценарий телефонного разговора")
        verbose_name_plural = _("сценарии телефонных разговоров")
        ordering = ["organisation", "sort_order", "title"]

    def __str__(self) -> str:
        return self.title
