"""What a YAML syntax error most likely is, and where: the slips people make typing
YAML on a Chinese keyboard (a full-width colon, comma, bracket or quote), a tab, a
missing space after a colon, a quote or bracket never closed, a wrong indentation.

PyYAML reports where it noticed the problem, often a line after the slip (a
full-width colon makes the line one long text, and the next key is then out of
place). :func:`diagnose` looks at the text around that place for the slip and
returns the Y001 variant that names it, with the line and column of the offending
character; None when it cannot tell, and the error is reported as PyYAML says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_FULLWIDTH_CLOSERS = "］】｝〕"
_FULLWIDTH_QUOTES = "“”‘’「」『』"


@dataclass(frozen=True)
class Slip:
    variant: str
    line: int  # 1-based
    column: int  # 1-based
    char: str = ""


# PyYAML counts lines at each of these breaks
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def diagnose(text: str, exc: yaml.YAMLError) -> Slip | None:
    """The slip, or None; never raises (a text this cannot read is left to PyYAML's words)."""
    try:
        return _diagnose(text, exc)
    except (IndexError, ValueError, TypeError, AttributeError):
        return None


def _diagnose(text: str, exc: yaml.YAMLError) -> Slip | None:
    problem_mark = getattr(exc, "problem_mark", None)
    if problem_mark is None:
        return None
    context = str(getattr(exc, "context", "") or "")
    problem = str(getattr(exc, "problem", "") or "")
    context_mark = getattr(exc, "context_mark", None)
    lines = _BREAKS.split(text)
    at = min(problem_mark.line, len(lines) - 1)
    if context_mark is not None and context_mark.line >= len(lines):
        context_mark = None
    tab = _first_tab(lines, at)
    if tab is not None:
        return tab
    if "quoted scalar" in context and context_mark is not None:
        return _quote(lines, context_mark.line, context_mark.column)
    if "flow" in context and context_mark is not None:
        return _bracket(lines, context_mark.line, context_mark.column, at)
    if "mapping values are not allowed" in problem:
        return _mapping_value(lines, at, problem_mark.column)
    if "expected key" in problem or "expected <block end>" in problem:
        return _indentation(lines, at)
    if "cannot start any token" in problem:
        char = lines[at][problem_mark.column : problem_mark.column + 1]
        if char in ("@", "`", "%"):
            return Slip("reserved_char", at + 1, problem_mark.column + 1, char)
    return None


def _first_tab(lines: list[str], last: int) -> Slip | None:
    for index in range(last + 1):
        indent = len(lines[index]) - len(lines[index].lstrip(" \t"))
        column = lines[index].find("\t", 0, indent)
        if column >= 0:
            return Slip("tab", index + 1, column + 1)
    return None


def _quote(lines: list[str], line: int, column: int) -> Slip:
    rest = lines[line][column + 1 :]
    for offset, char in enumerate(rest):
        if char in _FULLWIDTH_QUOTES:
            return Slip("fullwidth_quote", line + 1, column + 2 + offset, char)
    return Slip("unclosed_quote", line + 1, column + 1, lines[line][column : column + 1])


def _bracket(lines: list[str], line: int, column: int, last: int) -> Slip:
    opening = lines[line][column : column + 1]
    if opening not in ("[", "{"):  # PyYAML marked the node after it: the bracket before
        line, column = _last_opening(lines, line, column)
        opening = lines[line][column]
    for index in range(line, last + 1):
        start = column + 1 if index == line else 0
        for offset, char in enumerate(lines[index][start:]):
            if char == "，":
                return Slip("fullwidth_comma", index + 1, start + offset + 1, char)
            if char in _FULLWIDTH_CLOSERS:
                return Slip("fullwidth_bracket", index + 1, start + offset + 1, char)
    return Slip("unclosed_bracket", line + 1, column + 1, opening)


def _last_opening(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """Where the last [ or { before (line, column) stands; ValueError when none does."""
    for index in range(line, -1, -1):
        text = lines[index][:column] if index == line else lines[index]
        found = max(text.rfind("["), text.rfind("{"))
        if found >= 0:
            return index, found
    raise ValueError("no bracket")


_KEY_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"\[\]{}]+:(?=\s|$)")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"\[\]{}]+(:)(?=[^\s/])")


def _mapping_value(lines: list[str], at: int, column: int) -> Slip:
    line = lines[at]
    first = _KEY_COLON.match(line)
    if first is not None and first.end() < column:  # `name: 负责人: 李卫东`
        return Slip("colon_in_value", at + 1, column + 1)
    previous = _previous_content_line(lines, at)
    if previous is not None:
        text = lines[previous]
        if _KEY_COLON.match(text) is None:
            full = text.find("：")
            if full >= 0 and not text.lstrip().startswith("#"):
                return Slip("fullwidth_colon", previous + 1, full + 1, "：")
            missing = _NO_SPACE.match(text)
            if missing is not None:
                return Slip("colon_space", previous + 1, missing.start(1) + 1, ":")
    return _indentation(lines, at)


def _previous_content_line(lines: list[str], at: int) -> int | None:
    for index in range(at - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def _indentation(lines: list[str], at: int) -> Slip:
    line = lines[at]
    return Slip("indentation", at + 1, len(line) - len(line.lstrip()) + 1)
