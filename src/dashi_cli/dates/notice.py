"""The public notice of clause 三: 公示5个工作日.

The start day counts when it is a working day (notices write
“公示期：5月6日至5月12日”); a start on a non-working day begins counting on
the next working day. 2025-05-06 → 2025-05-12.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dashi_cli.dates.calendar import CalendarError, Status, WorkCalendar
from dashi_cli.findings import Localized

_MAX_SPAN = timedelta(days=3 * 366)  # no real calendar has a year without working days


@dataclass(frozen=True)
class NoticeResult:
    start: date
    working_days: int
    end: date
    counted: tuple[date, ...]
    skipped: tuple[tuple[date, Localized], ...]
    calendar: dict[int, Status]


def notice_end(
    calendar: WorkCalendar,
    start: date,
    days: int,
    weekend_names: tuple[Localized, Localized],
    *,
    count_start: bool = True,
) -> NoticeResult:
    if days < 1:
        raise CalendarError(f"a notice runs at least one working day, not {days}")
    day = start if count_start else start + timedelta(days=1)
    counted: list[date] = []
    skipped: list[tuple[date, Localized]] = []
    touched_before = dict(calendar.touched)
    calendar.touched.clear()
    try:
        while len(counted) < days:
            if day - start > _MAX_SPAN:
                raise CalendarError(f"no {days} working days within three years of {start}")
            why = calendar.reason(day, weekend_names)
            if why is None:
                counted.append(day)
            else:
                skipped.append((day, why))
            day += timedelta(days=1)
        years = calendar.statuses()
    finally:
        calendar.touched.update(touched_before)
    return NoticeResult(start, days, counted[-1], tuple(counted), tuple(skipped), years)


def count_working_days(calendar: WorkCalendar, first: date, last: date) -> int:
    """Working days from first to last, both included."""
    count, day = 0, first
    while day <= last:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def notice_line(result: NoticeResult, lang: str = "zh") -> str:
    """The line an officer pastes into a 公示 notice: ``公示期：2025年5月6日至2025年5月12日``
    (English: ``Public notice: 6 May 2025 to 12 May 2025``), from the day it starts to
    the day it ends, the start day named even when it is not counted."""
    if lang == "zh":
        return f"公示期：{_zh_day(result.start)}至{_zh_day(result.end)}"
    return f"Public notice: {_en_day(result.start)} to {_en_day(result.end)}"


def _zh_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _en_day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
