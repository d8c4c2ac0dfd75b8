"""Certified studios for `dashi renewals`: registry YAML, CSV or Excel, and dossiers.

A registry YAML has a top-level ``studios:`` list of ``{name, applicant, leader,
certified_on, renewals: [{approved_on}], left_unit_on, in_skill_post}``; a CSV or
an Excel workbook (``.xlsx``: its first sheet, or the one named) has the same
columns under English or Chinese headers (工作室名称, 申报单位, 领办人, 认定日期,
延续日期, 领办人离开单位日期, 仍在技能岗位), and may have others (联系电话, 备注…),
which are carried through to the report as they are; a dossier counts when it
carries ``review.certified_on``. All of them give the same records.

A table is read as officers keep one:

* its header is the first row holding the certification date column (认定日期 or
  certified_on): a title above it (in a merged cell or not) and empty rows are
  left out;
* a cell of a merged range (.xlsx) has the value of the range's top-left cell, so
  an applicant merged over the rows of its studios is every row's applicant; a row
  holding nothing but what a merged cell spreads into it is an empty row, and in
  the header a heading merged across columns names only its first column;
* a date may carry a time of day (``2022-04-27 13:05``, an Excel date-time cell):
  its date is taken;
* in an .xlsx, a number cell in a date column that is an Excel date serial number
  between 1990 and 2199 (44678 for 2022-04-27; dates typed into a sheet formatted
  as numbers) is that date, by the workbook's own calendar (1900 or 1904); any
  other number, and a number in a CSV or typed as text (where 44678 could be
  anything), is not a date: the row is a problem that says what it looks like;
* a formula cell Excel never calculated (a workbook written by a program and never
  opened and saved) has no value to read: in a column renewals reads, the row is a
  problem naming the cell; in another column it is carried as empty;
* only the first 256 columns are read.

A table whose header holds the columns of renewals' own report (period_start,
valid_through, days_left, status, action_by, or their headings in the xlsx report:
认定/延续日期, 有效期至, 剩余天数, 状态, 须办理日期 — at least four of the five), or
a workbook whose first sheet is 有效期 with those headings, is a report of
``dashi renewals`` written into the folder it reads: it is left out and named
among what was skipped, never a problem. Lock files (``~$名册.xlsx`` of Excel and
WPS, ``.~lock.名册.xlsx#`` of LibreOffice) are left out of folders; named on the
command line, they are a problem (they cannot be read).

One studio found in several sources (the same name, white space ignored) is
reported once: its records are merged (see :func:`merge`) and a warning names
every source and every value on which they disagree.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

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

__all__ = [
    "STATUSES",
    "RenewalStatus",
    "is_lock_file",
    "merge",
    "parse_statuses",
    "read",
    "read_sources",
    "renewals",
]


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
    reports: tuple[str, ...] = ()  # tables that are reports of dashi renewals

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


def is_lock_file(name: str) -> bool:
    """A lock file an office program keeps beside a file it has open: ``~$名册.xlsx``
    (Excel, WPS), ``.~lock.名册.xlsx#`` (LibreOffice)."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def expand(paths: Iterable[Path]) -> list[Entry]:
    """Files as given; folders searched recursively for *.yaml, *.yml, *.csv and *.xlsx,
    leaving out hidden files and folders (.git, .venv, …) and lock files (``~$名册.xlsx``,
    see :func:`is_lock_file`); with every entry that could hold a studio but cannot be
    read (see :func:`dashi_cli.files.walk`)."""
    found: list[Entry] = []
    for path in paths:
        found += [
            entry
            for entry in entries(path, REGISTRY_SUFFIXES)
            if entry.path == path or not is_lock_file(entry.path.name)  # named: said below
        ]
    return found


@dataclass
class Reading:
    """What the sources hold: records, what could not be read, and what was left out."""

    records: list[StudioRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # dossiers without review.certified_on
    reports: list[str] = field(default_factory=list)  # tables that are renewals reports


def read(
    paths: Iterable[Path], pack: Pack, sheet: str | None = None
) -> tuple[list[StudioRecord], list[Problem], list[str]]:
    """Records, problems and every source left out (dossiers without a certification
    date, reports of renewals); :func:`read_sources` tells the last two apart."""
    found = read_sources(paths, pack, sheet)
    return found.records, found.problems, found.skipped + found.reports


def read_sources(paths: Iterable[Path], pack: Pack, sheet: str | None = None) -> Reading:
    found = Reading()
    problems = found.problems
    limit = Limits().max_bytes
    for entry in expand(paths):
        path, name = entry.path, shown(entry.path)
        if entry.problem is not None:
            problems.append(_unreadable(name, entry.problem, pack))
            continue
        if is_lock_file(path.name):  # named on the command line
            problems.append(Problem(name, _says("problem_lock_file")))
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
                    found.records.append(item)
                elif isinstance(item, Problem):
                    problems.append(item)
                else:
                    found.reports.append(name)
        else:
            _read_yaml(path, name, pack, found.records, problems, found.skipped)
    return found


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


class _Report:
    """What a table gives when it is a report of dashi renewals, not a registry."""


_REPORT = _Report()

Row = tuple[int, list[object]]  # a table's row: its number, its cells


def _read_csv(
    path: Path, name: str, limit: int, pack: Pack
) -> Iterator[StudioRecord | Problem | _Report]:
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

    def rows() -> Iterator[Row]:
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
_MAX_COLUMNS = 256  # the columns of a sheet that are read
_MAX_MERGED = 50_000  # merged ranges in a sheet: a registry has a few hundred at most


def _read_xlsx(
    path: Path, name: str, limit: int, sheet: str | None
) -> Iterator[StudioRecord | Problem | _Report]:
    """The first sheet of a workbook (or the one named), read as a CSV is, with the
    header found the same way. Cells typed as Excel dates are dates; dates typed as
    text are read as in a CSV; merged cells, date serial numbers and formulas as the
    module says. The workbook is streamed (openpyxl's read-only mode), so that its
    size is what it costs: merged ranges and formulas are read from the sheet's XML
    alongside, since that mode does not give them."""
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
        first = book.worksheets[0]
        if sheet is not None and sheet != first.title and _a_report_sheet(first):
            yield _REPORT  # the renewals report's own workbook, read for another sheet
            return
        table = book[sheet] if sheet is not None else first
        merged, unsaved = _sheet_marks(table)
        yield from _read_rows(name, _xlsx_rows(table, merged, unsaved), book.epoch.date())
    except _RowError as exc:
        yield Problem(name, _says(exc.key, **exc.values))
    except Exception as exc:  # noqa: BLE001 - a broken part of the archive, met while reading
        yield Problem(name, _says("problem_xlsx", detail=type(exc).__name__))
    finally:
        book.close()


def _values(table: Any) -> Iterator[tuple[object, ...]]:
    """A read-only sheet's rows, each as wide as its own last cell: the dimension the
    sheet states may be wrong (too small: rows cut; too large: endless padding)."""
    table.reset_dimensions()
    yield from table.iter_rows(values_only=True)


def _a_report_sheet(table: Any) -> bool:
    """A sheet named as the renewals report's is, its first row the report's headings."""
    from dashi_cli.reporters.xlsx import RENEWALS_SHEET

    if table.title != RENEWALS_SHEET:
        return False
    for number, values in enumerate(_values(table), 1):
        titles = [_cell(value) for value in values[:_MAX_COLUMNS]]
        if any(titles):
            return _is_report(titles)
        if number > 20:
            break
    return False


@dataclass(frozen=True)
class _Unsaved:
    """A formula cell with no saved value (never calculated by Excel)."""

    coordinate: str


@dataclass(frozen=True)
class _Merged:
    """A cell of a merged range: the value of the range's top-left cell, and whether
    it is in another column than that cell."""

    value: object
    across: bool


# Merged ranges by their first row: (first column, last column, last row); and the
# formula cells without a saved value, by row: their columns.
_Marks = tuple[dict[int, list[tuple[int, int, int]]], dict[int, list[int]]]


def _sheet_marks(table: Any) -> _Marks:
    """What read-only mode leaves out of a sheet, from its XML, streamed: its merged
    ranges and its formula cells without a saved value."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
    from openpyxl.xml.functions import iterparse

    merged: dict[int, list[tuple[int, int, int]]] = {}
    unsaved: dict[int, list[int]] = {}
    source = getattr(table, "_get_source", None)  # openpyxl's own opening of the sheet
    if source is None:
        return merged, unsaved
    ranges = 0
    row = column = 0
    open_elements: list[Any] = []
    with source() as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                open_elements.append(element)
                if tag == "row":  # numbered as openpyxl numbers it
                    number = element.get("r")
                    row = int(number) if number else row + 1
                    column = 0
                continue
            open_elements.pop()
            if tag == "c":
                where = element.get("r")
                if where:
                    at, column = coordinate_to_tuple(where)
                else:
                    at, column = row, column + 1
                if column <= _MAX_COLUMNS and _unsaved_formula(element):
                    unsaved.setdefault(at, []).append(column)
            elif tag == "mergeCell":
                ranges += 1
                if ranges > _MAX_MERGED:
                    raise _RowError("problem_merged", limit=_MAX_MERGED)
                left, top, right, bottom = range_boundaries(element.get("ref", ""))
                # (whole rows or columns, without bounds, are no range Excel merges)
                if left and top and right and bottom and left <= _MAX_COLUMNS:
                    merged.setdefault(top, []).append((left, right, bottom))
            parent = open_elements[-1] if open_elements else None
            if parent is not None and not parent.tag.endswith("}c") and parent.tag != "c":
                parent.remove(element)  # read: a sheet's size is never held
    return merged, unsaved


def _unsaved_formula(cell: Any) -> bool:
    """A formula cell with no value saved: no ``<v>``, or an empty one that is not the
    empty text a text formula may give (openpyxl writes ``<v></v>`` for a formula)."""
    kids = {child.tag.rpartition("}")[2]: child for child in cell}
    if "f" not in kids:
        return False
    value = kids.get("v")
    return value is None or (not value.text and cell.get("t") != "str")


def _xlsx_rows(
    table: Any,
    merged: dict[int, list[tuple[int, int, int]]],
    unsaved: dict[int, list[int]],
) -> Iterator[Row]:
    """A sheet's rows: a formula cell without a saved value marked (:class:`_Unsaved`),
    every cell of a merged range but the first given the first's value (:class:`_Merged`)."""
    from openpyxl.utils.cell import get_column_letter

    # column → (first row, last row, first column, value) of the merged range over it
    spread: dict[int, tuple[int, int, int, object]] = {}
    for number, values in enumerate(_values(table), 1):
        cells: list[object] = list(values[:_MAX_COLUMNS])
        for column in unsaved.get(number, ()):
            if column <= len(cells) and cells[column - 1] is None:
                cells[column - 1] = _Unsaved(f"{get_column_letter(column)}{number}")
            elif column > len(cells):
                cells += [None] * (column - len(cells) - 1)
                cells.append(_Unsaved(f"{get_column_letter(column)}{number}"))
        for column in [c for c, (_top, bottom, _left, _v) in spread.items() if bottom < number]:
            del spread[column]  # the ranges that ended above this row
        for left, right, bottom in merged.get(number, ()):
            value = cells[left - 1] if left <= len(cells) else None
            if value is None:
                continue  # an empty range spreads nothing
            for column in range(left, min(right, _MAX_COLUMNS) + 1):
                if column not in spread:  # ranges do not overlap; if they do, the first
                    spread[column] = (number, bottom, left, value)
        for column, (top, _bottom, left, value) in spread.items():
            if top == number and column == left:
                continue  # the range's own cell
            if column > len(cells):
                cells += [None] * (column - len(cells))
            cells[column - 1] = _Merged(value, across=column != left)
        yield number, cells


def _cell(value: object) -> str:
    """A CSV or Excel cell as text: dates in ISO form, whole numbers without ``.0``."""
    if value is None or isinstance(value, _Unsaved):
        return ""
    if isinstance(value, _Merged):
        return _cell(value.value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _heading(value: object) -> str:
    """A header cell as text: a heading merged across columns names only its first."""
    return "" if isinstance(value, _Merged) and value.across else _cell(value)


_REPORT_COLUMNS = (
    ("period_start", "renewed_on"),
    ("valid_through", "valid_through"),
    ("days_left", "days_left"),
    ("status", "status"),
    ("action_by", "xlsx_action_by"),
)
# the renewals report's own headings (its CSV's, and its xlsx's in either language)
_REPORT_HEADINGS = {
    title.casefold(): key
    for key, word in _REPORT_COLUMNS
    for title in (key, ui(word, "zh"), ui(word, "en"))
}


def _is_report(titles: Iterable[str]) -> bool:
    """Whether a header is that of renewals' own report: four of its five columns."""
    found = {_REPORT_HEADINGS.get(title.casefold()) for title in titles}
    return len(found - {None}) >= len(_REPORT_COLUMNS) - 1


def _read_rows(
    name: str, rows: Iterator[Row], epoch: date | None = None
) -> Iterator[StudioRecord | Problem | _Report]:
    """Records from a table's rows (number, cells): the header is the first row with
    the certification date column, rows above it are left out; empty rows are left
    out (a row holding only what merged cells spread into it is empty); a column
    renewals does not read is carried through under its header. ``epoch``: the day
    an Excel serial number counts from, for a workbook (in a CSV, a number is no date)."""
    fieldnames: list[str] | None = None
    headers: list[str | None] = []
    for line, row in rows:
        own = [value for value in row if not isinstance(value, _Merged)]
        if not any(_cell(value) or isinstance(value, _Unsaved) for value in own):
            continue  # empty, or holding only what merged cells above or beside spread
        if fieldnames is None:
            titles = [_heading(value) for value in row]
            if _is_report(titles):
                yield _REPORT
                return
            columns = [_BY_HEADER.get(title) for title in titles]
            if "certified_on" not in columns:
                continue  # a title, or a note, above the header
            fieldnames, headers = titles, columns
            known = [column for column in headers if column]
            if len(known) != len(set(known)):
                yield Problem(name, _says("problem_column_twice"))
                return
            continue
        source = f"{name}:{line}"
        values: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        blank: list[tuple[str, str]] = []  # formula cells without a value: (cell, heading)
        for index, header in enumerate(fieldnames):
            value = row[index] if index < len(row) else None
            if isinstance(value, _Merged):
                value = value.value
            column = headers[index]
            if column and isinstance(value, _Unsaved):
                blank.append((value.coordinate, header))
            elif column:
                values[column] = _date_cell(value, epoch) if column in _DATES else _cell(value)
            elif header:
                extra.append((header, _cell(value)))
        if blank:
            where, heading = blank[0]
            yield Problem(source, _says("problem_formula", cell=where, column=heading))
            continue
        try:
            yield _record_from_row(values, source, tuple(extra))
        except _RowError as exc:
            yield Problem(source, _says(exc.key, **exc.values))
    if fieldnames is None:
        yield Problem(name, _says("problem_no_certified_column"))


_DATES = ("certified_on", "renewals", "left_unit_on")
# Excel date serial numbers taken for dates: 1990 to 2199 (a smaller number is more
# likely a count than a date)
_FIRST_SERIAL_DAY, _LAST_SERIAL_DAY = date(1990, 1, 1), date(2199, 12, 31)
_EXCEL_1900 = date(1899, 12, 30)  # day 0 of the 1900 calendar, as Excel counts


def _serial_date(value: float, epoch: date) -> date | None:
    """An Excel serial number as a date (its time of day dropped), when it is one
    in 1990–2199."""
    if not math.isfinite(value):
        return None
    days = math.floor(value)
    if not (_FIRST_SERIAL_DAY - epoch).days <= days <= (_LAST_SERIAL_DAY - epoch).days:
        return None
    return epoch + timedelta(days=days)


def _date_cell(value: object, epoch: date | None) -> str:
    """A date column's cell as text: a number in a workbook that is a plausible date
    serial number becomes that date."""
    if epoch is not None and isinstance(value, int | float) and not isinstance(value, bool):
        day = _serial_date(value, epoch)
        if day is not None:
            return day.isoformat()
    return _cell(value)


class _RowError(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


# a time of day after a date (2022-04-27 13:05, 2022-04-27T13:05:00): the date is taken
_TIME = re.compile(r"(?<=[\d日])(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?=$|[;,，；、\s])")


def _date(value: str, column: str) -> date:
    day = parse_iso_date(value)
    if day is None:
        if value.isdigit() and _serial_date(int(value), _EXCEL_1900) is not None:
            raise _RowError("problem_date_serial", column=COLUMNS[column], value=value)
        raise _RowError("problem_date", column=COLUMNS[column], value=value)
    return day


def _record_from_row(
    values: dict[str, str], source: str, extra: tuple[tuple[str, str], ...] = ()
) -> StudioRecord:
    if not values.get("certified_on"):
        raise _RowError("problem_no_certified")
    renewals = tuple(
        _date(part, "renewals")
        for part in re.split(r"[;,，；、\s]+", _TIME.sub("", values.get("renewals", "")))
        if part
    )
    post = values.get("in_skill_post", "").lower()
    if post and post not in _TRUE | _FALSE:
        raise _RowError("problem_yes_no", column=COLUMNS["in_skill_post"], value=post)
    left = _TIME.sub("", values.get("left_unit_on", ""))
    return StudioRecord(
        values.get("name") or None,
        values.get("applicant") or None,
        values.get("leader") or None,
        _date(_TIME.sub("", values["certified_on"]), "certified_on"),
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
    found = read_sources(paths, pack, sheet)
    records, warnings = merge(found.records)
    wanted = set(statuses) or set(STATUSES)
    rows = [judge(r, as_of, within_days, pack) for r in records]
    # by the date by which something must be done: the expiry, or the day the title was
    # lost (the leader's departure), soonest first
    rows = sorted(
        (r for r in rows if r.status in wanted),
        key=lambda r: (r.action_by or r.valid_through, r.record.name or ""),
    )
    return RenewalsReport(
        as_of,
        within_days,
        tuple(rows),
        tuple(found.problems),
        tuple(found.skipped),
        tuple(warnings),
        tuple(found.reports),
    )
