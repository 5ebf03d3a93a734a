"""The thematic classifier of appeals: import of an edition and search by code or words."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.memo import Memo

from .models import ClassifierNode

BATCH_SIZE = 500
MAX_LEVEL = 5

# [0-9], not \d: \d would also accept Arabic-Indic and other Unicode digits.
CODE_RE = re.compile(r"[0-9]{4}(?:\.[0-9]{4}){3,4}")
EDITION_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A footnote glued into a published name: " 1 При выборе …" or " 2 3 4 5 При выборе …" up to the end.
FOOTNOTE_RE = re.compile(r"\s+[0-9]+(?:\s+[0-9]+)*\s+При выборе\b.*\Z", re.DOTALL)
CODE_QUERY_RE = re.compile(r"[0-9][0-9.]*")
WORD_RE = re.compile(r"\w+(?:-\w+)*")
UPDATED_FIELDS = ["name", "parent", "level", "section_code", "is_active"]


@dataclass(frozen=True)
class ImportReport:
    """What one import did: nodes created, changed (including re-activated), deactivated; nodes in the edition."""

    created: int
    updated: int
    deactivated: int
    total: int
    edition: str


@dataclass(frozen=True)
class _Parsed:
    code: str
    name: str
    level: int
    parent_code: str | None


def clean_name(raw: str) -> str:
    """The published name without a footnote glued onto its end (" 1 При выборе данного вопроса …")."""
    return FOOTNOTE_RE.sub("", raw).strip()


def code_level(code: str) -> int | None:
    """The level a well-formed code stands for (1..5), or None when its blocks are not a valid prefix chain."""
    blocks = code.split(".")
    if len(blocks) == MAX_LEVEL:
        return MAX_LEVEL if all(block != "0000" for block in blocks) else None
    level = 0
    for block in blocks:
        if block == "0000":
            break
        level += 1
    if level == 0 or any(block != "0000" for block in blocks[level:]):
        return None
    return level


def _parent_prefix(code: str, level: int) -> str:
    """The part of a code a node at `level` shares with every node below it."""
    return ".".join(code.split(".")[:level])


def _refuse(message: str, **params: Any) -> ApplicationError:
    return ApplicationError(_("Классификатор не загружен: ") + message % params, field="path")


def _edition_for(path: Path, edition: str | None) -> str:
    if edition is None:
        found = EDITION_RE.search(path.name)
        if found is None:
            raise _refuse(_("в имени файла «%(name)s» нет даты редакции; укажите редакцию явно."), name=path.name)
        edition = found.group(0)
    try:
        dt.date.fromisoformat(edition)
    except ValueError:
        raise _refuse(_("редакция «%(edition)s» должна быть датой ГГГГ-ММ-ДД."), edition=edition) from None
    return edition


def _load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _refuse(_("файл «%(path)s» не найден."), path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(_("файл «%(path)s» не прочитан: %(error)s."), path=path, error=exc) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse(
            _("файл «%(path)s» не является JSON (строка %(line)s, позиция %(column)s)."),
            path=path.name,
            line=exc.lineno,
            column=exc.colno,
        ) from None


def _walk(items: Any, parent: _Parsed | None, depth: int) -> Iterator[_Parsed]:
    where = parent.code if parent else None
    if not isinstance(items, list):
        if where is None:
            raise _refuse(_("верхний уровень файла должен быть списком разделов."))
        raise _refuse(_("у узла «%(code)s» поле children должно быть списком."), code=where)
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not isinstance(item.get("name"), str):
            if where is None:
                raise _refuse(_("каждый раздел должен быть объектом с полями code и name (строки)."))
            raise _refuse(
                _("у узла «%(code)s» есть потомок без полей code и name (строки)."),
                code=where,
            )
        code = item["code"]
        if not CODE_RE.fullmatch(code):
            raise _refuse(_("код «%(code)s» не соответствует формату dddd.dddd.dddd.dddd[.dddd]."), code=code)
        level = code_level(code)
        if level is None:
            raise _refuse(_("код «%(code)s»: после блока 0000 не может идти ненулевой блок."), code=code)
        if level != depth:
            raise _refuse(
                _("код «%(code)s» обозначает уровень %(level)s, а стоит на уровне вложенности %(depth)s."),
                code=code,
                level=level,
                depth=depth,
            )
        if parent is not None and _parent_prefix(code, parent.level) != _parent_prefix(parent.code, parent.level):
            raise _refuse(
                _("код «%(code)s» не начинается с кода родителя «%(parent)s»."),
                code=code,
                parent=parent.code,
            )
        name = clean_name(item["name"])
        if not name:
            raise _refuse(_("у кода «%(code)s» пустое наименование."), code=code)
        node = _Parsed(code=code, name=name, level=level, parent_code=parent.code if parent else None)
        yield node
        yield from _walk(item.get("children", []), node, depth + 1)


def _parse(data: Any) -> list[_Parsed]:
    nodes = list(_walk(data, None, 1))
    if not nodes:
        raise _refuse(_("в файле нет ни одного раздела."))
    seen: set[str] = set()
    for node in nodes:
        if node.code in seen:
            raise _refuse(_("код «%(code)s» встречается в файле больше одного раза."), code=node.code)
        seen.add(node.code)
    return nodes


def _batches(items: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


@transaction.atomic
def classifier_import(*, path: Path, edition: str | None = None) -> ImportReport:
    """Load an edition of the classifier: create new nodes, update changed ones, deactivate those left out."""
    path = Path(path)
    edition = _edition_for(path, edition)
    parsed = _parse(_load(path))

    existing = {node.code: node for node in ClassifierNode.objects.all()}
    ids = {code: node.pk for code, node in existing.items()}
    changed: list[ClassifierNode] = []
    created = 0
    for level in range(1, MAX_LEVEL + 1):
        new: list[ClassifierNode] = []
        for item in parsed:
            if item.level != level:
                continue
            parent_id = ids[item.parent_code] if item.parent_code else None
            node = existing.get(item.code)
            if node is None:
                new.append(
                    ClassifierNode(
                        code=item.code,
                        name=item.name,
                        parent_id=parent_id,
                        level=item.level,
                        section_code=item.code[:4],
                        edition=edition,
                    )
                )
                continue
            wanted = (item.name, parent_id, item.level, item.code[:4], True)
            if (node.name, node.parent_id, node.level, node.section_code, node.is_active) != wanted:
                node.name, node.parent_id, node.level, node.section_code, node.is_active = wanted
                changed.append(node)
        if new:
            ClassifierNode.objects.bulk_create(new, batch_size=BATCH_SIZE)
            created += len(new)
            ids.update({node.code: node.pk for node in new})
            if any(pk is None for pk in ids.values()):  # a backend that does not return ids from a bulk insert
                ids.update(ClassifierNode.objects.filter(level=level).values_list("code", "pk"))
    if changed:
        ClassifierNode.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH_SIZE)

    present = {item.code for item in parsed}
    gone = [node.pk for code, node in existing.items() if node.is_active and code not in present]
    for batch in _batches(gone):
        ClassifierNode.objects.filter(pk__in=batch).update(is_active=False)

    # Every node of this edition carries its date; the ones left out keep the date of the last edition they were in.
    restamped = ClassifierNode.objects.filter(is_active=True).exclude(edition=edition).update(edition=edition)

    NODES.forget()
    report = ImportReport(
        created=created, updated=len(changed), deactivated=len(gone), total=len(parsed), edition=edition
    )
    # An identical tree under a new edition date changes only the stamps; that is still worth a record.
    if created or changed or gone or restamped:
        audit_record(
            actor=None,
            action=AuditAction.CLASSIFIER_IMPORTED,
            obj=ClassifierNode.objects.get(code=parsed[0].code),
            after={
                "edition": edition,
                "total": report.total,
                "created": report.created,
                "updated": report.updated,
                "deactivated": report.deactivated,
                "file": path.name,
            },
        )
    return report


NODES: Memo[ClassifierNode] = Memo("classifier nodes", ttl=300.0)  # the codes every registration checks


def classifier_nodes(codes: Iterable[str]) -> dict[str, ClassifierNode]:
    """The nodes with these codes (unknown codes are left out), from memory when this process has seen them."""
    found: dict[str, ClassifierNode] = {}
    missing = []
    for code in {code for code in codes if code}:
        node = NODES.peek(code)
        if node is None:
            missing.append(code)
        else:
            found[code] = node
    if missing:
        for node in ClassifierNode.objects.filter(code__in=missing):
            found[node.code] = NODES.put(node.code, node)
    return found


def classifier_node(code: str) -> ClassifierNode | None:
    """The node with this code, active or not."""
    return ClassifierNode.objects.filter(code=code.strip()).first()


def _case_variants(word: str) -> set[str]:
    # SQLite's LIKE folds case for ASCII only, so the usual spellings of a Cyrillic word are asked for each.
    return {word, word.lower(), word.capitalize(), word.upper()}


def classifier_search(query: str, *, limit: int = 20) -> list[ClassifierNode]:
    """Active nodes for the picker: by code prefix ("0001.0002") or by words that must all occur in the name."""
    query = query.strip()
    if not query or limit <= 0:
        return []
    active = ClassifierNode.objects.filter(is_active=True).order_by("code")
    if CODE_QUERY_RE.fullmatch(query):
        found = list(active.filter(code__startswith=query)[:limit])
        if found or "." in query:
            return found
        # Plain digits that open no code are taken as words ("112" is in a name, not in a code).
    # The published names are written without «ё» ("прием"), so a reader's «приём» must find them.
    words = [word.replace("ё", "е").replace("Ё", "Е") for word in WORD_RE.findall(query) if len(word) >= 2]
    if not words:
        return []
    candidates = active
    for word in words:
        condition = Q()
        for variant in sorted(_case_variants(word)):
            condition |= Q(name__icontains=variant)
        candidates = candidates.filter(condition)
    # The database narrows by spelling; casefold() makes the case-insensitive decision on every backend.
    folded = [word.casefold() for word in words]
    result: list[ClassifierNode] = []
    for node in candidates.iterator():
        name = node.name.casefold()
        if all(word in name for word in folded):
            result.append(node)
            if len(result) >= limit:
                break
    return result
