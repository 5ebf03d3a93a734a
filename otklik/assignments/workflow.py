"""The assignment's transition table (003 §11.5.2): which action is allowed from which state, and where it leads."""

from __future__ import annotations

from .choices import AssignmentStatus as S

# action -> {from state: to state}
TRANSITIONS: dict[str, dict[str, str]] = {
    "report": {S.ISSUED: S.REPORTED, S.REJECTED: S.REPORTED},
    "accept": {S.REPORTED: S.ACCEPTED},
    "reject": {S.REPORTED: S.REJECTED},
    "reject_with_new_assignment": {S.REPORTED: S.SUPERSEDED},
}


def can(action: str, status: str) -> bool:
    return status in TRANSITIONS.get(action, {})


def next_status(action: str, status: str) -> str:
    """The state after `action`; KeyError when the table does not allow it (services check `can` first)."""
    return TRANSITIONS[action][status]
