"""The annotated example of docs/dossier-format.md and edits of it (issue 2, acceptance 5);
that it is the page's example, verbatim, is tests/test_docs.py's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import EXAMPLES
from dashi_cli.cli import app

ANNOTATED = (EXAMPLES / "annotated.yaml").read_text(encoding="utf-8")


def _check(tmp_path: Path, text: str) -> tuple[int, list[dict[str, Any]]]:
    path = tmp_path / "dossier.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "-f", "json", "--as-of", "2026-11-26"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["dossiers"][0]["findings"]


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_annotated_example_reports_no_error(tmp_path: Path) -> None:
    code, findings = _check(tmp_path, ANNOTATED)
    assert code == 0
    assert [f for f in findings if f["severity"] == "error"] == []


def test_removing_members_reports_q002_and_f001(tmp_path: Path) -> None:
    start = ANNOTATED.index("members:")
    end = ANNOTATED.index("projects:")
    code, findings = _check(tmp_path, ANNOTATED[:start] + ANNOTATED[end:])
    assert code == 1
    codes = {f["code"] for f in findings}
    assert {"Q002", "F001"} <= codes
    f001 = next(f for f in findings if f["code"] == "F001")
    assert "members" in f001["message"]
    q002 = next(f for f in findings if f["code"] == "Q002")
    assert "1" in q002["message"] and "张建华" in q002["message"]


def test_typo_key_reports_y002_with_suggestion_and_line(tmp_path: Path) -> None:
    text = ANNOTATED.replace("members:", "memebers:", 1)
    line = _line_of(text, "memebers:")
    code, findings = _check(tmp_path, text)
    assert code == 1
    y002 = [f for f in findings if f["code"] == "Y002"]
    assert len(y002) == 1
    assert y002[0]["line"] == line and y002[0]["column"] == 1
    assert "members" in y002[0]["message"] and "memebers" in y002[0]["message"]
    assert y002[0]["field"] == "memebers"


def test_nested_typo_points_at_the_key(tmp_path: Path) -> None:
    text = ANNOTATED.replace("  skill_level: 高级技师", "  skil_level: 高级技师", 1)
    line = _line_of(text, "  skil_level: 高级技师")
    _code, findings = _check(tmp_path, text)
    y002 = next(f for f in findings if f["code"] == "Y002")
    assert (y002["field"], y002["line"], y002["column"]) == ("leader.skil_level", line, 3)
    assert "skill_level" in y002["message"]
