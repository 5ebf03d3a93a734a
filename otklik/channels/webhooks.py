"""Platform adapters of the social-media inbox: VK Callback API and Telegram Bot API webhooks.

No login and no CSRF token: each request is checked by the platform's own secret (VK's `secret` field, Telegram's
`X-Telegram-Bot-Api-Secret-Token` header) against the environment variable the account names. The body is size
limited before it is read; what the adapter builds goes through `inbox_item_receive` like any other intake.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError

from .choices import SocialItemKind
from .inbox_selectors import account_for_webhook
from .inbox_services import SocialItemIntake, inbox_item_receive
from .models import SocialAccount, SocialPlatform

MAX_BODY = 64 * 1024  # a callback carries one event; VK and Telegram messages are at most 4096 characters


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _payload(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    """The JSON object of the request, or the refusal to answer (too large, not JSON, not an object)."""
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return _plain("bad length", 400)
    if length > MAX_BODY:
        return _plain("too large", 413)
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return _plain("too large", 413)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return _plain("malformed json", 400)
    if not isinstance(payload, dict):
        return _plain("malformed json", 400)
    return payload


def _secret_matches(account: SocialAccount, given: object) -> bool:
    """Constant-time comparison with the secret in the account's environment variable; no variable, no entry."""
    expected = os.environ.get(account.callback_secret_env, "") if account.callback_secret_env else ""
    if not expected or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def _moment(value: object) -> dt.datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApplicationError(_("Нет времени сообщения."), field="date")
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


def _int(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApplicationError(_("Нет поля %(name)s.") % {"name": name}, field=name)
    return value


def _text(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    return text or _("(сообщение без текста — только вложения)")


def _receive(account: SocialAccount, intake: SocialItemIntake | None) -> HttpResponse | None:
    """Store the item; a refusal of its content is answered 400 with the reason, nothing stored."""
    if intake is None:
        return None
    try:
        inbox_item_receive(actor=None, organisation=account.organisation, intake=intake)
    except ApplicationError as exc:
        return _plain(exc.message, 400)
    return None


def _vk_intake(account: SocialAccount, payload: dict[str, Any]) -> SocialItemIntake | None:
    """An inbox item from a VK event, or None for an event the inbox does not take (and our own comments)."""
    event = payload.get("type")
    data = payload.get("object")
    if not isinstance(data, dict):
        return None
    group = account.external_id
    if event == "message_new":
        message = data.get("message", data)  # API 5.103+ wraps the message with client_info
        if not isinstance(message, dict):
            raise ApplicationError(_("Нет сообщения."), field="object")
        peer_id = _int(message.get("peer_id"), "peer_id")
        from_id = _int(message.get("from_id"), "from_id")
        message_id = message.get("id") or f"{peer_id}_{message.get('conversation_message_id')}"
        return SocialItemIntake(
            channel=account.channel,
            account=account,
            kind=SocialItemKind.OFFICIAL,
            text=_text(message.get("text")),
            received_at=_moment(message.get("date")),
            author_handle=f"id{from_id}",
            link=f"https://vk.com/gim{group}?sel={from_id}" if group else "",
            external_id=f"vk:message:{message_id}",
            reply_to=f"peer:{peer_id}",
        )
    if event == "wall_reply_new":
        from_id = _int(data.get("from_id"), "from_id")
        if group.isdigit() and from_id == -int(group):
            return None  # the body's own reply under its post
        comment_id = _int(data.get("id"), "id")
        owner_id = _int(data.get("post_owner_id"), "post_owner_id")
        post_id = _int(data.get("post_id"), "post_id")
        return SocialItemIntake(
            channel=account.channel,
            account=account,
            kind=SocialItemKind.COMMENT,
            text=_text(data.get("text")),
            received_at=_moment(data.get("date")),
            author_handle=f"id{from_id}" if from_id > 0 else f"club{-from_id}",
            link=f"https://vk.com/wall{owner_id}_{post_id}?reply={comment_id}",
            external_id=f"vk:comment:{owner_id}_{post_id}_{comment_id}",
            reply_to=f"wall:{owner_id}_{post_id}_{comment_id}",
        )
    return None


@csrf_exempt
@require_POST
def vk_callback(request: HttpRequest, pk: int) -> HttpResponse:
    """VK Callback API: the confirmation handshake, then new messages and comments as inbox items; answers «ok»."""
    account = account_for_webhook(pk=pk, platform=SocialPlatform.VK)
    if account is None:
        return _plain("unknown", 404)
    payload = _payload(request)
    if isinstance(payload, HttpResponse):
        return payload
    if str(payload.get("group_id", "")) != account.external_id:
        return _plain("wrong group", 403)
    if payload.get("type") == "confirmation":
        # VK sends the secret with the handshake when one is set; a wrong one is refused like any other event.
        if "secret" in payload and not _secret_matches(account, payload.get("secret")):
            return _plain("wrong secret", 403)
        return _plain(account.confirmation_code)
    if not _secret_matches(account, payload.get("secret")):
        return _plain("wrong secret", 403)
    try:
        intake = _vk_intake(account, payload)
    except ApplicationError as exc:
        return _plain(exc.message, 400)
    return _receive(account, intake) or _plain("ok")


def _telegram_intake(account: SocialAccount, update: dict[str, Any]) -> SocialItemIntake | None:
    """An official item from a message to the bot or a post in the body's channel; other updates are skipped."""
    message = update.get("message") or update.get("channel_post")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    if not isinstance(chat, dict):
        raise ApplicationError(_("Нет чата."), field="chat")
    chat_id = _int(chat.get("id"), "chat.id")
    message_id = _int(message.get("message_id"), "message_id")
    sender = message.get("from") or message.get("sender_chat") or chat
    if not isinstance(sender, dict):
        sender = {}
    username = sender.get("username")
    name = " ".join(str(sender.get(part) or "") for part in ("first_name", "last_name")).strip()
    name = name or str(sender.get("title") or "")
    chat_name = chat.get("username")
    return SocialItemIntake(
        channel=account.channel,
        account=account,
        kind=SocialItemKind.OFFICIAL,
        text=_text(message.get("text") or message.get("caption")),
        received_at=_moment(message.get("date")),
        author_handle=f"@{username}" if isinstance(username, str) and username else str(sender.get("id") or ""),
        author_name=name[:300],
        link=f"https://t.me/{chat_name}/{message_id}" if isinstance(chat_name, str) and chat_name else "",
        external_id=f"tg:{chat_id}:{message_id}",
        reply_to=str(chat_id),
    )


@csrf_exempt
@require_POST
def telegram_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Telegram Bot API webhook: an `Update` with a message or channel post becomes an official inbox item."""
    account = account_for_webhook(pk=pk, platform=SocialPlatform.TELEGRAM)
    if account is None:
        return _plain("unknown", 404)
    if not _secret_matches(account, request.headers.get("X-Telegram-Bot-Api-Secret-Token")):
        return _plain("wrong secret", 403)
    payload = _payload(request)
    if isinstance(payload, HttpResponse):
        return payload
    try:
        intake = _telegram_intake(account, payload)
    except ApplicationError as exc:
        return _plain(exc.message, 400)
    return _receive(account, intake) or _plain("ok")
