"""Reports of the date commands: notice-end, renewals and calendar. Formatting only."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dashi_cli.dates import NoticeResult, Status
from dashi_cli.dates.calendar import SATURDAY
from dashi_cli.findings import Localized
from dashi_cli.i18n import ui
from dashi_cli.pack import Lang
from dashi_cli.privacy import mask_text
from dashi_cli.reporters.base import estimated_warning
from dashi_cli.reporters.csv import safe_cell
from dashi_cli.reporters.safe import cell, json_text, visible

if TYPE_CHECKING:
    from rich.console import Console

    from dashi_cli.registry import RenewalsReport

_STATUS_STYLE = {"valid": "green", "expiring": "yellow", "expired": "bold red", "lost": "bold red"}


def _text(value: Localized, lang: Lang) -> str:
    return value.zh if lang == "zh" else value.en


def calendar_json(statuses: Mapping[int, Status]) -> dict[str, str]:
    return {str(year): status for year, status in sorted(statuses.items())}


def print_calendar_status(console: Console, statuses: Mapping[int, Status], lang: Lang) -> None:
    from rich.text import Text

    from dashi_cli.reporters.table import print_paragraph

    if not statuses:
        return
    parts = [f"{y} {ui(s, lang)}" for y, s in sorted(statuses.items())]
    print_paragraph(console, Text(ui("calendar_line", lang, statuses=", ".join(parts)), "dim"))
    warning = estimated_warning(statuses, lang)
    if warning:
        print_paragraph(console, Text(warning, "bold yellow"))


# --- notice-end ---------------------------------------------------------------


def notice_json(result: NoticeResult, lang: Lang) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "start": result.start.isoformat(),
        "working_days": result.working_days,
        "end": result.end.isoformat(),
        "counted": [d.isoformat() for d in result.counted],
        "skipped": [{"date": d.isoformat(), "reason": _text(r, lang)} for d, r in result.skipped],
        "calendar": calendar_json(result.calendar),
    }
    warning = estimated_warning(result.calendar, lang)
    doc["warnings"] = [warning] if warning else []
    return doc


def write_notice(result: NoticeResult, fmt: str, lang: Lang, out: TextIO) -> None:
    if fmt == "json":
        out.write(json_text(notice_json(result, lang), indent=2) + "\n")
        return
    from rich.text import Text

    from dashi_cli.reporters.table import Column, console_for, print_paragraph, print_records

    console = console_for(out)
    summary = ui(
        "notice_summary", lang, start=result.start, days=result.working_days, end=result.end
    )
    print_paragraph(console, Text(summary, "bold"))
    columns = [Column(ui(key, lang)) for key in ("date", "weekday")]
    columns.append(Column(ui("message", lang), keep=False, floor=10))
    rows: list[list[Text]] = []
    skipped = dict(result.skipped)
    day = result.start
    while day <= result.end:
        weekday = Text(_weekday(day, lang))
        if day not in skipped and day not in result.counted:  # --exclude-start
            rows.append([Text(day.isoformat(), "dim"), weekday, Text(ui("start_excluded", lang))])
        elif day in skipped:
            rows.append(
                [Text(day.isoformat(), "dim"), weekday, cell(_text(skipped[day], lang), "dim")]
            )
        elif day in result.counted:
            note = ui("counted", lang, n=result.counted.index(day) + 1)
            if day.weekday() >= SATURDAY:
                note += ui("adjusted_workday", lang)
            rows.append([Text(day.isoformat(), "bold"), weekday, Text(note)])
        day += timedelta(days=1)
    print_records(console, columns, rows, lang)
    print_calendar_status(console, result.calendar, lang)


_WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def _weekday(day: date, lang: Lang) -> str:
    names = _WEEKDAYS[lang]
    return f"周{names[day.weekday()]}" if lang == "zh" else names[day.weekday()]


# --- renewals ----------------------------------------------------------------


def renewals_json(
    report: RenewalsReport, lang: Lang = "zh", show_pii: bool = False
) -> dict[str, Any]:
    def text(value: str | None) -> str | None:
        return value if value is None or show_pii else mask_text(value)

    return {
        "as_of": report.as_of.isoformat(),
        "within_days": report.within_days,
        "studios": [
            {
                "name": text(r.record.name),
                "applicant": text(r.record.applicant),
                "leader": text(r.record.leader),
                "certified_on": r.record.certified_on.isoformat(),
                "period_start": r.period_start.isoformat(),
                "valid_through": r.valid_through.isoformat(),
                "days_left": r.days_left,
                "status": r.status,
                "reason": text(_text(r.reason, lang)) if r.reason else None,
                "action_by": (r.action_by or r.valid_through).isoformat(),
                "source": text(r.record.source),
                "sources": [text(s) for s in r.record.sources or (r.record.source,)],
                "extra": {text(k): text(v) for k, v in r.record.extra},
            }
            for r in report.rows
        ],
        "summary": report.summary(),
        "problems": [
            {"source": text(p.source), "message": text(_text(p.message, lang))}
            for p in report.problems
        ],
        "warnings": [
            {"source": text(w.source), "message": text(_text(w.message, lang))}
            for w in report.warnings
        ],
        "skipped": [text(path) for path in report.skipped],
        "skipped_reports": [text(path) for path in report.reports],
    }


RENEWALS_CSV_HEADER = (
    "name",
    "applicant",
    "leader",
    "certified_on",
    "period_start",
    "valid_through",
    "days_left",
    "status",
    "source",
    "reason",
    "action_by",
)


def write_renewals(
    report: RenewalsReport, fmt: str, lang: Lang, out: TextIO, show_pii: bool = False
) -> None:
    document = renewals_json(report, lang, show_pii)
    if fmt == "json":
        out.write(json_text(document, indent=2) + "\n")
        return
    if fmt == "csv":
        # problems, warnings and what was skipped are not rows of the table: said on stderr
        prefix = "dashi：" if lang == "zh" else "dashi: "
        for problem in [*document["problems"], *document["warnings"], *_skipped(document, lang)]:
            line = f"{problem['source']}: {problem['message']}"
            print(prefix + visible(line, newlines=False), file=sys.stderr)
        import csv  # only for this format: the table and JSON need none of it

        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        extra: list[str] = []  # the registries' own columns, carried through after ours
        for row in document["studios"]:
            extra += [k for k in row["extra"] if k not in extra]
        writer.writerow([*RENEWALS_CSV_HEADER, *extra])
        for row in document["studios"]:
            values = [row[key] for key in RENEWALS_CSV_HEADER]
            values += [row["extra"].get(key) for key in extra]
            writer.writerow([safe_cell(v) if v is not None else "" for v in values])
        return
    from rich.text import Text

    from dashi_cli.reporters.table import Column, console_for, print_paragraph, print_records

    console = console_for(out)
    title = ui("renewals_title", lang, as_of=report.as_of, within=report.within_days)
    print_paragraph(console, Text(title, "bold"))
    if report.rows:
        files = {r.record.source.rsplit(":", 1)[0] for r in report.rows}
        keys = ["studio", "leader", "renewed_on", "valid_through", "days_left", "status", "source"]
        if len(files) == 1:
            keys.remove("source")  # one file: the JSON and CSV still carry it per row
        rows = []
        for r in report.rows:
            masked = (lambda v: v) if show_pii else mask_text
            cells: dict[str, Text] = {
                "studio": cell(masked(r.record.name or "—")),
                "leader": cell(masked(r.record.leader or "—")),
                "renewed_on": Text(r.period_start.isoformat()),
                "valid_through": Text(r.valid_through.isoformat()),
                "days_left": Text("—" if r.days_left is None else str(r.days_left)),
                "status": _status(r, lang, masked),
                "source": cell(masked(Path(r.record.source).name), "dim"),
            }
            rows.append([cells[k] for k in keys])
        columns = [Column(ui(k, lang), keep=k != "status", floor=12) for k in keys]
        print_records(console, columns, rows, lang)
    else:
        print_paragraph(console, Text(ui("no_studios", lang)))
    counts = report.summary()
    print_paragraph(console, Text(ui("renewals_summary", lang, total=len(report.rows), **counts)))
    for key, field in (("skipped_dossiers", "skipped"), ("skipped_reports", "skipped_reports")):
        if document[field]:  # each named, whole, under the count
            skipped = ui(key, lang, count=len(document[field]))
            print_paragraph(console, Text(skipped, "dim"))
            for path in document[field]:
                shown = cell(path, "dim", newlines=False)
                print_paragraph(console, Text.assemble("  ", shown), whole=[(2, 2 + len(shown))])
    if report.warnings:
        print_paragraph(console, Text(ui("renewals_warnings", lang), "bold yellow"))
        for warning in document["warnings"]:
            shown = Text.assemble("  ", cell(warning["message"], newlines=False))
            print_paragraph(console, shown, hang=4)
    if report.problems:
        print_paragraph(console, Text(ui("problems", lang), "bold red"))
        for problem in document["problems"]:
            source = cell(f"{problem['source']}:", newlines=False)
            shown = Text.assemble("  ", source, " ", cell(problem["message"], newlines=False))
            print_paragraph(console, shown, whole=[(2, 2 + len(source))], hang=4)


def _skipped(document: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """What was left out, each with why, as problems are given."""
    why = {"skipped": "xlsx_skipped_why", "skipped_reports": "skipped_report_why"}
    return [
        {"source": path, "message": ui("skipped_line", lang, why=ui(key, lang))}
        for field, key in why.items()
        for path in document[field]
    ]


def _status(row: Any, lang: Lang, masked: Any) -> Any:
    """The status, and under it why (lost, expired, expiring): prose that may wrap."""
    from rich.text import Text

    shown = Text(ui(row.status, lang), _STATUS_STYLE[row.status])
    if row.reason is not None:
        shown.append("\n")
        shown.append_text(cell(masked(_text(row.reason, lang)), "dim"))
    return shown


# --- calendar ----------------------------------------------------------------


def write_calendar(info: dict[str, Any], fmt: str, lang: Lang, out: TextIO) -> None:
    if fmt == "json":
        out.write(json_text(info, indent=2) + "\n")
        return
    from rich.text import Text

    from dashi_cli.reporters.table import Column, console_for, print_paragraph, print_records

    console = console_for(out)
    print_paragraph(console, Text(ui("calendar_title", lang), "bold"))
    library = info["library"]
    line = ui(
        "library_line",
        lang,
        version=library["version"],
        first=library["official_years"][0],
        last=library["official_years"][1],
    )
    print_paragraph(console, Text(line))
    columns = [Column(ui(key, lang)) for key in ("year", "status", "holidays", "workdays")]
    columns.append(Column(ui("source", lang), keep=False, floor=10))
    rows = [
        [
            Text(year),
            Text(ui(data["status"], lang), "bold yellow" if data["status"] == "estimated" else ""),
            Text(str(data["holidays"])),
            Text(str(data["workdays"])),
            cell(data["source"]),
        ]
        for year, data in info["years"].items()
    ]
    print_records(console, columns, rows, lang)
    for year, data in info["years"].items():
        if data["status"] == "estimated":
            unknown = ui("next_year_unknown", lang, year=year)
            print_paragraph(console, Text(unknown, "bold yellow"))
