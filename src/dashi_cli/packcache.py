"""The rules pack as last validated, kept as JSON so that a run need not parse its YAML.

Parsing the pack's YAML (about 80 KB) costs more than validating it. After a
pack is loaded and validated, its validated data is written as JSON to the
cache folder of the holiday data (``$DASHI_CACHE_DIR``, …); the next run reads
that JSON and validates it again with the same model, which takes a fraction
of the time. The file is keyed by the pack's bytes (sha256), dashi's and
pydantic's versions and the model's source files (size and modification
time), so that any change to the pack or to the code that reads it makes a
new one. It is never trusted beyond that: it is plain JSON, read with a size
bound, and validated like the YAML. A cache that cannot be read or written
is ignored. Nothing is ever pickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from dashi_cli.dates.cache import BadCache, cache_dir
from dashi_cli.files import read_bounded

FORMAT = 1
_MAX_BYTES = 4 * 1024 * 1024


def cache_key(raw: bytes, code: tuple[Path, ...]) -> str:
    """What the cached data depends on: the pack's bytes and the code that validates it."""
    import pydantic

    from dashi_cli import __version__

    parts = [str(FORMAT), __version__, pydantic.VERSION, hashlib.sha256(raw).hexdigest()]
    for source in code:
        try:
            info = source.stat()
        except OSError:
            parts.append(f"{source}:?")
        else:
            parts.append(f"{source}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"pack-v{FORMAT}-{key[:16]}.json"


def read(key: str) -> dict[str, Any] | None:
    """The validated data stored under ``key``, or None."""
    path = _path(key)
    if path is None:
        return None
    try:
        stored = json.loads(read_bounded(path, _MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError, BadCache, RecursionError):  # nested too deep: not ours
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    data = stored.get("pack")
    return data if isinstance(data, dict) else None


def write(key: str, data: dict[str, Any]) -> None:
    """Store validated data under ``key``, atomically; silently not when it cannot be."""
    path = _path(key)
    if path is None:
        return
    import tempfile  # only when the cache is written: most runs only read it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"key": key, "pack": data}, out, ensure_ascii=False)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _keep_newest(path.parent)


KEEP = 8  # packs remembered: an officer editing a pack makes a new one at each save


def _keep_newest(folder: Path) -> None:
    with contextlib.suppress(OSError):
        files = sorted(folder.glob(f"pack-v{FORMAT}-*.json"), key=lambda f: f.stat().st_mtime_ns)
        for old in files[:-KEEP]:
            old.unlink()
