"""Convert timeline rows written before events had parameters: kinds to the closed list, sentences to parameters.

A row's parameters are read back from its Russian sentence, with the ids its audit row holds; they replace the
sentence only where rendering them gives back the very same sentence, otherwise the sentence stays in
`legacy_text` and is shown as it was. Backwards, every row gets its Russian sentence again, and a notice its
old "notice:<kind>" kind.
"""

import datetime as dt
import re

from django.db import migrations

BATCH = 500  # appeals per round trip

# Frozen here, not imported: later edits of the room must not change what this migration does.
CHANNELS = {
    "portal": "Интернет-приёмная",
    "email": "Электронная почта",
    "post": "Почта",
    "reception": "Личный приём",
    "phone": "Телефон",
    "epgu": "ЕПГУ",
    "pos": "Платформа обратной связи (ПОС)",
    "social": "Социальные сети",
    "forwarded": "Переадресовано другим органом",
    "api": "API",
}
RESULTS = {
    "supported": "Поддержано",
    "explained": "Разъяснено",
    "not_supported": "Не поддержано",
    "measures_taken": "Приняты меры",
    "left_without_answer": "Оставлено без ответа (ст. 11 59-ФЗ)",
}
ANSWER_KINDS = {
    "final": "Ответ по существу",
    "interim": "Промежуточный ответ",
    "information_request": "Запрос дополнительной информации",
    "typed": "Типовой ответ (п. 4.3)",
}
DELIVERY = {
    "email": "Электронная почта",
    "post": "Почта",
    "registered_post": "Заказное письмо",
    "portal": "Личный кабинет / API",
}
WHAT = {"appeal": "обращения", "request": "запроса"}
EXTENDED = "Срок рассмотрения вашего %(what)s № %(n)s от %(date)s продлён до %(due)s. Основание: %(reason)s"
FORWARDED = {
    "appeal": "Ваше обращение № %(n)s от %(date)s переадресовано в %(body)s, так как %(reason)s. "
    "Ответ вам направит этот орган.",
    "request": "Ваш запрос № %(n)s от %(date)s переадресован в %(body)s, так как %(reason)s. "
    "Ответ вам направит этот орган.",
}
LATE = " Переадресовано с нарушением 7-дневного срока."
NOTICES = {
    "essence_undeterminable": "Суть вашего обращения № %(n)s от %(date)s определить невозможно, поэтому ответ по "
    "существу не может быть дан.",
    "unreadable": "Текст вашего обращения № %(n)s от %(date)s не поддаётся прочтению, поэтому ответ на него не даётся.",
}
SIMPLE = {
    "registered": "Зарегистрировано № %(n)s, канал: %(c)s",
    "on_control": "Поставлено на контроль; исполнитель: %(e)s",
    "question_added": "Вопрос %(n)s: %(code)s %(name)s",
    "question_result": "Вопрос %(n)s: %(r)s",
    "answer_drafted": "Подготовлен проект: %(k)s",
    "answer_approved": "Проект ответа согласован",
    "answer_signed": "Ответ подписан, исх. № %(n)s от %(d)s",
    "answer_sent": "Ответ исх. № %(n)s направлен: %(how)s",
    "closed": "Рассмотрение завершено",
    "answer_rated": "Автор оценил ответ: %(s)s из 5",
}
# The ids an event keeps that its sentence never showed, read from the audit row written with it.
AUDIT_KEYS = {
    "extended": ("days",),
    "on_control": ("executor", "controller"),
    "question_added": ("question",),
    "question_result": ("question",),
    "answer_drafted": ("answer", "outcome"),
    "answer_approved": ("answer",),
    "answer_signed": ("answer",),
    "answer_sent": ("answer",),
    "closed": ("closed_at",),
}


def _pattern(template):
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


def _match(template, text):
    found = _pattern(template).match(text)
    return found.groupdict() if found else None


def _iso(day):
    return dt.datetime.strptime(day, "%d.%m.%Y").date().isoformat()


def _ru(iso):
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def _code(labels, label):
    return next(code for code, known in labels.items() if known == label)


def _parse_author_facing(kind, text):
    """Parameters of the sentences written for the author: an extension, a forwarding, a notice."""
    if kind == "extended":
        m = _match(EXTENDED, text)
        return m and {
            "appeal_kind": _code(WHAT, m["what"]),
            "number": m["n"],
            "registered_on": _iso(m["date"]),
            "due": _iso(m["due"]),
            "reason": m["reason"],
        }
    if kind == "forwarded":
        late = text.endswith(LATE)
        core = text[: -len(LATE)] if late else text
        for appeal_kind, template in FORWARDED.items():
            if m := _match(template, core):
                return {
                    "appeal_kind": appeal_kind,
                    "number": m["n"],
                    "registered_on": _iso(m["date"]),
                    "to_body": m["body"],
                    "reason": m["reason"],
                    "late": late,
                }
        return None
    notice = kind.partition(":")[2]
    template = NOTICES.get(notice)
    m = template and (_match(template, text) or _match(template + " %(explanation)s", text))
    return m and {
        "number": m["n"],
        "registered_on": _iso(m["date"]),
        "notice": notice,
        "explanation": m.get("explanation", ""),
    }


def _parse_staff(kind, m):
    """Parameters of the short staff sentences, from their matched fields."""
    if kind == "registered":
        return {"number": m["n"], "channel": _code(CHANNELS, m["c"])}
    if kind == "on_control":
        return {"executor_name": m["e"]}
    if kind == "question_added":
        return {"position": int(m["n"]), "code": m["code"], "name": m["name"]}
    if kind == "question_result":
        return {"position": int(m["n"]), "result": _code(RESULTS, m["r"])}
    if kind == "answer_drafted":
        return {"answer_kind": _code(ANSWER_KINDS, m["k"])}
    if kind == "answer_signed":
        return {"outgoing_number": m["n"], "outgoing_date": _iso(m["d"])}
    if kind == "answer_sent":
        return {"outgoing_number": m["n"], "delivery": _code(DELIVERY, m["how"])}
    if kind == "answer_rated":
        return {"score": int(m["s"])}
    return {}


def parse(kind, text):
    """The parameters of an old row, or None when its sentence is not one this migration knows."""
    try:
        if kind in ("extended", "forwarded") or kind.startswith("notice:"):
            return _parse_author_facing(kind, text)
        m = _match(SIMPLE[kind], text) if kind in SIMPLE else None
        return None if m is None else _parse_staff(kind, m)
    except (StopIteration, ValueError):  # a label or a date this migration does not know
        return None


def sentence(kind, p):
    """The Russian sentence of a row's parameters, as the services wrote it before events had parameters."""
    if kind == "extended":
        return EXTENDED % {
            "what": WHAT[p["appeal_kind"]],
            "n": p["number"],
            "date": _ru(p["registered_on"]),
            "due": _ru(p["due"]),
            "reason": p["reason"],
        }
    if kind == "forwarded":
        values = {"n": p["number"], "date": _ru(p["registered_on"]), "body": p["to_body"], "reason": p["reason"]}
        return FORWARDED[p["appeal_kind"]] % values + (LATE if p["late"] else "")
    if kind == "notice_sent":
        base = NOTICES[p["notice"]] % {"n": p["number"], "date": _ru(p["registered_on"])}
        return f"{base} {p['explanation']}".strip()
    values = {
        "registered": lambda: {"n": p["number"], "c": CHANNELS[p["channel"]]},
        "on_control": lambda: {"e": p["executor_name"]},
        "question_added": lambda: {"n": p["position"], "code": p["code"], "name": p["name"]},
        "question_result": lambda: {"n": p["position"], "r": RESULTS[p["result"]]},
        "answer_drafted": lambda: {"k": ANSWER_KINDS[p["answer_kind"]]},
        "answer_signed": lambda: {"n": p["outgoing_number"], "d": _ru(p["outgoing_date"])},
        "answer_sent": lambda: {"n": p["outgoing_number"], "how": DELIVERY[p["delivery"]]},
        "answer_rated": lambda: {"s": p["score"]},
    }.get(kind, dict)()
    return SIMPLE[kind] % values


def _audit_rows(AuditEntry, appeal_ids):
    """The audit rows of these appeals, per (appeal id, action), oldest first."""
    rows = {}
    for object_id, action, after in (
        AuditEntry.objects.filter(object_type="appeals.appeal", object_id__in=[str(pk) for pk in appeal_ids])
        .order_by("id")
        .values_list("object_id", "action", "after")
    ):
        rows.setdefault((int(object_id), action), []).append(after or {})
    return rows


def _convert(event, audit):
    old_kind, text = event.kind, event.legacy_text
    params = parse(old_kind, text)
    if old_kind.startswith("notice:"):
        event.kind = "notice_sent"
        action = f"appeal.notice.{old_kind.partition(':')[2]}"
    else:
        action = f"appeal.{old_kind}"
    after = audit.get((event.appeal_id, action), [])
    after = after.pop(0) if after else {}
    if params is None:  # the sentence stays; a notice keeps its kind to go back to
        event.params = {"notice": old_kind.partition(":")[2]} if event.kind == "notice_sent" else {}
        return
    params.update({key: after[key] for key in AUDIT_KEYS.get(event.kind, ()) if key in after})
    try:
        same = sentence(event.kind, params) == text
    except (KeyError, TypeError, ValueError):
        same = False
    if same:
        event.params, event.legacy_text = params, ""
    else:
        event.params = {"notice": params["notice"]} if event.kind == "notice_sent" else {}


def forward(apps, schema_editor):
    AppealEvent = apps.get_model("appeals", "AppealEvent")
    AuditEntry = apps.get_model("core", "AuditEntry")
    appeal_ids = list(AppealEvent.objects.order_by("appeal_id").values_list("appeal_id", flat=True).distinct())
    for start in range(0, len(appeal_ids), BATCH):
        chunk = appeal_ids[start : start + BATCH]
        audit = _audit_rows(AuditEntry, chunk)
        events = list(AppealEvent.objects.filter(appeal_id__in=chunk).order_by("appeal_id", "id"))
        for event in events:
            _convert(event, audit)
        AppealEvent.objects.bulk_update(events, ["kind", "params", "legacy_text"], batch_size=BATCH)


def backward(apps, schema_editor):
    AppealEvent = apps.get_model("appeals", "AppealEvent")
    events = []
    for event in AppealEvent.objects.order_by("id").iterator(chunk_size=BATCH):
        if not event.legacy_text:
            try:
                event.legacy_text = sentence(event.kind, event.params)
            except (KeyError, TypeError, ValueError):
                event.legacy_text = ""
        if event.kind == "notice_sent":
            event.kind = f"notice:{event.params.get('notice', '')}"
        events.append(event)
        if len(events) >= BATCH:
            AppealEvent.objects.bulk_update(events, ["kind", "legacy_text"])
            events = []
    if events:
        AppealEvent.objects.bulk_update(events, ["kind", "legacy_text"])


class Migration(migrations.Migration):
    dependencies = [("appeals", "0014_appeal_event_params"), ("core", "0003_number_counter")]

    operations = [migrations.RunPython(forward, backward)]
