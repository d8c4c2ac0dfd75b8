"""Writing a report: to standard output, or to a file written atomically.

A file is written beside its destination under a temporary name and renamed
over it only when complete, so that a reader never sees half a report; an
existing file is replaced only with ``--force``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from dashi_cli.errors import DashiError


@contextlib.contextmanager
def atomic_output(
    path: Path | None, *, force: bool = False, inputs: Iterable[Path] = ()
) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    if path.resolve() in {p.resolve() for p in inputs}:
        raise DashiError(f"--output would replace an input file: {path}")
    if path.is_dir():
        raise DashiError(f"--output names a folder: {path}")
    if path.exists() and not force:
        raise DashiError(f"{path} exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DashiError(f"no such folder: {folder}")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise DashiError(
            f"cannot write in {folder}: {exc.strerror or type(exc).__name__}"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise DashiError(f"cannot write {path}: {exc.strerror or type(exc).__name__}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
