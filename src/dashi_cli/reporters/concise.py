"""One line per finding, for grep and editors' problem matchers, as ruff and compilers
print them: ``path:line:col: CODE [severity] message``; a finding that points at no
place in the file (a missing file, a whole-dossier finding) stands at 1:1, as ruff
puts its file-level findings. With ``--summary``, one line per dossier: ``path: verdict (E errors,
W warnings, I infos)``. Nothing else is printed, so every line has that shape. Like the
severities, the verdict and the counts' words are the same in every language (tools
match them); the messages follow ``--lang``."""

from __future__ import annotations

from typing import TextIO

from dashi_cli.findings import DossierResult, Severity, Totals
from dashi_cli.reporters.base import Reporter, RunInfo
from dashi_cli.reporters.safe import visible


class ConciseReporter(Reporter):
    def start(self, run: RunInfo, out: TextIO) -> None:
        self.out = out

    def add(self, result: DossierResult) -> None:
        path = visible(self.text(result.path) or "", newlines=False)
        if self.options.summary_only:
            counts = ", ".join(
                f"{n} {name if n != 1 else name[:-1]}"
                for n, name in (
                    (result.count(Severity.ERROR), "errors"),
                    (result.count(Severity.WARNING), "warnings"),
                    (result.count(Severity.INFO), "infos"),
                )
            )
            self.out.write(f"{path}: {result.verdict} ({counts})\n")
            return
        for f in result.findings:
            where = f":{f.line}:{f.column or 1}" if f.line is not None else ":1:1"
            message = visible(self.marked_message(f), newlines=False)
            self.out.write(f"{path}{where}: {f.code} [{f.severity.value}] {message}\n")

    def finish(self, totals: Totals) -> None:
        return
