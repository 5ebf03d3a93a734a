"""What an uploaded file holds: its type by magic bytes, programs and active content, and whether it opens."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import filetype
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # the sum of a zip's (and its inner zips') uncompressed sizes
MAX_ARCHIVE_MEMBERS = 1000
MAX_ARCHIVE_DEPTH = 3
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .doc and .xls
OLE_TYPE = "application/x-ole-storage"  # filetype only guesses what an OLE file holds; olefile decides
ZIP_TYPE = "application/zip"
OFFICE_ZIP_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ZIP_TYPES = frozenset({ZIP_TYPE, *OFFICE_ZIP_TYPES.values()})
# What filetype reports for programs; it does not know Mach-O or scripts, hence the headers below.
PROGRAM_TYPES = frozenset(
    {
        "application/x-msdownload",
        "application/x-executable",
        "application/x-shockwave-flash",
        "application/wasm",
        "application/x-google-chrome-extension",
    }
)
PROGRAM_HEADERS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
PROGRAM_EXTENSIONS = frozenset(
    {
        *("exe", "dll", "com", "scr", "pif", "cpl", "msi", "msp", "lnk", "reg", "chm", "hta"),  # Windows
        *("bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh", "sh", "bash"),  # scripts
        *("jar", "class", "app", "apk"),  # Java, macOS and Android programs
        *("html", "htm", "xhtml", "svg", "mht", "mhtml"),  # pages that run script when opened
    }
)
# Declared types (the browser's word) that contradict any document extension.
DECLARED_PROGRAM_TYPES = frozenset(
    {
        "application/x-msdownload",
        "application/x-msdos-program",
        "application/x-executable",
        "application/x-sh",
        "application/javascript",
        "text/javascript",
    }
)
DECLARED_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})
# What a browser would take for a web page (WHATWG MIME sniffing), and tags that run script anywhere in a text.
MARKUP_START = re.compile(
    r"<!--|<\?xml|<(?:!doctype\s+html|html|head|body|script|iframe|svg|h1|div|font|table|a|style|title|b|br|p"
    r"|object|embed|img|meta|form|math)(?=[\s>/])",
    re.IGNORECASE,
)
ACTIVE_TAG = re.compile(r"<(?:script|html|svg|iframe|object|embed)(?=[\s>/])", re.IGNORECASE)
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")  # tab, newlines, form feed and DOS end-of-file pass


class ContentRefused(Exception):
    """Why a file's content is refused: a message with %(name)s and %(ext)s and the values it names."""

    def __init__(self, template: str, **values: str) -> None:
        super().__init__(template)
        self.template = template
        self.values = values

    def message(self, *, name: str, extension: str) -> str:
        return self.template % {"name": name, "ext": extension, **self.values}


def _not_matching() -> ContentRefused:
    return ContentRefused(_("Файл «%(name)s»: содержимое не соответствует расширению «.%(ext)s»."))


def _program() -> ContentRefused:
    return ContentRefused(
        _(
            "Файл «%(name)s»: содержимое не соответствует расширению «.%(ext)s» — "
            "это программа или сценарий, такие файлы не принимаются."
        )
    )


def _web_page() -> ContentRefused:
    return ContentRefused(
        _(
            "Файл «%(name)s»: содержимое не соответствует расширению «.%(ext)s» — "
            "это веб-страница или рисунок SVG, такие файлы не принимаются."
        )
    )


def _broken(kind: Kind) -> ContentRefused:
    return ContentRefused(
        _("Файл «%(name)s» не открывается как %(kind)s: он повреждён или сохранён в другом формате."),
        kind=str(kind.label),
    )


def _active_parts() -> ContentRefused:
    return ContentRefused(
        _("Файл «%(name)s» содержит макросы, сценарии или вложенные файлы — сохраните его без них и приложите снова.")
    )


def _password() -> ContentRefused:
    return ContentRefused(_("Файл «%(name)s» защищён паролем — приложите его без пароля."))


def _too_big() -> ContentRefused:
    return ContentRefused(
        _("Файл «%(name)s» в распакованном виде слишком велик: больше %(size)s МБ или больше %(count)s файлов внутри."),
        size=str(MAX_UNPACKED_BYTES // (1024 * 1024)),
        count=str(MAX_ARCHIVE_MEMBERS),
    )


def _program_inside(member: str) -> ContentRefused:
    return ContentRefused(
        _("Архив «%(name)s» содержит программу или сценарий «%(member)s» — такие архивы не принимаются."),
        member=member,
    )


@dataclass(frozen=True)
class Kind:
    """An accepted extension: what a person calls it, the detected types it may have, and how it is opened."""

    label: str | Promise
    types: frozenset[str] | None  # None: no magic bytes (plain text); the opener decides
    opens: Callable[[Kind, bytes], None]


def check_content(extension: str, data: bytes, declared_type: str) -> None:
    """Raise ContentRefused unless `data` is a harmless, readable file of the type its extension names."""
    kind = KINDS[extension]
    _refuse_programs_and_pages(data, declared_type)
    if kind.types is not None and _detected_type(data) not in kind.types:
        raise _not_matching()
    kind.opens(kind, data)


def _detected_type(data: bytes) -> str | None:
    if data.startswith(OLE):
        return OLE_TYPE
    guess = filetype.guess_mime(data)
    return str(guess) if guess else None


def _refuse_programs_and_pages(data: bytes, declared_type: str) -> None:
    """Content that runs when opened is refused whatever the file is called."""
    if declared_type in DECLARED_PROGRAM_TYPES or data.startswith(PROGRAM_HEADERS):
        raise _program()
    if _detected_type(data) in PROGRAM_TYPES:
        raise _program()
    head = _as_text(data[:1024], partial=True)
    if declared_type in DECLARED_PAGE_TYPES or (head is not None and MARKUP_START.match(head.lstrip())):
        raise _web_page()


def _as_text(data: bytes, *, partial: bool = False) -> str | None:
    """The bytes as text in the encodings Russian texts come in, or None for binary content."""
    errors = "replace" if partial else "strict"
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec, errors)
            except UnicodeDecodeError:
                return None
    if partial:
        return data.decode("utf-8", "replace")
    if b"\0" in data:
        return None
    for codec in ("utf-8", "cp1251"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _open_text(kind: Kind, data: bytes) -> None:
    text = _as_text(data)
    if text is None or TEXT_CONTROLS.search(text):
        raise _not_matching()
    if ACTIVE_TAG.search(text):
        raise _web_page()


def _open_rtf(kind: Kind, data: bytes) -> None:
    # Embedded OLE objects are how RTF documents carry exploits (the Equation Editor family).
    if re.search(rb"\\obj(?:data|update|emb|ocx|link|autlink)\b|\\object\b", data):
        raise _active_parts()


def _open_image(*pillow_formats: str) -> Callable[[Kind, bytes], None]:
    def opens(kind: Kind, data: bytes) -> None:
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                same = image.format in pillow_formats
                image.verify()
        except Image.DecompressionBombError as exc:
            raise _too_big() from exc
        except Exception as exc:  # a hostile file may break the parser in any way; any failure means it does not open
            raise _broken(kind) from exc
        if not same:
            raise _not_matching()

    return opens


def _open_pdf(kind: Kind, data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _password()
        if not reader.pages:
            raise _broken(kind)
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()  # decoding each page's drawing catches a damaged stream
        active = _pdf_runs_something(reader)
    except ContentRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on a damaged file
        raise _broken(kind) from exc
    if active:
        raise _active_parts()


def _pdf_runs_something(reader: Any) -> bool:
    """JavaScript, launch actions or embedded files anywhere a viewer would act on them."""

    def runs(action: Any) -> bool:
        action = action.get_object() if action is not None else None
        return hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch")

    root = reader.root_object
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/JavaScript" in names or "/EmbeddedFiles" in names or "/AA" in root or runs(root.get("/OpenAction")):
        return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/AA" in annotation or runs(annotation.get("/A")) or annotation.get("/Subtype") == "/FileAttachment":
                return True
    return False


def _ole_paths(kind: Kind, data: bytes) -> list[str]:
    """The storages and streams of a compound file, lower-cased, as "storage/stream"."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ["/".join(path).lower() for path in ole.listdir(streams=True, storages=True)]
    except Exception as exc:  # olefile raises on a damaged compound file
        raise _broken(kind) from exc


def _ole_runs_something(paths: list[str]) -> bool:
    """VBA macros, or a packaged file (Ole10Native: how an office document carries a program)."""
    return any(
        path.split("/")[0] in ("macros", "_vba_project_cur") or "/vba" in f"/{path}" or path.endswith("\x01ole10native")
        for path in paths
    )


def _open_ole(streams: tuple[str, ...]) -> Callable[[Kind, bytes], None]:
    def opens(kind: Kind, data: bytes) -> None:
        paths = _ole_paths(kind, data)
        if not any(stream.lower() in paths for stream in streams):
            raise _broken(kind)
        if _ole_runs_something(paths):
            raise _active_parts()

    return opens


@dataclass
class _Budget:
    """What the archive and the archives inside it may unpack to, shared across the levels."""

    bytes_left: int = MAX_UNPACKED_BYTES
    members_left: int = MAX_ARCHIVE_MEMBERS


def _inspect_archive(
    kind: Kind, data: bytes, *, prefix: str = "", budget: _Budget | None = None, depth: int = 1
) -> None:
    """Refuse a zip bomb, an encrypted zip, and a zip that carries programs, macros or another such zip inside."""
    budget = budget or _Budget()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _broken(kind) from exc
    budget.members_left -= len(members)
    budget.bytes_left -= sum(member.file_size for member in members)
    if budget.members_left < 0 or budget.bytes_left < 0:
        raise _too_big()
    for member in members:
        _inspect_member(kind, archive, member, prefix=prefix, budget=budget, depth=depth)


def _inspect_member(
    kind: Kind, archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, prefix: str, budget: _Budget, depth: int
) -> None:
    path = prefix + member.filename
    base = member.filename.rstrip("/").rsplit("/", 1)[-1].lower()
    if base == "vbaproject.bin" or "activex/" in member.filename.lower():
        raise _active_parts()
    if any(part.rsplit(".", 1)[-1] in PROGRAM_EXTENSIONS for part in member.filename.lower().split("/") if "." in part):
        raise _program_inside(path)
    if member.is_dir():
        return
    if member.flag_bits & 0x1:
        raise _password()
    try:
        with archive.open(member) as stream:
            head = stream.read(8)
            inner, embedded = head.startswith(b"PK\x03\x04"), head.startswith(OLE)
            content = head + stream.read() if inner or embedded else b""
    except Exception as exc:  # unsupported compression, damaged data, a wrong checksum
        raise _broken(kind) from exc
    if head.startswith(PROGRAM_HEADERS):
        raise _program_inside(path)
    if embedded and _ole_runs_something(_ole_paths(kind, content)):
        raise _active_parts()  # an embedded object of a DOCX/XLSX holding macros or a packaged program
    if inner:
        if depth >= MAX_ARCHIVE_DEPTH:
            raise _too_big()
        _inspect_archive(kind, content, prefix=f"{path}/", budget=budget, depth=depth + 1)


def _open_zip(kind: Kind, data: bytes) -> None:
    _inspect_archive(kind, data)


def _open_docx(kind: Kind, data: bytes) -> None:
    _inspect_archive(kind, data)
    from docx import Document

    try:
        Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises on a zip that is not a Word document, in many ways
        raise _broken(kind) from exc


def _open_xlsx(kind: Kind, data: bytes) -> None:
    _inspect_archive(kind, data)
    from openpyxl import load_workbook

    try:
        load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False).close()
    except Exception as exc:  # openpyxl raises on a zip that is not a workbook, in many ways
        raise _broken(kind) from exc


def _open_opendocument(mimetype: str) -> Callable[[Kind, bytes], None]:
    def opens(kind: Kind, data: bytes) -> None:
        _inspect_archive(kind, data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            declared = archive.read("mimetype").strip() if "mimetype" in names else b""
        if declared != mimetype.encode() or "content.xml" not in names:
            raise _broken(kind)
        if any(name.lower().startswith(("basic/", "scripts/")) for name in names):
            raise _active_parts()  # LibreOffice Basic macros and scripts

    return opens


def _kinds() -> dict[str, Kind]:
    pdf = Kind(gettext_lazy("документ PDF"), frozenset({"application/pdf"}), _open_pdf)
    # Phone cameras write multi-picture JPEG (MPO): still a JPEG for every viewer.
    jpeg = Kind(gettext_lazy("изображение JPEG"), frozenset({"image/jpeg"}), _open_image("JPEG", "MPO"))
    png = Kind(gettext_lazy("изображение PNG"), frozenset({"image/png"}), _open_image("PNG"))
    tiff = Kind(gettext_lazy("изображение TIFF"), frozenset({"image/tiff"}), _open_image("TIFF"))
    word, excel = gettext_lazy("документ Word"), gettext_lazy("таблица Excel")
    return {
        "pdf": pdf,
        "jpg": jpeg,
        "jpeg": jpeg,
        "png": png,
        "tif": tiff,
        "tiff": tiff,
        "doc": Kind(word, frozenset({OLE_TYPE}), _open_ole(("WordDocument",))),
        "xls": Kind(excel, frozenset({OLE_TYPE}), _open_ole(("Workbook", "Book"))),
        "docx": Kind(word, frozenset({ZIP_TYPE, OFFICE_ZIP_TYPES["docx"]}), _open_docx),
        "xlsx": Kind(excel, frozenset({ZIP_TYPE, OFFICE_ZIP_TYPES["xlsx"]}), _open_xlsx),
        "odt": Kind(
            gettext_lazy("документ OpenDocument"),
            frozenset({ZIP_TYPE, OFFICE_ZIP_TYPES["odt"]}),
            _open_opendocument(OFFICE_ZIP_TYPES["odt"]),
        ),
        "ods": Kind(
            gettext_lazy("таблица OpenDocument"),
            frozenset({ZIP_TYPE, OFFICE_ZIP_TYPES["ods"]}),
            _open_opendocument(OFFICE_ZIP_TYPES["ods"]),
        ),
        "zip": Kind(gettext_lazy("архив ZIP"), ZIP_TYPES, _open_zip),
        "rtf": Kind(gettext_lazy("документ RTF"), frozenset({"application/rtf"}), _open_rtf),
        "txt": Kind(gettext_lazy("текст"), None, _open_text),
    }


KINDS = _kinds()
