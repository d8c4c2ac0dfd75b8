"""The corpus (tests/corpus/): realistic dossiers, each run through the CLI as of
2026-11-26 against its expected verdict, exit code and codes (tests/corpus_expected.yaml).

The expectations come from the rule catalogue and issue 10, not from the tool's output;
see tests/corpus/README.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import catalogue
from dashi_cli.cli import app

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS.parent / "corpus_expected.yaml").read_text(encoding="utf-8")
)
AS_OF = "2026-11-26"
KEYS = {"verdict", "exit", "codes", "not", "reason", "batch_with"}

# Findings for the experts: the expert-review reminders (info) and the warnings that ask
# for a judgement rather than a correction.
EXPERT_WARNINGS = {"C003", "I001", "I002", "Q006", "Q007", "X001", "X002"}


def _dossiers() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.yaml"))


def test_every_dossier_is_listed() -> None:
    assert _dossiers() == sorted(EXPECTED)


def test_corpus_is_large_enough() -> None:
    assert len(EXPECTED) >= 40


def test_every_point_of_issue_10_has_a_dossier() -> None:
    points = {int(m.group(1)) for name in EXPECTED if (m := re.match(r"p(\d\d)-", name))}
    assert points == set(range(1, 15))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expectation_is_consistent(name: str) -> None:
    """An expectation contradicts itself nowhere: the verdict, the exit code and the
    severities of its codes agree (tests/catalogue.tsv)."""
    expected = EXPECTED[name]
    assert set(expected) <= KEYS, set(expected) - KEYS
    assert expected["verdict"] in ("eligible", "ineligible")
    assert expected["reason"].strip()
    severities = catalogue()
    codes, absent = set(expected.get("codes", [])), set(expected.get("not", []))
    assert codes <= set(severities) and absent <= set(severities)
    assert not codes & absent
    errors = {code for code in codes if severities[code][0] == "error"}
    if expected["verdict"] == "eligible":
        assert not errors, errors
        assert expected["exit"] == 0
    else:
        assert expected["exit"] == 1
    for other in expected.get("batch_with", []):
        assert other in EXPECTED and other != name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dossier_through_cli(name: str) -> None:
    expected = EXPECTED[name]
    others = [str(CORPUS / other) for other in expected.get("batch_with", [])]
    args = ["check", *others, str(CORPUS / name), "--as-of", AS_OF, "-f", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == expected["exit"], result.output
    report = json.loads(result.stdout)
    [dossier] = [d for d in report["dossiers"] if Path(d["path"]).name == name]
    codes = {finding["code"] for finding in dossier["findings"]}
    assert dossier["eligible"] is (expected["verdict"] == "eligible"), sorted(codes)
    missing = set(expected.get("codes", [])) - codes
    assert not missing, f"missing {sorted(missing)}; found {sorted(codes)}"
    unwanted = set(expected.get("not", [])) & codes
    assert not unwanted, f"unexpected {sorted(unwanted)}; found {sorted(codes)}"


def counts() -> dict[str, int]:
    """The README's numbers, from corpus_expected.yaml."""
    eligible = sum(e["verdict"] == "eligible" for e in EXPECTED.values())
    judgement = sum(bool(EXPERT_WARNINGS & set(e["codes"])) for e in EXPECTED.values())
    experts = sum(
        any(code.startswith("R") or code in EXPERT_WARNINGS for code in e["codes"])
        for e in EXPECTED.values()
    )
    return {
        "dossiers": len(EXPECTED),
        "eligible": eligible,
        "ineligible": len(EXPECTED) - eligible,
        "experts": experts,
        "judgement": judgement,
    }


def test_readme_counts_match_the_expectations() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("**Counts"))
    numbers = dict(re.findall(r"(\w+)=(\d+)", line))
    assert {key: int(value) for key, value in numbers.items()} == counts()
