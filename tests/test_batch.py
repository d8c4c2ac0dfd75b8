"""Batches through the CLI: folders, stdin, filters, formats, output files, the API script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from dashi_cli.cli import app

ELIGIBLE = (EXAMPLES / "eligible.yaml").read_text(encoding="utf-8")
AS_OF = ("--as-of", "2026-11-26")


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(*args, "--format", "json")
    return code, json.loads(out)


def _studio(index: int) -> str:
    return ELIGIBLE.replace("李卫东电工技能大师工作室", f"第{index}号技能大师工作室")


BROKEN = [
    b"studio:\n  name: [unclosed\n",  # syntax error
    b"studio:\n  area_m2: lots\nmembers: many\n",  # wrong types
    bytes(range(256)) * 8,  # binary junk
    b"",  # empty
]


@pytest.fixture(scope="module")
def folder_500(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for index in range(480):
        sub = folder / f"group-{index % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"dossier-{index:03d}.yaml").write_text(_studio(index), encoding="utf-8")
    for index in range(20):
        (folder / f"broken-{index:02d}.yml").write_bytes(BROKEN[index % len(BROKEN)])
    return folder


def test_500_dossiers_with_20_broken_run_to_the_end(folder_500: Path) -> None:
    code, doc = run_json("check", str(folder_500), *AS_OF)
    assert code == 1
    assert doc["summary"]["dossiers"] == 500 and len(doc["dossiers"]) == 500
    broken = [d for d in doc["dossiers"] if Path(d["path"]).name.startswith("broken-")]
    assert len(broken) == 20 and not any(d["eligible"] for d in broken)
    assert all(f["code"] for d in doc["dossiers"] for f in d["findings"])
    code, out, _ = run("check", str(folder_500), *AS_OF, "--summary")
    assert code == 1 and "共 500 份材料" in out
    # one summary record per dossier: a table, or stacked when the temporary paths are long
    assert "│ 500 " in out or "序号：500\n" in out
    assert "│ 501 " not in out and "序号：501\n" not in out
    assert "需专家考察" not in out  # --summary: no details


def test_the_summary_comes_before_the_details(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(_studio(ord(name)), encoding="utf-8")
    code, out, _ = run("check", str(tmp_path), *AS_OF)
    assert out.index("汇总") < out.index("需专家考察")
    assert code == 0  # one leader in two dossiers: X001, a warning (the policy allows it)


def test_x001_and_x002_across_dossiers(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ELIGIBLE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_studio(2), encoding="utf-8")  # same leader
    other = ELIGIBLE.replace("440201198003152313", "440232198604125710")
    other = other.replace("gender: 男\n  ethnicity", "gender: 男\n  ethnicity").replace(
        "birth: 1980-03", "birth: 1986-04"
    )
    (tmp_path / "c.yaml").write_text(other, encoding="utf-8")  # same name, other leader
    code, doc = run_json("check", str(tmp_path), *AS_OF)
    codes = {Path(d["path"]).name: {f["code"] for f in d["findings"]} for d in doc["dossiers"]}
    assert code == 0  # both are warnings
    severities = {f["code"]: f["severity"] for d in doc["dossiers"] for f in d["findings"]}
    assert severities["X001"] == severities["X002"] == "warning"
    assert "X001" in codes["b.yaml"] and "X001" not in codes["a.yaml"]
    assert "X002" in codes["c.yaml"] and "X001" not in codes["c.yaml"]
    assert not {"X001", "X002"} & codes["a.yaml"]
    alone_code, alone = run_json("check", str(tmp_path / "b.yaml"), *AS_OF)
    assert alone_code == 0 and not [
        f for f in alone["dossiers"][0]["findings"] if f["code"][0] == "X"
    ]


def test_select_and_ignore(tmp_path: Path) -> None:
    path = str(EXAMPLES / "ineligible-form.yaml")
    _, doc = run_json("check", path, *AS_OF, "--select", "F00")
    assert {f["code"] for f in doc["dossiers"][0]["findings"]} == {"F001", "F002", "F004", "F007"}
    _, doc = run_json("check", path, *AS_OF, "--select", "F,R", "--ignore", "F001,R00")
    assert {f["code"] for f in doc["dossiers"][0]["findings"]} == {"F002", "F004", "F007"}
    code, doc = run_json("check", path, *AS_OF, "--ignore", "F")
    assert code == 0 and doc["dossiers"][0]["eligible"]  # the ignored errors do not count
    assert run("check", path, "--select", "Z9")[0] == 2  # no such code: a usage error
    eligible = str(EXAMPLES / "eligible.yaml")
    _, doc = run_json("check", eligible, *AS_OF, "--ignore", "r001")  # case does not matter
    assert "R001" not in {f["code"] for f in doc["dossiers"][0]["findings"]}


def test_jsonl_streams_one_object_per_dossier() -> None:
    code, out, _ = run("check", str(EXAMPLES), *AS_OF, "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(lines) == len(list(EXAMPLES.glob("*.yaml")))
    for record in lines:
        assert record["tool"] == "dashi" and record["policy"]["id"] == "shaoguan-2022"
        assert record["rules_pack"]["sha256"] and record["calendar"]["library"].startswith(
            "holidays"
        )
        assert {"path", "studio", "eligible", "counts", "findings"} <= set(record)


def test_reports_are_stamped(tmp_path: Path) -> None:
    override = tmp_path / "2027.yaml"
    override.write_text(
        (ROOT / "tests" / "data" / "calendar-2027-test.yaml").read_text("utf-8"), "utf-8"
    )
    _, doc = run_json(
        "check", str(EXAMPLES / "annotated.yaml"), *AS_OF, "--calendar", str(override)
    )
    import hashlib

    bundled = hashlib.sha256((ROOT / "rules" / "shaoguan-2022.yaml").read_bytes()).hexdigest()
    assert doc["rules_pack"] == {"source": "bundled", "sha256": bundled}
    assert doc["version"] and doc["calendar"]["overrides"][0].startswith("测试用覆盖文件")
    assert doc["calendar"]["years"] == {"2025": "official"}


def test_output_is_written_atomically_and_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run(
        "check", str(EXAMPLES / "eligible.yaml"), *AS_OF, "-f", "json", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["dossiers"] == 1
    before = target.read_text("utf-8")
    code, _, err = run("check", str(EXAMPLES / "ineligible-form.yaml"), "-o", str(target))
    assert code == 2 and "--force" in err and target.read_text("utf-8") == before
    code, _, _ = run("check", str(EXAMPLES / "ineligible-form.yaml"), "-o", str(target), "--force")
    assert code == 1 and target.read_text("utf-8") != before
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left over
    assert run("check", str(EXAMPLES / "eligible.yaml"), "-o", str(tmp_path))[0] == 2
    assert (
        run("check", str(EXAMPLES / "eligible.yaml"), "-o", str(tmp_path / "no" / "x.json"))[0] == 2
    )


def test_stdin_mixed_with_files() -> None:
    code, out, _ = run(
        "check",
        "-",
        str(EXAMPLES / "eligible.yaml"),
        *AS_OF,
        "-f",
        "json",
        stdin=(EXAMPLES / "ineligible-form.yaml").read_bytes(),
    )
    doc = json.loads(out)
    assert code == 1 and doc["dossiers"][0]["path"] == "-"
    assert {f["code"] for f in doc["dossiers"][0]["findings"]} >= {"F001", "F002"}
    code, _, _ = run("check", "-", *AS_OF, stdin=b"\xff\xfe junk")
    assert code == 1


def test_statistics() -> None:
    code, out, _ = run("check", str(EXAMPLES), *AS_OF, "--statistics")
    assert code == 1 and "R001" in out and "X001" in out
    code, out, _ = run("check", str(EXAMPLES), *AS_OF, "--statistics", "-f", "json")
    stats = {row["code"]: row["count"] for row in json.loads(out)["statistics"]}
    assert stats["R001"] == len(list(EXAMPLES.glob("*.yaml")))
    # the eligible example's leader leads four of the ineligible ones too (the form
    # example's ID is corrupted on purpose); six dossiers share one studio name
    assert stats["X001"] == 4 and stats["X002"] == 5


def test_no_progress_bar_in_machine_output(folder_500: Path) -> None:
    code, out, err = run("check", str(folder_500), *AS_OF, "-f", "jsonl")
    assert code == 1 and err == "" and len(out.splitlines()) == 500


def test_the_api_example_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "api_example.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr
    assert "notice ends: 2025-10-10" in done.stdout
    assert "valid through: 2032-03-01" in done.stdout
    assert "ineligible-form.yaml: not eligible F001 F002 F004" in done.stdout


def test_filters_never_hide_an_unreadable_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 4)
    for option in (["--select", "Q"], ["--ignore", "Y"]):
        code, doc = run_json("check", str(junk), *option)
        assert code == 1 and [f["code"] for f in doc["dossiers"][0]["findings"]] == ["Y001"]


def test_usage_errors_of_a_batch(tmp_path: Path) -> None:
    dossier = tmp_path / "a.yaml"
    dossier.write_text(ELIGIBLE, encoding="utf-8")
    code, _, err = run("check", str(dossier), "-o", str(dossier), "--force")
    assert code == 2 and "输入文件" in err and dossier.read_text("utf-8") == ELIGIBLE
    code, _, err = run("check", str(dossier), "-o", str(dossier), "--force", "--lang", "en")
    assert code == 2 and "input file" in err
    assert run("check", "-", "-", stdin=b"a: 1\n")[0] == 2
    assert run("check", "")[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("check", str(empty))
    assert code == 2 and "没有找到申报材料" in err
    assert run("check", str(dossier), "--statistics", "-f", "csv")[0] == 2
    assert run("check", str(dossier), "-o", "/proc/dashi-report.json")[0] == 2


def test_statistics_json_is_stamped() -> None:
    _, out, _ = run("check", str(EXAMPLES / "annotated.yaml"), *AS_OF, "--statistics", "-f", "json")
    doc = json.loads(out)
    assert doc["calendar"]["years"] == {"2025": "official"} and doc["rules_pack"]["sha256"]


def test_empty_json_batch_is_valid_json(tmp_path: Path) -> None:
    import io
    from datetime import date

    from dashi_cli.findings import CheckReport, Totals
    from dashi_cli.pack import load_pack
    from dashi_cli.reporters import ReportOptions, RunInfo, reporter_for

    out = io.StringIO()
    reporter = reporter_for("json", ReportOptions(pack=load_pack()))
    reporter.start(RunInfo(date(2026, 11, 26)), out)
    reporter.finish(Totals())
    assert json.loads(out.getvalue())["dossiers"] == []
    del CheckReport
