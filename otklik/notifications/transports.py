"""Notification transports: one adapter per way a message leaves (SMTP, SMS gateway, Telegram, VK) behind one Protocol."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import smtplib
from typing import Any, Protocol

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError

from .models import OutgoingMessage, Transport

logger = logging.getLogger(__name__)

VK_API_VERSION = "5.199"
# VK answers HTTP 200 with an error object; these codes are worth another try (unknown, rate, flood, server).
VK_TEMPORARY_ERRORS = frozenset({1, 6, 9, 10})
TELEGRAM_TEXT_LIMIT = 4096
VK_TEXT_LIMIT = 4096
REASON_LIMIT = 500

E164 = re.compile(r"^\+[1-9]\d{7,14}$")
TELEGRAM_CHAT = re.compile(r"^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$")
VK_PEER = re.compile(r"^peer:(-?\d{1,20})$")
VK_WALL = re.compile(r"^wall:(-?\d{1,20})_(\d{1,20})_(\d{1,20})$")
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")


class DeliveryFailure(Exception):
    """An attempt that did not go through: the reason for the send log, and whether retrying is pointless."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason[:REASON_LIMIT]
        self.permanent = permanent


class TransportAdapter(Protocol):
    """Sends one outbox row; raises DeliveryFailure (or anything else, counted as temporary) when it does not."""

    def send(self, message: OutgoingMessage) -> None: ...

    def close(self) -> None: ...


# --- recipients -------------------------------------------------------------------------------------------------


def normalise_recipient(transport: str, to: str) -> str:
    """The recipient as the outbox stores it, or ApplicationError with a Russian message saying what is wrong."""
    to = (to or "").strip()
    if transport == Transport.EMAIL:
        try:
            validate_email(to)
        except ValidationError:
            raise ApplicationError(_("Неверный адрес электронной почты: «%(to)s».") % {"to": to}, field="to") from None
        return to
    if transport == Transport.SMS:
        return normalise_phone(to)
    if transport == Transport.TELEGRAM:
        if not TELEGRAM_CHAT.match(to):
            raise ApplicationError(
                _("Неверный получатель в Telegram: «%(to)s». Нужен числовой chat_id или @имя канала.") % {"to": to},
                field="to",
            )
        return to
    if transport == Transport.VK:
        if not (VK_PEER.match(to) or VK_WALL.match(to)):
            raise ApplicationError(
                _(
                    "Неверный получатель во ВКонтакте: «%(to)s». Нужно peer:<peer_id> или "
                    "wall:<owner_id>_<post_id>_<comment_id>."
                )
                % {"to": to},
                field="to",
            )
        return to
    raise ApplicationError(_("Неизвестный способ отправки: «%(transport)s».") % {"transport": transport})


def normalise_phone(phone: str) -> str:
    """A phone number in E.164 (+79991234567); spaces, hyphens and brackets are dropped, a Russian 8… becomes +7…."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    if re.fullmatch(r"8\d{10}", digits):
        digits = "+7" + digits[1:]
    if not E164.match(digits):
        raise ApplicationError(
            _("Неверный номер телефона: «%(phone)s». Укажите номер в международном формате, например +79991234567.")
            % {"phone": phone},
            field="to",
        )
    return digits


def validate_sender(sender: str) -> str:
    """The sender is the NAME of an environment variable, never a token itself."""
    sender = (sender or "").strip()
    if sender and not ENV_NAME.match(sender):
        raise ApplicationError(
            _("Отправитель задаётся именем переменной окружения (например, OTKLIK_TELEGRAM_BOT_TOKEN), а не токеном."),
            field="sender",
        )
    return sender


# --- e-mail -----------------------------------------------------------------------------------------------------


def email_of(message: OutgoingMessage) -> EmailMessage:
    """The letter of an outbox row, with a stable Message-ID and the thread headers it carries."""
    # A stable Message-ID lets a mail client fold a rare second copy (delivery is at least once).
    headers = {"Message-ID": f"<otklik-outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}@{DNS_NAME}>"}
    if message.in_reply_to:
        headers["In-Reply-To"] = message.in_reply_to
        headers["References"] = message.references or message.in_reply_to
    return EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to], headers=headers)


def smtp_failure(exc: BaseException) -> DeliveryFailure:
    """An SMTP exception as a failure: a recipient or message refused with 5xx is refused for good."""
    if isinstance(exc, DeliveryFailure):
        return exc
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refusals = [(code, _reply_text(reply), address) for address, (code, reply) in exc.recipients.items()]
        reason = "; ".join(f"SMTP {code} {text} ({address})" for code, text, address in refusals)
        return DeliveryFailure(reason, permanent=all(code >= 500 for code, _text, _address in refusals))
    if isinstance(exc, smtplib.SMTPResponseException):
        # A rejected message is rejected for good; a refused sender or login is the installation's to fix.
        permanent = isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500
        return DeliveryFailure(f"SMTP {exc.smtp_code} {_reply_text(exc.smtp_error)}", permanent=permanent)
    return DeliveryFailure(f"{type(exc).__name__}: {exc}", permanent=False)


def _reply_text(reply: Any) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


class SmtpAdapter:
    """The mail server through Django's backend; one connection per delivery run, opened at the first letter."""

    def __init__(self) -> None:
        self._connection: BaseEmailBackend | None = None
        self._open_error: DeliveryFailure | None = None

    def _open(self) -> BaseEmailBackend:
        if self._open_error is not None:
            raise self._open_error
        if self._connection is None:
            try:
                connection: BaseEmailBackend = get_connection(fail_silently=False)
                connection.open()
            except Exception as exc:
                # Every other letter of this run would meet the same closed door: fail them alike, without waiting.
                self._open_error = smtp_failure(exc)
                raise self._open_error from exc
            self._connection = connection
        return self._connection

    def send(self, message: OutgoingMessage) -> None:
        connection = self._open()
        try:
            accepted = connection.send_messages([email_of(message)])
        except Exception as exc:
            raise smtp_failure(exc) from exc
        if not accepted:
            raise DeliveryFailure("the mail backend accepted nothing", permanent=False)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


# --- HTTP platforms ---------------------------------------------------------------------------------------------


class HttpAdapter:
    """What the HTTP transports share: one session per run, the token from the environment, secrets kept out."""

    name = ""
    default_token_variable = ""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.timeout = settings.OTKLIK_NOTIFY_HTTP_TIMEOUT

    def send(self, message: OutgoingMessage) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.session.close()

    def token(self, message: OutgoingMessage) -> str:
        variable = message.sender or self.default_token_variable
        token = os.environ.get(variable, "").strip()
        if not token:
            raise DeliveryFailure(
                _("%(name)s: не задан токен — переменная окружения %(variable)s пуста или не задана.")
                % {"name": self.name, "variable": variable},
                permanent=True,
            )
        return token

    def post(self, url: str, *, secret: str, **kwargs: Any) -> requests.Response:
        """POST once; a timeout, a refused connection, 429 or 5xx is a temporary failure, anything else returns."""
        try:
            response = self.session.post(url, timeout=self.timeout, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            raise DeliveryFailure(scrub(f"{self.name}: {type(exc).__name__}: {exc}", secret), permanent=False) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise DeliveryFailure(
                scrub(f"{self.name}: HTTP {response.status_code} {self.error_text(response)}", secret),
                permanent=False,
            )
        return response

    def error_text(self, response: requests.Response) -> str:
        """The platform's own words for a refusal: a JSON error field if there is one, else the start of the body."""
        try:
            payload = response.json()
        except ValueError:
            return response.text.strip()[:300]
        if isinstance(payload, dict):
            for key in ("description", "error", "message", "detail", "reason"):
                value = payload.get(key)
                if isinstance(value, str) and value:
                    return value[:300]
                if isinstance(value, dict):
                    inner = value.get("error_msg") or value.get("message") or value.get("description")
                    if isinstance(inner, str) and inner:
                        return inner[:300]
        return response.text.strip()[:300]


def scrub(text: str, secret: str) -> str:
    """The text with the secret blanked out: a token must never reach a log line, last_error or a page."""
    return text.replace(secret, "***") if secret else text


class SmsGatewayAdapter(HttpAdapter):
    """A generic SMS gateway: JSON POST to OTKLIK_SMS_GATEWAY_URL with a bearer token (see README, production)."""

    name = "SMS"
    default_token_variable = "OTKLIK_SMS_GATEWAY_TOKEN"  # noqa: S105 - a variable's name

    def send(self, message: OutgoingMessage) -> None:
        url = settings.OTKLIK_SMS_GATEWAY_URL
        if not url:
            raise DeliveryFailure(_("SMS: шлюз не настроен — не задан OTKLIK_SMS_GATEWAY_URL."), permanent=True)
        token = self.token(message)
        payload = {"to": message.to, "text": message.body, "reference": f"otklik-outbox-{message.pk}"}
        if settings.OTKLIK_SMS_SENDER_NAME:
            payload["sender"] = settings.OTKLIK_SMS_SENDER_NAME
        response = self.post(
            url,
            secret=token,
            json=payload,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"otklik-outbox-{message.pk}"},
        )
        if not 200 <= response.status_code < 300:
            raise DeliveryFailure(
                scrub(f"SMS: HTTP {response.status_code} {self.error_text(response)}", token), permanent=True
            )


class TelegramAdapter(HttpAdapter):
    """Telegram Bot API sendMessage; the bot's token from the env variable the message names, else the default."""

    name = "Telegram"
    default_token_variable = "OTKLIK_TELEGRAM_BOT_TOKEN"  # noqa: S105 - a variable's name

    def send(self, message: OutgoingMessage) -> None:
        token = self.token(message)
        response = self.post(
            f"{settings.OTKLIK_TELEGRAM_API_URL}/bot{token}/sendMessage",
            secret=token,
            json={"chat_id": message.to, "text": message.body[:TELEGRAM_TEXT_LIMIT]},
        )
        ok = False
        with contextlib.suppress(ValueError, AttributeError):
            ok = bool(response.json().get("ok"))
        if response.status_code != 200 or not ok:
            raise DeliveryFailure(
                scrub(f"Telegram: HTTP {response.status_code} {self.error_text(response)}", token), permanent=True
            )


class VkAdapter(HttpAdapter):
    """VK API: messages.send to a peer, or wall.createComment in reply to a comment; random_id from the outbox id."""

    name = "VK"
    default_token_variable = "OTKLIK_VK_ACCESS_TOKEN"  # noqa: S105 - a variable's name

    def send(self, message: OutgoingMessage) -> None:
        token = self.token(message)
        text = message.body[:VK_TEXT_LIMIT]
        params: dict[str, str | int]
        if peer := VK_PEER.match(message.to):
            method = "messages.send"
            # The same random_id makes VK drop a repeated send of this row (delivery is at least once).
            params = {"peer_id": peer.group(1), "message": text, "random_id": message.pk}
        elif wall := VK_WALL.match(message.to):
            method = "wall.createComment"
            owner_id, post_id, comment_id = wall.groups()
            params = {
                "owner_id": owner_id,
                "post_id": post_id,
                "reply_to_comment": comment_id,
                "message": text,
                "guid": f"otklik-outbox-{message.pk}",
            }
        else:
            raise DeliveryFailure(f"VK: unknown recipient {message.to}", permanent=True)
        params.update({"access_token": token, "v": VK_API_VERSION})
        # The token travels in the form body, not the URL, so it stays out of proxies' access logs.
        response = self.post(f"{settings.OTKLIK_VK_API_URL}/{method}", secret=token, data=params)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if response.status_code != 200 or not isinstance(payload, dict):
            raise DeliveryFailure(
                scrub(f"VK: HTTP {response.status_code} {self.error_text(response)}", token), permanent=True
            )
        error = payload.get("error")
        if isinstance(error, dict):
            code = error.get("error_code")
            reason = scrub(f"VK {method}: {code} {error.get('error_msg', '')}".strip(), token)
            raise DeliveryFailure(reason, permanent=code not in VK_TEMPORARY_ERRORS)


ADAPTERS: dict[str, type[SmtpAdapter] | type[HttpAdapter]] = {
    Transport.EMAIL: SmtpAdapter,
    Transport.SMS: SmsGatewayAdapter,
    Transport.TELEGRAM: TelegramAdapter,
    Transport.VK: VkAdapter,
}


class DeliveryRun:
    """The adapters of one delivery run, made when first needed and closed together at its end."""

    def __init__(self) -> None:
        self._adapters: dict[str, TransportAdapter] = {}

    def adapter(self, transport: str) -> TransportAdapter:
        if transport not in self._adapters:
            factory = ADAPTERS.get(transport)
            if factory is None:
                raise DeliveryFailure(f"unknown transport {transport!r}", permanent=True)
            self._adapters[transport] = factory()
        return self._adapters[transport]

    def close(self) -> None:
        for adapter in self._adapters.values():
            try:
                adapter.close()
            except Exception:
                logger.warning("closing a %s connection failed", type(adapter).__name__, exc_info=True)
