"""JSON as ../shared/spec/output.md describes it."""

from __future__ import annotations

import json
from typing import Any, TextIO

from dashi_cli.findings import CheckReport, DossierResult, Finding, Severity
from dashi_cli.reporters.base import Reporter


class JsonReporter(Reporter):
    def write(self, report: CheckReport, out: TextIO) -> None:
        json.dump(self.document(report), out, ensure_ascii=False, indent=2)
        out.write("\n")

    def document(self, report: CheckReport) -> dict[str, Any]:
        from dashi_cli.reporters.dates import calendar_json, estimated_warning

        pack = self.options.pack
        warning = estimated_warning(report.calendar, self.options.lang)
        return {
            "tool": "dashi",
            "version": self.options.version,
            "policy": {"id": pack.id, "document": pack.document.number},
            "as_of": report.as_of.isoformat(),
            "dossiers": [self.dossier(d) for d in report.dossiers],
            "summary": {
                "dossiers": len(report.dossiers),
                "eligible": sum(1 for d in report.dossiers if d.eligible),
                "errors": report.count(Severity.ERROR),
                "warnings": report.count(Severity.WARNING),
                "infos": report.count(Severity.INFO),
            },
            "calendar": calendar_json(report.calendar),
            "warnings": [warning] if warning else [],
        }

    def dossier(self, result: DossierResult) -> dict[str, Any]:
        return {
            "path": result.path,
            "studio": result.studio,
            "eligible": result.eligible,
            "counts": {s.value: result.count(s) for s in Severity},
            "findings": [self.finding(f) for f in result.findings],
        }

    def finding(self, finding: Finding) -> dict[str, Any]:
        return {
            "code": finding.code,
            "severity": finding.severity.value,
            "clause": finding.clause,
            "message": self.message(finding),
            "field": finding.field,
            "line": finding.line,
            "column": finding.column,
        }
