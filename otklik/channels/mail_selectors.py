"""Mailbox intake, permission-checked reads: the triage queue and one letter, for those who triage."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.appeals.models import Appeal
from otklik.appeals.selectors import appeals_for_staff
from otklik.core.audit import audit_read, audit_read_many
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import has_role

from .mail_services import TRIAGE_ROLES
from .models import Letter, LetterStatus, Mailbox

QUEUE_PAGE_SIZE = 50


def _require_triage(user: User, organisation: Organisation) -> None:
    if not has_role(user, organisation, *TRIAGE_ROLES):
        raise PermissionDeniedError(_("Разбирать почту могут регистратор, руководитель и его заместитель."))


def letters_for_triage(
    *, user: User, organisation: Organisation, status: str = LetterStatus.AWAITING
) -> QuerySet[Letter]:
    """The body's letters in one triage state (all states when `status` is empty), newest first, one query a page."""
    _require_triage(user, organisation)
    letters = Letter.objects.filter(organisation=organisation)
    if status:
        letters = letters.filter(status=status)
    return (
        letters.select_related("mailbox__channel", "suggested_appeal", "appeal")
        .annotate(file_count=Count("attachments"))
        .defer("text", "references")
        .order_by("-received_at", "-pk")
    )


def letter_queue_page(
    *, user: User, organisation: Organisation, status: str = LetterStatus.AWAITING, page: str | int | None = 1
) -> Page[Letter]:
    """One page of the triage queue; the read of the senders' names and addresses is logged."""
    paginator = Paginator(letters_for_triage(user=user, organisation=organisation, status=status), QUEUE_PAGE_SIZE)
    found = paginator.get_page(page)
    audit_read_many(
        actor=user, model=Letter, ids=[letter.pk for letter in found], organisation=organisation, what="letter.list"
    )
    return found


def letter_for_staff(*, user: User, organisation: Organisation, pk: int) -> Letter:
    """One letter of the current body with its files, for a person who triages; the read is audited."""
    _require_triage(user, organisation)
    letter = (
        Letter.objects.select_related("organisation", "mailbox__channel", "suggested_appeal", "appeal", "triaged_by")
        .prefetch_related("attachments")
        .filter(organisation=organisation, pk=pk)
        .first()
    )
    if letter is None:
        raise PermissionDeniedError(_("Письмо не найдено или недоступно."))
    audit_read(actor=user, obj=letter, organisation=organisation, what="letter")
    return letter


def appeal_by_number(*, user: User, organisation: Organisation, number: str) -> Appeal | None:
    """The appeal of this number the person may see, to attach a letter to."""
    return appeals_for_staff(user=user, organisation=organisation).filter(number=number.strip()).first()


def triage_summary(*, user: User, organisation: Organisation) -> dict[str, object] | None:
    """For the dashboard: letters awaiting triage, the oldest one's arrival, and mailboxes whose last poll failed;
    None for a person who does not triage."""
    if not has_role(user, organisation, *TRIAGE_ROLES):
        return None
    awaiting = Letter.objects.filter(organisation=organisation, status=LetterStatus.AWAITING)
    counts = awaiting.aggregate(count=Count("pk"), oldest=Min("received_at"))
    failing = list(
        Mailbox.objects.filter(channel__organisation=organisation, is_active=True)
        .exclude(last_error="")
        .select_related("channel")
        .order_by("channel__name")
    )
    return {"awaiting": counts["count"], "oldest": counts["oldest"], "failing": failing}


def letters_on_appeal(*, user: User, appeal: Appeal) -> dict[str, object]:
    """The letters an appeal was registered from or joined by, for its card (which has checked the appeal's access);
    links to a letter's page only for those who triage."""
    letters = list(
        Letter.objects.filter(appeal=appeal).only("pk", "subject", "from_address", "received_at", "status", "appeal_id")
    )
    tz = appeal.organisation.tz
    rows = [
        {
            "letter": letter,
            "received": timezone.localtime(letter.received_at, tz).strftime("%d.%m.%Y %H:%M"),
            "status": letter.get_status_display(),
        }
        for letter in letters
    ]
    return {"rows": rows, "can_open": bool(rows) and has_role(user, appeal.organisation, *TRIAGE_ROLES)}
