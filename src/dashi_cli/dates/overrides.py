"""Calendar override files: a year's days off and working weekends as the State
Council published them (the pack's ``calendar/<year>.yaml`` or ``--calendar PATH``),
read and checked here; imported only when there is such a file."""

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dashi_cli.datafile import load_model
from dashi_cli.dates.calendar import SATURDAY, CalendarError, YearData
from dashi_cli.files import shown
from dashi_cli.findings import Localized
from dashi_cli.model.dossier import Date
from dashi_cli.textforms import FIRST_YEAR, LAST_YEAR


class _Range(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, defer_build=True)
    start: Date = Field(alias="from")
    to: Date | None = None
    date_: Date | None = Field(default=None, alias="date")
    name: str

    @model_validator(mode="before")
    @classmethod
    def _single(cls, value: Any) -> Any:
        if isinstance(value, dict) and "date" in value:
            if "from" in value or "to" in value:
                raise ValueError("give either date or from/to, not both")
            return {**value, "from": value["date"], "to": value["date"]}
        return value


class _Override(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    source: str
    holidays: list[_Range]
    workdays: list[Date] = []

    @model_validator(mode="after")
    def _in_year(self) -> Self:
        for item in self.holidays:
            end = item.to or item.start
            if end < item.start:
                raise ValueError(f"holiday {item.name}: 'to' {end} is before 'from' {item.start}")
            if item.start.year != self.year or end.year != self.year:
                raise ValueError(f"holiday {item.name} is not in {self.year}")
        days_off = {
            item.start + timedelta(days=n)
            for item in self.holidays
            for n in range(((item.to or item.start) - item.start).days + 1)
        }
        for day in self.workdays:
            if day in days_off:
                raise ValueError(f"{day} is both a holiday and a workday")
            if day.year != self.year:
                raise ValueError(f"workday {day} is not in {self.year}")
            if day.weekday() < SATURDAY:
                raise ValueError(f"workday {day} is not a Saturday or Sunday")
        return self


def load_override(path: Path) -> YearData:
    data = load_model(path, _Override, "calendar file", CalendarError)
    days: dict[date, Localized] = {}
    for item in data.holidays:
        day, end = item.start, item.to or item.start
        while day <= end:
            days[day] = Localized(item.name, item.name)
            day += timedelta(days=1)
    return YearData(
        data.year, "override", days, frozenset(data.workdays), f"{data.source} ({shown(path)})"
    )
