"""--summary in every format (one record per dossier, those without findings too) and
--format concise (one line per finding, path:line:col: CODE [severity] message)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from dashi_cli.cli import app

AS_OF = ("--as-of", "2026-11-26")
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
CONCISE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3})"
    r" \[(?P<severity>error|warning|info)\] (?P<message>.+)$"
)


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_summary_csv_has_one_row_per_example_the_eligible_ones_included() -> None:
    code, out = run("check", str(EXAMPLES), "--summary", "-f", "csv", *AS_OF)
    assert code == 1
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in rows) == EXAMPLE_FILES
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_name["eligible.yaml"]["verdict"] == "eligible"
    assert by_name["eligible.yaml"]["error_codes"] == ""
    assert by_name["ineligible-too-few-technicians.yaml"]["verdict"] == "not_eligible"
    assert "Q002" in by_name["ineligible-too-few-technicians.yaml"]["error_codes"].split()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_summary_json_and_jsonl_have_one_record_per_dossier(fmt: str) -> None:
    code, out = run("check", str(EXAMPLES), "-", "--summary", "-f", fmt, *AS_OF, stdin="a: [")
    assert code == 1
    if fmt == "json":
        report = json.loads(out)
        records = report["dossiers"]
        assert report["summary"]["dossiers"] == len(EXAMPLE_FILES) + 1
    else:
        records = [json.loads(line) for line in out.splitlines()]
        assert all(r["tool"] == "dashi" and "rules_pack" in r for r in records)
    assert len(records) == len(EXAMPLE_FILES) + 1
    assert all("findings" not in r for r in records)
    verdicts = {r["path"].rsplit("/", 1)[-1]: r["verdict"] for r in records}
    assert verdicts["eligible.yaml"] == "eligible"
    assert verdicts["-"] == "unreadable"  # standard input held no dossier
    stdin = next(r for r in records if r["path"] == "-")
    assert stdin["error_codes"] == ["Y001"] and stdin["counts"]["error"] == 1


def test_concise_lines_match_the_pattern_and_list_every_finding() -> None:
    code, out = run("check", str(EXAMPLES), "-f", "concise", *AS_OF)
    assert code == 1
    _, full = run("check", str(EXAMPLES), "-f", "json", *AS_OF)
    expected = [
        (d["path"], f["code"], f["line"] or 1)
        for d in json.loads(full)["dossiers"]
        for f in d["findings"]
    ]
    lines = out.splitlines()
    matches = [CONCISE.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    got = [(m["path"], m["code"], int(m["line"])) for m in matches if m is not None]
    assert got == expected


def test_concise_with_summary_is_one_line_per_dossier() -> None:
    code, out = run("check", str(EXAMPLES), "-f", "concise", "--summary", *AS_OF, "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(EXAMPLE_FILES)
    assert any(
        line.endswith("eligible.yaml: eligible (0 errors, 0 warnings, 3 infos)") for line in lines
    )


def test_concise_shows_no_control_character_and_masks_personal_data(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    text = (EXAMPLES / "ineligible-form.yaml").read_text("utf-8")
    (folder / "x.yaml").write_text(text, "utf-8")
    _, out = run("check", str(folder / "x.yaml"), "-f", "concise", *AS_OF)
    assert "440201198107302314" not in out and "********" in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)


@pytest.mark.parametrize(
    ("text", "variant_words"),
    [
        ((ROOT / "tests" / "data" / "registry.yaml").read_text("utf-8"), "dashi renewals"),
        ((ROOT / "tests" / "data" / "calendar-2027-test.yaml").read_text("utf-8"), "--calendar"),
        ("- studio: {name: 甲}\n- studio: {name: 乙}\n", "mapping"),
        ("just some text\n", "mapping"),
    ],
)
def test_a_yaml_file_that_is_no_dossier_gets_one_finding(
    text: str, variant_words: str, tmp_path: Path
) -> None:
    """A registry, a calendar override or a list left in a folder of dossiers: one
    finding saying what it looks like, and nothing else."""
    (tmp_path / "x.yaml").write_text(text, "utf-8")
    code, out = run("check", str(tmp_path / "x.yaml"), "-f", "json", "--lang", "en", *AS_OF)
    assert code == 1
    [dossier] = json.loads(out)["dossiers"]
    [finding] = dossier["findings"]
    assert finding["code"] == "Y002" and variant_words in finding["message"]


def test_a_broken_dossier_with_a_dossier_key_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("studio: {name: 甲}\nstudios: []\n", "utf-8")
    _, out = run("check", str(tmp_path / "x.yaml"), "-f", "json", *AS_OF)
    codes = {f["code"] for f in json.loads(out)["dossiers"][0]["findings"]}
    assert {"Y002", "F001"} <= codes
