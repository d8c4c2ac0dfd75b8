"""The engine: load → model → checks → findings, one dossier at a time.

Checks yield :class:`Issue`; the engine stamps each with the severity and
clause of its rule in the pack and with the line and column of its field in
the file, and returns frozen results. A batch is checked as a stream, so
that a folder of thousands of dossiers needs the memory of one. Nothing here
prints or exits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from dashi_cli import checks
from dashi_cli.checks import waivers
from dashi_cli.checks.batch import BatchFacts, BatchIndex
from dashi_cli.dates import WorkCalendar
from dashi_cli.dates.calendar import CalendarError
from dashi_cli.errors import DashiError
from dashi_cli.files import Unreadable, entries, reason, shown
from dashi_cli.findings import (
    SEVERITY_ORDER,
    CheckReport,
    DossierResult,
    Finding,
    Issue,
    Severity,
)
from dashi_cli.loading import Limits, Loaded, Position, load_bytes, load_file
from dashi_cli.model import build_dossier
from dashi_cli.pack import Pack, PackError, bundled_calendar_dir
from dashi_cli.paths import parse

STDIN = "-"
UNREADABLE = "Y001"
DOSSIER_SUFFIXES = (".yaml", ".yml")
# An application form named on the command line is read as a dossier; folders are
# searched for YAML only (a folder of applications holds other Word files: reports).
FORM_SUFFIXES = (".docx", ".doc")
NOT_READ = "Y006"  # a value on a form that was left out: in no box, or not of its box's kind


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
    return WorkCalendar.from_files(
        pack.calendar.first_official_year,
        pack.calendar.notice_title,
        [*_override_files(shipped), *files],
    )


def _override_files(folder: Path) -> list[Path]:
    """The pack's calendar/*.yaml; a folder that is there but cannot be read is an error
    (its overrides would silently be missing), as is one of its files that cannot."""
    try:
        if not stat.S_ISDIR(folder.stat().st_mode):
            return []
        with os.scandir(folder) as listing:
            names = [e.name for e in listing if e.name.endswith(".yaml")]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CalendarError(
            f"calendar folder {shown(folder)} cannot be read: {reason(exc)}"
        ) from None
    return sorted(folder / name for name in names)


# --- what to check -----------------------------------------------------------


class Source(NamedTuple):
    """One dossier to check: a file, standard input (``path`` None), or an entry that
    cannot be read (``problem``: its Y001, reported in its place)."""

    name: str
    path: Path | None
    problem: Issue | None = None


def expand_sources(arguments: Sequence[str | Path]) -> list[Source]:
    """Files as given, folders searched recursively for *.yaml and *.yml (hidden
    ones left out), ``-`` for standard input; each file once, in the given order.
    What cannot be read (a folder we may not list, a link to nothing, a FIFO named
    like a dossier) is a source too, whose check is its Y001: nothing is left out
    without a word."""
    sources: list[Source] = []
    seen: set[object] = set()
    for argument in arguments:
        if str(argument) == STDIN:
            if any(source.name == STDIN and source.path is None for source in sources):
                raise DashiError("standard input (-) is named twice")
            sources.append(Source(STDIN, None))
            continue
        if not str(argument):
            raise DashiError("an empty path was given")
        for entry in entries(Path(argument), DOSSIER_SUFFIXES):
            key = _identity(entry.path)
            if key in seen:
                continue
            seen.add(key)
            name = shown(entry.path)
            if entry.problem is None:
                sources.append(Source(name, entry.path))
            else:
                sources.append(Source(name, None, _unreadable(name, entry.problem)))
    return sources


def _identity(path: Path) -> object:
    """The same file reached twice (given twice, or through a symbolic link) is checked
    once; two hard links to one file are two dossiers, as they were always."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop, a path too long: as given, then
        return os.path.abspath(path)


def _unreadable(name: str, problem: Unreadable) -> Issue:
    if problem.variant == "unreadable":
        return Issue(UNREADABLE, params={"reason": problem.reason}, variant="unreadable")
    return Issue(UNREADABLE, params={"path": name}, variant=problem.variant)


class CodeFilter(NamedTuple):
    """--select / --ignore: codes or prefixes (``Q``, ``F00``), as ruff takes them."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def allows(self, code: str) -> bool:
        if code == UNREADABLE:
            return True  # a file that cannot be read is never hidden (ruff shows syntax errors too)
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))

    def validate(self, known: Iterable[str]) -> None:
        codes = list(known)
        for prefix in (*self.select, *self.ignore):
            if not prefix or not any(code.startswith(prefix) for code in codes):
                raise DashiError(f"no rule code starts with {prefix!r}")


ALL = CodeFilter()


# --- checking ----------------------------------------------------------------


def check_file(
    path: Path,
    pack: Pack,
    as_of: date,
    limits: Limits | None = None,
    calendar: WorkCalendar | None = None,
) -> DossierResult:
    if path.suffix.lower() in FORM_SUFFIXES:  # an application form, read as check reads it
        run = _Run(pack, as_of, calendar or default_calendar(pack), ALL, limits)
        return _check_form(Source(shown(path), path), path, run, None)[0]
    return check_loaded(load_file(path, limits), pack, as_of, path.parent, calendar)


def check_loaded(
    loaded: Loaded,
    pack: Pack,
    as_of: date,
    base_dir: Path | None,
    calendar: WorkCalendar | None = None,
    *,
    codes: CodeFilter = ALL,
    batch: BatchIndex | None = None,
) -> DossierResult:
    return _check_loaded(loaded, pack, as_of, base_dir, calendar, codes, batch)[0]


_PLANS: dict[tuple[int, CodeFilter], tuple[Pack, tuple[tuple[checks.Rule, bool], ...]]] = {}


def _plan(pack: Pack, codes: CodeFilter) -> tuple[tuple[checks.Rule, bool], ...]:
    """The rules to run and whether each is consequential (not a note): worked out once
    per pack and filter, not for every dossier."""
    known = _PLANS.get((id(pack), codes))
    if known is not None and known[0] is pack:
        return known[1]
    plan = tuple(
        (check, pack.rules[code].severity is not Severity.INFO)
        for code, check in checks.RULES.items()
        if codes.allows(code)
    )
    if len(_PLANS) > 16:
        _PLANS.clear()
    _PLANS[(id(pack), codes)] = (pack, plan)
    return plan


class _Facts(NamedTuple):
    """What a parallel worker sends back beside a result, for the batch rules: the
    dossier's facts, where their fields stand, and which of them Y002 rejected."""

    facts: BatchFacts
    where: dict[str, Position | None]
    rejected: frozenset[str]
    waivers: _Waivers | None = None


class _Waivers(NamedTuple):
    """A dossier's waivers in force, applied once all its findings are known (in a
    parallel run, after the batch rules), and where each stands for its W002."""

    standing: tuple[waivers.Standing, ...]
    where: tuple[Position | None, ...]

    def apply(
        self, findings: tuple[Finding, ...], pack: Pack, codes: CodeFilter
    ) -> tuple[Finding, ...]:
        marked, unmatched = waivers.apply(findings, self.standing, codes.allows)
        if not codes.allows("W002"):
            return marked
        where = {
            f"waivers[{w.index}]": place for w, place in zip(self.standing, self.where, strict=True)
        }
        extra = [_stamp(issue, where.get(issue.field or ""), pack) for issue in unmatched]
        return tuple(sorted((*marked, *extra), key=_order)) if extra else marked


_BATCH_FIELDS = ("leader.id_number", "studio.name")


def _check_loaded(
    loaded: Loaded,
    pack: Pack,
    as_of: date,
    base_dir: Path | None,
    calendar: WorkCalendar | None,
    codes: CodeFilter,
    batch: BatchIndex | None,
    facts_wanted: bool = False,
) -> tuple[DossierResult, _Facts | None]:
    """The result, and with ``facts_wanted`` (a parallel worker) the batch rules' facts."""
    calendar = calendar or default_calendar(pack)
    calendar.touched.clear()
    found: list[tuple[Issue, Position | None]] = [
        (issue, loaded.position_of(issue)) for issue in loaded.issues
    ]
    studio: str | None = None
    facts: _Facts | None = None
    waiving: _Waivers | None = None
    modelled = build_dossier(loaded, pack) if loaded.readable else None
    if modelled is not None and not modelled.gave_up:
        dossier = modelled.dossier
        if dossier.studio is not None and dossier.studio.name:
            studio = dossier.studio.name
        rejected = modelled.invalid | {
            i.field for i in loaded.issues if i.code == "Y002" and i.field is not None
        }
        ctx = checks.Context(dossier, pack, as_of, base_dir, frozenset(rejected), calendar, batch)
        for check, consequential in _plan(pack, codes):
            for issue in check(ctx):
                if consequential and issue.field and ctx.follows_from_rejected(issue.field):
                    continue  # Y002 already reported the value this would be about
                where = loaded.value_position(parse(issue.field)) if issue.field else None
                found.append((issue, where))
        if dossier.waivers:
            standing = waivers.standing(ctx)
            if standing:
                spots = tuple(loaded.value_position(("waivers", w.index)) for w in standing)
                waiving = _Waivers(standing, spots)
        if batch is not None:
            batch.record(loaded.source, dossier)
        elif facts_wanted:
            places = {name: loaded.value_position(parse(name)) for name in _BATCH_FIELDS}
            rejected_here = frozenset(n for n in _BATCH_FIELDS if ctx.follows_from_rejected(n))
            facts = _Facts(BatchFacts.of(loaded.source, dossier), places, rejected_here, waiving)
    if modelled is not None:
        found.extend(modelled.issues)
    findings = stamp_all(found, pack, codes)
    if waiving is not None and facts is None:  # a parallel worker leaves it to the batch
        findings = waiving.apply(findings, pack, codes)
    result = DossierResult(
        path=loaded.source,
        studio=studio,
        findings=findings,
        calendar=MappingProxyType(calendar.statuses()),
    )
    return result, facts


def iter_check(
    sources: Iterable[Source],
    pack: Pack,
    as_of: date,
    calendar: WorkCalendar | None = None,
    *,
    codes: CodeFilter = ALL,
    read_stdin: Callable[[], bytes] | None = None,
    limits: Limits | None = None,
    jobs: int = 1,
) -> Iterator[DossierResult]:
    """Check dossiers one by one; whatever one holds, the next is checked too. With
    ``jobs`` above 1, files are checked by that many processes, started here (before
    the caller shows any progress), and the results come in the same order, the same
    as checked one by one."""
    ensure_pack_covers(pack)
    run = _Run(pack, as_of, calendar or default_calendar(pack), codes, limits)
    if jobs > 1:
        return _iter_parallel(list(sources), run, read_stdin, jobs)
    return _iter_serial(sources, run, read_stdin)


class _Run(NamedTuple):
    """What every dossier of one run is checked with."""

    pack: Pack
    as_of: date
    calendar: WorkCalendar
    codes: CodeFilter
    limits: Limits | None


def _iter_serial(
    sources: Iterable[Source],
    run: _Run,
    read_stdin: Callable[[], bytes] | None,
    batch: BatchIndex | None = None,
) -> Iterator[DossierResult]:
    batch = batch or BatchIndex()
    for source in sources:
        yield _check_source(source, run, read_stdin, batch)[0]


def _check_source(
    source: Source,
    run: _Run,
    read_stdin: Callable[[], bytes] | None,
    batch: BatchIndex | None,
) -> tuple[DossierResult, _Facts | None]:
    pack = run.pack
    if source.problem is not None:
        return DossierResult(source.name, None, (_stamp(source.problem, None, pack),)), None
    try:
        if source.path is not None and source.path.suffix.lower() in FORM_SUFFIXES:
            return _check_form(source, source.path, run, batch)
        if source.path is None:
            raw = read_stdin() if read_stdin else b""
            loaded, base = load_bytes(raw, source.name, run.limits), Path.cwd()
        else:
            loaded, base = load_file(source.path, run.limits), source.path.parent
            loaded.source = source.name  # as any output can show it (a GBK name, say)
        return _check_loaded(
            loaded, pack, run.as_of, base, run.calendar, run.codes, batch, batch is None
        )
    except Exception as exc:  # noqa: BLE001 - one file must never stop a batch:
        # an error in dashi itself becomes that file's Y001, and the batch goes on.
        issue = Issue(UNREADABLE, params={"error": type(exc).__name__}, variant="internal")
        return DossierResult(source.name, None, (_stamp(issue, None, pack),)), None


def _check_form(
    source: Source, path: Path, run: _Run, batch: BatchIndex | None
) -> tuple[DossierResult, _Facts | None]:
    """An application form (.docx) checked as the dossier :mod:`dashi_cli.formread` reads
    from it; each finding points at the box of the form it is about (``box``), not at a
    line of that dossier. A file that is not a form is its Y001."""
    from dashi_cli.findings import Localized
    from dashi_cli.formread import FormError, dossier_yaml, read_form_file

    try:
        read = read_form_file(path, run.pack)
    except FormError as exc:
        issue = Issue(UNREADABLE, params={"reason": Localized(exc.zh, exc.en)}, variant="form")
        return DossierResult(source.name, None, (_stamp(issue, None, run.pack),)), None
    loaded = load_bytes(dossier_yaml(read, "en").encode("utf-8"), source.name, run.limits)
    result, facts = _check_loaded(
        loaded, run.pack, run.as_of, path.parent, run.calendar, run.codes, batch, batch is None
    )
    # where each field's value was read, else its empty box: made once for the form
    places = {m.path: m.box for m in read.missing if m.box is not None}
    places.update(read.sources)
    boxes = [
        dataclasses.replace(f, line=None, column=None, box=_box(places, f.field))
        for f in result.findings
    ]
    if run.codes.allows(NOT_READ):  # what the form holds outside its boxes: never guessed
        for unplaced in read.unplaced:
            detail = Localized(unplaced.describe("zh"), unplaced.describe("en"))
            where = Localized(unplaced.where.describe("zh"), unplaced.where.describe("en"))
            issue = Issue(NOT_READ, params={"detail": detail}, variant=unplaced.reason)
            boxes.append(dataclasses.replace(_stamp(issue, None, run.pack), box=where))
    if facts is not None:  # the batch rules' findings point at no line of it either
        facts = facts._replace(where={})
    return dataclasses.replace(result, findings=tuple(boxes)), facts


def _box(places: dict[str, Any], field: str | None) -> Any:
    """Where on the form a field's value was read, or its empty box (``places``); the
    nearest enclosing field's when the field itself was not (``members[0]`` for
    ``members[0].gender`` from a row of the team table)."""
    from dashi_cli.findings import Localized

    if field is None:
        return None
    path = field
    while path:
        where = places.get(path)
        if where is not None:
            return Localized(where.describe("zh"), where.describe("en"))
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


# --- in parallel ---------------------------------------------------------------

# What the worker processes check with: set before they are forked, so that they
# inherit the pack and the calendar instead of receiving them.
_WORKER: list[_Run] = []


def _iter_parallel(
    sources: list[Source], run: _Run, read_stdin: Callable[[], bytes] | None, jobs: int
) -> Iterator[DossierResult]:
    """Files checked by ``jobs`` forked processes, in order; standard input is read
    here. The batch rules (X001, X002) compare each dossier with the ones before it,
    so they run here, in order, on what the workers send back. The processes are
    started before this returns; where they cannot be (no fork) or one dies, what is
    left is checked here, one by one, and the report is the same."""
    from concurrent.futures import ProcessPoolExecutor

    stdin = [s for s in sources if s.path is None and s.problem is None]
    raw = read_stdin() if stdin and read_stdin else b""
    if run.calendar.cache is not None:
        run.calendar.cache.prepare()  # read (or found unreadable) once, here, not per worker
    _WORKER[:] = [run]
    try:
        import multiprocessing

        executor = ProcessPoolExecutor(
            min(jobs, max(1, len(sources))),
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_started,
        )
        tasks = [(source, raw if source in stdin else None) for source in sources]
        chunk = max(1, min(32, len(sources) // (jobs * 8)))
        results = executor.map(_check_in_worker, tasks, chunksize=chunk)
    except Exception:  # noqa: BLE001 - no processes here (no fork, no resources): one by one
        _WORKER.clear()
        return _iter_serial(sources, run, (lambda: raw) if stdin else read_stdin)
    return _gather(results, executor, sources, raw, run)


def _gather(
    results: Iterator[tuple[DossierResult, _Facts | None]],
    executor: Any,
    sources: list[Source],
    raw: bytes,
    run: _Run,
) -> Iterator[DossierResult]:
    batch = BatchIndex()
    done = 0
    finished = False
    try:
        for plain, facts in results:
            result = _frozen(plain)
            if facts is not None:
                result = _with_batch_findings(result, facts, batch, run.pack, run.codes)
                batch.record_facts(facts.facts)
            done += 1
            yield result
        executor.shutdown(wait=True)
        finished = True
    except Exception:  # noqa: BLE001 - a worker died (killed, out of memory): the rest here
        _stop(executor)
        yield from _iter_serial(sources[done:], run, lambda: raw, batch)
    finally:
        if not finished:  # stopped early (a signal, a closed pipe) or failed
            _stop(executor)
        _WORKER.clear()


def _stop(executor: Any) -> None:
    """End the workers now: nothing they would still send is wanted."""
    processes = getattr(executor, "_processes", None) or {}  # private: best effort
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.terminate()
    executor.shutdown(wait=False, cancel_futures=True)


def _worker_started() -> None:
    """A worker ends when the pool ends it (SIGTERM, at once), and leaves Ctrl-C and the
    clean-up of what is being written to the process that started it."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_in_worker(task: tuple[Source, bytes | None]) -> tuple[DossierResult, _Facts | None]:
    source, raw = task
    [run] = _WORKER
    result, facts = _check_source(source, run, lambda: raw or b"", None)
    return _plain(result), facts


def _plain(result: DossierResult) -> DossierResult:
    """Read-only views do not cross between processes: plain dicts do."""
    findings = tuple(dataclasses.replace(f, params=dict(f.params)) for f in result.findings)
    return dataclasses.replace(result, findings=findings, calendar=dict(result.calendar))


def _frozen(result: DossierResult) -> DossierResult:
    """A result back from a worker, read-only again as checked here."""
    findings = tuple(
        dataclasses.replace(f, params=MappingProxyType(dict(f.params))) for f in result.findings
    )
    return dataclasses.replace(
        result, findings=findings, calendar=MappingProxyType(dict(result.calendar))
    )


def _with_batch_findings(
    result: DossierResult, facts: _Facts, batch: BatchIndex, pack: Pack, codes: CodeFilter
) -> DossierResult:
    extra = [
        _stamp(issue, facts.where.get(issue.field or ""), pack)
        for issue in batch.issues(facts.facts)
        if codes.allows(issue.code)
        # as one by one: a finding on a value Y002 rejected is left out unless a note
        and not (
            issue.field in facts.rejected and pack.rules[issue.code].severity is not Severity.INFO
        )
    ]
    findings = tuple(sorted((*result.findings, *extra), key=_order)) if extra else result.findings
    if facts.waivers is not None:  # now that every finding is known
        findings = facts.waivers.apply(findings, pack, codes)
    if findings is result.findings:
        return result
    return dataclasses.replace(result, findings=findings)


def check_files(
    paths: Iterable[Path | str],
    pack: Pack,
    as_of: date,
    calendar: WorkCalendar | None = None,
    *,
    codes: CodeFilter = ALL,
) -> CheckReport:
    sources = expand_sources(list(paths))
    return CheckReport(as_of, tuple(iter_check(sources, pack, as_of, calendar, codes=codes)))


def stamp_all(
    found: Iterable[tuple[Issue, Position | None]], pack: Pack, codes: CodeFilter = ALL
) -> tuple[Finding, ...]:
    """Issues as findings (severity and clause from the pack), in report order."""
    return tuple(sorted((_stamp(i, w, pack) for i, w in found if codes.allows(i.code)), key=_order))


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


_READING = frozenset({"Y001", "Y002", "Y003"})  # the file unreadable, its schema broken


def _order(finding: Finding) -> tuple[int, int, int, int, str]:
    """Where a finding stands in its dossier's report: what kept the file from being read
    as a dossier first (often the root of what follows), then by place in the file,
    line and column (a finding about the dossier as a whole, at no place, first); the
    table keeps its severity groups, each in this order."""
    return (
        0 if finding.code in _READING else 1,
        finding.line or 0,
        finding.column or 0,
        SEVERITY_ORDER.index(finding.severity),
        finding.code,
    )
