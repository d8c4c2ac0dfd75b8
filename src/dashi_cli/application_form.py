"""The application form 《韶关市技能大师工作室申请表》 (annex of 韶人社函〔2022〕46号) as .docx.

The form is filled from a dossier: the cover (申报单位, 工作室职业（工种）, 填报时间), one
table laid out like the annex (label cells, each followed in its row by its value cell,
merged where the annex spans columns), and the three opinion boxes left blank for the
unit, the expert group and the bureau to sign. Personal data is written in full: this
is the form itself, not a report about it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell

from dashi_cli.model.dossier import (
    Applicant,
    Bank,
    Contact,
    Dossier,
    Head,
    Leader,
    Member,
    Studio,
    YearMonth,
)
from dashi_cli.output import check_destination, write_output

__all__ = ["COLUMNS", "OPINIONS", "TITLE", "column_widths", "form_bytes", "render_form"]

TITLE = "韶关市技能大师工作室 申请表"
EAST_ASIAN_FONT = "宋体"
LATIN_FONT = "Times New Roman"
COLUMNS = 8  # the grid every row of the table is laid out on
DATE_LINE = "年  月  日"

# The opinion boxes at the foot of the form: label, then the lines of the box.
OPINIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("申报单位意见", ("(签字盖章)", DATE_LINE)),
    ("专家组评审意见", ("专家组组长 (签字):", DATE_LINE)),
    ("市人力资源和社会保障局认定意见", (DATE_LINE,)),
)

# One row of the table: (label, value, columns spanned by the value), in order;
# a label takes one column. The spans of a row add up to COLUMNS.
_Row = Sequence[tuple[str, str, int]]


def render_form(
    dossier: Dossier,
    out: Path,
    *,
    filled_on: date | None = None,
    force: bool = False,
    inputs: Iterable[Path | str] = (),
) -> None:
    """Write the application form as a .docx (personal data NOT masked: it is the form itself).

    ``out`` is written as :func:`dashi_cli.output.write_output` writes: atomically, with
    the umask's mode, ``-`` for standard output. An existing ``out`` is replaced only
    with ``force``; otherwise :class:`FileExistsError` (an
    :class:`~dashi_cli.output.OutputExistsError`) is raised and nothing is written. An
    ``out`` that is one of ``inputs`` (the dossier, the rules pack), by name or by link,
    is refused with :class:`~dashi_cli.errors.DashiError`.
    """
    check_destination(out, force=force, inputs=inputs)
    write_output(out, form_bytes(dossier, filled_on), force=force, inputs=inputs)


def form_bytes(dossier: Dossier, filled_on: date | None = None) -> bytes:
    """The .docx, whole, in memory: a file that cannot be written is then a plain write
    error, never a half-written zip archive."""
    buffer = io.BytesIO()
    _build(dossier, filled_on).save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- values


def _text(value: object) -> str:
    """A value as the form shows it: missing → empty, never "None"."""
    if value is None:
        return ""
    return str(value).strip()


def _joined(parts: Sequence[str | None] | None, separator: str) -> str:
    return separator.join(t for t in (_text(p) for p in parts or ()) if t)


def _year_month(value: YearMonth | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月"


def _day(value: date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def _area(value: float | None) -> str:
    if value is None:
        return ""
    number = str(int(value)) if float(value).is_integer() else str(value)
    return f"{number}平方米"


def _member(member: Member) -> str:
    detail = _joined([member.skill_level, member.occupation], "，")
    name = _text(member.name)
    return f"{name}（{detail}）" if detail else name


def _rows(dossier: Dossier) -> list[_Row]:
    studio = dossier.studio or Studio()
    applicant = dossier.applicant or Applicant()
    head = applicant.head or Head()
    contact = applicant.contact or Contact()
    bank = applicant.bank or Bank()
    leader = dossier.leader or Leader()
    members = _joined([_member(m) for m in dossier.members or ()], "；")
    return [
        [("申报单位名称", _text(applicant.name), 5), ("单位性质", _text(applicant.nature), 1)],
        [("负责人", _text(head.name), 3), ("办公电话", _text(head.office_phone), 3)],
        [
            ("联系人", _text(contact.name), 1),
            ("办公电话", _text(contact.office_phone), 2),
            ("手机", _text(contact.mobile), 2),
        ],
        [("E-mail", _text(contact.email), 5), ("传真", _text(contact.fax), 1)],
        [("通信地址", _text(applicant.address), 5), ("邮政编码", _text(applicant.postal_code), 1)],
        [("开户银行及账号", _joined([bank.name, bank.account], " "), 7)],
        [
            ("技能大师领办人", _text(leader.name), 1),
            ("性别", _text(leader.gender), 1),
            ("民族", _text(leader.ethnicity), 1),
            ("出生年月", _year_month(leader.birth), 1),
        ],
        [
            ("参加工作时间", _year_month(leader.work_start), 1),
            ("政治面貌", _text(leader.political_status), 1),
            ("身份证号", _text(leader.id_number), 3),
        ],
        [("工作单位及职务", _joined([leader.employer, leader.position], " "), 7)],
        [
            ("从事职业（工种）", _text(leader.occupation), 5),
            ("职业技能等级", _text(leader.skill_level), 1),
        ],
        [
            ("获何种技术能手称号", _joined(leader.honors, "、"), 5),
            ("联系电话", _text(leader.phone), 1),
        ],
        [("工作室地点", _text(studio.location), 3), ("工作室面积", _area(studio.area_m2), 3)],
        [
            ("工作室基本设施", _joined(studio.facilities, "、"), 3),
            ("工作室人员", members, 3),
        ],
        [
            (
                "技能大师工作业绩、专利情况、主要创新发明等情况（可另附页）",
                _text(leader.achievements),
                7,
            )
        ],
    ]


# ---------------------------------------------------------------- document


def _build(dossier: Dossier, filled_on: date | None) -> DocumentObject:
    document = Document()
    _set_up(document)
    _cover(document, dossier, filled_on)
    _table(document, dossier)
    return document


def _set_up(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(12)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _cover(document: DocumentObject, dossier: Dossier, filled_on: date | None) -> None:
    studio = dossier.studio or Studio()
    applicant = dossier.applicant or Applicant()
    document.add_paragraph("附件：")
    for _ in range(4):
        document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(22)
    for _ in range(6):
        document.add_paragraph()
    for label, value in (
        ("申报单位", _text(applicant.name)),
        ("工作室职业（工种）", _text(studio.occupation)),
        ("填报时间", _day(filled_on)),
    ):
        line = document.add_paragraph()
        line.paragraph_format.left_indent = Cm(2)
        line.paragraph_format.space_after = Pt(12)
        line.add_run(f"{label} ").font.size = Pt(16)
        value_run = line.add_run(value)
        value_run.font.size = Pt(16)
        value_run.underline = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table(document: DocumentObject, dossier: Dossier) -> None:
    rows = _rows(dossier)
    table = document.add_table(rows=len(rows) + len(OPINIONS), cols=COLUMNS)
    table.style = "Table Grid"
    placed: list[_Placed] = []  # every cell, for sizing the columns
    for index, row in enumerate(rows):
        column = 0
        for label, value, span in row:
            _fill(table.cell(index, column), label, label=True)
            placed.append(_Placed(index, column, 1, label, True))
            column += 1
            cell = table.cell(index, column)
            if span > 1:
                cell = cell.merge(table.cell(index, column + span - 1))
            _fill(cell, value)
            placed.append(_Placed(index, column, span, value, False))
            column += span
        if column != COLUMNS:  # a layout mistake, not a dossier problem
            raise AssertionError(f"row {index} spans {column} columns, not {COLUMNS}")
    achievements = table.rows[len(rows) - 1]
    achievements.height = Cm(6)
    for offset, (label, lines) in enumerate(OPINIONS):
        index = len(rows) + offset
        _fill(table.cell(index, 0), label, label=True)
        placed.append(_Placed(index, 0, 1, label, True))
        box = table.cell(index, 1).merge(table.cell(index, COLUMNS - 1))
        box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        box.paragraphs[0].text = ""
        for number, line in enumerate(lines):
            paragraph = box.paragraphs[0] if number == 0 else box.add_paragraph()
            paragraph.text = line
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        placed.append(_Placed(index, 1, COLUMNS - 1, "\n".join(lines), False))
        table.rows[index].height = Cm(4)
    _size_columns(table, placed)


# ---------------------------------------------------------------- column widths

# The width the table may take: A4 less the margins (21 cm - 2 × 2.2 cm).
TABLE_WIDTH_CM = 16.6
MIN_COLUMN_CM = 1.2
_CJK_CM = 12 / 72 * 2.54  # a Chinese character at 12 pt is 12 pt wide
_DIGIT_CM = _CJK_CM / 2  # a digit of Times New Roman: half that
_LATIN_CM = _CJK_CM * 0.6  # other Latin letters and signs, on average at most
CELL_MARGIN_CM = 0.1  # left and right inside each cell (Word's default is 0.19)
_PADDING_CM = 2 * CELL_MARGIN_CM + 0.1  # the margins, and a little air
_LABEL_CHARS = 4  # a label wider than this wraps (出生年月 does not, 技能大师领办人 does)
_WRAP_CM = 4.5  # a long value wraps at about this width; a short one stays on one line


@dataclass(frozen=True)
class _Placed:
    row: int
    column: int  # the first grid column
    span: int
    text: str
    label: bool


def _text_cm(text: str) -> float:
    return sum(
        _DIGIT_CM if char.isdigit() else _LATIN_CM if ord(char) < 0x2E80 else _CJK_CM
        for char in text
    )


def _wanted_cm(cell: _Placed) -> float:
    """The width a cell's text wants: a short value on one line, a label of up to
    four characters on one line, a long value wrapped (but never inside a Latin word
    or number: an e-mail address, a phone or an ID number stays whole)."""
    lines = cell.text.splitlines() or [""]
    if cell.label:
        return min(_text_cm(max(lines, key=_text_cm)), _LABEL_CHARS * _CJK_CM) + _PADDING_CM
    words = [word for line in lines for word in re.findall(r"[\x21-\u2e7f]+", line)]
    unbreakable = max((_text_cm(word) for word in words), default=0.0)
    natural = max(_text_cm(line) for line in lines)
    return max(unbreakable, min(natural, _WRAP_CM)) + _PADDING_CM


def column_widths(placed: Sequence[_Placed]) -> list[float]:
    """Each grid column's width in cm: wide enough for what its cells hold (a cell over
    several columns shares its need among them), the whole stretched or shrunk to
    :data:`TABLE_WIDTH_CM`."""
    widths = [MIN_COLUMN_CM] * COLUMNS
    for cell in sorted(placed, key=lambda c: (c.span, -_wanted_cm(c))):
        columns = range(cell.column, cell.column + cell.span)
        short = _wanted_cm(cell) - sum(widths[i] for i in columns)
        if short > 0:
            for i in columns:
                widths[i] += short / cell.span
    scale = TABLE_WIDTH_CM / sum(widths)
    return [round(width * scale, 3) for width in widths]


def _size_columns(table: Table, placed: Sequence[_Placed]) -> None:
    """Set the grid's column widths and every cell's (Word goes by the cells')."""
    widths = column_widths(placed)
    table.autofit = False  # a fixed layout: the widths are kept, not recomputed
    _cell_margins(table, CELL_MARGIN_CM)
    for number, width in enumerate(widths):
        table.columns[number].width = Cm(width)
    for cell in placed:
        target = table.cell(cell.row, cell.column)
        target.width = Cm(sum(widths[cell.column : cell.column + cell.span]))


def _cell_margins(table: Table, cm: float) -> None:
    """The left and right margin inside every cell of the table (its w:tblCellMar)."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(cm / 2.54 * 1440)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    layout = properties.find(qn("w:tblLayout"))
    look = properties.find(qn("w:tblLook"))
    if layout is not None:  # the schema's order: … tblLayout, tblCellMar, tblLook …
        layout.addnext(margins)
    elif look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _fill(cell: _Cell, text: str, *, label: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.splitlines() or [""]
    paragraph = cell.paragraphs[0]
    for number, line in enumerate(lines):
        if number:
            paragraph = cell.add_paragraph()
        paragraph.text = line
        if label:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
