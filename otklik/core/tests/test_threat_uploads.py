"""Threat: a file that is not what its name says (a program, a web page, a broken or booby-trapped document) is refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from otklik.core.errors import ApplicationError
from otklik.core.tests.samples import (
    docx_bytes,
    image_bytes,
    ole_bytes,
    opendocument_bytes,
    pdf_bytes,
    pe_bytes,
    xlsx_bytes,
    zip_bytes,
)
from otklik.core.uploads import validate_uploads


def named(value):
    """Test ids: the file names, not kilobytes of content."""
    return value if isinstance(value, str) else "…"


def refusal(name: str, content: bytes, content_type: str = "application/octet-stream") -> str:
    with pytest.raises(ApplicationError) as refused:
        validate_uploads([SimpleUploadedFile(name, content, content_type=content_type)])
    assert refused.value.field == "attachments"
    assert f"«{name}»" in refused.value.message  # the person sees which file was refused
    return refused.value.message


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("скан-письма.pdf", pdf_bytes),
        ("акт.docx", docx_bytes),
        ("расчёт.xlsx", xlsx_bytes),
        ("фото.png", lambda: image_bytes("PNG")),
        ("фото.jpg", lambda: image_bytes("JPEG")),
        ("фото.jpeg", lambda: image_bytes("JPEG")),
        ("скан.tiff", lambda: image_bytes("TIFF")),
        ("письмо.odt", lambda: opendocument_bytes("application/vnd.oasis.opendocument.text")),
        ("таблица.ods", lambda: opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet")),
        ("письмо.doc", lambda: ole_bytes("WordDocument")),
        ("таблица.xls", lambda: ole_bytes("Workbook")),
        ("документы.zip", lambda: zip_bytes({"акт.pdf": pdf_bytes(), "фото/двор.jpg": image_bytes("JPEG")})),
        ("письмо.rtf", lambda: rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} \f0 Zayavlenie\par}"),
        ("заметка.txt", lambda: "Прошу отремонтировать крыльцо.\r\nСпасибо.".encode()),
        ("старая-заметка.txt", lambda: "Прошу отремонтировать крыльцо.".encode("cp1251")),
        ("блокнот.txt", lambda: "Прошу < 5 дней, a > b.".encode("utf-16")),
    ],
    ids=named,
)
def test_real_documents_and_pictures_are_accepted(name, build):
    validate_uploads([SimpleUploadedFile(name, build())])


def test_an_executable_renamed_pdf_is_refused():
    message = refusal("счёт.pdf", pe_bytes(), "application/pdf")
    assert "программа" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("фото.jpg", b"\x7fELF\x02\x01\x01\x00" + bytes(120)),  # a Linux program
        ("письмо.doc", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(120)),  # a macOS program
        ("readme.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("акт.docx", pe_bytes()),
    ],
    ids=named,
)
def test_programs_are_refused_whatever_the_name(name, content):
    assert "программа" in refusal(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("письмо.txt", b"<!DOCTYPE html><html><body><script>fetch('/staff/')</script></body></html>"),
        ("письмо2.txt", b"\xef\xbb\xbf  <html><body onload=alert(1)>"),
        ("текст.txt", "Добрый день!\n<script>document.location='http://evil'</script>".encode()),
        ("рисунок.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        (
            "рисунок.txt",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("юникод.txt", "<html><script>alert(1)</script></html>".encode("utf-16")),
    ],
    ids=named,
)
def test_web_pages_and_svg_are_refused_whatever_the_name(name, content):
    assert "веб-страница" in refusal(name, content, "text/plain")


def test_a_text_file_renamed_docx_is_refused():
    assert "не соответствует расширению «.docx»" in refusal("акт.docx", "Акт проверки".encode())


def test_a_zip_renamed_docx_that_is_no_word_document_is_refused():
    assert "не открывается" in refusal("акт.docx", zip_bytes({"акт.txt": b"text"}))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("скан.pdf", b"%PDF-1.4 test"),
        ("обрезанный.pdf", pdf_bytes()[:900]),
        ("без-конца.pdf", pdf_bytes()[:-60]),
    ],
    ids=named,
)
def test_a_pdf_that_does_not_parse_is_refused(name, content):
    assert content.startswith(b"%PDF")
    assert "не открывается как документ PDF" in refusal(name, content, "application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("фото.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "изображение PNG"),
        ("фото.jpg", image_bytes("JPEG")[:40], "изображение JPEG"),
        ("письмо.doc", ole_bytes("Workbook"), "документ Word"),
        ("таблица.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "таблица Excel"),
        ("письмо.odt", zip_bytes({"content.xml": b"<x/>"}), "документ OpenDocument"),
        ("таблица.ods", zip_bytes({"content.xml": b"<x/>"}, first=("mimetype", b"text/plain")), "таблица OpenDocument"),
    ],
    ids=named,
)
def test_pictures_and_office_files_that_do_not_open_are_refused(name, content, kind):
    assert f"не открывается как {kind}" in refusal(name, content)


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("фото.png", lambda: image_bytes("JPEG")),
        ("расчёт.xlsx", docx_bytes),
        ("таблица.ods", lambda: opendocument_bytes("application/vnd.oasis.opendocument.text")),
        ("скан.pdf", lambda: image_bytes("PNG")),
        ("заметка.txt", lambda: image_bytes("PNG")),
        ("письмо.doc", pdf_bytes),
    ],
    ids=named,
)
def test_a_file_of_another_type_than_its_name_says_is_refused(name, build):
    extension = name.rsplit(".", 1)[1]
    assert f"не соответствует расширению «.{extension}»" in refusal(name, build())


@pytest.mark.parametrize(
    ("members", "inner"),
    [
        ({"документы/акт.pdf": pdf_bytes(), "документы/setup.exe": pe_bytes()}, "документы/setup.exe"),
        ({"читать.txt": pe_bytes()}, "читать.txt"),  # a renamed program inside
        ({"запуск.js": b"WScript.Echo(1)"}, "запуск.js"),
        ({"вложение.zip": zip_bytes({"run.bat": b"del *"})}, "вложение.zip/run.bat"),  # one archive inside another
    ],
    ids=named,
)
def test_a_zip_that_carries_a_program_is_refused(members, inner):
    message = refusal("документы.zip", zip_bytes(members))
    assert f"«{inner}»" in message


def test_a_zip_bomb_is_refused_by_the_sum_of_unpacked_sizes():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("нули.txt", "w", force_zip64=True) as member,
    ):
        for _ in range(110):
            member.write(bytes(1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "в распакованном виде" in refusal("отчёт.zip", buffer.getvalue())


def test_office_files_with_macros_are_refused():
    with_macros = zip_bytes(
        {name: data for name, data in _zip_members(docx_bytes()).items()} | {"word/vbaProject.bin": b"macro"}
    )
    assert "макрос" in refusal("акт.docx", with_macros)
    assert "макрос" in refusal("письмо.doc", ole_bytes("WordDocument", storage="Macros"))
    assert "макрос" in refusal("таблица.xls", ole_bytes("Workbook", storage="_VBA_PROJECT_CUR"))
    packaged = _zip_members(docx_bytes()) | {"word/embeddings/oleObject1.bin": ole_bytes("\x01Ole10Native")}
    assert "вложенные файлы" in refusal("акт-с-вложением.docx", zip_bytes(packaged))
    odt_macros = zip_bytes(
        {"content.xml": b"<x/>", "Basic/Standard/Module1.xml": b"<script:module/>"},
        first=("mimetype", b"application/vnd.oasis.opendocument.text"),
    )
    assert "макрос" in refusal("письмо.odt", odt_macros)
    assert "макрос" in refusal("письмо.rtf", rb"{\rtf1 {\object\objemb {\*\objdata 0105000002000000}}}")


def test_a_pdf_with_javascript_or_a_password_is_refused():
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def written(writer: PdfWriter) -> bytes:
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    opening_script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    scripted = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    scripted.root_object[NameObject("/OpenAction")] = opening_script
    assert "сценари" in refusal("скан.pdf", written(scripted))
    launching = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    launching.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch})
    assert "сценари" in refusal("скан.pdf", written(launching))
    locked = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    locked.encrypt("secret")
    assert "паролем" in refusal("скан.pdf", written(locked))


def test_the_limits_per_file_and_per_submission_stay():
    text = "а".encode() * (5 * 1024 * 1024 + 1)  # two bytes a letter: just over 10 MB
    assert "больше 10 МБ" in refusal("длинное.txt", text)
    eight_mb = "Текст обращения. ".encode() * (8 * 1024 * 1024 // 31)
    with pytest.raises(ApplicationError, match="не более 30 МБ"):
        validate_uploads([SimpleUploadedFile(f"часть-{n}.txt", eight_mb) for n in range(4)])
    with pytest.raises(ApplicationError, match="не более 10 файлов"):
        validate_uploads([SimpleUploadedFile(f"фото-{n}.png", image_bytes("PNG")) for n in range(11)])


def _zip_members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
