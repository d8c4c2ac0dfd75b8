"""CSV, one row per finding, UTF-8 with a byte-order mark (../shared/spec/output.md)."""

from __future__ import annotations

import csv
from typing import TextIO

from dashi_cli.findings import CheckReport
from dashi_cli.reporters.base import Reporter

HEADER = ("path", "studio", "code", "severity", "clause", "field", "line", "column", "message")


class CsvReporter(Reporter):
    def write(self, report: CheckReport, out: TextIO) -> None:
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for result in report.dossiers:
            for f in result.findings:
                writer.writerow(
                    (
                        result.path,
                        result.studio or "",
                        f.code,
                        f.severity.value,
                        f.clause,
                        f.field or "",
                        "" if f.line is None else f.line,
                        "" if f.column is None else f.column,
                        self.message(f),
                    )
                )
