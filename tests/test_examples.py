"""Every example runs through the CLI with its expected exit code and codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES
from dashi_cli.cli import app

MANIFEST = yaml.safe_load((Path(__file__).parent / "examples.yaml").read_text(encoding="utf-8"))


def test_manifest_lists_every_example() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(MANIFEST)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_example_through_cli(name: str) -> None:
    expected = MANIFEST[name]
    path = str(EXAMPLES / name)
    result = CliRunner().invoke(app, ["check", path, "--as-of", "2026-11-26", "--format", "json"])
    assert result.exit_code == expected["exit"], result.output
    codes = {f["code"] for f in json.loads(result.stdout)["dossiers"][0]["findings"]}
    assert set(expected.get("codes", [])) <= codes, codes
    assert not set(expected.get("not", [])) & codes, codes
    for fmt in ("table", "csv"):
        other = CliRunner().invoke(app, ["check", path, "--as-of", "2026-11-26", "-f", fmt])
        assert other.exit_code == expected["exit"]
        assert "Traceback" not in other.output


def test_console_script_runs_the_eligible_example() -> None:
    """The installed entry point, as a real process (python -m dashi_cli)."""
    done = subprocess.run(
        [sys.executable, "-m", "dashi_cli", "check", str(EXAMPLES / "eligible.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "符合认定条件" in done.stdout
    assert done.stderr == ""
