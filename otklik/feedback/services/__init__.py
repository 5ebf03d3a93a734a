"""The only writers of feedback, one module per lifecycle stage; every public name is re-exported here.

surveys — surveys and their versions; invitations — personal one-time links; responses — answering;
anonymous_buffer — anonymous submissions sealed and written in shuffled batches (reusable by other rooms);
follow_up — negative questionnaires worked through; feedback_settings — the organisation's rules;
ratings_import — EPGU/POS ratings from CSV; publications — «you said — we did».
"""

from ._common import MANAGER_ROLES
from .anonymous_buffer import (
    FlushReport,
    OpenedEntry,
    anonymous_buffer_append,
    anonymous_buffer_flush,
    anonymous_buffer_holds,
    register_anonymous_sink,
)
from .feedback_settings import (
    FOLLOW_UP_DAYS_RANGE,
    NEGATIVE_BELOW_RANGE,
    SETTINGS_FIELDS,
    feedback_settings_check,
    feedback_settings_update,
    settings_for,
)
from .follow_up import (
    can_close_follow_up,
    follow_up_anonymous_open,
    follow_up_close,
    follow_up_open,
    follow_up_overdue_remind,
)
from .invitations import (
    IssuedInvitation,
    invitation_by_token,
    invitation_issue,
    invitation_redeem,
    invitations_send_to_staff,
    personal_link_path,
    token_hash,
)
from .publications import publication_create, publication_publish
from .ratings_import import IMPORT_COLUMNS, ImportResult, ratings_import
from .responses import SURVEY_RESPONSE, response_submit
from .surveys import SURVEY_FIELDS, specs_of, survey_create, survey_install, survey_revise, survey_update

__all__ = [
    "FOLLOW_UP_DAYS_RANGE",
    "IMPORT_COLUMNS",
    "MANAGER_ROLES",
    "NEGATIVE_BELOW_RANGE",
    "SETTINGS_FIELDS",
    "SURVEY_FIELDS",
    "SURVEY_RESPONSE",
    "FlushReport",
    "ImportResult",
    "IssuedInvitation",
    "OpenedEntry",
    "anonymous_buffer_append",
    "anonymous_buffer_flush",
    "anonymous_buffer_holds",
    "can_close_follow_up",
    "feedback_settings_check",
    "feedback_settings_update",
    "follow_up_anonymous_open",
    "follow_up_close",
    "follow_up_open",
    "follow_up_overdue_remind",
    "invitation_by_token",
    "invitation_issue",
    "invitation_redeem",
    "invitations_send_to_staff",
    "personal_link_path",
    "publication_create",
    "publication_publish",
    "ratings_import",
    "register_anonymous_sink",
    "response_submit",
    "settings_for",
    "specs_of",
    "survey_create",
    "survey_install",
    "survey_revise",
    "survey_update",
    "token_hash",
]
