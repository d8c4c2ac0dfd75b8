"""Validity of a certification (六.3) and of the policy itself (七).

中华人民共和国民法典 arts. 201–202: the start day is not counted; a period in
years ends on the corresponding day of the last year, or on that month's last
day when there is none (29 February). Certified 2022-04-27 → valid through
2027-04-27; 2024-02-29 → 2029-02-28. The pack's ``validity_convention`` may
instead select ``day_before`` (2022-12-01 → 2027-11-30), as many certificates
print: the day before the anniversary (1999-03-01 → 2004-02-29), and for a
start on 29 February, 28 February (2024-02-29 → 2029-02-28). A renewal starts
a new period from its approval date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

Convention = Literal["civil_code", "day_before"]


@lru_cache(maxsize=4096)  # pure, and asked for the same dates by several rules
def valid_through(start: date, years: int, convention: Convention = "civil_code") -> date:
    from dateutil.relativedelta import relativedelta  # only when a date is asked for

    end: date = start + relativedelta(years=years)  # 29 Feb → 28 Feb: the month's last day
    if convention == "day_before":
        # the day before the anniversary: 2022-12-01 → 2027-11-30, 1999-03-01 → 2004-02-29;
        # a start on 29 February has no anniversary in a common year and ends on 28 February
        if (start.month, start.day) == (2, 29) and end.day == 28:
            return end
        return end - timedelta(days=1)
    return end


def period_start(certified_on: date, renewals: Iterable[date], as_of: date) -> date:
    """The start of the period in force on as_of: the latest renewal approved by then."""
    return max([certified_on, *(r for r in renewals if certified_on <= r <= as_of)])
