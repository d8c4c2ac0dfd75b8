"""The table people read: findings grouped by severity, then a clear verdict."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dashi_cli.findings import SEVERITY_ORDER, CheckReport, DossierResult, Severity
from dashi_cli.i18n import ui
from dashi_cli.reporters.base import Reporter

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class TableReporter(Reporter):
    def write(self, report: CheckReport, out: TextIO) -> None:
        from dashi_cli.reporters.dates import print_calendar_status

        console = Console(file=out, highlight=False, soft_wrap=False)
        for result in report.dossiers:
            self._dossier(console, report, result)
        print_calendar_status(console, report.calendar, self.options.lang)

    def _dossier(self, console: Console, report: CheckReport, result: DossierResult) -> None:
        lang, pack = self.options.lang, self.options.pack
        studio = result.studio or ui("unnamed", lang)
        console.print(Text.assemble((studio, "bold"), "  ", (result.path, "dim")))
        policy = ui(
            "policy_line", lang, number=pack.document.number, title=pack.document.title(lang)
        )
        console.print(Text(policy, style="dim"))
        console.print(Text(ui("as_of_line", lang, as_of=report.as_of.isoformat()), style="dim"))
        for severity in SEVERITY_ORDER:
            group = [f for f in result.findings if f.severity is severity]
            if not group:
                continue
            title = Text(f"{ui(severity.value, lang)} ({len(group)})", _STYLE[severity])
            table = Table(title=title, title_justify="left", header_style="bold")
            for key in ("code", "clause", "field", "line", "message"):
                table.add_column(ui(key, lang), overflow="fold")
            for f in group:
                where = "" if f.line is None else f"{f.line}:{f.column}"
                table.add_row(
                    Text(f.code, _STYLE[severity]), f.clause, f.field or "", where, self.message(f)
                )
            console.print(table)
        if not result.findings:
            console.print(ui("no_findings", lang))
        verdict = ui("eligible" if result.eligible else "ineligible", lang)
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
        if result.eligible and not result.passes(strict=self.options.strict):
            line.append(ui("strict_note", lang), "bold red")
        console.print(line)
        console.print()
