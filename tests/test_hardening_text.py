"""Issue 11, points 2 and 3: text from users in human-readable output.

2. A dossier value, key, studio name, path, registry cell, calendar ``source`` or
   rules-pack text is never read as rich markup (``[/x]`` crashed the report).
3. A control character in it is shown (``^[``, ``\\u202e``), never sent raw to the
   terminal; JSON escapes it, CSV keeps it as data.

The sanitising is one function (:mod:`dashi_cli.reporters.safe`); the property tests
feed bracket-, backslash- and control-laden text into every table reporter, built by
hand, and through the command line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import EXAMPLES
from dashi_cli.cli import app
from dashi_cli.dates import NoticeResult
from dashi_cli.docs import Example, Page, Parameter, RuleDoc
from dashi_cli.findings import (
    CheckReport,
    DossierResult,
    Finding,
    Localized,
    Severity,
    freeze,
)
from dashi_cli.pack import Pack, bundled_pack_path, load_pack
from dashi_cli.pack import Text as PackText
from dashi_cli.registry import Problem, RenewalRow, RenewalsReport, StudioRecord
from dashi_cli.reporters import ReportOptions, reporter_for
from dashi_cli.reporters.dates import write_calendar, write_notice, write_renewals
from dashi_cli.reporters.docs import write_page, write_table
from dashi_cli.reporters.safe import json_text, visible

# What must never reach a terminal raw: C0 but tab and line feed, DEL, C1, bidi
# controls, line and paragraph separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
PWNED = "\x1b[2J\x1b]0;pwned\x07"  # clear the screen, set the window title
HOSTILE = PWNED + "\u202e" + "\x9b" + "\x7f" + "工作室"
SHOWN = "^[[2J^[]0;pwned^G\\u202e\\x9b^?工作室"
WIDE = {"COLUMNS": "2000"}  # no folding: a value is found on one line
PACK = load_pack()


def run(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner(env=WIDE).invoke(app, list(args), input=stdin)
    # a crash (MarkupError, UnicodeEncodeError…) is an exception, not an exit code
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def dossier(path: Path, edit: dict[tuple[str, ...], object]) -> Path:
    """examples/eligible.yaml with some values replaced (a key path → its value)."""
    data = yaml.safe_load((EXAMPLES / "eligible.yaml").read_text("utf-8"))
    for keys, value in edit.items():
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def hostile_pack(path: Path, text: str) -> Path:
    """The bundled pack, its document title, a clause and rule Y002's texts set to
    ``text``, and Y002 citing a clause named ``text``."""
    data = yaml.safe_load(bundled_pack_path().read_text("utf-8"))
    data["document"]["title"] = {"zh": text, "en": text}
    data["clauses"][text] = {"title": {"zh": text, "en": text}, "text": text}
    y002 = data["rules"]["Y002"]
    y002["clause"] = text
    y002["title"] = {"zh": text, "en": text}
    y002["interpretation"] = {"zh": text, "en": text}
    y002["messages"]["unknown_key_plain"] = {"zh": text + "{key}", "en": text + "{key}"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def calendar_override(path: Path, text: str) -> Path:
    path.write_text(
        yaml.safe_dump(
            {
                "year": 2027,
                "source": text,
                "holidays": [{"from": date(2027, 1, 1), "to": date(2027, 1, 3), "name": text}],
            },
            allow_unicode=True,
        ),
        "utf-8",
    )
    return path


def registry(path: Path, text: str, bad_row: bool = False) -> Path:
    """A CSV registry of one studio named and led by ``text`` (and a bad row 3)."""
    rows = [("name", "leader", "certified_on"), (text, text, "2022-04-27")]
    if bad_row:
        rows.append(("x", "y", "2022-13-01"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


# --- 2. never markup -------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        ({("leader", "gender"): "[/x]"}, "“[/x]”"),
        ({("studio", "name"): "[/]"}, "[/]"),
        ({("[/x]",): 1}, "[/x]"),
        ({("studio", "name"): "[bold]名[/bold] :smile:"}, "[bold]名[/bold] :smile:"),
    ],
    ids=["value", "studio name", "unknown key", "markup and emoji code"],
)
def test_dossier_text_is_not_markup(
    tmp_path: Path, edit: dict[tuple[str, ...], object], shown: str
) -> None:
    path = dossier(tmp_path / "d.yaml", edit)
    # two dossiers: the summary table first, then each dossier's findings
    result = run("check", str(path), str(dossier(tmp_path / "e.yaml", {})))
    assert result.exit_code in (0, 1)
    assert (
        shown in result.stdout
        and "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in result.stdout
    )


@pytest.mark.parametrize("name", ["[/]", "[bold]名[/bold] :smile:"])
def test_studio_name_in_summary_is_not_markup(tmp_path: Path, name: str) -> None:
    path = dossier(tmp_path / "d.yaml", {("studio", "name"): name})
    result = run("check", str(path), "--summary")
    assert result.exit_code == 0 and name in result.stdout


def test_markup_in_a_path_is_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "[" / "x]"  # …/[/x]/d.yaml
    folder.mkdir(parents=True)
    path = dossier(folder / "[red]d.yaml", {})
    for args in ((), ("--summary",)):
        result = run("check", str(path), str(path), *args)
        assert result.exit_code == 0 and "[/x]/[red]d.yaml" in result.stdout


def test_pack_text_is_not_markup(tmp_path: Path) -> None:
    pack = hostile_pack(tmp_path / "pack.yaml", "[/x]")
    path = dossier(tmp_path / "d.yaml", {("unknown_key",): 1})
    for args in ((), ("--statistics",), ("--summary",)):
        result = run("check", str(path), "--rules", str(pack), *args)
        assert result.exit_code == 1 and "[/x]" in result.stdout
    result = run("rules", "--rules", str(pack))
    assert result.exit_code == 0 and "[/x]" in result.stdout
    result = run("explain", "Y002", "--rules", str(pack))
    assert result.exit_code == 0 and "[/x]" in result.stdout


def test_registry_cells_and_paths_are_not_markup(tmp_path: Path) -> None:
    path = registry(tmp_path / "[" / "x]" / "reg.csv", "[/x]", bad_row=True)
    result = run("renewals", str(path), "--as-of", "2026-11-26")
    assert result.exit_code == 1  # the bad row is a problem
    assert "[/x]" in result.stdout and "[/x]/reg.csv:3" in result.stdout


def test_calendar_source_is_not_markup(tmp_path: Path) -> None:
    override = calendar_override(tmp_path / "2027.yaml", "[/x]")
    result = run("calendar", "--as-of", "2026-11-26", "--calendar", str(override))
    assert result.exit_code == 0 and "[/x]" in result.stdout
    result = run("notice-end", "--start", "2026-12-31", "--calendar", str(override))
    assert result.exit_code == 0 and "[/x]" in result.stdout


# --- 3. control characters are shown, not obeyed ----------------------------------


def test_terminal_escapes_in_a_dossier_are_shown(tmp_path: Path) -> None:
    path = dossier(tmp_path / "d.yaml", {("studio", "name"): HOSTILE, ("x\x1b[31m",): 1})
    for args in ((), ("--summary",), ("--lang", "en")):
        result = run("check", str(path), str(path), *args)
        assert result.exit_code == 1
        assert not RAW.search(result.stdout), repr(result.stdout)
        assert SHOWN in result.stdout
        if "--summary" not in args:
            assert "x^[[31m" in result.stdout  # the unknown key, in its field and message


def test_json_escapes_every_control_and_keeps_the_value(tmp_path: Path) -> None:
    path = dossier(tmp_path / "d.yaml", {("studio", "name"): HOSTILE})
    for fmt in ("json", "jsonl"):
        result = run("check", str(path), "--format", fmt)
        assert not RAW.search(result.stdout), repr(result.stdout)
        first = json.loads(result.stdout.splitlines()[0] if fmt == "jsonl" else result.stdout)
        studio = first["studio"] if fmt == "jsonl" else first["dossiers"][0]["studio"]
        assert studio == HOSTILE
    result = run("check", str(path), "--statistics", "--format", "json")
    assert result.exit_code == 0 and not RAW.search(result.stdout)


def test_csv_keeps_the_value_as_data(tmp_path: Path) -> None:
    path = dossier(tmp_path / "d.yaml", {("studio", "name"): HOSTILE})
    result = run("check", str(path), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[1][1] == HOSTILE


def test_multi_line_studio_name(tmp_path: Path) -> None:
    path = dossier(tmp_path / "d.yaml", {("studio", "name"): "甲\n乙\r\n丙\r丁"})
    result = run("check", str(path), str(path), "--summary")
    lines = result.stdout.splitlines()
    assert any("│ 甲" in line for line in lines) and any("│ 乙" in line for line in lines)
    assert any("│ 丙^M丁" in line for line in lines)  # a lone CR never returns the cursor
    result = run("check", str(path))
    assert "甲^J乙^J丙^M丁  " in result.stdout  # the heading stays one line


def test_escapes_in_registry_calendar_and_pack_are_shown(tmp_path: Path) -> None:
    reg = registry(tmp_path / "r\x1b[2J" / "reg.csv", HOSTILE, bad_row=True)
    for args in ((), ("--format", "csv")):
        result = run("renewals", str(reg), "--as-of", "2026-11-26", *args)
        assert result.exit_code == 1
        if not args:
            assert not RAW.search(result.stdout) and SHOWN in result.stdout
        assert not RAW.search(result.stderr) and "r^[[2J" in result.stderr + result.stdout
    override = calendar_override(tmp_path / "2027.yaml", HOSTILE)
    result = run("calendar", "--as-of", "2026-11-26", "--calendar", str(override))
    assert not RAW.search(result.stdout) and SHOWN in result.stdout
    result = run("notice-end", "--start", "2026-12-31", "--calendar", str(override))
    assert not RAW.search(result.stdout) and SHOWN in result.stdout
    pack = hostile_pack(tmp_path / "pack.yaml", HOSTILE)
    path = dossier(tmp_path / "d.yaml", {("unknown_key",): 1})
    for args in (
        ("check", str(path), "--rules", str(pack)),
        ("check", str(path), "--rules", str(pack), "--statistics"),
        ("rules", "--rules", str(pack)),
        ("rules", "--rules", str(pack), "--format", "markdown"),
        ("explain", "Y002", "--rules", str(pack)),
    ):
        result = run(*args)
        assert not RAW.search(result.stdout), (args, result.stdout)
        assert SHOWN in result.stdout, args
    for args in (
        ("rules", "--rules", str(pack), "--format", "json"),
        ("check", str(path), "--rules", str(pack), "--statistics", "-f", "json"),
    ):
        result = run(*args)
        assert not RAW.search(result.stdout)
        assert HOSTILE in strings(json.loads(result.stdout)), args


def strings(data: object) -> list[str]:
    """Every string in a JSON document, keys and values."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*strings(k), *strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def test_visible() -> None:
    assert visible(PWNED) == "^[[2J^[]0;pwned^G"
    assert visible("a\tb\nc\r\nd\re\x00\x7f") == "a\tb\nc\nd^Me^@^?"
    assert visible("a\nb", newlines=False) == "a^Jb"
    assert visible("\x85\x9b\u202e\u2066\u2028\u061c") == "\\x85\\x9b\\u202e\\u2066\\u2028\\u061c"
    assert visible("韶关 [/x] \\[ :smile: \u200d") == "韶关 [/x] \\[ :smile: \u200d"
    text = 'a\x1b\x7f\x9b\u202e\ud800\n"'
    assert json.loads(json_text({"k": text})) == {"k": text}
    assert not RAW.search(json_text(text)) and "\ud800" not in json_text(text)


# --- properties: every table reporter, built by hand ---------------------------------

TOKENS = [
    *"[]/\\:=@#{}ax 工",
    "[/]",
    "[/x]",
    "[bold]",
    "[/bold]",
    "[link=http://x]",
    "\\[",
    ":smile:",
    "[red]",
    *"\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\u061c\u200f\u202e\u2066\u2028\u2029",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\r\n",
]
hostile_text = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=10).map("".join),
    st.text(max_size=12),
)
PROPERTY = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module", autouse=True)
def _wide() -> Iterator[None]:
    """rich reads COLUMNS: wide enough that no cell folds, so values can be found."""
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDE["COLUMNS"]
    yield
    if before is None:
        del os.environ["COLUMNS"]
    else:
        os.environ["COLUMNS"] = before


def _flat(text: str) -> str:
    return "".join(text.split())


def assert_shown(output: str, *texts: str) -> None:
    """No raw control character; every text there as written (split at its lines)."""
    assert not RAW.search(output), repr(output)
    flat = _flat(output)
    for text in texts:
        for line in visible(text).split("\n"):
            assert _flat(line) in flat, (line, output)


def hostile_pack_model(pack: Pack, text: str, code: str) -> Pack:
    y002 = pack.rules["Y002"]
    rule = y002.model_copy(
        update={"title": PackText(zh=text, en=text), "clause": text, "interpretation": None}
    )
    document = pack.document.model_copy(update={"title": PackText(zh=text, en=text)})
    return pack.model_copy(update={"rules": {**pack.rules, code: rule}, "document": document})


@PROPERTY
@given(texts=st.lists(hostile_text, min_size=7, max_size=7), lang=st.sampled_from(["zh", "en"]))
def test_check_reporters_show_any_text(texts: list[str], lang: str) -> None:
    path, studio, field, key, clause, title, code = texts
    custom = hostile_pack_model(PACK, title, code)
    finding = Finding(
        code, Severity.ERROR, clause, field, 3, 1, "unknown_key", freeze({"key": key})
    )
    results = (
        DossierResult(path, studio, (finding,)),
        DossierResult(studio, path or None, ()),
    )
    report = CheckReport(date(2026, 11, 26), results)
    for summary_only in (False, True):
        options = ReportOptions(custom, lang, show_pii=True, summary_only=summary_only)  # type: ignore[arg-type]
        out = io.StringIO()
        reporter_for("table", options).write(report, out)
        shown = (path, studio) if summary_only else (path, studio, code, field, key, clause)
        assert_shown(out.getvalue(), *shown, title)  # title: the pack's, in the policy line
    options = ReportOptions(custom, lang, show_pii=True)  # type: ignore[arg-type]
    out = io.StringIO()
    reporter_for("table", options, statistics=True).write(report, out)
    assert_shown(out.getvalue(), code, title)
    for fmt in ("json", "jsonl"):
        out = io.StringIO()
        reporter_for(fmt, options).write(report, out)
        assert not RAW.search(out.getvalue())
        first = json.loads(out.getvalue().splitlines()[0] if fmt == "jsonl" else out.getvalue())
        dossier = first if fmt == "jsonl" else first["dossiers"][0]
        assert (dossier["path"], dossier["studio"], dossier["findings"][0]["field"]) == (
            path,
            studio,
            field,
        )


@PROPERTY
@given(texts=st.lists(hostile_text, min_size=5, max_size=5), lang=st.sampled_from(["zh", "en"]))
def test_date_reports_show_any_text(texts: list[str], lang: str) -> None:
    name, leader, source, message, holiday = texts
    record = StudioRecord(name, None, leader, date(2022, 4, 27), (), None, None, source + ":2")
    other = StudioRecord(None, None, None, date(2022, 4, 27), (), None, None, "b.csv:2")
    rows = tuple(
        RenewalRow(r, date(2022, 4, 27), date(2027, 4, 27), 152, "valid") for r in (record, other)
    )
    renewals = RenewalsReport(
        date(2026, 11, 26),
        90,
        rows,
        (Problem(source, Localized(message, message)),),
        (source,),
    )
    out = io.StringIO()
    write_renewals(renewals, "table", lang, out, show_pii=True)  # type: ignore[arg-type]
    assert_shown(out.getvalue(), name or "—", leader or "—", source, message)
    notice = NoticeResult(
        date(2027, 1, 1),
        1,
        date(2027, 1, 4),
        (date(2027, 1, 4),),
        tuple((date(2027, 1, d), Localized(holiday, holiday)) for d in (1, 2, 3)),
        {2027: "override"},
    )
    out = io.StringIO()
    write_notice(notice, "table", lang, out)  # type: ignore[arg-type]
    assert_shown(out.getvalue(), holiday)
    info: dict[str, Any] = {
        "library": {"version": "0.0", "official_years": [2001, 2026]},
        "years": {"2027": {"status": "override", "holidays": 3, "workdays": 0, "source": source}},
    }
    out = io.StringIO()
    write_calendar(info, "table", lang, out)  # type: ignore[arg-type]
    assert_shown(out.getvalue(), source)
    for fmt in ("json",):
        out = io.StringIO()
        write_renewals(renewals, fmt, lang, out, show_pii=True)  # type: ignore[arg-type]
        assert not RAW.search(out.getvalue())
        assert json.loads(out.getvalue())["studios"][0]["name"] == name


@PROPERTY
@given(texts=st.lists(hostile_text, min_size=6, max_size=6), lang=st.sampled_from(["zh", "en"]))
def test_rule_pages_show_any_text(texts: list[str], lang: str) -> None:
    code, title, clause, clause_text, doc, interpretation = texts
    page = Page(
        code,
        "error",
        clause,
        title,
        clause_text,
        title,
        RuleDoc(doc, (Example(title, doc),)),
        (Parameter(title, clause, clause, interpretation),),
        interpretation,
    )
    out = io.StringIO()
    write_table((page,), lang, out)  # type: ignore[arg-type]
    assert_shown(out.getvalue(), code, clause, title)
    out = io.StringIO()
    write_page(page, PACK, lang, out)  # type: ignore[arg-type]
    assert not RAW.search(out.getvalue())
    for text in (title, clause_text, doc, interpretation):
        for line in visible(text).split("\n"):
            assert _flat(line) in _flat(out.getvalue())


# --- properties through the command line ------------------------------------------


@settings(max_examples=200, derandomize=True, deadline=None)
@given(texts=st.lists(hostile_text, min_size=3, max_size=3), summary=st.booleans())
def test_check_through_the_cli_shows_any_text(texts: list[str], summary: bool) -> None:
    name, gender, key = texts
    document = {"studio": {"name": name}, "leader": {"gender": gender}, key or "k": 1}
    text = yaml.safe_dump(document, allow_unicode=True)
    result = run("check", "-", *(["--summary"] if summary else []), stdin=text)
    assert result.exit_code in (0, 1, 2), result.output
    assert not RAW.search(result.stdout), repr(result.stdout)


@settings(max_examples=50, derandomize=True, deadline=None)
@given(texts=st.lists(hostile_text, min_size=2, max_size=2))
def test_registry_and_calendar_through_the_cli_show_any_text(texts: list[str]) -> None:
    cell_text, source = texts
    with tempfile.TemporaryDirectory() as folder:
        reg = Path(folder) / "reg.csv"
        with reg.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerows(
                [("name", "leader", "certified_on"), (cell_text, source, "2022-04-27")]
            )
        result = run("renewals", str(reg), "--as-of", "2026-11-26")
        assert result.exit_code in (0, 1, 2), result.output
        assert not RAW.search(result.stdout) and not RAW.search(result.stderr)
        override = calendar_override(Path(folder) / "2027.yaml", source)
        result = run("calendar", "--as-of", "2026-11-26", "--calendar", str(override))
        assert result.exit_code in (0, 2), result.output
        assert not RAW.search(result.stdout)
