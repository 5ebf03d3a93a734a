"""The client's history with one organisation: every appeal from the confirmed e-mail, and what is needed of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from otklik.appeals.choices import AnswerKind, AnswerStatus, NoticeKind
from otklik.appeals.models import Appeal
from otklik.appeals.selectors import rating_of, sent_final_answer
from otklik.appeals.workflow import OPEN_STATES
from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_read
from otklik.orgs.models import Organisation

from .models import ClientAccount


@dataclass(frozen=True)
class HistoryItem:
    appeal: Appeal
    stage: str
    due: object
    days_left: int | None
    required: str
    answer_outgoing: str
    rated: bool


def _required(appeal: Appeal, answered: bool, rated: bool) -> str:
    """What, if anything, the author has to do now (001 §3.2 в)."""
    if appeal.status in OPEN_STATES:
        info = appeal.answers.filter(status=AnswerStatus.SENT, kind=AnswerKind.INFORMATION_REQUEST).last()
        if info is not None:
            return _("Орган запросил дополнительную информацию (исх. № %(n)s): пришлите её ответным письмом.") % {
                "n": info.outgoing_number
            }
        kinds = set(appeal.notices.values_list("kind", flat=True))
        if NoticeKind.ESSENCE_UNDETERMINABLE in kinds or NoticeKind.UNREADABLE in kinds:
            return _("Суть обращения не удалось определить или прочитать: вы можете написать его заново.")
        return _("Ничего: обращение рассматривается.")
    if answered and not rated:
        return _("Ничего обязательного. Вы можете оценить ответ.")
    return _("Ничего.")


def client_history(*, account: ClientAccount, organisation: Organisation) -> list[HistoryItem]:
    """Appeals whose author e-mail is the account's confirmed e-mail; the read of personal data is logged."""
    if account.confirmed_at is None:
        return []
    appeals = (
        Appeal.objects.filter(organisation=organisation, author__email__iexact=account.email)
        .select_related("organisation")
        .order_by("-registered_on", "-id")
    )
    today = today_for(organisation)
    items = []
    for appeal in appeals:
        answer = sent_final_answer(appeal)
        rated = rating_of(appeal) is not None
        due = appeal.governing_due_date
        items.append(
            HistoryItem(
                appeal=appeal,
                stage=appeal.get_status_display(),
                due=due,
                days_left=(due - today).days if appeal.status in OPEN_STATES else None,
                required=_required(appeal, answer is not None, rated),
                answer_outgoing=answer.outgoing_number if answer else "",
                rated=rated,
            )
        )
    # The reader is the citizen's own account (not a staff user): the row names it, and the appeals shown.
    audit_read(
        actor=None,
        obj=account,
        organisation=organisation,
        what="client_history",
        reader=account,
        ids=[item.appeal.pk for item in items],
    )
    return items


def account_by_id(pk: object) -> ClientAccount | None:
    if not isinstance(pk, int):
        return None
    return ClientAccount.objects.filter(pk=pk, confirmed_at__isnull=False).first()
