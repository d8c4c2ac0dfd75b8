"""One record per dossier (``--summary`` with ``-f csv``, ``json`` or ``jsonl``): file,
studio, verdict, counts and the codes of its errors; dossiers without findings too.

The verdict is ``eligible``, ``not_eligible`` or ``unreadable`` (a Y001: the file
could not be read as a dossier, so nothing was judged). The reporters are the CSV,
JSON and JSONL ones with a dossier's record in place of its findings.
"""

from __future__ import annotations

from typing import Any

from dashi_cli.findings import DossierResult, Severity, Totals
from dashi_cli.reporters.base import Reporter, estimated_warning
from dashi_cli.reporters.csv import CsvReporter, safe_cell
from dashi_cli.reporters.json import JsonLinesReporter, JsonReporter, dossier_head, summary
from dashi_cli.reporters.safe import json_text


def error_codes(result: DossierResult) -> list[str]:
    """The codes of the dossier's errors, each once, in report order."""
    codes: list[str] = []
    for f in result.findings:
        if f.severity is Severity.ERROR and f.waiver is None and f.code not in codes:
            codes.append(f.code)
    return codes


class _Record(Reporter):
    def dossier(self, result: DossierResult) -> dict[str, Any]:
        return {**dossier_head(self, result), "error_codes": error_codes(result)}


class SummaryCsvReporter(_Record, CsvReporter):
    """CSV, one row per dossier, UTF-8 with a byte-order mark."""

    header = ("path", "studio", "verdict", "errors", "warnings", "infos", "error_codes", "waived")

    def add(self, result: DossierResult) -> None:
        row = self.dossier(result)
        counts = row["counts"]
        self.writer.writerow(
            safe_cell(cell)
            for cell in (
                row["path"],
                row["studio"] or "",
                row["verdict"],
                counts["error"],
                counts["warning"],
                counts["info"],
                " ".join(row["error_codes"]),
                row["waived"],
            )
        )


class SummaryJsonReporter(_Record, JsonReporter):
    """JSON: the run's stamps, then ``dossiers`` (one record each), ``summary``, warnings."""

    def tail(self, totals: Totals) -> dict[str, Any]:
        warning = estimated_warning(totals.calendar, self.options.lang)
        return {
            "summary": summary(totals),
            "waived": totals.waived,
            "warnings": [warning] if warning else [],
        }


class SummaryJsonLinesReporter(_Record, JsonLinesReporter):
    """JSONL: one self-contained record per dossier, each stamped, flushed as it goes."""

    def add(self, result: DossierResult) -> None:
        self.out.write(json_text({**self.stamp, **self.dossier(result)}) + "\n")
        self.out.flush()
