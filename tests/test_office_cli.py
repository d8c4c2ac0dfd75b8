"""Issue 14 through the command line: Excel workbooks in and out, renewals for an office
(statuses in Chinese, reasons, columns carried, one studio once), the notice line, and
`form`'s warning and 填报时间."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from conftest import EXAMPLES
from test_jobs import dashi

DATA = Path(__file__).parent / "data"
AS_OF = ("--as-of", "2027-04-27")
ID = "440201198003152313"  # the examples' leader


def _json(*args: str) -> dict[str, Any]:
    code, out = dashi(*args, "-f", "json")
    assert code in (0, 1), out
    return json.loads(out)  # type: ignore[no-any-return]


def _registry_xlsx(path: Path, excel_dates: bool) -> Path:
    with (DATA / "registry-zh.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows):
        cells: list[object] = []
        for value in row:
            if excel_dates and number and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                cells.append(datetime.fromisoformat(value))
            else:
                cells.append(value or None)
        sheet.append(cells)
    book.save(path)
    return path


def _rows(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (s["name"], s["certified_on"], s["valid_through"], s["status"], s["days_left"])
        for s in document["studios"]
    ]


@pytest.mark.parametrize("excel_dates", [True, False], ids=["excel dates", "text dates"])
def test_an_xlsx_registry_gives_the_csv_rows(tmp_path: Path, excel_dates: bool) -> None:
    book = _registry_xlsx(tmp_path / "名册.xlsx", excel_dates)
    from_xlsx = _json("renewals", str(book), *AS_OF)
    from_csv = _json("renewals", str(DATA / "registry-zh.csv"), *AS_OF)
    assert _rows(from_xlsx) == _rows(from_csv) and len(from_xlsx["studios"]) == 4


def test_the_sheet_option_names_the_sheet(tmp_path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.append(["说明"])
    table = book.create_sheet("名册")
    with (DATA / "registry-zh.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            table.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert len(_json("renewals", str(path), *AS_OF, "--sheet", "名册")["studios"]) == 4
    code, out = dashi("renewals", str(path), *AS_OF, "-f", "json")
    assert code == 1 and json.loads(out)["problems"]  # the first sheet is no registry


def test_check_as_xlsx_holds_what_the_json_holds_masked(tmp_path: Path) -> None:
    target = tmp_path / "结果.xlsx"
    code, out = dashi("check", str(EXAMPLES), "-f", "xlsx", "-o", str(target), *AS_OF)
    assert code == 1 and out == b""
    document = _json("check", str(EXAMPLES), *AS_OF)
    book = load_workbook(target)
    assert book.sheetnames == ["汇总", "问题", "依据"]
    summary = list(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in summary] == [d["path"] for d in document["dossiers"]]
    assert [row[3] for row in summary] == [d["counts"]["error"] for d in document["dossiers"]]
    findings = list(book["问题"].iter_rows(min_row=2, values_only=True))
    expected = [
        (d["path"], f["code"], f["field"] or None, f["line"], f["message"])
        for d in document["dossiers"]
        for f in d["findings"]
    ]
    assert [(r[0], r[2], r[5], r[6], r[8]) for r in findings] == expected
    everything = " ".join(
        str(v) for s in book for row in s.iter_rows(values_only=True) for v in row
    )
    assert ID not in everything and "440201********2313" in everything
    shown = tmp_path / "shown.xlsx"
    dashi("check", str(EXAMPLES), "-f", "xlsx", "-o", str(shown), "--show-pii", *AS_OF)
    book = load_workbook(shown)
    assert ID in " ".join(str(v) for row in book["问题"].iter_rows(values_only=True) for v in row)


def test_renewals_as_xlsx_holds_what_the_json_holds(tmp_path: Path) -> None:
    target = tmp_path / "有效期.xlsx"
    registry = str(DATA / "registry-zh.csv")
    code, _ = dashi("renewals", registry, *AS_OF, "-f", "xlsx", "-o", str(target))
    assert code == 0
    document = _json("renewals", registry, *AS_OF)
    book = load_workbook(target)
    rows = list(book["有效期"].iter_rows(values_only=True))
    header = rows[0]
    got = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [g["工作室"] for g in got] == [s["name"] for s in document["studios"]]
    assert [g["有效期至"] for g in got] == [s["valid_through"] for s in document["studios"]]
    assert [g["剩余天数"] for g in got] == [s["days_left"] for s in document["studios"]]


def test_renewals_writes_to_a_file_and_never_over_one_unasked(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    registry = str(DATA / "registry.yaml")
    assert dashi("renewals", registry, *AS_OF, "-f", "csv", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfname,")
    assert dashi("renewals", registry, *AS_OF, "-f", "csv", "-o", str(target))[0] == 2
    assert dashi("renewals", registry, *AS_OF, "-o", str(target), "--force")[0] == 0


def test_statuses_in_chinese_filter(tmp_path: Path) -> None:
    document = _json(
        "renewals", str(DATA / "registry.yaml"), *AS_OF, "--status", "即将到期,不再保留称号"
    )
    assert sorted(s["status"] for s in document["studios"]) == ["expiring", "lost"]
    code, _ = dashi("renewals", str(DATA / "registry.yaml"), "--status", "作废")
    assert code == 2


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "公示期：2025年5月6日至2025年5月12日"),
        ("en", "Public notice: 6 May 2025 to 12 May 2025"),
    ],
)
def test_notice_end_text_is_the_line_for_the_notice(lang: str, line: str) -> None:
    code, out = dashi("notice-end", "--start", "2025-05-06", "--format", "text", "--lang", lang)
    assert code == 0 and out.decode() == line + "\n"


def _cover(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_form_warns_of_errors_and_states_when_it_was_filled(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "申请表.docx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashi_cli",
            "form",
            str(EXAMPLES / "ineligible-form.yaml"),
            "-o",
            str(target),
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "3 项错误" in done.stderr.decode()
    today = date.today()
    assert f"填报时间 {today.year}年{today.month}月{today.day}日" in _cover(target)
    quiet = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashi_cli",
            "form",
            str(EXAMPLES / "eligible.yaml"),
            "-o",
            str(tmp_path / "b.docx"),
            "--filled-on",
            "2025-04-01",
        ],
        capture_output=True,
        check=False,
    )
    assert quiet.returncode == 0 and quiet.stderr == b""
    assert "填报时间 2025年4月1日" in _cover(tmp_path / "b.docx")


def test_csv_of_an_xlsx_registry_is_readable(tmp_path: Path) -> None:
    book = _registry_xlsx(tmp_path / "名册.xlsx", True)
    code, out = dashi("renewals", str(book), *AS_OF, "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    assert {r["certified_on"] for r in rows} == {
        "2022-04-27",
        "2022-01-10",
        "2023-06-30",
        "2024-02-29",
    }


def _run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "dashi_cli", *args], capture_output=True, check=False, cwd=cwd
    )
    assert b"Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_form_then_import_then_check(tmp_path: Path, lang: str) -> None:
    form = tmp_path / "申请表.docx"
    assert _run("form", str(EXAMPLES / "eligible.yaml"), "-o", str(form))[0] == 0
    code, out, err = _run("import", str(form), "--lang", lang)
    written = tmp_path / "申请表.yaml"
    assert code == 0 and out.strip() == str(written) and err == ""
    text = written.read_text("utf-8")
    assert ("工作室名称:" in text) == (lang == "zh") and ("name:" in text) == (lang == "en")
    checked = _json("check", str(written), "--as-of", "2026-11-26")
    codes = {f["code"] for d in checked["dossiers"] for f in d["findings"]}
    assert not codes & {"Y001", "Y002", "Y003"}
    f001 = [f for d in checked["dossiers"] for f in d["findings"] if f["code"] == "F001"]
    assert f001 and "studio.name" in f001[0]["message"]  # no box on the form: to fill in
    again = _run("import", str(form))
    assert again[0] == 2 and "--force" in again[2]  # never over a file unasked
    assert _run("import", str(form), "--force")[0] == 0


def test_import_lists_what_it_cannot_place(tmp_path: Path) -> None:
    form = tmp_path / "f.docx"
    _run("form", str(EXAMPLES / "eligible.yaml"), "-o", str(form))
    document = Document(str(form))
    table = document.tables[0]
    row = table.add_row()
    row.cells[3].text = "备用栏的说明文字"
    document.save(str(form))
    code, out, err = _run("import", str(form), "-o", "-")
    assert code == 0 and "民族" in out
    assert re.search(r"表 1 第 \d+ 行第 4 列：“备用栏的说明文字”不属于申请表的任何一栏", err), err
    # checked directly, the form gives the same as a warning at that place
    checked = _json("check", str(form), "--as-of", "2026-11-26")
    [y006] = [f for f in checked["dossiers"][0]["findings"] if f["code"] == "Y006"]
    assert y006["severity"] == "warning" and "备用栏的说明文字" in y006["message"]
    assert re.fullmatch(r"表 1 第 \d+ 行第 4 列", y006["box"])


@pytest.mark.parametrize("content", [b"", b"plain text", b"PK\x03\x04not really"])
def test_import_refuses_what_is_not_a_form_in_one_line(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    code, out, err = _run("import", str(bad))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "bad.yaml").exists()


def test_check_reads_a_form_and_points_at_its_boxes(tmp_path: Path) -> None:
    form = tmp_path / "申请表.docx"
    _run("form", str(EXAMPLES / "ineligible-form.yaml"), "-o", str(form))
    document = _json("check", str(form), "--as-of", "2026-11-26")
    [dossier] = document["dossiers"]
    findings = {f["code"]: f for f in dossier["findings"]}
    f002 = findings["F002"]  # the leader's ID number, read from its box
    assert f002["field"] == "leader.id_number" and f002["box"] == "表 1 第 8 行第 6 列"
    assert f002["line"] is None and f002["column"] is None
    assert "M001" not in findings  # the form itself has been handed in
    en = _json("check", str(form), "--as-of", "2026-11-26", "--lang", "en")
    boxes = [f.get("box") for d in en["dossiers"] for f in d["findings"]]
    assert "table 1, row 8, column 6" in boxes
    _code, out, _ = _run("check", str(form), "--as-of", "2026-11-26", "-f", "concise")
    assert "（申请表 表 1 第 8 行第 6 列）" in out
    _code, table, _ = _run("check", str(form), "--as-of", "2026-11-26")
    assert "申请表 表 1 第 8 行第 6 列" in table  # under the message, in place of a line
    book = tmp_path / "结果.xlsx"
    _run("check", str(form), "--as-of", "2026-11-26", "-f", "xlsx", "-o", str(book))
    rows = list(load_workbook(book)["问题"].iter_rows(values_only=True))
    assert "申请表栏目" in rows[0] and any("表 1 第 8 行第 6 列" in row for row in rows)
    # a folder is searched for YAML only: the Word files beside dossiers are not dossiers
    (tmp_path / "a.yaml").write_bytes((EXAMPLES / "eligible.yaml").read_bytes())
    folder = _json("check", str(tmp_path), "--as-of", "2026-11-26")
    assert [Path(d["path"]).name for d in folder["dossiers"]] == ["a.yaml"]


def test_a_word_file_that_is_no_form_is_one_y001(tmp_path: Path) -> None:
    report = tmp_path / "申办报告.docx"
    document = Document()
    document.add_paragraph("申办报告")
    document.save(str(report))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a word file")
    result = _json("check", str(report), str(broken), "--as-of", "2026-11-26")
    for dossier in result["dossiers"]:
        assert [f["code"] for f in dossier["findings"]] == ["Y001"]
        assert dossier["verdict"] == "unreadable"
    assert "无法按申请表读取" in result["dossiers"][0]["findings"][0]["message"]


def test_one_studio_in_a_registry_and_a_dossier_is_shown_once_with_a_warning(
    tmp_path: Path,
) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "annotated.yaml").read_text("utf-8"))
    data["studio"]["name"] = "甲数控技能大师工作室"
    data["review"]["certified_on"] = "2022-05-01"  # the registry says 2022-04-27
    data["review"]["renewals"] = []
    (tmp_path / "甲.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    registry = tmp_path / "名册.csv"
    registry.write_bytes((DATA / "registry-zh.csv").read_bytes())
    document = _json("renewals", str(registry), str(tmp_path / "甲.yaml"), *AS_OF)
    names = [s["name"] for s in document["studios"]]
    assert names.count("甲数控技能大师工作室") == 1 and len(names) == 4
    [warning] = document["warnings"]
    assert "名册.csv:2" in warning["message"] and "甲.yaml" in warning["message"]
    assert "认定日期：2022-04-27（" in warning["message"] and "2022-05-01（" in warning["message"]
    first = next(s for s in document["studios"] if s["name"] == "甲数控技能大师工作室")
    assert first["certified_on"] == "2022-04-27" and len(first["sources"]) == 2
    code, out, _err = _run("renewals", str(registry), str(tmp_path / "甲.yaml"), *AS_OF)
    assert code == 0 and "见于多个来源" in out


def test_a_registrys_own_columns_come_through(tmp_path: Path) -> None:
    registry = tmp_path / "名册.csv"
    registry.write_text(
        "工作室名称,认定日期,联系电话,备注\n甲工作室,2022-04-27,0751-8888888,=需回访\n", "utf-8"
    )
    document = _json("renewals", str(registry), *AS_OF)
    assert document["studios"][0]["extra"] == {"联系电话": "075****8888", "备注": "=需回访"}
    shown = _json("renewals", str(registry), *AS_OF, "--show-pii")  # a phone: masked unless
    assert shown["studios"][0]["extra"] == {"联系电话": "0751-8888888", "备注": "=需回访"}
    _code, out = dashi("renewals", str(registry), *AS_OF, "-f", "csv", "--show-pii")
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    assert rows[0]["联系电话"] == "0751-8888888"
    assert rows[0]["备注"] == "\u200b=需回访"  # never a formula in a spreadsheet
    book = tmp_path / "r.xlsx"
    dashi("renewals", str(registry), *AS_OF, "-f", "xlsx", "-o", str(book), "--show-pii")
    sheet = load_workbook(book)["有效期"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["联系电话"] == "0751-8888888" and row["备注"] == "=需回访"
    assert sheet.cell(2, header.index("备注") + 1).data_type == "s"


def test_a_lost_studio_has_a_reason_and_no_days_left() -> None:
    document = _json("renewals", str(DATA / "registry.yaml"), *AS_OF, "--status", "不再保留称号")
    [lost] = document["studios"]
    assert lost["days_left"] is None and lost["reason"] == "领办人 2026-08-01 离开申报单位"
    english = _json(
        "renewals", str(DATA / "registry.yaml"), *AS_OF, "--status", "lost", "--lang", "en"
    )
    assert english["studios"][0]["reason"] == "the leader left the applicant unit on 2026-08-01"


def test_form_takes_the_dossiers_application_date(tmp_path: Path) -> None:
    """A dossier that says when it was applied for keeps that date as 填报时间, so that
    form then import gives the same review.applied_on back."""
    target = tmp_path / "a.docx"
    assert _run("form", str(EXAMPLES / "annotated.yaml"), "-o", str(target))[0] == 0
    assert "填报时间 2025年3月10日" in _cover(target)
    _run("import", str(target))
    assert "2025-03-10" in (tmp_path / "a.yaml").read_text("utf-8")


def test_notice_text_warns_on_stderr_when_the_calendar_is_estimated() -> None:
    code, out, err = _run("notice-end", "--start", "2027-12-28", "--format", "text")
    assert code == 0 and out.startswith("公示期：2027年12月28日至")
    assert "推定" in err  # the pasted line has no room for it; the officer must still know
    code, _, _ = _run("notice-end", "--start", "2027-12-28", "--format", "text", "--strict")
    assert code == 1


def test_import_masks_personal_data_in_what_it_cannot_place(tmp_path: Path) -> None:
    form = tmp_path / "f.docx"
    _run("form", str(EXAMPLES / "eligible.yaml"), "-o", str(form))
    document = Document(str(form))
    document.tables[0].add_row().cells[
        3
    ].text = "另一联系人手机13926300009，身份证440201198003152313"
    document.save(str(form))
    _code, _out, err = _run("import", str(form), "-o", "-")
    assert "13926300009" not in err and "440201198003152313" not in err and "不属于" in err
    _code, _out, err = _run("import", str(form), "-o", "-", "--show-pii")
    assert "440201198003152313" in err
