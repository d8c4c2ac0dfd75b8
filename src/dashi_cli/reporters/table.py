"""The tables people read: for a batch, a summary row per dossier first; then each
dossier's findings grouped by severity, with a clear verdict.

No value is ever broken in two. A studio or leader name, a file path, a field, a code,
a date or a number (a *kept* value) stays whole on one line. Prose (a message, a
verdict) is broken only between words: at white space, or in Chinese between two
characters, but never before a closing mark or after an opening one, never inside a
run of Latin letters, digits and signs, never inside a Chinese name in an English
sentence, and never inside a word of at most eight Chinese characters set apart by
spaces (as a message sets a name apart). A table is drawn when every column can be as
wide as its widest kept value and its longest word; when the terminal is narrower,
the same records are stacked: one block per record, a ``heading: value`` line per
value, and a value wider than the terminal is written whole on its own line (the
terminal may fold it; no break is put into it). No line ends in spaces
(:class:`~dashi_cli.output.TrimmedLines`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence
from typing import IO, Literal, NamedTuple, TextIO, cast

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dashi_cli.findings import SEVERITY_ORDER, DossierResult, Finding, Severity, Totals
from dashi_cli.i18n import ui
from dashi_cli.output import TrimmedLines
from dashi_cli.pack import Lang
from dashi_cli.reporters.base import Reporter, RunInfo
from dashi_cli.reporters.safe import cell

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

# ---------------------------------------------------------------- layout


def console_for(out: TextIO) -> Console:
    """The console a report for people is printed on (its width: the terminal's, or
    COLUMNS, or 80 in a pipe); no line of it is padded with spaces."""
    stream = cast(IO[str], TrimmedLines(out))
    return Console(file=stream, highlight=False, soft_wrap=False, emoji=False)


_SHORT = 16  # a word between spaces this wide or less is not broken (a name in a message)
_PHRASE = 4  # nor a run of this many Chinese characters or fewer (a name in a list)
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』】〕〉”’…,.;:!?)]}%/")
_NO_BREAK_AFTER = frozenset("（《「『【〔〈“‘([{")
_WORD = re.compile(r"\S+\s*")
_ROOM = 10  # the narrowest a paragraph is made beside a heading or an indent


def _wide(char: str) -> bool:
    return cell_len(char) == 2


def _ideographs(word: str) -> list[int]:
    """For each character of ``word``: the length of the run of Chinese characters (not
    marks) it is part of, 0 for any other."""
    runs = [0] * len(word)
    start = None
    for i, char in enumerate([*word, " "]):
        if _wide(char) and char not in _NO_BREAK_BEFORE and char not in _NO_BREAK_AFTER:
            start = i if start is None else start
        elif start is not None:
            runs[start:i] = [i - start] * (i - start)
            start = None
    return runs


def _chinese(plain: str) -> bool:
    """Whether half the words of ``plain`` or more are not ASCII."""
    words = plain.split()
    return 2 * sum(1 for word in words if not word.isascii()) >= len(words)


def _breaks(
    plain: str,
    *,
    short: int = _SHORT,
    phrase: int = _PHRASE,
    slash: bool = False,
    chinese: bool | None = None,
) -> list[int]:
    """Where a line of ``plain`` may be broken: the index the next line would start at.
    At white space; in a Chinese line (half its words or more are not ASCII), inside
    a word wider than ``short``, between two characters of which one is Chinese, but
    not before a closing mark, not after an opening one, and not inside a run of at
    most ``phrase`` Chinese characters. A run of Latin letters, digits and signs stays
    whole, and so does a Chinese word in an English line (a name). With ``slash``
    (headings), after a slash too. Whether the line is Chinese may be given."""
    places: list[int] = []
    first = True
    if chinese is None:
        chinese = _chinese(plain)
    for match in _WORD.finditer(plain):
        start = match.start()
        if not first:
            places.append(start)
        first = False
        word = match.group().rstrip()
        if (word.isascii() and not slash) or cell_len(word) <= short:
            continue
        runs = _ideographs(word)
        for i in range(1, len(word)):
            before, after = word[i - 1], word[i]
            if slash and before == "/":
                places.append(start + i)
            elif (
                not chinese
                or after in _NO_BREAK_BEFORE
                or before in _NO_BREAK_AFTER
                or not (_wide(before) or _wide(after))
                or 0 < runs[i - 1] == runs[i] <= phrase
            ):
                continue
            else:
                places.append(start + i)
    return places


def _wrap_line(
    line: Text, width: int, places: Sequence[int], rest: int | None = None
) -> list[Text]:
    """``line`` broken at some of ``places``, greedily, into lines of at most ``width``
    cells (``rest`` after the first); a word wider than that stays whole on its line."""
    plain = line.plain
    starts: list[int] = []
    used = previous = 0
    limit = width
    for end in [*places, len(plain)]:
        unit = plain[previous:end]
        if used and used + cell_len(unit.rstrip()) > limit:
            starts.append(previous)
            used = 0
            limit = width if rest is None else rest
        used += cell_len(unit)
        previous = end
    pieces = list(line.divide(starts))
    for piece in pieces:
        piece.rstrip()
    return pieces


def wrap(
    text: Text,
    width: int,
    *,
    keep: bool = False,
    short: int = _SHORT,
    phrase: int = _PHRASE,
    slash: bool = False,
) -> Text:
    """``text`` with each of its lines broken to ``width`` where :func:`_breaks` allows;
    a kept value is left whole."""
    if keep:
        return text
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        lines += _wrap_line(
            line, width, _breaks(line.plain, short=short, phrase=phrase, slash=slash)
        )
    return Text("\n").join(lines)


def _widest(text: Text) -> int:
    return max(cell_len(line) for line in text.plain.split("\n"))


def _longest_word(
    text: Text, *, short: int = _SHORT, phrase: int = _PHRASE, slash: bool = False
) -> int:
    """The widest piece of ``text`` that :func:`wrap` never breaks."""
    longest = 0
    for line in text.plain.split("\n"):
        places = [0, *_breaks(line, short=short, phrase=phrase, slash=slash), len(line)]
        for start, end in itertools.pairwise(places):
            longest = max(longest, cell_len(line[start:end].rstrip()))
    return longest


def print_paragraph(
    console: Console, text: Text, *, whole: Sequence[tuple[int, int]] = (), hang: int = 0
) -> None:
    """``text`` broken to the console's width between words, never inside the spans
    ``whole`` (offsets in the text); every line after the first indented by ``hang``."""
    width = console.width
    if width - hang < 2 * _ROOM:
        hang = min(hang, 4)
    offset = 0
    first = True
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        prose = "".join(  # the language is the prose's, not the kept values'
            char
            for i, char in enumerate(plain, offset)
            if not any(start <= i < end for start, end in whole)
        )
        places = [
            p
            for p in _breaks(plain, chinese=_chinese(prose))
            if not any(start < p + offset < end for start, end in whole)
        ]
        offset += len(line) + 1
        rest = width - hang
        for piece in _wrap_line(line, width if first else rest, places, rest=rest):
            console.print(piece if first else Text(" " * hang) + piece, soft_wrap=True)
            first = False


class Column(NamedTuple):
    """A column of :func:`print_records`: its heading, and how its values may break."""

    heading: str
    keep: bool = True  # names, paths, codes, dates, numbers: never broken
    floor: int = 0  # prose (not kept) is not made narrower than this, nor than a word
    short: int = _SHORT  # prose: a word this wide or less is not broken (0: a phrase)
    justify: Literal["left", "right"] = "left"


_HEADING_WORD = 4  # a Chinese heading keeps at least two characters a line


def _fit(columns: Sequence[Column], rows: Sequence[Sequence[Text]], width: int) -> list[int] | None:
    """The widths of the columns in a table ``width`` cells wide, or None if even the
    narrowest table without a broken value does not fit. Each column gets at least its
    narrowest (widest kept value, longest word, floor) and at most its natural width;
    the room left goes first to whole headings, then to what the columns lack, in
    proportion."""
    lows: list[int] = []
    mids: list[int] = []
    highs: list[int] = []
    for index, column in enumerate(columns):
        heading = Text(column.heading)
        words = _longest_word(heading, short=0, phrase=0, slash=True)
        values = [row[index] for row in rows]
        high = max([_widest(heading), *(_widest(v) for v in values)])
        low = min(_widest(heading), max(_HEADING_WORD, words))
        if column.keep:
            low = max([low, *(_widest(v) for v in values)])
        else:
            words = max((_longest_word(v, short=column.short) for v in values), default=0)
            low = max(low, words, min(high, column.floor))
        lows.append(low)
        mids.append(max(low, _widest(heading)))
        highs.append(high)
    room = width - (3 * len(columns) + 1)  # the borders, and a space either side of a cell
    if sum(lows) > room:
        return None
    if sum(mids) > room:
        return _share(lows, mids, room)
    return _share(mids, highs, room)


def _share(lows: list[int], highs: list[int], room: int) -> list[int]:
    """Widths from ``lows`` toward ``highs``, as far as ``room`` allows, each column
    getting of the room left a share in proportion to what it lacks."""
    spare = room - sum(lows)
    lacking = [high - low for high, low in zip(highs, lows, strict=True)]
    if spare >= sum(lacking):
        return highs
    widths = [low + spare * lack // sum(lacking) for low, lack in zip(lows, lacking, strict=True)]
    by_need = sorted(range(len(lows)), key=lambda i: widths[i] - highs[i])
    for i in by_need[: room - sum(widths)]:  # the cells rounding left over
        widths[i] += 1
    return widths


def print_records(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Text]],
    lang: Lang,
    *,
    sections: Collection[int] = (),
    indent: int = 0,
    stacked: bool = False,
) -> None:
    """Rows as a table if it fits the console without breaking a value; else stacked,
    each row a block (indented by ``indent``) of ``heading: value`` lines. A section
    ends after each row numbered in ``sections`` (a rule in the table, a block anyway).
    With ``stacked``, stacked whatever the width (as another table beside it is)."""
    widths = None if stacked else _fit(columns, rows, console.width)
    if widths is None:
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                if value.plain.strip():
                    label = Text(column.heading + ("：" if lang == "zh" else ": "), "bold")
                    _print_labelled(console, label, value, column, indent=indent)
            console.print()  # a blank line ends each block
        return
    table = Table(header_style="bold")
    for column, width in zip(columns, widths, strict=True):
        table.add_column(
            wrap(Text(column.heading), width, short=0, phrase=0, slash=True),
            width=width,
            no_wrap=True,
            overflow="fold",  # never used: every line fits
            justify=column.justify,
        )
    for number, row in enumerate(rows):
        table.add_row(
            *(
                wrap(value, width, keep=column.keep, short=column.short)
                for column, value, width in zip(columns, row, widths, strict=True)
            ),
            end_section=number in sections,
        )
    console.print(table)


def _print_labelled(
    console: Console, label: Text, value: Text, column: Column, *, indent: int
) -> None:
    """``label`` and ``value`` on a line if they fit (the value's further lines under
    its first); else the label alone, and the value under it, indented by two."""
    label = Text(" " * indent) + label
    room = console.width - label.cell_len
    keep, short = column.keep, column.short
    if (_widest(value) if keep else max(_longest_word(value, short=short), _ROOM)) <= room:
        first, *others = wrap(value, room, keep=keep, short=short).split("\n", allow_blank=True)
        lines = [label + first, *(Text(" " * label.cell_len) + line for line in others)]
    else:
        under = indent + 2
        value = wrap(value, max(console.width - under, _ROOM), keep=keep, short=short)
        lines = [label, *(Text(" " * under) + line for line in value.split("\n", allow_blank=True))]
    for line in lines:
        console.print(line, soft_wrap=True)


# ---------------------------------------------------------------- the check report


class _Row(NamedTuple):
    """A dossier's line in the summary: all that is kept of it with --summary."""

    path: str
    studio: str | None
    errors: int
    warnings: int
    infos: int
    passes: bool
    unreadable: bool = False


class TableReporter(Reporter):
    def start(self, run: RunInfo, out: TextIO) -> None:
        self.console = console_for(out)
        self.run = run
        self.rows: list[_Row] = []
        self.results: list[DossierResult] = []  # details wait for the summary

    def add(self, result: DossierResult) -> None:
        self.rows.append(
            _Row(
                self.text(result.path) or "",
                self.text(result.studio),
                result.count(Severity.ERROR),
                result.count(Severity.WARNING),
                result.count(Severity.INFO),
                result.passes(strict=self.options.strict),
                result.unreadable,
            )
        )
        if not self.options.summary_only:
            self.results.append(result)

    def finish(self, totals: Totals) -> None:
        from dashi_cli.reporters.dates import print_calendar_status

        lang = self.options.lang
        pack = self.options.pack
        policy = ui(
            "policy_line", lang, number=pack.document.number, title=pack.document.title(lang)
        )
        print_paragraph(self.console, cell(policy, "dim"))
        print_paragraph(
            self.console, Text(ui("as_of_line", lang, as_of=self.run.as_of.isoformat()), "dim")
        )
        if len(self.rows) > 1 or self.options.summary_only:
            self._summary(totals)
        if not self.options.summary_only:
            for result in self.results:
                self._dossier(result)
        print_calendar_status(self.console, totals.calendar, lang)

    def _waived(self, count: int) -> str:
        """The words added to a verdict or a total when waivers accepted findings."""
        if not count:
            return ""
        lang = self.options.lang
        return ("，" if lang == "zh" else "; ") + ui("waived_count", lang, n=count)

    def _summary(self, totals: Totals) -> None:
        lang = self.options.lang
        self.console.print(Text(ui("summary_title", lang), "bold"))
        columns = [
            Column(ui("number", lang)),
            Column(ui("studio", lang)),
            Column(ui("path", lang)),
            Column(ui("verdict_short", lang), keep=False, floor=10, short=0),
            Column(ui("errors_short", lang)),
            Column(ui("warnings_short", lang)),
            Column(ui("infos_short", lang)),
        ]
        rows = []
        for number, row in enumerate(self.rows, 1):
            verdict = ui(
                "unreadable" if row.unreadable else "eligible" if row.passes else "ineligible",
                lang,
            )
            rows.append(
                [
                    Text(str(number)),
                    cell(row.studio or ui("unnamed", lang)),
                    cell(row.path, "dim"),
                    Text(verdict, "green" if row.passes else "bold red"),
                    Text(str(row.errors)),
                    Text(str(row.warnings)),
                    Text(str(row.infos)),
                ]
            )
        print_records(self.console, columns, rows, lang)
        line = ui(
            "batch_line",
            lang,
            dossiers=totals.dossiers,
            eligible=totals.eligible,
            error=totals.severities[Severity.ERROR],
            warning=totals.severities[Severity.WARNING],
            info=totals.severities[Severity.INFO],
        )
        print_paragraph(self.console, Text(line + self._waived(totals.waived), "bold"))
        self.console.print()

    def _message(self, finding: Finding) -> Text:
        """The message; under it, for a finding on an application form the box it is
        about, and for a waived finding its waiver."""
        message = cell(self.message(finding))
        for note in (self.box(finding), self.waiver_note(finding)):
            if note:
                message.append("\n")
                message.append_text(cell(note, "dim"))
        return message

    def _dossier(self, result: DossierResult) -> None:
        lang = self.options.lang
        studio = cell(self.text(result.studio) or ui("unnamed", lang), "bold", newlines=False)
        path = cell(self.text(result.path) or "", "dim", newlines=False)
        heading = Text.assemble(studio, "  ", path)
        whole = [(0, len(studio)), (len(studio) + 2, len(heading))]
        print_paragraph(self.console, heading, whole=whole)
        columns = [
            Column(ui("code", lang)),
            Column(ui("clause", lang)),
            Column(ui("field", lang)),
            Column(ui("line", lang)),
            Column(ui("message", lang), keep=False, floor=24),
        ]
        tables = {
            severity: [self._finding_row(f) for f in result.findings if f.severity is severity]
            for severity in (Severity.ERROR, Severity.WARNING)
        }
        # errors and warnings alike: two tables, or both stacked
        width = self.console.width
        stacked = any(rows and _fit(columns, rows, width) is None for rows in tables.values())
        for severity in SEVERITY_ORDER:
            group = [f for f in result.findings if f.severity is severity]
            if not group:
                continue
            self.console.print(Text(f"{ui(severity.value, lang)} ({len(group)})", _STYLE[severity]))
            if severity is Severity.INFO:  # the experts' items: a compact block, last
                for f in group:
                    self._note(f)
                continue
            rows = tables[severity]
            print_records(self.console, columns, rows, lang, indent=2, stacked=stacked)
        if not result.findings:
            print_paragraph(self.console, Text(ui("no_findings", lang)))
        verdict = ui(
            "unreadable" if result.unreadable else "eligible" if result.eligible else "ineligible",
            lang,
        )
        counts = ui(
            "counts",
            lang,
            error=result.count(Severity.ERROR),
            warning=result.count(Severity.WARNING),
            info=result.count(Severity.INFO),
        )
        style = "bold green" if result.eligible else "bold red"
        line = Text(ui("verdict", lang, verdict=verdict, counts=counts))
        line.highlight_words([verdict], style)
        line.append(self._waived(result.waived))
        if result.eligible and not result.passes(strict=self.options.strict):
            line.append(ui("strict_note", lang), "bold red")
        print_paragraph(self.console, line)
        self.console.print()

    def _finding_row(self, finding: Finding) -> list[Text]:
        style = "dim" if finding.waiver else _STYLE[finding.severity]
        where = "" if finding.line is None else f"{finding.line}:{finding.column}"
        return [
            cell(finding.code, style),
            cell(finding.clause),
            cell(self.text(finding.field)),
            Text(where),
            self._message(finding),
        ]

    def _note(self, finding: Finding) -> None:
        """An item for the experts on a line: code, place, message (then its waiver)."""
        where = "" if finding.line is None else f" {finding.line}:{finding.column}"
        style = "dim" if finding.waiver else _STYLE[finding.severity]
        prefix = Text.assemble("  ", cell(finding.code, style, newlines=False), where, "  ")
        text = prefix + self._message(finding)
        print_paragraph(self.console, text, whole=[(0, len(prefix))], hang=prefix.cell_len)
