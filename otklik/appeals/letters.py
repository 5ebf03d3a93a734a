"""The answer to an appeal as a letter on the organisation's blank, with the executor mark (004 App. 1 §5.1–5.3)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .choices import AnswerKind, AnswerOutcome, AuthorKind, DeliveryChannel
from .letter_fonts import DEFAULT_FONT, SANS_FONTS, letter_font
from .models import Answer, Author

FEMALE_PATRONYMIC = ("вна", "чна", "кызы", "гызы")
MALE_PATRONYMIC = ("ич", "оглы", "улы", "уулу")
FEMALE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")
MALE_SURNAME = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")
BLANK_NUMBER = "№ ___________ от ___________"
BLANK_REPLY_TO = "На № ___________ от ___________"
# What may follow <w:framePr> inside <w:pPr>, in the schema's order.
FRAME_SUCCESSORS = tuple(
    f"w:{tag}"
    for tag in (
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
)


@dataclass(frozen=True)
class Letter:
    """Everything printed on the letter, in the order of the blank, as plain strings."""

    organisation_name: str
    blank_lines: list[str]
    number_line: str
    reply_to_line: str
    is_draft: bool
    for_official_use: bool
    addressee: list[str]
    salutation: str
    paragraphs: list[list[str]]
    outcome: str
    signer_position: str
    signer_name: str
    executor_lines: list[str] = field(default_factory=list)
    font: str = DEFAULT_FONT

    @property
    def sans(self) -> bool:
        return self.font in SANS_FONTS


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def initials(*names: str) -> str:
    """«А. С.» from «Анна», «Сергеевна»; a hyphenated name keeps both letters («А.-М.»)."""
    return " ".join("-".join(f"{part[0].upper()}." for part in name.split("-") if part) for name in names if name)


def gender(author: Author) -> str | None:
    """The grammatical gender for the salutation ("f", "m" or None): by the patronymic, else by surname and name."""
    middle = author.middle_name.strip().lower()
    if middle.endswith(FEMALE_PATRONYMIC):
        return "f"
    if middle.endswith(MALE_PATRONYMIC):
        return "m"
    surname, first = author.last_name.strip().lower(), author.first_name.strip().lower()
    first_looks_female = first.endswith(("а", "я"))
    if surname.endswith(FEMALE_SURNAME) and first_looks_female:
        return "f"
    if surname.endswith(MALE_SURNAME) and first and not first_looks_female:
        return "m"
    return None  # Никита Петров, Любовь Мирная, Саша Ким: better «Уважаемый(ая)» than the wrong form


def salutation(author: Author) -> str:
    """«Уважаемая Анна Сергеевна!»; «Уважаемый(ая) …!» when the form cannot be told; none without a first name."""
    name = " ".join(part.strip() for part in (author.first_name, author.middle_name) if part.strip())
    if not name:
        return ""
    word = {"f": _("Уважаемая"), "m": _("Уважаемый")}.get(gender(author) or "", _("Уважаемый(ая)"))
    return f"{word} {name}!"


def addressee_lines(answer: Answer) -> list[str]:
    """Whom the letter goes to: «Фамилия И. О.» (or the organisation), then where it goes by the chosen channel."""
    author = answer.appeal.author
    if author.kind == AuthorKind.ORGANISATION and author.organisation_name:
        lines = [author.organisation_name]
        if author.last_name:
            lines.append(f"{author.last_name} {initials(author.first_name, author.middle_name)}".strip())
    else:
        lines = [f"{author.last_name} {initials(author.first_name, author.middle_name)}".strip()]
    by_post = answer.delivery in (DeliveryChannel.POST, DeliveryChannel.REGISTERED_POST)
    where = [author.postal_address, author.email] if by_post else [author.email, author.postal_address]
    lines.extend(next(([value] for value in where if value), []))
    return [line for line in lines if line]


def paragraphs(text: str) -> list[list[str]]:
    """The answer's text split into paragraphs on blank lines; a single line break stays a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = re.split(r"\n[ \t]*\n", text) if text else []
    return [lines for block in blocks if (lines := [line.strip() for line in block.split("\n") if line.strip()])]


def outcome_sentence(answer: Answer) -> str:
    """Which of the four outcomes of §2.2 the final answer states, in plain words."""
    if answer.kind != AnswerKind.FINAL or not answer.outcome:
        return ""
    lead = _("По результатам рассмотрения Вашего обращения")
    if answer.outcome == AnswerOutcome.SOLVED:
        return _("%(lead)s вопрос решён.") % {"lead": lead}
    if answer.outcome == AnswerOutcome.WILL_BE_SOLVED:
        if answer.solve_by:
            return _("%(lead)s вопрос будет решён в срок до %(date)s.") % {"lead": lead, "date": _date(answer.solve_by)}
        return _("%(lead)s вопрос будет решён.") % {"lead": lead}
    if answer.outcome == AnswerOutcome.CAN_BE_SOLVED:
        return _("%(lead)s вопрос может быть решён, однако срок его решения в настоящее время не определён.") % {
            "lead": lead
        }
    return _("%(lead)s вопрос не может быть решён.") % {"lead": lead}


def _membership(user: Any, organisation: Any) -> Any:
    return user.memberships.filter(organisation=organisation).select_related("unit").first()


def executor_lines(answer: Answer) -> list[str]:
    """The mark as §5.2's example sets it: full name on the first line, position below, then phone and e-mail."""
    name, _sep, contacts = answer.executor_mark.partition(",")
    name, contacts = name.strip(), contacts.strip()
    membership = _membership(answer.executor, answer.appeal.organisation)
    place = ""
    if membership is not None:  # §5.2 allows the position and the unit; the example puts them second
        place = ", ".join(
            part for part in (membership.unit.name if membership.unit else "", membership.position) if part
        )
    rest = [line for line in (place, contacts) if line]
    first = _("Исполнитель: %(name)s") % {"name": name}
    return [f"{first}," if rest else first, *rest]


def blank_lines(organisation: Any) -> list[str]:
    website = re.sub(r"^https?://", "", organisation.website or "").rstrip("/")
    lines = [
        organisation.address,
        _("тел. %(phone)s") % {"phone": organisation.phone} if organisation.phone else "",
        _("e-mail: %(email)s") % {"email": organisation.email} if organisation.email else "",
        website,
    ]
    return [line for line in lines if line]


def letter(answer: Answer) -> Letter:
    """The letter's content, shared by the DOCX and the PDF."""
    appeal = answer.appeal
    organisation = appeal.organisation
    signer = answer.signed_by
    is_draft = signer is None or not answer.outgoing_number
    position, signer_name = _("Должностное лицо"), ""
    if signer is not None:
        membership = _membership(signer, organisation)
        position = (membership.position if membership else "") or position
        signer_name = f"{initials(signer.first_name, signer.middle_name)} {signer.last_name}".strip() or str(signer)
    return Letter(
        organisation_name=organisation.name.upper(),
        blank_lines=blank_lines(organisation),
        number_line=BLANK_NUMBER
        if is_draft
        else _("№ %(n)s от %(d)s") % {"n": answer.outgoing_number, "d": _date(answer.outgoing_date)},
        reply_to_line=_("На № %(n)s от %(d)s") % {"n": appeal.number, "d": _date(appeal.registered_on)},
        is_draft=is_draft,
        for_official_use=appeal.for_official_use,
        addressee=addressee_lines(answer),
        salutation=salutation(appeal.author),
        paragraphs=paragraphs(answer.text),
        outcome=outcome_sentence(answer),
        signer_position=position,
        signer_name=signer_name,
        executor_lines=executor_lines(answer),
        font=letter_font(organisation),
    )


# DOCX


def _set_run_font(run: Any, size: float | None = None, *, bold: bool = False, color: str | None = None) -> None:
    from docx.shared import Pt, RGBColor

    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _paragraph(container: Any, lines: list[str], *, size: float | None = None, bold: bool = False) -> Any:
    paragraph = container.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _set_run_font(run, size, bold=bold)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )


def _widths(table: Any, *widths: Any) -> None:
    """Fixed column widths, both in the grid (Word) and in the cells (LibreOffice)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _page_number_field(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    paragraph._p.append(page)


def _frame_at_bottom_left(paragraph: Any) -> None:
    """Anchor the paragraph as a frame in the bottom-left corner of the page it falls on (the last one)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    frame = OxmlElement("w:framePr")
    for key, value in {
        "w:w": "6237",  # 11 cm
        "w:wrap": "around",
        "w:vAnchor": "margin",
        "w:hAnchor": "margin",
        "w:xAlign": "left",
        "w:yAlign": "bottom",
    }.items():
        frame.set(qn(key), value)
    paragraph._p.get_or_add_pPr().insert_element_before(frame, *FRAME_SUCCESSORS)


def _docx(content: Letter) -> bytes:
    from docx import Document

    document = Document()
    _docx_page(document, content)
    _docx_heading(document, content)
    _docx_body(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_page(document: Any, content: Letter) -> None:
    """The Normal style, A4 margins, page numbers from the second page and the draft mark."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    normal = document.styles["Normal"]
    normal.font.name = content.font
    normal.font.size = Pt(14)
    fonts = normal.element.rPr.rFonts
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), content.font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    document.core_properties.title = content.number_line
    document.core_properties.language = "ru-RU"

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = section.right_margin = Cm(2.0)
    section.left_margin = Cm(3.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True  # page numbers from the second page, at the top centre
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(number)
    if content.is_draft:
        for draft in (section.first_page_header.paragraphs[0], section.header.add_paragraph()):
            draft.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_run_font(draft.add_run(_("ПРОЕКТ")), 14, bold=True, color="B00000")


def _docx_heading(document: Any, content: Letter) -> None:
    """The blank with the numbers on the left and the addressee on the right."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    top = document.add_table(rows=1, cols=2)
    _no_borders(top)
    _widths(top, Cm(8.5), Cm(7.5))
    blank, recipient = top.rows[0].cells
    blank.paragraphs[0].add_run(content.organisation_name).bold = True
    blank.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in blank.paragraphs[0].runs:
        _set_run_font(run, 12)
    if content.blank_lines:
        details = _paragraph(blank, content.blank_lines, size=10)
        details.alignment = WD_ALIGN_PARAGRAPH.CENTER
        details.paragraph_format.space_before = Pt(4)
    numbers = _paragraph(blank, [content.number_line, content.reply_to_line], size=12)
    numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numbers.paragraph_format.space_before = Pt(12)

    recipient.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    first = recipient.paragraphs[0]
    if content.for_official_use:
        first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_run_font(first.add_run(_("Для служебного пользования")), 12)
        first.paragraph_format.space_after = Pt(18)
        first = recipient.add_paragraph()
    first.paragraph_format.left_indent = Cm(1.0)
    for index, line in enumerate(content.addressee):
        run = first.add_run(line)
        if index < len(content.addressee) - 1:
            run.add_break()


def _docx_body(document: Any, content: Letter) -> None:
    """The salutation, the text, the signature and the executor mark at the bottom of the page."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if content.salutation:
        greeting = document.add_paragraph(content.salutation)
        greeting.alignment = WD_ALIGN_PARAGRAPH.CENTER
        greeting.paragraph_format.space_before = Pt(28)
        greeting.paragraph_format.space_after = Pt(14)
    for index, lines in enumerate([*content.paragraphs, *([[content.outcome]] if content.outcome else [])]):
        body = _paragraph(document, lines)
        body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        body.paragraph_format.first_line_indent = Cm(1.25)
        if index == 0 and not content.salutation:
            body.paragraph_format.space_before = Pt(28)

    signature = document.add_table(rows=1, cols=2)
    _no_borders(signature)
    _widths(signature, Cm(9.5), Cm(6.5))
    position, name = signature.rows[0].cells
    position.paragraphs[0].add_run(content.signer_position)
    position.paragraphs[0].paragraph_format.space_before = Pt(42)
    name.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    name.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name.paragraphs[0].add_run(content.signer_name or "____________________")

    mark = _paragraph(document, content.executor_lines, size=10)
    _frame_at_bottom_left(mark)


def _pdf(content: Letter) -> bytes:
    from weasyprint import HTML

    html = render_to_string("appeals/letter_print.html", {"letter": content})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def letter_docx(answer: Answer) -> bytes:
    """The letter as a Word document (the body's font, Times New Roman by default, 14 pt, A4, margins 2 cm, left 3 cm)."""
    with translation.override("ru"):
        return _docx(letter(answer))


def letter_pdf(answer: Answer) -> bytes:
    """The letter as a PDF, rendered by WeasyPrint from appeals/letter_print.html."""
    with translation.override("ru"):
        return _pdf(letter(answer))
