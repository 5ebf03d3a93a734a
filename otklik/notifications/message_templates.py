"""Message templates: the events rooms register, their default texts, and sandboxed rendering with the body's requisites."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Lexer, Node, TextNode, TokenType, Variable, VariableNode
from django.template.defaulttags import CommentNode, IfNode
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation

from .models import MessageTemplate

logger = logging.getLogger(__name__)

# A plain-text engine: no autoescape (letters and SMS are not HTML), no loaders, only the default tags and filters,
# and of those only what `_check` lets through — no {% include %}, {% load %}, {% url %} or {% debug %}.
ENGINE = Engine(
    autoescape=False,
    loaders=[],
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    string_if_invalid="",
)
ALLOWED_FILTERS = frozenset({"default", "upper", "lower", "capfirst", "title", "truncatechars"})
ALLOWED_NODES = (TextNode, VariableNode, IfNode, CommentNode)
ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif", "comment", "endcomment"})
# Who edits a body's message templates: its administrator.
MESSAGE_TEMPLATE_ROLES = (RoleCode.ADMINISTRATOR,)
SUBJECT_LIMIT = 500
BODY_LIMIT = 20000


@dataclass(frozen=True)
class Placeholder:
    """What a placeholder holds, for the person editing the template, and an example for the preview."""

    description: str | Promise
    example: str


# The body's requisites, offered in every event's template as {{ org.… }}.
REQUISITES: dict[str, Placeholder] = {
    "org.name": Placeholder(gettext_lazy("полное наименование организации"), "Министерство социальной политики"),
    "org.short_name": Placeholder(gettext_lazy("краткое наименование организации"), "Минсоцполитики"),
    "org.address": Placeholder(gettext_lazy("адрес организации"), "г. Екатеринбург, ул. Примерная, д. 1"),
    "org.phone": Placeholder(gettext_lazy("телефон организации"), "+7 (343) 000-00-00"),
    "org.email": Placeholder(gettext_lazy("электронная почта организации"), "mail@example.gov.ru"),
    "org.site": Placeholder(gettext_lazy("официальный сайт организации"), "https://example.gov.ru"),
    "org.working_hours": Placeholder(gettext_lazy("режим работы организации"), "пн–пт 9:00–18:00"),
}


@dataclass(frozen=True)
class MessageEvent:
    """An occasion on which a room sends a message: its default subject and body, and the placeholders they may use."""

    code: str
    title: str | Promise
    default_subject: str | Promise
    default_body: str | Promise
    placeholders: Mapping[str, Placeholder] = field(default_factory=dict)
    # Placeholders the body must keep: without them the message loses its point (the answer, the access code).
    required: tuple[str, ...] = ()

    def offered(self) -> dict[str, Placeholder]:
        """Every placeholder a template of this event may use: the event's own, then the body's requisites."""
        return {**self.placeholders, **REQUISITES}


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str


_EVENTS: dict[str, MessageEvent] = {}


def register_message_event(
    code: str,
    title: str | Promise,
    default_subject: str | Promise,
    default_body: str | Promise,
    placeholders: Mapping[str, Placeholder],
    *,
    required: Sequence[str] = (),
) -> MessageEvent:
    """Register an event a room sends messages on (at import time); the rooms' tests check its defaults render."""
    event = MessageEvent(code, title, default_subject, default_body, dict(placeholders), tuple(required))
    for name in event.placeholders:
        if name.startswith("org.") or not name.replace("_", "").isalnum():
            raise ValueError(f"placeholder {name!r} of {code!r}: letters, digits and _ only; org.* is reserved")
    if set(event.required) - set(event.placeholders):
        raise ValueError(f"{code!r} requires placeholders it does not offer")
    _EVENTS[code] = event
    return event


def message_events() -> list[MessageEvent]:
    """The registered events, in the order of their titles."""
    return sorted(_EVENTS.values(), key=lambda event: str(event.title))


def message_event(code: str) -> MessageEvent:
    try:
        return _EVENTS[code]
    except KeyError:
        raise ApplicationError(_("Неизвестное событие рассылки: «%(code)s».") % {"code": code}) from None


# --- checks ------------------------------------------------------------------------------------------------------


def check_template(event: MessageEvent, subject: str, body: str) -> None:
    """Refuse, with a Russian message naming the fault, a subject or body that would not render safely."""
    if not subject.strip():
        raise ApplicationError(_("Укажите тему сообщения."), field="subject")
    if "\n" in subject or "\r" in subject:
        raise ApplicationError(_("Тема сообщения должна быть одной строкой."), field="subject")
    if len(subject) > SUBJECT_LIMIT:
        raise ApplicationError(
            _("Тема длиннее %(limit)s знаков.") % {"limit": SUBJECT_LIMIT},
            field="subject",
        )
    if not body.strip():
        raise ApplicationError(_("Укажите текст сообщения."), field="body")
    if len(body) > BODY_LIMIT:
        raise ApplicationError(_("Текст длиннее %(limit)s знаков.") % {"limit": BODY_LIMIT}, field="body")
    offered = event.offered()
    used: set[str] = set()
    for field_name, text in (("subject", subject), ("body", body)):
        _check_tags(text, field_name)
        try:
            template = ENGINE.from_string(text)
        except TemplateSyntaxError as exc:
            raise ApplicationError(
                _("Ошибка в шаблоне: %(error)s") % {"error": _syntax_error_text(exc)}, field=field_name
            ) from None
        for node in _nodes(template.nodelist):
            used |= _check(node, offered, field_name)
        if field_name == "body":
            for name in event.required:
                if name not in used:
                    raise ApplicationError(
                        _("В тексте нужна подстановка {{ %(name)s }} (%(what)s).")
                        % {"name": name, "what": event.placeholders[name].description},
                        field="body",
                    )


def _check_tags(text: str, field_name: str) -> None:
    """Refuse any tag but if/elif/else/endif and comment before Django parses (and would load or include) anything."""
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise ApplicationError(
                    _(
                        "В шаблоне можно использовать только подстановки {{ … }} и условия {%% if %%}: "
                        "тег «%(tag)s» недоступен."
                    )
                    % {"tag": name},
                    field=field_name,
                )


def _syntax_error_text(exc: TemplateSyntaxError) -> str:
    text = str(exc)
    if "Invalid block tag" in text:
        tag = text.split("'")[1] if "'" in text else text
        return _("тег «%(tag)s» здесь недоступен или не закрыт") % {"tag": tag}
    if "Unclosed tag" in text:
        return _("не закрыт тег (нет {% endif %})")
    if "Invalid filter" in text:
        name = text.split("'")[1] if "'" in text else text
        return _("фильтр «%(name)s» недоступен") % {"name": name}
    return text


def _nodes(nodelist: Any) -> Iterator[Node]:
    for node in nodelist:
        yield node
        if isinstance(node, IfNode):
            for _condition, branch in node.conditions_nodelists:
                yield from _nodes(branch)


def _check(node: Node, offered: Mapping[str, Placeholder], field_name: str) -> set[str]:
    """Refuse a node the sandbox does not allow; return the placeholders it uses."""
    if not isinstance(node, ALLOWED_NODES):  # _check_tags let no other tag through; this is the second lock
        raise ApplicationError(_("Этот элемент шаблона недоступен."), field=field_name)
    if isinstance(node, TextNode):
        for opening in ("{{", "{%"):
            if opening in node.s:
                start = node.s.index(opening)
                raise ApplicationError(
                    _("Ошибка в шаблоне: не закрыта подстановка или тег: «%(text)s».")
                    % {"text": node.s[start : start + 40]},
                    field=field_name,
                )
    expressions: list[FilterExpression] = []
    if isinstance(node, VariableNode):
        expressions.append(node.filter_expression)
    elif isinstance(node, IfNode):
        for condition, _branch in node.conditions_nodelists:
            expressions.extend(_condition_expressions(condition))
    return {_check_expression(expression, offered, field_name) for expression in expressions} - {""}


def _condition_expressions(condition: Any) -> Iterator[FilterExpression]:
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        yield value
    for part in ("first", "second"):
        child = getattr(condition, part, None)
        if child is not None:
            yield from _condition_expressions(child)


def _check_expression(expression: FilterExpression, offered: Mapping[str, Placeholder], field_name: str) -> str:
    variable = expression.var
    name = ""
    if isinstance(variable, Variable) and variable.lookups is not None:
        name = ".".join(variable.lookups)
        if name not in offered:
            raise ApplicationError(
                _("Неизвестная подстановка «%(name)s». Доступны: %(offered)s.")
                % {"name": name, "offered": ", ".join(offered)},
                field=field_name,
            )
    for function, args in expression.filters:
        for is_lookup, argument in args:
            if is_lookup and isinstance(argument, Variable) and argument.lookups is not None:
                argument_name = ".".join(argument.lookups)
                if argument_name not in offered:
                    raise ApplicationError(
                        _("Неизвестная подстановка «%(name)s». Доступны: %(offered)s.")
                        % {"name": argument_name, "offered": ", ".join(offered)},
                        field=field_name,
                    )
        if function.__name__ not in ALLOWED_FILTERS:
            raise ApplicationError(
                _("Фильтр «%(name)s» недоступен; можно: %(allowed)s.")
                % {"name": function.__name__, "allowed": ", ".join(sorted(ALLOWED_FILTERS))},
                field=field_name,
            )
    return name


# --- rendering ---------------------------------------------------------------------------------------------------


def requisites(organisation: Organisation) -> dict[str, str]:
    """The body's requisites as the templates see them under `org`."""
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "address": organisation.address,
        "phone": organisation.phone,
        "email": organisation.email,
        "site": organisation.website,
        "working_hours": organisation.working_hours,
    }


def _render(text: str, values: Mapping[str, str], organisation_values: Mapping[str, str]) -> str:
    context = Context({**values, "org": dict(organisation_values)}, autoescape=False)
    return ENGINE.from_string(text).render(context)


def render_message(*, organisation: Organisation, event: str, values: Mapping[str, str]) -> RenderedMessage:
    """The subject and body of `event` for this body: its edited template, else the default, with `values` put in."""
    spec = message_event(event)
    missing = set(spec.placeholders) - set(values)
    if missing:
        raise ValueError(f"{event}: no value for {sorted(missing)}")
    edited = MessageTemplate.objects.filter(organisation=organisation, event=event).first()
    org = requisites(organisation)
    if edited is not None:
        try:
            return RenderedMessage(_render(edited.subject, values, org).strip(), _render(edited.body, values, org))
        except Exception:
            # Checked at save, so this is a bug or a since-removed placeholder: the default still says what is due.
            logger.exception("message template %s of organisation %s failed to render", event, organisation.pk)
    return RenderedMessage(
        _render(str(spec.default_subject), values, org).strip(), _render(str(spec.default_body), values, org)
    )


def preview_message(*, organisation: Organisation, event: str, subject: str, body: str) -> RenderedMessage:
    """How a draft template would read, with the examples for the event's placeholders and the body's requisites."""
    spec = message_event(event)
    check_template(spec, subject, body)
    examples = {name: placeholder.example for name, placeholder in spec.placeholders.items()}
    org = requisites(organisation)
    return RenderedMessage(_render(subject, examples, org).strip(), _render(body, examples, org))
