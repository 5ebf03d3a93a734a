"""The text room's repeat reads for the appeal card: the author's earlier appeals the viewer may see (R-AP-7)."""

from __future__ import annotations

from dataclasses import dataclass, field

from otklik.appeals.choices import AnswerKind, AnswerStatus, TypedGround
from otklik.appeals.models import Answer, Appeal
from otklik.appeals.selectors import appeals_for_staff
from otklik.core.audit import audit_read
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.models import User
from otklik.orgs.permissions import AnyUser

from .models import RepeatFinding, RepeatKind


@dataclass(frozen=True)
class EarlierAppeal:
    appeal: Appeal
    answers: list[Answer]
    flagged: bool  # one of the appeals the finding refers to


@dataclass(frozen=True)
class RepeatHistory:
    """What the card shows: the finding (if any), the earlier appeals the viewer may see, and the suggestion."""

    finding: RepeatFinding | None
    earlier: list[EarlierAppeal] = field(default_factory=list)
    typed_ground: str = ""  # the typed answer's ground to suggest, its label; blank when none is suggested


def repeat_history(*, user: AnyUser, appeal: Appeal) -> RepeatHistory:
    """The author's earlier appeals to this body that `user` may see, with questions and answers; the read of the
    author's history is audited as a read of personal data, naming the appeals shown."""
    finding = RepeatFinding.objects.filter(appeal=appeal).first()
    flagged = set(finding.earlier.values_list("pk", flat=True)) if finding else set()
    try:
        mine = appeals_for_staff(user=user, organisation=appeal.organisation)
    except PermissionDeniedError:  # not a member of the body: nothing of its history
        mine = Appeal.objects.none()
    visible = list(
        mine.filter(author_id=appeal.author_id, registered_on__lte=appeal.registered_on, pk__lt=appeal.pk)
        .prefetch_related("questions__classifier")
        .order_by("-registered_on", "-pk")
    )
    answers: dict[int, list[Answer]] = {item.pk: [] for item in visible}
    for answer in Answer.objects.filter(
        appeal__in=visible, kind__in=(AnswerKind.FINAL, AnswerKind.TYPED), status=AnswerStatus.SENT
    ).order_by("sent_at"):
        answers[answer.appeal_id].append(answer)
    if visible:
        audit_read(
            actor=user if isinstance(user, User) else None,
            obj=appeal.author,
            organisation=appeal.organisation,
            what="author_history",
            ids=[item.pk for item in visible],
        )
    suggested = finding is not None and finding.kind == RepeatKind.REITERATED
    return RepeatHistory(
        finding=finding,
        earlier=[EarlierAppeal(item, answers[item.pk], item.pk in flagged) for item in visible],
        typed_ground=str(TypedGround.REPEATED.label) if suggested else "",
    )
