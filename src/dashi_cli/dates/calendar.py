"""China's official working-day calendar.

A working day is a weekday that is not a holiday, or a weekend day the State
Council made a working day (调休). Each year comes from one source:

- ``override``: a calendar override file (the pack's ``calendar/<year>.yaml``
  or ``--calendar PATH``), which replaces everything else for its year;
- ``official``: the ``holidays`` package, for the years whose State Council
  schedule it carries (from the pack's first official year to the last year
  with a schedule in the package);
- ``estimated``: the ``holidays`` package's computation for any other year:
  fixed and lunar festivals, but no 调休, so the result may change when the
  schedule is published.

The package is imported only when a year is first needed.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple, Self

from dashi_cli.dates.cache import HolidayCache, RawYear, package_identity
from dashi_cli.errors import DashiError
from dashi_cli.findings import Localized

Status = Literal["official", "override", "estimated"]
SATURDAY, SUNDAY = 5, 6


class CalendarError(DashiError):
    """A calendar override file cannot be used."""


class YearData(NamedTuple):
    year: int
    status: Status
    holidays: Mapping[date, Localized]  # days off, with their names
    workdays: frozenset[date]  # weekend days that are working days (调休)
    source: str


# --- the library -------------------------------------------------------------


def library_version() -> str:
    identity = package_identity()
    return identity[0] if identity else "unknown"


def _china() -> Any:
    """The holidays package's China module (untyped, so held as Any here only)."""
    from holidays.countries import china

    return china


def _last_official_from_package() -> int:
    """The last year whose State Council schedule the holidays package carries.

    The package keeps each year's schedule (its 调休 swaps) in
    ``ChinaStaticHolidays.special_public_holidays``; without that table, the
    last year with a working weekend day stands for it.
    """
    china = _china()
    table = getattr(getattr(china, "ChinaStaticHolidays", None), "special_public_holidays", None)
    if isinstance(table, dict) and table:
        return max(int(year) for year in table)
    this_year = date.today().year  # only to bound the fallback's search
    calendar = china.China(years=range(this_year - 5, this_year + 2))
    return int(max(d.year for d in calendar.weekend_workdays))


def _raw_from_package(year: int) -> RawYear:
    china = _china()
    zh = china.China(years=year, language="zh_CN")
    en = china.China(years=year, language="en_US")
    days = tuple(
        (d, str(name), str(en.get(d, name))) for d, name in sorted(zh.items()) if d.year == year
    )
    return RawYear(days, tuple(sorted(d for d in zh.weekend_workdays if d.year == year)))


_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def _iso_dates(text: str) -> str:
    """The package's English names write dates the US way (09/28/2025): make them ISO."""
    return _US_DATE.sub(r"\3-\1-\2", text)


def library_year(
    year: int, first_official: int, notice_title: str, cache: HolidayCache | None = None
) -> YearData:
    raw = cache.year(year) if cache else None
    last = cache.last_official() if cache else None
    if raw is None or last is None:
        raw, last = _raw_from_package(year), _last_official_from_package()
        if cache:
            cache.store(year, raw, last)
    days = {d: Localized(zh, _iso_dates(en)) for d, zh, en in raw.holidays}
    version = library_version()
    if first_official <= year <= last:
        source = f"holidays {version}: {notice_title.format(year=year)}"
        return YearData(year, "official", days, frozenset(raw.workdays), source)
    return YearData(
        year, "estimated", days, frozenset(raw.workdays), f"holidays {version}: estimated"
    )


def last_official_year(cache: HolidayCache | None = None) -> int:
    last = cache.last_official() if cache else None
    return last if last is not None else _last_official_from_package()


# --- the calendar --------------------------------------------------------------


@dataclass
class WorkCalendar:
    """Working days for any year; remembers which years a computation touched."""

    first_official: int
    notice_title: str
    overrides: dict[int, YearData] = field(default_factory=dict)
    cache: HolidayCache | None = field(default_factory=HolidayCache, repr=False)
    _years: dict[int, YearData] = field(default_factory=dict, repr=False)
    touched: dict[int, Status] = field(default_factory=dict)

    @classmethod
    def from_files(cls, first_official: int, notice_title: str, files: Iterable[Path]) -> Self:
        overrides: dict[int, YearData] = {}
        for path in files:
            from dashi_cli.dates.overrides import load_override  # only when there are files

            data = load_override(path)
            overrides[data.year] = data  # a later file for the same year wins
        return cls(first_official, notice_title, overrides)

    def year(self, year: int) -> YearData:
        if year not in self._years:
            self._years[year] = self.overrides.get(year) or library_year(
                year, self.first_official, self.notice_title, self.cache
            )
        data = self._years[year]
        self.touched[year] = data.status
        return data

    def is_working_day(self, day: date) -> bool:
        data = self.year(day.year)
        if day in data.workdays:
            return True
        return day.weekday() < SATURDAY and day not in data.holidays

    def reason(self, day: date, weekend_names: tuple[Localized, Localized]) -> Localized | None:
        """Why a day is not a working day: the holiday's name, or 周六/周日."""
        if self.is_working_day(day):
            return None
        data = self.year(day.year)
        if day in data.holidays:
            return data.holidays[day]
        return weekend_names[day.weekday() - SATURDAY]

    def statuses(self) -> dict[int, Status]:
        return dict(sorted(self.touched.items()))


def calendar_info(calendar: WorkCalendar, as_of: date) -> dict[str, Any]:
    """What the calendar covers and from where: the library's official years, each
    override, this year and next year (so an officer knows before December)."""
    years = sorted({*calendar.overrides, as_of.year, as_of.year + 1})
    described = {}
    for year in years:
        data = calendar.year(year)
        described[str(year)] = {
            "status": data.status,
            "holidays": len(data.holidays),
            "workdays": len(data.workdays),
            "source": data.source,
        }
    return {
        "library": {
            "name": "holidays",
            "version": library_version(),
            "official_years": [calendar.first_official, last_official_year(calendar.cache)],
        },
        "overrides": [
            {"year": y, "source": d.source} for y, d in sorted(calendar.overrides.items())
        ],
        "years": described,
        "next_year": {"year": as_of.year + 1, "status": calendar.year(as_of.year + 1).status},
    }
