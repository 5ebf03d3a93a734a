"""Test helpers: an appeal registered from the portal and answered on the merits by the staff, through the services."""

from __future__ import annotations

from otklik.appeals.choices import AnswerOutcome, IntakeChannel
from otklik.appeals.services import (
    Registration,
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_register,
    appeal_take_on_control,
)
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


def registered(
    organisation, email: str = "petrova@example.org", text: str = "Прошу разъяснить порядок."
) -> Registration:
    return appeal_register(
        actor=None,
        organisation=organisation,
        intake=appeal_intake(
            kind="appeal",
            channel=IntakeChannel.PORTAL,
            text=text,
            author={"last_name": "Петрова", "first_name": "Анна", "email": email},
        ),
    )


def answer_on_the_merits(appeal, text: str = "Разъясняем порядок продления лицензии."):
    organisation = appeal.organisation
    executor = member(organisation, RoleCode.EXECUTOR)
    executor.phone, executor.email = "+7 (8722) 67-00-00", "ivanova@minprom.example.ru"
    executor.save()
    appeal_take_on_control(actor=member(organisation, RoleCode.CONTROLLER), appeal=appeal, executor=executor)
    answer = answer_draft(actor=executor, appeal=appeal, text=text, outcome=AnswerOutcome.SOLVED)
    answer = answer_approve(actor=member(organisation, RoleCode.CONTROLLER), answer=answer)
    answer = answer_sign(actor=member(organisation, RoleCode.HEAD), answer=answer)
    return answer_send(actor=executor, answer=answer)
