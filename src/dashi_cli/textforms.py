"""Dates and year-months as officers type them.

``2022-04-27``, ``2022-4-27``, ``2022/4/27``, ``2022.4.27``, ``2022年4月27日``;
year-months ``1978-05``, ``1978-5``, ``1978/5``, ``1978.05``, ``1978年5月``.
Full-width digits (２０２２) are read as digits. Anything else, or a day that
does not exist (2023-02-29), is not a date: the caller reports it.
"""

from __future__ import annotations

import re
from datetime import date

FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")

# The years any date may have: wide enough for every real dossier, narrow
# enough that date arithmetic (five-year periods, notices) never overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2199

_DATE = re.compile(r"^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?)$")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月?)$")


def _clean(text: str) -> str:
    return "".join(text.translate(FULLWIDTH).split())


def parse_date(text: str) -> date | None:
    match = _DATE.match(_clean(text))
    if not match:
        return None
    year, _sep, month, day, month_zh, day_zh = match.groups()
    try:
        value = date(int(year), int(month or month_zh), int(day or day_zh))
    except ValueError:
        return None
    return value if FIRST_YEAR <= value.year <= LAST_YEAR else None


def parse_year_month(text: str) -> tuple[int, int] | None:
    match = _YEAR_MONTH.match(_clean(text))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2) or match.group(3))
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return year, month
