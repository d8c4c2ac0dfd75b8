"""Closed lists only where the policy closes them (issue 10, acceptance 3).

A value outside a closed list of the rules pack is Y002, an unreadable file: so a list
may be closed only when a clause of the policy, or a standard, closes it, and the pack
says which beside the list. Everything else the policy leaves open (project kinds and
levels, a trainee's level) is open text: known values are recognised, never required.

Comments are lost when YAML is parsed, so the pack's text is read line by line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from dashi_cli.cli import app
from dashi_cli.pack import Pack

PACK = ROOT / "rules" / "shaoguan-2022.yaml"
SECTION = "vocabularies"

_CJK = "\u3400-\u9fff"
# 一, 一.3, 二.3, 附件 … standing alone (not inside a Chinese word such as 一级)
_CLAUSE = re.compile(rf"(?<![{_CJK}])(附件|[一二三四五六七](?:\.\d+)?)(?![{_CJK}\w])")
_STANDARD = re.compile(r"\bGB(?:/T)?\s*\d{3,}")


def _comment(line: str) -> str | None:
    """A YAML line's comment (text after a `#` that starts a comment), or None."""
    match = re.search(r"(?:^|\s)#\s?(.*)$", line)
    return match.group(1).strip() if match else None


def vocabulary_lists(text: str) -> dict[str, tuple[bool, str]]:
    """Each list of the pack's `vocabularies:` section: name → (closed, the comment that
    names its clause). A list is open when the comment line above it says so (`# open
    …`); every other list is closed, and its own comment is what closes it."""
    lines = text.splitlines()
    start = lines.index(f"{SECTION}:")
    lists: dict[str, tuple[bool, str]] = {}
    heading = ""  # the last comment line of its own inside the section
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith((" ", "\t")):
            break  # the next top-level key or comment ends the section
        stripped = line.strip()
        if stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            continue
        match = re.match(r"^  ([A-Za-z_]\w*):", line)
        if match is None:
            continue
        own = _comment(line[match.end() :])
        is_open = own is None and heading.lower().startswith("open")
        lists[match.group(1)] = (not is_open, own or "")
    return lists


def closing_reference(comment: str, pack: Pack) -> str | None:
    """The clause or standard that a comment says closes the list, or None."""
    if not comment.lower().startswith("closed by"):
        return None
    for found in _CLAUSE.findall(comment):
        if found in pack.clauses:
            return found
    standard = _STANDARD.search(comment)
    return standard.group() if standard else None


def unnamed_closed_lists(text: str, pack: Pack) -> list[str]:
    return [
        name
        for name, (closed, comment) in vocabulary_lists(text).items()
        if closed and closing_reference(comment, pack) is None
    ]


def test_the_walk_sees_every_list_of_the_section() -> None:
    text = PACK.read_text("utf-8")
    parsed = yaml.safe_load(text)[SECTION]
    assert set(vocabulary_lists(text)) == set(parsed)


def test_every_closed_list_names_the_clause_that_closes_it(pack: Pack) -> None:
    text = PACK.read_text("utf-8")
    lists = vocabulary_lists(text)
    closed = {name for name, (is_closed, _) in lists.items() if is_closed}
    assert closed, "no closed list found: the walk is broken"
    assert unnamed_closed_lists(text, pack) == [], (
        "a closed list of rules/shaoguan-2022.yaml has no comment `# closed by <clause "
        "or standard>` beside it: close a list only where the policy closes it"
    )


def test_project_kind_and_level_are_open(pack: Pack) -> None:
    lists = vocabulary_lists(PACK.read_text("utf-8"))
    assert lists["project_kind"][0] is False
    assert lists["project_level"][0] is False


def test_the_walk_fails_a_closed_list_without_its_comment(pack: Pack) -> None:
    """The check can fail: the pack with one closing comment removed (a scratch copy,
    never the pack itself) is caught; so is one marked closed by no clause at all."""
    text = PACK.read_text("utf-8")
    before = set(unnamed_closed_lists(text, pack))

    def newly_unnamed(changed: str) -> set[str]:
        assert changed != text, "the scratch edit changed nothing"
        return set(unnamed_closed_lists(changed, pack)) - before

    line = next(x for x in text.splitlines() if x.startswith("  gender:"))
    assert newly_unnamed(text.replace(line, line.split("#", 1)[0].rstrip(), 1)) == {"gender"}
    vague = text.replace(line, "  gender: [男, 女]   # closed by tradition", 1)
    assert newly_unnamed(vague) == {"gender"}
    opened = text.replace("  # open (", "  # (", 1)
    assert newly_unnamed(opened) == {"project_kind", "project_level"}


# --- values the policy's words admit are no Y002 ------------------------------------


def _findings(path: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        app, ["check", str(path), "--as-of", "2026-11-26", "-f", "json"], env={"COLUMNS": "250"}
    )
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["dossiers"][0]["findings"]
    return findings


@pytest.mark.parametrize(
    ("kind", "level", "trainee_level"),
    [
        ("技术改进", "国家级", "学徒工"),
        ("技术开发", "国家重点", "初级工"),
        ("工艺改良", "区级", "高级工（在读）"),
    ],
)
def test_open_values_raise_no_y002(
    kind: str, level: str, trainee_level: str, tmp_path: Path
) -> None:
    data = yaml.safe_load((EXAMPLES / "eligible.yaml").read_text("utf-8"))
    data["projects"][0].update(kind=kind, level=level)
    data["annual_records"] = [
        {
            "year": 2025,
            "trainees": [
                {"name": "吴思远", "skill_level": trainee_level, "occupation": "电工"},
            ],
        }
    ]
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    findings = _findings(path)
    assert findings, "the check printed no findings at all"
    y002 = [f for f in findings if f["code"] == "Y002"]
    assert y002 == [], y002


def test_a_closed_list_still_refuses(tmp_path: Path) -> None:
    """The counterpart: a gender off its closed list is still Y002 (the CLI check above
    would pass vacuously if Y002 never reached the JSON)."""
    data = yaml.safe_load((EXAMPLES / "eligible.yaml").read_text("utf-8"))
    data["leader"]["gender"] = "未知"
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert [f for f in _findings(path) if f["code"] == "Y002"]
