"""Every rule's case file: each case fires or does not fire as it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefiles import Case, load_cases, run
from dashi_cli import checks
from dashi_cli.pack import Pack
from dashi_cli.reporters.base import ReportOptions, render_message

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, pack: Pack, tmp_path: Path) -> None:
    result = run(case, pack, tmp_path)
    mine = [f for f in result.findings if f.code == case.rule]
    summary = [(f.code, f.field, f.variant) for f in result.findings]
    if "waived" in case.spec:  # the codes of the findings a waiver accepted
        assert sorted(f.code for f in result.findings if f.waiver) == case.spec["waived"], summary
    if "eligible" in case.spec:  # waived findings do not count
        assert result.eligible is case.spec["eligible"], summary
    if not case.spec["fires"]:
        assert not mine, f"{case.rule} fired: {summary}"
        return
    assert mine, f"{case.rule} did not fire: {summary}"
    if "field" in case.spec:
        assert case.spec["field"] in [f.field for f in mine], summary
    if "count" in case.spec:
        assert len(mine) == case.spec["count"], summary
    if "line" in case.spec:
        assert case.spec["line"] in [f.line for f in mine], [(f.field, f.line) for f in mine]
    if "message" in case.spec:
        options = ReportOptions(pack=pack)
        messages = [render_message(f, options) for f in mine]
        assert any(case.spec["message"] in m for m in messages), messages


def test_every_rule_has_firing_and_passing_cases() -> None:
    codes = set(checks.RULES) | set(checks.LOADING_CODES)
    fires = {c.rule for c in CASES if c.spec["fires"]}
    passes = {c.rule for c in CASES if not c.spec["fires"]}
    assert not codes - fires, f"no firing case for {sorted(codes - fires)}"
    assert not codes - passes, f"no passing case for {sorted(codes - passes)}"
