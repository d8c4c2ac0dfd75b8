"""The rules pack as last validated, kept as JSON so that a run need not read its YAML.

Parsing the pack's YAML (about 80 KB) and validating it costs some 10 ms; building
pydantic's validator for the pack alone, 3 ms. After a pack is loaded and
validated, it is written as JSON to the cache folder of the holiday data
(``$DASHI_CACHE_DIR``, …), each model with its class name and every field by name
(:func:`flatten`), beside the sha256 of that text; the next run checks the sum and
rebuilds the same models from it (:func:`rebuild`,
pydantic's ``model_construct``) without validating again, so pydantic's validator
for the pack is never built. The file is keyed by the pack's bytes (sha256),
dashi's and pydantic's versions and the source files of the models and of this
module (size and modification time): any change to the pack or to the code that
reads it makes a new one. Since a hit is not validated again, it is trusted as
Python trusts its own bytecode cache: a file is used only when it is the user's
own and no one else may write it (files are written with mode 0600), and a file
damaged on disk is a miss (its sum differs). What is rebuilt is only what was written: a class that
is not one of the pack's models, a field missing or one too many, a tag that is
none of ours make the file a miss, and the pack is read from its YAML and
validated. It is plain JSON, read with a size bound; a cache that cannot be read
or written is ignored. Nothing is ever pickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dashi_cli.dates.cache import BadCache, cache_dir
from dashi_cli.files import read_bounded, store_json

FORMAT = 2  # 1: validated again on reading; 2: rebuilt as written (flatten/rebuild)
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
    """The flattened pack stored under ``key`` (:func:`flatten`), or None. The pack is
    kept as a JSON text beside its sha256: a file damaged on disk is a miss. A file
    that is not the user's own, or that others may write (a shared cache folder),
    is a miss too: what is rebuilt from it is not validated again."""
    path = _path(key)
    if path is None:
        return None
    try:
        stored = json.loads(read_bounded(path, _MAX_BYTES, private=True).decode("utf-8"))
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        text = stored.get("pack")
        if not isinstance(text, str):
            return None
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != stored.get("sha256"):
            return None
        data = json.loads(text)
    except (OSError, ValueError, BadCache, RecursionError):  # nested too deep: not ours
        return None
    return data if isinstance(data, dict) else None


def write(key: str, data: dict[str, Any]) -> None:
    """Store a flattened pack under ``key``, atomically; silently not when it cannot be."""
    path = _path(key)
    if path is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if store_json(path, {"key": key, "sha256": digest, "pack": text}):
        _keep_newest(path.parent)


KEEP = 8  # packs remembered: an officer editing a pack makes a new one at each save


def _keep_newest(folder: Path) -> None:
    with contextlib.suppress(OSError):
        files = sorted(folder.glob(f"pack-v{FORMAT}-*.json"), key=lambda f: f.stat().st_mtime_ns)
        for old in files[:-KEEP]:
            old.unlink()


# --- the pack as JSON, and back -----------------------------------------------------
# A model is {"$model": class name, "fields": {name: value}}; a tuple {"$tuple": [...]};
# a date {"$date": "2022-04-27"}; a dict {"$dict": [[key, value], ...]} (keys need not
# be text); an enum {"$enum": class name, "value": ...}; a list, a text, a number, a
# truth value and None are themselves.


def flatten(value: Any) -> Any:
    """A validated pack (or any value in it) as JSON-ready data that :func:`rebuild`
    turns back into an equal value."""
    if isinstance(value, BaseModel):
        fields = {name: flatten(getattr(value, name)) for name in type(value).model_fields}
        return {"$model": type(value).__name__, "fields": fields}
    if isinstance(value, Enum):
        return {"$enum": type(value).__name__, "value": value.value}
    if isinstance(value, tuple):
        return {"$tuple": [flatten(item) for item in value]}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {"$dict": [[flatten(k), flatten(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [flatten(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError(f"a {type(value).__name__} cannot be cached")


def rebuild(
    data: Any, models: Mapping[str, type[BaseModel]], enums: Mapping[str, type[Enum]]
) -> Any:
    """The value :func:`flatten` made ``data`` of. Models are made by class name from
    ``models`` only, with exactly their fields; ValueError for anything else."""
    fields_of = {name: frozenset(model.model_fields) for name, model in models.items()}

    def made(data: Any) -> Any:
        kind = type(data)
        if kind is str or kind is int or kind is bool or kind is float or data is None:
            return data
        if kind is list:
            return [made(item) for item in data]
        if kind is not dict:
            raise ValueError("not a cached value")
        if len(data) == 2 and "$model" in data:
            name, fields = data["$model"], data.get("fields")
            model = models.get(name) if type(name) is str else None
            if model is None or type(fields) is not dict or fields.keys() != fields_of[name]:
                raise ValueError("not a model of the pack, or not its fields")
            return model.model_construct(**{k: made(v) for k, v in fields.items()})
        if len(data) == 1:
            [(tag, value)] = data.items()
            if tag == "$tuple" and type(value) is list:
                return tuple([made(item) for item in value])
            if tag == "$date" and type(value) is str:
                return date.fromisoformat(value)
            if tag == "$dict" and type(value) is list:
                if not all(type(pair) is list and len(pair) == 2 for pair in value):
                    raise ValueError("not a cached dict")
                return {made(k): made(v) for k, v in value}
        if len(data) == 2 and "$enum" in data and "value" in data:
            enum = enums.get(data["$enum"]) if type(data["$enum"]) is str else None
            if enum is None:
                raise ValueError("not an enum of the pack")
            return enum(data["value"])
        raise ValueError("not a cached value")

    return made(data)
