"""Certified studios for `dashi renewals`: registry YAML, CSV or Excel, and dossiers.

A registry YAML has a top-level ``studios:`` list of ``{name, applicant, leader,
certified_on, renewals: [{approved_on}], left_unit_on, in_skill_post}``; a CSV or
an Excel workbook (``.xlsx``: its first sheet, or the one named) has the same
columns under English or Chinese headers (工作室名称, 申报单位, 领办人, 认定日期,
延续日期, 领办人离开单位日期, 仍在技能岗位), and may have others (联系电话, 备注…),
which are carried through to the report as they are; a dossier counts when it
carries ``review.certified_on``. All of them give the same records.

One studio found in several sources (the same name, white space ignored) is
reported once: its records are merged (see :func:`merge`) and a warning names
every source and every value on which they disagree.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from dashi_cli.datafile import first_error
from dashi_cli.dates import period_start, valid_through
from dashi_cli.files import Entry, Unreadable, entries, reason, shown
from dashi_cli.findings import Finding, Issue, Localized
from dashi_cli.i18n import ui
from dashi_cli.loading import Limits, load_file
from dashi_cli.loading.yamlpos import decode
from dashi_cli.model import build_dossier
from dashi_cli.model.dossier import Date, parse_iso_date
from dashi_cli.pack import Pack
from dashi_cli.statuses import STATUSES, RenewalStatus, parse_statuses

__all__ = ["STATUSES", "RenewalStatus", "merge", "parse_statuses", "read", "renewals"]


COLUMNS = {
    "name": "工作室名称",
    "applicant": "申报单位",
    "leader": "领办人",
    "certified_on": "认定日期",
    "renewals": "延续日期",
    "left_unit_on": "领办人离开单位日期",
    "in_skill_post": "仍在技能岗位",
}
_BY_HEADER = {**{k: k for k in COLUMNS}, **{v: k for k, v in COLUMNS.items()}}
_TRUE = {"true", "yes", "y", "1", "是", "在岗"}
_FALSE = {"false", "no", "n", "0", "否", "不在岗"}


@dataclass(frozen=True)
class StudioRecord:
    name: str | None
    applicant: str | None
    leader: str | None
    certified_on: date
    renewals: tuple[date, ...]
    left_unit_on: date | None
    in_skill_post: bool | None
    source: str
    # columns of a CSV or Excel registry that renewals does not read, as written
    extra: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()  # every source it was found in, when more than one


@dataclass(frozen=True)
class Problem:
    """A row or file that could not be read: where, and what."""

    source: str
    message: Localized


def _says(key: str, **values: object) -> Localized:
    return Localized(ui(key, "zh", **values), ui(key, "en", **values))


def _finding_problem(source: str, issue: Issue, pack: Pack) -> Problem:
    """A dossier's or registry's schema problem, in the words of its rule."""
    from dashi_cli.reporters.base import ReportOptions, render_message

    rule = pack.rules[issue.code]
    finding = Finding(
        issue.code, rule.severity, rule.clause, issue.field, None, None, issue.variant, issue.params
    )
    zh = render_message(finding, ReportOptions(pack=pack, lang="zh"))
    en = render_message(finding, ReportOptions(pack=pack, lang="en"))
    where = f"{issue.field}: " if issue.field else ""
    return Problem(source, Localized(f"{issue.code} {where}{zh}", f"{issue.code} {where}{en}"))


@dataclass(frozen=True)
class RenewalRow:
    record: StudioRecord
    period_start: date
    valid_through: date
    days_left: int | None  # None for a studio that has lost the title: no time is left
    status: RenewalStatus
    # why the studio is lost, expired or expiring (None while simply valid)
    reason: Localized | None = None
    action_by: date | None = None  # the date by which something must be done


@dataclass(frozen=True)
class RenewalsReport:
    as_of: date
    within_days: int
    rows: tuple[RenewalRow, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[str, ...]  # dossiers without review.certified_on
    warnings: tuple[Problem, ...] = ()  # one studio in several sources

    def summary(self) -> dict[str, int]:
        return {s: sum(1 for r in self.rows if r.status == s) for s in STATUSES}

    def exit_code(self) -> int:
        return 1 if self.problems else 0


# --- reading -------------------------------------------------------------------


class _Renewal(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    approved_on: Date


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    name: str | None = None
    applicant: str | None = None
    leader: str | None = None
    certified_on: Date
    renewals: list[_Renewal] | None = None
    left_unit_on: Date | None = None
    in_skill_post: bool | None = None


REGISTRY_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")


def expand(paths: Iterable[Path]) -> list[Entry]:
    """Files as given; folders searched recursively for *.yaml, *.yml, *.csv and *.xlsx,
    leaving out hidden files and folders (.git, .venv, …); with every entry that could
    hold a studio but cannot be read (see :func:`dashi_cli.files.walk`)."""
    found: list[Entry] = []
    for path in paths:
        found += entries(path, REGISTRY_SUFFIXES)
    return found


def read(
    paths: Iterable[Path], pack: Pack, sheet: str | None = None
) -> tuple[list[StudioRecord], list[Problem], list[str]]:
    records: list[StudioRecord] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    limit = Limits().max_bytes
    for entry in expand(paths):
        path, name = entry.path, shown(entry.path)
        if entry.problem is not None:
            problems.append(_unreadable(name, entry.problem, pack))
            continue
        try:
            size = path.stat().st_size
        except OSError as exc:  # gone or shut since the walk
            problems.append(_unreadable(name, Unreadable("unreadable", reason(exc)), pack))
            continue
        if size > limit:
            problems.append(Problem(name, _says("problem_too_large", limit=limit)))
            continue
        suffix = path.suffix.lower()
        if suffix in (".csv", ".xlsx"):
            table = (
                _read_csv(path, name, limit, pack)
                if suffix == ".csv"
                else _read_xlsx(path, name, limit, sheet)
            )
            for item in table:
                if isinstance(item, StudioRecord):
                    records.append(item)
                else:
                    problems.append(item)
        else:
            _read_yaml(path, name, pack, records, problems, skipped)
    return records, problems, skipped


def _unreadable(name: str, problem: Unreadable, pack: Pack) -> Problem:
    """An entry that cannot be read, in the words of Y001 (as `check` reports it)."""
    if problem.variant == "unreadable":
        issue = Issue("Y001", params={"reason": problem.reason}, variant="unreadable")
    else:
        issue = Issue("Y001", params={"path": name}, variant=problem.variant)
    return _finding_problem(name, issue, pack)


def _read_yaml(
    path: Path,
    name: str,
    pack: Pack,
    records: list[StudioRecord],
    problems: list[Problem],
    skipped: list[str],
) -> None:
    loaded = load_file(path)
    unreadable = [i for i in loaded.issues if i.code == "Y001" and i.variant in _ACCESS]
    if unreadable:  # gone, replaced or shut since the walk
        problems.append(_finding_problem(name, unreadable[0], pack))
        return
    if not loaded.readable or loaded.data is None:
        problems.append(Problem(name, _says("problem_not_yaml")))
        return
    errors = [i for i in loaded.issues if i.code in _ERRORS]  # Y004 (encoding) is fine
    for issue in errors:  # a duplicate key would silently pick one of two dates
        where = loaded.position_of(issue)
        source = f"{name}:{where.line}" if where else name
        problems.append(_finding_problem(source, issue, pack))
    if errors:
        return
    data = loaded.data
    if isinstance(data, dict) and "studios" in data:
        studios = data["studios"]
        if not isinstance(studios, list):
            problems.append(Problem(name, _says("problem_studios_list")))
            return
        for index, item in enumerate(studios):
            where = loaded.value_position(("studios", index))
            source = f"{name}:{where.line}" if where else name
            try:
                entry = _Entry.model_validate(item)
            except ValidationError as exc:
                problems.append(Problem(source, _says("problem_entry", detail=first_error(exc))))
                continue
            records.append(
                StudioRecord(
                    entry.name,
                    entry.applicant,
                    entry.leader,
                    entry.certified_on,
                    tuple(r.approved_on for r in entry.renewals or []),
                    entry.left_unit_on,
                    entry.in_skill_post,
                    source,
                )
            )
        return
    modelled = build_dossier(loaded, pack)
    relevant = [
        (issue, where)
        for issue, where in modelled.issues
        if issue.code in _ERRORS
        and (issue.field is None or issue.field.startswith(_DOSSIER_FIELDS))
    ]
    for issue, where in relevant:  # a date we cannot read must not make a studio vanish
        source = f"{name}:{where.line}" if where else name
        problems.append(_finding_problem(source, issue, pack))
    if relevant:
        return
    dossier = modelled.dossier
    review = dossier.review
    if review is None or review.certified_on is None:
        skipped.append(name)
        return
    leader = dossier.leader
    records.append(
        StudioRecord(
            dossier.studio.name if dossier.studio else None,
            dossier.applicant.name if dossier.applicant else None,
            leader.name if leader else None,
            review.certified_on,
            tuple(r.approved_on for r in review.renewals or [] if r.approved_on is not None),
            leader.left_unit_on if leader else None,
            leader.in_skill_post if leader else None,
            name,
        )
    )


_ERRORS = ("Y001", "Y002", "Y003")
_ACCESS = ("missing", "not_file", "unreadable")  # Y001s about the file, not its text

# What renewals reads from a dossier; a schema problem there is a problem of the row.
_DOSSIER_FIELDS = (
    "review",
    "studio.name",
    "applicant.name",
    "leader.name",
    "leader.left_unit_on",
    "leader.in_skill_post",
)


def _read_csv(path: Path, name: str, limit: int, pack: Pack) -> Iterator[StudioRecord | Problem]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        yield _unreadable(name, Unreadable("unreadable", reason(exc)), pack)
        return
    if len(raw) > limit:  # grown since it was measured
        yield Problem(name, _says("problem_too_large", limit=limit))
        return
    decoded = decode(raw)  # Excel saves GBK; other tools UTF-8 or UTF-16
    if decoded is None:
        yield Problem(name, _says("problem_unreadable", reason="encoding"))
        return
    reader = csv.reader(decoded[0].splitlines())

    def rows() -> Iterator[tuple[int, list[object]]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            yield reader.line_num, list(row)

    try:
        yield from _read_rows(name, rows())
    except csv.Error as exc:
        yield Problem(f"{name}:{reader.line_num}", _says("problem_csv", detail=exc))


# An Excel workbook is a zip archive: what it holds, unpacked, is bounded too.
_XLSX_UNPACKED_FACTOR = 20


def _read_xlsx(
    path: Path, name: str, limit: int, sheet: str | None
) -> Iterator[StudioRecord | Problem]:
    """The first sheet of a workbook (or the one named), read as a CSV is: the first
    row that is not empty is the header. Cells typed as Excel dates are dates; dates
    typed as text are read as in a CSV. Formulas count by the value Excel saved."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        yield Problem(name, _says("problem_xlsx", detail=type(exc).__name__))
        return
    if unpacked > limit * _XLSX_UNPACKED_FACTOR:
        yield Problem(name, _says("problem_too_large", limit=limit * _XLSX_UNPACKED_FACTOR))
        return
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl cannot read is this file's problem
        yield Problem(name, _says("problem_xlsx", detail=type(exc).__name__))
        return
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = "、".join(book.sheetnames)
            yield Problem(name, _says("problem_sheet", sheet=sheet, sheets=names))
            return
        table = book[sheet] if sheet is not None else book.worksheets[0]
        rows: Iterator[tuple[int, list[object]]] = (
            (n, list(r)) for n, r in enumerate(table.iter_rows(values_only=True), 1)
        )
        yield from _read_rows(name, rows)
    except Exception as exc:  # noqa: BLE001 - a broken part of the archive, met while reading
        yield Problem(name, _says("problem_xlsx", detail=type(exc).__name__))
    finally:
        book.close()


def _cell(value: object) -> str:
    """A CSV or Excel cell as text: dates in ISO form, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(
    name: str, rows: Iterator[tuple[int, list[object]]]
) -> Iterator[StudioRecord | Problem]:
    """Records from a table's rows (number, cells): the first row that is not empty
    is the header; empty rows are left out; a column renewals does not read is
    carried through under its header."""
    fieldnames: list[str] | None = None
    headers: list[str | None] = []
    for line, row in rows:
        cells = [_cell(value) for value in row]
        if not any(cells):
            continue
        if fieldnames is None:
            fieldnames = cells
            headers = [_BY_HEADER.get(h) for h in fieldnames]
            known = [column for column in headers if column]
            if len(known) != len(set(known)):
                yield Problem(name, _says("problem_column_twice"))
                return
            if "certified_on" not in known:
                yield Problem(name, _says("problem_no_certified_column"))
                return
            continue
        source = f"{name}:{line}"
        values: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        for index, header in enumerate(fieldnames):
            value = cells[index] if index < len(cells) else ""
            column = headers[index]
            if column:
                values[column] = value
            elif header:
                extra.append((header, value))
        try:
            yield _record_from_row(values, source, tuple(extra))
        except _RowError as exc:
            yield Problem(source, _says(exc.key, **exc.values))
    if fieldnames is None:
        yield Problem(name, _says("problem_no_certified_column"))


class _RowError(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def _date(value: str, column: str) -> date:
    day = parse_iso_date(value)
    if day is None:
        raise _RowError("problem_date", column=COLUMNS[column], value=value)
    return day


def _record_from_row(
    values: dict[str, str], source: str, extra: tuple[tuple[str, str], ...] = ()
) -> StudioRecord:
    if not values.get("certified_on"):
        raise _RowError("problem_no_certified")
    renewals = tuple(
        _date(part, "renewals")
        for part in re.split(r"[;,，；、\s]+", values.get("renewals", ""))
        if part
    )
    post = values.get("in_skill_post", "").lower()
    if post and post not in _TRUE | _FALSE:
        raise _RowError("problem_yes_no", column=COLUMNS["in_skill_post"], value=post)
    left = values.get("left_unit_on")
    return StudioRecord(
        values.get("name") or None,
        values.get("applicant") or None,
        values.get("leader") or None,
        _date(values["certified_on"], "certified_on"),
        renewals,
        _date(left, "left_unit_on") if left else None,
        None if not post else post in _TRUE,
        source,
        extra,
    )


# --- judging ----------------------------------------------------------------


def judge(record: StudioRecord, as_of: date, within_days: int, pack: Pack) -> RenewalRow:
    params = pack.parameters
    start = period_start(record.certified_on, record.renewals, as_of)
    end = valid_through(
        start, params.certification_valid_years.value, params.validity_convention.value
    )
    days_left = (end - as_of).days
    status: RenewalStatus
    left = record.left_unit_on is not None and record.left_unit_on <= as_of
    reason: Localized | None = None
    action_by = end
    if left or record.in_skill_post is False:
        status = "lost"
        why = []
        if left:
            why.append(_says("reason_left", date=record.left_unit_on))
        if record.in_skill_post is False:
            why.append(_says("reason_not_in_post"))
        reason = Localized("；".join(w.zh for w in why), "; ".join(w.en for w in why))
        action_by = record.left_unit_on if left and record.left_unit_on else as_of
        return RenewalRow(record, start, end, None, status, reason, action_by)
    elif days_left < 0:
        status = "expired"
        reason = _says("reason_expired", date=end)
    elif days_left <= within_days:
        status = "expiring"
        reason = _says("reason_expiring", date=end)
    else:
        status = "valid"
    return RenewalRow(record, start, end, days_left, status, reason, action_by)


def merge(records: Iterable[StudioRecord]) -> tuple[list[StudioRecord], list[Problem]]:
    """One record per studio: records with the same name (white space ignored) from
    several sources become one, and a warning names the sources and every value they
    disagree on. Merged, the dates are the cautious ones: the earliest certification
    (the earliest expiry), every renewal any source records, the earliest departure of
    the leader, and not in a skill post if any source says so; names and extra
    columns are taken from the first source that has them."""
    groups: dict[object, list[StudioRecord]] = {}
    for record in records:
        key: object = "".join(record.name.split()) if record.name else object()
        groups.setdefault(key, []).append(record)
    merged: list[StudioRecord] = []
    warnings: list[Problem] = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        merged.append(_merged(group))
        sources = tuple(r.source for r in group)
        zh, en = _disagreements(group)
        joined = "、".join(sources)
        warnings.append(
            Problem(
                joined,
                Localized(
                    ui("duplicate_studio", "zh", name=group[0].name, sources=joined)
                    + (ui("disagree", "zh", fields=zh) if zh else ""),
                    ui("duplicate_studio", "en", name=group[0].name, sources=", ".join(sources))
                    + (ui("disagree", "en", fields=en) if en else ""),
                ),
            )
        )
    return merged, warnings


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _merged(group: list[StudioRecord]) -> StudioRecord:
    left = [r.left_unit_on for r in group if r.left_unit_on is not None]
    posts = [r.in_skill_post for r in group if r.in_skill_post is not None]
    extra: dict[str, str] = {}
    for record in group:
        for header, value in record.extra:
            if value and not extra.get(header):
                extra[header] = value
            extra.setdefault(header, value)
    return StudioRecord(
        _first(r.name for r in group),
        _first(r.applicant for r in group),
        _first(r.leader for r in group),
        min(r.certified_on for r in group),
        tuple(sorted({d for r in group for d in r.renewals})),
        min(left) if left else None,
        None if not posts else all(posts),
        group[0].source,
        tuple(extra.items()),
        tuple(r.source for r in group),
    )


_COMPARED = (
    ("applicant", "applicant"),
    ("leader", "leader"),
    ("certified_on", "certified_on"),
    ("renewals", "renewals"),
    ("left_unit_on", "left_unit_on"),
    ("in_skill_post", "in_skill_post"),
)


def _disagreements(group: list[StudioRecord]) -> tuple[str, str]:
    """What the sources say differently: ``认定日期：2022-04-27（a.csv）/ 2022-05-01（b.yaml）``."""
    zh: list[str] = []
    en: list[str] = []
    for attribute, label in _COMPARED:
        said = [(getattr(r, attribute), r.source) for r in group]
        said = [(v, src) for v, src in said if v not in (None, "", ())]
        if len({v for v, _ in said}) < 2:
            continue
        shown_zh = " / ".join(f"{_shown(v)}（{src}）" for v, src in said)
        shown_en = " / ".join(f"{_shown(v)} ({src})" for v, src in said)
        zh.append(f"{COLUMNS[label]}：{shown_zh}")
        en.append(f"{label}: {shown_en}")
    return "；".join(zh), "; ".join(en)


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(_shown(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def renewals(
    paths: Iterable[Path],
    pack: Pack,
    as_of: date,
    within_days: int,
    statuses: Iterable[RenewalStatus] = (),
    sheet: str | None = None,
) -> RenewalsReport:
    found, problems, skipped = read(paths, pack, sheet)
    records, warnings = merge(found)
    wanted = set(statuses) or set(STATUSES)
    rows = [judge(r, as_of, within_days, pack) for r in records]
    # by the date by which something must be done: the expiry, or the day the title was
    # lost (the leader's departure), soonest first
    rows = sorted(
        (r for r in rows if r.status in wanted),
        key=lambda r: (r.action_by or r.valid_through, r.record.name or ""),
    )
    return RenewalsReport(
        as_of, within_days, tuple(rows), tuple(problems), tuple(skipped), tuple(warnings)
    )
