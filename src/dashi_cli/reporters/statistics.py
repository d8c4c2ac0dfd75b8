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
        from rich.console import Console
        from rich.table import Table

        lang = self.options.lang
        table = Table(title=ui("statistics_title", lang), title_justify="left", header_style="bold")
        for key in ("code", "severity", "count", "title"):
            table.add_column(ui(key, lang), justify="right" if key == "count" else "left")
        for index, (code, severity, count, title) in enumerate(rows):
            last_of_its_kind = index + 1 < len(rows) and rows[index + 1][1] != severity
            table.add_row(
                cell(code),
                ui("sev_" + severity, lang),
                str(count),
                cell(title),
                end_section=last_of_its_kind,  # a rule between errors, warnings and notes
            )
        Console(file=self.out, highlight=False).print(table)


class StatisticsJsonReporter(StatisticsReporter):
    as_json = True
