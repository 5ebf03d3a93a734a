"""Access to an appeal given by name: a colleague with no part in it is let in, with a reason, and let out again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.models import User

from .. import events
from ..models import Appeal, AppealAccessGrant
from ..selectors import access_grant_refusal, may_see
from .common import appeal_for_update, refuse

MAX_REASON = 1000


@transaction.atomic
def appeal_access_grant(*, actor: User, appeal: Appeal, user: User, reason: str) -> AppealAccessGrant:
    """Open the appeal to `user`, a member of its body, for `reason`; audited and shown on the timeline.

    Given only by someone who sees the appeal by role or by a part in it, never on an appeal «for official use».
    """
    appeal = appeal_for_update(appeal, actor=actor)
    refuse(access_grant_refusal(actor, appeal))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Укажите основание: зачем сотруднику нужно это обращение."), field="reason")
    if len(reason) > MAX_REASON:
        raise ApplicationError(_("Основание — не длиннее 1000 знаков."), field="reason")
    organisation = appeal.organisation
    if not user.is_active or not user.memberships.filter(organisation=organisation, is_active=True).exists():
        raise ApplicationError(
            _("%(user)s не работает в «%(org)s»: доступ открывается только сотруднику органа.")
            % {"user": user, "org": organisation},
            field="user",
        )
    if may_see(user, appeal):
        raise ApplicationError(_("%(user)s уже видит это обращение.") % {"user": user}, field="user")
    grant = AppealAccessGrant.objects.create(appeal=appeal, user=user, granted_by=actor, reason=reason)
    events.access_granted(grant=grant, actor=actor)
    return grant


@transaction.atomic
def appeal_access_revoke(*, actor: User, grant: AppealAccessGrant) -> AppealAccessGrant:
    """Close a grant: the colleague no longer sees the appeal; the grant stays as the record of the access."""
    appeal = appeal_for_update(grant.appeal, actor=actor)
    refuse(access_grant_refusal(actor, appeal))
    grant = AppealAccessGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise ApplicationError(_("Доступ уже закрыт."))
    grant.appeal = appeal
    grant.revoked_at, grant.revoked_by = timezone.now(), actor
    grant.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    events.access_revoked(grant=grant, actor=actor)
    return grant
