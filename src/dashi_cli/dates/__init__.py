"""Dates: China's working-day calendar, public notice periods and certification validity."""

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
    "notice_end",
    "period_start",
    "valid_through",
]
