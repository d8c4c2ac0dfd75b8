"""Syntax errors in the reader's language, at the slip (issue 13, acceptance 2): each
typical slip gives a Y001 at the offending character with a specific hint, zh and en."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import AS_OF, ROOT
from dashi_cli.cli import app
from dashi_cli.engine import check_loaded
from dashi_cli.findings import Finding
from dashi_cli.loading import load_text, slips
from dashi_cli.pack import Pack
from dashi_cli.reporters.base import ReportOptions, render_message

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


# --- the slips on real files ------------------------------------------------------
#
# Each slip where people make it: on a line with a trailing comment (every line of
# the `dashi init` template has one), as the first, a middle, the last or the only
# key of a block, at the top level, in a list item, in { }, with CRLF line ends,
# with Chinese keys, beside full-width punctuation that is innocent (in comments,
# quoted values, blocks of text). ⟦ marks the offending character.

MARK = "⟦"


@functools.cache
def _base(name: str) -> str:
    """A real file to put a slip in: the eligible example, a dossier with Chinese keys,
    the `dashi init` template (zh or en)."""
    if name == "eligible":
        return (ROOT / "examples" / "eligible.yaml").read_text("utf-8")
    if name == "chinese keys":
        return (ROOT / "tests" / "corpus" / "申报-乳源-瑶绣.yaml").read_text("utf-8")
    if name == "lists of { }":  # members written as { } over two lines each
        return (ROOT / "tests" / "corpus" / "延续-武江-维修电工.yaml").read_text("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "init.yaml"
        lang = name.removeprefix("init ")
        result = CliRunner().invoke(app, ["init", str(path), "--lang", lang])
        assert result.exit_code == 0, result.output
        return path.read_text("utf-8")


# name → (file, text replaced, its replacement with ⟦ before the offending character, variant);
# ◇ stands for the colon typed; a file "" means the replacement is the whole text;
# "… crlf": the file with CRLF line ends
Shape = tuple[str, str, str, str]
_COLON_SHAPES: dict[str, Shape] = {
    "first key of a block, with a comment": (
        "eligible",
        "  name: 李卫东电工技能大师工作室",
        "  name◇李卫东电工技能大师工作室",
        "",
    ),
    "top-level key": ("eligible", "schema_version: 1", "schema_version◇1", ""),
    "first key of a nested block": (
        "eligible",
        "    kind: 职业资格证书",
        "    kind◇职业资格证书",
        "",
    ),
    "last key of a nested block": (
        "eligible",
        "    issued_on: 2016-11-30",
        "    issued_on◇2016-11-30",
        "",
    ),
    "middle key": ("eligible", "  gender: 男\n  ethnicity", "  gender◇男\n  ethnicity", ""),
    "list item's first key": ("eligible", "  - name: 陈慧敏", "  - name◇陈慧敏", ""),
    "list item's middle key": (
        "eligible",
        '    gender: 女\n    id_number: "440203',
        '    gender◇女\n    id_number: "440203',
        "",
    ),
    "list item's last key, with a comment": (
        "eligible",
        "    skill_level: 高级工",
        "    skill_level◇高级工",
        "",
    ),
    "last key of the file": ("eligible", "  stamped: true", "  stamped◇true", ""),
    "in { }": ("eligible", "{kind: 职业技能等级证书,", "{kind◇职业技能等级证书,", ""),
    "middle key, CRLF": (
        "eligible crlf",
        "  gender: 男\n  ethnicity",
        "  gender◇男\n  ethnicity",
        "",
    ),
    "first key with a comment, CRLF": (
        "eligible crlf",
        "  name: 李卫东电工技能大师工作室",
        "  name◇李卫东电工技能大师工作室",
        "",
    ),
    "the init template, with a comment": (
        "init zh",
        "  location:                  #",
        "  location◇韶关市武江区     #",
        "",
    ),
    "the init template, first key": (
        "init zh",
        "  name:                      # 工作室名称",
        "  name◇李卫东工作室        # 工作室名称",
        "",
    ),
    "the English init template": (
        "init en",
        "  location:                  #",
        "  location◇Wujiang, Shaoguan  #",
        "",
    ),
    "last key of a block": (
        "",
        "",
        "leader:\n  name: 李卫东\n  birth◇1980-03\nstudio:\n  name: 甲\n",
        "",
    ),
    "last key of a block, then a comment line": (
        "",
        "",
        "leader:\n  name: 李卫东\n  birth◇1980-03\n\n# 工作室：\nstudio:\n  name: 甲\n",
        "",
    ),
    "last key of a block, with a comment": (
        "",
        "",
        "leader:\n  name: 李卫东\n  birth◇1980-03   # 出生年月：如 1980-03\nstudio:\n  name: 甲\n",
        "",
    ),
    "last line of the file": ("", "", "leader:\n  name: 李卫东\n  birth◇1980-03\n", ""),
    "Chinese keys": ("chinese keys", "  民族: 瑶族", "  民族◇瑶族", ""),
    "Chinese key with full-width brackets": (
        "chinese keys",
        "  工作室职业（工种）: 抽纱刺绣工",
        "  工作室职业（工种）◇抽纱刺绣工",
        "",
    ),
    "Chinese keys, first key of a block": (
        "chinese keys",
        "  工作室名称: 赵秀英",
        "  工作室名称◇赵秀英",
        "",
    ),
    "after full-width colons in a quoted value and a comment": (
        "",
        "",
        'leader:\n  name: 李卫东\n  note: "时间：2020"   # 备注：可空\n'
        "  birth◇1980-03\n  gender: 男\n",
        "",
    ),
    "after a full-width colon in a plain value": (
        "",
        "",
        "leader:\n  achievements: 主持研发：获专利\n  birth◇1980-03\n  gender: 男\n",
        "",
    ),
    "after a block of text with full-width colons": (
        "",
        "",
        "leader:\n  achievements: |\n    成果：专利 3 项，\n    \u3000\u3000奖项：二等奖\n"
        "  birth◇1980-03\n  gender: 男\n",
        "",
    ),
}
_COLONS = {
    "full-width colon": (f"{MARK}：", "fullwidth_colon"),
    "no space after the colon": (f"{MARK}:", "colon_space"),
    "full-width space after the colon": (f":{MARK}\u3000", "fullwidth_space"),
}

SHAPES: dict[str, Shape] = {
    f"{slip}: {where}": (base, old, new.replace("◇", typed), variant)
    for slip, (typed, variant) in _COLONS.items()
    for where, (base, old, new, _) in _COLON_SHAPES.items()
    if not (where == "in { }" and variant == "fullwidth_space")  # `{kind:　x}` is valid YAML
}
SHAPES.update(
    {
        # no colon at all
        "no colon: middle key": (
            "",
            "",
            "leader:\n  name: 李卫东\n  ⟦gender 男\n  birth: 1980-03\n",
            "no_colon",
        ),
        "no colon: first key, with a comment": (
            "eligible",
            "  name: 李卫东电工技能大师工作室",
            "  ⟦name 李卫东电工技能大师工作室",
            "no_colon",
        ),
        "no colon: a value on a line of its own": (
            "",
            "",
            "leader:\n  achievements: 主持研发\n  ⟦获专利 3 项\n  gender: 男\n",
            "no_colon",
        ),
        # a key typed `key：{…}`: the { } becomes part of a text
        "full-width colon before { }": (
            "eligible",
            "    certificate: {kind: 职业技能等级证书,",
            "    certificate⟦：{kind: 职业技能等级证书,",
            "fullwidth_colon",
        ),
        "no space after the colon before { }": (
            "eligible",
            "    certificate: {kind: 职业技能等级证书,",
            "    certificate⟦:{kind: 职业技能等级证书,",
            "colon_space",
        ),
        "full-width colon before { } in { }": (
            "lists of { }",
            '     certificate: {kind: 职业资格证书, number: "1644000002700128"',
            '     certificate⟦：{kind: 职业资格证书, number: "1644000002700128"',
            "fullwidth_colon",
        ),
        "no space after the colon before { } in { }": (
            "lists of { }",
            '     certificate: {kind: 职业资格证书, number: "1644000002700128"',
            '     certificate⟦:{kind: 职业资格证书, number: "1644000002700128"',
            "colon_space",
        ),
        "full-width space before { } in { }": (
            "lists of { }",
            '     certificate: {kind: 职业资格证书, number: "1644000002700128"',
            '     certificate:⟦\u3000{kind: 职业资格证书, number: "1644000002700128"',
            "fullwidth_space",
        ),
        "full-width colon before { [ ] }, Chinese keys": (
            "chinese keys",
            "  申办报告: {内容: [",
            "  申办报告⟦：{内容: [",
            "fullwidth_colon",
        ),
        # quotes
        "unclosed quote, later quoted values": (
            "eligible",
            'credit_code: "12440200456789012K"',
            'credit_code: ⟦"12440200456789012K',
            "unclosed_quote",
        ),
        "unclosed quote, the next quoted value in a nested block": (
            "eligible",
            'mobile: "13926300001"',
            'mobile: ⟦"13926300001',
            "unclosed_quote",
        ),
        "unclosed quote, last quoted value of a block": (
            "eligible",
            'account: "44050170000000000001"',
            'account: ⟦"44050170000000000001',
            "unclosed_quote",
        ),
        "unclosed quote in { }": (
            "eligible",
            'number: "Y440200000000012"',
            'number: ⟦"Y440200000000012',
            "unclosed_quote",
        ),
        "unclosed single quote": (
            "eligible",
            'credit_code: "12440200456789012K"',
            "credit_code: ⟦'12440200456789012K",
            "unclosed_quote",
        ),
        "unclosed quote, with a comment": (
            "",
            "",
            'leader:\n  name: ⟦"李卫东   # 姓名\n  gender: 男\n',
            "unclosed_quote",
        ),
        "unclosed quote, CRLF": (
            "eligible crlf",
            'credit_code: "12440200456789012K"',
            'credit_code: ⟦"12440200456789012K',
            "unclosed_quote",
        ),
        "unclosed quote, Chinese keys": (
            "chinese keys",
            '统一社会信用代码: "514402320196963004"',
            '统一社会信用代码: ⟦"514402320196963004',
            "unclosed_quote",
        ),
        "full-width closing quote, later quoted values": (
            "eligible",
            'credit_code: "12440200456789012K"',
            'credit_code: "12440200456789012K⟦”',
            "fullwidth_quote",
        ),
        "full-width closing quote, with a comment": (
            "",
            "",
            'leader:\n  name: "李卫东⟦”   # 姓名\n  gender: 男\n',
            "fullwidth_quote",
        ),
        # brackets and commas
        "unclosed bracket, a key on the next line": (
            "eligible",
            "honors: [广东省技术能手, 韶关市首席技师]",
            "honors: ⟦[广东省技术能手, 韶关市首席技师",
            "unclosed_bracket",
        ),
        "unclosed bracket, a comment and quoted value with full-width commas": (
            "",
            "",
            'leader:\n  honors: ⟦[广东省技术能手   # 称号，可空【】\n  phone: "139，0"\n',
            "unclosed_bracket",
        ),
        "unclosed brace in a list item": (
            "eligible",
            '{kind: 职业技能等级证书, number: "Y440200000000012", issued_on: 2020-12-18}',
            '⟦{kind: 职业技能等级证书, number: "Y440200000000012", issued_on: 2020-12-18',
            "unclosed_bracket",
        ),
        "a bracket too many": (
            "eligible",
            "韶关市首席技师]",
            "韶关市首席技师]⟦]",
            "unopened_bracket",
        ),
        "full-width closing bracket": (
            "eligible",
            "韶关市首席技师]",
            "韶关市首席技师⟦］",
            "fullwidth_bracket",
        ),
        "full-width closing 】": (
            "eligible",
            "韶关市首席技师]",
            "韶关市首席技师⟦】",
            "fullwidth_bracket",
        ),
        "full-width closing bracket, with a comment": (
            "",
            "",
            'leader:\n  honors: ["技术能手】", 广东省技术能手⟦］   # 称号\n  phone: "139"\n',
            "fullwidth_bracket",
        ),
        "full-width closing brace after a closing brace": (
            "lists of { }",
            'number: "1644000002700128", issued_on: 2016-12-30}}',
            'number: "1644000002700128", issued_on: 2016-12-30}⟦｝',
            "fullwidth_bracket",
        ),
        "full-width closing brace": (
            "eligible",
            "issued_on: 2020-12-18}",
            "issued_on: 2020-12-18⟦｝",
            "fullwidth_bracket",
        ),
        "full-width comma in { }": (
            "eligible",
            "{kind: 职业技能等级证书, number:",
            "{kind: 职业技能等级证书⟦，number:",
            "fullwidth_comma",
        ),
        "full-width comma and a space in { }": (
            "eligible",
            "{kind: 职业技能等级证书, number:",
            "{kind: 职业技能等级证书⟦， number:",
            "fullwidth_comma",
        ),
        "full-width comma in { }, CRLF": (
            "eligible crlf",
            "{kind: 职业技能等级证书, number:",
            "{kind: 职业技能等级证书⟦，number:",
            "fullwidth_comma",
        ),
        # tabs and indentation
        "tab before a key": ("eligible", "  gender: 男", "⟦\tgender: 男", "tab"),
        "tab after spaces": ("eligible", "  gender: 男", "  ⟦\tgender: 男", "tab"),
        "tab, first key of a block": ("eligible", "  name: 李卫东\n", "⟦\tname: 李卫东\n", "tab"),
        "tab before a list item": ("eligible", "  - name: 钟丽", "⟦\t- name: 钟丽", "tab"),
        "tab, with comments": (
            "",
            "",
            "leader:\n  name: 李卫东   # 姓名：\n⟦\tgender: 男   # 性别\n",
            "tab",
        ),
        "tab in the init template": (
            "init zh",
            "  ethnicity:                 #",
            "⟦\tethnicity:                 #",
            "tab",
        ),
        "indented too far": ("eligible", "  gender: 男", "   ⟦gender: 男", "indentation"),
        "indented too little": (
            "eligible",
            "  occupation: 电工  ",
            " ⟦occupation: 电工  ",
            "indentation",
        ),
        "first key of a block indented too far": (
            "eligible",
            "  name: 李卫东电工技能大师工作室",
            "   ⟦name: 李卫东电工技能大师工作室",
            "indentation",
        ),
        "first key of a block indented too little": (
            "eligible",
            "  name: 李卫东电工技能大师工作室",
            " ⟦name: 李卫东电工技能大师工作室",
            "indentation",
        ),
        "first key of a block of two indented too far": (
            "eligible",
            "    name: 周志明",
            "     ⟦name: 周志明",
            "indentation",
        ),
        "second key of a block of two indented too little": (
            "eligible",
            "  directions: [智能配电运维",
            " ⟦directions: [智能配电运维",
            "indentation",
        ),
        "first line of a block of text indented too far": (
            "eligible",
            "    主持变电站",
            "     ⟦主持变电站",
            "indentation",
        ),
        "indented too little, in a list item": (
            "eligible",
            '    gender: 女\n    id_number: "440203',
            '   ⟦gender: 女\n    id_number: "440203',
            "indentation",
        ),
        "indented too little, with comments": (
            "init zh",
            "  occupation:                #",
            " ⟦occupation:                #",
            "indentation",
        ),
        "indented too far after a value with a full-width colon": (
            "",
            "",
            "leader:\n  achievements:\n    主持研发：获专利\n     ⟦gender: 男\n",
            "indentation",
        ),
        "indented with full-width spaces": (
            "",
            "",
            "leader:\n⟦\u3000\u3000name: 李卫东\n  gender: 男\n",
            "fullwidth_space",
        ),
        # colons in values, reserved characters
        "a colon in a value": (
            "eligible",
            "  position: 电气工程系主任",
            "  position: 电气工程系⟦: 主任",
            "colon_in_value",
        ),
        "a colon in a value, with a comment": (
            "",
            "",
            "leader:\n  position: 系⟦: 主任   # 职务：\n  gender: 男\n",
            "colon_in_value",
        ),
        "a value starting with @": (
            "eligible",
            "  position: 电气工程系主任",
            "  position: ⟦@电气工程系主任",
            "reserved_char",
        ),
        "a value starting with `, with a comment": (
            "",
            "",
            "leader:\n  position: ⟦`主任`   # 职务\n  gender: 男\n",
            "reserved_char",
        ),
    }
)

# variant → words of its Chinese and English hints
HINTS = {
    "fullwidth_colon": ("全角冒号", "full-width colon"),
    "colon_space": ("缺少空格", "no space"),
    "fullwidth_space": ("全角空格", "full-width space"),
    "no_colon": ("没有冒号", "no colon"),
    "unclosed_quote": ("没有闭合", "never closed"),
    "fullwidth_quote": ("全角引号", "full-width quote"),
    "unclosed_bracket": ("没有闭合", "never closed"),
    "unopened_bracket": ("没有对应的开括号", "closes nothing"),
    "fullwidth_bracket": ("全角括号", "full-width bracket"),
    "fullwidth_comma": ("全角逗号", "full-width comma"),
    "tab": ("制表符", "tab"),
    "indentation": ("缩进不对", "indentation"),
    "colon_in_value": ("加上引号", "in quotes"),
    "reserved_char": ("开头", "cannot start"),
}


def _marked(shape: Shape) -> tuple[str, int, int]:
    """The shape's text, and the line and column of the character ⟦ marks."""
    base, old, new, _ = shape
    if base:
        text = _base(base.removesuffix(" crlf"))
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    else:
        text = new
    [(line, column)] = [
        (number, row.index(MARK) + 1)
        for number, row in enumerate(text.split("\n"), 1)
        if MARK in row
    ]
    text = text.replace(MARK, "")
    return (text.replace("\n", "\r\n") if base.endswith(" crlf") else text), line, column


def _findings(text: str, pack: Pack) -> list[Finding]:
    return check_loaded(load_text(text), pack, AS_OF, None).findings


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_slip_in_a_real_file_is_named_at_its_character(shape: str, pack: Pack) -> None:
    text, line, column = _marked(SHAPES[shape])
    variant = SHAPES[shape][3]
    [finding] = _findings(text, pack)
    assert (finding.code, finding.variant) == ("Y001", variant), shape
    assert (finding.line, finding.column) == (line, column), shape
    for lang, words in zip(("zh", "en"), HINTS[variant], strict=True):
        message = render_message(finding, ReportOptions(pack=pack, lang=lang))
        assert words in message, (shape, message)
        assert "YAML 语法错误" not in message and "syntax error" not in message


def test_the_init_template_with_a_full_width_colon_through_the_cli(tmp_path: Path) -> None:
    """The reviewer's file: `dashi init`, then `location：韶关市武江区` before the comment."""
    text, line, column = _marked(SHAPES["full-width colon: the init template, with a comment"])
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    for lang, words in (("zh", "全角冒号"), ("en", "full-width colon")):
        result = CliRunner().invoke(app, ["check", str(path), "-f", "concise", "--lang", lang])
        assert "Traceback" not in result.output
        assert f"x.yaml:{line}:{column}: Y001" in result.stdout and words in result.stdout
        assert "could not find" not in result.stdout


def test_every_slip_variant_has_hints_in_both_languages(pack: Pack) -> None:
    messages = pack.rules["Y001"].messages
    for variant in HINTS:
        zh, en = messages[variant]("zh"), messages[variant]("en")
        assert zh and en and zh != en
        outside_quotes = re.sub(r"\"[^\"]*\"|\([^)]*\)", "", en)
        assert not re.search(r"[\u4e00-\u9fff]", outside_quotes), en


# --- nothing innocent is blamed -----------------------------------------------------

INNOCENT = {
    # full-width punctuation in comments and values, where YAML allows it
    "  name: 李卫东电工技能大师工作室            # 工作室名称": (
        "  name: 李卫东电工技能大师工作室            # 工作室名称：全称，勿用简称【必填】“”"
    ),
    "  location: 韶关市武江区沐溪大道 8 号实训楼 2 层": (
        "  location: 韶关市武江区：沐溪大道 8 号，实训楼 2 层（东）【主楼】"
    ),
    "    - PLC 控制实训装置 20 套": '    - "PLC 控制实训装置：20 套，含附件"',
    "  address: 韶关市武江区沐溪大道 8 号": "  address: '韶关市武江区沐溪大道 8 号：“教务处”'",
    "    主持变电站二次回路智能检测装置研发，获实用新型专利 3 项；": (
        "    　　主持变电站二次回路智能检测装置研发：获实用新型专利 3 项；\t【专利】"
    ),
    "  position: 电气工程系主任": "  position: 电气工程系主任　",
    "  honors: [广东省技术能手, 韶关市首席技师]": (
        '  honors: [广东省技术能手, "韶关市首席技师（2019，第一批）"]   # 称号：可空，【】'
    ),
    '    certificate: {kind: 职业资格证书, number: "GZ1801000000007", issued_on: 2018-06-28}': (
        '    certificate: {kind: 职业资格证书, number: "GZ1801000000007", issued_on: 2018-06-28}'
        "  # 证书：{kind：…}"
    ),
    "projects:": "# 项目：技术攻关，技艺传承【见下】\nprojects:   # 技术项目：",
}


def test_full_width_punctuation_in_comments_and_values_is_no_slip(pack: Pack) -> None:
    eligible = _base("eligible")
    text = eligible
    for old, new in INNOCENT.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    loaded = load_text(text)
    assert loaded.issues == []
    assert slips.commas_in_lists(loaded.root) == []  # the comma is quoted
    before = [(f.code, f.variant) for f in _findings(eligible, pack)]
    assert [(f.code, f.variant) for f in _findings(text, pack)] == before
    for crlf in (text.replace("\n", "\r\n"),):
        assert load_text(crlf).issues == []


@pytest.mark.parametrize("shape", ["tab after spaces", "unclosed quote, later quoted values"])
def test_a_slip_among_innocent_full_width_punctuation_is_still_the_one_named(
    shape: str, pack: Pack
) -> None:
    text, line, column = _marked(SHAPES[shape])
    for old, new in INNOCENT.items():
        if "\n" not in new and old in text:
            text = text.replace(old, new, 1)
    [finding] = _findings(text, pack)
    assert (finding.variant, finding.line, finding.column) == (SHAPES[shape][3], line, column)


# --- slips PyYAML reads without an error: where a mapping or a list was meant ----------


@pytest.mark.parametrize(
    ("text", "path", "expected", "found"),
    [
        # the only key of a block: `leader:` then `name：李卫东` is leader's text
        ("leader:\n  name⟦：李卫东\n", ("leader",), "mapping", "fullwidth_colon"),
        ("leader:\n  name⟦：李卫东   # 姓名\n", ("leader",), "mapping", "fullwidth_colon"),
        ("studio:\n  name⟦：李卫东工作室\nleader:\n  name: 李卫东\n", ("studio",), "mapping", ""),
        ("studio:\n  name⟦:李卫东工作室\nleader:\n  name: 李卫东\n", ("studio",), "mapping", ""),
        ("members:\n  - name⟦：陈慧敏\n  - name: 罗建国\n", ("members", 0), "mapping", ""),
        ("技能大师领办人:\n  姓名⟦：李卫东\n", ("技能大师领办人",), "mapping", ""),
        (
            "plan:\n  directions: ⟦【智能配电运维, 工业控制系统维修】\n",
            ("plan", "directions"),
            "list",
            "",
        ),
        ("plan:\n  directions: ⟦［智能配电运维］\n", ("plan", "directions"), "list", ""),
        # no slip: a text with no key in it, a quoted text, a text with spaces before its colon
        ("leader: 李卫东\n", ("leader",), "mapping", None),
        ('leader:\n  "name：李卫东"\n', ("leader",), "mapping", None),
        ("leader:\n  主持 研发：获专利\n", ("leader",), "mapping", None),
        ("plan:\n  directions: 智能配电运维【重点】\n", ("plan", "directions"), "list", None),
        ("plan:\n  directions: '【智能配电运维】'\n", ("plan", "directions"), "list", None),
        ("leader:\n  name：李卫东\n", ("studio",), "mapping", None),
    ],
)
def test_a_slip_that_is_valid_yaml_is_found_for_the_model(
    text: str, path: tuple[str | int, ...], expected: str, found: str | None
) -> None:
    """For the model: where a mapping or a list was meant and a text was read, the slip
    that made it one text (the model's Y002 can name it, at its character)."""
    plain = text.replace(MARK, "")
    loaded = load_text(plain)
    assert loaded.issues == []
    slip = loaded.slip_in_value(path, expected)
    if found is None:
        assert slip is None
        return
    [(line, column)] = [
        (n, row.index(MARK) + 1) for n, row in enumerate(text.split("\n"), 1) if MARK in row
    ]
    assert slip is not None and (slip.line, slip.column) == (line, column)
    assert slip.variant == (found or slip.variant)
    assert slip.char == plain.split("\n")[line - 1][column - 1]


def test_a_full_width_comma_in_a_list_item_is_found() -> None:
    """`[a， b, c]` is valid YAML: two items, "a， b" and "c"; the comma is found where
    it stands (for a warning), a quoted one is not."""
    loaded = load_text(
        'plan:\n  directions: [智能配电运维， 工业控制, "青年，电工"]\n  x: [a，b]\n'
    )
    assert [i.code for i in loaded.issues] == ["Y007", "Y007"]  # warnings: still read
    assert loaded.data["plan"]["directions"] == ["智能配电运维， 工业控制", "青年，电工"]
    found = [(s.variant, s.line, s.column) for s in slips.commas_in_lists(loaded.root)]
    assert found == [("fullwidth_comma", 2, 22), ("fullwidth_comma", 3, 8)]
    where = [loaded.position_of(i) for i in loaded.issues]
    assert [(p.line, p.column) for p in where if p] == [(2, 22), (3, 8)]


@pytest.mark.parametrize(
    ("text", "line", "column", "zh", "en"),
    [
        ("leader:\n  name：李卫东\n", 2, 7, "全角冒号", "full-width colon"),
        ("leader:\n  name:李卫东\n", 2, 7, "冒号后缺少空格", "no space after this colon"),
        ("members:\n  - 姓名：陈慧敏\n", 2, 7, "全角冒号", "full-width colon"),
        ("plan:\n  directions: 【数控, 电工】\n", 2, 15, "全角括号“【”", "full-width bracket (【)"),
    ],
)
def test_a_block_typed_as_one_text_names_the_slip(
    text: str, line: int, column: int, zh: str, en: str, pack: Pack
) -> None:
    """Valid YAML, so no Y001: the value is one text where a mapping or list was meant,
    and the Y002 that says so names the slip that made it one, at its character."""
    result = check_loaded(load_text(text), pack, AS_OF, None)
    [y002] = [f for f in result.findings if f.code == "Y002"]
    assert (y002.line, y002.column) == (line, column)
    assert zh in render_message(y002, ReportOptions(pack=pack))
    assert en in render_message(y002, ReportOptions(pack=pack, lang="en"))
