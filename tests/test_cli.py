"""The command line: exit codes, options and one-line errors (docs/output.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from dashi_cli import __version__
from dashi_cli.cli import app

ELIGIBLE = str(EXAMPLES / "eligible.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and __version__ in out


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no-such-file.yaml"],
        ["check", ELIGIBLE, "--as-of", "2026-02-30"],
        ["check", ELIGIBLE, "--as-of", "tomorrow"],
        ["check", ELIGIBLE, "--format", "xml"],
        ["check", ELIGIBLE, "--lang", "fr"],
        ["check", ELIGIBLE, "--no-such-option"],
        ["check", ELIGIBLE, "--rules", "no-such-pack.yaml"],
        ["check"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, _out, _err = invoke(*args)
    assert code == 2


def test_missing_file_is_one_line_on_stderr() -> None:
    code, out, err = invoke("check", "no-such-file.yaml")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "no-such-file.yaml" in err


def test_malformed_rules_pack_exits_2_naming_the_problem(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "shaoguan-2022.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "pack.yaml"
    broken.write_text(text.replace("  min_copies:\n    value: 2", "  min_copies:\n    value: two"))
    code, _out, err = invoke("check", ELIGIBLE, "--rules", str(broken))
    assert code == 2
    assert "min_copies" in err
    broken.write_text("format: 1\nid: [unclosed\n")
    code, _out, err = invoke("check", ELIGIBLE, "--rules", str(broken))
    # at the bracket never closed (line 2, column 5), not where PyYAML noticed it
    assert code == 2 and "line 2, column 5" in err and "expected ',' or ']'" in err


def test_rules_option_changes_a_parameter(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "shaoguan-2022.yaml").read_text(encoding="utf-8")
    stricter = tmp_path / "pack.yaml"
    old = "  min_trainees_per_year:\n    value: 4"
    assert old in text
    stricter.write_text(text.replace(old, "  min_trainees_per_year:\n    value: 7"))
    code, out, _ = invoke("check", ELIGIBLE, "--rules", str(stricter), "-f", "json")
    assert code == 1
    assert "T001" in {f["code"] for f in json.loads(out)["dossiers"][0]["findings"]}


def test_strict_fails_on_warnings() -> None:
    path = str(EXAMPLES / "annotated.yaml")
    lenient, _, _ = invoke("check", path, "--as-of", "2028-03-01")  # T006 warns: 2027 missing
    strict, out, _ = invoke("check", path, "--as-of", "2028-03-01", "--strict")
    assert (lenient, strict) == (0, 1)
    assert "T006" in out


def test_strict_passes_without_warnings() -> None:
    code, _, _ = invoke("check", ELIGIBLE, "--strict")
    assert code == 0


def test_english_output_is_complete() -> None:
    code, out, _ = invoke("check", str(EXAMPLES / "ineligible-form.yaml"), "--lang", "en")
    assert code == 1
    assert "does not meet the conditions" in out
    assert "Verdict" in out
    path = str(EXAMPLES / "ineligible-form.yaml")
    code, out, _ = invoke("check", path, "--lang", "en", "-f", "json")
    messages = {f["code"]: f["message"] for f in json.loads(out)["dossiers"][0]["findings"]}
    assert messages["F001"].startswith("required fields not filled in (3): nature of the unit")
    assert messages["F002"] == "ID number 440201********2314: wrong check character (GB 11643)"
    assert messages["F007"] == 'e-mail address "jiaowu@example" is malformed'


def test_json_shape_matches_output_spec() -> None:
    code, out, _ = invoke("check", ELIGIBLE, "-f", "json", "--as-of", "2026-11-26")
    doc = json.loads(out)
    assert code == 0
    assert set(doc) >= {"tool", "version", "policy", "as_of", "dossiers", "summary"}
    assert doc["tool"] == "dashi" and doc["version"] == __version__
    assert doc["policy"] == {"id": "shaoguan-2022", "document": "韶人社函〔2022〕46号"}
    assert doc["as_of"] == "2026-11-26"
    dossier = doc["dossiers"][0]
    assert set(dossier) >= {"path", "studio", "eligible", "counts", "findings"}
    assert dossier["counts"] == {"error": 0, "warning": 0, "info": 3}
    assert doc["summary"] == {"dossiers": 1, "eligible": 1, "errors": 0, "warnings": 0, "infos": 3}
    for finding in dossier["findings"]:
        assert list(finding) == ["code", "severity", "clause", "message", "field", "line", "column"]


def test_csv_has_bom_and_header() -> None:
    code, out, _ = invoke("check", str(EXAMPLES / "ineligible-form.yaml"), "-f", "csv")
    assert code == 1
    assert out.startswith("\ufeffpath,studio,code,severity,clause,field,line,column,message")


def test_several_files_in_one_run() -> None:
    code, out, _ = invoke("check", ELIGIBLE, str(EXAMPLES / "ineligible-form.yaml"), "-f", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["summary"]["dossiers"] == 2 and doc["summary"]["eligible"] == 1


def test_every_help_text_has_its_chinese() -> None:
    """`--help` speaks Chinese by default: every command's and option's text has one."""
    import typer.main

    from dashi_cli import cli_text

    group = typer.main.get_command(app)
    for param in group.params:
        assert param.help in cli_text.PARAMS_ZH, param.name
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert name in cli_text.COMMANDS_ZH, name
        for param in command.params:
            assert getattr(param, "help", None) in cli_text.PARAMS_ZH, (name, param.name)


def test_usage_errors_speak_the_command_lines_language() -> None:
    runner = CliRunner()
    zh = runner.invoke(app, ["check", "examples/eligible.yaml", "--as-of", "xx"])
    assert zh.exit_code == 2
    assert "错误：'--as-of' 的值无效：不是日期" in zh.stderr and "用法：dashi check" in zh.stderr
    en = runner.invoke(app, ["check", "examples/eligible.yaml", "--as-of", "xx", "--lang", "en"])
    assert en.exit_code == 2 and "Invalid value for '--as-of': not a date" in en.stderr
    missing = runner.invoke(app, ["check", "no-such.yaml"])
    assert (
        missing.exit_code == 2
        and missing.stderr.strip() == "dashi：文件或文件夹不存在：no-such.yaml"
    )
    option = runner.invoke(app, ["check", "--bogus"])
    assert option.exit_code == 2 and "错误：没有这个选项：--bogus" in option.stderr
    usage = runner.invoke(app, ["check", "--help"]).stdout
    assert "<list[str]>" not in usage and "{" not in usage.splitlines()[0]


BAD_COMMAND_LINES = [
    ["explain", "Q002", "extra"],
    ["chek"],
    ["check", "examples/eligible.yaml", "--summary=1"],
    ["check", "examples/eligible.yaml", "--max-size", "abc"],
    ["check", "examples/eligible.yaml", "--max-size", "0"],
    ["check", "examples/eligible.yaml", "-f", "xml"],
    ["check", "examples/eligible.yaml", "--as-of="],
    ["check", "examples/eligible.yaml", "--select", "Z"],
    ["check"],
    ["check", "--bogus"],
    ["renewals", "--within", "-5"],
    ["notice-end", "--start", "2025-05-06", "--days", "0"],
    ["notice-end"],
    ["explain", "Q'1"],
    ["rules", "--rules", "/"],
    ["form", "no-such.yaml"],
]


@pytest.mark.parametrize("args", BAD_COMMAND_LINES, ids=lambda a: " ".join(a))
def test_usage_errors_have_no_english_sentence_by_default(args: list[str]) -> None:
    import re

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    for line in result.stderr.splitlines():
        line = re.sub(r"'[^']*'|“[^”]*”|\S*[/.-]\S*", " ", line)  # values, paths, options
        assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", line), result.stderr


def test_lang_before_the_command_is_the_commands() -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "explain", "T007"])
    assert result.exit_code == 0 and "Trainee not counted" in result.stdout
    assert "学员取证年份不符" not in result.stdout


def test_options_left_at_their_default_keep_the_value_typer_would_give() -> None:
    """Options left out are not coerced (no pydantic adapter is built for them): the value
    is the one typer's own coercion gives, for every option of every command."""
    import typer

    from dashi_cli.cli import _coerce_lazily

    group = typer.main.get_command(app)
    ctx = group.make_context("dashi", ["check", "x.yaml"], resilient_parsing=True)
    patched = 0
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            _coerce_lazily(param)
            if "process_value" not in vars(param):
                continue
            patched += 1
            samples = [None, param.default, "x.yaml", "一 二", ("a.yaml", "目录/"), ()]
            for value in samples:
                try:
                    expected = type(param).process_value(param, ctx, value)
                except Exception as exc:  # noqa: BLE001 - the same refusal is expected
                    with pytest.raises(type(exc)):
                        param.process_value(ctx, value)
                    continue
                got = param.process_value(ctx, value)
                assert got == expected and type(got) is type(expected), (
                    command.name,
                    param.name,
                    value,
                )
    assert patched > 20
