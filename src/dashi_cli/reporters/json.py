"""JSON as docs/output.md describes it, written as the batch goes; and JSONL,
one self-contained object per dossier."""

from __future__ import annotations

from typing import Any, TextIO

from dashi_cli.findings import DossierResult, Finding, Severity, Totals
from dashi_cli.reporters.base import Reporter, RunInfo, estimated_warning
from dashi_cli.reporters.safe import json_text


def _years(calendar: Any) -> dict[str, str]:
    return {str(year): status for year, status in sorted(calendar.items())}


class JsonReporter(Reporter):
    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out, self.run, self.first = out, run, True
        head = json_text(run.stamp(self.options.pack), indent=2)
        out.write(head[: head.rindex("}")].rstrip() + ',\n  "dossiers": [')

    def add(self, result: DossierResult) -> None:
        text = json_text(self.dossier(result), indent=2, offset=4)
        self.out.write(("\n" if self.first else ",\n") + text)
        self.first = False

    def finish(self, totals: Totals) -> None:
        body = json_text(self.tail(totals), indent=2)
        self.out.write(("\n  ]," if not self.first else "],") + "\n" + body[2:] + "\n")

    def tail(self, totals: Totals) -> dict[str, Any]:
        """What follows the dossiers: the batch's summary, calendar and warnings."""
        warning = estimated_warning(totals.calendar, self.options.lang)
        return {
            "summary": summary(totals),
            "waived": totals.waived,
            "calendar": {"years": _years(totals.calendar), **self.run.calendar_data()},
            "warnings": [warning] if warning else [],
        }

    def dossier(self, result: DossierResult) -> dict[str, Any]:
        return {
            **dossier_head(self, result),
            "findings": [self.finding(f) for f in result.findings],
        }

    def finding(self, finding: Finding) -> dict[str, Any]:
        record: dict[str, Any] = {
            "code": finding.code,
            "severity": finding.severity.value,
            "clause": finding.clause,
            "message": self.message(finding),
            "field": self.text(finding.field),
            "line": finding.line,
            "column": finding.column,
        }
        if finding.box is not None:  # read from an application form: its box, not a line
            record["box"] = finding.box.zh if self.options.lang == "zh" else finding.box.en
        if finding.waiver is not None:  # only then, so other findings keep their shape
            record["waived"] = True
            record["waiver"] = self.waiver(finding)
        return record

    def waiver(self, finding: Finding) -> dict[str, Any] | None:
        w = finding.waiver
        if w is None:
            return None
        return {
            "reason": self.text(w.reason),
            "approved_by": self.text(w.approved_by),
            "approved_on": w.approved_on.isoformat() if w.approved_on else None,
            "expires_on": w.expires_on.isoformat() if w.expires_on else None,
        }


class JsonLinesReporter(JsonReporter):
    """One line per dossier, each stamped with what produced it; flushed as it goes."""

    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out, self.run = out, run
        self.stamp = run.stamp(self.options.pack)

    def add(self, result: DossierResult) -> None:
        record = {
            **self.stamp,
            **self.dossier(result),
            "calendar": {"years": _years(result.calendar), **self.run.calendar_data()},
        }
        self.out.write(json_text(record) + "\n")
        self.out.flush()

    def finish(self, totals: Totals) -> None:
        return


def dossier_head(reporter: Reporter, result: DossierResult) -> dict[str, Any]:
    """What every record of a dossier starts with (a full report's, a summary's)."""
    return {
        "path": reporter.text(result.path),
        "studio": reporter.text(result.studio),
        "eligible": result.eligible,
        "verdict": result.verdict,
        "counts": {s.value: result.count(s) for s in Severity},
        "waived": result.waived,
    }


def summary(totals: Totals) -> dict[str, int]:
    return {
        "dossiers": totals.dossiers,
        "eligible": totals.eligible,
        "errors": totals.severities[Severity.ERROR],
        "warnings": totals.severities[Severity.WARNING],
        "infos": totals.severities[Severity.INFO],
    }
