"""The README's «API quick start» runs as written: its shell block, with only the address of a live server."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from otklik.api.models import ApiSubmission
from otklik.orgs.tests.factories import OrganisationFactory

README = Path(settings.BASE_DIR) / "README.md"


def quick_start_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## API quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


def test_the_section_has_the_three_steps():
    (block,) = quick_start_blocks()
    assert "/api/v1/keys/" in block and "/api/v1/client/appeals/" in block and "$ID/" in block
    # Submitting calls require a submission key: the example must send one (the API answers 400 without it).
    assert '"submission_key": "my-app-key-1"' in block and '"submission_key": "my-app-1"' in block


def test_the_russian_first_call_sends_a_submission_key():
    section = README.read_text(encoding="utf-8").split("## API: первый вызов", 1)[1].split("\n## ", 1)[0]
    (post,) = [line for line in section.splitlines() if '"organization": "smolensk"' in line]
    assert '"submission_key":' in post


@pytest.mark.django_db(transaction=True)
def test_the_quick_start_runs_literally(live_server):
    OrganisationFactory(slug="smolensk", name="Администрация Смоленской области", short_name="Смоленская область")
    (block,) = quick_start_blocks()
    script = block.replace("BASE=http://127.0.0.1:8000", f"BASE={live_server.url}", 1)
    assert script != block
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["status"] == "registered" and status["answer"] is None and status["days_left"] > 0
    submission = ApiSubmission.objects.select_related("appeal", "key").get()
    assert submission.appeal.number == status["number"] and submission.key.name == "My city app"
