"""Text from users, made safe to show: the one place every human-readable report
passes a dossier value, key, studio name, path, registry cell, calendar source or
rules-pack text through before a terminal sees it.

Two dangers, two answers:

* rich reads ``[bold]`` and ``[/x]`` in a plain string as markup (and ``:smile:`` as
  an emoji): user text is therefore handed to rich only as a :class:`~rich.text.Text`,
  which rich never parses (:func:`cell`).
* a control character (``ESC [2J`` clears the screen, ``ESC ]0;…BEL`` sets the window
  title, U+202E turns the rest of a line around) would act on the terminal instead of
  being read: it is shown visibly instead (:func:`visible`), as ``cat -v``, git and
  yamllint do. C0 controls and DEL in caret notation (``^[`` for ESC, ``^M`` for a
  carriage return, ``^?`` for DEL); other controls (C1, bidirectional controls, the
  Unicode line and paragraph separators, lone surrogates) as Python writes them
  (``\\x9b``, ``\\u202e``). A line break stays a line break in a table cell (the
  cell grows a line) and is shown as ``^J`` where one line is expected; a tab is
  harmless, but rich measures it as nothing wide, so in a cell it becomes spaces.

JSON keeps every character as data: :func:`json_text` escapes, besides the C0
controls that JSON itself escapes, the same other controls as ``\\uXXXX`` (still the
same string to any JSON reader). CSV is data and is left as it is.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# Bidi_Control (U+061C, U+200E/F, U+202A-E, U+2066-9), U+2028/9, C1, DEL, surrogates.
_OTHER = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f{_OTHER}]")
_CONTROL_OR_NEWLINE = re.compile(rf"[\x00-\x08\x0a-\x1f{_OTHER}]")
_JSON_UNSAFE = re.compile(rf"[{_OTHER}]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ^@ … ^_ : ESC is ^[
    if code == 0x7F:
        return "^?"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character written out visibly. A line break
    (``\\n`` or ``\\r\\n``) stays one with ``newlines`` (a table cell, a paragraph),
    and is shown as ``^J`` without (a heading, a one-line message)."""
    text = text.replace("\r\n", "\n")
    return (_CONTROL if newlines else _CONTROL_OR_NEWLINE).sub(_shown, text)


def cell(text: str | None, style: str = "", *, newlines: bool = True) -> Text:
    """User text for rich: shown visibly, and never read as markup or emoji codes."""
    from rich.text import Text  # only the table needs rich: JSON and CSV do not load it

    return Text(visible(text or "", newlines=newlines).expandtabs(4), style)


def json_text(value: object, *, indent: int | None = None, offset: int = 0) -> str:
    """``json.dumps`` keeping Chinese readable, with no raw control character left:
    JSON escapes C0 itself; DEL, C1, bidirectional controls, U+2028/9 and any lone
    surrogate are escaped here too (they occur only inside strings, so this is safe).
    With ``offset``, every line is indented by that many more spaces."""
    if indent is None:
        text = json.dumps(value, ensure_ascii=False)
    else:
        try:
            text = " " * offset + _indented(value, " " * indent, "\n" + " " * offset)
        except _Unusual:
            text = json.dumps(value, ensure_ascii=False, indent=indent)
            if offset:
                text = "\n".join(" " * offset + line for line in text.split("\n"))
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Unusual(Exception):
    """A value :func:`_indented` leaves to ``json.dumps``."""


_encode_text = json.encoder.encode_basestring  # the C encoder where there is one


def _indented(value: object, step: str, newline: str) -> str:
    """What ``json.dumps(value, ensure_ascii=False, indent=len(step))`` writes, for the
    values reports hold (texts, whole numbers, booleans, None, lists, tuples and
    dicts with text keys), several times faster: json's own indented writer is
    pure Python. Anything else raises :class:`_Unusual`."""
    if isinstance(value, str):
        return _encode_text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = newline + step
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = []
        for key, item in value.items():
            if key.__class__ is not str:
                raise _Unusual
            kind = item.__class__  # the common leaves written here, without a call
            if kind is str:
                text = _encode_text(item)
            elif item is None:
                text = "null"
            elif kind is int:
                text = int.__repr__(item)
            else:
                text = _indented(item, step, inner)
            parts.append(f"{inner}{_encode_text(key)}: {text}")
        return "{" + ",".join(parts) + newline + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return (
            "[" + ",".join(inner + _indented(item, step, inner) for item in value) + newline + "]"
        )
    raise _Unusual
