"""Excel workbooks (``--format xlsx -o FILE``), for officers who pass results around as
spreadsheets.

``check`` writes three sheets: 汇总 (one row per dossier: file, studio, verdict,
counts, the codes of its errors), 问题 (one row per finding, the CSV's columns
and whether it was waived) and 依据 (what produced the report: version, policy,
rules pack, as-of date, calendar). ``renewals`` writes 有效期 (its rows, with
every column a registry carried), 说明 (problems and warnings) and 依据. The
sheets' names are fixed (scripts find them in either language); their headers
and words follow ``--lang``. Every sheet has its header row frozen and filters
on, and its columns sized to what they hold. Text is written as text, never as a
formula, whatever it starts with; personal data is masked as in every other
format unless ``--show-pii``.

The workbook is made by openpyxl in write-only mode (rows streamed to the file in
order), after the rows are gathered, since a column's width must be known before
its first row is written.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from dashi_cli.findings import DossierResult, Severity, Totals
from dashi_cli.i18n import ui
from dashi_cli.pack import Lang
from dashi_cli.reporters.base import Reporter, RunInfo
from dashi_cli.reporters.safe import visible
from dashi_cli.reporters.summary import error_codes

Cell = str | int | float | None

# The sheets' names are the same in every language, so that scripts can find them;
# what is in them follows --lang.
SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题"
BASIS_SHEET = "依据"
RENEWALS_SHEET = "有效期"
NOTES_SHEET = "说明"

_MAX_WIDTH = 60  # characters: a long message wraps in its cell rather than widening it
_MIN_WIDTH = 6


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: list[Sequence[Cell]] = field(default_factory=list)


def _width(value: Cell) -> int:
    """A cell's width in Excel's character units (CJK characters count twice), up to
    the widest a column is made."""
    if value is None:
        return 0
    widest = 0
    for line in str(value).splitlines():
        width = 0
        for char in line:
            width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
            if width >= _MAX_WIDTH:
                return _MAX_WIDTH
        widest = max(widest, width)
    return widest


def _text(value: str) -> str:
    """Text a worksheet can hold: control characters and lone surrogates shown visibly,
    as in every other output (a workbook cannot hold them at all: openpyxl refuses)."""
    return visible(value)


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The workbook, whole, in memory (so that a file is written at once or not at all)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        table = book.create_sheet(sheet.title)
        widths = [_width(h) for h in sheet.header]
        for row in sheet.rows:
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], _width(value))
        for index, width in enumerate(widths, 1):
            size = min(_MAX_WIDTH, max(_MIN_WIDTH, width + 2))
            table.column_dimensions[get_column_letter(index)].width = size
        table.freeze_panes = "A2"
        last = get_column_letter(max(1, len(sheet.header)))
        table.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
        header = []
        for title in sheet.header:
            cell = WriteOnlyCell(table, value=_text(title))
            cell.font = bold
            header.append(cell)
        table.append(header)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            cells = []
            for value in row:
                if isinstance(value, str):
                    value = _text(value)
                cell = WriteOnlyCell(table, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with "=": never a formula
                    if len(value) > _MAX_WIDTH or "\n" in value:
                        cell.alignment = wrap
                cells.append(cell)
            table.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class XlsxReporter(Reporter):
    """``check --format xlsx``: the sheets 汇总, 问题 and 依据 (Summary, Findings, Basis
    in English), gathered as the batch goes and written at the end to ``out``'s binary
    buffer (the CLI gives it the file named by ``-o``)."""

    binary = True

    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out, self.run = out, run
        lang = self.options.lang
        self.summary = Sheet(SUMMARY_SHEET, [ui(k, lang) for k in _SUMMARY_COLUMNS])
        self.findings = Sheet(FINDINGS_SHEET, [ui(k, lang) for k in _FINDING_COLUMNS])

    def add(self, result: DossierResult) -> None:
        lang = self.options.lang
        path = self.text(result.path) or ""
        studio = self.text(result.studio) or ""
        verdict_key = {
            "eligible": "eligible",
            "not_eligible": "ineligible",
            "unreadable": "unreadable",
        }[result.verdict]
        self.summary.rows.append(
            [
                path,
                studio,
                ui(verdict_key, lang),
                result.count(Severity.ERROR),
                result.count(Severity.WARNING),
                result.count(Severity.INFO),
                result.waived,
                " ".join(error_codes(result)),
            ]
        )
        for f in result.findings:
            self.findings.rows.append(
                [
                    path,
                    studio,
                    f.code,
                    ui(f"severity_{f.severity.value}", lang),
                    f.clause,
                    self.text(f.field) or "",
                    f.line,
                    f.column,
                    self.message(f),
                    (f.box.zh if lang == "zh" else f.box.en) if f.box else None,
                    self.waiver_note(f),
                ]
            )

    def finish(self, totals: Totals) -> None:
        lang = self.options.lang
        stamp = self.run.stamp(self.options.pack)
        basis = Sheet(BASIS_SHEET, [ui("xlsx_item", lang), ui("xlsx_value", lang)])
        for key, value in _flat(stamp):
            basis.rows.append([key, value])
        years = ", ".join(f"{y}: {ui(s, lang)}" for y, s in sorted(totals.calendar.items()))
        basis.rows.append(["calendar.years", years])
        basis.rows.append(["calendar.library", self.run.calendar_library])
        basis.rows.append(["calendar.overrides", ", ".join(self.run.calendar_overrides)])
        basis.rows.append(["summary.dossiers", totals.dossiers])
        basis.rows.append(["summary.eligible", totals.eligible])
        for severity in Severity:
            basis.rows.append([f"summary.{severity.value}", totals.severities[severity]])
        basis.rows.append(["summary.waived", totals.waived])
        data = workbook_bytes([self.summary, self.findings, basis])
        write_binary(self.out, data)


def write_binary(out: Any, data: bytes) -> None:
    """Bytes to a text stream's binary buffer (standard output or an open file), or to
    a binary stream itself."""
    out.flush()
    target = getattr(out, "buffer", out)
    target.write(data)
    target.flush()


def _flat(value: Any, prefix: str = "") -> list[tuple[str, Cell]]:
    if isinstance(value, dict):
        rows: list[tuple[str, Cell]] = []
        for key, inner in value.items():
            rows += _flat(inner, f"{prefix}.{key}" if prefix else str(key))
        return rows
    if isinstance(value, list):
        return [(prefix, ", ".join(str(v) for v in value))]
    return [(prefix, value if isinstance(value, (int, float)) or value is None else str(value))]


_SUMMARY_COLUMNS = (
    "xlsx_path",
    "studio",
    "xlsx_verdict",
    "error",
    "warning",
    "info",
    "xlsx_waived",
    "xlsx_error_codes",
)
_FINDING_COLUMNS = (
    "xlsx_path",
    "studio",
    "code",
    "xlsx_severity",
    "clause",
    "field",
    "xlsx_line",
    "xlsx_column",
    "message",
    "xlsx_box",
    "xlsx_waived",
)


_RENEWAL_COLUMNS = (
    ("name", "studio"),
    ("applicant", "applicant"),
    ("leader", "leader"),
    ("certified_on", "certified_on"),
    ("period_start", "renewed_on"),
    ("valid_through", "valid_through"),
    ("days_left", "days_left"),
    ("status", "status"),
    ("reason", "reason"),
    ("action_by", "xlsx_action_by"),
    ("source", "source"),
    ("sources", "xlsx_sources"),
)


def renewals_workbook(document: dict[str, Any], lang: Lang) -> bytes:
    """``renewals --format xlsx``: the JSON document's studios as rows, under headings in
    the chosen language (the registry's own columns after them, under their own); then
    what could not be read, what to look into and what was skipped; then the basis."""
    studios = document.get("studios", [])
    extra: list[str] = []
    for studio in studios:
        for key in studio.get("extra", {}):
            if key not in extra:
                extra.append(key)
    rows: list[Sequence[Cell]] = []
    for studio in studios:
        carried = studio.get("extra", {})
        cells = [
            ui(studio["status"], lang) if key == "status" else _cell(studio.get(key))
            for key, _heading in _RENEWAL_COLUMNS
        ]
        rows.append(cells + [_cell(carried.get(k)) for k in extra])
    headings = [ui(heading, lang) for _key, heading in _RENEWAL_COLUMNS]
    main = Sheet(RENEWALS_SHEET, headings + extra, rows)
    notes = Sheet(NOTES_SHEET, [ui("xlsx_kind", lang), ui("source", lang), ui("message", lang)])
    for kind, word in (("problems", "problems"), ("warnings", "renewals_warnings")):
        for item in document.get(kind, []):
            notes.rows.append(
                [ui(word, lang), _cell(item.get("source")), _cell(item.get("message"))]
            )
    for path in document.get("skipped", []):
        notes.rows.append([ui("xlsx_skipped", lang), _cell(path), ui("xlsx_skipped_why", lang)])
    for path in document.get("skipped_reports", []):
        notes.rows.append([ui("xlsx_skipped", lang), _cell(path), ui("skipped_report_why", lang)])
    basis = Sheet(BASIS_SHEET, [ui("xlsx_item", lang), ui("xlsx_value", lang)])
    for key in ("as_of", "within_days", "config"):
        if key in document:
            basis.rows.append([key, _cell(document.get(key))])
    for key, value in (document.get("summary") or {}).items():
        basis.rows.append([f"summary.{key}", _cell(value)])
    return workbook_bytes([main, notes, basis])


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, (int, float, str)):
        return value if not isinstance(value, bool) else str(value).lower()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)
