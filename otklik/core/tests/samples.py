"""Real files of every accepted type, built in memory for upload tests (no binary fixtures in the repository)."""

import io
import struct
import zipfile

OLE_FREE, OLE_END, OLE_FAT, OLE_NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def pdf_bytes(text: str = "Скан письма") -> bytes:
    """A one-page PDF as WeasyPrint renders it (the same engine the project prints with)."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str = "Акт проверки") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Показатель", "Значение"])
    sheet.append(["Обращений", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    """A small picture in Pillow's format name: "PNG", "JPEG" or "TIFF"."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], *, first: tuple[str, bytes] | None = None) -> bytes:
    """A zip archive; `first` is written uncompressed before the rest (OpenDocument's `mimetype`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first is not None:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def opendocument_bytes(mimetype: str) -> bytes:
    content = b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
    return zip_bytes(
        {"content.xml": content, "META-INF/manifest.xml": b"<manifest/>"}, first=("mimetype", mimetype.encode())
    )


def _ole_entry(
    name: str, kind: int, *, child: int = OLE_NONE, right: int = OLE_NONE, start: int = 0, size: int = 0
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded), kind, 1, OLE_NONE, right, child)
        + bytes(16 + 4 + 16)  # class id, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def ole_bytes(stream: str, *, storage: str | None = None) -> bytes:
    """A compound file (the container of .doc and .xls) with one 4 KB stream and, if asked, an empty storage.

    Laid out by hand: sector 0 holds the allocation table, sector 1 the directory, sectors 2–9 the stream.
    """
    data_sectors = 8  # 4096 bytes: at the mini-stream cutoff, so the stream lives in ordinary sectors
    fat = [OLE_FAT, OLE_END, *range(3, 2 + data_sectors), OLE_END]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", OLE_FREE) * (128 - len(fat))
    entries = [
        _ole_entry("Root Entry", 5, child=1, start=OLE_END),
        _ole_entry(stream, 2, start=2, size=512 * data_sectors, right=2 if storage else OLE_NONE),
    ]
    if storage:
        entries.append(_ole_entry(storage, 1))
    directory = b"".join(entries).ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, OLE_END, 0, OLE_END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", OLE_FREE) * 108
    )
    return header + fat_sector + directory + b"\x01" * (512 * data_sectors)


def pe_bytes() -> bytes:
    """The start of a Windows program: the MZ header pointing at a PE signature."""
    dos = bytearray(b"MZ" + bytes(62))
    struct.pack_into("<I", dos, 0x3C, 64)
    return bytes(dos) + b"PE\0\0" + bytes(200)
