"""The repository's own documentation, and one language at a time (issue 9).

- `docs/rules.md` (and `docs/rules.en.md`) are what `dashi rules --format markdown`
  prints, byte for byte, so the catalogue never drifts from the code;
- `docs/dossier-format.md` names every key of the format and its Chinese names, and
  holds the annotated example that `examples/annotated.yaml` repeats;
- nothing a user or a test follows points outside the repository;
- `dashi explain` in Chinese has no English sentence, in English no Chinese of the
  tool's own; `--lang en` names skill levels, carrier kinds and verdicts in English.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from dashi_cli.cli import app
from dashi_cli.docs import parse_doc, rule_source
from dashi_cli.model.dossier import Dossier
from dashi_cli.model.keys import ZH_KEYS
from dashi_cli.pack import Pack, load_pack

DOCS = ROOT / "docs"
WIDE = {"COLUMNS": "250"}  # no wrapping inside a word or a bracket
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


# --- generated pages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "args"), [("rules.md", ()), ("rules.en.md", ("--lang", "en"))], ids=["zh", "en"]
)
def test_the_rules_page_is_what_the_command_prints(page: str, args: tuple[str, ...]) -> None:
    code, out = run("rules", "--format", "markdown", *args)
    assert code == 0
    checked_in = (DOCS / page).read_text("utf-8")
    assert out == checked_in, (
        f"docs/{page} is out of date: run `dashi rules --format markdown "
        f"{' '.join(args)} > docs/{page}`"
    )


@pytest.mark.parametrize("page", ["rules.md", "rules.en.md"])
def test_the_rules_page_covers_every_code(page: str, pack: Pack) -> None:
    text = (DOCS / page).read_text("utf-8")
    headings = re.findall(r"^## ([A-Z]\d{3}) ", text, re.M)
    assert headings == sorted(pack.rules)
    for code, rule in pack.rules.items():
        section = text.split(f"## {code} ", 1)[1].split("\n## ", 1)[0]
        if rule.clause != "—":
            assert pack.clauses[rule.clause].text.splitlines()[0] in section, code
        assert "```yaml" in section, f"{code}: no example"


def _model_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.append(path)
        for inner in _models_in(field.annotation):
            is_list = get_origin(field.annotation) in (list, tuple) or "list" in str(
                field.annotation
            )
            paths += _model_paths(inner, f"{path}[]." if is_list else f"{path}.")
    return paths


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def test_the_format_page_names_every_key_and_its_chinese_names() -> None:
    text = (DOCS / "dossier-format.md").read_text("utf-8")
    paths = _model_paths(Dossier)
    assert len(paths) > 80
    for path in paths:
        assert f"`{path}`" in text, f"docs/dossier-format.md does not document `{path}`"
    for names in ZH_KEYS.values():
        for chinese in names:
            assert f"`{chinese}`" in text, f"docs/dossier-format.md lacks the key `{chinese}`"


def test_the_annotated_example_is_the_format_pages_example() -> None:
    annotated = (EXAMPLES / "annotated.yaml").read_text("utf-8")
    first, body = annotated.split("\n", 1)
    assert "docs/dossier-format.md" in first
    assert f"```yaml\n{body}```" in (DOCS / "dossier-format.md").read_text("utf-8")


# --- a repository that stands alone -------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize(
    "doc", ["README.md", *(f"docs/{p.name}" for p in sorted(DOCS.glob("*.md")))]
)
def test_every_link_stays_inside_the_repository(doc: str) -> None:
    text = (ROOT / doc).read_text("utf-8")
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        path = (ROOT / doc).parent / target.split("#", 1)[0]
        assert path.resolve().is_relative_to(ROOT), f"{doc}: {target} leaves the repository"
        assert path.exists(), f"{doc}: {target} does not exist"


def test_nothing_reads_or_links_the_shared_folder() -> None:
    places = [ROOT / "README.md", ROOT / "pyproject.toml", ROOT / ".ci" / "run"]
    for folder in ("docs", "src", "tests", "benchmarks", "examples", "rules"):
        places += [p for p in (ROOT / folder).rglob("*") if p.is_file()]
    this = Path(__file__).resolve()
    for place in places:
        if place.resolve() == this or "__pycache__" in place.parts:
            continue
        text = place.read_text("utf-8", errors="replace")
        assert not re.search(r"\.\./shared\b|(?<![\w.])shared[/](spec|policy|hooks)", text), place


# --- one language at a time ---------------------------------------------------------

LATIN_RUN = re.compile(r"[A-Za-z][a-z]+(?:[ '’-]+[A-Za-z][a-z]+)+")


def _without_code(text: str) -> str:
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\S*_\S*", " ", text)  # parameter names and keys: min_leader_level


def _example_lines(out: str) -> tuple[list[str], list[str]]:
    """Split explain's output into prose lines and example (indented YAML) lines."""
    prose, examples = [], []
    for line in out.splitlines():
        (examples if line.startswith("    ") else prose).append(line)
    return prose, examples


def _comment(line: str) -> str:
    match = re.search(r"(^|\s)#\s(.*)$", line)
    return match.group(2) if match else ""


def _yaml_values(line: str) -> str:
    """A YAML example line without its keys and comment: the values a dossier holds."""
    line = re.sub(r"(^|\s)#\s.*$", "", line)
    return re.sub(r"[\w\u3400-\u9fff（）]+:(\s|$)", " ", line)


@pytest.mark.parametrize("code", sorted(load_pack().rules))
def test_explain_in_chinese_has_no_english_sentence(code: str) -> None:
    status, out = run("explain", code)
    assert status == 0
    prose, examples = _example_lines(out)
    for line in prose + [_comment(line) for line in examples]:
        run_ = LATIN_RUN.search(_without_code(line))
        assert run_ is None, f"{code}: English in the Chinese page: {run_.group()!r} in {line!r}"
    for line in examples:
        assert LATIN_RUN.search(_without_code(_yaml_values(line))) is None, (code, line)


def _english_own_words(text: str) -> str:
    """English text less what may stay Chinese: bracketed terms, quotations, code."""
    text = _without_code(text)
    previous = None
    while previous != text:  # innermost brackets first
        previous = text
        text = re.sub(r"\([^()]*\)|（[^（）]*）|〔[^〔〕]*〕", " ", text)
    return re.sub(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’", " ", text)


@pytest.mark.parametrize("code", sorted(load_pack().rules))
def test_explain_in_english_has_no_chinese_of_its_own(code: str) -> None:
    status, out = run("explain", code, "--lang", "en")
    assert status == 0
    # the policy's own words are quoted whole, under their heading
    out = re.sub(r"The policy's words\n.*?\n\n", "", out, flags=re.S)
    prose, examples = _example_lines(out)
    for line in prose + [_comment(line) for line in examples]:
        left = _english_own_words(line)
        assert not CJK.search(left), f"{code}: Chinese in the English page: {line!r}"


def test_every_rule_doc_has_both_languages(pack: Pack) -> None:
    for code in pack.rules:
        source = rule_source(code)
        zh, en = parse_doc(source, "zh"), parse_doc(source, "en")
        assert zh.text and en.text and zh.text != en.text, code
        assert (CJK.search(zh.text) and len(zh.examples) >= 2) or code.startswith("Y00"), code
        assert [e.yaml for e in zh.examples] != [] and len(zh.examples) == len(en.examples)


def test_captions_and_comments_follow_the_language() -> None:
    source = """The date is after the notice.

    日期晚于公示。

    Passing (warning, as of 2027-03-01)::

        review: {certified_on: 2022-04-27}   # 有效期至 2027-04-27 | valid through 2027-04-27
    """
    zh, en = parse_doc(source, "zh"), parse_doc(source, "en")
    assert (zh.text, en.text) == ("日期晚于公示。", "The date is after the notice.")
    assert zh.examples[0].caption == "通过（警告，核查日期 2027-03-01）"
    assert en.examples[0].caption == "Passing (warning, as of 2027-03-01)"
    assert zh.examples[0].yaml.endswith("# 有效期至 2027-04-27")
    assert en.examples[0].yaml.endswith("# valid through 2027-04-27")


# Words the tool names in its own sentences: with --lang en each appears only inside
# brackets after its English name, or inside quotes (a value quoted from the dossier).
def _policy_terms(pack: Pack) -> list[str]:
    terms = [level.name for level in pack.skill_levels.ladder]
    terms += [name for kind in pack.carrier_kinds for name in kind.names]
    return sorted(set(terms) | {"符合认定条件", "不符合认定条件", "错误", "警告", "提示"})


def _texts(fmt: str, out: str) -> list[str]:
    """What a reader reads in a report: each message of JSON, JSONL and CSV (parsed, so a
    JSON string or a quoted CSV cell is read inside), each line of a table."""
    if fmt in ("json", "jsonl"):
        docs = (
            [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else [json.loads(out)]
        )
        texts: list[str] = []
        for doc in docs:
            for dossier in doc.get("dossiers", [doc]):
                texts += [f["message"] for f in dossier.get("findings", [])]
            texts += [row.get("title", "") for row in doc.get("statistics", [])]
        return texts
    if fmt == "csv":
        return [row["message"] for row in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))]
    return re.sub(r"examples/[\w.-]+\.yaml", " ", out).splitlines()


@pytest.mark.parametrize(
    ("fmt", "extra"),
    [
        ("table", ()),
        ("table", ("--summary",)),
        ("table", ("--statistics",)),
        ("json", ()),
        ("json", ("--statistics",)),
        ("jsonl", ()),
        ("csv", ()),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v) or "-",
)
def test_english_output_names_policy_terms_in_english(
    fmt: str, extra: tuple[str, ...], pack: Pack
) -> None:
    terms = _policy_terms(pack)
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    _, out = run("check", *paths, "--as-of", "2026-11-26", "--lang", "en", "-f", fmt, *extra)
    texts = _texts(fmt, out)
    assert texts
    for text in texts:
        left = _english_own_words(text)  # quotations in a message are the dossier's values
        for term in terms:
            assert term not in left, f"{fmt}: {term!r} only in Chinese in {text!r}"


def test_the_english_check_cannot_pass_an_untranslated_level() -> None:
    """The detector itself: a bare level is caught, a bracketed or quoted one is not."""
    assert "技师" in _english_own_words("only 2 hold 技师 or above")
    assert "技师" not in _english_own_words("only 2 hold technician (技师) or above")
    assert "男" not in _english_own_words('gender "男" disagrees')


def test_english_plurals_and_dates() -> None:
    _, out = run("check", str(EXAMPLES / "ineligible-too-few-technicians.yaml"), "--lang", "en")
    assert "1 errors" not in out and "1 warnings" not in out
    _, out = run("notice-end", "--start", "2025-09-28", "--lang", "en")
    assert not re.search(r"\d{2}/\d{2}/\d{4}", out)
    _, out = run("explain", "Q002", "--lang", "en")
    assert "：" not in out.split("The policy's words")[0]
