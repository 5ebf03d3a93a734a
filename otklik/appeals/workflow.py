"""The appeal's workflow as data: its states, who may act, and one `can_*` per action (R-AP-5, R-AP-6, R-AP-9)."""

from __future__ import annotations

from otklik.orgs.choices import RoleCode

from .choices import AnswerKind, AppealStatus

# The states in which an appeal is under consideration: every action on it starts here.
OPEN_STATES = (AppealStatus.REGISTERED, AppealStatus.IN_WORK)
# Who registers appeals received by post, at reception, by phone or through social media.
REGISTRAR_ROLES = (RoleCode.REGISTRAR, RoleCode.RECEPTION_OFFICER, RoleCode.CC_OPERATOR, RoleCode.SOCIAL_OPERATOR)
# Who decides on an appeal: extends, puts on control, names the executor.
DECIDER_ROLES = (RoleCode.CONTROLLER, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.UNIT_HEAD)
SIGNER_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)
APPROVER_ROLES = (RoleCode.UNIT_HEAD, RoleCode.CONTROLLER, *SIGNER_ROLES)
FORWARDER_ROLES = (RoleCode.REGISTRAR, *DECIDER_ROLES)
NOTICE_ROLES = (RoleCode.REGISTRAR, RoleCode.EXECUTOR, *DECIDER_ROLES)
# Answers that end the consideration on the merits (an interim answer or a request for information does not).
CLOSING_KINDS = (AnswerKind.FINAL, AnswerKind.TYPED)
