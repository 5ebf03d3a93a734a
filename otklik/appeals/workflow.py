"""The appeal's workflow as data: its states and transitions, who may act, and one `can_*` per action (R-AP-5…9).

Each action has a check, `*_refusal(user, appeal or answer)`, that returns the refusal a person would read (an
ApplicationError, or a PermissionDeniedError for a missing role) or None; `can_*` is the same check as a bool. The
card and the API ask `can_*`; the service raises what the check returns (Wagtail's check()/execute() split), so the
page never offers what the service refuses. The checks are pure: they read the objects given and the user's roles.
Whether the person may see the appeal at all is asked before them, in one place (`selectors.visibility`): the card
loads the appeal through it, and every service's row lock refuses an actor it would refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.permissions import AnyUser, has_role, require_role

from .choices import AnswerKind, AnswerStatus
from .choices import AppealStatus as S

if TYPE_CHECKING:
    from otklik.orgs.models import Organisation

    from .models import Answer, Appeal

# The states in which an appeal is under consideration: most actions on it start here.
OPEN_STATES = (S.REGISTERED, S.IN_WORK)
# Who registers appeals received by post, at reception, by phone or through social media.
REGISTRAR_ROLES = (RoleCode.REGISTRAR, RoleCode.RECEPTION_OFFICER, RoleCode.CC_OPERATOR, RoleCode.SOCIAL_OPERATOR)
# Who decides on an appeal: extends, puts on control, names the executor.
DECIDER_ROLES = (RoleCode.CONTROLLER, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.UNIT_HEAD)
SIGNER_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)
APPROVER_ROLES = (RoleCode.UNIT_HEAD, RoleCode.CONTROLLER, *SIGNER_ROLES)
FORWARDER_ROLES = (RoleCode.REGISTRAR, *DECIDER_ROLES)
NOTICE_ROLES = (RoleCode.REGISTRAR, RoleCode.EXECUTOR, *DECIDER_ROLES)
# Who codes the questions of an appeal by the classifier (besides its executor and controller).
QUESTION_ROLES = (*REGISTRAR_ROLES, *DECIDER_ROLES, RoleCode.EXECUTOR)
# Answers that end the consideration on the merits (an interim answer or a request for information does not).
CLOSING_KINDS = (AnswerKind.FINAL, AnswerKind.TYPED)


def _stay(*states: str) -> dict[str, str]:
    return {state: state for state in states}


# action on the appeal -> {from state: to state}
APPEAL_TRANSITIONS: dict[str, dict[str, str]] = {
    "extend": _stay(*OPEN_STATES),
    "forward": {S.REGISTERED: S.FORWARDED, S.IN_WORK: S.FORWARDED},
    "send_notice": _stay(*OPEN_STATES),
    "take_on_control": {S.REGISTERED: S.IN_WORK, S.IN_WORK: S.IN_WORK},
    "add_question": _stay(*OPEN_STATES),
    "set_results": _stay(*OPEN_STATES, S.ANSWERED),
    "draft_answer": _stay(*OPEN_STATES),
    # Sending an answer on the merits makes the appeal «answered»; any other answer leaves its state.
    "send_closing_answer": {S.REGISTERED: S.ANSWERED, S.IN_WORK: S.ANSWERED, S.ANSWERED: S.ANSWERED},
    "send_other_answer": _stay(*OPEN_STATES, S.ANSWERED),
    "close": {S.ANSWERED: S.CLOSED},
}
# action on an answer -> {from state: to state}
ANSWER_TRANSITIONS: dict[str, dict[str, str]] = {
    "approve": {AnswerStatus.DRAFT: AnswerStatus.APPROVED},
    "sign": {AnswerStatus.APPROVED: AnswerStatus.SIGNED},
    "send": {AnswerStatus.SIGNED: AnswerStatus.SENT},
}


def allows(action: str, status: str) -> bool:
    """True when the appeal's transition table allows `action` from `status`."""
    return status in APPEAL_TRANSITIONS.get(action, {})


def next_status(action: str, status: str) -> str:
    """The appeal's state after `action`; KeyError when the table does not allow it (services check first)."""
    return APPEAL_TRANSITIONS[action][status]


def answer_next_status(action: str, status: str) -> str:
    return ANSWER_TRANSITIONS[action][status]


def sending_action(answer_kind: str) -> str:
    return "send_closing_answer" if answer_kind in CLOSING_KINDS else "send_other_answer"


# --- the pieces every check is made of ---------------------------------------------------------------------------


def _role_refusal(user: AnyUser, organisation: Organisation, *roles: str) -> PermissionDeniedError | None:
    try:
        require_role(user, organisation, *roles)
    except PermissionDeniedError as refusal:
        return refusal
    return None


def is_assigned(user: AnyUser, appeal: Appeal) -> bool:
    """The appeal's executor or the official who put it on control."""
    return user.is_authenticated and user.pk in (appeal.executor_id, appeal.controller_id)


def _assigned_or_decider_refusal(user: AnyUser, appeal: Appeal) -> PermissionDeniedError | None:
    if is_assigned(user, appeal):
        return None
    return _role_refusal(user, appeal.organisation, *DECIDER_ROLES)


def _state_refusal(action: str, appeal: Appeal, message: str, field: str | None = None) -> ApplicationError | None:
    return None if allows(action, appeal.status) else ApplicationError(message, field=field)


# --- one check per action -----------------------------------------------------------------------------------------


def can_register(user: AnyUser, organisation: Organisation) -> bool:
    """Registers appeals received through any channel (the public channels need no role)."""
    return has_role(user, organisation, *REGISTRAR_ROLES)


def extend_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if denied := _role_refusal(user, appeal.organisation, *DECIDER_ROLES):
        return denied
    if refusal := _state_refusal("extend", appeal, _("Срок можно продлить только у обращения на рассмотрении.")):
        return refusal
    if appeal.extended_due_date is not None:
        return ApplicationError(
            _("Срок рассмотрения уже продлевался; продлить его можно только один раз."), field="days"
        )
    return None


def forward_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if refusal := _role_refusal(user, appeal.organisation, *FORWARDER_ROLES):
        return refusal
    return _state_refusal("forward", appeal, _("Переадресовать можно только обращение на рассмотрении."))


def send_notice_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if refusal := _role_refusal(user, appeal.organisation, *NOTICE_ROLES):
        return refusal
    return _state_refusal("send_notice", appeal, _("Уведомление направляется только по обращению на рассмотрении."))


def take_on_control_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if refusal := _role_refusal(user, appeal.organisation, *DECIDER_ROLES):
        return refusal
    return _state_refusal("take_on_control", appeal, _("Поставить на контроль можно только обращение на рассмотрении."))


def add_question_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if not (is_assigned(user, appeal) or has_role(user, appeal.organisation, *QUESTION_ROLES)):
        return _role_refusal(user, appeal.organisation, *REGISTRAR_ROLES)
    return _state_refusal("add_question", appeal, _("Вопросы добавляются только к обращению на рассмотрении."))


def set_results_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if refusal := _assigned_or_decider_refusal(user, appeal):
        return refusal
    if allows("set_results", appeal.status):
        return None
    if appeal.status == S.CLOSED:
        return ApplicationError(_("Рассмотрение обращения завершено; результаты не меняются."))
    return ApplicationError(_("Обращение переадресовано: результаты по его вопросам не указываются."))


def draft_answer_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    if refusal := _assigned_or_decider_refusal(user, appeal):
        return refusal
    return _state_refusal("draft_answer", appeal, _("Ответ готовится только по обращению на рассмотрении."))


def approve_answer_refusal(user: AnyUser, answer: Answer) -> ApplicationError | None:
    if refusal := _role_refusal(user, answer.appeal.organisation, *APPROVER_ROLES):
        return refusal
    if answer.status not in ANSWER_TRANSITIONS["approve"]:
        return ApplicationError(_("Согласовать можно только проект ответа."))
    return None


def sign_answer_refusal(user: AnyUser, answer: Answer) -> ApplicationError | None:
    if refusal := _role_refusal(user, answer.appeal.organisation, *SIGNER_ROLES):
        return refusal
    if answer.status not in ANSWER_TRANSITIONS["sign"]:
        return ApplicationError(_("Подписать можно только согласованный ответ."))
    return None


def send_answer_refusal(user: AnyUser, answer: Answer) -> ApplicationError | None:
    appeal = answer.appeal
    if refusal := _assigned_or_decider_refusal(user, appeal):
        return refusal
    if answer.status not in ANSWER_TRANSITIONS["send"]:
        return ApplicationError(_("Направить можно только подписанный ответ."))
    return _state_refusal(
        sending_action(answer.kind),
        appeal,
        _("Обращение переадресовано или его рассмотрение завершено: ответ больше не направляется."),
    )


def close_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    """Who may close, and not twice. Whether the consideration is complete (an answer on the merits sent, a result
    for every question, nothing left open in other rooms) the service finds out from the data, with its own messages.
    """
    if appeal.controller_id is None or not user.is_authenticated or appeal.controller_id != user.pk:
        return PermissionDeniedError(
            _("Завершить рассмотрение может только должностное лицо, поставившее обращение на контроль.")
        )
    if appeal.status == S.CLOSED:
        return ApplicationError(_("Рассмотрение уже завершено."))
    return None


def can_extend(user: AnyUser, appeal: Appeal) -> bool:
    return extend_refusal(user, appeal) is None


def can_forward(user: AnyUser, appeal: Appeal) -> bool:
    return forward_refusal(user, appeal) is None


def can_send_notice(user: AnyUser, appeal: Appeal) -> bool:
    return send_notice_refusal(user, appeal) is None


def can_take_on_control(user: AnyUser, appeal: Appeal) -> bool:
    return take_on_control_refusal(user, appeal) is None


def can_add_question(user: AnyUser, appeal: Appeal) -> bool:
    return add_question_refusal(user, appeal) is None


def can_set_results(user: AnyUser, appeal: Appeal) -> bool:
    return set_results_refusal(user, appeal) is None


def can_draft_answer(user: AnyUser, appeal: Appeal) -> bool:
    return draft_answer_refusal(user, appeal) is None


def can_approve_answer(user: AnyUser, answer: Answer) -> bool:
    return approve_answer_refusal(user, answer) is None


def can_sign_answer(user: AnyUser, answer: Answer) -> bool:
    return sign_answer_refusal(user, answer) is None


def can_send_answer(user: AnyUser, answer: Answer) -> bool:
    return send_answer_refusal(user, answer) is None


def can_close(user: AnyUser, appeal: Appeal) -> bool:
    """Offered once the appeal is answered; the service still refuses while a question has no result."""
    return close_refusal(user, appeal) is None and allows("close", appeal.status)


def allowed_actions(user: AnyUser, appeal: Appeal) -> dict[str, bool]:
    """What the card offers on the appeal itself: the same checks the services make."""
    return {
        "extend": can_extend(user, appeal),
        "forward": can_forward(user, appeal),
        "send_notice": can_send_notice(user, appeal),
        "take_on_control": can_take_on_control(user, appeal),
        "add_question": can_add_question(user, appeal),
        "set_results": can_set_results(user, appeal),
        "draft_answer": can_draft_answer(user, appeal),
        "close": can_close(user, appeal),
    }


def answer_actions(user: AnyUser, answer: Answer) -> dict[str, bool]:
    """What the card offers on one answer of the appeal."""
    return {
        "approve": can_approve_answer(user, answer),
        "sign": can_sign_answer(user, answer),
        "send": can_send_answer(user, answer),
    }
