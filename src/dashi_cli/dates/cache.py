"""A cache of the holidays package's China data, so that a run does not import it.

Importing ``holidays`` costs about as much as everything else a check needs,
while what we use of it is a few hundred dates a year. The first run that
needs a year computes it with the package and stores it here; later runs read
a small JSON file. The cache is keyed by the package's version and the size
and modification time of its China module, so it is rebuilt when the package
changes; its file name carries a hash of that key and of the package's
location, so that two installs on one machine keep a file each. Override
files are never cached (they are read every run).

Location: ``$DASHI_CACHE_DIR``, else ``$XDG_CACHE_HOME/dashi`` (when that is an
absolute path, as the XDG spec asks), else ``~/.cache/dashi``; no cache at all
when there is no home directory either. A cache that cannot be written is
ignored. A cache that is not ours to trust (not a regular file, larger than
any real one, not JSON, not of the expected shape) is ignored with a one-line
note on standard error, and replaced by a good one where it can be. Reading
it is bounded: it is never opened unless it is a regular file, is opened
without blocking, and at most :data:`MAX_BYTES` of it are read.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

from dashi_cli.files import NotReadable, read_bounded, shown, store_json

FORMAT = 1
MAX_BYTES = 4 * 1024 * 1024  # every year 1900–2199 takes well under 1 MB
FIRST_YEAR, LAST_YEAR = 1900, 2199  # as dashi_cli.textforms, without importing it


class RawYear(NamedTuple):
    """What the package says of one year: days off (with zh/en names), working weekends."""

    holidays: tuple[tuple[date, str, str], ...]
    workdays: tuple[date, ...]


def cache_dir() -> Path | None:
    """Where the cache lives, or None when there is no place for it (no home)."""
    own = os.environ.get("DASHI_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # a relative one is invalid and ignored (XDG spec)
        return Path(xdg) / "dashi"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # HOME unset and no passwd entry
        return None
    return home / ".cache" / "dashi" if home.is_absolute() else None


# a cache file that is not one to read (not a regular file, or too large): why, in a few
# words; read without blocking, at most MAX_BYTES (dashi_cli.files.read_bounded)
BadCache = NotReadable


_NOTED: set[str] = set()


def note(message: str) -> None:
    """One line on standard error, once per message, whatever the stream's encoding."""
    if message in _NOTED:
        return
    _NOTED.add(message)
    stream = sys.stderr
    if stream is None:
        return
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        line = f"dashi: {message}".encode(encoding, "backslashreplace").decode(encoding)
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError, LookupError):  # a closed or full stderr: say nothing
        pass


@lru_cache(maxsize=1)
def package_identity() -> tuple[str, str] | None:
    """(version, fingerprint) of the installed holidays package, without importing it;
    looked up once a process (it lists the folder of installed packages)."""
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
    return version, f"{version}:{china.st_size}:{china.st_mtime_ns}:{package}"


def cache_file_name(identity: tuple[str, str] | None) -> str:
    """One file per holidays install (its version, its China module and where it is):
    two installs on one machine (two virtual environments) do not evict each other."""
    fingerprint = hashlib.sha256((identity[1] if identity else "").encode()).hexdigest()
    return f"holidays-china-v{FORMAT}-{fingerprint[:12]}.json"


class HolidayCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or cache_dir()
        self.identity = package_identity()
        self._data: dict[str, Any] | None = None

    @property
    def path(self) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / cache_file_name(self.identity)

    def _read(self) -> dict[str, Any]:
        """The cache file's content if it is ours and well formed, else nothing."""
        path = self.path
        if path is None or self.identity is None:
            return {}
        try:
            data = json.loads(read_bounded(path, MAX_BYTES).decode("utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return {}  # not made yet (or cannot be: store() says nothing either)
        except BadCache as exc:
            return self._ignore(path, str(exc))
        except OSError as exc:
            return self._ignore(path, exc.strerror or type(exc).__name__)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return self._ignore(path, "not valid JSON")
        if not isinstance(data, dict):
            return self._ignore(path, "not a holiday cache")
        if data.get("key") != self.identity[1]:
            return {}  # made with another version of the holidays package: rebuilt silently
        if not _well_formed(data):
            return self._ignore(path, "not a holiday cache of the expected form")
        return data

    def _ignore(self, path: Path, why: str) -> dict[str, Any]:
        note(f"ignoring the holiday cache {shown(path)} ({why}); it is rebuilt where it can be")
        return {}

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._read()
        return self._data

    def prepare(self) -> None:
        """Read the cache now (before processes are forked: they inherit what was read,
        and a note about a bad cache is said once)."""
        self._load()

    def last_official(self) -> int | None:
        value = self._load().get("last_official")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

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
        if self.identity is None or self.directory is None or self.path is None:
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
        store_json(self.path, data)  # a read-only home: computed again next time


def _well_formed(data: dict[str, Any]) -> bool:
    """Every value of the cache as :meth:`HolidayCache.store` writes it: so that what is
    read from it can never be a wrong type or a date out of its year."""
    last, years = data.get("last_official"), data.get("years")
    if type(last) is not int or not FIRST_YEAR <= last <= LAST_YEAR:
        return False
    if not isinstance(years, dict):
        return False
    for key, raw in years.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) == 4):
            return False
        year = int(key)
        if not FIRST_YEAR <= year <= LAST_YEAR or not isinstance(raw, dict):
            return False
        holidays, workdays = raw.get("holidays"), raw.get("workdays")
        if not isinstance(holidays, list) or not isinstance(workdays, list):
            return False
        for item in holidays:
            if not (isinstance(item, list) and len(item) == 3):
                return False
            if not (_in_year(item[0], year) and all(isinstance(n, str) for n in item[1:])):
                return False
        if not all(_in_year(day, year) for day in workdays):
            return False
    return True


def _in_year(value: object, year: int) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        return date.fromisoformat(value).year == year
    except ValueError:
        return False
