"""The date commands through the CLI: notice-end, calendar, renewals; P/V in check."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from dashi_cli.cli import app

DATA = Path(__file__).parent / "data"
OVERRIDE_2027 = str(DATA / "calendar-2027-test.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def notice(*args: str) -> dict[str, Any]:
    code, out, _ = run("notice-end", *args, "--format", "json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-05-06", "2025-05-12"),  # Tue: 6 7 8 9, skip the weekend, 12
        ("2025-09-28", "2025-10-10"),  # a working Sunday; Oct 1-8 off; 9, 10
        ("2026-02-14", "2026-02-27"),  # a working Saturday; Feb 15-23 off; 24-27
        ("2026-04-30", "2026-05-09"),  # May 1-5 off; 6 7 8 and the working Saturday 9
    ],
)
def test_notice_end_acceptance_dates(start: str, end: str) -> None:
    code, out, _ = run("notice-end", "--start", start)
    assert code == 0 and end in out
    assert notice("--start", start)["end"] == end


def test_notice_json_matches_output_spec() -> None:
    doc = notice("--start", "2025-05-06")
    assert {
        k: doc[k] for k in ("start", "working_days", "end", "counted", "skipped", "calendar")
    } == {
        "start": "2025-05-06",
        "working_days": 5,
        "end": "2025-05-12",
        "counted": ["2025-05-06", "2025-05-07", "2025-05-08", "2025-05-09", "2025-05-12"],
        "skipped": [
            {"date": "2025-05-10", "reason": "周六"},
            {"date": "2025-05-11", "reason": "周日"},
        ],
        "calendar": {"2025": "official"},
    }
    assert doc["warnings"] == []


def test_start_on_a_non_working_day_counts_from_the_next() -> None:
    doc = notice("--start", "2025-05-10")  # a Saturday
    assert doc["counted"][0] == "2025-05-12" and doc["end"] == "2025-05-16"
    assert doc["skipped"][0] == {"date": "2025-05-10", "reason": "周六"}
    doc = notice("--start", "2025-10-01")  # National Day
    assert doc["counted"][0] == "2025-10-09" and doc["skipped"][0]["reason"] == "国庆节"


def test_days_and_exclude_start() -> None:
    assert notice("--start", "2025-05-06", "--days", "1")["end"] == "2025-05-06"
    assert notice("--start", "2025-05-06", "--exclude-start")["end"] == "2025-05-13"
    assert notice("--start", "2025-05-06", "--days", "10")["end"] == "2025-05-19"


def test_english_reasons() -> None:
    code, out, _ = run("notice-end", "--start", "2025-09-28", "--lang", "en", "-f", "json")
    assert code == 0
    reasons = {s["reason"] for s in json.loads(out)["skipped"]}
    assert "Saturday" in reasons and "National Day" in reasons


def test_2027_is_estimated_until_an_override_is_given() -> None:
    doc = notice("--start", "2027-01-04")
    assert doc["calendar"] == {"2027": "estimated"}
    assert doc["warnings"] and "2027" in doc["warnings"][0]
    code, out, _ = run("notice-end", "--start", "2027-01-04")
    assert code == 0 and "推定" in out
    strict, _, _ = run("notice-end", "--start", "2027-01-04", "--strict")
    assert strict == 1

    doc = notice("--start", "2027-01-04", "--calendar", OVERRIDE_2027)
    assert doc["calendar"] == {"2027": "override"} and doc["warnings"] == []
    code, out, _ = run(
        "notice-end", "--start", "2027-01-04", "--calendar", OVERRIDE_2027, "--strict"
    )
    assert code == 0 and "推定" not in out


def test_override_replaces_the_library_for_its_year() -> None:
    # The test file makes 2027-02-14 (a Sunday) a working day and Feb 5-13 days off.
    doc = notice("--start", "2027-02-04", "--calendar", OVERRIDE_2027)
    assert doc["counted"][:2] == ["2027-02-04", "2027-02-14"]
    assert {"date": "2027-02-05", "reason": "春节"} in doc["skipped"]


def test_a_notice_across_years_reports_each_year() -> None:
    doc = notice("--start", "2026-12-29")
    assert doc["calendar"] == {"2026": "official", "2027": "estimated"}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("year: 2027\nsource: x\nholidays: [{from: 2026-12-31, name: x}]\n", "not in 2027"),
        ("year: 2027\nsource: x\nholidays: []\nworkdays: [2027-01-06]\n", "not a Saturday"),
        ("year: 2027\nholidays: []\n", "source"),
        ("year: [\n", "line"),
    ],
)
def test_bad_override_exits_2(tmp_path: Path, content: str, named: str) -> None:
    path = tmp_path / "2027.yaml"
    path.write_text(content, encoding="utf-8")
    code, _out, err = run("notice-end", "--start", "2027-01-04", "--calendar", str(path))
    assert code == 2 and named in err


def test_notice_usage_errors() -> None:
    assert run("notice-end", "--start", "2025-02-30")[0] == 2
    assert run("notice-end", "--start", "2025-05-06", "--days", "0")[0] == 2
    assert run("notice-end")[0] == 2
    assert run("notice-end", "--start", "2025-05-06", "--calendar", "missing.yaml")[0] == 2


def test_calendar_command() -> None:
    code, out, _ = run("calendar", "--as-of", "2026-11-26", "-f", "json")
    info = json.loads(out)
    assert code == 0
    assert info["library"]["official_years"][0] == 2001
    assert info["years"]["2026"]["status"] == "official"
    assert "国务院办公厅关于2026年部分节假日安排的通知" in info["years"]["2026"]["source"]
    assert info["next_year"] == {"year": 2027, "status": "estimated"}
    code, out, _ = run("calendar", "--as-of", "2026-11-26", "--calendar", OVERRIDE_2027)
    assert code == 0 and "测试用覆盖文件" in out and "尚未收录" not in out
    info = json.loads(
        run("calendar", "--as-of", "2026-11-26", "--calendar", OVERRIDE_2027, "-f", "json")[1]
    )
    assert info["next_year"]["status"] == "override"
    assert info["overrides"][0]["year"] == 2027


# --- renewals -------------------------------------------------------------


def renewals(*args: str) -> dict[str, Any]:
    code, out, _ = run("renewals", *args, "--format", "json")
    assert code == 0, out
    return json.loads(out)  # type: ignore[no-any-return]


def by_name(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in doc["studios"]}


def test_renewals_acceptance() -> None:
    registry = str(DATA / "registry.yaml")
    rows = by_name(renewals(registry, "--as-of", "2027-04-27"))
    a = rows["甲数控技能大师工作室"]
    assert (a["valid_through"], a["days_left"], a["status"]) == ("2027-04-27", 0, "expiring")
    b = rows["乙电工技能大师工作室"]
    assert (b["valid_through"], b["status"]) == ("2032-03-01", "valid")
    assert rows["丙焊接技能大师工作室"]["status"] == "lost"
    d = rows["丁烹饪技能大师工作室"]
    assert d["valid_through"] == "2029-02-28"  # certified on 29 February

    rows = by_name(renewals(registry, "--as-of", "2027-04-28"))
    assert rows["甲数控技能大师工作室"]["status"] == "expired"
    assert rows["甲数控技能大师工作室"]["days_left"] == -1


def test_renewals_summary_order_and_filters() -> None:
    doc = renewals(str(DATA / "registry.yaml"), "--as-of", "2027-04-27")
    assert doc["summary"] == {"valid": 2, "expiring": 1, "expired": 0, "lost": 1}
    assert doc["as_of"] == "2027-04-27" and doc["within_days"] == 180
    action = [s["action_by"] for s in doc["studios"]]
    assert action == sorted(action)  # what needs doing soonest first
    lost = next(s for s in doc["studios"] if s["status"] == "lost")
    assert lost["days_left"] is None and lost["action_by"] == "2026-08-01"  # the departure
    assert lost["reason"] == "领办人 2026-08-01 离开申报单位"
    only = renewals(str(DATA / "registry.yaml"), "--as-of", "2027-04-27", "--status", "lost")
    assert [s["status"] for s in only["studios"]] == ["lost"]
    narrow = renewals(str(DATA / "registry.yaml"), "--as-of", "2026-11-26", "--within", "10")
    assert "expiring" not in {s["status"] for s in narrow["studios"]}


def _dossiers(tmp_path: Path) -> Path:
    """The registry's studios written as dossiers (from the annotated example)."""
    base = yaml.safe_load((EXAMPLES / "annotated.yaml").read_text(encoding="utf-8"))
    folder = tmp_path / "dossiers"
    folder.mkdir()
    entries = yaml.safe_load((DATA / "registry.yaml").read_text(encoding="utf-8"))["studios"]
    for index, entry in enumerate(entries):
        data = json.loads(json.dumps(base, default=str))
        data["studio"]["name"] = entry["name"]
        data["applicant"]["name"] = entry["applicant"]
        data["leader"]["name"] = entry["leader"]
        data["leader"]["left_unit_on"] = entry.get("left_unit_on")
        data["leader"]["in_skill_post"] = entry.get("in_skill_post", True)
        data["review"]["certified_on"] = entry["certified_on"]
        data["review"]["renewals"] = entry.get("renewals", [])
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / f"studio-{index}.yaml").write_text(text, encoding="utf-8")
    (folder / "application.yaml").write_text(
        (EXAMPLES / "eligible.yaml").read_text("utf-8"), "utf-8"
    )
    return folder


def _rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    where = ("source", "sources", "extra")  # where a row came from, and a CSV's own columns
    return sorted(({k: v for k, v in s.items() if k not in where} for s in doc["studios"]), key=str)


def test_registry_yaml_csv_and_dossiers_give_the_same_rows(tmp_path: Path) -> None:
    as_of = ("--as-of", "2027-04-27")
    from_yaml = renewals(str(DATA / "registry.yaml"), *as_of)
    from_csv = renewals(str(DATA / "registry-zh.csv"), *as_of)
    from_dossiers = renewals(str(_dossiers(tmp_path)), *as_of)
    assert _rows(from_yaml) == _rows(from_csv) == _rows(from_dossiers)
    assert len(from_yaml["studios"]) == 4
    assert from_dossiers["skipped"] and from_dossiers["skipped"][0].endswith("application.yaml")
    assert from_csv["studios"][0]["source"].startswith(str(DATA / "registry-zh.csv") + ":")


def test_mixed_sources_and_csv_output(tmp_path: Path) -> None:
    code, out, _ = run(
        "renewals",
        str(DATA / "registry.yaml"),
        str(DATA / "registry-zh.csv"),
        "--as-of",
        "2027-04-27",
        "-f",
        "csv",
    )
    assert code == 0 and out.startswith("\ufeffname,applicant,leader,certified_on")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    assert len(rows) == 4  # the same four studios in both: each listed once


def test_bad_registry_rows_are_reported_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,certified_on,in_skill_post\nx,2022-13-01,\ny,2022-01-01,maybe\nz,2022-01-01,否\n",
        "utf-8",
    )
    code, out, _ = run("renewals", str(bad), "--as-of", "2026-11-26", "-f", "json")
    doc = json.loads(out)
    assert code == 1
    assert [p["source"] for p in doc["problems"]] == [f"{bad}:2", f"{bad}:3"]
    assert [s["status"] for s in doc["studios"]] == ["lost"]
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text(
        "studios:\n  - name: x\n  - name: y\n    certified_on: 2022-01-01\n", "utf-8"
    )
    code, out, _ = run("renewals", str(bad_yaml), "--as-of", "2026-11-26", "-f", "json")
    assert code == 1 and json.loads(out)["problems"][0]["source"] == f"{bad_yaml}:2"


def test_renewals_usage_errors() -> None:
    assert run("renewals", "missing.yaml")[0] == 2
    assert run("renewals", str(DATA / "registry.yaml"), "--status", "gone")[0] == 2
    assert run("renewals", str(DATA / "registry.yaml"), "--within", "-1")[0] == 2


def test_renewals_table() -> None:
    code, out, _ = run("renewals", str(DATA / "registry.yaml"), "--as-of", "2027-04-27")
    assert code == 0 and "即将到期" in out and "不再保留称号" in out and "共 4 个" in out


# --- check: P and V codes, the calendar in the report --------------------------


def test_check_reports_the_calendar_it_used() -> None:
    code, out, _ = run(
        "check", str(EXAMPLES / "annotated.yaml"), "--as-of", "2026-11-26", "-f", "json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["calendar"]["years"] == {"2025": "official"} and doc["warnings"] == []
    assert doc["calendar"]["library"].startswith("holidays ")


def test_check_strict_fails_on_an_estimated_calendar(tmp_path: Path) -> None:
    text = (EXAMPLES / "annotated.yaml").read_text(encoding="utf-8")
    text = text.replace("notice_start: 2025-05-06", "notice_start: 2027-01-04")
    text = text.replace("notice_end: 2025-05-12", "notice_end: 2027-01-08")
    for key in ("applied_on", "recommended_on", "expert_review_on", "certified_on"):
        text = text.replace(
            f"{key}: 2025-", f"{key}: 2027-" if key == "certified_on" else f"{key}: 2026-"
        )
    text = text.replace("certified_on: 2027-05-20", "certified_on: 2027-01-20")
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run("check", str(path), "--as-of", "2027-02-01", "-f", "json")
    doc = json.loads(out)
    assert code == 0  # without --strict an estimate is a warning line, not a failure
    assert doc["calendar"]["years"]["2027"] == "estimated" and doc["warnings"]
    assert not [f for f in doc["dossiers"][0]["findings"] if f["code"].startswith("P")]
    assert run("check", str(path), "--as-of", "2027-02-01", "--strict")[0] == 1
    assert (
        run("check", str(path), "--as-of", "2027-02-01", "--strict", "--calendar", OVERRIDE_2027)[0]
        == 0
    )


def test_override_files_shipped_beside_the_pack_are_used(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text((ROOT / "rules" / "shaoguan-2022.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2027.yaml").write_text(
        Path(OVERRIDE_2027).read_text("utf-8"), "utf-8"
    )
    doc = notice("--start", "2027-01-04", "--rules", str(pack))
    assert doc["calendar"] == {"2027": "override"}
    assert notice("--start", "2027-01-04")["calendar"] == {"2027": "estimated"}


# --- regressions from the review of this issue ---------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", "name,certified_on\n" + "x" * 200_000 + ",2022-01-01\n", "CSV"),
        ("iso.csv", "name,certified_on\na,20220427\n", "不是日期"),
        ("twice.csv", "认定日期,certified_on\n2022-01-01,2022-01-01\n", "两次"),
        ("nocol.csv", "name\na\n", "认定日期"),
        (
            "dup.yaml",
            "studios:\n  - {name: a, certified_on: 2022-04-27, certified_on: 2023-04-27}\n",
            "Y003",
        ),
        (
            "dossier.yaml",
            "studio: {name: s}\nreview:\n  certified_on: 2025-02-30\n",
            "Y002 review.certified_on",
        ),
        (
            "renewal.yaml",
            "studio: {name: s}\nreview:\n  certified_on: 2022-01-01\n"
            "  renewals: [{approved_on: 2027-13-01}]\n",
            "review.renewals[0].approved_on",
        ),
        ("binary.csv", "\x00\x01\x02", "认定日期"),
    ],
)
def test_unreadable_registry_rows_are_problems_not_silence(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, _ = run("renewals", str(path), "--as-of", "2027-01-01", "-f", "json")
    doc = json.loads(out)
    assert code == 1 and doc["studios"] == []
    assert any(message in p["message"] for p in doc["problems"]), doc["problems"]


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, out, _ = run("renewals", str(fifo), "--as-of", "2027-01-01", "-f", "json")
    assert code == 1 and json.loads(out)["problems"][0]["source"] == str(fifo)


def test_folders_skip_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "x.yaml").write_text("a: 1\n", "utf-8")
    (tmp_path / "registry.yaml").write_text((DATA / "registry.yaml").read_text("utf-8"), "utf-8")
    doc = renewals(str(tmp_path), "--as-of", "2027-01-01")
    assert doc["skipped"] == [] and len(doc["studios"]) == 4


def test_dates_beyond_the_supported_years_are_usage_errors() -> None:
    assert run("notice-end", "--start", "9999-12-31")[0] == 2
    assert run("renewals", str(DATA / "registry.yaml"), "--as-of", "9999-01-01")[0] == 2
    code, out, _ = run("notice-end", "--start", "2199-12-31", "-f", "json")
    assert code == 0 and json.loads(out)["end"].startswith("2200-01")


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("year: 0\nsource: x\nholidays: []\n", "year"),
        (
            "year: 2027\nsource: x\nholidays: [{date: 2027-01-01, from: 2027-01-02, name: x}]\n",
            "not both",
        ),
        (
            "year: 2027\nsource: x\nholidays: [{date: 2027-02-06, name: x}]\n"
            "workdays: [2027-02-06]\n",
            "both a holiday and a workday",
        ),
    ],
)
def test_more_bad_overrides_exit_2(tmp_path: Path, content: str, named: str) -> None:
    path = tmp_path / "2027.yaml"
    path.write_text(content, encoding="utf-8")
    code, _out, err = run("notice-end", "--start", "2027-01-04", "--calendar", str(path))
    assert code == 2 and named in err


def test_calendar_warns_for_every_estimated_year() -> None:
    code, out, _ = run("calendar", "--as-of", "2027-06-01")
    assert code == 0 and "2027 年的安排尚未收录" in out and "2028 年的安排尚未收录" in out


def test_renewals_does_not_read_the_calendar(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text((ROOT / "rules" / "shaoguan-2022.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2027.yaml").write_text("year: [\n", "utf-8")
    code, _, _ = run(
        "renewals", str(DATA / "registry.yaml"), "--rules", str(pack), "--as-of", "2027-01-01"
    )
    assert code == 0


def test_exclude_start_shows_the_start_day() -> None:
    code, out, _ = run("notice-end", "--start", "2025-05-06", "--exclude-start")
    assert code == 0 and "起始日，不计入" in out and "2025-05-13" in out


# --- registries as officers keep them (review of issue 14) -------------------------


def test_renewals_reports_written_into_the_folder_are_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "名册.csv").write_bytes((DATA / "registry-zh.csv").read_bytes())
    as_of = ("--as-of", "2027-04-27")
    for fmt, lang in (("xlsx", "zh"), ("csv", "zh"), ("xlsx", "en")):
        target = f"到期-{lang}.{fmt}"
        assert run("renewals", "名册.csv", *as_of, "-f", fmt, "--lang", lang, "-o", target)[0] == 0
    for _ in range(2):  # every later run too
        doc = renewals(".", *as_of)
        assert doc["warnings"] == [] and doc["problems"] == [] and len(doc["studios"]) == 4
        assert sorted(doc["skipped_reports"]) == ["到期-en.xlsx", "到期-zh.csv", "到期-zh.xlsx"]
        assert doc["skipped"] == []
    code, out, _ = run("renewals", ".", *as_of)
    assert code == 0 and "dashi renewals 生成的报告（不是名册），已跳过：3 份" in out
    assert "  到期-zh.csv" in out and "见于多个来源" not in out
    code, out, _ = run("renewals", ".", *as_of, "--lang", "en")
    assert code == 0 and "Reports of dashi renewals (not registries), skipped: 3" in out


def test_skipped_sources_are_named_in_the_table_and_on_stderr_for_csv(tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "application.yaml").write_text(
        (EXAMPLES / "eligible.yaml").read_text("utf-8"), "utf-8"
    )
    (folder / "registry.yaml").write_text((DATA / "registry.yaml").read_text("utf-8"), "utf-8")
    code, out, _ = run("renewals", str(folder), "--as-of", "2027-04-27")
    assert code == 0 and "已跳过：1 份" in out
    assert str(folder / "application.yaml") in out.replace("\n", "")
    code, out, err = run("renewals", str(folder), "--as-of", "2027-04-27", "-f", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out[1:])))) == 4
    assert f"{folder / 'application.yaml'}: 已跳过：未认定的材料（无 review.certified_on）" in err
    _, _, err = run("renewals", str(folder), "--as-of", "2027-04-27", "-f", "csv", "--lang", "en")
    assert "application.yaml: skipped: a dossier without review.certified_on" in err


def test_a_lock_file_beside_an_open_registry_is_no_problem(tmp_path: Path) -> None:
    (tmp_path / "名册.csv").write_bytes((DATA / "registry-zh.csv").read_bytes())
    (tmp_path / "~$名册.xlsx").write_bytes(b"\x06zhangsan" + b" " * 40)
    doc = renewals(str(tmp_path), "--as-of", "2027-04-27")
    assert doc["problems"] == [] and len(doc["studios"]) == 4
    code, out, _ = run("renewals", str(tmp_path / "~$名册.xlsx"), "-f", "json", "--lang", "en")
    assert code == 1 and "lock file" in json.loads(out)["problems"][0]["message"]
