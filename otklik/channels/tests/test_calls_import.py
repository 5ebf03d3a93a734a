"""Import of the call log: a CSV export and a real-shaped Asterisk queue_log, bad rows named by line, all or
nothing, reruns add none, and the command's output and exit status."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from otklik.channels.calls_import import calls_file_import
from otklik.channels.models import CallRecord
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry

from .calls_factories import VLAT, call_body, cc_operator

pytestmark = pytest.mark.django_db

HEADER = (
    "call_id,started_at,line,operator,direction,wait_seconds,talk_seconds,wrap_seconds,hold_seconds,transfers,"
    "outcome,first_contact_resolved,satisfied,topic_code"
)
GOOD_CSV = "\n".join(
    [
        HEADER,
        "c-1,2026-03-02T10:00:00+10:00,services,ivanova,in,30,240,60,0,0,answered,1,yes,",
        "c-2,2026-03-02T10:05:00+10:00,services,Петрова Анна Сергеевна,in,400,300,30,20,3,answered,0,no,",
        "c-3,2026-03-02T10:07:00+10:00,services,,in,95,0,0,0,0,lost,,,",
        "c-4,2026-03-02T01:10:00Z,appeals,ivanova,out,0,120,0,0,0,answered,1,,",
    ]
)
# A queue_log as Asterisk writes it: queue events, a call answered and completed by the caller, one abandoned,
# one that timed out, one transferred, and one still talking when the file was cut (left for the next file).
QUEUE_LOG = """\
1772409600|NONE|NONE|NONE|QUEUESTART|
1772409601|NONE|services|PJSIP/ivanova|ADDMEMBER|
1772409700|1772409700.11|services||ENTERQUEUE||+74212000001|1
1772409712|1772409700.11|services|PJSIP/ivanova|RINGNOANSWER|5000
1772409745|1772409700.11|services|PJSIP/ivanova|CONNECT|45|1772409745.12|3
1772410045|1772409700.11|services|PJSIP/ivanova|COMPLETECALLER|45|300|1
1772409800|1772409800.21|services||ENTERQUEUE||+74212000002|1
1772409920|1772409800.21|services||ABANDON|1|1|120
1772409900|1772409900.31|appeals||ENTERQUEUE||+74212000003|1
1772410200|1772409900.31|appeals||EXITWITHTIMEOUT|1|1|300
1772410000|1772410000.41|services||ENTERQUEUE||+74212000004|1
1772410010|1772410000.41|services|PJSIP/ivanova|CONNECT|10|1772410010.42|2
1772410100|1772410000.41|services|PJSIP/ivanova|TRANSFER|501|from-internal|10|90
1772410300|1772410300.51|services||ENTERQUEUE||+74212000005|1
1772410305|1772410300.51|services|PJSIP/ivanova|CONNECT|5|1772410305.52|1
"""


@pytest.fixture
def body():
    organisation = call_body()
    cc_operator(organisation, "ivanova", last_name="Иванова", first_name="Мария", middle_name="Петровна")
    cc_operator(organisation, "petrova", last_name="Петрова", first_name="Анна", middle_name="Сергеевна")
    return organisation


def _import(body, content: str | bytes, file_format: str = "csv"):
    data = content.encode() if isinstance(content, str) else content
    return calls_file_import(
        actor=None, organisation=body, stream=io.BytesIO(data), file_name="calls.csv", file_format=file_format
    )


def test_a_csv_export_loads_every_call_and_a_rerun_adds_nothing(body):
    result = _import(body, GOOD_CSV)
    assert (result.created, result.already_loaded) == (4, 0)
    again = _import(body, "\ufeff" + GOOD_CSV)  # the same file saved with a byte-order mark
    assert (again.created, again.already_loaded) == (0, 4)
    calls = {c.call_id: c for c in CallRecord.objects.select_related("line", "operator")}
    assert calls["c-1"].operator.username == "ivanova" and calls["c-1"].started_at == dt.datetime(
        2026, 3, 2, 10, 0, tzinfo=VLAT
    )
    assert calls["c-1"].satisfaction_asked and calls["c-1"].satisfied and calls["c-1"].first_contact_resolved
    assert calls["c-2"].operator.username == "petrova" and calls["c-2"].transfers == 3
    assert calls["c-2"].operator_name == "Петрова Анна Сергеевна" and calls["c-2"].satisfied is False
    assert (
        calls["c-3"].operator is None and calls["c-3"].outcome == "lost" and calls["c-3"].first_contact_resolved is None
    )
    assert not calls["c-3"].satisfaction_asked
    assert calls["c-4"].line.code == "appeals" and calls["c-4"].direction == "out"
    assert calls["c-4"].started_at == dt.datetime(2026, 3, 2, 11, 10, tzinfo=VLAT)
    assert {c.source for c in calls.values()} == {"csv"}
    audit = AuditEntry.objects.filter(action="call_record.imported").order_by("id")
    assert [entry.after["created"] for entry in audit] == [4, 0]


def test_a_queue_log_gives_the_calls_a_hand_reading_gives(body):
    result = _import(body, QUEUE_LOG, "asterisk-queue-log")
    assert result.created == 4  # the call still talking at the end of the file waits for the next file
    calls = {c.call_id: c for c in CallRecord.objects.select_related("line", "operator")}
    answered = calls["1772409700.11"]
    assert (answered.outcome, answered.wait_seconds, answered.talk_seconds) == ("answered", 45, 300)
    assert answered.operator.username == "ivanova" and answered.operator_name == "PJSIP/ivanova"
    assert answered.started_at == dt.datetime.fromtimestamp(1772409700, tz=dt.UTC)
    assert answered.line.code == "services" and answered.direction == "in" and answered.source == "asterisk"
    abandoned = calls["1772409800.21"]
    assert (abandoned.outcome, abandoned.wait_seconds, abandoned.operator) == ("lost", 120, None)
    timed_out = calls["1772409900.31"]
    assert (timed_out.outcome, timed_out.wait_seconds, timed_out.line.code) == ("lost", 300, "appeals")
    transferred = calls["1772410000.41"]
    assert (transferred.outcome, transferred.transfers, transferred.wait_seconds, transferred.talk_seconds) == (
        "answered",
        1,
        10,
        90,
    )
    assert "1772410300.51" not in calls
    assert _import(body, QUEUE_LOG, "asterisk-queue-log").created == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (GOOD_CSV.replace("call_id,", "id,", 1), "строка 1: ожидается заголовок call_id,started_at"),
        (GOOD_CSV.replace(",30,240,", ",-30,240,"), "строка 2: wait_seconds: отрицательное число секунд (-30)"),
        (
            GOOD_CSV.replace("services,ivanova,in,30", "hotline,ivanova,in,30"),
            "строка 2: нет действующей линии с кодом «hotline»",
        ),
        (
            GOOD_CSV.replace("services,ivanova,in,30", "services,sidorov,in,30"),
            "строка 2: оператор «sidorov» — не сотрудник органа",
        ),
        (
            GOOD_CSV.replace("2026-03-02T10:00:00+10:00", "2026-03-02T10:00:00"),
            "строка 2: started_at: «2026-03-02T10:00:00» — нет смещения",
        ),
        (GOOD_CSV.replace("c-3,", "c-1,"), "строка 4: идентификатор звонка c-1 уже был в строке 2"),
        (
            GOOD_CSV.replace(",answered,1,yes,", ",answered,1,maybe,"),
            "строка 2: satisfied: «maybe» — нужно yes, no или пусто",
        ),
        (GOOD_CSV + "\nc-9,2026-03-02T10:00:00+10:00,services", "строка 6: столбцов 3, а нужно 14"),
    ],
    ids=["header", "negative", "line", "operator", "no offset", "duplicate", "satisfied", "short row"],
)
def test_one_bad_csv_row_rejects_the_file_naming_its_line(body, content, expected):
    with pytest.raises(ApplicationError) as caught:
        _import(body, content)
    assert any(error.startswith(expected) for error in caught.value.extra["errors"]), caught.value.extra["errors"]
    assert CallRecord.objects.count() == 0
    assert not AuditEntry.objects.filter(action="call_record.imported").exists()


def test_a_truncated_queue_log_line_rejects_the_file(body):
    lines = QUEUE_LOG.splitlines()
    lines[5] = "1772410045|1772409700.11|services|PJSIP/ivanova|COMPLETECALLER|45"
    lines.append("1772410400|17724")
    with pytest.raises(ApplicationError) as caught:
        _import(body, "\n".join(lines), "asterisk-queue-log")
    errors = caught.value.extra["errors"]
    assert errors[0].startswith("строка 6: строка обрезана: событию COMPLETECALLER нужно полей данных: 2")
    assert errors[1].startswith("строка 16: строка обрезана")
    assert CallRecord.objects.count() == 0


def test_the_command_prints_imported_n_or_the_errors_with_status_2(body, tmp_path: Path, capsys):
    good = tmp_path / "calls.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    call_command("import_calls", "--org", "khv", str(good))
    assert capsys.readouterr().out.strip() == "imported 4"
    call_command("import_calls", "--org", "khv", str(good))
    assert capsys.readouterr().out.strip() == "imported 0"
    log = tmp_path / "queue_log"
    log.write_text(QUEUE_LOG, encoding="utf-8")
    call_command("import_calls", "--org", "khv", "--format", "asterisk-queue-log", str(log))
    assert capsys.readouterr().out.strip() == "imported 4"
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD_CSV.replace(",30,240,", ",-30,240,").replace("c-2,", "c-20,"), encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        call_command("import_calls", "--org", "khv", str(bad))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "строка 2: wait_seconds: отрицательное число секунд (-30)" in err
    assert not CallRecord.objects.filter(call_id="c-20").exists()
    for args in (["--org", "nobody", str(good)], ["--org", "khv", "--format", "xml", str(good)], ["--org", "khv"]):
        with pytest.raises(SystemExit) as exited:
            call_command("import_calls", *args)
        assert exited.value.code == 2
