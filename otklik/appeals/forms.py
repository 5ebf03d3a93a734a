"""Forms of the staff appeal pages: registration, the queue filter and the card's action forms."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import CharField, F, IntegerField, Value
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otklik.calendars.selectors import today_for
from otklik.core.forms import SubmissionKeyForm
from otklik.core.uploads import MultipleFileField
from otklik.core.widgets import FastSelect
from otklik.orgs.models import Organisation, Unit, User

from .choices import (
    AnswerKind,
    AnswerOutcome,
    AppealForm,
    AppealKind,
    AppealStatus,
    AuthorKind,
    DeliveryChannel,
    IntakeChannel,
    NoticeKind,
    QuestionResult,
    TypedGround,
)
from .intake import (
    AUTHOR_FIELDS,
    AppealIntake,
    AuthorData,
    IntakeQuestion,
    Representative,
    appeal_limit,
    author_limit,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})
STAFF_CHANNELS = (
    IntakeChannel.POST,
    IntakeChannel.RECEPTION,
    IntakeChannel.PHONE,
    IntakeChannel.EMAIL,
    IntakeChannel.FORWARDED,
    IntakeChannel.EPGU,
    IntakeChannel.POS,
    IntakeChannel.SOCIAL,
)
CODE_SEPARATORS = re.compile(r"[\s,;]+")
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in the organisation's timezone, not the server's."""

    def __init__(self, *args: Any, tz: dt.tzinfo | None = None, **kwargs: Any):
        kwargs.setdefault("input_formats", [LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"])
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT))
        super().__init__(*args, **kwargs)
        self.tz = tz

    def to_python(self, value: Any) -> dt.datetime | None:
        if self.tz is None:
            return super().to_python(value)
        with timezone.override(self.tz):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if self.tz is None or not isinstance(value, dt.datetime):
            return super().prepare_value(value)
        with timezone.override(self.tz):
            return super().prepare_value(value)


class StaffRegistrationForm(SubmissionKeyForm):
    """An appeal received by post, at reception, by phone or forwarded, as the registrar types it in."""

    kind = forms.ChoiceField(label=_("Вид"), choices=AppealKind.choices, initial=AppealKind.APPEAL)
    channel = forms.ChoiceField(
        label=_("Канал поступления"), choices=[(c.value, c.label) for c in STAFF_CHANNELS], initial=IntakeChannel.POST
    )
    received_at = LocalDateTimeField(
        label=_("Поступило (дата и время)"), help_text=_("По местному времени организации.")
    )
    registered_on = forms.DateField(
        label=_("Дата регистрации"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("Если пусто — сегодня."),
    )
    author_kind = forms.ChoiceField(
        label=_("Кто обратился"), choices=AuthorKind.choices, initial=AuthorKind.PERSON, widget=forms.RadioSelect
    )
    last_name = forms.CharField(label=_("Фамилия"), max_length=author_limit("last_name"), required=False)
    first_name = forms.CharField(label=_("Имя"), max_length=author_limit("first_name"), required=False)
    middle_name = forms.CharField(label=_("Отчество"), max_length=author_limit("middle_name"), required=False)
    organisation_name = forms.CharField(
        label=_("Наименование организации"), max_length=author_limit("organisation_name"), required=False
    )
    email = forms.CharField(label=_("Электронная почта"), max_length=author_limit("email"), required=False)
    postal_address = forms.CharField(
        label=_("Почтовый адрес"), max_length=author_limit("postal_address"), required=False
    )
    phone = forms.CharField(label=_("Телефон"), max_length=author_limit("phone"), required=False)
    representative_name = forms.CharField(
        label=_("Представитель"), max_length=appeal_limit("representative_name"), required=False
    )
    representative_authority = forms.CharField(
        label=_("Доверенность представителя (реквизиты)"),
        max_length=appeal_limit("representative_authority"),
        required=False,
    )
    covering_letter = forms.CharField(
        label=_("Сопроводительное письмо (реквизиты)"),
        max_length=appeal_limit("covering_letter"),
        required=False,
        help_text=_("Обязательно, если обращение переадресовано другим органом."),
    )
    form = forms.ChoiceField(label=_("Форма обращения"), choices=[("", "—"), *AppealForm.choices], required=False)
    is_collective = forms.BooleanField(label=_("Коллективное обращение"), required=False)
    for_official_use = forms.BooleanField(label=_("Для служебного пользования"), required=False)
    text = forms.CharField(
        label=_("Текст обращения"),
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                # the suggested themes under the text follow what is typed (text_hooks_classify)
                "hx-get": reverse_lazy("appeals:themes_for_text"),
                "hx-trigger": "keyup changed delay:800ms, load",
                "hx-target": "#suggested-themes-register",
            }
        ),
    )
    classifier_codes = forms.CharField(
        label=_("Коды тематического классификатора"),
        required=False,
        max_length=1000,
        help_text=_("Один код на каждый вопрос обращения; несколько кодов разделяйте пробелом или запятой."),
    )
    attachments = MultipleFileField(label=_("Файлы"), required=False)
    GROUPS = (
        (
            _("Обращение"),
            ("kind", "form", "channel", "received_at", "registered_on", "covering_letter", "is_collective"),
        ),
        (
            _("Автор"),
            (
                "author_kind",
                "last_name",
                "first_name",
                "middle_name",
                "organisation_name",
                "email",
                "postal_address",
                "phone",
            ),
        ),
        (_("Представитель автора"), ("representative_name", "representative_authority")),
        (_("Содержание"), ("text", "classifier_codes", "for_official_use", "attachments")),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        received_at = self.fields["received_at"]
        assert isinstance(received_at, LocalDateTimeField)
        received_at.tz = organisation.tz
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.now().replace(second=0, microsecond=0))
            self.initial.setdefault("registered_on", today_for(organisation))

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def author(self) -> AuthorData:
        data = self.cleaned_data
        return AuthorData(kind=data["author_kind"], **{name: data[name] for name in AUTHOR_FIELDS})

    def questions(self) -> tuple[IntakeQuestion, ...]:
        codes = [code for code in CODE_SEPARATORS.split(self.cleaned_data.get("classifier_codes") or "") if code]
        return tuple(IntakeQuestion(classifier_code=code) for code in dict.fromkeys(codes))

    def intake(self) -> AppealIntake:
        """The cleaned form as services.appeal_register takes it."""
        data = self.cleaned_data
        return AppealIntake(
            kind=data["kind"],
            channel=data["channel"],
            text=data["text"],
            author=self.author(),
            questions=self.questions(),
            attachments=tuple(data["attachments"]),
            received_at=data["received_at"],
            registered_on=data["registered_on"],
            form=data["form"],
            is_collective=data["is_collective"],
            representative=Representative(data["representative_name"], data["representative_authority"]),
            covering_letter=data["covering_letter"],
            for_official_use=data["for_official_use"],
            submission_key=data["submission_key"],
        )

    def service_field(self, field: str) -> str:
        """The input a service refusal belongs to (author.email → email, questions.0… → codes)."""
        if field == "author.kind":
            return "author_kind"
        if field.startswith("author."):
            return field.removeprefix("author.")
        if field.startswith("questions."):
            return "classifier_codes"
        return field


def _units_and_staff(organisation: Organisation) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The organisation's units and active staff as choices, read in one query (the queue counts its queries)."""
    text: CharField[str, str] = CharField()
    number: IntegerField[int, int] = IntegerField()
    units = (
        Unit.objects.filter(organisation=organisation)
        .order_by()
        .annotate(tag=Value("unit", text), sort=F("sort_order"), a=F("name"), b=Value("", text), c=Value("", text))
        .values_list("tag", "pk", "sort", "a", "b", "c", "code")
    )
    staff = (
        User.objects.filter(memberships__organisation=organisation, memberships__is_active=True)
        .order_by()
        .annotate(
            tag=Value("user", text), sort=Value(0, number), a=F("last_name"), b=F("first_name"), c=F("middle_name")
        )
        .values_list("tag", "pk", "sort", "a", "b", "c", "username")
    )
    rows = sorted(units.union(staff, all=True), key=lambda row: (row[2], row[3], row[4], row[5], row[6]))
    unit_choices = [(str(pk), a) for tag, pk, _sort, a, _b, _c, _d in rows if tag == "unit"]
    staff_choices = [
        (str(pk), " ".join(part for part in (a, b, c) if part) or username)
        for tag, pk, _sort, a, b, c, username in rows
        if tag == "user"
    ]
    return unit_choices, staff_choices


class QueueFilterForm(forms.Form):
    """The queue's filters; choices are loaded once, so validating them costs no query."""

    q = forms.CharField(label=_("Номер или автор"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Состояние"),
        choices=[("open", _("На рассмотрении")), ("all", _("Все")), *AppealStatus.choices],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Только просроченные"), required=False)
    due_within_days = forms.IntegerField(
        label=_("Срок истекает в ближайшие, дн."), required=False, min_value=0, max_value=366
    )
    unit = forms.TypedChoiceField(
        label=_("Подразделение"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    executor = forms.TypedChoiceField(
        label=_("Исполнитель"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    section = forms.CharField(
        label=_("Раздел классификатора"),
        required=False,
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Код раздела — четыре цифры, например 0001."))],
    )
    channel = forms.ChoiceField(
        label=_("Канал поступления"), choices=[("", _("Все")), *IntakeChannel.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Вид"), choices=[("", _("Все")), *AppealKind.choices], required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units, executors = _units_and_staff(organisation)
        unit_field = self.fields["unit"]
        executor_field = self.fields["executor"]
        assert isinstance(unit_field, forms.TypedChoiceField) and isinstance(executor_field, forms.TypedChoiceField)
        unit_field.choices = [("", _("Все")), *units]
        executor_field.choices = [("", _("Все")), *executors]

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters (an invalid one is ignored and its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value is not None and value != "" and value is not False
        }


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Продлить на, дн."))
    reason = forms.CharField(label=_("Основание продления"), widget=TEXTAREA)


class ForwardForm(forms.Form):
    to_body = forms.CharField(label=_("Переадресовать в (орган)"), max_length=500)
    reason = forms.CharField(label=_("Почему вопросы не относятся к компетенции органа"), widget=TEXTAREA)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Уведомление"),
        choices=[
            (NoticeKind.ESSENCE_UNDETERMINABLE.value, NoticeKind.ESSENCE_UNDETERMINABLE.label),
            (NoticeKind.UNREADABLE.value, NoticeKind.UNREADABLE.label),
        ],
    )
    explanation = forms.CharField(label=_("Пояснение автору"), required=False, widget=TEXTAREA)


class MembersForm(forms.Form):
    """A card form whose `people_field` chooses among the active staff of the appeal's organisation."""

    people_field = ""

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields[self.people_field].queryset = User.objects.filter(  # type: ignore[attr-defined]
                is_active=True, memberships__organisation=organisation, memberships__is_active=True
            ).order_by("last_name", "first_name")


class ControlForm(MembersForm):
    people_field = "executor"
    executor = forms.ModelChoiceField(label=_("Исполнитель"), queryset=User.objects.none())


class AccessGrantForm(MembersForm):
    """Open an appeal to a colleague by name; the service decides on the reason (required) and the person."""

    people_field = "user"
    user = forms.ModelChoiceField(label=_("Сотрудник"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Основание"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Зачем сотруднику нужно это обращение: основание записывается в журнал."),
    )


class AccessRevokeForm(forms.Form):
    grant = forms.IntegerField(widget=forms.HiddenInput)


class QuestionAddForm(forms.Form):
    classifier_code = forms.CharField(
        label=_("Код темы по классификатору"),
        max_length=30,
        help_text=_("Начните вводить код или слова из названия темы — появятся подсказки."),
    )
    summary = forms.CharField(label=_("Суть вопроса"), max_length=1000, required=False)


class QuestionResultForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("Результат"), choices=QuestionResult.choices)


class AnswerDraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид ответа"), choices=AnswerKind.choices)
    typed_ground = forms.ChoiceField(
        label=_("Основание типового ответа"), choices=[("", "—"), *TypedGround.choices], required=False
    )
    outcome = forms.ChoiceField(label=_("Итог (п. 2.2)"), choices=[("", "—"), *AnswerOutcome.choices], required=False)
    solve_by = forms.DateField(
        label=_("Вопрос будет решён к"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    delivery = forms.ChoiceField(
        label=_("Способ направления"),
        choices=[("", _("как поступило обращение")), *DeliveryChannel.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Текст ответа"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Для типового ответа можно оставить пустым — подставится шаблон организации."),
    )


class AnswerStepForm(forms.Form):
    answer = forms.IntegerField(widget=forms.HiddenInput)


class AnswerOverrideForm(forms.Form):
    """Keep an answer's text despite a warning: the rule and why."""

    answer = forms.IntegerField(widget=forms.HiddenInput)
    rule = forms.CharField(max_length=40, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Почему текст остаётся"), max_length=500)
