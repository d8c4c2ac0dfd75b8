"""The 5-working-day public notice (clause 三) around the 2024–2026 holidays.

Every expected end date was worked out by hand from the State Council's schedules
(国务院办公厅关于2024/2025/2026年部分节假日安排的通知), not by running the code. The rule
(docs/rules.md, P002; README, "Date interpretations"): the start day counts when it is a
working day; a start on a non-working day begins counting on the next working day; the
end is the 5th counted day.
In the comments, "off" = a day off of the schedule, "works" = a 调休 weekend working day,
and (n) = the n-th counted working day.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashi_cli.dates import WorkCalendar, notice_end
from dashi_cli.engine import default_calendar
from dashi_cli.findings import Localized
from dashi_cli.pack import Pack

D = date.fromisoformat

TABLE: list[tuple[str, str]] = [
    # --- 2024 (国务院办公厅关于2024年部分节假日安排的通知) ---
    # 元旦: Jan 1 (Mon) off. Start on the holiday: Jan 2–5 (1–4), Jan 6–7 weekend, Jan 8 (5).
    ("2024-01-01", "2024-01-08"),
    # 春节: Feb 10–17 off, Feb 4 (Sun) works. Start on the 调休 Sunday Feb 4 (1), Feb 5–8 (2–5).
    ("2024-02-04", "2024-02-08"),
    # 春节: Feb 8 Thu (1), Feb 9 Fri 除夕 is a working day in the schedule (2), Feb 10–17 off,
    # Feb 18 (Sun) works (3), Feb 19 (4), Feb 20 (5).
    ("2024-02-08", "2024-02-20"),
    # 春节: start Feb 12 (Mon, off) → counting begins Feb 18 (Sun, works) (1), Feb 19–22 (2–5).
    ("2024-02-12", "2024-02-22"),
    # 清明: Apr 4–6 off, Apr 7 (Sun) works. Apr 2–3 (1–2), Apr 7 (3), Apr 8–9 (4–5).
    ("2024-04-02", "2024-04-09"),
    # 清明: start Apr 6 (Sat, off) → Apr 7 (Sun, works) (1), Apr 8–11 (2–5).
    ("2024-04-06", "2024-04-11"),
    # 劳动节: May 1–5 off, Apr 28 (Sun) works. Start Apr 27 (ordinary Saturday) → Apr 28 (1),
    # Apr 29–30 (2–3), May 1–5 off, May 6–7 (4–5).
    ("2024-04-27", "2024-05-07"),
    # 劳动节: May 11 (Sat) works. May 7–10 Tue–Fri (1–4), May 11 (5).
    ("2024-05-07", "2024-05-11"),
    # 端午: Jun 8–10 off (only Jun 10, Mon, is a weekday). Jun 6–7 (1–2), Jun 8–9 weekend,
    # Jun 10 off, Jun 11–13 (3–5).
    ("2024-06-06", "2024-06-13"),
    # 端午: start Jun 8 (Sat, off) → Jun 11–14 (1–4), Jun 15–16 weekend, Jun 17 (5).
    ("2024-06-08", "2024-06-17"),
    # 中秋: Sep 15–17 off, Sep 14 (Sat) works. Sep 12–13 (1–2), Sep 14 (3), Sep 18–19 (4–5).
    ("2024-09-12", "2024-09-19"),
    # 中秋: start on the 调休 Saturday Sep 14 (1), Sep 15–17 off, Sep 18–20 (2–4),
    # Sep 21–22 weekend, Sep 23 (5).
    ("2024-09-14", "2024-09-23"),
    # 国庆: Oct 1–7 off, Sep 29 (Sun) works. Sep 27 Fri (1), Sep 28 Sat weekend, Sep 29 (2),
    # Sep 30 (3), Oct 1–7 off, Oct 8–9 (4–5).
    ("2024-09-27", "2024-10-09"),
    # 国庆: start Oct 1 (Tue, off) → Oct 8–11 (1–4), Oct 12 (Sat) works (5).
    ("2024-10-01", "2024-10-12"),
    # --- 2025 (国务院办公厅关于2025年部分节假日安排的通知) ---
    # 元旦 2025: Jan 1 (Wed) off. Dec 30–31, 2024 (1–2), Jan 1 off, Jan 2–3 (3–4),
    # Jan 4–5 weekend, Jan 6 (5).
    ("2024-12-30", "2025-01-06"),
    # 元旦: start Jan 1 (off) → Jan 2–3 (1–2), Jan 4–5 weekend, Jan 6–8 (3–5).
    ("2025-01-01", "2025-01-08"),
    # 春节: Jan 28–Feb 4 off, Jan 26 (Sun) works. Jan 24 Fri (1), Jan 25 Sat weekend,
    # Jan 26 (2), Jan 27 (3), Jan 28–Feb 4 off, Feb 5–6 (4–5).
    ("2025-01-24", "2025-02-06"),
    # 春节: start Jan 25 (ordinary Saturday) → Jan 26 (Sun, works) (1), Jan 27 (2),
    # Jan 28–Feb 4 off, Feb 5–7 (3–5).
    ("2025-01-25", "2025-02-07"),
    # 春节: Feb 8 (Sat) works. Start Feb 3 (Mon, off) → Feb 5–7 (1–3), Feb 8 (4),
    # Feb 9 Sun weekend, Feb 10 (5).
    ("2025-02-03", "2025-02-10"),
    # 清明: Apr 4–6 off, no 调休. Apr 2–3 (1–2), Apr 4–6 off, Apr 7–9 (3–5).
    ("2025-04-02", "2025-04-09"),
    # 劳动节: May 1–5 off, Apr 27 (Sun) works. Start on Apr 27 (1), Apr 28–30 (2–4),
    # May 1–5 off, May 6 (5).
    ("2025-04-27", "2025-05-06"),
    # 劳动节: start May 1 (Thu, off) → May 6–9 (1–4), May 10–11 weekend, May 12 (5).
    ("2025-05-01", "2025-05-12"),
    # The example of P002 (docs/rules.md): May 6–9 Tue–Fri (1–4), May 10–11 weekend, May 12 (5).
    ("2025-05-06", "2025-05-12"),
    # 端午: May 31–Jun 2 off. May 28–30 (1–3), May 31–Jun 2 off, Jun 3–4 (4–5).
    ("2025-05-28", "2025-06-04"),
    # 国庆+中秋: Oct 1–8 off, Sep 28 (Sun) works. Start on Sep 28 (1), Sep 29–30 (2–3),
    # Oct 1–8 off, Oct 9–10 (4–5).
    ("2025-09-28", "2025-10-10"),
    # 国庆+中秋: start Sep 27 (ordinary Saturday) → same count from Sep 28: ends Oct 10.
    ("2025-09-27", "2025-10-10"),
    # 国庆+中秋: Oct 11 (Sat) works. Start Oct 3 (off) → Oct 9–10 (1–2), Oct 11 (3),
    # Oct 12 Sun weekend, Oct 13–14 (4–5).
    ("2025-10-03", "2025-10-14"),
    # --- 2026 (国务院办公厅关于2026年部分节假日安排的通知) ---
    # 元旦 2026: Jan 1–3 off, Jan 4 (Sun) works. Dec 30–31, 2025 (1–2), Jan 1–3 off,
    # Jan 4 (3), Jan 5–6 (4–5).
    ("2025-12-30", "2026-01-06"),
    # 元旦: start Jan 2 (Fri, off) → Jan 4 (Sun, works) (1), Jan 5–8 (2–5).
    ("2026-01-02", "2026-01-08"),
    # 春节: Feb 15–23 off, Feb 14 (Sat) works. Feb 11–13 (1–3), Feb 14 (4), Feb 15–23 off,
    # Feb 24 (5).
    ("2026-02-11", "2026-02-24"),
    # 春节: start on the 调休 Saturday Feb 14 (1), Feb 15–23 off, Feb 24–27 Tue–Fri (2–5).
    ("2026-02-14", "2026-02-27"),
    # 春节: Feb 28 (Sat) works. Start Feb 20 (Fri, off) → Feb 24–27 (1–4), Feb 28 (5).
    ("2026-02-20", "2026-02-28"),
    # 春节: Feb 25–27 (1–3), Feb 28 (Sat, works) (4), Mar 1 Sun weekend, Mar 2 (5).
    ("2026-02-25", "2026-03-02"),
    # 清明: Apr 4–6 off (Sat–Mon), no 调休. Apr 2–3 (1–2), Apr 4–6 off, Apr 7–9 (3–5).
    ("2026-04-02", "2026-04-09"),
    # 劳动节: May 1–5 off, May 9 (Sat) works. Apr 30 Thu (1), May 1–5 off, May 6–8 (2–4),
    # May 9 (5).
    ("2026-04-30", "2026-05-09"),
    # 劳动节: start May 3 (Sun, off) → May 6–8 (1–3), May 9 (Sat, works) (4),
    # May 10 Sun weekend, May 11 (5).
    ("2026-05-03", "2026-05-11"),
    # 端午: Jun 19–21 off (Fri–Sun). Jun 17–18 (1–2), Jun 19–21 off, Jun 22–24 (3–5).
    ("2026-06-17", "2026-06-24"),
    # 国庆: Sep 20 (Sun) works. Sep 18 Fri (1), Sep 19 Sat weekend, Sep 20 (2), Sep 21–23 (3–5).
    ("2026-09-18", "2026-09-23"),
    # 中秋: Sep 25–27 off (Fri–Sun). Sep 23–24 (1–2), Sep 25–27 off, Sep 28–30 (3–5).
    ("2026-09-23", "2026-09-30"),
    # 国庆: Oct 1–7 off. Sep 28–30 (1–3), Oct 1–7 off, Oct 8–9 Thu–Fri (4–5).
    ("2026-09-28", "2026-10-09"),
    # 国庆: Oct 10 (Sat) works. Start Oct 4 (Sun, off) → Oct 8–9 (1–2), Oct 10 (3),
    # Oct 11 Sun weekend, Oct 12–13 (4–5).
    ("2026-10-04", "2026-10-13"),
]


@pytest.fixture(scope="module")
def calendar(pack: Pack) -> WorkCalendar:
    return default_calendar(pack)


@pytest.fixture(scope="module")
def weekend(pack: Pack) -> tuple[Localized, Localized]:
    return (pack.localized("saturday"), pack.localized("sunday"))


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 30
    assert len({start for start, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("start", "end"), TABLE, ids=[f"{s}->{e}" for s, e in TABLE])
def test_notice_end(
    calendar: WorkCalendar, weekend: tuple[Localized, Localized], start: str, end: str
) -> None:
    result = notice_end(calendar, D(start), 5, weekend)
    assert result.end == D(end), (result.counted, [d for d, _ in result.skipped])
    assert len(result.counted) == 5
    assert result.counted[-1] == result.end
    skipped = {d for d, _ in result.skipped}
    assert not skipped & set(result.counted)
    years = set(range(D(start).year, D(end).year + 1))
    assert result.calendar == dict.fromkeys(sorted(years), "official")
