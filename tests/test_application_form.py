"""The application form 《韶关市技能大师工作室申请表》 rendered as .docx from a dossier."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from dashi_cli.application_form import render_form
from dashi_cli.loading import load_file
from dashi_cli.model import Dossier, build_dossier
from dashi_cli.pack import load_pack

ROOT = Path(__file__).resolve().parents[1]
ELIGIBLE = ROOT / "examples" / "eligible.yaml"
FILLED_ON = date(2025, 3, 8)

# Every label of the form's table, exactly as the policy's annex writes it.
LABELS = [
    "申报单位名称",
    "单位性质",
    "负责人",
    "办公电话",
    "联系人",
    "手机",
    "E-mail",
    "传真",
    "通信地址",
    "邮政编码",
    "开户银行及账号",
    "技能大师领办人",
    "性别",
    "民族",
    "出生年月",
    "参加工作时间",
    "政治面貌",
    "身份证号",
    "工作单位及职务",
    "从事职业（工种）",
    "职业技能等级",
    "获何种技术能手称号",
    "联系电话",
    "工作室地点",
    "工作室面积",
    "工作室基本设施",
    "工作室人员",
    "技能大师工作业绩、专利情况、主要创新发明等情况（可另附页）",
]
OPINIONS = ["申报单位意见", "专家组评审意见", "市人力资源和社会保障局认定意见"]

# What the eligible example's form shows next to each label (办公电话 twice: head, contact).
EXPECTED = {
    "申报单位名称": ["韶关市示例技工学校"],
    "单位性质": ["事业单位"],
    "负责人": ["周志明"],
    "办公电话": ["0751-8876501", "0751-8876502"],
    "联系人": ["黄晓玲"],
    "手机": ["13926300001"],
    "E-mail": ["jiaowu@example.edu.cn"],
    "传真": [""],
    "通信地址": ["韶关市武江区沐溪大道 8 号"],
    "邮政编码": ["512026"],
    "开户银行及账号": ["中国建设银行韶关武江支行 44050170000000000001"],
    "技能大师领办人": ["李卫东"],
    "性别": ["男"],
    "民族": ["汉族"],
    "出生年月": ["1980年3月"],
    "参加工作时间": ["2000年7月"],
    "政治面貌": ["中共党员"],
    "身份证号": ["440201198003152313"],
    "工作单位及职务": ["韶关市示例技工学校 电气工程系主任"],
    "从事职业（工种）": ["电工"],
    "职业技能等级": ["高级技师"],
    "获何种技术能手称号": ["广东省技术能手、韶关市首席技师"],
    "联系电话": ["13926300002"],
    "工作室地点": ["韶关市武江区沐溪大道 8 号实训楼 2 层"],
    "工作室面积": ["320平方米"],
    "工作室基本设施": ["智能配电实训台 12 套、PLC 控制实训装置 20 套、电气安装实训工位 30 个"],
    "工作室人员": ["陈慧敏（技师，电工）；罗建国（技师，维修电工）；钟丽（高级工，电工）"],
    "技能大师工作业绩、专利情况、主要创新发明等情况（可另附页）": [
        "主持变电站二次回路智能检测装置研发，获实用新型专利 3 项；\n"
        "指导学生获全国技工院校技能大赛电工项目二等奖。"
    ],
}


@pytest.fixture(scope="module")
def eligible() -> Dossier:
    return build_dossier(load_file(ELIGIBLE), load_pack()).dossier


@pytest.fixture
def form(eligible: Dossier, tmp_path: Path) -> Path:
    out = tmp_path / "申请表.docx"
    render_form(eligible, out, filled_on=FILLED_ON)
    return out


def rows_of(path: Path) -> list[list[str]]:
    """The texts of the table's cells, row by row, a merged cell counted once."""
    (table,) = Document(str(path)).tables
    rows: list[list[str]] = []
    for row in table.rows:
        seen: list[Any] = []
        texts: list[str] = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            texts.append(cell.text)
        rows.append(texts)
    return rows


def all_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def labelled_values(rows: list[list[str]]) -> dict[str, list[str]]:
    """Label → the texts of the cells that follow it in its row (labels at even places)."""
    found: dict[str, list[str]] = {}
    for row in rows:
        for place in range(0, len(row) - 1, 2):
            found.setdefault(row[place], []).append(row[place + 1])
    return found


def test_every_shown_value_of_the_example_is_in_the_form(eligible: Dossier, form: Path) -> None:
    text = all_text(form)
    leader, applicant, studio = eligible.leader, eligible.applicant, eligible.studio
    assert leader is not None and applicant is not None and studio is not None
    assert leader.id_number == "440201198003152313"
    assert leader.id_number in text  # not masked: this is the form itself
    for values in EXPECTED.values():
        for value in values:
            assert value in text, value
    for member in eligible.members or []:
        assert member.name is not None and member.name in text
    for honor in leader.honors or []:
        assert honor in text
    for facility in studio.facilities or []:
        assert facility in text
    assert (leader.achievements or "").strip() in text
    assert "None" not in text


def test_the_cover_names_the_unit_the_occupation_and_the_date(form: Path) -> None:
    document = Document(str(form))
    paragraphs = [p.text for p in document.paragraphs]
    table_start = document.element.body.index(document.tables[0]._tbl)
    cover = [p.text for p in document.paragraphs if document.element.body.index(p._p) < table_start]
    assert any("韶关市技能大师工作室" in t and "申请表" in t for t in cover)
    assert "申报单位 韶关市示例技工学校" in cover
    assert "工作室职业（工种） 电工" in cover
    assert "填报时间 2025年3月8日" in cover
    assert paragraphs  # and a page break before the table
    breaks = document.element.body.xpath(".//w:br[@w:type='page']")
    assert breaks and document.element.body.index(breaks[-1].getparent().getparent()) < table_start


def test_the_table_has_every_label_each_followed_by_its_value(form: Path) -> None:
    rows = rows_of(form)
    found = labelled_values(rows[: -len(OPINIONS)])
    assert sorted(found) == sorted(LABELS)
    assert found == EXPECTED


def test_the_opinion_boxes_have_their_signature_and_date_lines(form: Path) -> None:
    rows = rows_of(form)
    boxes = rows[-len(OPINIONS) :]
    assert [row[0] for row in boxes] == OPINIONS
    assert all(len(row) == 2 for row in boxes)
    unit, experts, bureau = (row[1] for row in boxes)
    date_line = re.compile(r"年\s+月\s+日")
    assert "(签字盖章)" in unit and date_line.search(unit)
    assert "专家组组长 (签字):" in experts and date_line.search(experts)
    assert date_line.search(bureau)


def test_the_page_is_a4_and_east_asian_text_has_a_chinese_font(form: Path) -> None:
    document = Document(str(form))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts is not None and fonts.get(qn("w:eastAsia")) == "宋体"


def test_the_form_is_a_well_formed_office_document(form: Path) -> None:
    """What an office suite needs to open the file: every part is well-formed XML, every
    part has a content type, every internal relationship points at a part that exists.
    (.ci/run also converts a form to PDF with LibreOffice.)"""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(form) as package:
        assert package.testzip() is None
        names = set(package.namelist())
        xml = {name: package.read(name) for name in names if name.endswith((".xml", ".rels"))}
    parsed = {name: ElementTree.fromstring(data) for name, data in xml.items()}
    types = parsed["[Content_Types].xml"]
    ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {e.get("Extension") for e in types.iter(f"{ct}Default")}
    overrides = {(e.get("PartName") or "").lstrip("/") for e in types.iter(f"{ct}Override")}
    for name in names:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    rel = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
    for name, root in parsed.items():
        if not name.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(name))
        for relation in root.iter(rel):
            if relation.get("TargetMode") == "External":
                continue
            target = relation.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            assert posixpath.normpath(path) in names, (name, target)
    assert "word/document.xml" in names


def test_an_existing_file_is_not_replaced_without_force(eligible: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "form.docx"
    out.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        render_form(eligible, out)
    assert out.read_bytes() == b"keep me"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_force_replaces_an_existing_file(eligible: Dossier, tmp_path: Path) -> None:
    out = tmp_path / "form.docx"
    out.write_bytes(b"old")
    render_form(eligible, out, force=True)
    assert "李卫东" in all_text(out)
    assert list(tmp_path.iterdir()) == [out]


def test_an_almost_empty_dossier_renders_with_empty_cells(tmp_path: Path) -> None:
    out = tmp_path / "empty.docx"
    render_form(Dossier(), out)
    rows = rows_of(out)
    found = labelled_values(rows[: -len(OPINIONS)])
    assert sorted(found) == sorted(LABELS)
    assert all(value == "" for values in found.values() for value in values)
    assert "None" not in all_text(out)
    cover = [p.text for p in Document(str(out)).paragraphs]
    assert "填报时间 " in cover
