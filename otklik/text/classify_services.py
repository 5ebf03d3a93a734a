"""The text room's classifier part: retrain a body's model, classify a text, record a staff override."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from otklik.appeals.models import Appeal, ClassifierNode, Question
from otklik.appeals.services import question_add
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, User

from .classifier import Model, Suggestion, is_russian, train
from .models import ClassificationOverride, ClassifierModel
from .mood import analyse

MAX_INPUT = 1_000_000  # characters; longer texts are refused with a clear message
CHUNK = 2_000

_cache: dict[int, tuple[int, Model]] = {}
_cache_lock = threading.Lock()


def _nodes() -> Iterator[tuple[str, str, str | None]]:
    parents = dict(ClassifierNode.objects.filter(is_active=True).values_list("pk", "code"))
    for code, name, parent_id in ClassifierNode.objects.filter(is_active=True).values_list("code", "name", "parent_id"):
        yield code, name, parents.get(parent_id)


def _confirmed_examples(organisation: Organisation) -> Iterator[tuple[str, str]]:
    """The body's past appeals with the codes staff gave their questions, streamed in primary-key chunks."""
    last = 0
    while True:
        rows = list(
            Question.objects.filter(appeal__organisation=organisation, classifier__isnull=False, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "appeal__text", "classifier__code")[:CHUNK]
        )
        if not rows:
            return
        for pk, text, code in rows:
            last = pk
            yield text, code


@transaction.atomic
def classifier_retrain(*, organisation: Organisation, actor: User | None = None) -> ClassifierModel:
    """Train a new version from the classifier's names and the body's confirmed past appeals; it becomes current."""
    model = train(_nodes(), _confirmed_examples(organisation))
    if not model.leaves:
        raise ApplicationError(_("Тематический классификатор не загружен: выполните import_classifier."))
    previous = (
        ClassifierModel.objects.select_for_update()
        .filter(organisation=organisation)
        .aggregate(top=Max("version"))["top"]
        or 0
    )
    ClassifierModel.objects.filter(organisation=organisation, is_current=True).update(is_current=False)
    stored = ClassifierModel.objects.create(
        organisation=organisation,
        version=previous + 1,
        blob=model.dumps(),
        trained_on=model.trained_on,
        leaves=len(model.leaves),
        is_current=True,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CLASSIFIER_RETRAINED,
        obj=stored,
        organisation=organisation,
        after={"version": stored.version, "trained_on": stored.trained_on, "leaves": stored.leaves},
    )
    return stored


def current_model(organisation: Organisation) -> tuple[int, Model] | None:
    """The body's current model (version, model), loaded once per version and process."""
    row = (
        ClassifierModel.objects.filter(organisation=organisation, is_current=True).values_list("pk", "version").first()
    )
    if row is None:
        return None
    pk, version = row
    with _cache_lock:
        cached = _cache.get(organisation.pk)
        if cached and cached[0] == version:
            return cached
    blob = ClassifierModel.objects.values_list("blob", flat=True).get(pk=pk)
    loaded = (version, Model.loads(bytes(blob)))
    with _cache_lock:
        _cache[organisation.pk] = loaded
    return loaded


def classify_text(*, organisation: Organisation, text: str) -> list[Suggestion]:
    """The five best codes for a text (no database writes); empty for a text with no Russian words."""
    if len(text) > MAX_INPUT:
        raise ApplicationError(_("Текст слишком длинный для классификации (не более 1 000 000 знаков)."))
    current = current_model(organisation)
    if current is None or not is_russian(text):
        return []
    return current[1].predict(text)


def _mood(text: str) -> tuple[str | None, str | None]:
    """Mood and content kind of the text (None where the text gives none)."""
    found = analyse(text)
    return (str(found.mood) or None), (str(found.content_kind) or None)


def classification_of(*, organisation: Organisation, text: str, appeal: Appeal | None = None) -> dict[str, Any]:
    """The classification object of the API and the `classify` command; priority and rule are the appeal's routing
    (None without an appeal or when no rule applied)."""
    suggestions = classify_text(organisation=organisation, text=text)
    mood, content_kind = _mood(text) if suggestions or text.strip() else (None, None)
    return {
        "suggested_codes": [{"code": s.code, "score": s.score} for s in suggestions],
        "mood": mood,
        "content_kind": content_kind,
        "priority": (appeal.priority or None) if appeal is not None else None,
        "rule": (appeal.routing_rule_name or None) if appeal is not None else None,
    }


@transaction.atomic
def classification_override_record(
    *, actor: User, appeal: Appeal, chosen_code: str, reason: str = ""
) -> ClassificationOverride:
    """Staff chose a code for the appeal: add it as a question and keep the suggestions shown, the choice, who, why.

    Choosing a code that is not the best suggestion needs a reason; a double submit of the same choice returns the
    first record.
    """
    chosen_code = chosen_code.strip()
    reason = reason.strip()
    if not ClassifierNode.objects.filter(code=chosen_code, is_active=True).exists():
        raise ApplicationError(
            _("Нет такой темы в действующем классификаторе: %(code)s.") % {"code": chosen_code}, field="chosen_code"
        )
    current = current_model(appeal.organisation)
    suggestions = classify_text(organisation=appeal.organisation, text=appeal.text)
    codes = [{"code": s.code, "score": s.score} for s in suggestions]
    if suggestions and chosen_code != suggestions[0].code and not reason:
        raise ApplicationError(_("Укажите причину, по которой выбрана не первая предложенная тема."), field="reason")
    existing = (
        ClassificationOverride.objects.select_for_update()
        .filter(appeal=appeal, chosen_code=chosen_code, user=actor)
        .first()
    )
    if existing is not None:
        return existing
    question_add(actor=actor, appeal=appeal, classifier_code=chosen_code)
    override = ClassificationOverride.objects.create(
        appeal=appeal,
        suggested_codes=codes,
        chosen_code=chosen_code,
        user=actor,
        reason=reason,
        model_version=current[0] if current else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_OVERRIDDEN,
        obj=override,
        organisation=appeal.organisation,
        after={"chosen_code": chosen_code, "reason": reason, "model_version": override.model_version},
    )
    return override
