"""The Python API, for officers' scripts: typed results, no printing, no exit.

>>> from datetime import date
>>> from dashi_cli import api
>>> report = api.check_paths(["examples/"], as_of=date(2026, 11, 26))
>>> [(d.path, d.eligible) for d in report.dossiers][:1]
[('examples/annotated.yaml', True)]
>>> api.notice_end(date(2025, 5, 6)).end
datetime.date(2025, 5, 12)
>>> api.valid_through(date(2024, 2, 29))
datetime.date(2029, 2, 28)

Every function takes the rules pack (default: the bundled one) and, where
time matters, the as-of date: nothing here reads the clock. Problems with the
arguments (a missing file, a malformed pack) raise :class:`DashiError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dashi_cli.dates import NoticeResult
from dashi_cli.errors import DashiError
from dashi_cli.files import exists, shown
from dashi_cli.findings import CheckReport, DossierResult, Finding, Severity
from dashi_cli.model.dossier import Dossier
from dashi_cli.pack import Pack, load_pack

__all__ = [
    "CheckReport",
    "DashiError",
    "DossierResult",
    "Finding",
    "LoadedDossier",
    "Severity",
    "check_paths",
    "load_dossier",
    "notice_end",
    "valid_through",
]


@dataclass(frozen=True)
class LoadedDossier:
    """A dossier as the model reads it, with the problems reading it found (Y001–Y003)."""

    dossier: Dossier
    findings: tuple[Finding, ...]


def _pack(pack: Pack | Path | None) -> Pack:
    return pack if isinstance(pack, Pack) else load_pack(pack)


def load_dossier(path: Path | str, *, pack: Pack | Path | None = None) -> LoadedDossier:
    """Read one dossier into the model; schema problems come back as findings."""
    from dashi_cli.engine import stamp_all
    from dashi_cli.loading import load_file
    from dashi_cli.model import build_dossier

    rules = _pack(pack)
    file = Path(path)
    if not exists(file):  # one that is there but cannot be read is a Y001, as in check
        raise DashiError(f"no such file: {shown(file)}")
    loaded = load_file(file)
    found = [(issue, loaded.position_of(issue)) for issue in loaded.issues]
    if not loaded.readable:
        return LoadedDossier(Dossier(), stamp_all(found, rules))
    modelled = build_dossier(loaded, rules)
    return LoadedDossier(modelled.dossier, stamp_all([*found, *modelled.issues], rules))


def check_paths(
    paths: Sequence[Path | str],
    *,
    as_of: date,
    pack: Pack | Path | None = None,
    calendar_files: Iterable[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> CheckReport:
    """Check files and folders (searched for *.yaml) as one batch, as `dashi check` does."""
    from dashi_cli.engine import CodeFilter, check_files, default_calendar

    rules = _pack(pack)
    codes = CodeFilter(tuple(select), tuple(ignore))
    codes.validate(rules.rules)
    calendar = default_calendar(rules, calendar_files)
    return check_files(paths, rules, as_of, calendar, codes=codes)


def notice_end(
    start: date,
    *,
    days: int | None = None,
    count_start: bool = True,
    pack: Pack | Path | None = None,
    calendar_files: Iterable[Path] = (),
) -> NoticeResult:
    """When a public notice of `days` working days (default: the pack's, 5) ends."""
    from dashi_cli.dates import notice_end as compute
    from dashi_cli.engine import default_calendar

    rules = _pack(pack)
    weekend = (rules.localized("saturday"), rules.localized("sunday"))
    count = days or rules.parameters.notice_working_days.value
    calendar = default_calendar(rules, calendar_files)
    return compute(calendar, start, count, weekend, count_start=count_start)


def valid_through(
    certified_on: date,
    renewals: Iterable[date] = (),
    *,
    as_of: date | None = None,
    pack: Pack | Path | None = None,
) -> date:
    """The last day of the certification period in force on `as_of` (by default the
    latest renewal counts), by the pack's validity convention."""
    from dashi_cli.dates import period_start
    from dashi_cli.dates import valid_through as compute

    rules = _pack(pack)
    approved = list(renewals)
    start = period_start(certified_on, approved, as_of or max([certified_on, *approved]))
    params = rules.parameters
    return compute(start, params.certification_valid_years.value, params.validity_convention.value)
