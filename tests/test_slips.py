"""Syntax errors in the reader's language, at the slip (issue 13, acceptance 2): each
typical slip gives a Y001 at the offending character with a specific hint, zh and en."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dashi_cli.cli import app
from dashi_cli.loading import load_text

BASE = "studio:\n  name: 甲工作室\n  occupation: 电工\nleader:\n  name: 李卫东\n  gender: 男\n"
LEADER = "  name: 李卫东"

# name → (text, line, column, words of the Chinese hint, words of the English hint)
SLIPS = {
    "full-width colon": (
        BASE.replace(LEADER, "  name：李卫东"),
        5,
        7,
        "全角冒号",
        "full-width colon",
    ),
    "no space after the colon": (
        BASE.replace(LEADER, "  name:李卫东"),
        5,
        7,
        "缺少空格",
        "no space",
    ),
    "tab": (BASE.replace("  gender", "\tgender"), 6, 1, "制表符", "tab"),
    "unclosed quote": (BASE.replace(LEADER, '  name: "李卫东'), 5, 9, "没有闭合", "never closed"),
    "full-width quote": (
        BASE.replace(LEADER, '  name: "李卫东”'),
        5,
        13,
        "全角引号",
        "full-width quote",
    ),
    "unclosed bracket": (BASE + "  honors: [广东省技术能手\n", 7, 11, "没有闭合", "never closed"),
    "full-width bracket": (
        BASE + "  honors: [广东省技术能手］\n",
        7,
        19,
        "全角括号",
        "full-width bracket",
    ),
    "full-width brace": (
        BASE + "  certificate: {kind: 职业资格证书｝\n",
        7,
        29,
        "全角括号",
        "full-width bracket",
    ),
    "full-width comma": (
        BASE + "  certificate: {kind: 职业资格证书，number: S1}\n",
        7,
        29,
        "全角逗号",
        "full-width comma",
    ),
    "indented too far": (BASE.replace("  gender", "   gender"), 6, 4, "缩进不对", "indentation"),
    "indented too little": (
        BASE.replace("  occupation", " occupation"),
        3,
        2,
        "缩进不对",
        "indentation",
    ),
    "a colon in a value": (
        BASE.replace(LEADER, "  name: 负责人: 李卫东"),
        5,
        12,
        "加上引号",
        "in quotes",
    ),
    "a value starting with @": (BASE.replace(LEADER, "  name: @李卫东"), 5, 9, "“@”", "with @"),
}


@pytest.mark.parametrize("slip", list(SLIPS))
def test_a_slip_is_named_at_its_character_in_both_languages(slip: str, tmp_path: Path) -> None:
    text, line, column, zh, en = SLIPS[slip]
    path = tmp_path / "slip.yaml"
    path.write_text(text, "utf-8")
    for lang, words in (("zh", zh), ("en", en)):
        result = CliRunner().invoke(app, ["check", str(path), "-f", "json", "--lang", lang])
        assert "Traceback" not in result.output
        [finding] = json.loads(result.stdout)["dossiers"][0]["findings"]
        assert finding["code"] == "Y001"
        assert (finding["line"], finding["column"]) == (line, column), slip
        assert words in finding["message"], (slip, finding["message"])
        assert "mapping values" not in finding["message"]  # PyYAML's words are not shown


def test_an_error_no_slip_explains_keeps_pyyaml_s_words(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text("a: &x 1\nb: *y\n", "utf-8")  # an undefined alias: not a typing slip
    result = CliRunner().invoke(app, ["check", str(path), "-f", "json"])
    assert "Traceback" not in result.output
    [finding] = json.loads(result.stdout)["dossiers"][0]["findings"]
    assert finding["code"] == "Y001" and "undefined alias" in finding["message"]
    assert (finding["line"], finding["column"]) == (2, 4)


_YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab: -[]{},\"'#\t\n\r　：，］｝“”@&*!|>%`\x85\u2028")),
    max_size=60,
)


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(_YAMLISH)
def test_diagnosing_any_text_never_fails(text: str) -> None:
    """Whatever the text, reading it gives findings, never an exception; a slip's place
    is inside the text."""
    loaded = load_text(text)
    for issue in loaded.issues:
        where = loaded.position_of(issue)
        if issue.code == "Y001" and where is not None:
            breaks = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", text))
            assert 1 <= where.line <= breaks + 2
            assert where.column >= 1


def test_a_bracket_left_open_at_the_end_of_the_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "end.yaml"
    path.write_text("studio:\n  facilities: [\n", "utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "-f", "json", "--lang", "en"])
    [finding] = json.loads(result.stdout)["dossiers"][0]["findings"]
    assert (finding["line"], finding["column"]) == (2, 15)
    assert "([)" in finding["message"] and "never closed" in finding["message"]
