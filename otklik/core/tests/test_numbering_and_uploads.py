"""The shared kernel: yearly counters with free-text kinds, upload checks by extension and content.

Every content check has its threat test in test_threat_uploads.py; here the everyday cases stay.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from otklik.core.errors import ApplicationError
from otklik.core.models import NumberCounter
from otklik.core.numbering import counter_next, format_number
from otklik.core.tests.samples import docx_bytes, image_bytes, ole_bytes, pdf_bytes
from otklik.core.uploads import validate_uploads


@pytest.mark.django_db
def test_counters_run_per_body_year_and_free_text_kind(organisation):
    assert [counter_next(organisation_id=organisation.pk, year=2026, kind="appeal") for _ in range(3)] == [1, 2, 3]
    assert counter_next(organisation_id=organisation.pk, year=2026, kind="outgoing") == 1
    assert counter_next(organisation_id=organisation.pk, year=2027, kind="appeal") == 1
    # An outgoing-letter counter is a valid row (the old counter declared appeal kinds only and failed this).
    for counter in NumberCounter.objects.all():
        counter.full_clean()


def test_a_broken_number_template_falls_back_to_sequence_and_year():
    assert format_number("{seq}-О/{yy}", sequence=4, year=2026) == "4-О/26"
    assert format_number("{unknown}", sequence=4, year=2026) == "4/26"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("scan.pdf", pdf_bytes(), "application/pdf"),
        ("фото.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("акт.docx", docx_bytes(), "application/octet-stream"),
        ("письмо.doc", ole_bytes("WordDocument"), "application/msword"),
        ("заметка.txt", "Текст".encode(), "text/plain"),
    ],
)
def test_documents_whose_content_matches_their_extension_are_accepted(name, content, content_type):
    validate_uploads([SimpleUploadedFile(name, content, content_type=content_type)])


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("программа.exe", b"MZ\x90\x00", "application/octet-stream", "такой тип не принимается"),
        ("счёт.pdf", b"MZ\x90\x00 really a program", "application/pdf", "не соответствует расширению «.pdf»"),
        ("фото.png", b"%PDF-1.4", "image/png", "не соответствует расширению «.png»"),
        ("readme.txt", b"#!/bin/sh\nrm -rf /", "text/plain", "не соответствует расширению «.txt»"),
        ("page.txt", b"<script>alert(1)</script>", "text/html", "не соответствует расширению «.txt»"),
    ],
)
def test_programs_and_files_that_lie_about_their_type_are_refused(name, content, content_type, message):
    with pytest.raises(ApplicationError) as refused:
        validate_uploads([SimpleUploadedFile(name, content, content_type=content_type)])
    assert message in refused.value.message and refused.value.field == "attachments"
