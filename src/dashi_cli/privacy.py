"""Masking of personal identifiers (ID numbers, phone numbers, bank accounts)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dashi_cli.findings import PiiKind


def mask(kind: PiiKind, value: str) -> str:
    """An identifier as a report shows it: an ID number its first 6 and last 4
    characters, a phone number 3 + ``****`` + 4, a bank account its last 4.

    Digits of any script are read as digits and separators dropped first, so that
    no way of writing a number shows more of it."""
    classes = _normal(value)
    if kind == "id_number":
        kept = [c if k == "#" else k for c, k in zip(value, classes, strict=True)]
        compact = "".join(c for c in kept if c not in _DROPPED)
        if len(compact) <= 10:
            return "*" * len(compact)
        return compact[:6] + "*" * (len(compact) - 10) + compact[-4:]
    if kind == "bank_account":
        digits = re.sub(r"[^0-9]", "", classes)
        return "****" + digits[-4:] if len(digits) > 4 else "****"
    # phone: 3 + **** + 4 (a mobile's standard mask; landlines likewise), the number
    # before any extension (0751-8876502x801, 0751-8876502转801)
    chunks = re.split(r"[X#]+", classes)
    digits = re.sub(r"[^0-9]", "", next((c for c in chunks if re.search("[0-9]", c)), ""))
    if len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]  # +86
    return digits[:3] + "****" + digits[-4:] if len(digits) > 7 else "****"


_DROPPED = frozenset(" -._(~+")  # separators and invisible characters


# A safety net over every text dashi writes (messages, studio names, paths,
# fields): whatever a rule or a schema error quotes, no identifier leaves
# unmasked, however it is written: with spaces, dashes, dots, underscores or
# brackets between its digits ("440201 19800315 2313", "139-2630-0001",
# "139.2630.0001"), in full-width, Arabic-Indic or mathematical digits
# ("１３９…", "١٣٩…", "𝟏𝟑𝟗…"), with invisible characters inside, next to other
# digits or text ("44020119800315231X 13900139000", "13900139000x",
# "0751-8876502x801").
#
# Each character of the text is first given a class, one character for one, so
# that a span found in the classes is the same span of the text:
#   0-9  a digit of any script (unicodedata.digit), X  an x or X of any width,
#   +  a plus sign,  " "  white space,  -  a dash or minus,  .  a dot,  _  an
#   underscore,  (  a bracket,  ~  an invisible character (zero-width, soft
#   hyphen, joiner, combining mark), #  anything else.


def _classify(char: str) -> str:
    if char.isascii():
        if "0" <= char <= "9":
            return char
        if char in "xX":
            return "X"
        if char in "+-._ ":
            return char
        if char in "()[]":
            return "("
        return " " if char.isspace() else "#"
    value = unicodedata.digit(char, None)  # ٣ 𝟑 ３ ³ ③ …
    if value is not None:
        return str(value)
    folded = unicodedata.normalize("NFKC", char)  # ＋ ｘ ＿ ． （ and the like
    if len(folded) == 1 and folded.isascii() and folded != char:
        return _classify(folded)
    if char.isspace():
        return " "
    category = unicodedata.category(char)
    if category == "Pd" or char in "\u2212\u2043\ufe63":  # – — ‐ ‑ ‒ ―, minus signs
        return "-"
    if char in "\u00b7\u2022\u2027\u2219\u30fb\uff65":  # middle dots
        return "."
    if category in ("Cf", "Mn", "Me"):
        return "~"
    return "#"


class _Classes(dict[int, str]):
    """Code point → class, worked out once for each character met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _classify(chr(code))
        return value


_CLASSES = _Classes()


def _normal(text: str) -> str:
    """The text's classes (see above), as long as the text itself."""
    return text.translate(_CLASSES)


_SEPARATOR = r"[ \-._(]"
_GAP = rf"~{{0,4}}(?:{_SEPARATOR}~{{0,4}}){{0,3}}"  # at most three visible separators
_RUN = re.compile(rf"(?:\+~{{0,4}}(?:[ \-]~{{0,4}}){{0,2}})?[0-9](?:{_GAP}[0-9]|~{{0,4}}X)*")


@dataclass
class _Group:
    """Digits written together (only invisible characters between them), up to a
    visible separator or an X; ``start`` and ``end`` are indices in the text."""

    digits: str
    start: int
    end: int  # after the last digit
    separator: str = ""  # the visible separators before it
    x_end: int | None = None  # after an X that closes the group


def _groups(classes: str, start: int, end: int) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    separator = ""
    for index in range(start, end):
        kind = classes[index]
        if "0" <= kind <= "9":
            if current is None:
                current = _Group("", index, index, separator)
                groups.append(current)
                separator = ""
            current.digits += kind
            current.end = index + 1
        elif kind == "X":
            if current is not None:
                current.x_end = index + 1
            current = None
        elif kind != "~":
            current = None
            if groups:
                separator += kind
    return groups


def _kind(digits: str) -> PiiKind | None:
    """What a number of these digits is, when it is one of ours."""
    if len(digits) == 13 and digits.startswith("861"):
        return "phone"  # a mobile with the country code
    if len(digits) == 18:
        return "id_number"
    if digits.startswith("1") and (
        len(digits) == 11 or (len(digits) == 10 and digits[1] in "3456789")
    ):
        return "phone"  # a mobile (or one a digit short)
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        return "phone"  # a landline with its area code
    return None


def _is_date(groups: list[_Group]) -> bool:
    """2016-11-30, 2016.11.30, 1980-03, 20161130: a date, which is no identifier."""
    if len(groups) == 1:
        text = groups[0].digits
        return len(text) == 8 and _valid(text[:4], text[4:6], text[6:])
    if len(groups) > 3 or len(groups[0].digits) != 4:
        return False
    separators = {g.separator for g in groups[1:]}
    if len(separators) != 1 or separators.pop() not in ("-", "."):
        return False
    parts = [g.digits for g in groups]
    return all(1 <= len(p) <= 2 for p in parts[1:]) and _valid(*parts)


def _valid(year: str, month: str, day: str = "1") -> bool:
    return 1900 <= int(year) <= 2199 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31


def _piece_kind(groups: list[_Group]) -> PiiKind | None:
    digits = "".join(g.digits for g in groups)
    if groups[-1].x_end is not None and len(digits) == 17:
        return "id_number"  # 17 digits and the X that closes them
    return _kind(digits)


def _pieces(groups: list[_Group], dates_only: bool) -> list[tuple[int, int, bool]] | None:
    """The groups cut into whole identifiers and dates, (first, last, is an identifier)
    each; None when they cannot be. Each piece has at most 18 digits: linear time."""
    count = len(groups)
    # cut[i]: the piece that starts the cutting of groups[i:], if they can be cut
    cut: list[tuple[int, bool] | None] = [None] * (count + 1)
    cut[count] = (count, False)
    for first in range(count - 1, -1, -1):
        digits = 0
        for last in range(first, count):
            digits += len(groups[last].digits)
            if digits > 18:
                break
            if cut[last + 1] is None:
                continue
            piece = groups[first : last + 1]
            if _is_date(piece):
                cut[first] = (last, False)
                break
            if not dates_only and _piece_kind(piece) is not None:
                cut[first] = (last, True)
                break
    if cut[0] is None:
        return None
    pieces: list[tuple[int, int, bool]] = []
    first = 0
    while first < count:
        step = cut[first]
        assert step is not None
        pieces.append((first, step[0], step[1]))
        first = step[0] + 1
    return pieces


def _segments(groups: list[_Group]) -> list[list[_Group]]:
    """The groups cut after each X: an X ends an ID number, or stands after a number."""
    segments: list[list[_Group]] = [[]]
    for group in groups:
        segments[-1].append(group)
        if group.x_end is not None:
            segments.append([])
    return [s for s in segments if s]


def _masks(segment: list[_Group], start: int) -> list[tuple[int, int, str]]:
    """(start, end, masked text) for what in one segment is an identifier; ``start`` is
    where its first number begins (at the + of +86)."""
    digits = "".join(g.digits for g in segment)
    last = segment[-1]
    if last.x_end is not None and len(digits) == 17:
        return [(start, last.x_end, mask("id_number", digits + "X"))]
    if len(digits) < 10 or _pieces(segment, dates_only=True) is not None:
        return []  # a date, a count, a standard's number (GB 32100-2015), a code
    kind = _kind(digits)
    if kind is not None:
        return [(start, last.end, mask(kind, digits))]
    pieces = _pieces(segment, dates_only=False) if len(segment) > 1 else None
    if pieces is not None:  # numbers side by side: 13900139000 0751-8876502
        masks: list[tuple[int, int, str]] = []
        for first, final, identifier in pieces:
            if identifier:
                begin = start if first == 0 else segment[first].start
                masks += _masks(segment[first : final + 1], begin)
        return masks
    if len(digits) >= 12:
        return [(start, last.end, mask("bank_account", digits))]
    return []


@lru_cache(maxsize=4096)  # a batch's messages and fields repeat
def mask_text(text: str) -> str:
    classes = _normal(text)
    replacements: list[tuple[int, int, str]] = []
    for run in _RUN.finditer(classes):
        if run.end() - run.start() < 10:
            continue  # fewer than 10 digits: a date, a count, a code
        segments = _segments(_groups(classes, run.start(), run.end()))
        for index, segment in enumerate(segments):
            replacements += _masks(segment, run.start() if index == 0 else segment[0].start)
    if not replacements:
        return text
    out: list[str] = []
    done = 0
    for begin, end, masked in replacements:
        out += [text[done:begin], masked]
        done = end
    out.append(text[done:])
    return "".join(out)
