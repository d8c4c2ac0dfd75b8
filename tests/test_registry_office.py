"""Registries as an office keeps them: Excel workbooks read like CSV, columns renewals
does not read carried through, one studio in several sources listed once with a
warning, reasons for what is lost or expired, --status in Chinese and comma lists."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from dashi_cli.errors import DashiError
from dashi_cli.pack import Pack
from dashi_cli.registry import StudioRecord, merge, parse_statuses, read, renewals

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
