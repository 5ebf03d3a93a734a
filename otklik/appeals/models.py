"""Appeals and requests: the thematic classifier, authors, appeals with questions, files, notices and events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel

from .choices import (
    AnswerKind,
    AnswerOutcome,
    AnswerStatus,
    AppealEventKind,
    AppealForm,
    AppealKind,
    AppealPriority,
    AppealStatus,
    AuthorKind,
    DeliveryChannel,
    IntakeChannel,
    NoticeKind,
    QuestionResult,
    TypedGround,
)


class ClassifierNode(models.Model):
    """One node of the all-Russian thematic classifier of appeals (раздел.тематика.тема.вопрос[.подвопрос])."""

    code = models.CharField(_("код"), max_length=30, unique=True)
    name = models.TextField(_("наименование"))
    parent = models.ForeignKey(
        "self", verbose_name=_("родитель"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("уровень"))
    section_code = models.CharField(_("раздел"), max_length=4, db_index=True)
    edition = models.CharField(_("редакция"), max_length=20)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("тема классификатора")
        verbose_name_plural = _("тематический классификатор обращений")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AppealSettings(BaseModel):
    """How an organisation numbers its appeals and requests (004 App. 1 §4.2)."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="appeal_settings"
    )
    appeal_number_format = models.CharField(
        _("формат номера обращения"),
        max_length=100,
        default="{seq}-О/{yy}",
        help_text=_("Поля: {seq} — порядковый номер за год, {year} или {yy} — год."),
    )
    request_number_format = models.CharField(_("формат номера запроса"), max_length=100, default="{seq}-З/{yy}")

    class Meta:
        verbose_name = _("настройки обращений")
        verbose_name_plural = _("настройки обращений")

    def __str__(self) -> str:
        return str(self.organisation)


class Author(BaseModel):
    """Who wrote: a person or an organisation; the same author is reused when they write again."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("орган"), on_delete=models.CASCADE, related_name="appeal_authors"
    )
    kind = models.CharField(_("автор"), max_length=15, choices=AuthorKind.choices, default=AuthorKind.PERSON)
    last_name = models.CharField(_("фамилия"), max_length=150, blank=True)
    first_name = models.CharField(_("имя"), max_length=150, blank=True)
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    organisation_name = models.CharField(_("наименование организации"), max_length=500, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    postal_address = models.CharField(_("почтовый адрес"), max_length=500, blank=True)
    identity_key = models.CharField(max_length=600, db_index=True)

    class Meta:
        verbose_name = _("автор обращения")
        verbose_name_plural = _("авторы обращений")
        indexes = [models.Index(fields=["organisation", "identity_key"])]

    def __str__(self) -> str:
        if self.kind == AuthorKind.ORGANISATION:
            return self.organisation_name
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)


class Appeal(BaseModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("орган"), on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField(_("вид"), max_length=10, choices=AppealKind.choices, default=AppealKind.APPEAL)
    form = models.CharField(_("форма"), max_length=15, choices=AppealForm.choices, blank=True)
    is_collective = models.BooleanField(_("коллективное"), default=False)
    channel = models.CharField(_("канал поступления"), max_length=15, choices=IntakeChannel.choices)
    received_at = models.DateTimeField(_("поступило"))
    registered_on = models.DateField(_("дата регистрации"), db_index=True)
    year = models.PositiveSmallIntegerField(_("год регистрации"))
    sequence = models.PositiveIntegerField(_("порядковый номер"))
    number = models.CharField(_("регистрационный номер"), max_length=50)
    access_code_hash = models.CharField(max_length=64)
    late_registration = models.BooleanField(_("зарегистрировано с нарушением срока"), default=False)
    author = models.ForeignKey(Author, verbose_name=_("автор"), on_delete=models.PROTECT, related_name="appeals")
    representative_name = models.CharField(_("представитель"), max_length=500, blank=True)
    representative_authority = models.CharField(_("доверенность (реквизиты)"), max_length=500, blank=True)
    text = models.TextField(_("текст"))
    status = models.CharField(
        _("состояние"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.REGISTERED
    )
    due_date = models.DateField(_("срок рассмотрения"))
    extended_due_date = models.DateField(_("продлённый срок"), null=True, blank=True)
    # The date that rules now (the extended one after an extension), stored so that queues sort on an index.
    governing_due_date = models.DateField(_("действующий срок"))
    # The sections of its questions, e.g. "0001 0003" (fixed-width codes): the queue filters by section without
    # probing the questions of every open appeal, which is slow for the rare sections.
    section_codes = models.CharField(_("разделы классификатора"), max_length=100, blank=True, default="")
    extension_reason = models.TextField(_("основание продления"), blank=True)
    forward_due_date = models.DateField(_("переадресовать не позднее"))
    forwarded_to = models.CharField(_("переадресовано в"), max_length=500, blank=True)
    forwarded_at = models.DateTimeField(_("переадресовано"), null=True, blank=True)
    covering_letter = models.CharField(_("сопроводительное письмо"), max_length=500, blank=True)
    for_official_use = models.BooleanField(_("для служебного пользования"), default=False)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("подразделение"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("исполнитель"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("поставил на контроль"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("зарегистрировал"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submission_key = models.CharField(max_length=64, blank=True)
    priority = models.CharField(
        _("приоритет"), max_length=10, choices=AppealPriority.choices, default=AppealPriority.NORMAL
    )
    # The internal preparation term a routing rule set: never later than the governing (legal) term.
    internal_due_date = models.DateField(_("внутренний срок подготовки"), null=True, blank=True)
    routing_rule_name = models.CharField(_("правило маршрутизации"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("завершено"), null=True, blank=True)

    class Meta:
        verbose_name = _("обращение")
        verbose_name_plural = _("обращения")
        ordering = ["-registered_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "kind", "sequence"], name="appeal_sequence_unique"),
            models.UniqueConstraint(fields=["organisation", "number"], name="appeal_number_unique"),
            models.UniqueConstraint(
                fields=["organisation", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="appeal_submitted_once",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "governing_due_date", "year", "sequence"], name="appeal_queue_order"),
            models.Index(  # covering the sections: counting a rare section's open appeals reads only the index
                fields=["organisation", "governing_due_date", "year", "sequence"],
                condition=models.Q(status__in=["registered", "in_work"]),
                include=["section_codes"],
                name="appeal_open_queue_order",
            ),
            # The queue's search by name goes from the matching authors to their open appeals.
            models.Index(
                fields=["author"],
                condition=models.Q(status__in=["registered", "in_work"]),
                name="appeal_open_by_author",
            ),
            models.Index(fields=["organisation", "executor", "status"]),
            # "Has this author written before?" (repeated appeals in the quarterly analysis) from the index alone.
            models.Index(fields=["author", "registered_on"], name="appeal_author_history"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}"


class Question(models.Model):
    """One question of an appeal, coded by the classifier, with its own result (R-AP-3)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    classifier = models.ForeignKey(
        ClassifierNode, verbose_name=_("тема"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(_("суть вопроса"), max_length=1000, blank=True)
    section_code = models.CharField(_("раздел классификатора"), max_length=4, blank=True)  # filters without a join
    result = models.CharField(_("результат"), max_length=25, choices=QuestionResult.choices, blank=True)

    class Meta:
        verbose_name = _("вопрос обращения")
        verbose_name_plural = _("вопросы обращения")
        ordering = ["appeal", "position"]
        indexes = [models.Index(fields=["section_code", "appeal"], name="question_section")]

    def __str__(self) -> str:
        return f"{self.appeal_id}.{self.position}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"appeals/{instance.appeal.organisation_id}/{instance.appeal.year}/{instance.appeal_id}/{filename}"


class Attachment(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("файл"), upload_to=attachment_path, max_length=500)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("вложение")
        verbose_name_plural = _("вложения")

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """A notice to the author (extension, forwarding, essence undeterminable…), with when it was due and sent."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("вид"), max_length=25, choices=NoticeKind.choices)
    text = models.TextField(_("текст"))
    created_at = models.DateTimeField(auto_now_add=True)
    due_by = models.DateField(_("направить не позднее"), null=True, blank=True)
    sent_by_email_to = models.EmailField(blank=True)

    class Meta:
        verbose_name = _("уведомление автору")
        verbose_name_plural = _("уведомления авторам")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.kind}"


class AppealEvent(models.Model):
    """The appeal's timeline: every transition and who made it, written by `appeals.events` with its audit row.

    An event stores its parameters, and its text is rendered when read, in the reader's language. Rows written
    before events had parameters, whose parameters could not be recovered, keep their Russian text in `legacy_text`.
    """

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=AppealEventKind.choices)
    params = models.JSONField(default=dict, blank=True)
    legacy_text = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.kind}"

    @property
    def text(self) -> str:
        """What happened, in the active language."""
        from .events import render  # the event texts live beside the functions that write the events

        return render(self)


class AppealAccessGrant(BaseModel):
    """Access to one appeal given by name to a colleague with no part in it (need-to-know: 59-FZ art. 6, 152-FZ).

    Written by `services.appeal_access_grant` and closed by `services.appeal_access_revoke`; a revoked grant stays
    as the record of who could read the appeal and why. Never given on an appeal «for official use».
    """

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("обращение"), on_delete=models.CASCADE, related_name="access_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("сотрудник"), on_delete=models.PROTECT, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("открыл доступ"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("основание"))
    revoked_at = models.DateTimeField(_("доступ закрыт"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("закрыл доступ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("допуск к обращению")
        verbose_name_plural = _("допуски к обращениям")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "user"], condition=models.Q(revoked_at=None), name="appeal_access_grant_open_once"
            )
        ]
        # The visibility rule asks "which appeals was this person given?" on every staff read.
        indexes = [models.Index(fields=["user"], condition=models.Q(revoked_at=None), name="appeal_access_grant_open")]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.user_id}"


class AnswerTemplate(BaseModel):
    """An editable text of a typed answer for one of the seven grounds (R-AP-6), per organisation."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="answer_templates"
    )
    ground = models.CharField(_("основание"), max_length=30, choices=TypedGround.choices)
    text = models.TextField(_("текст"), help_text=_("Поля: {number}, {date}, {author}, {organisation}."))

    class Meta:
        verbose_name = _("шаблон типового ответа")
        verbose_name_plural = _("шаблоны типовых ответов")
        constraints = [models.UniqueConstraint(fields=["organisation", "ground"], name="answer_template_unique")]

    def __str__(self) -> str:
        return self.get_ground_display()


class Answer(BaseModel):
    """An answer to an appeal: drafted, approved, signed, given an outgoing number, sent (R-AP-8)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="answers")
    kind = models.CharField(_("вид ответа"), max_length=25, choices=AnswerKind.choices, default=AnswerKind.FINAL)
    typed_ground = models.CharField(
        _("основание типового ответа"), max_length=30, choices=TypedGround.choices, blank=True
    )
    outcome = models.CharField(_("итог"), max_length=20, choices=AnswerOutcome.choices, blank=True)
    solve_by = models.DateField(_("вопрос будет решён к"), null=True, blank=True)
    text = models.TextField(_("текст ответа"))
    status = models.CharField(_("состояние"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT)
    delivery = models.CharField(_("способ направления"), max_length=20, choices=DeliveryChannel.choices)
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("исполнитель"), on_delete=models.PROTECT, related_name="+"
    )
    executor_mark = models.CharField(_("отметка об исполнителе"), max_length=500)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("согласовал"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("подписал"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("подписан"), null=True, blank=True)
    outgoing_number = models.CharField(_("исходящий номер"), max_length=50, blank=True)
    outgoing_date = models.DateField(_("дата исходящего"), null=True, blank=True)
    sent_at = models.DateTimeField(_("направлен"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ")
        verbose_name_plural = _("ответы")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.get_kind_display()}"


class AnswerRating(BaseModel):
    """The author's rating of the answer (1–5 and a comment), given once after the answer is sent (R-PL-2)."""

    appeal = models.OneToOneField(Appeal, verbose_name=_("обращение"), on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("оценка"))
    comment = models.TextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("оценка ответа")
        verbose_name_plural = _("оценки ответов")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="answer_rating_score_1_5")
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.score}"
