"""The only writers of the registry: proposals, review, approval into versions, publication (R-TP-6, R-TP-7)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.notifications.services import notify_staff
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import has_role, require_role

from .choices import ChangeKind, ChangeStatus, VersionReason
from .models import ChangeEvent, ChangeRequest, Process, Registry, RegistryVersion, Touchpoint
from .selectors import registry_keepers
from .snapshots import build_snapshot
from .validation import TOUCHPOINT_FIELDS, completeness_problems, find_duplicate, touchpoint_data
from .workflow import PENDING_CHANGE_STATES, can

PROPOSER_ROLES = (RoleCode.EXECUTOR, RoleCode.UNIT_HEAD, RoleCode.REGISTRY_KEEPER)


def clean_touchpoint_data(raw: dict[str, Any]) -> dict[str, Any]:
    """Normalise submitted fields (strings stripped, flags as booleans, needs as code/text pairs)."""
    needs = []
    for need in raw.get("needs") or []:
        if isinstance(need, str):
            need = {"code": need, "text": ""}
        needs.append({"code": str(need.get("code", "")).strip(), "text": str(need.get("text") or "").strip()})
    return {
        "name": str(raw.get("name", "")).strip(),
        "channel_type": str(raw.get("channel_type", "")).strip(),
        "kind": str(raw.get("kind", "")).strip(),
        "address": str(raw.get("address", "")).strip(),
        "needs": needs,
        "features": str(raw.get("features", "")).strip(),
        "is_key": bool(raw.get("is_key", True)),
        "appeals_counted": bool(raw.get("appeals_counted", True)),
        "legal_basis_kind": str(raw.get("legal_basis_kind", "")).strip(),
        "legal_basis": str(raw.get("legal_basis", "")).strip(),
        "accessibility_notes": str(raw.get("accessibility_notes", "")).strip(),
    }


def _refuse_problems(data: dict[str, Any], *, allow_missing: bool = False) -> None:
    blocking = [
        problem
        for problem in completeness_problems(data)
        if problem.blocking and not (allow_missing and problem.missing)
    ]
    if blocking:
        raise ApplicationError(
            " ".join(problem.message for problem in blocking),
            field=blocking[0].field,
            extra={"problems": [{"field": p.field, "message": p.message} for p in blocking]},
        )


def _refuse_duplicate(data: dict[str, Any], process: Process | None, exclude: Touchpoint | None) -> None:
    if process is None:
        return
    siblings = Touchpoint.objects.filter(process=process, is_active=True)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    duplicate = find_duplicate(data, siblings)
    if duplicate is not None:
        raise ApplicationError(
            _(
                "Точка дублирует уже включённую в процесс «%(process)s»: «%(name)s»%(address)s. "
                "Один процесс не может содержать одну точку дважды — укажите в ней дополнительные потребности "
                "(п. 2.8 Порядка)."
            )
            % {
                "process": process.name,
                "name": duplicate.name,
                "address": f" ({duplicate.address})" if duplicate.address else "",
            },
            field="name",
        )


def _validate_proposal(
    *,
    organisation: Organisation,
    kind: str,
    data: dict[str, Any],
    touchpoint: Touchpoint | None,
    process: Process | None,
    new_process_name: str,
    justification: str,
) -> Process | None:
    """Check a proposal as a whole; returns the process the touchpoint will belong to (None: a new one)."""
    if kind not in ChangeKind.values:
        raise ApplicationError(_("Неизвестный вид изменения."), field="kind")
    if process is not None and process.organisation_id != organisation.pk:
        raise ApplicationError(_("Процесс принадлежит другой организации."), field="process")
    if kind == ChangeKind.INCLUDE:
        if process is None and not new_process_name.strip():
            raise ApplicationError(_("Выберите процесс или укажите новый."), field="process")
        _refuse_problems(data)
        _refuse_duplicate(data, process, exclude=None)
        return process
    if touchpoint is None or touchpoint.organisation_id != organisation.pk or not touchpoint.is_active:
        raise ApplicationError(_("Выберите точку взаимодействия из перечня."), field="touchpoint")
    if kind == ChangeKind.EXCLUDE:
        if not justification.strip():
            raise ApplicationError(_("Укажите, почему точка исключается."), field="justification")
        return touchpoint.process
    target = process or touchpoint.process
    _refuse_problems(data)
    _refuse_duplicate(data, target, exclude=touchpoint)
    if data == touchpoint_data(touchpoint) and target == touchpoint.process:
        raise ApplicationError(_("Предложение ничего не меняет в точке взаимодействия."), field="name")
    return target


def _event(change: ChangeRequest, actor: User, action: str, comment: str = "") -> None:
    ChangeEvent.objects.create(change=change, actor=actor, action=action, comment=comment)


@transaction.atomic
def registry_change_propose(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    data: dict[str, Any] | None = None,
    touchpoint: Touchpoint | None = None,
    process: Process | None = None,
    new_process_name: str = "",
    justification: str = "",
    submission_key: str = "",
) -> ChangeRequest:
    """A unit employee proposes to include, change or exclude a touchpoint; it waits for the authorised person."""
    require_role(actor, organisation, *PROPOSER_ROLES)
    if submission_key:
        already = ChangeRequest.objects.filter(author=actor, submission_key=submission_key).first()
        if already is not None:
            return already  # the same form sent twice
    data = clean_touchpoint_data(data or {}) if kind != ChangeKind.EXCLUDE else {}
    _validate_proposal(
        organisation=organisation,
        kind=kind,
        data=data,
        touchpoint=touchpoint,
        process=process,
        new_process_name=new_process_name,
        justification=justification,
    )
    if touchpoint is not None:
        pending = ChangeRequest.objects.filter(touchpoint=touchpoint, status__in=PENDING_CHANGE_STATES).first()
        if pending is not None:
            raise ApplicationError(
                _("По этой точке уже есть нерассмотренное предложение № %(number)s.") % {"number": pending.pk},
                field="touchpoint",
            )
    membership = actor.memberships.filter(organisation=organisation).first()
    change = ChangeRequest.objects.create(
        organisation=organisation,
        kind=kind,
        touchpoint=touchpoint,
        process=process if kind == ChangeKind.INCLUDE or process else None,
        new_process_name=new_process_name.strip() if process is None else "",
        data=data,
        base=touchpoint_data(touchpoint) if touchpoint is not None else None,
        justification=justification.strip(),
        author=actor,
        unit=membership.unit if membership else None,
        submission_key=submission_key,
    )
    _event(change, actor, ChangeStatus.SUBMITTED, change.justification)
    audit_record(
        actor=actor, action=AuditAction.REGISTRY_CHANGE_PROPOSED, obj=change, organisation=organisation, after=data
    )
    notify_staff(
        recipients=registry_keepers(organisation),
        subject=_("Перечень точек взаимодействия: новое предложение № %(n)s") % {"n": change.pk},
        body=_("%(author)s предлагает: %(what)s. Проверьте его в разделе «Перечень точек взаимодействия».")
        % {"author": actor, "what": change},
        about=change,
    )
    return change


@transaction.atomic
def registry_change_resubmit(
    *,
    actor: User,
    change: ChangeRequest,
    data: dict[str, Any] | None = None,
    process: Process | None = None,
    new_process_name: str = "",
    justification: str = "",
) -> ChangeRequest:
    """The author corrects a returned proposal and sends it back to the authorised person."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.author_id != actor.pk:
        raise PermissionDeniedError(_("Доработать предложение может только его автор."))
    if not can("resubmit", change.status):
        raise ApplicationError(_("Доработать можно только возвращённое предложение."))
    cleaned = clean_touchpoint_data(data or {}) if change.kind != ChangeKind.EXCLUDE else {}
    _validate_proposal(
        organisation=change.organisation,
        kind=change.kind,
        data=cleaned,
        touchpoint=change.touchpoint,
        process=process,
        new_process_name=new_process_name,
        justification=justification,
    )
    before = change.data
    change.data, change.justification, change.status = cleaned, justification.strip(), ChangeStatus.SUBMITTED
    if change.kind == ChangeKind.INCLUDE or process is not None:
        change.process = process
    change.new_process_name = new_process_name.strip() if process is None else ""
    change.save()
    _event(change, actor, ChangeStatus.SUBMITTED, _("Доработано: %(j)s") % {"j": change.justification})
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRY_CHANGE_RESUBMITTED,
        obj=change,
        organisation=change.organisation,
        before=before,
        after=cleaned,
    )
    notify_staff(
        recipients=registry_keepers(change.organisation),
        subject=_("Перечень точек взаимодействия: предложение № %(n)s доработано") % {"n": change.pk},
        body=_("%(author)s доработал предложение: %(what)s.") % {"author": actor, "what": change},
        about=change,
    )
    return change


def _decide(actor: User, change: ChangeRequest, transition: str) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().select_related("organisation").get(pk=change.pk)
    require_role(actor, change.organisation, RoleCode.REGISTRY_KEEPER)
    if not can(transition, change.status):
        raise ApplicationError(
            _("Предложение уже рассмотрено (состояние: %(status)s).") % {"status": change.get_status_display()}
        )
    return change


@transaction.atomic
def registry_change_return(*, actor: User, change: ChangeRequest, comment: str) -> ChangeRequest:
    """The authorised person sends a proposal back with what to correct."""
    change = _decide(actor, change, "return")
    if not comment.strip():
        raise ApplicationError(_("Напишите, что нужно исправить."), field="comment")
    change.status, change.return_comment = ChangeStatus.RETURNED, comment.strip()
    change.decided_by, change.decided_at = actor, timezone.now()
    change.save()
    _event(change, actor, ChangeStatus.RETURNED, change.return_comment)
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRY_CHANGE_RETURNED,
        obj=change,
        organisation=change.organisation,
        after={"comment": change.return_comment},
    )
    notify_staff(
        recipients=[change.author],
        subject=_("Предложение № %(n)s возвращено на доработку") % {"n": change.pk},
        body=_("Замечания уполномоченного лица: %(c)s") % {"c": change.return_comment},
        about=change,
    )
    return change


@transaction.atomic
def registry_change_withdraw(*, actor: User, change: ChangeRequest) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.author_id != actor.pk:
        raise PermissionDeniedError(_("Отозвать предложение может только его автор."))
    if not can("withdraw", change.status):
        raise ApplicationError(_("Рассмотренное предложение отозвать нельзя."))
    change.status = ChangeStatus.WITHDRAWN
    change.save(update_fields=["status", "updated_at"])
    _event(change, actor, ChangeStatus.WITHDRAWN)
    audit_record(
        actor=actor, action=AuditAction.REGISTRY_CHANGE_WITHDRAWN, obj=change, organisation=change.organisation
    )
    return change


def _reasons(change: ChangeRequest) -> list[str]:
    if change.kind == ChangeKind.INCLUDE:
        return [VersionReason.NEW_TOUCHPOINT.value]
    if change.kind == ChangeKind.EXCLUDE:
        return [VersionReason.EXCLUDED.value]
    base = change.base or {}
    reasons: list[str] = []
    if base.get("kind") != change.data.get("kind"):
        reasons.append(VersionReason.KIND_CHANGED.value)
    if base.get("needs") != change.data.get("needs"):
        reasons.append(VersionReason.NEEDS_CHANGED.value)
    return reasons or [VersionReason.DETAILS_CHANGED.value]


def _apply(change: ChangeRequest, target: Process | None) -> Touchpoint:
    organisation = change.organisation
    if target is None:
        position = (Process.objects.filter(organisation=organisation).aggregate(m=Max("position"))["m"] or 0) + 1
        target = Process.objects.create(organisation=organisation, name=change.new_process_name, position=position)
    if change.kind == ChangeKind.INCLUDE:
        position = (Touchpoint.objects.filter(process=target).aggregate(m=Max("position"))["m"] or 0) + 1
        return Touchpoint.objects.create(organisation=organisation, process=target, position=position, **change.data)
    touchpoint = change.touchpoint
    assert touchpoint is not None
    if change.kind == ChangeKind.EXCLUDE:
        touchpoint.is_active = False
    else:
        for name in TOUCHPOINT_FIELDS:
            setattr(touchpoint, name, change.data[name])
        if target != touchpoint.process:
            touchpoint.process = target
            touchpoint.position = (Touchpoint.objects.filter(process=target).aggregate(m=Max("position"))["m"] or 0) + 1
    touchpoint.save()
    return touchpoint


def _version_create(
    *,
    organisation: Organisation,
    actor: User | None,
    reasons: list[str],
    summary: str,
    change: ChangeRequest | None,
    published: bool = False,
) -> RegistryVersion:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).get()  # one version number at a time
    number = (RegistryVersion.objects.filter(organisation=organisation).aggregate(m=Max("number"))["m"] or 0) + 1
    now = timezone.now()
    due = calendar_for(organisation).add_working_days(
        today_for(organisation, now=now), organisation.registry_publication_working_days
    )
    version = RegistryVersion.objects.create(
        organisation=organisation,
        number=number,
        reasons=reasons,
        summary=summary,
        change=change,
        snapshot=build_snapshot(organisation),
        approved_by=actor,
        approved_at=now,
        publish_due=due,
        published_at=now if published else None,
        published_by=actor if published else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRY_VERSION_CREATED,
        obj=version,
        organisation=organisation,
        after={"number": number, "reasons": reasons, "publish_due": due.isoformat(), "published": published},
    )
    return version


@transaction.atomic
def registry_change_approve(*, actor: User, change: ChangeRequest) -> RegistryVersion:
    """The authorised person includes the change: the registry changes and a new numbered version is written."""
    change = _decide(actor, change, "approve")
    touchpoint = change.touchpoint
    if touchpoint is not None:
        touchpoint = Touchpoint.objects.select_for_update().get(pk=touchpoint.pk)
        if not touchpoint.is_active or touchpoint_data(touchpoint) != change.base:
            raise ApplicationError(
                _("Точка взаимодействия изменилась после подготовки предложения. Верните его автору на доработку.")
            )
    target = _validate_proposal(
        organisation=change.organisation,
        kind=change.kind,
        data=change.data,
        touchpoint=touchpoint,
        process=change.process,
        new_process_name=change.new_process_name,
        justification=change.justification,
    )
    applied = _apply(change, target)
    change.status, change.decided_by, change.decided_at = ChangeStatus.APPROVED, actor, timezone.now()
    if change.touchpoint_id is None:
        change.touchpoint = applied
    change.save()
    _event(change, actor, ChangeStatus.APPROVED)
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRY_CHANGE_APPROVED,
        obj=change,
        organisation=change.organisation,
        before=change.base,
        after=touchpoint_data(applied),
    )
    reasons = _reasons(change)
    summary = f"{change.get_kind_display()}: {applied.name}"
    if change.justification:
        summary += f". {change.justification}"
    version = _version_create(
        organisation=change.organisation, actor=actor, reasons=reasons, summary=summary, change=change
    )
    notify_staff(
        recipients=[change.author],
        subject=_("Предложение № %(n)s включено в перечень") % {"n": change.pk},
        body=_("Изменение вошло в версию %(v)s перечня. Её нужно опубликовать не позднее %(due)s.")
        % {"v": version.number, "due": version.publish_due.strftime("%d.%m.%Y")},
        about=change,
    )
    return version


@transaction.atomic
def registry_version_publish(*, actor: User, version: RegistryVersion) -> RegistryVersion:
    """Publish a version on the public site; earlier unpublished versions are superseded by it."""
    version = RegistryVersion.objects.select_for_update().select_related("organisation").get(pk=version.pk)
    organisation = version.organisation
    require_role(actor, organisation, RoleCode.REGISTRY_KEEPER)
    if version.published_at is not None:
        raise ApplicationError(_("Версия %(n)s уже опубликована.") % {"n": version.number})
    newer = RegistryVersion.objects.filter(organisation=organisation, number__gt=version.number).order_by("number")
    if newer.exists():
        raise ApplicationError(
            _("Есть более новая версия %(n)s — опубликуйте её.") % {"n": newer.last().number}  # type: ignore[union-attr]
        )
    version.published_at, version.published_by = timezone.now(), actor
    version.save(update_fields=["published_at", "published_by"])
    RegistryVersion.objects.filter(
        organisation=organisation, number__lt=version.number, published_at__isnull=True
    ).update(superseded=True)
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRY_VERSION_PUBLISHED,
        obj=version,
        organisation=organisation,
        after={"number": version.number, "published_at": version.published_at.isoformat()},
    )
    return version


@transaction.atomic
def registry_import_approved(
    *, organisation: Organisation, title: str, approval: str, processes: list[dict[str, Any]], actor: User | None
) -> RegistryVersion | None:
    """Load a registry approved by an act (a preset) as version 1, published; a rerun changes nothing."""
    Registry.objects.update_or_create(organisation=organisation, defaults={"title": title, "approval": approval})
    if RegistryVersion.objects.filter(organisation=organisation).exists():
        return None  # the registry has its own history now; presets never overwrite it
    for process_position, process_item in enumerate(processes, start=1):
        process = Process.objects.create(
            organisation=organisation, name=process_item["name"], position=process_position
        )
        for position, raw in enumerate(process_item["touchpoints"], start=1):
            data = clean_touchpoint_data(raw)
            try:
                # The act approved this registry: gaps it left (no address, no need named) are kept and shown by
                # the principle checks; malformed values and duplicates are still refused.
                _refuse_problems(data, allow_missing=True)
                _refuse_duplicate(data, process, exclude=None)
            except ApplicationError as exc:
                raise ApplicationError(f"{process.name} / {data['name']}: {exc.message}") from exc
            Touchpoint.objects.create(
                organisation=organisation, process=process, position=position, source=raw.get("source", ""), **data
            )
    return _version_create(
        organisation=organisation,
        actor=actor,
        reasons=[VersionReason.INITIAL],
        summary=approval,
        change=None,
        published=True,
    )


@transaction.atomic
def registry_publication_reminders_send(*, organisation: Organisation, today: Any) -> dict[str, int]:
    """Tell the authorised people about versions whose publication term is near (2 working days) or past."""
    calendar = calendar_for(organisation)
    pending = RegistryVersion.objects.select_for_update().filter(
        organisation=organisation, published_at__isnull=True, superseded=False
    )
    sent = {"reminders": 0, "overdue": 0}
    keepers = list(registry_keepers(organisation))
    for version in pending:
        left = calendar.working_days_between(today, version.publish_due)
        if left < 0 and version.overdue_notified_on is None:
            version.overdue_notified_on = today
            subject = _("Просрочена публикация версии %(n)s перечня") % {"n": version.number}
            body = _("Срок публикации версии %(n)s истёк %(due)s (10 рабочих дней со дня утверждения).")
            sent["overdue"] += 1
        elif 0 <= left <= 2 and version.reminded_on is None:
            version.reminded_on = today
            due = version.publish_due.strftime("%d.%m.%Y")
            subject = _("Опубликуйте версию %(n)s перечня до %(due)s") % {"n": version.number, "due": due}
            body = _("До окончания срока публикации версии %(n)s осталось рабочих дней: %(left)s.")
            sent["reminders"] += 1
        else:
            continue
        version.save(update_fields=["reminded_on", "overdue_notified_on"])
        audit_record(
            actor=None,
            action=AuditAction.REGISTRY_PUBLICATION_NOTICE,
            obj=version,
            organisation=organisation,
            after={"reminded_on": str(version.reminded_on), "overdue_notified_on": str(version.overdue_notified_on)},
        )
        notify_staff(
            recipients=keepers,
            subject=subject,
            body=body % {"n": version.number, "due": version.publish_due.strftime("%d.%m.%Y"), "left": left},
            about=version,
        )
    return sent


def can_review(user: User, organisation: Organisation) -> bool:
    return has_role(user, organisation, RoleCode.REGISTRY_KEEPER)
