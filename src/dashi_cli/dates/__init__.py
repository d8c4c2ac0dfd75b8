"""Dates: China's working-day calendar, public notice periods and certification validity."""

from typing import Any

from dashi_cli.dates.calendar import CalendarError, Status, WorkCalendar, YearData
from dashi_cli.dates.notice import NoticeResult, count_working_days, notice_end
from dashi_cli.dates.validity import period_start, valid_through

__all__ = [
    "CalendarError",
    "NoticeResult",
    "Status",
    "WorkCalendar",
    "YearData",
    "count_working_days",
    "load_override",
    "notice_end",
    "period_start",
    "valid_through",
]


def __getattr__(name: str) -> Any:
    """``load_override`` is imported when asked for: its pydantic models are needed only
    when there is a calendar override file (:mod:`dashi_cli.dates.overrides`)."""
    if name == "load_override":
        from dashi_cli.dates.overrides import load_override

        return load_override
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
