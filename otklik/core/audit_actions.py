"""Every action the audit log knows, as one registry of constants: a name not listed here cannot be written."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # appeals
    APPEAL_REGISTERED = "appeal.registered"
    APPEAL_EXTENDED = "appeal.extended"
    APPEAL_FORWARDED = "appeal.forwarded"
    APPEAL_NOTICE_ESSENCE = "appeal.notice.essence_undeterminable"
    APPEAL_NOTICE_UNREADABLE = "appeal.notice.unreadable"
    APPEAL_ON_CONTROL = "appeal.on_control"
    APPEAL_QUESTION_ADDED = "appeal.question_added"
    APPEAL_QUESTION_RESULT = "appeal.question_result"
    APPEAL_ANSWER_DRAFTED = "appeal.answer_drafted"
    APPEAL_ANSWER_APPROVED = "appeal.answer_approved"
    APPEAL_ANSWER_SIGNED = "appeal.answer_signed"
    APPEAL_ANSWER_SENT = "appeal.answer_sent"
    APPEAL_CLOSED = "appeal.closed"
    APPEAL_ANSWER_RATED = "appeal.answer_rated"
    APPEAL_ACCESS_GRANTED = "appeal.access_granted"
    APPEAL_ACCESS_REVOKED = "appeal.access_revoked"
    APPEAL_SETTINGS_UPDATED = "appeal_settings.updated"
    CLASSIFIER_IMPORTED = "classifier.imported"
    # assignments and execution control
    RESOLUTION_CREATED = "resolution.created"
    ASSIGNMENT_ISSUED = "assignment.issued"
    ASSIGNMENT_REPORTED = "assignment.reported"
    ASSIGNMENT_REPORT_ACCEPTED = "assignment.report_accepted"
    ASSIGNMENT_REPORT_REJECTED = "assignment.report_rejected"
    ASSIGNMENT_OVERDUE = "assignment.overdue"
    CONTROL_SETTINGS_UPDATED = "control_settings.updated"
    # the registry of touchpoints
    REGISTRY_CHANGE_PROPOSED = "registry.change_proposed"
    REGISTRY_CHANGE_RESUBMITTED = "registry.change_resubmitted"
    REGISTRY_CHANGE_RETURNED = "registry.change_returned"
    REGISTRY_CHANGE_WITHDRAWN = "registry.change_withdrawn"
    REGISTRY_CHANGE_APPROVED = "registry.change_approved"
    REGISTRY_VERSION_CREATED = "registry.version_created"
    REGISTRY_VERSION_PUBLISHED = "registry.version_published"
    REGISTRY_PUBLICATION_NOTICE = "registry.publication_notice"
    # outgoing messages
    OUTBOX_MESSAGE_FAILED = "outbox.message_failed"
    # feedback
    SURVEY_CREATED = "feedback.survey.created"
    SURVEY_CHANGED = "feedback.survey.changed"
    SURVEY_VERSION_CREATED = "feedback.survey.version_created"
    SURVEY_QUESTIONS_CHANGED = "feedback.survey.questions_changed"
    INVITATION_ISSUED = "feedback.invitation.issued"
    RESPONSE_RECEIVED = "feedback.response.received"
    # one row per batch of anonymous answers written by the sweep, with counts per day (never one per answer)
    RESPONSE_ANONYMOUS_BATCH = "feedback.response.anonymous_batch"
    FOLLOW_UP_OPENED = "feedback.follow_up.opened"
    FOLLOW_UP_OVERDUE_REMINDED = "feedback.follow_up.overdue_reminded"
    FOLLOW_UP_CLOSED = "feedback.follow_up.closed"
    FEEDBACK_SETTINGS_CHANGED = "feedback.settings.changed"
    RATINGS_IMPORTED = "feedback.ratings.imported"
    PUBLICATION_CREATED = "feedback.publication.created"
    PUBLICATION_PUBLISHED = "feedback.publication.published"
    # organisations, channels, calendars, knowledge, clients, API
    MEMBERSHIP_CREATED = "membership.created"
    MEMBERSHIP_CHANGED = "membership.changed"
    ORGANISATION_SETTINGS_CHANGED = "organisation.settings_changed"
    CHANNEL_SETTINGS_UPDATED = "channel_settings.updated"
    CALENDAR_CORRECTION_SET = "calendar.correction_set"
    CALENDAR_CORRECTION_DELETED = "calendar.correction_deleted"
    FAQ_CREATED = "faq.created"
    FAQ_UPDATED = "faq.updated"
    FAQ_DELETED = "faq.deleted"
    CLIENT_ACCOUNT_REGISTERED = "client_account.registered"
    CLIENT_ACCOUNT_CONFIRMED = "client_account.confirmed"
    CLIENT_ACCOUNT_SIGN_IN_FAILED = "client_account.sign_in_failed"  # a wrong password, or refused while locked
    CLIENT_ACCOUNT_LOCKED_OUT = "client_account.locked_out"  # the failure that reached the limit
    # staff sign-in (django.contrib.auth through django-axes)
    AUTH_SIGN_IN_FAILED = "auth.sign_in_failed"
    AUTH_LOCKED_OUT = "auth.locked_out"
    API_KEY_ISSUED = "api_key.issued"
    API_KEY_REVOKED = "api_key.revoked"
    API_TOKEN_ISSUED = "api_token.issued"  # noqa: S105 - an action name, not a secret
    # message templates (notifications)
    MESSAGE_TEMPLATE_SAVED = "message_template.saved"
    MESSAGE_TEMPLATE_RESET = "message_template.reset"

    WORKING_SCHEDULE_SET = "channels.working_schedule.set"
    WORKING_SCHEDULE_REMOVED = "channels.working_schedule.removed"
    # social-media and messenger inbox (channels)
    INBOX_ITEM_RECEIVED = "inbox_item.received"
    INBOX_ITEMS_IMPORTED = "inbox_item.imported"
    INBOX_ITEM_ANSWERED = "inbox_item.answered"
    INBOX_ITEM_CONVERTED = "inbox_item.converted"
    INBOX_ITEM_CLOSED = "inbox_item.closed"
    INBOX_ITEMS_WARNED = "inbox_item.warned"
    INBOX_ITEMS_BREACHED = "inbox_item.breached"
    SOCIAL_ACCOUNT_SAVED = "social_account.saved"
    ANSWER_TEMPLATE_SAVED = "answer_template.saved"
    # e-mail intake (channels)
    MAILBOX_SAVED = "mailbox.saved"
    LETTER_RECEIVED = "letter.received"
    LETTER_REGISTERED = "letter.registered"
    LETTER_ATTACHED = "letter.attached"
    LETTER_MARKED = "letter.marked"
    # service-level board (orgs)
    SERVICE_LEVEL_DIGEST_SENT = "service_level_digest.sent"
    # contact centre: phone lines, calls, scripts (channels)
    PHONE_LINE_SAVED = "phone_line.saved"
    PHONE_SCRIPT_SAVED = "phone_script.saved"
    CALL_RECORD_CREATED = "call_record.created"
    CALL_APPEAL_REGISTERED = "call_record.appeal_registered"
    CALLS_IMPORTED = "call_record.imported"
    CC_KPI_BREACH_NOTIFIED = "cc_kpi.breach_notified"
    APPEAL_ROUTED = "appeal.routed"
    ROUTING_RULE_SAVED = "routing_rule.saved"
    # text room: repeated appeals (R-AP-7)
    REPEAT_FOUND = "appeal.repeat_found"
    # text room: thematic classifier
    CLASSIFIER_RETRAINED = "classifier_model.retrained"
    CLASSIFICATION_OVERRIDDEN = "classification.overridden"
    # text room: answer style check (R-AP-11)
    TEXT_STYLE_SETTINGS_CHANGED = "text_style.settings_changed"
    TEXT_STYLE_OVERRIDDEN = "text_style.overridden"


class AuditFamily(StrEnum):
    """Actions named per model or per kind of data: the family is registered, the last part is the subject."""

    PERSONAL_DATA_READ = "pd.read"  # pd.read.<what was read>
    ADMIN_EDIT = "admin"  # admin.<model>.<created|changed|deleted>
    PRESET_LOAD = "preset"  # preset.<model>.<created|changed>

    def of(self, *parts: str | None) -> str:
        return ".".join((self.value, *(part or "" for part in parts)))


def is_registered(action: str) -> bool:
    """True for a listed action or a member of a listed family."""
    if action in AuditAction._value2member_map_:
        return True
    return any(action.startswith(f"{family.value}.") for family in AuditFamily)
