"""What a YAML syntax error most likely is, and where: the slips people make typing
YAML on a Chinese keyboard (a full-width colon, comma, bracket, quote or space), a
tab, a missing space after a colon, a quote or bracket never closed, a wrong
indentation.

PyYAML reports where it noticed the problem, often lines after the slip (a line
``name：李卫东`` is one long text, and the next key is then out of place). The
scanner's tokens up to that place say which text was being read when it went
wrong: :func:`diagnose` looks inside that text (never inside a comment or a quoted
value, which may hold any character) for the slip and returns the Y001 variant that
names it, with the line and column of the offending character; None when it cannot
tell, and the error is reported as PyYAML says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

_FULLWIDTH_OPENERS = "［【｛〔"
_FULLWIDTH_CLOSERS = "］】｝〕"
_FULLWIDTH_QUOTES = "“”‘’「」『』"
_FULLWIDTH_SPACE = "\u3000"

# The scanner the loader reads with (yamlpos): its tokens carry the same marks as its errors.
_SCANNER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    except (IndexError, ValueError, TypeError, AttributeError, RecursionError):
        return None


@dataclass(frozen=True)
class _Error:
    """Where PyYAML gave up (0-based), what it said, the tokens it read before, and the
    one it stopped at (None when it stopped inside one)."""

    lines: list[str]
    line: int
    column: int
    context: str
    problem: str
    context_mark: tuple[int, int] | None
    tokens: list[Any]
    stopped_at: Any


def _diagnose(text: str, exc: yaml.YAMLError) -> Slip | None:
    problem_mark = getattr(exc, "problem_mark", None)
    if problem_mark is None:
        return None
    lines = _BREAKS.split(text)
    line = min(problem_mark.line, len(lines) - 1)
    mark = getattr(exc, "context_mark", None)
    context_mark = (mark.line, mark.column) if mark is not None and mark.line < len(lines) else None
    error = _Error(
        lines,
        line,
        problem_mark.column,
        str(getattr(exc, "context", "") or ""),
        str(getattr(exc, "problem", "") or ""),
        context_mark,
        *_tokens(text, line, problem_mark.column),
    )
    return (
        _tab(error)
        or _open_quote(error)
        or _bracket(error)
        or _bare_key(error)
        or _mapping_value(error)
        or _after_a_scalar(error)
        or _unexpected_colon(error)
        or _reserved(error)
    )


def _tokens(text: str, line: int, column: int) -> tuple[list[Any], Any]:
    """The tokens the scanner reads before (line, column), where the error is, and the
    token there."""
    found: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=_SCANNER):
            if (token.start_mark.line, token.start_mark.column) >= (line, column):
                return found, token
            found.append(token)
    except yaml.YAMLError:
        pass
    return found, None


# --- tabs ---------------------------------------------------------------------


def _tab(error: _Error) -> Slip | None:
    """A tab in the indentation of the line where reading stopped (a tab elsewhere, in
    a value or a block of text, is no error and PyYAML reads on past it)."""
    text = error.lines[error.line]
    indent = len(text) - len(text.lstrip(" \t"))
    column = text.find("\t", 0, indent)
    if column >= 0 and text[indent : indent + 1] != "":
        return Slip("tab", error.line + 1, column + 1)
    if "tab" in error.problem and text[error.column : error.column + 1] == "\t":
        return Slip("tab", error.line + 1, error.column + 1)
    return None


# --- quotes -------------------------------------------------------------------


def _open_quote(error: _Error) -> Slip | None:
    """A quote never closed: PyYAML reads on to the end of the file, or to the next
    quote, which opens another value (``postal_code: "512026"``) and so closes this one
    lines later; what follows that quote is then out of place."""
    if "quoted scalar" in error.context and error.context_mark is not None:
        return _quote(error.lines, *error.context_mark)
    if not error.tokens:
        return None
    last = error.tokens[-1]
    if not isinstance(last, yaml.ScalarToken) or last.style not in ('"', "'"):
        return None
    start, end = last.start_mark, last.end_mark
    if start.line == end.line or end.line != error.line:
        return None
    # the quote that closed it opens a value: after a colon, a dash, a bracket or a comma
    before = error.lines[end.line][: end.column - 1].rstrip()
    if not before or before[-1] not in ":-[{,":
        return None
    return _quote(error.lines, start.line, start.column)


def _quote(lines: list[str], line: int, column: int) -> Slip:
    rest = lines[line][column + 1 :]
    for offset, char in enumerate(rest):
        if char in _FULLWIDTH_QUOTES:
            return Slip("fullwidth_quote", line + 1, column + 2 + offset, char)
    return Slip("unclosed_quote", line + 1, column + 1, lines[line][column : column + 1])


# --- brackets -----------------------------------------------------------------


def _bracket(error: _Error) -> Slip | None:
    """In [ ] or { }: a full-width comma or closing bracket in the plain texts read
    since the opening bracket (not in quoted values or comments), else the bracket
    never closed; a closing bracket that closes nothing."""
    if "flow" not in error.context or error.context_mark is None:
        return _stray_closer(error)
    colon = _colon_before(error)
    if colon is not None:
        return colon
    line, column = error.context_mark
    opening = error.lines[line][column : column + 1]
    if opening not in ("[", "{"):  # PyYAML marked the node after it: the bracket before
        line, column = _last_opening(error.lines, line, column)
        opening = error.lines[line][column]
    for token in [*error.tokens, error.stopped_at]:  # `…}｝`: PyYAML stopped at the ｝
        if not isinstance(token, yaml.ScalarToken) or token.style not in (None, ""):
            continue
        if (token.start_mark.line, token.start_mark.column) < (line, column):
            continue
        for at_line, at_column, char in _characters(error.lines, token):
            if char == "，":
                return Slip("fullwidth_comma", at_line + 1, at_column + 1, char)
            if char in _FULLWIDTH_CLOSERS:
                return Slip("fullwidth_bracket", at_line + 1, at_column + 1, char)
    return Slip("unclosed_bracket", line + 1, column + 1, opening)


def _colon_before(error: _Error) -> Slip | None:
    """In [ ] or { }: the text right before where PyYAML stopped holds a full-width
    colon (``{kind：{…}}``: the text ``kind：``, then a bracket out of place)."""
    last = _scalar_before(error)
    if last is None or (last.end_mark.line, last.end_mark.column) != (error.line, error.column):
        return None
    for line, column, char in _characters(error.lines, last):
        if char == "：":
            return Slip("fullwidth_colon", line + 1, column + 1, char)
        if char == _FULLWIDTH_SPACE:  # `{kind:　{…}}`
            return Slip("fullwidth_space", line + 1, column + 1, char)
    return None


def _stray_closer(error: _Error) -> Slip | None:
    """A ] or } that closes nothing; unless the line's key was typed `key：{…}`."""
    char = error.lines[error.line][error.column : error.column + 1]
    if char in ("]", "}") and "expected" in error.problem:
        return _line_key(error.lines, error.line) or Slip(
            "unopened_bracket", error.line + 1, error.column + 1, char
        )
    return None


def _unexpected_colon(error: _Error) -> Slip | None:
    """libyaml stops at a colon a [ or { follows in [ ] or { } (``{kind:{…}}``)."""
    if "unexpected ':'" not in error.problem:
        return None
    if error.lines[error.line][error.column : error.column + 1] != ":":
        return None
    return Slip("colon_space", error.line + 1, error.column + 1, ":")


def _characters(lines: list[str], token: Any) -> list[tuple[int, int, str]]:
    """The characters of a token's text where they stand (0-based line and column)."""
    start, end = token.start_mark, token.end_mark
    found: list[tuple[int, int, str]] = []
    for line in range(start.line, min(end.line, len(lines) - 1) + 1):
        first = start.column if line == start.line else 0
        last = end.column if line == end.line else len(lines[line])
        found.extend((line, column, lines[line][column]) for column in range(first, last))
    return found


def _last_opening(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """Where the last [ or { before (line, column) stands; ValueError when none does."""
    for index in range(line, -1, -1):
        text = lines[index][:column] if index == line else lines[index]
        found = max(text.rfind("["), text.rfind("{"))
        if found >= 0:
            return index, found
    raise ValueError("no bracket")


# --- keys: `name：李卫东`, `name:李卫东`, `name 李卫东` ------------------------------


def _bare_key(error: _Error) -> Slip | None:
    """PyYAML needed a key here (the line stands where the keys of its block stand) and
    the line has no `: `: what it has instead."""
    if "simple key" not in error.context or error.context_mark is None:
        return None
    line, column = error.context_mark
    return _key_slip(error.lines, line, column) or Slip("no_colon", line + 1, column + 1)


def _key_slip(lines: list[str], line: int, column: int) -> Slip | None:
    """In a line meant as `key: value` whose text (a key, or a value out of place)
    starts at column: a full-width colon, a colon with no space after it, a
    full-width space; None when the line has none of them."""
    text = lines[line]
    end = _comment_start(text, column)
    if text[column : column + 1] == _FULLWIDTH_SPACE:
        return Slip("fullwidth_space", line + 1, column + 1, _FULLWIDTH_SPACE)
    for index in range(column, end):
        char = text[index]
        if char == "：":
            return Slip("fullwidth_colon", line + 1, index + 1, char)
        if char == ":":
            after = text[index + 1 : index + 2]
            if after == _FULLWIDTH_SPACE:
                return Slip("fullwidth_space", line + 1, index + 2, after)
            if after in ("", " ", "\t") or index + 1 >= end:
                return None  # a key's colon: the slip is not in this line
            if after != "/":  # not a web address
                return Slip("colon_space", line + 1, index + 1, char)
    return None


def _line_key(lines: list[str], line: int) -> Slip | None:
    """A slip in the key of a line (``申办报告：{内容: [a, b]}`` is the key
    ``申办报告：{内容`` with the value ``[a, b]``, then a } out of place)."""
    return _key_slip(lines, line, _content_column(lines[line]))


def _comment_start(text: str, column: int) -> int:
    """Where a comment starts after column (a # after a space), or the line's end."""
    found = re.search(r"[ \t]#", text[column:])
    return column + found.start() if found is not None else len(text)


def _starts_its_line(text: str, column: int) -> bool:
    """Only indentation and `- ` (or `? `) indicators stand before column."""
    return re.fullmatch(r"(?:[ ]*[-?][ ]+)*[ ]*", text[:column]) is not None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _scalar_before(error: _Error) -> Any:
    """The plain text PyYAML was reading when it stopped: the last token, when it is one."""
    if not error.tokens:
        return None
    last = error.tokens[-1]
    if isinstance(last, yaml.ScalarToken) and last.style in (None, ""):
        return last
    return None


def _mapping_value(error: _Error) -> Slip | None:
    """A `: ` where no key may start: inside a value (`name: 负责人: 李卫东`), or
    after a text that ran on from a line above (whose own colon was a slip)."""
    if "mapping values are not allowed" not in error.problem:
        return None
    lines, at, column = error.lines, error.line, error.column
    scalar = _scalar_before(error)
    if scalar is not None:
        line, start = scalar.start_mark.line, scalar.start_mark.column
        slip = _sibling_slip(error, line, start)
        if slip is not None:
            return slip
        if line == at:  # `name: 负责人: 李卫东`, unless the key was `certificate：{kind`
            return _line_key(lines, at) or Slip("colon_in_value", at + 1, column + 1)
        # a value ran on into a line indented too far
        return _indentation(lines, at, line)
    first = _KEY_COLON.match(lines[at])
    if first is not None and first.end() < column:  # `name: 负责人: 李卫东`
        return Slip("colon_in_value", at + 1, column + 1)
    return _indentation(lines, at)


_KEY_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"\[\]{}]+:(?=\s|$)")


def _sibling_slip(error: _Error, line: int, column: int) -> Slip | None:
    """The text at (line, column) starts its line, and the line where PyYAML stopped
    stands where it does (a sibling key): the text's line was meant as `key: value`."""
    lines = error.lines
    if line >= error.line or not _starts_its_line(lines[line], column):
        return None
    if _indent(lines[error.line]) != column:
        return None
    return _key_slip(lines, line, column) or Slip("no_colon", line + 1, column + 1)


def _after_a_scalar(error: _Error) -> Slip | None:
    """The parser found something out of place right after a text: the text's line was
    meant as a key (`name：李卫东   # 注释` before the block's next key), else the
    indentation is wrong."""
    problem = error.problem
    if not any(words in problem for words in ("expected key", "expected <block end>", "'-'")):
        return None
    scalar = _scalar_before(error)
    if scalar is None:
        return _indentation(error.lines, error.line)
    line = scalar.start_mark.line
    return _sibling_slip(error, line, scalar.start_mark.column) or _indentation(
        error.lines, error.line, line
    )


def _reserved(error: _Error) -> Slip | None:
    if "cannot start any token" not in error.problem:
        return None
    char = error.lines[error.line][error.column : error.column + 1]
    if char in ("@", "`", "%"):
        return Slip("reserved_char", error.line + 1, error.column + 1, char)
    if char == _FULLWIDTH_SPACE:
        return Slip("fullwidth_space", error.line + 1, error.column + 1, char)
    return None


def _indentation(lines: list[str], at: int, *others: int) -> Slip:
    """Wrong indentation at line ``at``; or a full-width space indenting it or one of
    the ``others`` (the line the text before it started on)."""
    for index in (*others, at):
        line = lines[index]
        content = len(line) - len(line.lstrip())  # U+3000 is white space to Python, not to YAML
        if _FULLWIDTH_SPACE in line[:content]:
            column = line.find(_FULLWIDTH_SPACE)
            return Slip("fullwidth_space", index + 1, column + 1, _FULLWIDTH_SPACE)
    odd = _odd_first_line(lines, at)
    line = lines[odd if odd is not None else at]
    return Slip("indentation", (odd if odd is not None else at) + 1, _indent(line) + 1)


def _odd_first_line(lines: list[str], at: int) -> int | None:
    """The line before ``at``, when it is the first of its block and the one out of
    line: a block's indentation is its first key's, so PyYAML stops at the second,
    though the first is the one indented unlike the others (the lines after, or, in a
    block of two, the file's step of indentation, say which is)."""
    before = _content_line(lines, at, -1)
    if before is None:
        return None
    column = _content_column(lines[at])
    if _content_column(lines[before]) == column:
        return None
    parent = _content_line(lines, before, -1)
    if parent is None or _indent(lines[parent]) >= min(_indent(lines[before]), _indent(lines[at])):
        return None
    if _OPENS_A_BLOCK.search(lines[parent][: _comment_start(lines[parent], 0)]) is None:
        return None
    after = _content_line(lines, at, 1)
    while after is not None and _indent(lines[after]) > _indent(lines[at]):  # `at`'s own
        after = _content_line(lines, after, 1)
    if after is not None and _content_column(lines[after]) == column:
        return before  # the block's other lines stand where `at` does
    if after is not None and _indent(lines[after]) > _indent(lines[parent]):
        return None  # the block goes on, unlike either
    others = (i for i, t in enumerate(lines) if i not in (before, at) and t.strip())
    step = min((_indent(lines[i]) for i in others if _indent(lines[i]) > 0), default=2)
    expected = _indent(lines[parent]) + step
    return before if _indent(lines[at]) == expected != _indent(lines[before]) else None


# `key:` and `key: |` (or `>`, `|-`, …) open a block on the lines below
_OPENS_A_BLOCK = re.compile(r"(?::|:\s+[|>][-+0-9]*)\s*$")


def _content_line(lines: list[str], at: int, step: int) -> int | None:
    """The nearest line before (step -1) or after (step 1) ``at`` that is not blank or
    a comment."""
    index = at + step
    while 0 <= index < len(lines):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
        index += step
    return None


def _content_column(text: str) -> int:
    """Where a line's key or value starts, after its indentation and `- ` indicators."""
    start = re.match(r"(?:[ ]*[-?][ ]+)*[ ]*", text)
    return start.end() if start is not None else 0


# --- slips PyYAML reads without an error ------------------------------------------


def slip_in_text(text: str, expected: str) -> Slip | None:
    """A plain text read where a ``mapping`` or a ``list`` was meant, that is the slip
    that made it one text: ``name：李卫东`` or ``name:李卫东`` (a key and its value
    typed with a full-width colon, or with no space after the colon) for a mapping;
    ``【a, b】`` (full-width brackets) for a list. The Slip's line is 1 and its column
    counts from the text's first character; None when the text is no such slip."""
    if expected == "list":
        first = text[:1]
        return Slip("fullwidth_bracket", 1, 1, first) if first in _FULLWIDTH_OPENERS else None
    if expected != "mapping":
        return None
    slip = _key_slip([text.split("\n", 1)[0]], 0, 0)
    if slip is None:
        return None
    key = text[: slip.column - 1].rstrip(":")
    return slip if key and not any(char.isspace() for char in key) else None


def commas_in_lists(root: yaml.Node | None) -> list[Slip]:
    """Items of [ ] lists holding a full-width comma: ``[a， b, c]`` is read as two
    items, ``a， b`` and ``c``, which is valid YAML but seldom what was meant. Each
    comma where it stands (an item on one line; aliases are followed once)."""
    found: list[Slip] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
            if node.flow_style:
                for item in node.value:
                    comma = _comma(item)
                    if comma is not None:
                        found.append(comma)
    return sorted(found, key=lambda slip: (slip.line, slip.column))


def _comma(item: yaml.Node) -> Slip | None:
    if not isinstance(item, yaml.ScalarNode) or item.style not in (None, ""):
        return None
    start, end = item.start_mark, item.end_mark
    offset = str(item.value).find("，")
    if offset < 0 or start.line != end.line:
        return None
    return Slip("fullwidth_comma", start.line + 1, start.column + offset + 1, "，")
