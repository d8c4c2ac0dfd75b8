"""Issue 11, point 7: a rules pack that passes validation never breaks the tool.

Each bad pack below once validated and then failed while checking (an internal
error, a MemoryError, a hang); now the pack is refused on load, through the CLI,
with exit 2 and one line naming the problem. A hypothesis test mutates the
bundled pack: every mutation is either refused on load (PackError) or checks the
examples and renders every message without an exception, quickly and in bounded
memory.
"""

from __future__ import annotations

import copy
import io
import re
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, EXAMPLES, ROOT, time_limit
from dashi_cli.engine import check_file, default_calendar, ensure_pack_covers
from dashi_cli.findings import CheckReport
from dashi_cli.pack import PackError, load_pack
from dashi_cli.reporters.base import ReportOptions, render_message
from dashi_cli.reporters.json import JsonReporter

BUNDLED = ROOT / "rules" / "shaoguan-2022.yaml"
TEXT = BUNDLED.read_text(encoding="utf-8")
ELIGIBLE = EXAMPLES / "eligible.yaml"

_R003 = '"需专家评审所列 {count} 个技术项目的价值"'
_C001 = '"载体类型“{value}”明显不属于认定条件所列载体（{allowed}）"'
_NOTICE = "  notice_working_days:\n    value: 5"

# (id, text in the bundled pack, its replacement, what the message must name)
BAD_PACKS = [
    (
        "notice_title positional",
        "  notice_title: 国务院办公厅关于{year}年部分节假日安排的通知",
        '  notice_title: "{0}"',
        "notice_title",
    ),
    (
        "notice_title other field",
        "  notice_title: 国务院办公厅关于{year}年部分节假日安排的通知",
        '  notice_title: "关于{name}的通知"',
        "notice_title",
    ),
    (
        "notice_title format spec",
        "  notice_title: 国务院办公厅关于{year}年部分节假日安排的通知",
        '  notice_title: "{year:>100000000}"',
        "notice_title",
    ),
    (
        "certification_valid_years 8000",
        "  certification_valid_years:\n    value: 5",
        "  certification_valid_years:\n    value: 8000",
        "certification_valid_years",
    ),
    (
        "notice_working_days 0",
        _NOTICE,
        "  notice_working_days:\n    value: 0",
        "notice_working_days",
    ),
    (
        "notice_working_days -3",
        _NOTICE,
        "  notice_working_days:\n    value: -3",
        "notice_working_days",
    ),
    (
        "notice_working_days 10**6",
        _NOTICE,
        "  notice_working_days:\n    value: 1000000",
        "notice_working_days",
    ),
    ("document.valid_years 10**6", "  valid_years: 5 ", "  valid_years: 1000000 ", "valid_years"),
    (
        "document.issued_on at the end of time",
        "  issued_on: 2022-04-27",
        "  issued_on: 9999-12-31",
        "issued_on",
    ),
    (
        "expiry_warning_days 10**9",
        "  expiry_warning_days:\n    value: 180",
        "  expiry_warning_days:\n    value: 1000000000",
        "expiry_warning_days",
    ),
    (
        "bank_account_digits reversed",
        "    value: [8, 30]",
        "    value: [30, 8]",
        "bank_account_digits",
    ),
    (
        "required field with a huge index",
        "    - {path: members, zh:",
        '    - {path: "members[99999999999999999999]", zh:',
        "members[99999999999999999999]",
    ),
    (
        "required field with an index past the members",
        "    - {path: members, zh:",
        '    - {path: "members[5].name", zh:',
        "members[5].name",
    ),
    (
        "required field indexing a mapping",
        "    - {path: members, zh:",
        '    - {path: "leader[0]", zh:',
        "leader[0]",
    ),
    (
        "required field that is no field",
        "    - {path: members, zh:",
        '    - {path: "leader.__class__", zh:',
        "leader.__class__",
    ),
    ("template nested spec", _R003, '"{value:{value}}"', "rules.R003.messages.default.zh"),
    ("template memory bomb", _R003, '"{count:{count}000000000}"', "rules.R003.messages.default.zh"),
    ("template width", _R003, '"{count:>100000000}"', "rules.R003.messages.default.zh"),
    ("template on a finding", _C001, '"{value:>100000000}"', "rules.C001.messages.default.zh"),
    ("template conversion", _R003, '"{count!r}"', "rules.R003.messages.default.zh"),
    ("template attribute", _R003, '"{count.__class__}"', "rules.R003.messages.default.zh"),
    ("template index", _R003, '"{count[0]}"', "rules.R003.messages.default.zh"),
    ("template unbalanced", _R003, '"{count"', "rules.R003.messages.default.zh"),
    ("skill level form with a spec", '    - "{grade}/{name}"', '    - "{name:>99999999}"', "forms"),
]


def _bad_pack(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT, old
    path = tmp_path / "bad.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def _dashi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashi_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [case[1:] for case in BAD_PACKS],
    ids=[case[0] for case in BAD_PACKS],
)
@pytest.mark.parametrize(
    "dossier", [ELIGIBLE, EXAMPLES / "ineligible-outside-shaoguan.yaml"], ids=["eligible", "c001"]
)
def test_a_pack_that_would_break_the_tool_is_refused(
    tmp_path: Path, dossier: Path, old: str, new: str, named: str
) -> None:
    rules = _bad_pack(tmp_path, old, new)
    done = _dashi("check", str(dossier), "--rules", str(rules), "--as-of", "2026-11-26")
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(rules) in lines[0]
    assert named in lines[0], lines[0]


def test_a_key_with_control_characters_is_one_visible_line(tmp_path: Path) -> None:
    old = '      empty: {zh: "文件为空", en: the file is empty}'
    new = '      empty: {zh: "文件为空", en: the file is empty, "a\\nb\\e]0;pwned\\a": x}'
    rules = _bad_pack(tmp_path, old, new)
    done = _dashi("--lang", "en", "check", str(ELIGIBLE), "--rules", str(rules))
    assert done.returncode == 2
    assert "Extra inputs" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "\x1b" not in done.stderr and "\a" not in done.stderr


def test_the_bundled_pack_still_loads() -> None:
    pack = load_pack()
    assert pack.parameters.notice_working_days.value == 5
    assert pack.calendar.notice_title.format(year=2025).startswith("国务院办公厅关于2025年")


# --- the bounds and the templates, at the edges -------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (_NOTICE, "  notice_working_days:\n    value: 60"),
        (_NOTICE, "  notice_working_days:\n    value: 1"),
        (
            "  certification_valid_years:\n    value: 5",
            "  certification_valid_years:\n    value: 100",
        ),
        ("  valid_years: 5 ", "  valid_years: 100 "),
        ("  expiry_warning_days:\n    value: 180", "  expiry_warning_days:\n    value: 0"),
        ("  expiry_warning_days:\n    value: 180", "  expiry_warning_days:\n    value: 3660"),
        ("    value: [8, 30]", "    value: [12, 12]"),
        ("    - {path: members, zh:", '    - {path: "leader.certificate.number", zh:'),
        ("    - {path: members, zh:", '    - {path: "studio.name|applicant.name", zh:'),
        (_R003, '"{{字面的括号}} {count} 个 {count}"'),
        (_R003, '"没有占位符"'),
        (_R003, '"{unknown_field} is shown as written"'),
    ],
)
def test_sane_values_are_accepted(tmp_path: Path, old: str, new: str) -> None:
    pack = load_pack(_bad_pack(tmp_path, old, new))
    for example in (ELIGIBLE, EXAMPLES / "ineligible-training.yaml", EXAMPLES / "annotated.yaml"):
        result = check_file(example, pack, AS_OF)
        assert not [f for f in result.findings if f.variant == "internal"]
        for finding in result.findings:
            for lang in ("zh", "en"):
                assert render_message(finding, ReportOptions(pack=pack, lang=lang))


def test_the_problem_is_named_with_the_field_and_the_rule(tmp_path: Path) -> None:
    with pytest.raises(PackError) as raised:
        load_pack(_bad_pack(tmp_path, _R003, '"{value:{value}}"'))
    message = str(raised.value)
    assert "rules.R003.messages.default.zh" in message
    assert "format spec" in message
    assert "\n" not in message
    with pytest.raises(PackError, match=r"notice_title.*\{year\}"):
        load_pack(
            _bad_pack(
                tmp_path,
                "  notice_title: 国务院办公厅关于{year}年部分节假日安排的通知",
                '  notice_title: "{0}"',
            )
        )


# --- pack mutations (hypothesis) ---------------------------------------------------------

BASE: dict[str, Any] = yaml.load(TEXT, Loader=yaml.CSafeLoader)
DOSSIERS = (
    ELIGIBLE,
    EXAMPLES / "ineligible-form.yaml",
    EXAMPLES / "ineligible-outside-shaoguan.yaml",
    EXAMPLES / "ineligible-training.yaml",
    EXAMPLES / "annotated.yaml",
)
LIMIT_SECONDS = 10
LIMIT_MB = 200
LONGEST_MESSAGE = 20_000  # characters: a message is a sentence, whatever the pack says

Where = tuple[str | int, ...]


def _leaves(node: Any, where: Where = ()) -> Iterator[tuple[Where, Any]]:
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*where, index))


NODES = list(_leaves(BASE))
# every number but the format, and a few of the 35 province codes (not 35 draws in 60)
NUMBERS = [
    where
    for where, value in NODES
    if isinstance(value, int)
    and where not in {(), ("format",)}
    and not (where[0] == "id_number_provinces" and where[1] > 2)
]
STRINGS = [where for where, value in NODES if isinstance(value, str)]
TEMPLATES = [
    where
    for where in STRINGS
    if (where[0] == "rules" and "messages" in where)
    or where[:2] == ("skill_levels", "forms")
    or where == ("calendar", "notice_title")
]
CONTAINERS = [where for where, value in NODES if isinstance(value, dict | list)]

TRICKY_NUMBERS = st.one_of(
    st.integers(min_value=-5, max_value=200),
    st.sampled_from([0, -1, 60, 61, 100, 101, 3660, 3661, 2001, 9999, 10**6, 10**20, -(10**20)]),
    st.sampled_from([1.5, 5.0, float("inf"), float("nan"), True, None, "5", "五", [], {}]),
)
FIELDS = ["value", "count", "name", "grade", "year", "allowed", "path", "minimum", "x"]
TRICKY_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "{",
            "}",
            "{}",
            "{0}",
            "{{",
            "}}",
            "{value:{value}}",
            "{value:>100000000}",
            "{count:{count}000000000}",
            "{value!r}",
            "{value.__class__}",
            "{value[0]}",
            "{year}",
            "{name}",
            "{grade}",
            "[/x]",
            "\x1b[2J\x1b]0;pwned\x07",
            "members[99999999999999999999]",
            "members[3].name",
            "leader[0]",
            "a|b",
            "studio.name|",
            "leader.__class__",
            "—",
            "技师",
            "高级工",
            "韶关",
            "企业",
            "男",
        ]
    ),
    st.sampled_from(FIELDS).map(lambda name: "{" + name + "}"),
    st.text(max_size=12),
)


def _get(node: Any, where: Where) -> Any:
    for part in where:
        node = node[part]
    return node


def _set(root: Any, where: Where, value: Any) -> None:
    """Replace what is at ``where``, if an earlier change left it there."""
    try:
        parent = _get(root, where[:-1])
        parent[where[-1]]  # still there (a KeyError or IndexError if not)
        parent[where[-1]] = value
    except (KeyError, IndexError, TypeError):
        pass


@st.composite
def _mutated(draw: st.DrawFn) -> Any:
    """The bundled pack with one to three small changes."""
    pack = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["number", "string", "template", "container", "type"]))
        if kind == "number":
            _set(pack, draw(st.sampled_from(NUMBERS)), draw(TRICKY_NUMBERS))
        elif kind == "string":
            _set(pack, draw(st.sampled_from(STRINGS)), draw(TRICKY_TEXT))
        elif kind == "template":
            where = draw(st.sampled_from(TEMPLATES))
            try:
                text = _get(pack, where)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change took it away
            if not isinstance(text, str):
                continue
            at = draw(st.integers(min_value=0, max_value=len(text)))
            _set(pack, where, text[:at] + draw(TRICKY_TEXT) + text[at:])
        elif kind == "container":
            where = draw(st.sampled_from(CONTAINERS))
            try:
                node = _get(pack, where)
            except (KeyError, IndexError, TypeError):
                continue
            if isinstance(node, list):
                action = draw(st.sampled_from(["drop", "double", "empty", "add"]))
                if action == "drop" and node:
                    del node[draw(st.integers(min_value=0, max_value=len(node) - 1))]
                elif action == "double" and node:
                    node.append(copy.deepcopy(node[draw(st.integers(0, len(node) - 1))]))
                elif action == "empty":
                    node.clear()
                else:
                    node.append(draw(st.one_of(TRICKY_TEXT, TRICKY_NUMBERS)))
            elif isinstance(node, dict):
                keys = list(node)
                action = draw(st.sampled_from(["drop", "add"]))
                if action == "drop" and keys:
                    del node[draw(st.sampled_from(keys))]
                else:
                    node[draw(TRICKY_TEXT)] = draw(st.one_of(TRICKY_TEXT, TRICKY_NUMBERS))
        else:
            where = draw(st.sampled_from([w for w, _ in NODES if w]))
            _set(pack, where, draw(st.sampled_from([None, [], {}, True, 1.5, "x"])))
    return pack


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


BASELINE_MB: list[int] = []  # the peak before the first mutation


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pack-fuzz")


OUTCOMES: dict[str, int] = {"refused": 0, "checked": 0}


@settings(
    max_examples=500,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_mutated())
def test_a_mutated_pack_is_refused_or_works(work: Path, data: Any) -> None:
    if not BASELINE_MB:
        BASELINE_MB.append(_peak_mb())
    path = work / "pack.yaml"
    try:
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:  # e.g. a key that YAML cannot hold: not a pack anyone can write
        return
    path.write_text(text, encoding="utf-8")
    with time_limit(LIMIT_SECONDS):
        try:
            pack = load_pack(path)
            ensure_pack_covers(pack)  # what the CLI does on load
        except PackError as exc:
            message = str(exc)
            assert message.startswith(f"rules pack {path}: ") or "no entry for rule" in message
            OUTCOMES["refused"] += 1
            return
        calendar = default_calendar(pack)
        results = tuple(check_file(dossier, pack, AS_OF, calendar=calendar) for dossier in DOSSIERS)
        for result in results:
            assert not [f for f in result.findings if f.variant == "internal"], result.findings
            for finding in result.findings:
                for lang in ("zh", "en"):
                    message = render_message(finding, ReportOptions(pack=pack, lang=lang))
                    assert len(message) < LONGEST_MESSAGE, (finding.code, len(message))
        for lang in ("zh", "en"):
            out = io.StringIO()
            JsonReporter(ReportOptions(pack=pack, lang=lang)).write(
                CheckReport(AS_OF, results), out
            )
            assert out.getvalue()
    OUTCOMES["checked"] += 1
    assert _peak_mb() - BASELINE_MB[0] < LIMIT_MB


def test_the_mutations_reach_both_outcomes() -> None:
    """Run after the fuzz test (same module): both outcomes occurred, so the mutations
    are neither all refused nor all harmless."""
    if not sum(OUTCOMES.values()):
        pytest.skip("the fuzz test did not run in this session")
    assert OUTCOMES["refused"] > 50, OUTCOMES
    assert OUTCOMES["checked"] > 50, OUTCOMES


def test_templates_in_the_bundled_pack_use_plain_fields_only() -> None:
    """The rule the validation enforces is what the bundled pack already does."""
    import string

    for where in TEMPLATES:
        for _, name, spec, conversion in string.Formatter().parse(_get(BASE, where)):
            if name is not None:
                assert re.fullmatch(r"[a-z_]+", name), (where, name)
                assert not spec and conversion is None, where


def test_regression_cases_fail_on_an_unchecked_pack() -> None:
    """Guard: every case really changes the bundled pack."""
    for _, old, new, _ in BAD_PACKS:
        assert old in TEXT and new not in TEXT
