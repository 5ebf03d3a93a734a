"""Feedback models: surveys and their immutable versions, responses, invitations, follow-up, ratings, publications.

Anonymity by design: a response to an anonymous survey waits sealed in the anonymous buffer and is written later in a
shuffled batch, with a random key and the day only (no time, no user, no invitation, no address), so nothing in
storage joins it to a person, a token or a moment.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel
from otklik.orgs.choices import ChannelType

from .choices import Audience, EventKind, FollowUpStatus, QuestionKind, RatingSource
from .questionnaire import stem_lines

DEFAULT_COMPLAINT_STEMS = "\n".join(
    [
        "жалоб",
        "жалу",
        "недовол",
        "хам",
        "груб",
        "нагруб",
        "не помог",
        "не ответ",
        "не решен",
        "не решил",
        "волокит",
        "безобраз",
        "ужасн",
        "плох",
        "обман",
        "нарушен",
        "отказал",
        "взятк",
        "коррупц",
        "игнорир",
        "проигнорир",
    ]
)


class FeedbackSettings(BaseModel):
    """One organisation's rules for reading questionnaires (000 §6.2)."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="feedback_settings"
    )
    negative_below = models.PositiveSmallIntegerField(
        _("оценка ниже этого значения считается негативной"),
        default=4,
        help_text=_("При значении 4 негативными считаются оценки 1, 2 и 3."),
    )
    follow_up_working_days = models.PositiveSmallIntegerField(
        _("срок отработки негативной анкеты, рабочих дней"), default=5
    )
    complaint_stems = models.TextField(
        _("признаки жалобы в свободном ответе"),
        default=DEFAULT_COMPLAINT_STEMS,
        help_text=_("По одной основе слова на строку; ответ, содержащий основу, считается жалобой."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный за отработку анкет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("настройки обратной связи")
        verbose_name_plural = _("настройки обратной связи")

    def __str__(self) -> str:
        return str(self.organisation)

    def stems(self) -> list[str]:
        return [stem.lower() for stem in stem_lines(self.complaint_stems)]


class Survey(BaseModel):
    """A survey: its identity and distribution; the questions live in versions."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="surveys"
    )
    code = models.SlugField(_("код"), max_length=80)
    title = models.CharField(_("название"), max_length=300)
    audience = models.CharField(_("кого опрашиваем"), max_length=20, choices=Audience.choices, default=Audience.CLIENTS)
    is_anonymous = models.BooleanField(_("анонимный"), default=True)
    is_public = models.BooleanField(_("открытая ссылка на портале"), default=True)
    is_active = models.BooleanField(_("принимает ответы"), default=True)
    ask_unit = models.BooleanField(_("спрашивать подразделение"), default=False)
    channel = models.CharField(_("канал"), max_length=30, choices=ChannelType.choices, default=ChannelType.SITE)
    process = models.ForeignKey(
        "touchpoints.Process",
        verbose_name=_("процесс взаимодействия"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("подразделение"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("источник (пункт акта)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("опрос")
        verbose_name_plural = _("опросы")
        ordering = ["organisation", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="feedback_survey_code_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> SurveyVersion | None:
        return self.versions.order_by("-number").first()


class SurveyVersion(BaseModel):
    """The questions of a survey as they were asked; frozen once someone has answered."""

    survey = models.ForeignKey(Survey, verbose_name=_("опрос"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("версия"))
    intro = models.TextField(_("вступление"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("версия опроса")
        verbose_name_plural = _("версии опроса")
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="feedback_version_unique")]

    def __str__(self) -> str:
        return f"{self.survey} — v{self.number}"


class Question(models.Model):
    """One question of a version; `show_if_*` names an earlier question and the answers that show this one."""

    version = models.ForeignKey(
        SurveyVersion, verbose_name=_("версия"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("№"))
    code = models.SlugField(_("код"), max_length=40)
    text = models.CharField(_("вопрос"), max_length=500)
    kind = models.CharField(_("тип"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("обязательный"), default=False)
    options = models.JSONField(_("варианты"), default=list, blank=True)
    rows = models.JSONField(_("строки матрицы"), default=list, blank=True)
    show_if_code = models.SlugField(_("показывать, если вопрос"), max_length=40, blank=True)
    show_if_values = models.JSONField(_("ответил одно из"), default=list, blank=True)
    dimension = models.CharField(_("направление оценки"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="feedback_question_code_unique")]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """A personal one-time link after an event; only the token's hash is kept, and only the day it was used."""

    survey = models.ForeignKey(Survey, verbose_name=_("опрос"), on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(_("хеш ключа"), max_length=64, unique=True)
    event_kind = models.CharField(_("после чего"), max_length=30, choices=EventKind.choices)
    event_id = models.CharField(_("идентификатор события"), max_length=100, blank=True)
    event_description = models.CharField(_("событие"), max_length=500, blank=True)
    channel = models.CharField(_("канал"), max_length=30, choices=ChannelType.choices, blank=True)
    process = models.ForeignKey(
        "touchpoints.Process",
        verbose_name=_("процесс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("подразделение"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("выдано"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("выдал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # a flag, not a date: a day or time of use would let a response be matched to its link
    used = models.BooleanField(_("использовано"), default=False)

    class Meta:
        verbose_name = _("персональная ссылка на опрос")
        verbose_name_plural = _("персональные ссылки на опросы")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.survey} — {self.get_event_kind_display()} {self.event_id}"


class Response(models.Model):
    """One filled questionnaire. For an anonymous survey: random key, day only, no person, no token, no address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        SurveyVersion, verbose_name=_("версия опроса"), on_delete=models.PROTECT, related_name="responses"
    )
    submitted_on = models.DateField(_("дата"), db_index=True)
    channel = models.CharField(_("канал"), max_length=30, choices=ChannelType.choices)
    process = models.ForeignKey(
        "touchpoints.Process",
        verbose_name=_("процесс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("подразделение"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_anonymous = models.BooleanField(_("анонимно"))
    submission_key = models.CharField(_("ключ отправки"), max_length=64, unique=True)
    is_negative = models.BooleanField(_("негативная"), default=False)
    negative_reasons = models.JSONField(_("признаки негатива"), default=list, blank=True)
    follow_up_checked = models.BooleanField(_("прочитана"), default=False)
    # identified surveys only; always empty for anonymous ones (services refuse otherwise)
    invitation = models.OneToOneField(
        Invitation, verbose_name=_("ссылка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    respondent_name = models.CharField(_("имя респондента"), max_length=300, blank=True)
    contact_email = models.EmailField(_("электронная почта для ответа"), blank=True)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        # no time ordering exists on purpose; a random key gives no order either
        ordering = ["-submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.version.survey} — {self.submitted_on:%d.%m.%Y}"


class Answer(models.Model):
    """One answer: a score, a text, or chosen options (a list; a row → option mapping for a matrix)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, verbose_name=_("анкета"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("вопрос"), on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("оценка"), null=True, blank=True)
    text = models.TextField(_("текст"), blank=True)
    choices = models.JSONField(_("выбор"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ")
        verbose_name_plural = _("ответы")
        ordering = ["question__position"]

    def __str__(self) -> str:
        return str(self.question)


class AnonymousBufferEntry(models.Model):
    """An anonymous submission waiting for its shuffled batch (services.anonymous_buffer): sealed, the day only.

    No column orders the entries in time: the key is random, the day is the finest date, the content is sealed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    # the sink that writes the entry out ("survey_response"; the suggestion box will add its own)
    kind = models.CharField(_("вид"), max_length=40)
    # what a batch is counted by before the day ends, e.g. one survey version
    group = models.CharField(_("группа"), max_length=60, blank=True)
    day = models.DateField(_("дата"))
    sealed = models.BinaryField(_("запечатанное содержание"))
    # a keyed digest of the form's submission key, so that a form sent twice waits here once
    form_digest = models.CharField(_("отпечаток формы"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("анонимный ответ в ожидании записи")
        verbose_name_plural = _("анонимные ответы в ожидании записи")
        indexes = [models.Index(fields=["organisation", "day"], name="feedback_buffer_org_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.day:%d.%m.%Y}"


class FollowUpTask(BaseModel):
    """A negative questionnaire to work through: a responsible person, a deadline and the measures taken."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="follow_up_tasks"
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("опрос"), on_delete=models.CASCADE, related_name="follow_up_tasks"
    )
    response = models.OneToOneField(
        Response, verbose_name=_("анкета"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_up"
    )
    reasons = models.TextField(_("что негативного"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_on = models.DateField(_("открыта"))
    due_on = models.DateField(_("срок"))
    status = models.CharField(
        _("состояние"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    measures = models.TextField(_("принятые меры"), blank=True)
    overdue_reminded = models.BooleanField(_("напоминание о просрочке отправлено"), default=False)
    closed_on = models.DateField(_("закрыта"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("закрыл"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("отработка негативной анкеты")
        verbose_name_plural = _("отработка негативных анкет")
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return _("Анкета по опросу «%(s)s» от %(d)s") % {"s": self.survey, "d": self.opened_on.strftime("%d.%m.%Y")}


class RatingImport(BaseModel):
    """One imported CSV file of EPGU/POS ratings."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(_("источник"), max_length=10, choices=RatingSource.choices)
    file_name = models.CharField(_("файл"), max_length=300)
    rows_total = models.PositiveIntegerField(_("строк"))
    rows_created = models.PositiveIntegerField(_("добавлено"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("загрузил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("загрузка оценок")
        verbose_name_plural = _("загрузки оценок")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class ImportedRating(BaseModel):
    """A rating left on EPGU or the feedback platform (003 §10.2, §10.3), imported from CSV."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="imported_ratings"
    )
    source = models.CharField(_("источник"), max_length=10, choices=RatingSource.choices)
    external_id = models.CharField(_("внешний идентификатор"), max_length=100)
    rated_on = models.DateField(_("дата оценки"), db_index=True)
    score = models.PositiveSmallIntegerField(_("оценка"))
    service = models.CharField(_("услуга или сервис"), max_length=500, blank=True)
    process = models.ForeignKey(
        "touchpoints.Process",
        verbose_name=_("процесс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("подразделение"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("комментарий"), blank=True)
    batch = models.ForeignKey(
        RatingImport, verbose_name=_("загрузка"), on_delete=models.PROTECT, related_name="ratings"
    )

    class Meta:
        verbose_name = _("оценка ЕПГУ/ПОС")
        verbose_name_plural = _("оценки ЕПГУ/ПОС")
        ordering = ["-rated_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"], name="feedback_rating_external_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.external_id}: {self.score}"


class Publication(BaseModel):
    """«Вы сказали — мы сделали» (003 §10.7): what changed because of feedback, and whom it was told."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="feedback_publications",
    )
    title = models.CharField(_("заголовок"), max_length=300)
    said = models.TextField(_("вы сказали"))
    did = models.TextField(_("мы сделали"))
    surveys = models.ManyToManyField(Survey, verbose_name=_("по опросам"), blank=True, related_name="publications")
    follow_ups = models.ManyToManyField(
        FollowUpTask, verbose_name=_("по анкетам"), blank=True, related_name="publications"
    )
    published_on = models.DateField(_("опубликовано"), null=True, blank=True)
    notified_count = models.PositiveIntegerField(_("уведомлено респондентов"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("публикация «Вы сказали — мы сделали»")
        verbose_name_plural = _("публикации «Вы сказали — мы сделали»")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
