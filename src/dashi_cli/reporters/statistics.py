"""--statistics: how often each rule fired over the batch (as ruff --statistics)."""

from __future__ import annotations

from typing import TextIO

from dashi_cli.findings import SEVERITY_ORDER, DossierResult, Totals
from dashi_cli.i18n import ui
from dashi_cli.reporters.base import Reporter, RunInfo
from dashi_cli.reporters.json import summary
from dashi_cli.reporters.safe import cell, json_text


class StatisticsReporter(Reporter):
    """Counts per code, by severity, most frequent first; as a table, or JSON with ``as_json``."""

    as_json = False

    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out, self.run = out, run

    def add(self, result: DossierResult) -> None:
        return  # the counts are in the totals

    def rows(self, totals: Totals) -> list[tuple[str, str, int, str]]:
        """Errors first, then warnings, then notes (the expert-review items that appear on
        nearly every dossier would otherwise head the list); each the most frequent first."""
        pack, lang = self.options.pack, self.options.lang
        ordered = sorted(
            totals.codes.items(),
            key=lambda item: (
                SEVERITY_ORDER.index(pack.rules[item[0]].severity),
                -item[1],
                item[0],
            ),
        )
        return [
            (code, pack.rules[code].severity.value, count, pack.rules[code].title(lang))
            for code, count in ordered
        ]

    def finish(self, totals: Totals) -> None:
        rows = self.rows(totals)
        if self.as_json:
            document = {
                **self.run.stamp(self.options.pack),
                "statistics": [
                    {"code": c, "severity": s, "count": n, "title": t} for c, s, n, t in rows
                ],
                "summary": summary(totals),
                "calendar": {
                    "years": {str(y): v for y, v in sorted(totals.calendar.items())},
                    **self.run.calendar_data(),
                },
            }
            self.out.write(json_text(document, indent=2) + "\n")
            return
        from rich.text import Text

        from dashi_cli.reporters.table import Column, console_for, print_paragraph, print_records

        lang = self.options.lang
        console = console_for(self.out)
        console.print(Text(ui("statistics_title", lang)))
        columns = [
            Column(ui("code", lang)),
            Column(ui("severity", lang)),
            Column(ui("count", lang), justify="right"),
            Column(ui("title", lang), keep=False, floor=10),
        ]
        table = [
            [cell(code), Text(ui("sev_" + severity, lang)), Text(str(count)), cell(title)]
            for code, severity, count, title in rows
        ]
        # a rule between errors, warnings and notes
        ends = {i for i in range(len(rows) - 1) if rows[i + 1][1] != rows[i][1]}
        print_records(console, columns, table, lang, sections=ends)
        if totals.waived:
            waived = ui("waived_count", lang, n=totals.waived)
            print_paragraph(console, Text(waived, "dim"))


class StatisticsJsonReporter(StatisticsReporter):
    as_json = True
