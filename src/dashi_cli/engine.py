"""The engine: load → model → checks → findings.

Checks yield :class:`Issue`; the engine stamps each with the severity and
clause of its rule in the pack and with the line and column of its field in
the file, and returns frozen results. Nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import MappingProxyType

from dashi_cli import checks
from dashi_cli.dates import WorkCalendar
from dashi_cli.findings import (
    SEVERITY_ORDER,
    CheckReport,
    DossierResult,
    Finding,
    Issue,
    Severity,
)
from dashi_cli.loading import Limits, Loaded, Position, load_file, load_text
from dashi_cli.model import build_dossier
from dashi_cli.pack import Pack, PackError, bundled_calendar_dir
from dashi_cli.paths import parse


def ensure_pack_covers(pack: Pack) -> None:
    """Every code the tool can report has an entry (severity, clause, messages) in the pack."""
    missing = sorted((set(checks.RULES) | set(checks.LOADING_CODES)) - set(pack.rules))
    if missing:
        raise PackError(f"rules pack {pack.id}: no entry for rule(s) {', '.join(missing)}")


def default_calendar(
    pack: Pack, files: Iterable[Path] = (), pack_path: Path | None = None
) -> WorkCalendar:
    """The calendar for a pack: its shipped override files, then the given ones."""
    shipped = bundled_calendar_dir(pack_path)
    found = sorted(shipped.glob("*.yaml")) if shipped.is_dir() else []
    return WorkCalendar.from_files(
        pack.calendar.first_official_year, pack.calendar.notice_title, [*found, *files]
    )


def check_file(
    path: Path,
    pack: Pack,
    as_of: date,
    limits: Limits | None = None,
    calendar: WorkCalendar | None = None,
) -> DossierResult:
    return check_loaded(load_file(path, limits), pack, as_of, path.parent, calendar)


def check_text(
    text: str,
    pack: Pack,
    as_of: date,
    source: str = "<stdin>",
    base_dir: Path | None = None,
    calendar: WorkCalendar | None = None,
) -> DossierResult:
    return check_loaded(load_text(text, source), pack, as_of, base_dir, calendar)


def check_loaded(
    loaded: Loaded,
    pack: Pack,
    as_of: date,
    base_dir: Path | None,
    calendar: WorkCalendar | None = None,
) -> DossierResult:
    found: list[tuple[Issue, Position | None]] = [
        (issue, loaded.position_of(issue)) for issue in loaded.issues
    ]
    studio: str | None = None
    if loaded.readable:
        modelled = build_dossier(loaded, pack)
        found.extend(modelled.issues)
        dossier = modelled.dossier
        if dossier.studio is not None and dossier.studio.name:
            studio = dossier.studio.name
        rejected = modelled.invalid | {
            i.field for i in loaded.issues if i.code == "Y002" and i.field is not None
        }
        ctx = checks.Context(
            dossier, pack, as_of, base_dir, frozenset(rejected), calendar or default_calendar(pack)
        )
        for code in sorted(checks.RULES):
            consequential = pack.rules[code].severity is not Severity.INFO
            for issue in checks.RULES[code](ctx):
                if consequential and issue.field and ctx.follows_from_rejected(issue.field):
                    continue  # Y002 already reported the value this would be about
                where = loaded.values.get(parse(issue.field)) if issue.field else None
                found.append((issue, where))
    findings = tuple(sorted((_stamp(i, w, pack) for i, w in found), key=_order))
    return DossierResult(path=loaded.source, studio=studio, findings=findings)


def check_files(
    paths: Iterable[Path], pack: Pack, as_of: date, calendar: WorkCalendar | None = None
) -> CheckReport:
    ensure_pack_covers(pack)
    calendar = calendar or default_calendar(pack)
    results = tuple(check_file(p, pack, as_of, calendar=calendar) for p in paths)
    return CheckReport(as_of, results, MappingProxyType(calendar.statuses()))


def _stamp(issue: Issue, where: Position | None, pack: Pack) -> Finding:
    rule = pack.rules[issue.code]
    return Finding(
        code=issue.code,
        severity=rule.severity,
        clause=rule.clause,
        field=issue.field,
        line=where.line if where else None,
        column=where.column if where else None,
        variant=issue.variant,
        params=issue.params,
    )


def _order(finding: Finding) -> tuple[int, str, int, int]:
    return (
        SEVERITY_ORDER.index(finding.severity),
        finding.code,
        finding.line or 0,
        finding.column or 0,
    )
