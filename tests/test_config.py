"""The config file, dashi.toml (issue 13, acceptance 7; docs/config.md).

A dashi.toml in the current folder or a parent (or --config PATH) gives check,
renewals and notice-end their option defaults; the command line wins; any problem
in the file is a usage error (exit 2) in one line naming the file and the key;
JSON stamps name the file used. Every test runs dashi in a folder of its own,
with DASHI_NO_CONFIG (which the suite may set to keep a stray dashi.toml above
the checkout out of other tests) removed, so that the search is the user's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, time_limit
from dashi_cli.cli import app
from dashi_cli.config import COMMAND_LINE_ONLY, NO_CONFIG_VARIABLE, OPTIONS

ELIGIBLE = str(EXAMPLES / "eligible.yaml")
FORM = str(EXAMPLES / "ineligible-form.yaml")  # errors (F…) and notes (R…)
AS_OF = ("--as-of", "2026-11-26")
DATA = ROOT / "tests" / "data"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder to hold dashi.toml, and a subfolder of it as the current folder."""
    monkeypatch.delenv(NO_CONFIG_VARIABLE, raising=False)
    work = tmp_path / "office" / "2026"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "office"


def dashi(*args: str) -> tuple[int, str, str]:
    """dashi in this process (typer's runner), in the current folder."""
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def dashi_process(*args: str, cwd: Path, **env: str) -> tuple[int, str, str]:
    """dashi as the user runs it: its own process, its own current folder."""
    environment = {k: v for k, v in os.environ.items() if k != NO_CONFIG_VARIABLE}
    done = subprocess.run(
        [sys.executable, "-m", "dashi_cli", *args],
        cwd=cwd,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout, done.stderr


def codes_in(out: str) -> set[str]:
    return {f["code"] for d in json.loads(out)["dossiers"] for f in d["findings"]}


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


# --- acceptance 7: ignore = ["R"] in a parent folder; --select R brings R back -------


def test_ignore_in_a_parent_folder_removes_r_and_select_brings_it_back(home: Path) -> None:
    work = home / "2026"
    code, out, _ = dashi_process("check", FORM, "-f", "json", *AS_OF, cwd=work)
    assert code == 1 and {"R001", "R002", "R003"} <= codes_in(out)  # without the file

    write(home / "dashi.toml", 'ignore = ["R"]\n')
    code, out, err = dashi_process("check", FORM, "-f", "json", *AS_OF, cwd=work)
    found = codes_in(out)
    assert code == 1 and err == ""
    assert found and not any(c.startswith("R") for c in found)
    assert json.loads(out)["config"] == str(home / "dashi.toml")

    code, out, _ = dashi_process("check", FORM, "-f", "json", *AS_OF, "--select", "R", cwd=work)
    assert code == 0  # notes only: the command line's selection starts afresh
    assert codes_in(out) == {"R001", "R002", "R003"}


def test_the_examples_eligible_dossier_loses_its_r_findings(home: Path) -> None:
    """The issue's own command: dashi check examples/eligible.yaml -f json, from a subfolder."""
    work = home / "2026"
    shutil.copytree(EXAMPLES, work / "examples")
    _code, before, _ = dashi("check", "examples/eligible.yaml", "-f", "json", *AS_OF)
    assert any(c.startswith("R00") for c in codes_in(before))
    write(home / "dashi.toml", '[check]\nignore = ["R"]\n')
    code, out, _ = dashi("check", "examples/eligible.yaml", "-f", "json", *AS_OF)
    assert code == 0 and not any(c.startswith("R00") for c in codes_in(out))
    _code, out, _ = dashi("check", "examples/eligible.yaml", "-f", "json", *AS_OF, "--select", "R")
    assert codes_in(out) == {c for c in codes_in(before) if c.startswith("R")}


def test_ignore_on_the_command_line_replaces_the_files_and_keeps_its_select(home: Path) -> None:
    write(home / "dashi.toml", '[check]\nselect = ["F", "R"]\nignore = ["R001"]\n')
    _code, out, _ = dashi("check", FORM, "-f", "json", *AS_OF)
    assert codes_in(out) == {"F001", "F002", "F004", "F007", "R002", "R003"}
    _code, out, _ = dashi("check", FORM, "-f", "json", *AS_OF, "--ignore", "F")
    assert codes_in(out) == {"R001", "R002", "R003"}  # select F, R from the file; R001 back
    _code, out, _ = dashi(
        "check", FORM, "-f", "json", *AS_OF, "--select", "F00", "--ignore", "F007"
    )
    assert codes_in(out) == {"F001", "F002", "F004"}
    write(home / "dashi.toml", '[check]\nignore = ["R"]\n')
    _code, out, _ = dashi("check", FORM, "-f", "json", *AS_OF, "--ignore", "F007")
    assert codes_in(out) == {"F001", "F002", "F004", "R001", "R002", "R003"}  # R is back


def test_a_list_on_the_command_line_replaces_the_files(home: Path) -> None:
    write(home / "dashi.toml", '[notice-end]\ncalendar = ["cal/2027.yaml"]\nformat = "json"\n')
    code, _, err = dashi("notice-end", "--start", "2027-01-04", "--lang", "en")
    assert code == 2 and err == f"dashi: no such calendar file: {home / 'cal' / '2027.yaml'}\n"
    override = str(DATA / "calendar-2027-test.yaml")
    code, out, _ = dashi("notice-end", "--start", "2027-01-04", "--calendar", override)
    assert code == 0 and json.loads(out)["calendar"] == {"2027": "override"}  # not merged


# --- which file ------------------------------------------------------------------------


def test_the_nearest_file_is_read_and_only_that_one(home: Path) -> None:
    write(home.parent / "dashi.toml", 'format = "csv"\n')
    write(home / "dashi.toml", 'lang = "en"\n')
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF)
    assert code == 0 and "Verdict: meets the conditions" in out  # table (not csv), English


def test_a_file_in_the_current_folder_is_found(home: Path) -> None:
    write(home / "2026" / "dashi.toml", 'format = "json"\n')
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF)
    assert code == 0 and json.loads(out)["config"] == str(home / "2026" / "dashi.toml")


@pytest.mark.parametrize("before_command", [False, True], ids=["after", "before"])
def test_config_names_the_file_wherever_it_is(home: Path, before_command: bool) -> None:
    write(home / "dashi.toml", 'format = "csv"\n')  # found, but --config wins
    other = write(home.parent / "elsewhere.toml", 'format = "json"\nlang = "en"\n')
    args = ["check", ELIGIBLE, *AS_OF, "--config", str(other)]
    if before_command:
        args = ["--config", str(other), "check", ELIGIBLE, *AS_OF]
    code, out, _ = dashi_process(*args, cwd=home / "2026")
    assert code == 0 and json.loads(out)["config"] == str(other)


def test_a_relative_config_path_is_from_the_current_folder(home: Path) -> None:
    write(home / "2026" / "mine.toml", 'format = "json"\n')
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "--config", "mine.toml")
    assert code == 0 and json.loads(out)["config"] == str(home / "2026" / "mine.toml")


def test_isolated_and_the_environment_variable_read_no_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home / "dashi.toml", "no such key = 1\n")
    assert dashi("check", ELIGIBLE, *AS_OF)[0] == 2
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "--isolated", "-f", "json")
    assert code == 0 and "config" not in json.loads(out)
    assert dashi_process("--isolated", "check", ELIGIBLE, *AS_OF, cwd=home / "2026")[0] == 0
    code, _, _ = dashi_process("check", ELIGIBLE, *AS_OF, cwd=home / "2026", DASHI_NO_CONFIG="1")
    assert code == 0
    monkeypatch.setenv(NO_CONFIG_VARIABLE, "1")  # --config still reads the file it names
    good = write(home / "good.toml", 'format = "json"\n')
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "--config", str(good))
    assert code == 0 and json.loads(out)["config"] == str(good)


def test_config_and_isolated_together_is_a_usage_error(home: Path) -> None:
    good = write(home / "good.toml", 'format = "json"\n')
    code, out, err = dashi("check", ELIGIBLE, "--config", str(good), "--isolated")
    assert code == 2 and out == "" and err == "dashi：--config 与 --isolated 不能同时使用\n"


def test_help_and_version_do_not_read_the_file(home: Path) -> None:
    write(home / "dashi.toml", "[broken\n")
    assert dashi("check", "--help")[0] == 0
    code, out, _ = dashi_process("--version", cwd=home / "2026")
    assert code == 0 and out.startswith("dashi ")
    assert dashi("rules")[0] == 0  # the other commands take no defaults from it
    assert dashi("check", ELIGIBLE)[0] == 2


# --- the command line wins ---------------------------------------------------------------


def test_the_command_line_wins_over_the_file_for_format_and_lang(home: Path) -> None:
    write(home / "dashi.toml", 'format = "json"\nlang = "en"\n')
    code, out, _ = dashi("check", FORM, *AS_OF)
    assert code == 1 and json.loads(out)["dossiers"][0]["verdict"] == "not_eligible"
    code, out, _ = dashi("check", FORM, *AS_OF, "-f", "table")
    assert code == 1 and "Verdict: does not meet the conditions" in out
    code, out, _ = dashi("check", FORM, *AS_OF, "--lang", "zh")
    assert "以下必填项未填写" in json.loads(out)["dossiers"][0]["findings"][0]["message"]
    code, out, _ = dashi("check", FORM, *AS_OF, "-f", "table", "--lang", "zh")
    assert code == 1 and "结论：不符合认定条件" in out
    code, out, _ = dashi("check", FORM, *AS_OF, "--format=concise")
    assert code == 1 and out.startswith(FORM) and "[error]" in out


def test_a_commands_table_wins_over_the_top(home: Path) -> None:
    write(
        home / "dashi.toml",
        'format = "json"\nwithin = 30\n[check]\nformat = "csv"\n[renewals]\nwithin = 90\n',
    )
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF)
    assert code == 0 and out.startswith("\ufeff")  # CSV
    code, out, _ = dashi("renewals", str(DATA / "registry.yaml"), "--as-of", "2027-04-27")
    assert code == 0 and json.loads(out)["within_days"] == 90
    code, out, _ = dashi("notice-end", "--start", "2025-05-06")
    assert code == 0 and json.loads(out)["end"] == "2025-05-12"


def test_flags_and_numbers_from_the_file(home: Path) -> None:
    write(home / "dashi.toml", "strict = true\n[check]\nsummary = true\nshow_pii = true\n")
    code, out, _ = dashi("check", str(EXAMPLES / "annotated.yaml"), "--as-of", "2028-03-01")
    assert code == 1 and "汇总" in out  # strict: the T006 warning fails; the summary only
    code, _, _ = dashi(
        "check", str(EXAMPLES / "annotated.yaml"), "--as-of", "2028-03-01", "--no-strict"
    )
    assert code == 0


def test_dates_may_be_toml_dates_or_texts(home: Path) -> None:
    write(home / "dashi.toml", 'as-of = 2027-04-27\n[notice-end]\nstart = "2025-05-06"\n')
    code, out, _ = dashi("renewals", str(DATA / "registry.yaml"), "-f", "json")
    assert code == 0 and json.loads(out)["as_of"] == "2027-04-27"
    code, out, _ = dashi("notice-end", "-f", "json")
    assert code == 0 and json.loads(out)["start"] == "2025-05-06"
    code, out, _ = dashi("notice-end", "-f", "json", "--start", "2025-09-30")
    assert code == 0 and json.loads(out)["start"] == "2025-09-30"


def test_lists_may_be_one_text(home: Path) -> None:
    write(home / "dashi.toml", '[check]\nselect = "F001,F002"\n[renewals]\nstatus = "expired"\n')
    _code, out, _ = dashi("check", FORM, "-f", "json", *AS_OF)
    assert codes_in(out) == {"F001", "F002"}
    registry = str(DATA / "registry.yaml")
    _code, out, _ = dashi("renewals", registry, "--as-of", "2030-01-01", "-f", "json")
    studios = json.loads(out)["studios"]
    assert studios and {s["status"] for s in studios} == {"expired"}
    _code, every, _ = dashi(
        "renewals", registry, "--as-of", "2030-01-01", "-f", "json", "--isolated"
    )
    assert len(json.loads(every)["studios"]) > len(studios)


# --- paths are relative to the file's folder ------------------------------------------------


def test_paths_are_relative_to_the_files_folder(home: Path) -> None:
    settings_folder = home / "settings"
    (settings_folder / "cal").mkdir(parents=True)
    text = (ROOT / "rules" / "shaoguan-2022.yaml").read_text("utf-8")
    old = "  min_trainees_per_year:\n    value: 4"
    assert old in text
    write(settings_folder / "pack.yaml", text.replace(old, old[:-1] + "7"))
    shutil.copy(DATA / "calendar-2027-test.yaml", settings_folder / "cal" / "2027.yaml")
    config = write(
        settings_folder / "dashi.toml",
        'rules = "pack.yaml"\noutput = "reports/out.json"\n'
        '[notice-end]\ncalendar = ["cal/2027.yaml"]\n'
        '[check]\nformat = "json"\n',
    )
    (settings_folder / "reports").mkdir()
    code, out, err = dashi("check", ELIGIBLE, *AS_OF, "--config", str(config))
    assert (code, out, err) == (1, "", "")
    report = json.loads((settings_folder / "reports" / "out.json").read_text("utf-8"))
    assert "T001" in codes_in(json.dumps(report))  # the stricter pack beside the file
    assert report["rules_pack"]["source"] == str(settings_folder / "pack.yaml")
    code, out, _ = dashi(
        "notice-end", "--start", "2027-01-04", "-f", "json", "--config", str(config)
    )
    assert code == 0 and json.loads(out)["calendar"] == {"2027": "override"}
    # the command line's own paths stay relative to the current folder
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "--config", str(config), "-o", "-")
    assert code == 1 and json.loads(out)["config"] == str(config)


# --- JSON stamps name the file --------------------------------------------------------------


def test_json_stamps_name_the_file(home: Path) -> None:
    config = write(home / "dashi.toml", "[check]\nstrict = false\n")
    named = str(config)
    _code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "-f", "json")
    assert json.loads(out)["config"] == named
    _code, out, _ = dashi("check", ELIGIBLE, FORM, *AS_OF, "-f", "jsonl")
    assert [json.loads(line)["config"] for line in out.splitlines()] == [named, named]
    _code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "-f", "json", "--statistics")
    assert json.loads(out)["config"] == named
    _code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "-f", "json", "--summary")
    assert json.loads(out)["config"] == named
    _code, out, _ = dashi("renewals", str(DATA / "registry.yaml"), "-f", "json", *AS_OF)
    assert json.loads(out)["config"] == named
    _code, out, _ = dashi("notice-end", "--start", "2025-05-06", "-f", "json")
    assert json.loads(out)["config"] == named


def test_without_a_file_the_json_is_as_before(home: Path) -> None:
    _code, out, _ = dashi("check", ELIGIBLE, *AS_OF, "-f", "json")
    assert "config" not in json.loads(out)
    _code, out, _ = dashi("renewals", str(DATA / "registry.yaml"), "-f", "json", *AS_OF)
    assert "config" not in json.loads(out)
    _code, out, _ = dashi("notice-end", "--start", "2025-05-06", "-f", "json")
    assert "config" not in json.loads(out)


# --- every problem: exit 2, one line naming the file and the key ---------------------------

BAD = [
    # (name, dashi.toml's text, what the English line says, what the Chinese line says)
    (
        "unknown key",
        'ignorez = ["R"]\n',
        "unknown key 'ignorez'; did you mean 'ignore'?",
        "没有“ignorez”这个键，是否应为“ignore”？",
    ),
    (
        "unknown key in a table",
        "[check]\nwithin = 3\n",
        "unknown key 'within' in [check]",
        "[check] 中没有“within”这个键",
    ),
    ("unknown table", "[chek]\nignore = []\n", "unknown table [chek]", "没有 [chek] 这个表"),
    (
        "command line only",
        'config = "x.toml"\n',
        "'config' is an option of the command line only",
        "只能在命令行上给出",
    ),
    (
        "a number for a list",
        "ignore = 3\n",
        "key ignore: expected a text or a list of texts, got 3",
        "中的 ignore：应为文本或文本列表，实为 3",
    ),
    (
        "a list for a text",
        '[check]\nas-of = ["2026-01-01"]\n',
        'key check.as-of: expected a date (YYYY-MM-DD), got ["2026-01-01"]',
        "中的 check.as-of：应为日期",
    ),
    (
        "a list for a choice",
        'format = ["json"]\n',
        "key format: expected a text in quotes",
        "中的 format：应为加引号的文本",
    ),
    (
        "a text for a flag",
        'strict = "yes"\n',
        'key strict: expected true or false, got "yes"',
        "应为 true 或 false",
    ),
    (
        "a text for a number",
        '[check]\njobs = "2"\n',
        "key check.jobs: expected a whole number",
        "应为整数",
    ),
    (
        "a boolean for a number",
        "[check]\njobs = true\n",
        "key check.jobs: expected a whole number, got true",
        "应为整数",
    ),
    (
        "a float for a number",
        "[renewals]\nwithin = 1.5\n",
        "key renewals.within: expected a whole number, got 1.5",
        "应为整数",
    ),
    (
        "a number out of range",
        "[check]\njobs = 0\n",
        "key check.jobs: must be from 1 to 64, got 0",
        "应在 1 到 64 之间，实为 0",
    ),
    (
        "a negative window",
        "within = -1\n",
        "key within: must be at least 0, got -1",
        "应不小于 0，实为 -1",
    ),
    (
        "not a choice",
        '[check]\nformat = "xml"\n',
        "key check.format: 'xml' is not one of table, json, jsonl, csv, concise, xlsx.",
        "“xml”不是可选值之一",
    ),
    (
        "a choice not every command has",
        'format = "jsonl"\n',
        "key format (for renewals): 'jsonl' is not one of table, json, csv, xlsx.",
        "中的 format（用于 renewals 命令）",
    ),
    (
        "not a status",
        '[renewals]\nstatus = ["valid", "gone"]\n',
        "unknown status 'gone'; allowed: valid (有效), expiring (即将到期)",
        "没有“gone”这种状态",
    ),
    (
        "not a date",
        'as_of = "2026-02-30"\n',
        "key as_of: not a date (YYYY-MM-DD, 1900–2199): 2026-02-30",
        "不是日期",
    ),
    (
        "a date and time",
        "as-of = 2026-11-26T10:00:00\n",
        "key as-of: expected a date (YYYY-MM-DD), got 2026-11-26T10:00:00",
        "应为日期",
    ),
    (
        "one option twice",
        'as-of = "2026-01-01"\nas_of = "2026-01-02"\n',
        "key as-of: given twice (as-of and as_of)",
        "给出了两次（as-of 和 as_of）",
    ),
    (
        "one table twice",
        "[notice-end]\ndays = 5\n[notice_end]\ndays = 6\n",
        "key notice-end: given twice (notice-end and notice_end)",
        "给出了两次",
    ),
    ("a table that is not", "check = 1\n", "key check: expected a table, got 1", "应为表"),
    ("an empty path", 'rules = ""\n', "key rules: an empty path was given", "给出了空路径"),
    ("a path with NUL", 'rules = "a\\u0000b"\n', "key rules: not a valid path", "不是有效的路径"),
    (
        "a number among paths",
        '[check]\ncalendar = ["a.yaml", 3]\n',
        "key check.calendar: expected a path or a list of paths",
        "应为路径或路径列表",
    ),
    (
        "TOML: no value",
        "ignore =\n",
        "Invalid value (at line 1, column 9)",
        "值无效（文本要加引号）（第 1 行第 9 列）",
    ),
    (
        "TOML: no equals",
        "ignore\n",
        "Expected '=' after a key in a key/value pair (at line 1, column 7)",
        "键后面应有“=”（第 1 行第 7 列）",
    ),
    ("TOML: unquoted text", "format = json\n", "Invalid value (at line 1, column 10)", "值无效"),
    (
        "TOML: unclosed list",
        'ignore = ["R"\n',
        "Unclosed array (at end of document)",
        "列表缺少结尾的“]”（文件末尾）",
    ),
    (
        "TOML: unclosed table name",
        "[check\n",
        "Expected ']' at the end of a table declaration (at line 1, column 7)",
        "表名应以“]”结尾",
    ),
    (
        "TOML: unterminated text",
        'format = "json',
        "Unterminated string (at end of document)",
        "文本缺少结尾的引号（文件末尾）",
    ),
    (
        "TOML: a line break in a text",
        'format = "json\n',
        "Illegal character '\\n' (at line 1, column 15)",
        "非法字符 '\\n'（第 1 行第 15 列）",
    ),
    (
        "TOML: key twice",
        'format = "json"\nformat = "csv"\n',
        "Cannot overwrite a value (at line 2, column 15)",
        "同一个键给出了两次（第 2 行第 15 列）",
    ),
    (
        "TOML: table twice",
        "[check]\n[check]\n",
        "Cannot declare ('check',) twice (at line 2, column 7)",
        "表 [check] 声明了两次",
    ),
    ("TOML: control character", "a = 1\x01\n", "(at line 1, column 6)", "（第 1 行第 6 列）"),
    (
        "TOML: nested too deeply",
        "a = " + "[" * 5000 + "]" * 5000 + "\n",
        "nested too deeply",
        "嵌套层数过多",
    ),
]


@pytest.mark.parametrize(("name", "text", "english", "chinese"), BAD, ids=[b[0] for b in BAD])
def test_a_problem_in_the_file_is_one_line_naming_it(
    home: Path, name: str, text: str, english: str, chinese: str
) -> None:
    config = home / "dashi.toml"
    write(config, text)
    code, out, err = dashi("check", ELIGIBLE, *AS_OF, "--lang", "en")
    assert (code, out) == (2, "")
    assert err.startswith(f"dashi: config file {config}") and err.count("\n") == 1, err
    assert english in err, err
    code, out, err = dashi("check", ELIGIBLE, *AS_OF)
    assert (code, out) == (2, "")
    assert err.startswith(f"dashi：配置文件 {config}") and err.count("\n") == 1, err
    assert chinese in err, err
    assert not any(word in err for word in ("config file", "unknown", "expected", "given")), err


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nothing-here.toml")


def _loop(path: Path) -> None:
    path.symlink_to(path)


def _not_utf8(path: Path) -> None:
    path.write_bytes('lang = "zh"\n# 说明\n'.encode("gbk"))


def _too_large(path: Path) -> None:
    path.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")


UNREADABLE = [
    ("a FIFO", _fifo, "not a regular file", "不是普通文件"),
    ("a folder", _folder, "not a regular file", "不是普通文件"),
    ("a link to nothing", _dangling, "No such file or directory", "文件或文件夹不存在"),
    ("a link to itself", _loop, "Too many levels of symbolic links", "符号链接层数过多"),
    ("GBK, not UTF-8", _not_utf8, "not UTF-8 text (line 2)", "不是 UTF-8 编码的文本（第 2 行）"),
    ("larger than 1 MB", _too_large, "larger than 1 MB", "大于 1 MB"),
]


@pytest.mark.parametrize(
    ("name", "make", "english", "chinese"), UNREADABLE, ids=[u[0] for u in UNREADABLE]
)
def test_a_dashi_toml_that_cannot_be_read_is_one_line(
    home: Path, name: str, make: object, english: str, chinese: str
) -> None:
    config = home / "dashi.toml"
    assert callable(make)
    make(config)
    with time_limit(30):  # a FIFO is never waited on
        code, out, err = dashi("check", ELIGIBLE, *AS_OF, "--lang", "en")
        assert (code, out) == (2, "") and err == f"dashi: config file {config}: {english}\n"
        code, out, err = dashi("check", ELIGIBLE, *AS_OF)
        assert (code, out) == (2, "") and err == f"dashi：配置文件 {config}：{chinese}\n"
        code, out, err = dashi("check", ELIGIBLE, *AS_OF, "--config", str(config))
        assert (code, out) == (2, "") and str(config) in err and err.count("\n") == 1


def test_a_byte_order_mark_is_allowed(home: Path) -> None:
    (home / "dashi.toml").write_bytes(b'\xef\xbb\xbfformat = "json"\n')
    code, out, _ = dashi("check", ELIGIBLE, *AS_OF)
    assert code == 0 and json.loads(out)["dossiers"]


def test_a_missing_config_file_is_named(home: Path) -> None:
    code, out, err = dashi("check", ELIGIBLE, "--config", "nowhere.toml")
    assert (code, out, err) == (
        2,
        "",
        "dashi：配置文件不存在：" + str(home / "2026" / "nowhere.toml") + "\n",
    )
    code, _, err = dashi("check", ELIGIBLE, "--config", "", "--lang", "en")
    assert code == 2 and err == "dashi: an empty path was given\n"


def test_the_files_language_is_used_unless_the_command_line_says(home: Path) -> None:
    write(home / "dashi.toml", 'lang = "en"\nfoo = 1\n')
    _code, _, err = dashi("check", ELIGIBLE)
    assert err == f"dashi: config file {home / 'dashi.toml'}: unknown key 'foo'\n"
    _code, _, err = dashi("check", ELIGIBLE, "--lang", "zh")
    assert err == f"dashi：配置文件 {home / 'dashi.toml'}：没有“foo”这个键\n"
    write(home / "dashi.toml", 'lang = "en"\nfoo = [\n')  # cannot be parsed: the line says en
    _code, _, err = dashi("check", ELIGIBLE)
    assert err.startswith("dashi: config file") and "Invalid value" in err
    write(home / "dashi.toml", 'lang = "en"\n')  # later messages follow it too
    code, _, err = dashi("check", "no-such.yaml")
    assert code == 2 and err == "dashi: no such file or folder: no-such.yaml\n"


def test_a_selection_from_the_file_that_matches_nothing_says_where_it_is(home: Path) -> None:
    write(home / "dashi.toml", '[check]\nignore = ["ZZ"]\n')
    code, _, err = dashi("check", ELIGIBLE, *AS_OF)
    config = home / "dashi.toml"
    assert code == 2 and err == f"dashi：没有以“ZZ”开头的规则代码（见配置文件 {config}）\n"
    code, _, err = dashi("check", ELIGIBLE, *AS_OF, "--ignore", "YY", "--lang", "en")
    assert code == 2 and err == "dashi: no rule code starts with 'YY'\n"


def test_the_whole_file_is_checked_whatever_the_command(home: Path) -> None:
    write(home / "dashi.toml", "[notice-end]\ndays = 0\n")
    code, _, err = dashi("check", ELIGIBLE, *AS_OF)
    assert code == 2 and "notice-end.days" in err


# --- the table of options is the commands' ------------------------------------------------


@pytest.mark.parametrize("command", list(OPTIONS))
def test_the_table_of_options_is_the_commands_own(command: str) -> None:
    """Every long option of the command (but --config, --isolated, --help) is in
    config.OPTIONS under its name, with its parameter, kind, choices and range."""
    group = typer.main.get_command(app)
    built = group.commands[command]  # type: ignore[attr-defined]
    seen = set()
    for param in built.params:
        if param.param_type_name != "option":
            continue
        long_name = next(o for o in param.opts if o.startswith("--"))[2:]
        if long_name in COMMAND_LINE_ONLY:
            continue
        seen.add(long_name)
        spec = OPTIONS[command][long_name]
        assert spec.param == param.name, long_name
        annotation = param.type_descriptor.annotation
        choices = tuple(str(c.value) for c in param.type_descriptor.choices or ())
        if spec.kind == "flag":
            assert annotation is bool, long_name
        elif spec.kind == "int":
            assert annotation is int and (spec.low, spec.high) == (param.min, param.max)
        elif spec.kind in ("choice", "choices"):
            assert spec.choices == choices and (spec.kind == "choices") == param.multiple
        elif spec.kind in ("path", "paths"):
            assert annotation == (list[Path] if spec.kind == "paths" else Path), long_name
        elif spec.kind in ("codes", "statuses"):
            assert annotation == list[str]
        elif spec.kind == "text":
            assert annotation is str and param.metavar, long_name
        else:
            assert spec.kind == "date" and annotation is str and param.metavar == "DATE"
    assert seen == set(OPTIONS[command])
    assert {"config", "isolated"} <= {p.name for p in built.params}


# --- never a traceback --------------------------------------------------------------------

KEYS = st.sampled_from(
    sorted(
        {k for options in OPTIONS.values() for k in options} | {"check", "renewals", "x", "as_of"}
    )
)
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["json", "table", "en", "zh", "R", "2026-11-26", "", "-", "a\\u0000b", "valid"]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    text = str(value).replace("\\u0000", "\x00")
    return json.dumps(text, ensure_ascii=False).replace("\\u0000", "\\u0000")


DOCUMENTS = st.lists(
    st.tuples(
        st.sampled_from(["", "check", "renewals", "notice-end"]),
        KEYS,
        st.one_of(SCALARS, st.lists(SCALARS, max_size=3)),
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(entries=DOCUMENTS, junk=st.binary(max_size=40), use_junk=st.booleans())
def test_any_dashi_toml_is_a_report_or_one_line(
    entries: list[tuple[str, str, object]], junk: bytes, use_junk: bool
) -> None:
    """Well-formed files of any key and value, and bytes of anything: exit 0, 1 or 2, and
    with 2 one line on stderr; never a traceback (dashi() asserts it)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if use_junk:
            (folder / "dashi.toml").write_bytes(junk)
        else:
            tables: dict[str, list[str]] = {}
            for table, key, value in entries:
                tables.setdefault(table, []).append(f'"{key}" = {_toml(value)}')
            lines = list(dict.fromkeys(tables.pop("", [])))
            for table, items in tables.items():
                lines += [f"[{table}]", *dict.fromkeys(items)]
            write(folder / "dashi.toml", "\n".join(lines) + "\n")
        config = str(folder / "dashi.toml")
        with time_limit(60):
            for args in (
                ["check", ELIGIBLE, *AS_OF, "-o", str(folder / "out"), "--force"],
                ["notice-end", "--start", "2025-05-06"],
                ["renewals", str(DATA / "registry.yaml"), *AS_OF],
            ):
                code, _out, err = dashi(*args, "--config", config)
                assert code in (0, 1, 2)
                if code == 2:
                    assert err.count("\n") == 1, err
