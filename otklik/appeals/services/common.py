"""What every stage of an appeal's life shares: the body's legal terms, the row lock, raising a workflow refusal."""

from __future__ import annotations

from collections.abc import Iterable

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation

from .. import terms as legal
from ..models import Appeal


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


def appeal_for_update(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().select_related("organisation", "author").get(pk=appeal.pk)


def refuse(refusal: ApplicationError | None) -> None:
    """Raise what a workflow check returned (see `appeals.workflow`): the service and the card ask the same check."""
    if refusal is not None:
        raise refusal


def section_codes(codes: Iterable[str]) -> str:
    """The classifier sections an appeal's questions belong to, as the queue filters them: "0001 0003"."""
    return " ".join(sorted({code for code in codes if code}))
