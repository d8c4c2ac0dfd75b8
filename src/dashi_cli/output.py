"""Writing output: to standard output, into a pipe or device, or to a file written atomically.

A file is written beside its destination under a temporary name, created with the mode
the umask gives (or the mode of the file it replaces), and becomes the destination only
when complete: linked into place when the destination must not exist yet, so that of
several runs racing for one name exactly one creates it and the others are refused, or
renamed over it with ``--force``. A reader never sees half a file, and an interrupted
run (an error, Ctrl-C, SIGTERM, SIGHUP) removes its temporary file.

``-`` is standard output, and so is any name for it (``/dev/stdout``). An existing
destination that is not a regular file (a pipe, a terminal, ``/dev/null``) is written
into directly, never replaced; a symbolic link to a regular file stays a link and its
target is replaced. A destination that is one of the run's inputs, by name, symbolic
link or hard link, is refused.

The command line also guards its standard streams (:func:`guard_standard_streams`):
a closed, full or failing standard output is a one-line :class:`OutputError`, and a
reader that went away (``dashi … | head``) is :class:`PipeClosed`.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, TextIO, cast

from dashi_cli.errors import DashiError

STDIO = "-"  # the name of standard input (as a dossier) and standard output (as -o)

Inputs = Iterable[Path | str]  # a run's inputs; "-" is standard input


class OutputError(DashiError):
    """Standard output cannot be written: closed, full, or an I/O error."""


class OutputExistsError(DashiError, FileExistsError):
    """The destination exists, and may not be replaced (no ``--force``)."""


class PipeClosed(BaseException):
    """Standard output's reader has gone (``dashi … | head``): stop quietly.

    A BaseException, as SystemExit is, so that no handler of errors takes it for one
    (rich turns a BrokenPipeError into exit 1)."""


def reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# ---------------------------------------------------------------- standard streams


class _Guarded:
    """A standard output stream whose failures end the run with a one-line message.

    A failure is remembered: every later write or flush fails the same way, so that a
    caller that swallows errors (click tries a write to learn a stream's kind) cannot
    make the run end as if all had been written."""

    def __init__(self, stream: Any, *, closed: bool = False) -> None:
        self._stream = stream
        self._closed = closed

    def write(self, data: Any) -> int:
        if _failure is not None:
            raise _failure()
        if self._closed and data:
            raise OutputError("standard output is closed")
        try:
            return int(self._stream.write(data))
        except OSError as exc:
            raise _failed(exc) from None

    def writelines(self, lines: Iterable[Any]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if _failure is not None:
            raise _failure()
        try:
            self._stream.flush()
        except OSError as exc:
            raise _failed(exc) from None

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(self._stream.buffer, closed=self._closed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_failure: Callable[[], BaseException] | None = None  # standard output's, once it failed


def _failed(exc: OSError) -> BaseException:
    """What a failed write to standard output becomes, now and on every later write.
    What is still buffered for it goes to /dev/null, so that Python's last flush on exit
    does not fail again."""
    global _failure
    silence_standard_output()
    if exc.errno == errno.EPIPE:
        _failure = PipeClosed
    else:
        message = f"cannot write standard output: {reason(exc)}"
        _failure = functools.partial(OutputError, message)
    return _failure()


def silence_standard_output() -> None:
    """Point file descriptor 1 at /dev/null."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        if null != 1:
            os.dup2(null, 1)
            os.close(null)


_stdout_closed = False


def guard_standard_streams() -> None:
    """For the command line, before anything is read or written: a closed standard
    stream is reopened on /dev/null (so that no file opened later takes its number), and
    standard output is guarded. A closed standard input stays ``None``."""
    global _stdout_closed
    if isinstance(sys.stdout, _Guarded):
        return
    for stream in (sys.stdout, sys.stderr):
        # a terminal or pipe that cannot show Chinese (PYTHONIOENCODING=ascii) gets
        # escapes (\u4e2d) rather than an error
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, flags)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
    if sys.stdout is None:
        _stdout_closed = True
        sys.stdout = cast(
            TextIO,
            _Guarded(open(os.devnull, "w", encoding="utf-8"), closed=True),  # noqa: SIM115
        )
    else:
        sys.stdout = cast(TextIO, _Guarded(sys.stdout))


def finish_standard_output() -> BaseException | None:
    """For the command line, at its end: flush standard output, put the original stream
    back (so that Python's own last flush cannot fail), and return the failure standard
    output met, if any, as an exception to raise (:class:`OutputError`, :class:`PipeClosed`)."""
    stream = sys.stdout
    with contextlib.suppress(OutputError, PipeClosed):
        if stream is not None:
            stream.flush()
    if isinstance(stream, _Guarded):
        sys.stdout = stream._stream
    return None if _failure is None else _failure()


def is_standard_output(path: Path | None) -> bool:
    """Whether output to ``path`` goes to standard output (``-``, ``/dev/stdout``, …)."""
    if path is None or str(path) == STDIO:
        return True
    try:
        return _is_stdout(os.stat(path))
    except OSError:
        return False


def _is_stdout(found: os.stat_result) -> bool:
    if _stdout_closed:
        return False
    try:
        return os.path.samestat(found, os.fstat(1))
    except OSError:
        return False


# ---------------------------------------------------------------- lines without padding


_ESCAPE_AT_END = re.compile(r"\x1b\[[0-9;]*m$")  # a colour or style, ending the text


def _trimmed(line: str) -> str:
    """``line`` without the spaces at its end, the colour codes among them kept."""
    codes: list[str] = []
    while True:
        line = line.rstrip(" \t")
        found = (
            _ESCAPE_AT_END.search(line, max(0, line.rfind("\x1b"))) if line[-1:] == "m" else None
        )
        if found is None:
            return line + "".join(reversed(codes))
        codes.append(found.group())
        line = line[: found.start()]


class TrimmedLines:
    """A text stream that writes every line without the spaces at its end: a table's
    title or a wrapped paragraph is not padded to the width of the terminal, in a
    terminal (colours and all) as in a pipe or a file."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""  # the start of a line whose end has not been written yet

    def write(self, data: str) -> int:
        head, newline, tail = (self._pending + data).rpartition("\n")
        if newline:
            self._stream.write("\n".join(_trimmed(line) for line in head.split("\n")) + "\n")
            self._pending = tail
        else:
            self._pending = tail
        return len(data)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending)
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)  # isatty, fileno, encoding: the stream's


# ---------------------------------------------------------------- destinations


class _Destination(NamedTuple):
    kind: Literal["stdout", "direct", "file"]
    path: Path  # where to write (a symbolic link's target, for a file it replaces)
    shown: Path  # the name the user gave
    mode: int | None = None  # the permissions of the file replaced
    replace: bool = False


def check_destination(path: Path | None, *, force: bool = False, inputs: Inputs = ()) -> None:
    """Raise :class:`DashiError` now if writing to ``path`` would be refused."""
    if path is not None:
        _destination(path, force, inputs)


def _destination(path: Path, force: bool, inputs: Inputs) -> _Destination:
    if str(path) == STDIO:
        return _Destination("stdout", path, path)
    try:
        found: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise DashiError(f"cannot write {path}: {reason(exc)}") from None
    if found is None:
        folder = path.parent
        try:
            is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            is_folder = False
        except OSError as exc:
            raise DashiError(f"cannot write {path}: {reason(exc)}") from None
        if not is_folder:
            raise DashiError(f"no such folder: {folder}")
        return _Destination("file", path, path, replace=force)
    if any(os.path.samestat(found, other) for other in _stats(inputs)):
        raise DashiError(f"--output would replace an input file: {path}")
    if stat.S_ISDIR(found.st_mode):
        raise DashiError(f"--output names a folder: {path}")
    if _is_stdout(found):
        return _Destination("stdout", path, path)
    if not stat.S_ISREG(found.st_mode):
        return _Destination("direct", path, path)
    if not force:
        raise OutputExistsError(f"{path} exists; add --force to replace it")
    real = Path(os.path.realpath(path))
    with contextlib.suppress(OSError):
        if os.path.samestat(os.stat(real), found):
            return _Destination("file", real, path, stat.S_IMODE(found.st_mode), replace=True)
    return _Destination("direct", path, path)  # e.g. /proc/self/fd/3, a deleted file


def _stats(inputs: Inputs) -> Iterator[os.stat_result]:
    for each in inputs:
        with contextlib.suppress(OSError):
            yield os.fstat(0) if str(each) == STDIO else os.stat(each)


# ---------------------------------------------------------------- writing


@contextlib.contextmanager
def atomic_output(
    path: Path | None, *, force: bool = False, inputs: Inputs = ()
) -> Iterator[TextIO]:
    """A text stream (UTF-8) to ``path``; standard output when ``None`` or ``-``."""
    with _output(path, force, inputs, binary=False) as stream:
        yield cast(TextIO, stream)


def write_output(
    path: Path | None, data: bytes, *, force: bool = False, inputs: Inputs = ()
) -> None:
    """Write ``data`` to ``path`` as :func:`atomic_output` would."""
    with _output(path, force, inputs, binary=True) as stream:
        stream.write(data)


@contextlib.contextmanager
def _output(path: Path | None, force: bool, inputs: Inputs, *, binary: bool) -> Iterator[IO[Any]]:
    if path is None:
        where = _Destination("stdout", Path(STDIO), Path(STDIO))
    else:
        where = _destination(path, force, inputs)
    if where.kind == "stdout":
        with _to_stdout(binary) as stream:
            yield stream
    elif where.kind == "direct":
        with _into(where, binary) as stream:
            yield stream
    else:
        with _to_file(where, binary) as stream:
            yield stream


@contextlib.contextmanager
def _to_stdout(binary: bool) -> Iterator[IO[Any]]:
    stream: Any = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed")
    if binary:
        stream.flush()
        stream = stream.buffer
    yield stream
    stream.flush()


def _open(target: Path | int, binary: bool) -> IO[Any]:
    if binary:
        return open(target, "wb")
    return open(target, "w", encoding="utf-8", newline="")


@contextlib.contextmanager
def _into(where: _Destination, binary: bool) -> Iterator[IO[Any]]:
    """Write into an existing file that is not a regular one: nothing to replace."""
    try:
        stream = _open(where.path, binary)
    except OSError as exc:
        raise DashiError(f"cannot write {where.shown}: {reason(exc)}") from None
    try:
        with stream:
            yield stream
    except OSError as exc:
        raise DashiError(f"cannot write {where.shown}: {reason(exc)}") from None


@contextlib.contextmanager
def _to_file(where: _Destination, binary: bool) -> Iterator[IO[Any]]:
    folder = where.path.parent
    temporary: Path | None = None
    try:
        with _signals_held():
            temporary, handle = _temporary(folder, where.path.name)
        if where.mode is not None and hasattr(os, "fchmod"):
            os.fchmod(handle, where.mode)
        with _open(handle, binary) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with _signals_held():
            _commit(temporary, where)
            temporary = None
    except DashiError:
        _remove(temporary)
        raise
    except OSError as exc:
        _remove(temporary)
        raise DashiError(f"cannot write {where.shown}: {reason(exc)}") from None
    except BaseException:
        _remove(temporary)
        raise


def _temporary(folder: Path, name: str) -> tuple[Path, int]:
    """A new file beside the destination, created with the mode the umask gives."""
    stem = name if len(os.fsencode(name)) <= 200 else "dashi"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        temporary = folder / f".{stem}.{os.urandom(4).hex()}.tmp"
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise DashiError(f"cannot write in {folder}: {reason(exc)}") from None
    raise DashiError(f"cannot write in {folder}: no free temporary name")


# link(2) is refused on file systems without hard links (FAT, some network shares)
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


def _commit(temporary: Path, where: _Destination) -> None:
    """The complete temporary file becomes the destination."""
    if where.replace:
        os.replace(temporary, where.path)
        return
    exists = OutputExistsError(f"{where.shown} exists; add --force to replace it")
    try:
        os.link(temporary, where.path)  # fails if the name exists: exactly one run wins
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        try:  # reserve the name, then rename over the reservation
            os.close(os.open(where.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise exists from None
        try:
            os.replace(temporary, where.path)
        except BaseException:
            _remove(where.path)
            raise
        return
    os.unlink(temporary)


def _remove(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)


_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals wait while a file is created or put in place, so that a handler (which
    ends the run) always finds it recorded for removal."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
