"""«You said — we did»: preparing a publication and publishing it with a letter to the respondents it cites."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.links import public_url
from otklik.notifications.services import notify_address
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import require_role

from ..models import FollowUpTask, Publication, Response, Survey
from ._common import MANAGER_ROLES


@transaction.atomic
def publication_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    said: str,
    did: str,
    surveys: Iterable[Survey] = (),
    follow_ups: Iterable[FollowUpTask] = (),
) -> Publication:
    require_role(actor, organisation, *MANAGER_ROLES)
    for name, value in (("title", title), ("said", said), ("did", did)):
        if not value.strip():
            raise ApplicationError(_("Заполните это поле."), field=name)
    surveys = list(surveys)
    follow_ups = list(follow_ups)
    if any(s.organisation_id != organisation.pk for s in surveys) or any(
        t.organisation_id != organisation.pk for t in follow_ups
    ):
        raise ApplicationError(_("Опрос или анкета относятся к другой организации."))
    publication = Publication.objects.create(
        organisation=organisation, title=title.strip(), said=said.strip(), did=did.strip(), created_by=actor
    )
    publication.surveys.set(surveys)
    publication.follow_ups.set(follow_ups)
    audit_record(
        actor=actor,
        action=AuditAction.PUBLICATION_CREATED,
        obj=publication,
        organisation=organisation,
        after={
            "title": publication.title,
            "surveys": [s.pk for s in surveys],
            "follow_ups": [t.pk for t in follow_ups],
        },
    )
    return publication


def _respondent_addresses(publication: Publication) -> list[str]:
    """Addresses of identified respondents whose questionnaires the publication cites (anonymous ones have none)."""
    responses = Response.objects.filter(is_anonymous=False).exclude(contact_email="")
    by_survey = responses.filter(version__survey__in=publication.surveys.all())
    by_task = responses.filter(follow_up__in=publication.follow_ups.all())
    emails = set(by_survey.values_list("contact_email", flat=True)) | set(
        by_task.values_list("contact_email", flat=True)
    )
    return sorted(emails)


@transaction.atomic
def publication_publish(*, actor: User, publication: Publication) -> Publication:
    """Put the publication on the portal and tell the respondents who left an address (003 §10.7)."""
    publication = Publication.objects.select_for_update().select_related("organisation").get(pk=publication.pk)
    organisation = publication.organisation
    require_role(actor, organisation, *MANAGER_ROLES)
    if publication.published_on is not None:
        raise ApplicationError(_("Публикация уже размещена."))
    publication.published_on = today_for(organisation)
    addresses = _respondent_addresses(publication)
    url = public_url(reverse("feedback_public:we_did", kwargs={"slug": organisation.slug}))
    for address in addresses:
        notify_address(
            email=address,
            subject=_("%(org)s: что изменилось по вашему отзыву") % {"org": organisation.short_name},
            body=_("Здравствуйте!\n\nВы участвовали в опросе. Вот что мы сделали:\n\n%(title)s\n\n%(did)s\n\n%(url)s")
            % {"title": publication.title, "did": publication.did, "url": url},
            about=publication,
        )
    publication.notified_count = len(addresses)
    publication.save(update_fields=["published_on", "notified_count", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PUBLICATION_PUBLISHED,
        obj=publication,
        organisation=organisation,
        after={"published_on": publication.published_on.isoformat(), "notified": len(addresses)},
    )
    return publication
