"""What every stage of an appeal's life shares: the body's legal terms, the checked row lock, raising a refusal."""

from __future__ import annotations

from collections.abc import Iterable

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser

from .. import terms as legal
from ..models import Appeal
from ..selectors import NOT_FOUND, may_see


def terms_for(organisation: Organisation) -> legal.Terms:
    return legal.Terms(
        appeal_days=organisation.appeal_term_days,
        appeal_extension_max_days=organisation.appeal_extension_max_days,
        request_days=organisation.request_term_days,
        request_deferral_max_days=organisation.request_deferral_max_days,
        forward_days=organisation.forward_term_days,
        registration_days=organisation.registration_term_days,
        end_policy=organisation.term_end_policy,
    )


def appeal_for_update(appeal: Appeal, *, actor: AnyUser | None) -> Appeal:
    """The appeal, locked for the change, refused (as its card is) to an actor who may not see it.

    `actor=None` is the author acting through a signed link (the rating), not a member of staff.
    """
    locked = Appeal.objects.select_for_update().select_related("organisation", "author").get(pk=appeal.pk)
    if actor is not None and not may_see(actor, locked):
        raise PermissionDeniedError(str(NOT_FOUND))
    return locked


def refuse(refusal: ApplicationError | None) -> None:
    """Raise what a workflow check returned (see `appeals.workflow`): the service and the card ask the same check."""
    if refusal is not None:
        raise refusal


def section_codes(codes: Iterable[str]) -> str:
    """The classifier sections an appeal's questions belong to, as the queue filters them: "0001 0003"."""
    return " ".join(sorted({code for code in codes if code}))
