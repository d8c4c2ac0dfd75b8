"""Read a filled application form (申请表 .docx) back into a dossier: the library part of
``dashi import`` (issue 14). What it does is documented for officers in docs/import.md.

:func:`read_form` takes the bytes of a .docx (a .doc is converted through LibreOffice
first, :func:`convert_doc`) and returns a :class:`FormRead`: the dossier as a plain
nested dict with English keys holding only what was found, where each value came from,
the boxes that were not found or left empty, and the values it could not place.
:func:`dossier_yaml` writes that as a dossier in format v1 (Chinese keys by default),
every box that was not found present with an empty value and a comment naming it, so
that ``dashi check`` then reports exactly what is missing (F001).

How the form is read:

- **Boxes are found by their labels, never by cell positions.** A label is compared
  after removing all white space (line breaks and the full-width space included), the
  colons and asterisks around it, and with half- and full-width brackets made alike and
  Latin letters made lower-case: ``申 报 单 位 名 称``, ``获何种技术能手\\n称号`` and
  ``E-mail：`` are labels. Besides the annex's own labels (those
  :mod:`dashi_cli.application_form` writes), common variants are known (``单位名称``,
  ``开户银行`` and ``银行账号`` as two boxes, ``电子邮箱``, ``身份证号码``, …: see
  ``_LABELS``).
- **A label's value** is the next cell to its right in the same row (a merged cell counts
  once), unless that cell is itself a label; a label alone in its row takes a lone cell
  in the row below (a box written under its label). A cell ``负责人：罗志远`` holds a label
  and its value; in ``技能大师领办人 | 姓名 | 李卫东`` the name is the cell after 姓名.
  ``办公电话`` belongs to the 负责人 or the 联系人 named before it (with neither: listed,
  not guessed). A cell continuing a vertical merge is the cell above, read once.
- **The cover**: paragraphs ``申报单位 …``, ``工作室职业（工种） …`` and ``填报时间 …``,
  with or without a colon, underscores and spaces around the value removed. 填报时间 is
  the applicant's own date on the application: it is read as ``review.applied_on``.
- **Combined boxes are split**: 开户银行及账号 into the bank and the account (the
  trailing run of digits, spaces and dashes); 工作单位及职务 into employer and position
  (at the last space, comma or slash; without one it is all the employer); 工作室面积
  into square metres (``120``, ``120平方米``, ``120 m²``, ``120㎡``); 工作室基本设施 and
  获何种技术能手称号 into lists (at 、，,；; and line breaks outside brackets); 工作室人员
  ``张三（技师，数控车工）；李四（高级技师，电工）`` into members (name, then the skill
  level and the occupation in brackets, as the form writes them; 男/女 there is the
  gender, a level on the ladder is the level whatever its place).
- **Dates** (填报时间) become ISO dates and **year-months** (出生年月, 参加工作时间)
  ``YYYY-MM`` text, from every form :mod:`dashi_cli.textforms` reads.
- **The team table**: a row whose every cell is a heading, among them 姓名 and at least
  two more of 性别, 身份证号, 职业（工种）, 职业技能等级, 证书编号, … (a second table, or
  rows inside the first) starts a list of members, one a row, until a row with a label
  of the form. When it has members, they replace those read from 工作室人员.
- **Placeholders are empty**: a value that is only ``无``, ``/``, ``—`` or the blanks of
  ``____年__月__日`` counts as not filled in.
- **It never guesses.** A non-empty cell that is neither a label nor the value of one
  (nor in an opinion box: the rows whose label ends in 意见, and 签字/盖章 lines) is
  listed in :attr:`FormRead.unplaced` with its table, row and column (1-based, the
  column counted on the table's grid); so is a value that cannot be read for its box
  (``八十年代`` as 出生年月, a gender other than 男 or 女, a leader's level off the
  ladder), left empty in the dossier, and a second, different value for a box already
  read (the table's 申报单位名称 wins over the cover's 申报单位).

Inputs are untrusted: the file is refused with a one-line :class:`FormError` (a
:class:`~dashi_cli.errors.DashiError`) when it is empty, not a zip, a zip that is not a
Word document, larger than :data:`MAX_BYTES` packed or unpacked (zip bombs), has no
table, or has no box of the form. The document part is parsed with the standard
library's expat (which refuses entity expansion bombs), never with DTDs, and walked
without recursion. python-docx is not used here, so that this module costs nothing on
the ``check`` path.
"""

from __future__ import annotations

import contextlib
import functools
import lzma
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.etree import ElementTree

from dashi_cli.errors import DashiError
from dashi_cli.model.keys import ZH_KEYS
from dashi_cli.textforms import parse_date, parse_year_month

if TYPE_CHECKING:
    from dashi_cli.pack import Pack

__all__ = [
    "MAX_BYTES",
    "FormError",
    "FormRead",
    "Missing",
    "Unplaced",
    "Where",
    "convert_doc",
    "dossier_yaml",
    "read_form",
    "read_form_file",
]

MAX_BYTES = 50 * 1024 * 1024  # a form's file, and everything in it unpacked
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # the document's own XML part
MAX_PARTS = 5_000  # entries in the zip
CONVERT_TIMEOUT = 120.0  # seconds LibreOffice may take for one .doc
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a .doc (and an encrypted .docx)

# ---------------------------------------------------------------- results


class FormError(DashiError):
    """The file cannot be read as an application form. ``str()`` is the English message
    (what :class:`DashiError` carries everywhere); :attr:`zh` is the same in Chinese."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


@dataclass(frozen=True)
class Where:
    """Where a value stood: a cell of a table (``table``, ``row``, ``column``, all
    1-based, the column counted on the table's grid) or a paragraph of the cover."""

    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None

    def describe(self, lang: Literal["zh", "en"] = "zh") -> str:
        if self.table is None:
            if lang == "zh":
                return f"封面第 {self.paragraph} 段"
            return f"cover, paragraph {self.paragraph}"
        if lang == "zh":
            return f"表 {self.table} 第 {self.row} 行第 {self.column} 列"
        return f"table {self.table}, row {self.row}, column {self.column}"

    def __str__(self) -> str:
        return self.describe("en")


@dataclass(frozen=True)
class Missing:
    """A box of the form that gave no value for ``path``: ``box`` is where the box is
    when it is on the form but empty, None when the form has no such box; ``part`` names
    the half of a combined box that was missing (开户银行及账号 without an account)."""

    path: str
    label: str
    box: Where | None = None
    part: str | None = None


Reason = Literal["no_box", "unreadable", "duplicate"]


@dataclass(frozen=True)
class Unplaced:
    """A value not taken into the dossier: ``no_box`` (in no box), ``unreadable`` (in the
    box ``label`` for ``path``, but not of its kind) or ``duplicate`` (a second value,
    unlike the first, for a box already read)."""

    where: Where
    text: str
    reason: Reason = "no_box"
    label: str | None = None
    path: str | None = None
    expected: str | None = None  # what the box takes, for "unreadable": 年月, 日期, …

    @property
    def table(self) -> int | None:
        return self.where.table

    @property
    def row(self) -> int | None:
        return self.where.row

    @property
    def column(self) -> int | None:
        return self.where.column

    def describe(self, lang: Literal["zh", "en"] = "zh") -> str:
        """One line for stderr: where, what, why."""
        text = _one_line(self.text)
        where = self.where.describe(lang)
        if lang == "zh":
            if self.reason == "unreadable":
                expected = _EXPECTED_ZH.get(self.expected or "", self.expected)
                return f"{where}：“{text}”无法读作“{self.label}”（{expected}），未采用"
            if self.reason == "duplicate":
                return f"{where}：“{text}”与已读到的“{self.label}”不同，未采用"
            return f"{where}：“{text}”不属于申请表的任何一栏，未采用"
        if self.reason == "unreadable":
            return f'{where}: "{text}" is not a {self.expected} for box "{self.label}"; not taken'
        if self.reason == "duplicate":
            return f'{where}: "{text}" differs from the "{self.label}" already read; not taken'
        return f'{where}: "{text}" is in no box of the form; not taken'


_EXPECTED_ZH = {
    "year-month": "年月",
    "date": "日期",
    "number": "数字",
    "gender": "男或女",
    "skill level": "职业技能等级",
    "member": "成员：姓名（等级，职业）",
}


@dataclass
class FormRead:
    """What a form gave: ``dossier`` (English keys, found fields only), ``sources``
    (dotted path → where its value was read; ``members[0]`` for a row of the team
    table), ``missing`` (boxes without a value, in the form's order) and ``unplaced``."""

    name: str
    dossier: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Where] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    tables: int = 0


# ---------------------------------------------------------------- labels


def normal_label(text: str) -> str:
    """A label as compared: no white space, no colons or asterisks around it, brackets
    full-width, Latin letters lower-case."""
    text = "".join(text.split()).translate(_LABEL_TABLE)
    return text.strip("：*＊").lower()


_LABEL_TABLE = str.maketrans({"(": "（", ")": "）", ":": "：", "\u200b": None, "\ufeff": None})

# The kinds of value a box holds (how its text is read).
Kind = Literal[
    "text",
    "ident",
    "gender",
    "level",
    "year_month",
    "date",
    "area",
    "list",
    "bank",
    "employer",
    "members",
    "achievements",
]


def _zh_name(mapping: str, key: str) -> str:
    """A key's first Chinese name in its mapping (``members[]`` for a member)."""
    for chinese, english in ZH_KEYS.get(mapping, {}).items():
        if english == key:
            return chinese
    return key


@dataclass(frozen=True)
class _Box:
    label: str  # the form's own label, as comments and messages name it
    path: str  # dotted; the first path of a combined box
    kind: Kind
    names: tuple[str, ...] = ()  # other labels it goes by


# Every box the form has (the annex's, as application_form writes them, and the cover's),
# in the form's order. 办公电话 is the 负责人's or the 联系人's, by context.
_ANNEX: tuple[_Box, ...] = (
    _Box("申报单位名称", "applicant.name", "text", ("申报单位", "单位名称")),
    _Box("单位性质", "applicant.nature", "text"),
    _Box("负责人", "applicant.head.name", "text", ("单位负责人",)),
    _Box("办公电话", "applicant.head.office_phone", "ident", ("负责人办公电话",)),
    _Box("联系人", "applicant.contact.name", "text"),
    _Box("办公电话", "applicant.contact.office_phone", "ident", ("联系人办公电话",)),
    _Box("手机", "applicant.contact.mobile", "ident", ("手机号码", "联系人手机", "移动电话")),
    _Box("E-mail", "applicant.contact.email", "text", ("email", "电子邮箱", "邮箱", "电子邮件")),
    _Box("传真", "applicant.contact.fax", "ident", ("传真号码",)),
    _Box("通信地址", "applicant.address", "text", ("通讯地址", "单位地址", "地址")),
    _Box("邮政编码", "applicant.postal_code", "ident", ("邮编",)),
    _Box(
        "开户银行及账号",
        "applicant.bank.name",
        "bank",
        ("开户银行及帐号", "开户行及账号", "开户行及帐号", "开户银行及银行账号"),
    ),
    _Box("技能大师领办人", "leader.name", "text", ("领办人", "领办人姓名", "技能大师姓名")),
    _Box("性别", "leader.gender", "gender"),
    _Box("民族", "leader.ethnicity", "text"),
    _Box("出生年月", "leader.birth", "year_month", ("出生日期",)),
    _Box("参加工作时间", "leader.work_start", "year_month", ("参加工作年月",)),
    _Box("政治面貌", "leader.political_status", "text"),
    _Box("身份证号", "leader.id_number", "ident", ("身份证号码", "公民身份号码")),
    _Box("工作单位及职务", "leader.employer", "employer", ("工作单位及职位",)),
    _Box("从事职业（工种）", "leader.occupation", "text", ("职业（工种）", "从事职业", "从事工种")),
    _Box("职业技能等级", "leader.skill_level", "level", ("技能等级",)),
    _Box(
        "获何种技术能手称号",
        "leader.honors",
        "list",
        ("获得何种技术能手称号", "技术能手称号", "何种技术能手称号"),
    ),
    _Box("联系电话", "leader.phone", "ident"),
    _Box("工作室地点", "studio.location", "text", ("工作室地址",)),
    _Box(
        "工作室面积",
        "studio.area_m2",
        "area",
        ("工作室面积（平方米）", "工作室面积（㎡）", "工作室面积（m²）", "工作室面积（m2）"),
    ),
    _Box("工作室基本设施", "studio.facilities", "list", ("基本设施",)),
    _Box("工作室人员", "members", "members", ("工作室主要成员", "主要成员", "工作室成员")),
    _Box(
        "技能大师工作业绩、专利情况、主要创新发明等情况（可另附页）",
        "leader.achievements",
        "achievements",
        (
            "技能大师工作业绩、专利情况、主要创新发明等情况",
            "工作业绩、专利情况、主要创新发明等情况",
            "工作业绩、专利情况、主要创新发明",
            "工作业绩",
        ),
    ),
    # the cover
    _Box("工作室职业（工种）", "studio.occupation", "text", ("工作室职业",)),
    _Box("填报时间", "review.applied_on", "date", ("填表时间", "填报日期", "填表日期")),
)
# Boxes a hand-edited form may have besides the annex's.
_EXTRA: tuple[_Box, ...] = (
    _Box(_zh_name("studio", "name"), "studio.name", "text"),  # the format's name for it
    _Box("统一社会信用代码", "applicant.credit_code", "ident"),
    _Box("开户银行", "applicant.bank.name", "text", ("开户行", "银行名称")),
    _Box("银行账号", "applicant.bank.account", "ident", ("账号", "帐号", "银行帐号")),
    _Box("工作单位", "leader.employer", "text"),
    _Box("职务", "leader.position", "text"),
)
_BOXES = _ANNEX + _EXTRA
# The cover's lines, longest first where one label starts another.
_COVER_LABELS: tuple[str, ...] = (
    "申报单位名称",
    "申报单位",
    "工作室职业（工种）",
    "工作室职业",
    "填报时间",
    "填表时间",
    "填报日期",
    "填表日期",
)
_OFFICE_PHONE = "办公电话"  # the 负责人's or the 联系人's: whichever was named last


def _label_index() -> dict[str, _Box]:
    index: dict[str, _Box] = {}
    for box in _BOXES:
        for name in (box.label, *box.names):
            index.setdefault(normal_label(name), box)
    return index


_LABELS = _label_index()

# The paths a combined box fills, with the name of each part.
_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "bank": (("applicant.bank.name", "开户银行"), ("applicant.bank.account", "账号")),
    "employer": (("leader.employer", "工作单位"), ("leader.position", "职务")),
}


# How comments and messages name a box that the form has twice.
_WHOSE = {
    "applicant.head.office_phone": "办公电话（负责人）",
    "applicant.contact.office_phone": "办公电话（联系人）",
}


def _paths(box: _Box) -> tuple[tuple[str, str | None], ...]:
    return _PARTS.get(box.kind) or ((box.path, None),)


# The team table's headings → a member's key (certificate.* nested); "" is ignored.
_TEAM: dict[str, str] = {
    normal_label(k): v
    for k, v in {
        "姓名": "name",
        "性别": "gender",
        "身份证号": "id_number",
        "身份证号码": "id_number",
        "公民身份号码": "id_number",
        "职业（工种）": "occupation",
        "从事职业（工种）": "occupation",
        "职业": "occupation",
        "工种": "occupation",
        "职业技能等级": "skill_level",
        "技能等级": "skill_level",
        "职业资格等级": "skill_level",
        "等级": "skill_level",
        "职业分类大典编码": "occupation_code",
        "证书编号": "certificate.number",
        "证书号": "certificate.number",
        "证书号码": "certificate.number",
        "职业资格证书编号": "certificate.number",
        "职业技能等级证书编号": "certificate.number",
        "证书种类": "certificate.kind",
        "证书类型": "certificate.kind",
        "发证日期": "certificate.issued_on",
        "发证时间": "certificate.issued_on",
        "序号": "",
    }.items()
}
_TEAM_TITLE = re.compile(r"^(?:工作室)?(?:主要)?(?:成员|人员)(?:名单|情况|信息|一览表|名册)?$")
_SIGNATURE = re.compile(r"签字|签名|签章|盖章|公章")
_PLACEHOLDERS = frozenset(
    {"", "无", "暂无", "/", "／", "\\", "-", "—", "——", "－", "年月日", "年月"}
)


def _opinion_cell(text: str) -> bool:
    """The label of an opinion box (申报单位意见, 专家组评审意见, …), with or without
    what is written after it in the cell."""
    label = normal_label(re.split("[：:]", text, maxsplit=1)[0])
    return label.endswith("意见") and len(label) <= 30


# The boxes that name a person: ``技能大师领办人 | 姓名 | 李卫东`` is read as the name.
_PEOPLE = frozenset({"applicant.head.name", "applicant.contact.name", "leader.name"})


def _empty(text: str) -> bool:
    """Nothing, or only a placeholder (无, /, the blanks of ____年__月__日)."""
    return "".join(text.split()).replace("_", "").replace("＿", "") in _PLACEHOLDERS


# ---------------------------------------------------------------- reading the package


def read_form_file(path: Path, pack: Pack | None = None) -> FormRead:
    """Read the form at ``path``: a .docx, or a .doc converted through LibreOffice."""
    data = _read_bounded(path)
    return read_form(data, path.name, pack)


def read_form(data: bytes, name: str, pack: Pack | None = None) -> FormRead:
    """Read a filled application form (the bytes of a .docx, or of a .doc when LibreOffice
    is installed) into a :class:`FormRead`. ``pack`` (the bundled rules pack by default)
    tells skill levels from occupations. Anything that is not a form raises
    :class:`FormError`, never another exception."""
    if not data:
        raise FormError(f"{name} is empty", f"{name} 是空文件")
    if len(data) > MAX_BYTES:
        raise _too_large(name)
    if data.startswith(_OLE2) or (name.lower().endswith(".doc") and not _is_zip(data)):
        data = _convert_doc_bytes(data, name)
    paragraphs, tables = _document(data, name)
    if not tables:
        raise FormError(
            f"{name} has no table: it is not the application form (申请表)",
            f"{name} 中没有表格，不是申请表",
        )
    if pack is None:
        from dashi_cli.pack import load_pack

        pack = load_pack()
    reader = _Reader(name, pack)
    for number, rows in enumerate(tables, 1):
        reader.table(number, rows)
    for number, text in enumerate(paragraphs, 1):
        reader.cover(number, text)
    read = reader.finish()
    read.tables = len(tables)
    if not read.sources and not any(m.box for m in read.missing):
        raise FormError(
            f"{name} is not the application form (申请表): none of its boxes was found",
            f"{name} 不是申请表：找不到申请表的任何一栏",
        )
    return read


def _is_zip(data: bytes) -> bool:
    return data.startswith(b"PK")


def _too_large(name: str) -> FormError:
    mb = MAX_BYTES // (1024 * 1024)
    return FormError(
        f"{name} is too large to be an application form (more than {mb} MB)",
        f"{name} 过大，不是申请表（超过 {mb} MB）",
    )


def _read_bounded(path: Path) -> bytes:
    """The file, at most MAX_BYTES, never blocking on a FIFO (files.read_bounded)."""
    from dashi_cli.files import NotReadable, TooLarge, read_bounded

    try:
        return read_bounded(path, MAX_BYTES)
    except TooLarge:
        raise _too_large(path.name) from None
    except NotReadable as exc:
        raise FormError(f"cannot read {path}: {exc}", f"无法读取 {path}：不是普通文件") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FormError(f"cannot read {path}: {reason}", f"无法读取 {path}：{reason}") from None


_ZIP_PROBLEMS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    KeyError,
    IndexError,
    zlib.error,
    lzma.LZMAError,
    ElementTree.ParseError,
    LookupError,
)


_WHY_ZH = {
    "not a zip package": "不是 zip 压缩包",
    "too many parts": "包含的部件过多",
    "no document part": "没有正文部件",
    "a document type declaration": "含有文档类型声明（DTD）",
    "nested too deeply": "嵌套层次过深",
    "not XML": "正文不是有效的 XML",
}


def _not_word(name: str, why: str = "") -> FormError:
    detail = f" ({why})" if why else ""
    zh = _WHY_ZH.get(why, "文件已损坏或不完整")  # the library's own words stay in English
    return FormError(
        f"{name} is not a Word document (.docx){detail}",
        f"{name} 不是 Word 文档（.docx）{'（' + zh + '）' if why else ''}",
    )


def _document(data: bytes, name: str) -> tuple[list[str], list[list[list[_Cell]]]]:
    """The cover's paragraphs and every table's rows, read from the package."""
    import io

    if not _is_zip(data):
        raise _not_word(name, "not a zip package")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > MAX_PARTS:
                raise _not_word(name, "too many parts")
            if sum(max(info.file_size, 0) for info in infos) > MAX_BYTES:
                raise _too_large(name)
            part = _main_part(package)
            if part is None:
                raise _not_word(name, "no document part")
            xml = _read_part(package, part, MAX_DOCUMENT_BYTES)
            if xml is None:
                raise _too_large(name)
        if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
            raise _not_word(name, "a document type declaration")
        root = ElementTree.fromstring(xml)
        return _walk(root)
    except FormError:
        raise
    except RecursionError:
        raise _not_word(name, "nested too deeply") from None
    except MemoryError:
        raise _too_large(name) from None
    except _ZIP_PROBLEMS as exc:
        raise _not_word(name, _one_line(str(exc))[:80] or type(exc).__name__) from None


def _read_part(package: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A part's bytes, or None when it unpacks to more than ``limit`` (whatever its
    header says)."""
    chunks: list[bytes] = []
    size = 0
    with package.open(name) as stream:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _main_part(package: zipfile.ZipFile) -> str | None:
    """The main document part: named by the package's relationships (Word may call it
    word/document2.xml), else word/document.xml."""
    names = set(package.namelist())
    if "_rels/.rels" in names:
        rels = _read_part(package, "_rels/.rels", 1 << 20)
        if rels is not None and b"<!DOCTYPE" not in rels and b"<!ENTITY" not in rels:
            for relation in ElementTree.fromstring(rels).iter(_RELS):
                if (relation.get("Type") or "").endswith("/officeDocument"):
                    target = (relation.get("Target") or "").lstrip("/")
                    if target in names:
                        return target
    return "word/document.xml" if "word/document.xml" in names else None


# ---------------------------------------------------------------- walking the XML

_W = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML"
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins"})
_MAX_DEPTH = 64  # wrappers inside wrappers, tables inside cells


def _local(element: ElementTree.Element) -> str:
    """The element's name when it is WordprocessingML, else ""."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    namespace, _, local = tag[1:].partition("}")
    return local if namespace in _W else ""


def _attr(element: ElementTree.Element, name: str) -> str | None:
    for namespace in _W:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return None


def _child(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _unwrapped(element: ElementTree.Element, wanted: str) -> Iterator[ElementTree.Element]:
    """The children named ``wanted``, looking through content controls and the like."""
    stack: list[tuple[Iterator[ElementTree.Element], int]] = [(iter(element), 0)]
    while stack:
        children, depth = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        local = _local(child)
        if local == wanted:
            yield child
        elif local in _WRAPPERS and depth < _MAX_DEPTH:
            stack.append((iter(child), depth + 1))


def _text(paragraph: ElementTree.Element) -> str:
    """A paragraph's text: its runs' text, tabs as spaces, breaks as line breaks;
    deleted text, field codes, text boxes and fallbacks left out."""
    parts: list[str] = []
    stack: list[Iterator[ElementTree.Element]] = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if isinstance(tag, str) and tag == f"{{{_MC}}}Fallback":
            continue
        local = _local(element)
        if local == "t":
            parts.append(element.text or "")
        elif local in ("tab", "ptab"):
            parts.append(" ")
        elif local in ("br", "cr"):
            parts.append("\n")
        elif local == "noBreakHyphen":
            parts.append("-")
        elif local in ("pPr", "rPr", "txbxContent", "del", "delText", "instrText"):
            continue
        if len(element) and len(stack) < _MAX_DEPTH * 4:
            stack.append(iter(element))
    return "".join(parts)


@dataclass(frozen=True)
class _Cell:
    row: int  # 1-based
    column: int  # 1-based, on the table's grid
    span: int
    text: str


def _walk(root: ElementTree.Element) -> tuple[list[str], list[list[list[_Cell]]]]:
    body = _child(root, "body")
    if body is None:
        raise ElementTree.ParseError("no document body")
    paragraphs = [_text(p) for p in _unwrapped(body, "p")]
    tables: list[list[list[_Cell]]] = []
    pending: list[tuple[ElementTree.Element, int]] = [(t, 0) for t in _unwrapped(body, "tbl")]
    pending.reverse()
    while pending:  # every table in document order, nested ones after their table
        table, depth = pending.pop()
        rows, nested = _rows(table)
        tables.append(rows)
        if depth < _MAX_DEPTH:
            pending.extend((t, depth + 1) for t in reversed(nested))
    return paragraphs, tables


def _int(value: str | None, default: int, high: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return min(max(number, 0 if default == 0 else 1), high)


def _rows(table: ElementTree.Element) -> tuple[list[list[_Cell]], list[ElementTree.Element]]:
    """The table's rows of cells (merged cells once: a cell continuing a vertical merge
    is left out, it is the cell above), and the tables nested in its cells."""
    rows: list[list[_Cell]] = []
    nested: list[ElementTree.Element] = []
    for number, row in enumerate(_unwrapped(table, "tr"), 1):
        properties = _child(row, "trPr")
        before = _child(properties, "gridBefore") if properties is not None else None
        column = _int(_attr(before, "val") if before is not None else None, 0, 1000)
        cells: list[_Cell] = []
        for cell in _unwrapped(row, "tc"):
            span, continued = 1, False
            cell_properties = _child(cell, "tcPr")
            if cell_properties is not None:
                grid_span = _child(cell_properties, "gridSpan")
                if grid_span is not None:
                    span = _int(_attr(grid_span, "val"), 1, 1000)
                v_merge = _child(cell_properties, "vMerge")
                h_merge = _child(cell_properties, "hMerge")
                continued = v_merge is not None and _attr(v_merge, "val") != "restart"
                if h_merge is not None and _attr(h_merge, "val") != "restart" and cells:
                    last = cells[-1]
                    cells[-1] = _Cell(last.row, last.column, last.span + span, last.text)
                    column += span
                    continue
            if not continued:
                text = "\n".join(_text(p) for p in _unwrapped(cell, "p"))
                cells.append(_Cell(number, column + 1, span, text))
            nested.extend(_unwrapped(cell, "tbl"))
            column += span
        rows.append(cells)
    return rows, nested


# ---------------------------------------------------------------- placing values


class _Reader:
    def __init__(self, name: str, pack: Pack) -> None:
        self.read = FormRead(name)
        self.pack = pack
        self.seen: dict[str, Where] = {}  # path → where its box is (filled or not)
        self.members_from_team = False
        self.summary: tuple[list[dict[str, Any]], Where] | None = None

    # -- the table

    def table(self, number: int, rows: list[list[_Cell]]) -> None:
        person: str | None = None  # whose 办公电话: "head" or "contact"
        index = 0
        taken: set[tuple[int, int]] = set()  # cells of the next row already read
        while index < len(rows):
            cells = rows[index]
            headings = self._team_headings(cells)
            if headings is not None:
                index = self._team(number, rows, index + 1, headings)
                continue
            if (
                self._team_title(cells)
                and index + 1 < len(rows)
                and self._team_headings(rows[index + 1]) is not None
            ):
                self.seen.setdefault("members", _at(number, cells[0]))
                index += 1
                continue
            position = 0
            while position < len(cells):
                cell = cells[position]
                position += 1
                if (cell.row, cell.column) in taken:
                    continue
                where = _at(number, cell)
                label, inline = self._label(cell.text)
                if label is None:
                    if _opinion_cell(cell.text):
                        position = len(cells)  # the box's lines follow: not the dossier's
                    elif not _empty(cell.text) and not _SIGNATURE.search(cell.text):
                        self.read.unplaced.append(Unplaced(where, cell.text.strip()))
                    continue
                box = label
                if box.path == "applicant.head.name":
                    person = "head"
                elif box.path == "applicant.contact.name":
                    person = "contact"
                path = box.path
                if self._label_text(cell.text, inline) == _OFFICE_PHONE:
                    if person is None:  # whose? never guessed: the value stays unplaced
                        if inline is not None:
                            self.read.unplaced.append(Unplaced(where, cell.text.strip()))
                        continue
                    path = f"applicant.{person}.office_phone"
                value_where = where
                if inline is None:  # the value is the next cell, or the lone cell below
                    following = cells[position] if position < len(cells) else None
                    if (
                        following is not None
                        and box.path in _PEOPLE
                        and normal_label(following.text) == "姓名"
                        and position + 1 < len(cells)
                    ):  # 技能大师领办人 | 姓名 | 李卫东: the name is the cell after 姓名
                        position += 1
                        following = cells[position]
                    if following is not None:
                        if self._label(following.text)[0] is None and not _opinion_cell(
                            following.text
                        ):
                            inline, value_where = following.text, _at(number, following)
                            position += 1
                    elif len(cells) == 1 and index + 1 < len(rows):
                        below = rows[index + 1]
                        if len(below) == 1 and self._label(below[0].text)[0] is None:
                            inline, value_where = below[0].text, _at(number, below[0])
                            taken.add((below[0].row, below[0].column))
                self._box(_Box(box.label, path, box.kind), inline or "", where, value_where)
            index += 1

    @staticmethod
    def _label_text(text: str, inline: str | None) -> str:
        """The label part of a label cell, normalised."""
        if inline is None:
            return normal_label(text)
        for colon in ("：", ":"):
            if colon in text:
                return normal_label(text.partition(colon)[0])
        return normal_label(text)

    def _label(self, text: str) -> tuple[_Box | None, str | None]:
        """The box a cell is the label of, and the value typed after it in the cell."""
        box = _LABELS.get(normal_label(text))
        if box is not None:
            return box, None
        for colon in ("：", ":"):
            head, found, tail = text.partition(colon)
            if found and head.strip():
                box = _LABELS.get(normal_label(head))
                if box is not None:
                    return box, tail if tail.strip() else None
        return None, None

    # -- the team table

    def _team_headings(self, cells: list[_Cell]) -> list[tuple[_Cell, str | None]] | None:
        if len(cells) < 3 or any(_empty(c.text) for c in cells):
            return None
        keys = [_TEAM.get(normal_label(c.text)) for c in cells]
        known = [k for k in keys if k]
        if "name" not in known or len(set(known)) < 3 or len(known) < len(keys) - len(known):
            return None
        return list(zip(cells, keys, strict=True))

    @staticmethod
    def _team_title(cells: list[_Cell]) -> bool:
        if len(cells) != 1:
            return False
        label = normal_label(cells[0].text)
        box = _LABELS.get(label)
        return bool(_TEAM_TITLE.match(label)) or (box is not None and box.kind == "members")

    def _team(
        self,
        number: int,
        rows: list[list[_Cell]],
        index: int,
        heads: list[tuple[_Cell, str | None]],
    ) -> int:
        """Read the members below the headings; the index of the first row after them."""
        members: list[dict[str, Any]] = []
        while index < len(rows):
            cells = rows[index]
            if self._team_headings(cells) is not None or any(
                self._label(c.text)[0] is not None or _opinion_cell(c.text) for c in cells
            ):
                break
            if all(_empty(c.text) for c in cells):
                index += 1
                continue
            member: dict[str, Any] = {}
            where_row = _at(number, cells[0])
            for cell in cells:
                if _empty(cell.text):
                    continue
                key = _heading_for(heads, cell)
                where = _at(number, cell)
                if key is None or key == "":
                    if key is None:
                        self.read.unplaced.append(Unplaced(where, cell.text.strip()))
                    continue
                self._member_value(member, key, cell.text, where)
            if member:
                before = len(self.read.dossier["members"]) if self.members_from_team else 0
                self.read.sources[f"members[{before + len(members)}]"] = where_row
                members.append(member)
            index += 1
        if members:
            existing = self.read.dossier.get("members") if self.members_from_team else None
            self.read.dossier["members"] = [*(existing or []), *members]
            if not self.members_from_team:
                self.read.sources["members"] = _at(number, heads[0][0])
            self.members_from_team = True
            self.seen.setdefault("members", _at(number, heads[0][0]))
        return index

    def _member_value(self, member: dict[str, Any], key: str, text: str, where: Where) -> None:
        value = _single_line(text)
        label = "工作室人员"
        if key == "gender":
            gender = _gender(value)
            if gender is None:
                self._unreadable(where, value, label, "members", "gender")
                return
            member["gender"] = gender
        elif key == "certificate.issued_on":
            day = parse_date(value)
            if day is None:
                self._unreadable(where, value, label, "members", "date")
                return
            member.setdefault("certificate", {})["issued_on"] = day
        elif key.startswith("certificate."):
            member.setdefault("certificate", {})[key.partition(".")[2]] = value
        else:
            member[key] = value

    # -- the cover

    def cover(self, number: int, text: str) -> None:
        stripped = text.strip(" \t\n\u3000_＿")
        for label in _COVER_LABELS:
            match = _cover_pattern(label).match(stripped)
            if match is None:
                continue
            box = _LABELS[normal_label(label)]
            where = Where(paragraph=number)
            self._box(box, match.group(1) or "", where, where)
            return

    # -- values

    def _box(self, box: _Box, text: str, label_at: Where, value_at: Where) -> None:
        """Read the value ``text`` of ``box`` (its label at ``label_at``)."""
        for path, _part in _paths(box):
            self.seen.setdefault(path, label_at)
        if _empty(text):
            return
        kind = box.kind
        single = _single_line(text)
        if kind in ("text", "ident"):
            self._put(box, box.path, single, value_at)
        elif kind == "achievements":
            self._put(box, box.path, _multi_line(text), value_at)
        elif kind in _TYPED:  # a value of a kind: taken as read, or listed as unreadable
            parse, expected = _TYPED[kind]
            value = parse(single, self.pack)
            if value is None:
                self._unreadable(value_at, single, box.label, box.path, expected)
            else:
                self._put(box, box.path, value, value_at)
        elif kind == "list":
            items = [_single_line(t) for t in _split(text, "、，,；;\n")]
            items = [t for t in items if not _empty(t)]
            if items:
                self._put(box, box.path, items, value_at)
        elif kind == "bank":
            bank, account = _bank(single)
            if bank:
                self._put(box, "applicant.bank.name", bank, value_at)
            if account:
                self._put(box, "applicant.bank.account", account, value_at)
        elif kind == "employer":
            employer, position = _employer(single)
            self._put(box, "leader.employer", employer, value_at)
            if position:
                self._put(box, "leader.position", position, value_at)
        elif kind == "members":
            self._summary(box, text, value_at)

    def _summary(self, box: _Box, text: str, where: Where) -> None:
        """工作室人员 as the form writes it: 姓名（等级，职业）；…"""
        members: list[dict[str, Any]] = []
        for entry in _split(text, "；;、，,\n"):
            entry = _single_line(entry)
            if _empty(entry):
                continue
            member = self._member(entry)
            if member is None:
                self._unreadable(where, entry, box.label, "members", "member")
            else:
                members.append(member)
        if members and self.summary is None:
            self.summary = (members, where)

    def _member(self, entry: str) -> dict[str, Any] | None:
        match = re.fullmatch(r"([^（(）)]+?)\s*[（(]([^（(）)]*)[）)]", entry)
        if match is None:
            if re.search(r"[\s（(）)：:]", entry):
                return None
            return {"name": entry}
        member: dict[str, Any] = {"name": match.group(1).strip()}
        free: list[str] = []
        for part in re.split(r"[，,、/／;；]", match.group(2)):
            part = part.strip()
            if not part:
                continue
            if _gender(part) is not None and "gender" not in member:
                member["gender"] = _gender(part)
            elif re.fullmatch(r"\d{17}[\dXx]", part) and "id_number" not in member:
                member["id_number"] = part
            else:
                free.append(part)
        if len(free) > 2:
            return None
        if len(free) == 2:
            level, occupation = free
            if self.pack.canonical_level(level) is None and self.pack.canonical_level(occupation):
                level, occupation = occupation, level
            member["skill_level"], member["occupation"] = level, occupation
        elif free:
            key = "skill_level" if self.pack.canonical_level(free[0]) else "occupation"
            member[key] = free[0]
        return member

    def _unreadable(self, where: Where, text: str, label: str, path: str, expected: str) -> None:
        self.read.unplaced.append(Unplaced(where, text, "unreadable", label, path, expected))

    def _put(self, box: _Box, path: str, value: Any, where: Where) -> None:
        target = self.read.dossier
        *parents, key = path.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        if key in target:
            if target[key] != value:
                self.read.unplaced.append(
                    Unplaced(where, _shown(value), "duplicate", box.label, path)
                )
            return
        target[key] = value
        self.read.sources[path] = where

    # -- the end

    def finish(self) -> FormRead:
        read = self.read
        # this is the application form: it has been handed in (四.1), whatever else has
        read.dossier.setdefault("materials", {})["application_form"] = True
        if self.summary is not None and not self.members_from_team:
            members, where = self.summary
            read.dossier["members"] = members
            read.sources["members"] = where
        elif self.summary is not None:  # the team table's members win; say what they leave out
            members, where = self.summary
            in_team = {m.get("name") for m in read.dossier.get("members") or []}
            for member in members:
                if member.get("name") and member["name"] not in in_team:
                    read.unplaced.append(
                        Unplaced(where, str(member["name"]), "duplicate", "工作室人员", "members")
                    )
        for box in _ANNEX:
            parts = _paths(box)
            found_some = any(_has(read.dossier, path) for path, _part in parts)
            for path, part in parts:
                if _has(read.dossier, path) or any(m.path == path for m in read.missing):
                    continue
                # a combined box that gave one part: name the part that is missing
                named = part if found_some and path in self.seen else None
                label = _WHOSE.get(path, box.label)
                read.missing.append(Missing(path, label, self.seen.get(path), named))
        return read


def _at(table: int, cell: _Cell) -> Where:
    return Where(table, cell.row, cell.column)


def _heading_for(heads: list[tuple[_Cell, str | None]], cell: _Cell) -> str | None:
    for head, key in heads:
        if head.column <= cell.column < head.column + head.span:
            return key if key is not None else None
    return None


def _has(dossier: dict[str, Any], path: str) -> bool:
    target: Any = dossier
    for key in path.split("."):
        if not isinstance(target, dict) or key not in target:
            return False
        target = target[key]
    return True


_COVER_PATTERNS: dict[str, re.Pattern[str]] = {}


def _cover_pattern(label: str) -> re.Pattern[str]:
    """``申 报 单 位：____X____`` for 申报单位: the label's characters with white space
    allowed between them, then a space, colon, underscore or the end, then the value."""
    pattern = _COVER_PATTERNS.get(label)
    if pattern is None:
        chars = []
        for char in label:
            if char in "（(":
                chars.append("[（(]")
            elif char in "）)":
                chars.append("[）)]")
            else:
                chars.append(re.escape(char))
        pattern = re.compile(r"[\s\u3000]*".join(chars) + r"(?:[\s\u3000：:_＿]+(.*))?$", re.S)
        _COVER_PATTERNS[label] = pattern
    return pattern


# ---------------------------------------------------------------- values


def _single_line(text: str) -> str:
    """A one-line box's text: lines joined (no space between Chinese characters),
    underscores and white space around it removed."""
    lines = [line.strip(" \t\u3000_＿") for line in text.splitlines()]
    joined = ""
    for line in lines:
        if not line:
            continue
        if joined and (joined[-1].isascii() or line[0].isascii()):
            joined += " "
        joined += line
    return joined


def _multi_line(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(lines)


def _split(text: str, separators: str) -> list[str]:
    """Split at the separators that stand outside brackets."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in "（([【「《":
            depth += 1
        elif char in "）)]】」》":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _gender(text: str) -> str | None:
    value = "".join(text.split())
    return {"男": "男", "女": "女", "男性": "男", "女性": "女"}.get(value)


def _year_month(text: str) -> str | None:
    parsed = parse_year_month(text)
    if parsed is None:
        day = parse_date(text)
        if day is None:
            return None
        parsed = (day.year, day.month)
    return f"{parsed[0]:04d}-{parsed[1]:02d}"


_AREA = re.compile(r"(\d+(?:\.\d+)?)\s*(?:平方米|平米|平方|㎡|m²|m2|平方公尺)?", re.IGNORECASE)


def _area(text: str) -> int | float | None:
    match = _AREA.fullmatch("".join(text.translate(_FULLWIDTH).split()))
    if match is None:
        return None
    number = float(match.group(1))
    if number.is_integer() and abs(number) < 1e15:
        return int(number)
    return number


_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _level(text: str, pack: Pack) -> str | None:
    return text if pack.canonical_level(text) is not None else None


# box kind → (what reads its text, None when it cannot; what the box takes, for the
# message that lists a value it cannot read)
_TYPED: dict[str, tuple[Callable[[str, Pack], Any], str]] = {
    "gender": (lambda text, _pack: _gender(text), "gender"),
    "level": (_level, "skill level"),
    "year_month": (lambda text, _pack: _year_month(text), "year-month"),
    "date": (lambda text, _pack: parse_date(text), "date"),
    "area": (lambda text, _pack: _area(text), "number"),
}


def _bank(text: str) -> tuple[str, str]:
    """开户银行及账号 → (bank, account): the account is the trailing run of digits,
    spaces and dashes (with at least 6 digits)."""
    match = re.fullmatch(r"(.*?)[\s:：,，;；]*([0-9０-９][0-9０-９\s\-－]*[0-9０-９])", text)
    if match is None or sum(c.isdigit() for c in match.group(2)) < 6:
        return text, ""
    bank = re.sub(
        r"[\s:：,，;；]*(?:银行)?(?:账号|帐号|账户|帐户)?[\s:：,，;；]*$", "", match.group(1)
    )
    return bank.strip(), match.group(2).strip()


def _employer(text: str) -> tuple[str, str]:
    """工作单位及职务 → (employer, position), split at the last space, comma or slash."""
    match = re.fullmatch(r"(.*\S)(?:\s+|\s*[，,/／]\s*)(\S[^\s，,/／]*)", text)
    if match is None:
        return text, ""
    return match.group(1), match.group(2)


def _one_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value)


# ---------------------------------------------------------------- .doc


def convert_doc(path: Path, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """A .doc file as .docx bytes, converted by LibreOffice (``soffice --headless
    --convert-to docx``) when it is installed; else :class:`FormError` saying so."""
    return _convert_doc_bytes(_read_bounded(path), path.name, timeout)


def _convert_doc_bytes(data: bytes, name: str, timeout: float = CONVERT_TIMEOUT) -> bytes:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise FormError(
            f"{name} is a .doc file: reading it needs LibreOffice (soffice), which is not "
            "installed; install LibreOffice, or save the form as .docx in Word or WPS",
            f"{name} 是 .doc 文件：读取它需要 LibreOffice（soffice），本机未安装；"
            "请安装 LibreOffice，或在 Word、WPS 中另存为 .docx",
        )
    with tempfile.TemporaryDirectory(prefix="dashi-import-") as folder:
        source = Path(folder, "form.doc")
        source.write_bytes(data)
        out = Path(folder, "out")
        command = [
            office,
            f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            raise FormError(
                f"{name}: LibreOffice could not be started ({exc.strerror or exc})",
                f"{name}：无法启动 LibreOffice（{exc.strerror or exc}）",
            ) from None
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            _end(process)
            raise FormError(
                f"{name}: LibreOffice did not convert it within {timeout:g} s",
                f"{name}：LibreOffice 未能在 {timeout:g} 秒内完成转换",
            ) from None
        result = out / "form.docx"
        if not result.is_file():
            raise FormError(
                f"{name}: LibreOffice could not convert it to .docx (is it a Word document?)",
                f"{name}：LibreOffice 无法将其转换为 .docx（是否为 Word 文档？）",
            )
        return _read_bounded(result)


def _end(process: subprocess.Popen[bytes]) -> None:
    """End the conversion we started, and what it started (its own session)."""
    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - not on POSIX
            process.kill()
    process.wait()


# ---------------------------------------------------------------- the dossier as YAML

# Every key the written dossier has, in order: ("box", …) a box of the form, written
# empty with a comment when not found; ("off", …) required but not on the form, written
# empty with a comment saying so; ("opt", …) written only when found.
_OUTLINE: tuple[tuple[str, str], ...] = (
    ("studio.name", "off"),
    ("studio.occupation", "box"),
    ("studio.location", "box"),
    ("studio.area_m2", "box"),
    ("studio.facilities", "box"),
    ("applicant.name", "box"),
    ("applicant.kind", "off"),
    ("applicant.nature", "box"),
    ("applicant.credit_code", "opt"),
    ("applicant.district", "off"),
    ("applicant.address", "box"),
    ("applicant.postal_code", "box"),
    ("applicant.head.name", "box"),
    ("applicant.head.office_phone", "box"),
    ("applicant.contact.name", "box"),
    ("applicant.contact.office_phone", "box"),
    ("applicant.contact.mobile", "box"),
    ("applicant.contact.email", "box"),
    ("applicant.contact.fax", "box"),
    ("applicant.bank.name", "box"),
    ("applicant.bank.account", "box"),
    ("leader.name", "box"),
    ("leader.gender", "box"),
    ("leader.ethnicity", "box"),
    ("leader.birth", "box"),
    ("leader.work_start", "box"),
    ("leader.political_status", "box"),
    ("leader.id_number", "box"),
    ("leader.employer", "box"),
    ("leader.position", "box"),
    ("leader.occupation", "box"),
    ("leader.skill_level", "box"),
    ("leader.honors", "box"),
    ("leader.phone", "box"),
    ("leader.achievements", "box"),
    ("members", "box"),
    ("plan.yearly_training_target", "off"),
    ("review.applied_on", "box"),
)

# Required keys the form has no box for: where they come from.
_OFF_FORM: dict[str, tuple[str, str]] = {
    "studio.name": (
        "申请表无此栏，见申办报告（第四条第2项）：请填写",
        "not on the form, see the application report (四.2): fill in",
    ),
    "applicant.kind": ("申请表无此栏（第一条）：请填写", "not on the form (clause 一): fill in"),
    "applicant.district": (
        "申请表无此栏（第一条）：请填写",
        "not on the form (clause 一): fill in",
    ),
    "plan.yearly_training_target": (
        "申请表无此栏（第二条第3项）：请填写",
        "not on the form (clause 二.3): fill in",
    ),
}

# Keys always written in double quotes: numbers that are text.
_QUOTED = frozenset(
    {
        "applicant.credit_code",
        "applicant.postal_code",
        "applicant.head.office_phone",
        "applicant.contact.office_phone",
        "applicant.contact.mobile",
        "applicant.contact.fax",
        "applicant.bank.account",
        "leader.id_number",
        "leader.phone",
        "leader.birth",
        "leader.work_start",
        "id_number",
        "number",
        "occupation_code",
    }
)

_COMMENT_COLUMN = 34


def dossier_yaml(read: FormRead, lang: Literal["zh", "en"] = "zh") -> str:
    """The dossier ``read`` gave, as YAML in format v1: Chinese keys (each key's first
    Chinese name, the form's own label where it has one) or English ones; every box not
    found or left empty written with an empty value and a comment naming the box; the
    required keys the form has no box for likewise; values YAML would misread quoted."""
    comments = _comments(read, lang)
    tree: dict[str, Any] = {"schema_version": 1}
    for path, kind in _OUTLINE:
        if _has(read.dossier, path):
            _set(tree, path, _value_at(read.dossier, path))
        elif kind != "opt":
            _set(tree, path, _EMPTY)
    _merge_rest(tree, read.dossier)
    lines = _header(read, lang)
    _emit(tree, "", 0, lang, comments, lines)
    return "\n".join(lines) + "\n"


class _Empty:
    """A key written with no value."""


_EMPTY = _Empty()


def _set(tree: dict[str, Any], path: str, value: Any) -> None:
    *parents, key = path.split(".")
    for parent in parents:
        tree = tree.setdefault(parent, {})
    tree[key] = value


def _value_at(dossier: dict[str, Any], path: str) -> Any:
    target: Any = dossier
    for key in path.split("."):
        target = target[key]
    return target


def _merge_rest(tree: dict[str, Any], found: dict[str, Any]) -> None:
    """Found keys the outline does not list, after those it does (in their mapping)."""
    for key, value in found.items():
        if key not in tree:
            tree[key] = value
        elif isinstance(value, dict) and isinstance(tree[key], dict):
            _merge_rest(tree[key], value)


def _comments(read: FormRead, lang: str) -> dict[str, str]:
    zh = lang == "zh"
    comments: dict[str, str] = {}
    for missing in read.missing:
        label = missing.label
        if missing.box is None:
            text = f"申请表中没有“{label}”栏" if zh else f"the form has no box “{label}”"
        elif missing.part:
            part_en = {"账号": "account", "开户银行": "bank", "职务": "position"}.get(missing.part)
            if zh:
                text = f"申请表“{label}”栏中没有{missing.part}（{missing.box.describe('zh')}）"
            else:
                text = f"form box “{label}” has no {part_en or missing.part} ({missing.box})"
        elif zh:
            text = f"申请表“{label}”栏未填写（{missing.box.describe('zh')}）"
        else:
            text = f"form box “{label}” is empty ({missing.box})"
        comments[missing.path] = text
    for unplaced in read.unplaced:
        if unplaced.reason == "unreadable" and unplaced.path and unplaced.path != "members":
            comments[unplaced.path] = unplaced.describe("zh" if zh else "en")
    for path, (text_zh, text_en) in _OFF_FORM.items():
        comments.setdefault(path, text_zh if zh else text_en)
    for path in ("applicant.contact.fax", "leader.honors", "leader.position"):
        if path in comments:
            comments[path] += "（可空）" if zh else " (may stay empty)"
    return {path: _one_line(text)[:160] for path, text in comments.items()}


def _header(read: FormRead, lang: str) -> list[str]:
    name = _one_line(read.name)
    if lang == "zh":
        lines = [
            f"# 由 dashi import 读自申请表 {name}",
            "# 申请表上读到的栏目已填入；未找到或未填写的栏目留空，注释中注明申请表栏目；",
            "# 申请表没有的必填项（工作室名称、载体类型、所在县（市、区）、年度培养目标）",
            "# 须另行填写。",
            "# 填好后运行：dashi check 本文件",
        ]
        if read.unplaced:
            lines.append("# 以下内容未能归入任何一栏，请核对：")
    else:
        lines = [
            f"# Read by dashi import from the application form {name}",
            "# Boxes found on the form are filled in; boxes not found or empty are left empty,",
            "# with a comment naming the box. Required keys the form has no box for (studio",
            "# name, carrier kind, district, yearly training target) must be filled in.",
            "# Then run: dashi check this-file",
        ]
        if read.unplaced:
            lines.append("# Not placed in any box, to check:")
    for unplaced in read.unplaced[:200]:
        lines.append(f"#   {_one_line(unplaced.describe('zh' if lang == 'zh' else 'en'))[:200]}")
    return lines


def _emit(
    tree: dict[str, Any],
    where: str,
    indent: int,
    lang: str,
    comments: dict[str, str],
    lines: list[str],
    first: str | None = None,
) -> None:
    """Write the mapping ``tree`` found at the model path ``where`` (``members[]`` for a
    member), indented by ``indent``; ``first`` starts its first line (``- `` in a list)."""
    for number, (key, value) in enumerate(tree.items()):
        name = _zh_name(where, key) if lang == "zh" else key
        lead = first if first is not None and number == 0 else " " * indent
        path = f"{where}.{key}" if where else key
        if isinstance(value, _Empty) or value is None or value == [] or value == {}:
            _line(lines, f"{lead}{name}:", comments.get(path))
        elif isinstance(value, dict):
            lines.append(f"{lead}{name}:")
            _emit(value, path, indent + 2, lang, comments, lines)
        elif isinstance(value, list):
            lines.append(f"{lead}{name}:")
            for item in value:
                if isinstance(item, dict):
                    if item:
                        dash = " " * (indent + 2) + "- "
                        _emit(item, f"{path}[]", indent + 4, lang, comments, lines, dash)
                else:
                    lines.append(" " * (indent + 2) + "- " + _scalar(item, False)[0])
        else:
            text, block = _scalar(value, key in _QUOTED or path in _QUOTED)
            lines.append(f"{lead}{name}: {text}")
            lines.extend(" " * (indent + 2) + line if line else "" for line in block)


def _line(lines: list[str], text: str, comment: str | None) -> None:
    if comment:
        width = sum(2 if ord(c) > 0x2E7F else 1 for c in text)
        text += " " * max(_COMMENT_COLUMN - width, 1) + "# " + comment
    lines.append(text)


def _scalar(value: Any, quoted: bool) -> tuple[str, list[str]]:
    """A scalar as YAML: what follows ``key: ``, and the lines of a block scalar (each
    to be indented under its key)."""
    import yaml

    if isinstance(value, bool):
        return ("true" if value else "false"), []
    if isinstance(value, int | float):
        return repr(value), []
    if isinstance(value, date):
        return value.isoformat(), []
    text = str(value)
    if quoted:
        return _double_quoted(text), []
    if "\n" in text:
        dumped = yaml.dump(text, Dumper=_block_dumper(), allow_unicode=True, width=1 << 30)
        head, *rest = dumped.rstrip("\n").split("\n")
        if head.startswith("|") and all(not line or line.startswith("  ") for line in rest):
            return head, [line[2:] for line in rest]
        return _double_quoted(text), []
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30)
    plain, *rest = dumped.split("\n")
    if any(line not in ("", "...") for line in rest) or yaml.safe_load(plain) != text:
        return _double_quoted(text), []
    return plain, []


def _double_quoted(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable():
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


@functools.cache
def _block_dumper() -> type[Any]:
    """A YAML dumper writing text of several lines as a literal block (``|``)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def literal(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
        style = "|" if "\n" in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, literal)
    return Dumper
