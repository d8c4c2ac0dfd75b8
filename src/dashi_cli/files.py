"""Finding the files dashi reads, and accounting for every entry that could be one.

A folder is walked without recursion and without following a path longer
than the system allows: whatever cannot be read is returned with the reason
(a folder that cannot be listed, a link to nothing or to itself, a FIFO or a
device named like a dossier), never skipped without a word. Hidden files and
folders (.git, .venv, …) are left out on purpose.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import Any, Literal, NamedTuple

from dashi_cli.errors import DashiError

# errors that mean "there is nothing there" (a typo, a link to nothing)
_ABSENT = (errno.ENOENT, errno.ENOTDIR)


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text any output can carry: bytes of a file name that are not UTF-8
    (a GBK name left by `unzip`, held by Python as lone surrogates) become ``\\xNN``."""
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def reason(exc: OSError) -> str:
    """Why a path cannot be read, as the system says it (Permission denied, …)."""
    return exc.strerror or type(exc).__name__


class Unreadable(NamedTuple):
    """Why an entry cannot be read, in the words of a Y001 variant: ``missing`` (a link to
    nothing), ``not_file`` (a FIFO, device or socket) or ``unreadable`` (with the reason)."""

    variant: Literal["missing", "not_file", "unreadable"]
    reason: str = ""


class Entry(NamedTuple):
    """A file to read, or (with ``problem``) an entry that could hold one but cannot be read."""

    path: Path
    problem: Unreadable | None = None


def entries(argument: Path, suffixes: tuple[str, ...]) -> list[Entry]:
    """A path as given: a file (whatever its name), a folder walked for files with one of
    the suffixes, or what keeps it from being read. DashiError when nothing is there."""
    try:
        mode = argument.stat().st_mode
    except OSError as exc:
        if exc.errno in _ABSENT:
            raise DashiError(f"no such file or folder: {shown(argument)}") from None
        return [Entry(argument, Unreadable("unreadable", reason(exc)))]
    except ValueError:  # an embedded NUL
        raise DashiError(f"not a valid path: {shown(argument)!r}") from None
    if stat.S_ISDIR(mode):
        return walk(argument, suffixes)
    if stat.S_ISREG(mode):
        return [Entry(argument)]
    return [Entry(argument, Unreadable("not_file"))]


def walk(folder: Path, suffixes: tuple[str, ...]) -> list[Entry]:
    """Files below folder with one of the suffixes, and every entry below it that could be
    a dossier or a folder of dossiers but cannot be read; sorted by path.

    Linked folders are followed, each folder read once (a link back to a folder
    already read ends there), so a loop ends. Iterative: any depth is fine; a
    folder whose path is longer than the system allows is an unreadable entry.
    """
    found: list[Entry] = []
    seen: set[tuple[int, int]] = set()
    try:
        top = folder.stat()
        seen.add((top.st_dev, top.st_ino))
    except OSError as exc:
        return [Entry(folder, Unreadable("unreadable", reason(exc)))]
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = list(listing)
        except OSError as exc:
            found.append(Entry(current, Unreadable("unreadable", reason(exc))))
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            path = current / child.name
            wanted = os.path.splitext(child.name)[1].lower() in suffixes  # Path.suffix, cheaper
            kind = _classify(child, wanted)
            if isinstance(kind, Unreadable):
                found.append(Entry(path, kind))
            elif kind == "file":
                found.append(Entry(path))
            elif kind is not None and kind not in seen:  # a folder: each one read once
                seen.add(kind)
                pending.append(path)
    return sorted(found, key=lambda entry: entry.path.parts)  # as paths compare, cheaper


def _classify(
    child: os.DirEntry[str], wanted: bool
) -> Unreadable | Literal["file"] | tuple[int, int] | None:
    """What an entry is: a dossier file ("file"), a folder (its device and inode) or a
    problem; nothing when it is neither a dossier nor a folder (a PDF, a FIFO named x.txt).
    A link that cannot be followed is a problem whatever its name: it may have been a
    folder of dossiers (a share that is not mounted)."""
    try:
        if not child.is_symlink() and not child.is_dir(follow_symlinks=False):
            if child.is_file(follow_symlinks=False):  # no system call: the listing says so
                return "file" if wanted else None
            return Unreadable("not_file") if wanted else None
        info = child.stat()  # a folder, or whatever a link points to
    except OSError as exc:
        if exc.errno in _ABSENT:
            return Unreadable("missing")
        return Unreadable("unreadable", reason(exc))  # a loop, a path too long, no access
    if stat.S_ISDIR(info.st_mode):
        return (info.st_dev, info.st_ino)
    if stat.S_ISREG(info.st_mode):
        return "file" if wanted else None
    return Unreadable("not_file") if wanted else None


def files_in(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The readable files of :func:`walk`."""
    return [entry.path for entry in walk(folder, suffixes) if entry.problem is None]


def exists(path: Path) -> bool:
    """Whether there is anything at path; an entry that is there but cannot be looked
    at (a folder we may not search, a loop, a name too long) counts as there."""
    try:
        path.lstat()
    except OSError as exc:
        return exc.errno not in _ABSENT
    except ValueError:
        return False
    return True


__all__ = ["Entry", "Unreadable", "entries", "exists", "files_in", "reason", "shown", "walk"]


class NotReadable(Exception):
    """A file :func:`read_bounded` will not read: why, in a few words."""


class TooLarge(NotReadable):
    """A file larger than :func:`read_bounded`'s limit."""


def _private(info: os.stat_result) -> bool:
    """Whether only this user can have written the file: theirs, and not writable by
    its group or by others (where the system has owners and modes)."""
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_bounded(path: Path | str, limit: int, *, private: bool = False) -> bytes:
    """A regular file's bytes, at most ``limit`` of them, read without ever blocking:
    FileNotFoundError when there is none; NotReadable when it is not a regular file
    (a FIFO, a device, a folder) or is larger than ``limit``, and with ``private``
    when it is not the user's own or others may write it (a cache dashi trusts);
    other OSErrors as they come (ValueError for a path with a NUL in it)."""
    if not stat.S_ISREG(os.stat(path).st_mode):  # never open a FIFO or a device
        raise NotReadable("not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # what was opened, should it have changed since
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable("not a regular file")
        if info.st_size > limit:
            raise TooLarge(f"larger than {limit // (1024 * 1024)} MB")
        if private and not _private(info):
            raise NotReadable("not the user's own, or others may write it")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while we read it
            raise TooLarge(f"larger than {limit // (1024 * 1024)} MB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def store_json(path: Path, data: Any) -> bool:
    """Write ``data`` as JSON at ``path`` for dashi's own caches: into a temporary file
    beside it (mode 0600) renamed over it, so that a reader never sees half a file;
    False, and nothing left behind, when it cannot be written."""
    import json
    import tempfile  # only when a cache is written: most runs only read theirs

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
