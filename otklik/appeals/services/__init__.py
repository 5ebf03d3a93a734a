"""The only writers of appeals, split by stage of an appeal's life; callers import from here."""

from otklik.core.uploads import ALLOWED_EXTENSIONS, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES

from ..intake import MAX_TEXT
from ..workflow import (
    APPROVER_ROLES,
    CLOSING_KINDS,
    DECIDER_ROLES,
    OPEN_STATES,
    REGISTRAR_ROLES,
    SIGNER_ROLES,
)
from .access import appeal_access_grant, appeal_access_revoke
from .answers import (
    DEFAULT_TYPED_TEXTS,
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    executor_mark,
    typed_answer_text,
)
from .closing import MAX_RATING_COMMENT, answer_rate, appeal_close
from .common import section_codes, terms_for
from .intake import (
    NUMBER_FORMATS,
    Registration,
    access_code_hash,
    appeal_register,
    author_find_or_create,
    number_formats,
)
from .numbering_settings import appeal_settings_check, appeal_settings_update
from .review import (
    appeal_extend,
    appeal_forward,
    appeal_notice_send,
    appeal_take_on_control,
    question_add,
    question_result_set,
)
from .routing import appeal_route, internal_due_date_for

__all__ = [
    "ALLOWED_EXTENSIONS",
    "APPROVER_ROLES",
    "CLOSING_KINDS",
    "DECIDER_ROLES",
    "DEFAULT_TYPED_TEXTS",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_RATING_COMMENT",
    "MAX_TEXT",
    "MAX_TOTAL_BYTES",
    "NUMBER_FORMATS",
    "OPEN_STATES",
    "REGISTRAR_ROLES",
    "SIGNER_ROLES",
    "Registration",
    "access_code_hash",
    "answer_approve",
    "answer_draft",
    "answer_rate",
    "answer_send",
    "answer_sign",
    "appeal_access_grant",
    "appeal_access_revoke",
    "appeal_close",
    "appeal_extend",
    "appeal_forward",
    "appeal_notice_send",
    "appeal_register",
    "appeal_route",
    "appeal_settings_check",
    "appeal_settings_update",
    "appeal_take_on_control",
    "author_find_or_create",
    "executor_mark",
    "internal_due_date_for",
    "number_formats",
    "question_add",
    "question_result_set",
    "section_codes",
    "terms_for",
    "typed_answer_text",
]
