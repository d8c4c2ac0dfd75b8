"""The holiday cache: same answers as the package, written once, rebuilt on change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from dashi_cli.dates.cache import HolidayCache
from dashi_cli.dates.calendar import WorkCalendar, library_year

TITLE = "国务院办公厅关于{year}年部分节假日安排的通知"


def test_cached_year_equals_the_package(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    fresh = library_year(2026, 2001, TITLE, None)
    first = library_year(2026, 2001, TITLE, cache)  # computes and stores
    assert cache.path.exists()
    second = library_year(2026, 2001, TITLE, HolidayCache(tmp_path))  # reads
    assert fresh == first == second
    assert second.status == "official" and date(2026, 2, 14) in second.workdays


def test_a_run_with_a_warm_cache_does_not_import_holidays(tmp_path: Path) -> None:
    code = (
        "import sys; from datetime import date; "
        "from dashi_cli.dates.calendar import WorkCalendar; "
        f"c = WorkCalendar(2001, {TITLE!r}); "
        "print(c.is_working_day(date(2026, 2, 14)), 'holidays' in sys.modules)"
    )
    env = {**os.environ, "DASHI_CACHE_DIR": str(tmp_path)}
    cold = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert cold.stdout.split() == ["True", "True"], cold.stderr
    assert warm.stdout.split() == ["True", "False"], warm.stderr


def test_a_changed_package_rebuilds_the_cache(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    library_year(2025, 2001, TITLE, cache)
    data = json.loads(cache.path.read_text("utf-8"))
    data["key"] = "holidays-0.1:stale"
    data["years"]["2025"]["workdays"] = []  # a stale answer that must not be used
    cache.path.write_text(json.dumps(data), "utf-8")
    reread = HolidayCache(tmp_path)
    assert reread.year(2025) is None
    year = library_year(2025, 2001, TITLE, reread)
    assert date(2025, 9, 28) in year.workdays
    assert json.loads(cache.path.read_text("utf-8"))["key"] != "holidays-0.1:stale"


def test_an_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    calendar = WorkCalendar(2001, TITLE, cache=HolidayCache(blocked / "sub"))
    assert calendar.is_working_day(date(2025, 9, 28))


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    cache.path.write_text("{not json", "utf-8")
    assert HolidayCache(tmp_path).year(2026) is None
    assert library_year(2026, 2001, TITLE, HolidayCache(tmp_path)).status == "official"


def test_a_cache_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    for content in (
        "[]",
        "null",
        json.dumps({"key": cache.identity[1] if cache.identity else "", "years": []}),
    ):
        cache.path.write_text(content, "utf-8")
        assert HolidayCache(tmp_path).year(2026) is None
        assert library_year(2026, 2001, TITLE, HolidayCache(tmp_path)).status == "official"


def test_runs_that_store_years_keep_each_others(tmp_path: Path) -> None:
    first, second = HolidayCache(tmp_path), HolidayCache(tmp_path)
    first.year(2024), second.year(2025)  # both read the (empty) cache first
    library_year(2024, 2001, TITLE, first)
    library_year(2025, 2001, TITLE, second)  # must not drop 2024
    fresh = HolidayCache(tmp_path)
    assert fresh.year(2024) is not None and fresh.year(2025) is not None
