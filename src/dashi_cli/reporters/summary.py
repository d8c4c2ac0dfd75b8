"""One record per dossier (``--summary`` with ``-f csv``, ``json`` or ``jsonl``): file,
studio, verdict, counts and the codes of its errors; dossiers without findings too.

The verdict is ``eligible``, ``not_eligible`` or ``unreadable`` (a Y001: the file
could not be read as a dossier, so nothing was judged).
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from dashi_cli.findings import DossierResult, Severity, Totals
from dashi_cli.reporters.base import Reporter, RunInfo, estimated_warning
from dashi_cli.reporters.csv import safe_cell
from dashi_cli.reporters.json import summary
from dashi_cli.reporters.safe import json_text

CSV_HEADER = ("path", "studio", "verdict", "errors", "warnings", "infos", "error_codes")


def verdict(result: DossierResult) -> str:
    return result.verdict


def error_codes(result: DossierResult) -> list[str]:
    """The codes of the dossier's errors, each once, in report order."""
    codes: list[str] = []
    for f in result.findings:
        if f.severity is Severity.ERROR and f.code not in codes:
            codes.append(f.code)
    return codes


class _Summary(Reporter):
    def record(self, result: DossierResult) -> dict[str, Any]:
        return {
            "path": self.text(result.path),
            "studio": self.text(result.studio),
            "eligible": result.eligible,
            "verdict": verdict(result),
            "counts": {s.value: result.count(s) for s in Severity},
            "error_codes": error_codes(result),
        }


class SummaryCsvReporter(_Summary):
    """CSV, one row per dossier, UTF-8 with a byte-order mark."""

    def start(self, run: RunInfo, out: TextIO) -> None:
        out.write("\ufeff")
        self.writer = csv.writer(out, lineterminator="\r\n")
        self.writer.writerow(CSV_HEADER)

    def add(self, result: DossierResult) -> None:
        row = self.record(result)
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
            )
        )

    def finish(self, totals: Totals) -> None:
        return


class SummaryJsonReporter(_Summary):
    """JSON: the run's stamps, then ``dossiers`` (one record each), ``summary``, warnings."""

    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out, self.run = out, run
        self.first = True
        head = json_text(run.stamp(self.options.pack), indent=2)
        out.write(head[: head.rindex("}")].rstrip() + ',\n  "dossiers": [')

    def add(self, result: DossierResult) -> None:
        text = json_text(self.record(result), indent=2, offset=4)
        self.out.write(("\n" if self.first else ",\n") + text)
        self.first = False

    def finish(self, totals: Totals) -> None:
        warning = estimated_warning(totals.calendar, self.options.lang)
        tail = {"summary": summary(totals), "warnings": [warning] if warning else []}
        body = json_text(tail, indent=2)
        self.out.write(("\n  ]," if not self.first else "],") + "\n" + body[2:] + "\n")


class SummaryJsonLinesReporter(_Summary):
    """JSONL: one self-contained record per dossier, each stamped, flushed as it goes."""

    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out = out
        self.stamp = run.stamp(self.options.pack)

    def add(self, result: DossierResult) -> None:
        self.out.write(json_text({**self.stamp, **self.record(result)}) + "\n")
        self.out.flush()

    def finish(self, totals: Totals) -> None:
        return
