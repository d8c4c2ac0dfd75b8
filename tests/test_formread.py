"""Reading a filled application form back into a dossier (issue 14, `dashi import`).

The forms read here are the ones `dashi form` writes (application_form.form_bytes), and
hand-edited variants of them made below with python-docx, the way officers edit the
annex in Word: labels with spaces and line breaks, rows added and removed, cells merged
differently, a label and its value in one cell, a team table, a box left out, the
cover's underscored lines.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashi_cli import formread
from dashi_cli.application_form import TABLE_WIDTH_CM, form_bytes
from dashi_cli.engine import check_file, check_loaded
from dashi_cli.errors import DashiError
from dashi_cli.findings import DossierResult
from dashi_cli.formread import (
    FormError,
    FormRead,
    Where,
    dossier_yaml,
    read_form,
    read_form_file,
)
from dashi_cli.loading import load_file, load_text
from dashi_cli.model import Dossier, build_dossier
from dashi_cli.pack import Pack, load_pack

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
ELIGIBLE = ROOT / "examples" / "eligible.yaml"
AS_OF = date(2026, 11, 26)
FILLED_ON = date(2025, 3, 8)
SCHEMA_CODES = {"Y001", "Y002", "Y003"}

# Keys the form has no box for, so that what is found about them cannot survive `form`
# then `import`: the round trip leaves out findings on these fields (and whatever lies
# under them; list indexes do not matter: members[] is every member).
NOT_ON_THE_FORM = (
    "studio.name",  # 工作室名称 is in the application report (四.2), not on the form
    "studio.industry",  # no box: I001, I002
    "studio.occupation_code",  # no box
    "applicant.kind",  # 载体类型, not on the form (一): C001, C003
    "applicant.district",  # 所在县（市、区）, not on the form (一): C002
    "applicant.credit_code",  # no box: F010
    "leader.certificate",  # certificates are copies handed in (四.3), not boxes
    "leader.in_skill_post",  # recorded after certification (六.3): V003
    "leader.left_unit_on",  # idem
    "members[].gender",  # 工作室人员 shows each member's name, level and occupation only:
    "members[].id_number",  # gender (F004), ID number (F002, Q003), occupation code and
    "members[].occupation_code",  # certificate (Q004, Q005) are not on the form
    "members[].certificate",
    "projects",  # 技术项目 (一.3) are in the application report: S002, R003
    "plan",  # the yearly training target (二.3) is not on the form: T001
    "materials",  # what was handed in (四): M001–M007
    "review",  # the bureau's record: P001–P005, V001–V005
    "annual_records",  # after certification: T002–T006
    "waivers",  # the officers' decisions: W001, W002
)
# Findings about the fields above that name the person, not the field.
NOT_ON_THE_FORM_CODES = (
    "Q004",  # a counted person's certificate number or date missing (certificates: 四.3)
    "Q005",  # a certificate issued after the application
)


@functools.cache
def pack() -> Pack:
    return load_pack()


@functools.cache
def dossier_of(path: Path) -> Dossier:
    return build_dossier(load_file(path), pack()).dossier


@functools.cache
def form_of(path: Path) -> bytes:
    return form_bytes(dossier_of(path), FILLED_ON)


def read(data: bytes, name: str = "申请表.docx") -> FormRead:
    return read_form(data, name, pack())


def document(path: Path = ELIGIBLE) -> DocumentObject:
    return Document(io.BytesIO(form_of(path)))


def saved(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def flat(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}} → {"a.b": 1}; lists kept whole."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, path + "."))
        else:
            out[path] = value
    return out


def check_yaml(text: str, tmp_path: Path, name: str = "dossier.yaml") -> DossierResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path, pack(), AS_OF)


def finding_keys(result: DossierResult) -> set[tuple[str, str | None]]:
    """(code, field) of every finding; F001's missing fields each as one."""
    keys: set[tuple[str, str | None]] = set()
    for finding in result.findings:
        if finding.code == "F001":
            for missing in finding.params["fields"]:  # type: ignore[union-attr]
                match = re.search(r"\(([^()]*)\)$", missing.en)
                assert match, missing
                for path in match.group(1).split(", "):
                    keys.add(("F001", path))
        else:
            keys.add((finding.code, finding.field))
    return keys


def on_the_form(key: tuple[str, str | None]) -> bool:
    code, field = key
    if code in NOT_ON_THE_FORM_CODES:
        return False
    if field is None:
        return True
    general = re.sub(r"\[\d+\]", "[]", field)
    return not any(general == p or general.startswith((p + ".", p + "[")) for p in NOT_ON_THE_FORM)


def imported(data: bytes, tmp_path: Path, lang: str = "zh") -> tuple[FormRead, DossierResult]:
    """Read a form, write its dossier, check it: the YAML must be a dossier (no Y00x)."""
    got = read(data)
    result = check_yaml(dossier_yaml(got, lang), tmp_path)  # type: ignore[arg-type]
    codes = {f.code for f in result.findings}
    assert not codes & SCHEMA_CODES, [
        (f.code, f.field, dict(f.params)) for f in result.findings if f.code in SCHEMA_CODES
    ]
    return got, result


@functools.cache
def baseline() -> dict[str, Any]:
    """What the unedited eligible form reads as."""
    return flat(read(form_of(ELIGIBLE)).dossier)


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_form_then_import_then_check_finds_what_checking_the_example_finds(
    example: Path, lang: str, tmp_path: Path
) -> None:
    got, result = imported(form_of(example), tmp_path, lang)
    assert got.unplaced == []
    expected = {k for k in finding_keys(check_file(example, pack(), AS_OF)) if on_the_form(k)}
    found = {k for k in finding_keys(result) if on_the_form(k)}
    assert found == expected


def shown_on_the_form(dossier: Dossier) -> dict[str, Any]:
    """Every value the form shows, at its dossier path, as the form shows it."""
    dumped = flat(dossier.model_dump(exclude_none=True))
    boxes = [
        "studio.occupation",
        "studio.location",
        "studio.area_m2",
        "studio.facilities",
        "applicant.name",
        "applicant.nature",
        "applicant.address",
        "applicant.postal_code",
        "applicant.head.name",
        "applicant.head.office_phone",
        "applicant.contact.name",
        "applicant.contact.office_phone",
        "applicant.contact.mobile",
        "applicant.contact.email",
        "applicant.contact.fax",
        "applicant.bank.name",
        "applicant.bank.account",
        "leader.name",
        "leader.gender",
        "leader.ethnicity",
        "leader.birth",
        "leader.work_start",
        "leader.political_status",
        "leader.id_number",
        "leader.employer",
        "leader.position",
        "leader.occupation",
        "leader.skill_level",
        "leader.honors",
        "leader.phone",
        "leader.achievements",
    ]
    shown = {p: dumped[p] for p in boxes if p in dumped and dumped[p] not in ("", [])}
    if "leader.achievements" in shown:
        shown["leader.achievements"] = shown["leader.achievements"].strip()
    members = [
        {k: m[k] for k in ("name", "skill_level", "occupation") if m.get(k)}
        for m in dossier.model_dump(exclude_none=True).get("members", [])
    ]
    if members:
        shown["members"] = members
    shown["review.applied_on"] = FILLED_ON
    shown["materials.application_form"] = True  # the form itself: it has been handed in
    return shown


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_import_gives_back_every_value_the_form_shows(example: Path) -> None:
    got = read(form_of(example))
    assert flat(got.dossier) == shown_on_the_form(dossier_of(example))
    boxes_not_filled = {m.path for m in got.missing}
    assert all(m.box is not None for m in got.missing)  # every box is on the form
    assert not boxes_not_filled & set(flat(got.dossier))


def test_where_each_value_came_from_is_kept() -> None:
    got = read(form_of(ELIGIBLE))
    assert got.sources["applicant.name"] == Where(1, 1, 2)  # 申报单位名称's value cell
    assert got.sources["applicant.nature"] == Where(1, 1, 8)
    assert got.sources["applicant.head.office_phone"] == Where(1, 2, 6)
    assert got.sources["applicant.contact.office_phone"] == Where(1, 3, 4)
    assert got.sources["leader.birth"] == Where(1, 7, 8)
    assert got.sources["studio.occupation"].paragraph is not None  # the cover
    assert got.sources["studio.occupation"].table is None
    assert str(got.sources["leader.birth"]) == "table 1, row 7, column 8"
    assert got.sources["leader.birth"].describe("zh") == "表 1 第 7 行第 8 列"


def test_the_yaml_quotes_what_yaml_would_misread(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    table.cell(0, 7).text = "民营: 企业 # 有限"  # ': ' and ' #' in a value
    table.cell(6, 5).text = "yes"  # a YAML 1.1 boolean
    table.cell(11, 1).text = "0751"  # a number to YAML
    table.cell(6, 1).text = "'李卫东'"  # quotes
    got, result = imported(saved(doc), tmp_path)
    text = dossier_yaml(got)
    assert '身份证号: "440201198003152313"' in text
    assert '手机: "13926300001"' in text
    assert '邮政编码: "512026"' in text
    assert '出生年月: "1980-03"' in text
    assert "申请日期: 2025-03-08" in text
    assert '账号: "44050170000000000001"' in text
    loaded = load_file(tmp_path / "dossier.yaml").data
    assert loaded["申报单位"]["单位性质"] == "民营: 企业 # 有限"
    assert loaded["技能大师领办人"]["民族"] == "yes"
    assert loaded["技能大师领办人"]["姓名"] == "'李卫东'"
    assert loaded["工作室"]["工作室地点"] == "0751"
    assert loaded["技能大师领办人"]["技能大师工作业绩、专利情况、主要创新发明等情况"] == (
        "主持变电站二次回路智能检测装置研发，获实用新型专利 3 项；\n"
        "指导学生获全国技工院校技能大赛电工项目二等奖。"
    )
    assert not {f.code for f in result.findings} & SCHEMA_CODES


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_missing_boxes_are_empty_keys_with_a_comment_naming_the_box(
    lang: str, tmp_path: Path
) -> None:
    empty = read(form_bytes(Dossier()))  # every box on the form, none filled in
    assert empty.dossier == {"materials": {"application_form": True}}  # the form itself
    text = dossier_yaml(empty, lang)  # type: ignore[arg-type]
    if lang == "zh":
        assert re.search(r"^  民族: +# 申请表“民族”栏未填写（表 1 第 7 行第 5 列）$", text, re.M)
        assert re.search(r"^  载体类型: +# 申请表无此栏（第一条）：请填写$", text, re.M)
        assert re.search(r"^    传真: +# 申请表“传真”栏未填写.*（可空）$", text, re.M)
        assert re.search(r"^申请日期|^  申请日期: +# 申请表“填报时间”栏未填写", text, re.M)
    else:
        assert re.search(r"^  ethnicity: +# form box “民族” is empty \(table 1, row 7", text, re.M)
        assert re.search(r"^  kind: +# not on the form \(clause 一\): fill in$", text, re.M)
    result = check_yaml(text, tmp_path)
    assert not {f.code for f in result.findings} & SCHEMA_CODES
    (f001,) = [f for f in result.findings if f.code == "F001"]
    assert f001.params["count"] == 33  # every required field: the check sees them all


# ---------------------------------------------------------------- hand-edited forms

# Rows of the generated table (0-based here; FormRead counts from 1): 0 申报单位名称,
# 1 负责人, 2 联系人, 3 E-mail, 4 通信地址, 5 开户银行及账号, 6 技能大师领办人 … 出生年月,
# 7 参加工作时间 … 身份证号, 8 工作单位及职务, 9 从事职业（工种）, 10 获何种技术能手称号,
# 11 工作室地点, 12 工作室基本设施, 13 业绩, 14–16 the opinion boxes.


def test_labels_with_spaces_line_breaks_and_colons_are_found(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    table.cell(0, 0).text = "申 报 单 位 名 称"
    honours = table.cell(10, 0)
    honours.text = "获何种技术能手"
    honours.add_paragraph("称号")  # a line break inside the label
    table.cell(3, 0).text = "E-mail："
    table.cell(6, 6).text = "出生\u3000年月"
    table.cell(8, 0).text = "工作单位及职务:"
    table.cell(9, 0).text = "从事职业(工种)"  # half-width brackets
    table.cell(7, 0).text = "参加工作\n时间"
    got, _ = imported(saved(doc), tmp_path)
    assert flat(got.dossier) == baseline()
    assert got.unplaced == []
    assert got.dossier["leader"]["honors"] == ["广东省技术能手", "韶关市首席技师"]


def test_an_added_blank_row_is_ignored_and_a_removed_row_reported(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    rows = [row._tr for row in table.rows]
    blank = copy.deepcopy(rows[2])
    for text in blank.iter(qn("w:t")):
        text.text = ""
    rows[2].addnext(blank)  # a blank row between 联系人 and E-mail
    rows[7].getparent().remove(rows[7])  # 参加工作时间, 政治面貌, 身份证号 gone
    got, result = imported(saved(doc), tmp_path)
    gone = {"leader.work_start", "leader.political_status", "leader.id_number"}
    assert flat(got.dossier) == {k: v for k, v in baseline().items() if k not in gone}
    assert {m.path for m in got.missing if m.box is None} == gone
    assert got.unplaced == []
    text = dossier_yaml(got)
    assert re.search(r"^  参加工作时间: +# 申请表中没有“参加工作时间”栏$", text, re.M)
    assert re.search(r"^  身份证号: +# 申请表中没有“身份证号”栏$", text, re.M)
    assert gone <= {field for code, field in finding_keys(result) if code == "F001"}
    assert got.sources["leader.phone"] == Where(1, 11, 8)  # row 10 → 11: the blank row


def test_cells_merged_differently(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    # 通信地址's value over three columns, then two cells of its own (one with text)
    address = table.cell(4, 1)._tc
    address.tcPr.find(qn("w:gridSpan")).set(qn("w:val"), "3")
    for _ in range(2):
        address.addnext(copy.deepcopy(table.cell(3, 7)._tc))  # an empty one-column cell
    # 业绩: label and value cells merged down over a row added below them
    achievements = table.rows[13]._tr
    below = copy.deepcopy(achievements)
    for text in below.iter(qn("w:t")):
        text.text = "继续"  # what a continued cell holds is not read
    for tr, value in ((achievements, "restart"), (below, None)):
        for tc in tr.iter(qn("w:tc")):
            merge = OxmlElement("w:vMerge")
            if value:
                merge.set(qn("w:val"), value)
            tc.get_or_add_tcPr().append(merge)
    achievements.addnext(below)
    data = saved(doc)
    extra = Document(io.BytesIO(data))
    extra.tables[0].rows[4].cells[5].text = "（东门）"  # grid column 6 (1-based)
    got, _ = imported(saved(extra), tmp_path)
    assert flat(got.dossier) == baseline()
    (stray,) = got.unplaced
    assert (stray.table, stray.row, stray.column, stray.text) == (1, 5, 6, "（东门）")
    assert stray.reason == "no_box"
    assert stray.describe("zh") == "表 1 第 5 行第 6 列：“（东门）”不属于申请表的任何一栏，未采用"
    assert stray.describe("en") == (
        'table 1, row 5, column 6: "（东门）" is in no box of the form; not taken'
    )


def test_a_label_and_its_value_in_one_cell(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    table.cell(1, 0).text = "负责人：罗志远"
    table.cell(1, 1).text = ""
    table.cell(2, 2).text = "办公电话:0751-1234567"
    table.cell(2, 3).text = ""
    table.cell(6, 2).text = "性别：女"  # and the value cell after it left as it was: 男
    got, _ = imported(saved(doc), tmp_path)
    assert got.dossier["applicant"]["head"]["name"] == "罗志远"
    assert got.dossier["applicant"]["head"]["office_phone"] == "0751-8876501"
    assert got.dossier["applicant"]["contact"]["office_phone"] == "0751-1234567"
    assert got.dossier["leader"]["gender"] == "女"
    (stray,) = got.unplaced  # the old value, now in no box
    assert (stray.row, stray.column, stray.text) == (7, 4, "男")


def test_label_above_its_value(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    achievements = table.rows[13]._tr
    label_row, value_row = copy.deepcopy(achievements), copy.deepcopy(achievements)
    for row, keep in ((label_row, 0), (value_row, 1)):
        cells = list(row.iter(qn("w:tc")))
        row.remove(cells[1 - keep])
        span = cells[keep].get_or_add_tcPr()
        existing = span.find(qn("w:gridSpan"))
        if existing is None:
            existing = OxmlElement("w:gridSpan")
            span.append(existing)
        existing.set(qn("w:val"), "8")
    achievements.addnext(value_row)
    achievements.addnext(label_row)
    achievements.getparent().remove(achievements)
    got, _ = imported(saved(doc), tmp_path)
    assert flat(got.dossier) == baseline()
    assert got.sources["leader.achievements"] == Where(1, 15, 1)
    assert got.unplaced == []


def add_team_table(doc: DocumentObject, *, title: bool = True) -> None:
    rows = [
        ["序号", "姓名", "性别", "身份证号", "职业（工种）", "职业技能等级", "证书编号"],
        ["1", "陈慧敏", "女", "440203198811071629", "电工", "技师", "Y440200000000012"],
        ["2", "罗建国", "男", "44022219900621351X", "维修电工", "二级/技师", "GZ1801000000007"],
        ["3", "钟丽", "女", "440205199309182443", "电工", "高级工", ""],
        ["", "", "", "", "", "", ""],
    ]
    table = doc.add_table(rows=len(rows) + title, cols=7)
    if title:
        table.cell(0, 0).merge(table.cell(0, 6)).text = "工作室主要成员名单"
    for r, values in enumerate(rows, int(title)):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def test_a_team_table_gives_the_members(tmp_path: Path) -> None:
    doc = document()
    add_team_table(doc)
    got, result = imported(saved(doc), tmp_path)
    assert got.dossier["members"] == [
        {
            "name": "陈慧敏",
            "gender": "女",
            "id_number": "440203198811071629",
            "occupation": "电工",
            "skill_level": "技师",
            "certificate": {"number": "Y440200000000012"},
        },
        {
            "name": "罗建国",
            "gender": "男",
            "id_number": "44022219900621351X",
            "occupation": "维修电工",
            "skill_level": "二级/技师",
            "certificate": {"number": "GZ1801000000007"},
        },
        {
            "name": "钟丽",
            "gender": "女",
            "id_number": "440205199309182443",
            "occupation": "电工",
            "skill_level": "高级工",
        },
    ]
    assert got.sources["members"] == Where(2, 2, 1)  # the headings
    assert got.sources["members[1]"] == Where(2, 4, 1)
    assert got.unplaced == []
    text = dossier_yaml(got)
    assert '    身份证号: "44022219900621351X"' in text
    assert '      证书编号: "GZ1801000000007"' in text
    codes = {f.code for f in result.findings}
    assert not codes & {"F002", "F004", "Q002", "Q003"}  # the members are read whole
    assert got.tables == 2


def test_a_team_table_that_leaves_out_a_member_of_the_box_says_so(tmp_path: Path) -> None:
    """The team table's members win over the 工作室人员 box; a member the box names and the
    table does not is listed as not taken, never silently dropped."""
    doc = document()
    add_team_table(doc)
    team = doc.tables[1]
    for cell in team.rows[4].cells:  # 钟丽's row emptied: the table lists two
        cell.text = ""
    got, _result = imported(saved(doc), tmp_path)
    assert [m["name"] for m in got.dossier["members"]] == ["陈慧敏", "罗建国"]
    [left_out] = [u for u in got.unplaced if u.text == "钟丽"]
    assert left_out.reason == "duplicate" and left_out.path == "members"
    assert "钟丽" in left_out.describe("zh") and "工作室人员" in left_out.describe("zh")


def test_a_team_table_inside_the_form_ends_at_the_next_label(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    heading = table.rows[12]._tr  # after 工作室基本设施 / 工作室人员
    new_rows = []
    for values in (["姓名", "性别", "职业技能等级", "证书编号"], ["王五", "男", "技师", "A1"]):
        row = copy.deepcopy(table.rows[6]._tr)  # eight one-column cells
        for tc, value in zip(row.iter(qn("w:tc")), [*values, "", "", "", ""], strict=True):
            for text in tc.iter(qn("w:t")):
                text.text = value
        new_rows.append(row)
    heading.addnext(new_rows[1])
    heading.addnext(new_rows[0])
    got, _ = imported(saved(doc), tmp_path)
    # headings have no empty cell: with four empty cells this is no team table, so its
    # cells are read as the form's (性别, 职业技能等级 are labels of the leader's boxes,
    # which already have their values) and what is in no box is listed where it is
    listed = {(u.row, u.column, u.text) for u in got.unplaced}
    assert {(14, 1, "姓名"), (15, 1, "王五"), (15, 2, "男"), (15, 3, "技师")} <= listed
    assert got.dossier["members"] == read(form_of(ELIGIBLE)).dossier["members"]
    assert got.dossier["leader"]["skill_level"] == "高级技师"
    for tr in new_rows:  # as a team table: no empty cells in the headings
        cells = list(tr.iter(qn("w:tc")))
        for tc in cells[4:]:
            tr.remove(tc)
        cells[3].get_or_add_tcPr()
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), "5")
        cells[3].tcPr.append(span)
    got, _ = imported(saved(doc), tmp_path)
    assert got.dossier["members"] == [
        {"name": "王五", "gender": "男", "skill_level": "技师", "certificate": {"number": "A1"}}
    ]
    # the 工作室人员 box named three others: the table wins, and they are listed as left out
    assert {(u.text, u.reason) for u in got.unplaced} == {
        ("陈慧敏", "duplicate"),
        ("罗建国", "duplicate"),
        ("钟丽", "duplicate"),
    }
    assert got.dossier["leader"]["achievements"].startswith("主持变电站")  # read after it


def test_a_missing_box_is_reported_and_written_as_an_empty_commented_key(
    tmp_path: Path,
) -> None:
    doc = document()
    table = doc.tables[0]
    table.cell(6, 5).text = ""  # 民族 left empty
    row = table.rows[11]._tr  # 工作室地点, 工作室面积: the row deleted
    row.getparent().remove(row)
    got, result = imported(saved(doc), tmp_path)
    by_path = {m.path: m for m in got.missing}
    assert by_path["leader.ethnicity"].box == Where(1, 7, 5)  # on the form, empty
    assert by_path["studio.location"].box is None  # not on the form at all
    assert by_path["studio.area_m2"].box is None
    assert by_path["studio.location"].label == "工作室地点"
    text = dossier_yaml(got)
    assert re.search(r"^  民族: +# 申请表“民族”栏未填写（表 1 第 7 行第 5 列）$", text, re.M)
    assert re.search(r"^  工作室地点: +# 申请表中没有“工作室地点”栏$", text, re.M)
    assert re.search(r"^  工作室面积: +# 申请表中没有“工作室面积”栏$", text, re.M)
    missing = {field for code, field in finding_keys(result) if code == "F001"}
    assert {"leader.ethnicity", "studio.location", "studio.area_m2"} <= missing
    english = dossier_yaml(got, "en")
    assert re.search(r"^  location: +# the form has no box “工作室地点”$", english, re.M)


def test_the_cover_with_underscores_and_dates_and_year_months_as_typed(tmp_path: Path) -> None:
    doc = document()
    cover = {p.text.split(" ")[0]: p for p in doc.paragraphs if p.text}
    cover["申报单位"].text = "申报单位：____韶关市示例技工学校____"
    cover["工作室职业（工种）"].text = "工作室职业(工种)：__电工__"
    cover["填报时间"].text = "填 报 时 间：2025 年 3 月 8 日"
    table = doc.tables[0]
    table.cell(6, 7).text = "1980.03"
    table.cell(7, 1).text = "2000/7"
    table.cell(11, 5).text = "320 m²"
    got, _ = imported(saved(doc), tmp_path)
    assert flat(got.dossier) == baseline()
    assert got.sources["review.applied_on"] == got.sources["studio.occupation"].__class__(
        paragraph=got.sources["review.applied_on"].paragraph
    )
    for typed, year_month in (("1980年3月", "1980-03"), ("１９８０－３", "1980-03")):
        table.cell(6, 7).text = typed
        assert read(saved(doc)).dossier["leader"]["birth"] == year_month
    cover["填报时间"].text = "填报时间 ____年__月__日"  # a blank date line
    got = read(saved(doc))
    assert "review" not in got.dossier
    assert got.unplaced == []
    assert {m.path: m.box for m in got.missing}["review.applied_on"] is not None


def test_combined_boxes_are_split() -> None:
    doc = document()
    table = doc.tables[0]
    table.cell(5, 1).text = "中国工商银行韶关分行 账号：6222 0200 0000 0000 000"
    table.cell(8, 1).text = "韶关市示例技工学校"  # no position
    table.cell(11, 5).text = "85.5㎡"
    table.cell(12, 1).text = "数控车床（含刀具、夹具）8 台，三坐标测量仪 1 台；钳工台"
    table.cell(12, 5).text = "张三（技师，数控车工）；李四（电工，高级技师）、王五"
    got = read(saved(doc))
    assert got.dossier["applicant"]["bank"] == {
        "name": "中国工商银行韶关分行",
        "account": "6222 0200 0000 0000 000",
    }
    assert got.dossier["leader"]["employer"] == "韶关市示例技工学校"
    assert "position" not in got.dossier["leader"]
    position = {m.path: m for m in got.missing}["leader.position"]
    assert position.part == "职务" and position.box == Where(1, 9, 1)
    assert got.dossier["studio"]["area_m2"] == 85.5
    assert got.dossier["studio"]["facilities"] == [
        "数控车床（含刀具、夹具）8 台",
        "三坐标测量仪 1 台",
        "钳工台",
    ]
    assert got.dossier["members"] == [
        {"name": "张三", "skill_level": "技师", "occupation": "数控车工"},
        {"name": "李四", "skill_level": "高级技师", "occupation": "电工"},
        {"name": "王五"},
    ]
    table.cell(5, 1).text = "中国工商银行韶关分行"  # no account
    got = read(saved(doc))
    account = {m.path: m for m in got.missing}["applicant.bank.account"]
    assert account.part == "账号"
    assert "申请表“开户银行及账号”栏中没有账号" in dossier_yaml(got)


def test_values_that_cannot_be_placed_are_listed_never_guessed(tmp_path: Path) -> None:
    doc = document()
    table = doc.tables[0]
    table.cell(6, 7).text = "八十年代"  # not a year-month
    table.cell(6, 3).text = "男性别"  # not a gender
    table.cell(9, 7).text = "技术员"  # not on the skill ladder
    table.cell(11, 5).text = "约三百平方米"  # not a number
    row = copy.deepcopy(table.rows[5]._tr)  # a row added: 备注 | 见附页
    for tc, value in zip(row.iter(qn("w:tc")), ["备注", "见附页"], strict=True):
        for text in tc.iter(qn("w:t")):
            text.text = value
    table.rows[5]._tr.addnext(row)
    cover = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
    cover.text = "申报单位 韶关市另一所学校"
    got, result = imported(saved(doc), tmp_path)
    listed = {(u.reason, u.row, u.column, u.text, u.expected) for u in got.unplaced}
    assert listed >= {
        ("unreadable", 8, 8, "八十年代", "year-month"),
        ("unreadable", 8, 4, "男性别", "gender"),
        ("unreadable", 11, 8, "技术员", "skill level"),
        ("unreadable", 13, 6, "约三百平方米", "number"),
        ("no_box", 7, 1, "备注", None),
        ("no_box", 7, 2, "见附页", None),
    }
    (duplicate,) = [u for u in got.unplaced if u.reason == "duplicate"]
    assert duplicate.text == "韶关市另一所学校" and duplicate.where.table is None
    assert re.fullmatch(
        r'cover, paragraph \d+: "韶关市另一所学校" differs from the "申报单位名称" already read; '
        r"not taken",
        duplicate.describe("en"),
    )
    assert got.dossier["applicant"]["name"] == "韶关市示例技工学校"  # the table's box wins
    for path in ("leader.birth", "leader.gender", "leader.skill_level", "studio.area_m2"):
        assert path not in flat(got.dossier)
    text = dossier_yaml(got)
    assert re.search(
        r"^  出生年月: +# 表 1 第 8 行第 8 列：“八十年代”无法读作“出生年月”（年月）", text, re.M
    )
    assert "#   表 1 第 7 行第 2 列：“见附页”不属于申请表的任何一栏，未采用" in text
    assert [u.describe("en") for u in got.unplaced if u.text == "技术员"] == [
        'table 1, row 11, column 8: "技术员" is not a skill level for box "职业技能等级"; not taken'
    ]
    missing = {field for code, field in finding_keys(result) if code == "F001"}
    assert {"leader.birth", "leader.gender", "leader.skill_level"} <= missing


def test_a_label_merged_down_over_rows_of_its_own_boxes() -> None:
    """技能大师领办人 over two rows, its boxes beside it: 姓名 | 李卫东 | 性别 | 男 / …"""
    doc = Document()
    table = doc.add_table(rows=2, cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "技能大师领办人"
    for r, values in enumerate(
        (["姓名", "李卫东", "性别", "男"], ["民族", "汉族", "出生年月", "1980年3月"])
    ):
        for c, value in enumerate(values, 1):
            table.cell(r, c).text = value
    got = read(saved(doc))
    assert got.dossier == {
        "leader": {"name": "李卫东", "gender": "男", "ethnicity": "汉族", "birth": "1980-03"},
        "materials": {"application_form": True},
    }
    assert got.sources["leader.name"] == Where(1, 1, 3)
    assert got.unplaced == []


def test_an_office_phone_with_no_one_named_before_it_is_not_placed() -> None:
    doc = Document()
    table = doc.add_table(rows=2, cols=4)
    for c, text in enumerate(["办公电话", "0751-1", "民族", "汉族"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["联系人", "黄晓玲", "办公电话", "0751-2"]):
        table.cell(1, c).text = text
    got = read(saved(doc))
    assert [(u.row, u.column, u.text) for u in got.unplaced] == [(1, 2, "0751-1")]
    assert got.dossier["applicant"] == {"contact": {"name": "黄晓玲", "office_phone": "0751-2"}}


# ---------------------------------------------------------------- what is not a form


def docx_with(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def no_tables() -> bytes:
    doc = Document()
    doc.add_paragraph("申报单位 韶关市示例技工学校")
    return saved(doc)


def random_table() -> bytes:
    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "品名"
    table.cell(0, 1).text = "数量"
    return saved(doc)


def bomb() -> bytes:
    """A small zip that unpacks to more than 50 MB."""
    parts = parts_of(form_of(ELIGIBLE))
    parts["word/media/padding.bin"] = bytes(51 * 1024 * 1024)
    return docx_with(parts)


def big_document_part() -> bytes:
    parts = parts_of(form_of(ELIGIBLE))
    xml = parts["word/document.xml"]
    parts["word/document.xml"] = xml.replace(b"<w:body>", b"<w:body>" + b" " * (21 << 20))
    return docx_with(parts)


def lying_sizes() -> bytes:
    """The zip's directory says the document is 100 bytes: it is not."""
    data = bytearray(form_of(ELIGIBLE))
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == b"word/document.xml":
            data[at + 24 : at + 28] = (100).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def entity_bomb() -> bytes:
    parts = parts_of(form_of(ELIGIBLE))
    laughs = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xml = parts["word/document.xml"]
    head, _, rest = xml.partition(b"?>")
    parts["word/document.xml"] = (
        head + b"?>" + laughs + rest.replace("韶关市示例".encode(), b"&b;", 1)
    )
    return docx_with(parts)


NOT_A_FORM = {
    "empty": (b"", "is empty"),
    "corrupt": (b"PK\x03\x04" + bytes(range(256)) * 4, "not a Word document"),
    "text": ("申报单位 韶关市示例技工学校\n".encode(), "not a Word document"),
    "zip, not a docx": (docx_with({"a.txt": b"hello"}), "not a Word document"),
    "no document body": (docx_with({"word/document.xml": b"<x/>"}), "not a Word document"),
    "truncated": (form_of(ELIGIBLE)[:3000], "not a Word document"),
    "no tables": (no_tables(), "has no table"),
    "a table that is not the form": (random_table(), "not the application form"),
    "zip bomb": (bomb(), "too large"),
    "huge document part": (big_document_part(), "too large"),
    "lying sizes": (lying_sizes(), "not a Word document"),
    "entity bomb": (entity_bomb(), "not a Word document"),
}


@pytest.mark.parametrize("case", list(NOT_A_FORM))
def test_what_is_not_a_form_is_refused_in_one_line(case: str) -> None:
    data, words = NOT_A_FORM[case]
    with pytest.raises(FormError) as raised:
        read(data, "x.docx")
    message = str(raised.value)
    assert words in message and "x.docx" in message
    assert "\n" not in message and "\n" not in raised.value.zh
    assert isinstance(raised.value, DashiError)
    assert "x.docx" in raised.value.zh


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    with path.open("wb") as handle:
        handle.truncate(formread.MAX_BYTES + 1)
    with pytest.raises(FormError, match="too large"):
        read_form_file(path, pack())
    with pytest.raises(FormError, match="cannot read"):
        read_form_file(tmp_path / "absent.docx", pack())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_make_a_traceback(data: bytes) -> None:
    with contextlib.suppress(FormError):  # a FormError is the answer; anything else fails
        read(data, "fuzz.docx")


@functools.cache
def eligible_xml() -> tuple[dict[str, bytes], bytes]:
    parts = parts_of(form_of(ELIGIBLE))
    return parts, parts["word/document.xml"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=0, max_size=8)), max_size=12
    )
)
def test_mutated_forms_never_make_a_traceback(edits: list[tuple[float, bytes]]) -> None:
    parts, xml = eligible_xml()
    mutated = bytearray(xml)
    for where, insert in edits:
        at = int(where * len(mutated))
        mutated[at : at + len(insert)] = insert
    data = docx_with({**parts, "word/document.xml": bytes(mutated)})
    try:
        got = read(data, "fuzz.docx")
    except FormError:
        return
    for lang in ("zh", "en"):
        text = dossier_yaml(got, lang)  # type: ignore[arg-type]
        result = check_loaded(load_text(text, "fuzz.yaml"), pack(), AS_OF, None)
        assert not {f.code for f in result.findings} & SCHEMA_CODES, text


CELL_TEXT = st.lists(
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
        max_size=6,
    )
    | st.sampled_from(
        ["\n", "：", ": ", " #", "年", "月", "1", "-", "男", "技师", "（", "）", "；"]
    )
    | st.sampled_from(["负责人", "民族", "办公电话", "姓名", "'", '"', "@", "&", "*", "|", ">"]),
    max_size=6,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 16), st.integers(0, 7), CELL_TEXT), max_size=8))
def test_whatever_is_typed_in_the_cells_the_yaml_is_a_dossier(
    edits: list[tuple[int, int, str]],
) -> None:
    doc = document()
    table = doc.tables[0]
    for row, column, text in edits:
        table.cell(row, column).text = text
    try:
        got = read(saved(doc), "fuzz.docx")
    except FormError:  # every label typed over: not the form any more
        assert len(edits) > 5
        return
    for lang in ("zh", "en"):
        text = dossier_yaml(got, lang)  # type: ignore[arg-type]
        result = check_loaded(load_text(text, "fuzz.yaml"), pack(), AS_OF, None)
        assert not {f.code for f in result.findings} & SCHEMA_CODES, text


# ---------------------------------------------------------------- .doc


def test_a_doc_file_without_libreoffice_is_refused_saying_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(formread.shutil, "which", lambda _name: None)
    path = tmp_path / "申请表.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(FormError) as raised:
        read_form_file(path, pack())
    assert "LibreOffice" in str(raised.value) and "not installed" in str(raised.value)
    assert "LibreOffice" in raised.value.zh and "未安装" in raised.value.zh
    with pytest.raises(FormError, match="LibreOffice"):
        formread.convert_doc(path)


def test_a_doc_file_is_read_through_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With LibreOffice installed, a real .doc is converted and read. Without it (a fresh
    machine), a stand-in soffice on PATH plays its part, so that dashi's side of the
    conversion (the command, the output folder, a failed conversion) is tested all the
    same; the refusal without any soffice is the test above."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    source = tmp_path / "申请表.docx"
    source.write_bytes(form_of(ELIGIBLE))
    if office:
        doc = _real_doc(office, source, tmp_path)
        assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    else:
        doc = _stand_in_doc(source, tmp_path, monkeypatch)
    got = read_form_file(doc, pack())
    assert flat(got.dossier) == baseline()
    garbage = tmp_path / "乱码.doc"
    garbage.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(FormError):
        read_form_file(garbage, pack())


def _real_doc(office: str, source: Path, tmp_path: Path) -> Path:
    # .docx → .odt → .doc: this LibreOffice drops python-docx's tables going straight to .doc
    for target, made in (("odt", source), ("doc", tmp_path / "odt" / "申请表.odt")):
        subprocess.run(
            [
                office,
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path / target),
                str(made),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return tmp_path / "doc" / "申请表.doc"


def _stand_in_doc(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A .doc (an OLE2 header, then a marker) and a soffice that 'converts' one such file
    by writing the form's .docx where LibreOffice would, and fails on anything else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        f"""#!{sys.executable}
import sys, pathlib
args = sys.argv[1:]
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx"
out = pathlib.Path(args[args.index("--outdir") + 1])
given = pathlib.Path(args[-1])
if b"DASHI-STAND-IN" not in given.read_bytes():
    sys.exit(1)
out.mkdir(parents=True, exist_ok=True)
(out / (given.stem + ".docx")).write_bytes(pathlib.Path({str(source)!r}).read_bytes())
""",
        "utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    doc = tmp_path / "申请表.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"DASHI-STAND-IN" + bytes(512))
    return doc


# ---------------------------------------------------------------- the form's columns


def test_the_form_sizes_its_columns_to_what_they_hold() -> None:
    doc = document()
    (table, *_) = doc.tables
    widths = [column.width.cm for column in table.columns]
    assert len(set(round(w, 2) for w in widths)) > 2  # not eight equal columns
    assert abs(sum(widths) - TABLE_WIDTH_CM) < 0.05  # the page's width between margins
    # 出生年月 "1980年3月" and the leader's 11-digit phone fit on one line
    digit, chinese, margins = 0.212, 0.423, 0.2
    assert widths[7] >= 5 * digit + 2 * chinese + margins
    assert widths[7] >= 11 * digit + margins
    assert widths[1] >= 5 * digit + 2 * chinese + margins  # 参加工作时间 "2000年7月"
    # every cell says its width too (Word goes by the cells'), merged ones the sum
    for row in table.rows:
        seen: list[Any] = []
        for index, cell in enumerate(row.cells):
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            span = (
                int(cell._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")))
                if (cell._tc.tcPr.find(qn("w:gridSpan")) is not None)
                else 1
            )
            assert cell.width is not None
            assert abs(cell.width - Cm(sum(widths[index : index + span]))) < Cm(0.01)
