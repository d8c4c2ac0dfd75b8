"""The tables people read: for a batch, a summary row per dossier first; then each
dossier's findings grouped by severity, with a clear verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dashi_cli.findings import SEVERITY_ORDER, DossierResult, Severity, Totals
from dashi_cli.i18n import ui
from dashi_cli.reporters.base import Reporter, RunInfo
from dashi_cli.reporters.safe import cell

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@dataclass(frozen=True)
class _Row:
    """A dossier's line in the summary: all that is kept of it with --summary."""

    path: str
    studio: str | None
    errors: int
    warnings: int
    infos: int
    passes: bool
    unreadable: bool = False


class TableReporter(Reporter):
    def start(self, run: RunInfo, out: TextIO) -> None:
        self.console = Console(file=out, highlight=False, soft_wrap=False, emoji=False)
        self.run = run
        self.rows: list[_Row] = []
        self.results: list[DossierResult] = []  # details wait for the summary

    def add(self, result: DossierResult) -> None:
        self.rows.append(
            _Row(
                self.text(result.path) or "",
                self.text(result.studio),
                result.count(Severity.ERROR),
                result.count(Severity.WARNING),
                result.count(Severity.INFO),
                result.passes(strict=self.options.strict),
                result.unreadable,
            )
        )
        if not self.options.summary_only:
            self.results.append(result)

    def finish(self, totals: Totals) -> None:
        from dashi_cli.reporters.dates import print_calendar_status

        lang = self.options.lang
        pack = self.options.pack
        policy = ui(
            "policy_line", lang, number=pack.document.number, title=pack.document.title(lang)
        )
        self.console.print(cell(policy, "dim"))
        self.console.print(
            Text(ui("as_of_line", lang, as_of=self.run.as_of.isoformat()), style="dim")
        )
        if len(self.rows) > 1 or self.options.summary_only:
            self._summary(totals)
        if not self.options.summary_only:
            for result in self.results:
                self._dossier(result)
        print_calendar_status(self.console, totals.calendar, lang)

    def _summary(self, totals: Totals) -> None:
        lang = self.options.lang
        table = Table(
            title=Text(ui("summary_title", lang), "bold"), title_justify="left", header_style="bold"
        )
        for key in (
            "number",
            "studio",
            "path",
            "verdict_short",
            "errors_short",
            "warnings_short",
            "infos_short",
        ):
            table.add_column(ui(key, lang), overflow="fold", no_wrap=key in ("verdict_short",))
        for number, row in enumerate(self.rows, 1):
            verdict = ui(
                "unreadable" if row.unreadable else "eligible" if row.passes else "ineligible",
                lang,
            )
            table.add_row(
                str(number),
                cell(row.studio or ui("unnamed", lang)),
                cell(row.path, "dim"),
                Text(verdict, "green" if row.passes else "bold red"),
                str(row.errors),
                str(row.warnings),
                str(row.infos),
            )
        self.console.print(table)
        line = ui(
            "batch_line",
            lang,
            dossiers=totals.dossiers,
            eligible=totals.eligible,
            error=totals.severities[Severity.ERROR],
            warning=totals.severities[Severity.WARNING],
            info=totals.severities[Severity.INFO],
        )
        self.console.print(Text(line, "bold"))
        self.console.print()

    def _dossier(self, result: DossierResult) -> None:
        lang = self.options.lang
        studio = self.text(result.studio) or ui("unnamed", lang)
        path = self.text(result.path) or ""
        self.console.print(
            Text.assemble(
                cell(studio, "bold", newlines=False), "  ", cell(path, "dim", newlines=False)
            )
        )
        for severity in SEVERITY_ORDER:
            group = [f for f in result.findings if f.severity is severity]
            if not group:
                continue
            title = Text(f"{ui(severity.value, lang)} ({len(group)})", _STYLE[severity])
            if severity is Severity.INFO:  # the experts' items: a compact block, last
                self.console.print(title)
                for f in group:
                    where = "" if f.line is None else f" {f.line}:{f.column}"
                    self.console.print(
                        Text.assemble(
                            "  ", cell(f.code, _STYLE[severity]), where, "  ", cell(self.message(f))
                        )
                    )
                continue
            table = Table(title=title, title_justify="left", header_style="bold")
            for key in ("code", "clause", "field", "line", "message"):
                table.add_column(ui(key, lang), overflow="fold")
            for f in group:
                where = "" if f.line is None else f"{f.line}:{f.column}"
                table.add_row(
                    cell(f.code, _STYLE[severity]),
                    cell(f.clause),
                    cell(self.text(f.field)),
                    where,
                    cell(self.message(f)),
                )
            self.console.print(table)
        if not result.findings:
            self.console.print(ui("no_findings", lang))
        verdict = ui(
            "unreadable" if result.unreadable else "eligible" if result.eligible else "ineligible",
            lang,
        )
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
        self.console.print(line)
        self.console.print()
