"""One mistake, one finding: a misspelt key is reported by Y002, and the rules that
would have read its value say nothing about it (issue 13, acceptance 1)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from dashi_cli.cli import app

AS_OF = ("--as-of", "2026-11-26")


def _typo(tmp_path: Path, old: str, new: str) -> Path:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "typo.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, *AS_OF])
    assert "Traceback" not in result.output
    return result.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  skill_level: 高级技师", "  skil_level: 高级技师"),  # the leader's: F001 and Q002 before
        ("    skill_level: 技师\n", "    skil_level: 技师\n"),  # a member's
    ],
)
def test_a_misspelt_skill_level_is_one_finding_first_in_every_format(
    tmp_path: Path, old: str, new: str
) -> None:
    path = str(_typo(tmp_path, old, new))
    findings = json.loads(run("check", path, "-f", "json"))["dossiers"][0]["findings"]
    consequential = [f for f in findings if f["severity"] != "info"]
    assert [f["code"] for f in consequential] == ["Y002"]
    assert "skil_level" in consequential[0]["message"]
    assert findings[0]["code"] == "Y002"
    assert json.loads(run("check", path, "-f", "jsonl"))["findings"][0]["code"] == "Y002"
    rows = list(csv.DictReader(io.StringIO(run("check", path, "-f", "csv").lstrip("\ufeff"))))
    assert rows[0]["code"] == "Y002"
    assert run("check", path, "-f", "concise").splitlines()[0].split(": ")[1].startswith("Y002")
    table = run("check", path)
    assert "Y002" in table and "F001" not in table and "Q002" not in table
    assert table.index("Y002") < table.index("R001")


def test_a_team_too_small_even_with_the_unread_level_is_still_reported(tmp_path: Path) -> None:
    """Q002 is silent only when the unread level could make up the number."""
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    text = text.replace("  skill_level: 高级技师", "  skil_level: 高级技师", 1)
    text = text.replace("    skill_level: 技师\n", "    skill_level: 高级工\n", 1)
    (tmp_path / "x.yaml").write_text(text, "utf-8")
    out = json.loads(run("check", str(tmp_path / "x.yaml"), "-f", "json"))
    codes = [f["code"] for f in out["dossiers"][0]["findings"]]
    assert "Q002" in codes and "Y002" in codes
