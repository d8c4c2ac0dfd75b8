"""CSV, one row per finding, UTF-8 with a byte-order mark (docs/output.md)."""

from __future__ import annotations

from typing import TextIO

from dashi_cli.findings import DossierResult, Totals
from dashi_cli.reporters.base import Reporter, RunInfo

HEADER = ("path", "studio", "code", "severity", "clause", "field", "line", "column", "message")

# A cell a spreadsheet would run as a formula (CWE-1236) starts with one of these,
# perhaps after white space; some applications also take the full-width forms.
_FORMULA_START = ("=", "+", "-", "@", "＝", "﹦", "＋", "－", "＠")
_ZERO_WIDTH_SPACE = "\u200b"


def safe_cell(value: object) -> object:
    """Text that would start a formula gets an invisible zero-width space in front:
    the spreadsheet then takes it as text, and a person reads the same characters."""
    if isinstance(value, str) and (
        value.startswith(("\t", "\r")) or value.lstrip().startswith(_FORMULA_START)
    ):
        return _ZERO_WIDTH_SPACE + value
    return value


class CsvReporter(Reporter):
    header: tuple[str, ...] = HEADER

    def start(self, run: RunInfo, out: TextIO) -> None:
        import csv  # here, not at the top: the table reporter imports safe_cell only

        out.write("\ufeff")
        self.writer = csv.writer(out, lineterminator="\r\n")
        self.writer.writerow(self.header)

    def add(self, result: DossierResult) -> None:
        for f in result.findings:
            self.writer.writerow(
                safe_cell(cell)
                for cell in (
                    self.text(result.path),
                    self.text(result.studio) or "",
                    f.code,
                    f.severity.value,
                    f.clause,
                    self.text(f.field) or "",
                    "" if f.line is None else f.line,
                    "" if f.column is None else f.column,
                    self.marked_message(f),
                )
            )

    def finish(self, totals: Totals) -> None:
        return
