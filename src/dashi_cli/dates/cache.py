"""A cache of the holidays package's China data, so that a run does not import it.

Importing ``holidays`` costs about as much as everything else a check needs,
while what we use of it is a few hundred dates a year. The first run that
needs a year computes it with the package and stores it here; later runs read
a small JSON file. The cache is keyed by the package's version and the size
and modification time of its China module, so it is rebuilt when the package
changes; override files are never cached (they are read every run).

Location: ``$DASHI_CACHE_DIR``, else ``$XDG_CACHE_HOME/dashi``, else
``~/.cache/dashi``. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Any

FORMAT = 1


@dataclass(frozen=True)
class RawYear:
    """What the package says of one year: days off (with zh/en names), working weekends."""

    holidays: tuple[tuple[date, str, str], ...]
    workdays: tuple[date, ...]


def cache_dir() -> Path:
    if os.environ.get("DASHI_CACHE_DIR"):
        return Path(os.environ["DASHI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dashi"


def package_identity() -> tuple[str, str] | None:
    """(version, fingerprint) of the installed holidays package, without importing it."""
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    version = "unknown"
    for info in package.parent.glob("holidays-*.dist-info"):
        version = info.name.removeprefix("holidays-").removesuffix(".dist-info")
    try:
        china = (package / "countries" / "china.py").stat()
    except OSError:
        return None
    return version, f"{version}:{china.st_size}:{china.st_mtime_ns}"


class HolidayCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or cache_dir()
        self.identity = package_identity()
        self._data: dict[str, Any] | None = None

    @property
    def path(self) -> Path:
        return self.directory / f"holidays-china-v{FORMAT}.json"

    def _read(self) -> dict[str, Any]:
        """The cache file's content if it is ours and well formed, else nothing."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        well_formed = (
            isinstance(data, dict)
            and self.identity is not None
            and data.get("key") == self.identity[1]
            and isinstance(data.get("years"), dict)
        )
        return data if well_formed else {}

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._read()
        return self._data

    def last_official(self) -> int | None:
        value = self._load().get("last_official")
        return int(value) if isinstance(value, int) else None

    def year(self, year: int) -> RawYear | None:
        raw = self._load().get("years", {}).get(str(year))
        if not isinstance(raw, dict):
            return None
        try:
            return RawYear(
                tuple((date.fromisoformat(d), zh, en) for d, zh, en in raw["holidays"]),
                tuple(date.fromisoformat(d) for d in raw["workdays"]),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def store(self, year: int, raw: RawYear, last_official: int) -> None:
        if self.identity is None:
            return
        data = self._load()
        on_disk = self._read()  # another run may have added years meanwhile: keep them
        if data.get("key") != self.identity[1]:
            data.clear()
            data.update({"key": self.identity[1], "version": self.identity[0], "years": {}})
        for other, raw_year in on_disk.get("years", {}).items():
            data["years"].setdefault(other, raw_year)
        data["last_official"] = last_official
        data["years"][str(year)] = {
            "holidays": [[d.isoformat(), zh, en] for d, zh, en in raw.holidays],
            "workdays": [d.isoformat() for d in raw.workdays],
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return  # a read-only home: compute again next time
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
