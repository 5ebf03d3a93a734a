"""Which change-request transitions are allowed from which state (pure table, R-TP-6)."""

from .choices import ChangeStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    "return": frozenset({ChangeStatus.SUBMITTED}),
    "approve": frozenset({ChangeStatus.SUBMITTED}),
    "resubmit": frozenset({ChangeStatus.RETURNED}),
    "withdraw": frozenset({ChangeStatus.SUBMITTED, ChangeStatus.RETURNED}),
}
# The states in which a change request still awaits a decision (one per touchpoint at a time).
PENDING_CHANGE_STATES = frozenset({ChangeStatus.SUBMITTED, ChangeStatus.RETURNED})


def can(transition: str, status: str) -> bool:
    return status in TRANSITIONS[transition]
