"""The line an officer pastes into a 公示 notice (`notice-end --format text`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dashi_cli.dates.notice import NoticeResult, notice_line


def _result(start: date, end: date) -> NoticeResult:
    return NoticeResult(start, 5, end, (), (), {})


def test_the_issue_example() -> None:
    result = _result(date(2025, 5, 6), date(2025, 5, 12))
    assert notice_line(result) == "公示期：2025年5月6日至2025年5月12日"
    assert notice_line(result, "en") == "Public notice: 6 May 2025 to 12 May 2025"


@given(st.dates(date(1990, 1, 1), date(2199, 12, 1)), st.integers(0, 60))
def test_the_line_names_both_days_without_leading_zeros(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    zh = notice_line(_result(start, end))
    match = re.fullmatch(r"公示期：(\d+)年(\d+)月(\d+)日至(\d+)年(\d+)月(\d+)日", zh)
    assert match is not None
    numbers = [int(g) for g in match.groups()]
    assert date(*numbers[:3]) == start and date(*numbers[3:]) == end
    assert all(not g.startswith("0") for g in match.groups())
    en = notice_line(_result(start, end), "en")
    assert re.fullmatch(
        r"Public notice: \d{1,2} [A-Z][a-z]+ \d{4} to \d{1,2} [A-Z][a-z]+ \d{4}", en
    )
