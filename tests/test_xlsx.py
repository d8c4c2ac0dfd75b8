"""The Excel reporter on hand-built results: the sheets, what they hold, masked personal
data, text that stays text, frozen headers, filters and column widths."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dashi_cli.findings import CheckReport, DossierResult, Finding, Severity, Waiver, freeze
from dashi_cli.pack import Pack
from dashi_cli.reporters.base import ReportOptions, RunInfo
from dashi_cli.reporters.xlsx import XlsxReporter, renewals_workbook
from test_reporters import ACCOUNT, ID, MOBILE, _report


class _Out(io.StringIO):
    """A text stream with a binary buffer, as standard output and open files have."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()


def _book(pack: Pack, report: CheckReport, tmp: Path, **options: Any) -> Any:
    out = _Out()
    reporter = XlsxReporter(ReportOptions(pack=pack, **options))
    reporter.write(report, out, RunInfo(report.as_of, "9.9", pack_sha256="abc"))
    assert out.getvalue() == ""  # nothing as text: the workbook is bytes
    path = tmp / "report.xlsx"
    path.write_bytes(out.buffer.getvalue())
    return load_workbook(path)


def _cells(sheet: Any) -> list[str]:
    return [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_three_sheets_with_frozen_headers_and_filters(pack: Pack, tmp_path: Path) -> None:
    book = _book(pack, _report(), tmp_path)
    assert book.sheetnames == ["汇总", "问题", "依据"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("文件", "工作室", "结论")
    assert [row[0] for row in summary[1:]] == ["a.yaml", "b.yaml"]  # one row per dossier
    assert summary[1][2] == "不符合认定条件" and summary[2][2] == "符合认定条件"
    assert summary[1][3:6] == (2, 2, 1)  # errors, warnings, infos
    findings = list(book["问题"].iter_rows(values_only=True))
    assert len(findings) == 1 + 5
    assert [row[2] for row in findings[1:]] == ["F002", "F005", "F009", "F001", "R003"]
    basis = dict(book["依据"].iter_rows(min_row=2, values_only=True))
    assert basis["version"] == "9.9" and basis["as_of"] == "2026-11-26"
    assert basis["rules_pack.sha256"] == "abc"


def test_personal_data_is_masked_unless_asked(pack: Pack, tmp_path: Path) -> None:
    masked = " ".join(_cells(_book(pack, _report(), tmp_path)["问题"]))
    for secret in (ID, MOBILE, ACCOUNT):
        assert secret not in masked
    shown = " ".join(_cells(_book(pack, _report(), tmp_path, show_pii=True)["问题"]))
    for secret in (ID, MOBILE, ACCOUNT):
        assert secret in shown


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "＝1"])
def test_text_that_looks_like_a_formula_stays_text(pack: Pack, tmp_path: Path, text: str) -> None:
    result = DossierResult(f"{text}.yaml", text, ())
    book = _book(pack, CheckReport(date(2026, 11, 26), (result,)), tmp_path)
    cell = book["汇总"]["A2"]
    assert cell.value == f"{text}.yaml" and cell.data_type == "s"
    assert book["汇总"]["B2"].value == text and book["汇总"]["B2"].data_type == "s"


def test_english_headers_and_words(pack: Pack, tmp_path: Path) -> None:
    book = _book(pack, _report(), tmp_path, lang="en")
    assert book.sheetnames == ["汇总", "问题", "依据"]  # fixed, for scripts
    header = next(book["问题"].iter_rows(values_only=True))
    assert header[:4] == ("File", "Studio", "Code", "Severity")
    rows = list(book["问题"].iter_rows(min_row=2, values_only=True))
    assert rows[0][3] == "error"


def test_columns_are_sized_to_what_they_hold(pack: Pack, tmp_path: Path) -> None:
    long_name = "韶关市某某某某某某数控加工技能大师工作室"
    result = DossierResult("a.yaml", long_name, ())
    book = _book(pack, CheckReport(date(2026, 11, 26), (result,)), tmp_path)
    sheet = book["汇总"]
    assert sheet.column_dimensions["B"].width >= 2 * len(long_name)  # CJK: two units each
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["B"].width


def test_a_waived_finding_is_marked(pack: Pack, tmp_path: Path) -> None:
    waived = Finding(
        "I001",
        Severity.WARNING,
        "一",
        "studio.industry",
        6,
        13,
        "default",
        freeze({"value": "陶瓷"}),
        Waiver("经市局研究", "市人社局", date(2026, 4, 20)),
    )
    result = DossierResult("a.yaml", "甲", (waived,))
    book = _book(pack, CheckReport(date(2026, 11, 26), (result,)), tmp_path)
    row = next(iter(book["问题"].iter_rows(min_row=2, values_only=True)))
    assert "已豁免：经市局研究（市人社局，2026-04-20）" in row
    summary = next(iter(book["汇总"].iter_rows(min_row=2, values_only=True)))
    assert summary[4] == 0 and summary[6] == 1  # no warning counted, one waived


def test_renewals_workbook_carries_every_column(tmp_path: Path) -> None:
    document = {
        "as_of": "2027-04-27",
        "within_days": 180,
        "studios": [
            {
                "name": "甲",
                "valid_through": "2027-04-27",
                "days_left": 0,
                "status": "expiring",
                "extra": {"联系电话": "0751-8888888", "备注": "=1+1"},
            }
        ],
        "problems": [{"source": "bad.csv:3", "message": "认定日期为空"}],
        "warnings": [],
        "summary": {"valid": 0, "expiring": 1, "expired": 0, "lost": 0},
    }
    path = tmp_path / "r.xlsx"
    path.write_bytes(renewals_workbook(document, "zh"))
    book = load_workbook(path)
    assert book.sheetnames == ["有效期", "说明", "依据"]
    rows = list(book["有效期"].iter_rows(values_only=True))
    assert rows[0][:4] == ("工作室", "申报单位", "领办人", "认定日期")
    assert rows[0][-2:] == ("联系电话", "备注")  # the registry's own, after ours
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["工作室"] == "甲" and record["有效期至"] == "2027-04-27"
    assert record["状态"] == "即将到期" and record["剩余天数"] == 0
    assert record["联系电话"] == "0751-8888888" and record["备注"] == "=1+1"
    assert book["有效期"].cell(2, rows[0].index("备注") + 1).data_type == "s"
    notes = list(book["说明"].iter_rows(values_only=True))
    assert ("无法读取的记录", "bad.csv:3", "认定日期为空") in notes
    english = tmp_path / "en.xlsx"
    english.write_bytes(renewals_workbook(document, "en"))
    header = next(load_workbook(english)["有效期"].iter_rows(values_only=True))
    assert header[:3] == ("Studio", "Applicant", "Leader")


@pytest.mark.parametrize("text", ["甲\x1b[31m工作室", "乙\x0b\x00工作室", "丙\ud800工作室"])
def test_control_characters_never_break_the_workbook(pack: Pack, tmp_path: Path, text: str) -> None:
    result = DossierResult(f"{text}.yaml", text, ())
    book = _book(pack, CheckReport(date(2026, 11, 26), (result,)), tmp_path)
    shown = book["汇总"]["B2"].value
    assert shown.startswith(text[0]) and shown.endswith("工作室")
