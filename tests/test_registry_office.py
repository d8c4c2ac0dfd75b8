"""Registries as an office keeps them: Excel workbooks read like CSV, columns renewals
does not read carried through, one studio in several sources listed once with a
warning, reasons for what is lost or expired, --status in Chinese and comma lists."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from dashi_cli.errors import DashiError
from dashi_cli.pack import Pack
from dashi_cli.registry import StudioRecord, merge, parse_statuses, read, renewals
from dashi_cli.reporters.dates import write_renewals

DATA = Path(__file__).parent / "data"
AS_OF = date(2027, 4, 27)


def _csv_rows() -> list[list[str]]:
    with (DATA / "registry-zh.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def workbook(path: Path, rows: list[list[object]], sheet: str = "登记表", before: int = 0) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["本工作簿第二页为认定登记表"])
    table = book.create_sheet(sheet)
    for _ in range(before):  # a title or empty rows above the header
        table.append([])
    for row in rows:
        table.append(row)
    book.move_sheet(sheet, offset=-1)  # the registry is the first sheet
    book.save(path)
    return path


def _excel_dates(rows: list[list[str]]) -> list[list[object]]:
    """The CSV's rows with every date typed as an Excel date (a datetime cell)."""
    out: list[list[object]] = [list(rows[0])]
    for row in rows[1:]:
        cells: list[object] = []
        for value in row:
            try:
                cells.append(datetime.fromisoformat(value))
            except ValueError:
                cells.append(value or None)
        out.append(cells)
    return out


def _plain(report_rows: object) -> list[tuple[object, ...]]:
    return [
        (r.record.name, r.valid_through, r.status, r.days_left, r.record.extra)
        for r in report_rows  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("typed", ["excel dates", "text dates"])
def test_a_workbook_gives_the_rows_of_the_same_csv(tmp_path: Path, pack: Pack, typed: str) -> None:
    rows = _csv_rows()
    cells = _excel_dates(rows) if typed == "excel dates" else [list(r) for r in rows]
    book = workbook(tmp_path / "登记表.xlsx", cells, before=2)
    from_csv = renewals([DATA / "registry-zh.csv"], pack, AS_OF, 180)
    from_xlsx = renewals([book], pack, AS_OF, 180)
    assert not from_xlsx.problems
    assert _plain(from_xlsx.rows) == _plain(from_csv.rows)
    assert len(from_xlsx.rows) == 4
    # the unknown column 备注 comes through, as written
    assert ("备注", "已延续") in next(
        r for r in from_xlsx.rows if r.record.name.startswith("乙")
    ).record.extra  # type: ignore[union-attr]


def test_a_named_sheet_and_a_missing_one(tmp_path: Path, pack: Pack) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.append(["封面"])
    table = book.create_sheet("2022年认定")
    for row in _csv_rows():
        table.append(row)
    path = tmp_path / "r.xlsx"
    book.save(path)
    records, problems, _ = read([path], pack, sheet="2022年认定")
    assert len(records) == 4 and not problems
    records, problems, _ = read([path], pack)  # the first sheet has no 认定日期 column
    assert not records and len(problems) == 1
    records, problems, _ = read([path], pack, sheet="没有这页")
    assert (
        not records
        and "没有这页" in problems[0].message.zh
        and "2022年认定" in problems[0].message.zh
    )


@pytest.mark.parametrize(
    "content",
    [b"", b"not a zip", b"PK\x03\x04broken", b"PK\x05\x06" + b"\0" * 18],
    ids=["empty", "text", "broken zip", "empty zip"],
)
def test_a_file_that_is_no_workbook_is_a_problem(
    tmp_path: Path, pack: Pack, content: bytes
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    records, problems, _ = read([path], pack)
    assert not records and len(problems) == 1 and problems[0].source.endswith("bad.xlsx")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=4000), flip=st.integers(min_value=0, max_value=255))
def test_a_damaged_workbook_never_crashes(tmp_path: Path, pack: Pack, cut: int, flip: int) -> None:
    good = workbook(tmp_path / "good.xlsx", [list(r) for r in _csv_rows()])
    data = bytearray(good.read_bytes())
    position = cut % len(data)
    data[position] ^= flip
    bad = tmp_path / "damaged.xlsx"
    bad.write_bytes(bytes(data))
    records, problems, _ = read([bad], pack)
    assert records or problems


def _record(name: str | None, source: str, **values: object) -> StudioRecord:
    fields: dict[str, object] = {
        "applicant": "韶关市甲机械有限公司",
        "leader": "张甲",
        "certified_on": date(2022, 4, 27),
        "renewals": (),
        "left_unit_on": None,
        "in_skill_post": None,
        **values,
    }
    return StudioRecord(name=name, source=source, **fields)  # type: ignore[arg-type]


def test_one_studio_in_several_sources_is_listed_once_with_a_warning() -> None:
    records, warnings = merge(
        [
            _record("甲数控技能大师工作室", "a.csv:2"),
            _record("乙电工技能大师工作室", "a.csv:3"),
            _record("甲数控 技能大师工作室", "b.yaml:3", certified_on=date(2022, 5, 1)),
            _record("甲数控技能大师工作室", "c.yaml", left_unit_on=date(2026, 8, 1)),
        ]
    )
    assert [r.name for r in records] == ["甲数控技能大师工作室", "乙电工技能大师工作室"]
    first = records[0]
    assert first.certified_on == date(2022, 4, 27)  # the earliest: the earliest expiry
    assert first.left_unit_on == date(2026, 8, 1)
    assert first.sources == ("a.csv:2", "b.yaml:3", "c.yaml")
    [warning] = warnings
    for source in ("a.csv:2", "b.yaml:3", "c.yaml"):
        assert source in warning.message.zh and source in warning.message.en
    assert "认定日期：2022-04-27（a.csv:2）" in warning.message.zh
    assert "2022-05-01（b.yaml:3）" in warning.message.zh
    assert "leader" not in warning.message.en.split("disagree")[1]  # they agree on the leader


def test_studios_without_a_name_are_never_merged() -> None:
    records, warnings = merge([_record(None, "a.csv:2"), _record(None, "a.csv:3")])
    assert len(records) == 2 and not warnings


def test_the_same_registry_twice_shows_each_studio_once(pack: Pack) -> None:
    report = renewals([DATA / "registry.yaml", DATA / "registry-zh.csv"], pack, AS_OF, 180)
    assert len(report.rows) == 4 and len(report.warnings) == 4
    assert not report.problems and report.exit_code() == 0


def test_reasons_for_what_is_lost_expired_or_expiring(pack: Pack) -> None:
    report = renewals([DATA / "registry.yaml"], pack, date(2027, 4, 28), 180)
    by_name = {r.record.name: r for r in report.rows}
    lost = by_name["丙焊接技能大师工作室"]
    assert lost.status == "lost" and lost.reason is not None
    assert lost.reason.zh == "领办人 2026-08-01 离开申报单位"
    assert lost.reason.en == "the leader left the applicant unit on 2026-08-01"
    expired = by_name["甲数控技能大师工作室"]
    assert expired.status == "expired" and expired.reason is not None
    assert "2027-04-27" in expired.reason.zh
    assert by_name["乙电工技能大师工作室"].reason is None  # valid: nothing to say


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        (["即将到期,不再保留称号"], ("expiring", "lost")),
        (["expiring", "lost"], ("expiring", "lost")),
        (["已过期，有效"], ("expired", "valid")),
        (["Expired"], ("expired",)),
        (["lost,lost"], ("lost",)),
    ],
)
def test_statuses_in_chinese_and_comma_lists(given: list[str], wanted: tuple[str, ...]) -> None:
    assert parse_statuses(given) == wanted


def test_an_unknown_status_names_itself() -> None:
    with pytest.raises(DashiError, match="作废"):
        parse_statuses(["expiring,作废"])


# --- registries as officers really keep them (review of issue 14) ------------------

HEADER = ["工作室名称", "申报单位", "领办人", "认定日期", "延续日期", "备注"]


def _sheet(path: Path, rows: list[list[object]], title: str = "名册") -> tuple[Path, Workbook]:
    book = Workbook()
    table = book.active
    assert table is not None
    table.title = title
    for row in rows:
        table.append(row)
    book.save(path)
    return path, book


def test_a_renewals_report_is_not_read_back_as_a_registry(tmp_path: Path, pack: Pack) -> None:
    from dashi_cli.reporters.dates import renewals_json
    from dashi_cli.reporters.xlsx import renewals_workbook

    report = renewals([DATA / "registry-zh.csv"], pack, AS_OF, 180)
    for lang in ("zh", "en"):
        data = renewals_workbook(renewals_json(report, lang), lang)  # type: ignore[arg-type]
        (tmp_path / f"到期-{lang}.xlsx").write_bytes(data)
    out = io.StringIO()
    write_renewals(report, "csv", "zh", out)
    (tmp_path / "到期.csv").write_text(out.getvalue(), "utf-8", newline="")
    (tmp_path / "registry.csv").write_bytes((DATA / "registry-zh.csv").read_bytes())
    again = renewals([tmp_path], pack, AS_OF, 180)
    assert not again.warnings and not again.problems and len(again.rows) == 4
    names = sorted(Path(p).name for p in again.reports)
    assert names == ["到期-en.xlsx", "到期-zh.xlsx", "到期.csv"]
    # a registry keeping its own 有效期至 and 状态 columns is still a registry
    own = tmp_path / "own"
    own.mkdir()
    (own / "r.csv").write_text("工作室名称,认定日期,有效期至,状态\n甲,2022-04-27,2027-04-27,有效\n")
    kept = renewals([own], pack, AS_OF, 180)
    assert len(kept.rows) == 1 and not kept.reports
    # a report read with --sheet of another name is still a report: its first sheet says so
    records, problems, skipped = read([tmp_path / "到期-zh.xlsx"], pack, sheet="说明")
    assert not records and not problems and len(skipped) == 1


def test_lock_files_of_excel_and_libreoffice_are_left_out(tmp_path: Path, pack: Pack) -> None:
    (tmp_path / "registry.csv").write_bytes((DATA / "registry-zh.csv").read_bytes())
    lock = tmp_path / "~$名册.xlsx"
    lock.write_bytes(b"\x06zhangsan" + b"\x20" * 40)
    (tmp_path / ".~lock.名册.xlsx#").write_text(",zhangsan,pc,27.04.2022 13:05,file:///x;")
    report = renewals([tmp_path], pack, AS_OF, 180)
    assert not report.problems and len(report.rows) == 4 and report.exit_code() == 0
    records, problems, _ = read([lock], pack)  # named: not readable, and said why
    assert not records and len(problems) == 1
    assert "锁文件" in problems[0].message.zh and "lock file" in problems[0].message.en


def test_vertically_merged_cells_give_every_row_their_value(tmp_path: Path, pack: Pack) -> None:
    path, book = _sheet(
        tmp_path / "merged.xlsx",
        [
            HEADER,
            ["甲数控技能大师工作室", "韶关市甲机械有限公司", "张甲", "2022-04-27"],
            ["乙电工技能大师工作室", None, "李乙", "2022-01-10"],
            ["丙焊接技能大师工作室", "韶关市丙钢铁有限公司", "王丙", None],
            ["丁烹饪技能大师工作室", None, "赵丁", "2024-02-29"],
        ],
    )
    table = book.active
    assert table is not None
    table.merge_cells("B2:B3")
    table.merge_cells("B4:B5")  # right below another range
    table.merge_cells("D3:D4")
    table.merge_cells("F2:F4")  # 备注, carried to every row
    table["F2"] = "同一单位"
    book.save(path)
    records, problems, _ = read([path], pack)
    assert not problems
    assert [r.applicant for r in records] == [
        "韶关市甲机械有限公司",
        "韶关市甲机械有限公司",
        "韶关市丙钢铁有限公司",
        "韶关市丙钢铁有限公司",
    ]
    assert [r.certified_on for r in records] == [
        date(2022, 4, 27),
        date(2022, 1, 10),
        date(2022, 1, 10),
        date(2024, 2, 29),
    ]
    assert [("备注", "同一单位") in r.extra for r in records] == [True, True, True, False]


def test_a_huge_merged_range_is_read_at_once(tmp_path: Path, pack: Pack) -> None:
    import zipfile

    from conftest import time_limit

    path, _ = _sheet(tmp_path / "base.xlsx", [HEADER, ["甲", "单位", "张甲", "2022-04-27"]])
    huge = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(huge, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                merge = b'<mergeCells count="1"><mergeCell ref="G1:XFD1048576"/></mergeCells>'
                data = data.replace(b"</sheetData>", b"</sheetData>" + merge)
            target.writestr(info, data)
    with time_limit(20):
        records, problems, _ = read([huge], pack)
    assert len(records) == 1 and not problems


def test_a_date_cell_with_a_time_gives_its_date(tmp_path: Path, pack: Pack) -> None:
    path, _ = _sheet(
        tmp_path / "time.xlsx",
        [HEADER, ["甲", "单位", "张甲", datetime(2022, 4, 27, 13, 5), "2027-03-01 09:30"]],
    )
    records, problems, _ = read([path], pack)
    assert not problems and records[0].certified_on == date(2022, 4, 27)
    assert records[0].renewals == (date(2027, 3, 1),)
    csv_path = tmp_path / "time.csv"
    csv_path.write_text("name,certified_on\n甲,2022/4/27 13:05\n", "utf-8")
    records, problems, _ = read([csv_path], pack)
    assert not problems and records[0].certified_on == date(2022, 4, 27)


def test_a_title_above_the_header_is_left_out(tmp_path: Path, pack: Pack) -> None:
    title = "韶关市市级技能大师工作室认定名册（2022年）"
    path, book = _sheet(
        tmp_path / "title.xlsx",
        [[title], [], HEADER, ["甲数控技能大师工作室", "单位", "张甲", "2022-04-27"]],
    )
    table = book.active
    assert table is not None
    table.merge_cells("A1:F1")
    book.save(path)
    records, problems, _ = read([path], pack)
    assert not problems and [r.name for r in records] == ["甲数控技能大师工作室"]
    assert records[0].source.endswith(":4")
    csv_path = tmp_path / "title.csv"
    csv_path.write_text(f"{title},,,\n,,,\n{','.join(HEADER)}\n甲,单位,张甲,2022-04-27,,\n")
    records, problems, _ = read([csv_path], pack)
    assert not problems and records[0].source.endswith(":4")


def test_excel_serial_numbers_are_dates_only_in_a_workbook(tmp_path: Path, pack: Pack) -> None:
    path, _ = _sheet(tmp_path / "serial.xlsx", [HEADER, ["甲", "单位", "张甲", 44678, 46447.5]])
    records, problems, _ = read([path], pack)
    assert not problems and records[0].certified_on == date(2022, 4, 27)
    assert records[0].renewals == (date(2027, 3, 1),)  # 46447 and a half day
    path, _ = _sheet(tmp_path / "count.xlsx", [HEADER, ["甲", "单位", "张甲", 12]])
    records, problems, _ = read([path], pack)  # not a plausible date: said so
    assert not records and "12" in problems[0].message.zh
    csv_path = tmp_path / "serial.csv"
    csv_path.write_text("name,certified_on\n甲,44678\n", "utf-8")
    records, problems, _ = read([csv_path], pack)
    assert not records and "44678" in problems[0].message.zh
    assert "YYYY-MM-DD" in problems[0].message.en


def test_a_formula_without_a_saved_value_is_a_problem_naming_its_cell(
    tmp_path: Path, pack: Pack
) -> None:
    path, _ = _sheet(
        tmp_path / "formula.xlsx",
        [
            HEADER,
            ["甲", "单位", "张甲", "2022-04-27", None, "=D2"],  # only 备注: carried empty
            ["乙", "单位", "李乙", "=D2"],  # never calculated: no saved value
        ],
    )
    records, problems, _ = read([path], pack)
    assert [r.name for r in records] == ["甲"]
    [problem] = problems
    assert problem.source.endswith("formula.xlsx:3")
    assert "D3" in problem.message.zh and "公式" in problem.message.zh
    assert "D3" in problem.message.en and "formula" in problem.message.en


def test_too_many_merged_ranges_are_a_problem_not_a_hang(
    tmp_path: Path, pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dashi_cli.registry as registry

    monkeypatch.setattr(registry, "_MAX_MERGED", 2)
    path, book = _sheet(tmp_path / "many.xlsx", [HEADER, ["甲", "单位", "张甲", "2022-04-27"]])
    table = book.active
    assert table is not None
    for ref in ("A3:A4", "B3:B4", "C3:C4"):
        table.merge_cells(ref)
    book.save(path)
    records, problems, _ = read([path], pack)
    assert not records and "合并单元格超过 2 处" in problems[0].message.zh
    assert "more than 2 merged" in problems[0].message.en
