"""Certification validity (六.3, 七): Civil Code arts. 201–202 and the day_before convention."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dashi_cli.dates import period_start, valid_through
from dashi_cli.dates.validity import Convention

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


def _corresponding_day(start: date, years: int) -> date:
    """The same month and day `years` later, or that month's last day when there is none."""
    year = start.year + years
    last = calendar.monthrange(year, start.month)[1]
    return date(year, start.month, min(start.day, last))


@given(DATES)
def test_civil_code_ends_on_the_corresponding_day(day: date) -> None:
    end = valid_through(day, 5)
    assert end == _corresponding_day(day, 5)
    assert (end.month, end.day) == (day.month, day.day) or (
        (day.month, day.day) == (2, 29) and (end.month, end.day) == (2, 28)
    )


@given(DATES, DATES)
def test_never_decreases(first: date, second: date) -> None:
    earlier, later = sorted((first, second))
    assert valid_through(earlier, 5) <= valid_through(later, 5)
    assert valid_through(earlier, 5, "day_before") <= valid_through(later, 5, "day_before")


@given(DATES)
@example(date(2024, 2, 29))
@example(date(2024, 3, 1))
@example(date(1999, 3, 1))
def test_day_before_is_the_eve_of_the_anniversary(day: date) -> None:
    """One day before the Civil Code's end; for a start on 29 February both end on
    28 February (its eve, 28 Feb, five years on), as certificates print."""
    civil = valid_through(day, 5)
    if (day.month, day.day) == (2, 29):
        assert valid_through(day, 5, "day_before") == civil == date(day.year + 5, 2, 28)
    else:
        assert valid_through(day, 5, "day_before") == civil - timedelta(days=1)
    assert valid_through(day, 5, "civil_code") == civil


@pytest.mark.parametrize(
    ("start", "convention", "end"),
    [
        (date(2022, 4, 27), "civil_code", date(2027, 4, 27)),
        (date(2024, 2, 29), "civil_code", date(2029, 2, 28)),
        (date(2022, 12, 1), "civil_code", date(2027, 12, 1)),
        (date(2022, 12, 1), "day_before", date(2027, 11, 30)),
        (date(2024, 2, 29), "day_before", date(2029, 2, 28)),
        (date(2024, 3, 1), "day_before", date(2029, 2, 28)),
        (date(1999, 3, 1), "day_before", date(2004, 2, 29)),
    ],
)
def test_examples(start: date, convention: Convention, end: date) -> None:
    assert valid_through(start, 5, convention) == end


# --- period_start ------------------------------------------------------------------


@given(DATES, st.lists(DATES, max_size=6), DATES)
def test_period_start_is_the_latest_renewal_in_range(
    certified: date, renewals: list[date], as_of: date
) -> None:
    start = period_start(certified, renewals, as_of)
    assert start == certified or start in renewals
    if start != certified:
        assert certified <= start <= as_of
    # no renewal approved between the certification and the as-of date is later than it
    assert not [r for r in renewals if certified <= r <= as_of and r > start]


@given(DATES, st.lists(DATES, max_size=6), DATES)
def test_period_start_ignores_renewals_out_of_range(
    certified: date, renewals: list[date], as_of: date
) -> None:
    kept = [r for r in renewals if certified <= r <= as_of]
    start = period_start(certified, renewals, as_of)
    assert start == period_start(certified, kept, as_of)
    assert certified <= start
    assert start <= as_of or start == certified


def test_period_start_examples() -> None:
    certified = date(2022, 4, 27)
    assert period_start(certified, [], date(2028, 1, 1)) == certified
    # the latest renewal on or before the as-of date
    renewals = [date(2027, 3, 1), date(2032, 2, 1)]
    assert period_start(certified, renewals, date(2028, 1, 1)) == date(2027, 3, 1)
    assert period_start(certified, renewals, date(2032, 2, 1)) == date(2032, 2, 1)
    assert period_start(certified, renewals, date(2033, 1, 1)) == date(2032, 2, 1)
    # a renewal approved after the as-of date is ignored
    assert period_start(certified, [date(2027, 6, 1)], date(2027, 5, 1)) == certified
    # a renewal dated before the certification is ignored
    assert period_start(certified, [date(2021, 1, 1)], date(2028, 1, 1)) == certified
    # order of the list does not matter
    assert period_start(certified, renewals[::-1], date(2033, 1, 1)) == date(2032, 2, 1)
