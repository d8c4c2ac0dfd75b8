"""Issue 11, points 1, 5, 10 and 12: what `dashi` writes, and where, under hostile conditions.

Every test runs the command line as a real process (`python -m dashi_cli`), because what
is tested is the process's own behaviour: its exit code, its standard streams, its
signals and the files it leaves behind. Tests whose outcome depends on permissions run
as an ordinary user (uid 65534) when the suite runs as root, and are skipped, with the
reason, when it can do neither.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import folder_for_anyone

ROOT = Path(__file__).resolve().parents[1]
ELIGIBLE = ROOT / "examples" / "eligible.yaml"
PACK = ROOT / "rules" / "shaoguan-2022.yaml"
CALENDAR = ROOT / "tests" / "data" / "calendar-2027-test.yaml"
AS_OF = ("--as-of", "2026-11-26")
TIMEOUT = 120  # seconds: a bound on every process, never an assertion about speed
NOBODY = 65534
SETPRIV = shutil.which("setpriv") or "/usr/bin/setpriv"


def dashi(
    *args: str | Path,
    cwd: Path | None = None,
    stdin: Any = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    prefix: Sequence[str] = (),
    preexec: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "dashi_cli", *map(str, args)],
        cwd=cwd or tempfile.gettempdir(),  # never the repository: nothing lands there
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,
        env={**os.environ, **(env or {})},
        timeout=TIMEOUT,
        check=False,
    )


def one_line(stderr: bytes) -> str:
    """The one line a refused run says: no traceback, no stray warning, no English sentence
    (the command line speaks Chinese unless asked otherwise)."""
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    plain = re.sub(r"'[^']*'|“[^”]*”|\S*[/.-]\S*", " ", lines[0])
    assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", plain), text
    return lines[0]


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder any user may use (pytest's own folders are root's alone)."""
    with folder_for_anyone("dashi-writing-") as folder:
        yield folder


@pytest.fixture
def dossier(shared: Path) -> Path:
    path = shared / "f.yaml"
    shutil.copyfile(ELIGIBLE, path)
    path.chmod(0o644)
    return path


def as_nobody(shared: Path) -> tuple[list[str], dict[str, str]]:
    """A prefix that runs a command as an ordinary user, and the environment it needs:
    nothing when the suite already runs as one; uid 65534 (by setpriv) when it runs as
    root, who could write into /dev. Skips when root cannot drop privileges."""
    if os.geteuid() != 0:
        return [], {}
    if not os.access(SETPRIV, os.X_OK):
        pytest.skip("running as root, and setpriv is not available to drop privileges")
    prefix = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    cache = shared / "cache"
    cache.mkdir(exist_ok=True)
    os.chown(cache, NOBODY, NOBODY)
    env = {"HOME": str(shared), "DASHI_CACHE_DIR": str(cache)}
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import dashi_cli"],
        env={**os.environ, **env},
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"uid {NOBODY} cannot run this Python: {probe.stderr.decode()[-200:]}")
    return prefix, env


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- 1. never onto an input


def _link(kind: str, input_file: Path, folder: Path, name: str) -> Path:
    if kind == "path":
        return input_file
    target = folder / name
    if kind == "symlink":
        target.symlink_to(input_file)
    else:
        os.link(input_file, target)
    return target


@pytest.mark.parametrize("kind", ["path", "symlink", "hardlink"])
@pytest.mark.parametrize("command", ["form", "check", "check-rules", "check-calendar", "schema"])
def test_no_command_writes_onto_its_input(
    command: str, kind: str, shared: Path, dossier: Path
) -> None:
    pack = shared / "pack.yaml"
    shutil.copyfile(PACK, pack)
    calendar = shared / "calendar.yaml"
    shutil.copyfile(CALENDAR, calendar)
    if command == "form":
        out = _link(kind, dossier, shared, "form.docx")
        args: list[str | Path] = ["form", dossier, "-o", out]
    elif command == "check":
        out = _link(kind, dossier, shared, "report.json")
        args = ["check", dossier, *AS_OF, "-f", "json", "-o", out]
    elif command == "check-rules":
        out = _link(kind, pack, shared, "report.json")
        args = ["check", dossier, *AS_OF, "--rules", pack, "-o", out]
    elif command == "check-calendar":
        out = _link(kind, calendar, shared, "report.json")
        args = ["check", dossier, *AS_OF, "--calendar", calendar, "-o", out]
    else:
        out = _link(kind, pack, shared, "schema.json")
        args = ["schema", "--rules", pack, "-o", out]
    before = {p: p.read_bytes() for p in (dossier, pack, calendar)}
    done = dashi(*args, "--force", cwd=shared)
    assert done.returncode == 2, done.stderr
    assert "输入文件" in one_line(done.stderr)
    assert {p: p.read_bytes() for p in before} == before
    assert out.is_symlink() == (kind == "symlink")
    assert leftovers(shared) == []


# ---------------------------------------------------------------- 5. streams


def test_a_max_size_beyond_any_real_size_is_a_usage_error(dossier: Path) -> None:
    done = dashi("check", dossier, *AS_OF, "--max-size", "9" * 30)
    assert done.returncode == 2
    assert "--max-size" in done.stderr.decode() and "Traceback" not in done.stderr.decode()
    # stdin too: the limit is never a buffer size
    done = dashi("check", "-", *AS_OF, "--max-size", "9" * 30, stdin=dossier.open("rb"))
    assert done.returncode == 2 and "Traceback" not in done.stderr.decode()


def test_closed_standard_input(dossier: Path) -> None:
    done = dashi("check", "-", *AS_OF, preexec=lambda: os.close(0))
    assert done.returncode == 2
    assert "标准输入" in one_line(done.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(ELIGIBLE), *AS_OF],
        ["check", str(ELIGIBLE), *AS_OF, "-f", "json"],
        ["schema"],
        ["--version"],
        ["--help"],
        ["explain", "Q002"],
    ],
    ids=lambda a: " ".join(a).replace(str(ELIGIBLE), "f.yaml"),
)
def test_closed_standard_output(args: list[str]) -> None:
    done = dashi(*args, stdout=None, preexec=lambda: os.close(1))
    assert done.returncode == 2, done.stderr
    assert "标准输出" in one_line(done.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(ELIGIBLE), *AS_OF],
        ["check", str(ELIGIBLE), *AS_OF, "-f", "csv"],
        ["schema"],
        ["rules", "-f", "markdown"],
        ["--help"],
    ],
    ids=lambda a: " ".join(a).replace(str(ELIGIBLE), "f.yaml"),
)
def test_full_standard_output(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = dashi(*args, stdout=full)
    assert done.returncode == 2, done.stderr
    line = one_line(done.stderr)
    assert "标准输出" in line and "空间不足" in line


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("command", ["form", "check", "schema", "init"])
def test_a_full_disk_while_writing_a_file(command: str, shared: Path, dossier: Path) -> None:
    """A file that cannot be written to the end (here: a file size limit standing in for a
    full disk) is a one-line message, exit 2, no partial file, no stray warning."""
    args: dict[str, list[str | Path]] = {
        "form": ["form", dossier, "-o", "out.docx"],
        "check": ["check", dossier, *AS_OF, "-f", "json", "-o", "out.json"],
        "schema": ["schema", "-o", "out.json"],
        "init": ["init", "out.yaml"],
    }
    done = dashi(*args[command], cwd=shared, preexec=_file_size_limit(1024))
    assert done.returncode == 2, done.stderr
    one_line(done.stderr)
    assert sorted(p.name for p in shared.iterdir()) == ["f.yaml"]


def test_form_onto_a_full_device(shared: Path, dossier: Path) -> None:
    prefix, env = as_nobody(shared)
    done = dashi("form", dossier, "-o", "/dev/full", "--force", prefix=prefix, env=env)
    assert done.returncode == 2, done.stderr
    line = one_line(done.stderr)
    assert "/dev/full" in line and "空间不足" in line
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# ---------------------------------------------------------------- 10. writing


def _start_waiting(args: Sequence[str | Path], cwd: Path) -> subprocess.Popen[bytes]:
    """A `check -` that has opened its output and waits for its standard input."""
    return subprocess.Popen(
        [sys.executable, "-m", "dashi_cli", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition: Callable[[], bool], processes: Sequence[subprocess.Popen[bytes]]) -> None:
    """Wait until condition holds (a synchronisation, not a measure: the bound only keeps a
    broken run from hanging the suite)."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        for process in processes:
            if process.poll() is not None:
                _out, err = process.communicate(timeout=TIMEOUT)
                pytest.fail(f"exited early ({process.returncode}): {err.decode()}")
        if time.monotonic() > deadline:
            for process in processes:
                process.kill()
            pytest.fail("the runs never opened their output")
        time.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_writing_leaves_no_temporary_file(
    signum: signal.Signals, shared: Path
) -> None:
    process = _start_waiting(["check", "-", *AS_OF, "-f", "json", "-o", "r.json"], shared)
    try:
        _wait_for(lambda: bool(leftovers(shared)), [process])
        process.send_signal(signum)
        _out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)
    assert process.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert list(shared.iterdir()) == []


def test_concurrent_runs_create_the_file_once(shared: Path) -> None:
    runs = 6
    processes = [
        _start_waiting(["check", "-", *AS_OF, "-f", "json", "-o", "same.json"], shared)
        for _ in range(runs)
    ]
    try:
        _wait_for(lambda: len(leftovers(shared)) == runs, processes)
        text = ELIGIBLE.read_bytes()
        results = [process.communicate(text, timeout=TIMEOUT) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=TIMEOUT)
    codes = [process.returncode for process in processes]
    winners = [code for code in codes if code in (0, 1)]
    assert len(winners) == 1, (codes, [err.decode() for _out, err in results])
    for process, (_out, err) in zip(processes, results, strict=True):
        if process.returncode == 2:
            assert "已存在" in one_line(err)
    assert json.loads((shared / "same.json").read_text("utf-8"))["summary"]["dossiers"] == 1
    assert sorted(p.name for p in shared.iterdir()) == ["same.json"]


def test_output_to_a_link_to_standard_output(shared: Path, dossier: Path) -> None:
    link = shared / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = dashi("check", dossier, *AS_OF, "-f", "json", "-o", link, "--force")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["dossiers"] == 1
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert leftovers(shared) == []


def test_output_to_dev_stdout(shared: Path, dossier: Path) -> None:
    prefix, env = as_nobody(shared)
    for force in (["--force"], []):
        done = dashi(
            "check",
            dossier,
            *AS_OF,
            "-f",
            "json",
            "-o",
            "/dev/stdout",
            *force,
            prefix=prefix,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["summary"]["dossiers"] == 1
    done = dashi("schema", "-o", "/dev/stdout", prefix=prefix, env=env)
    assert done.returncode == 0 and json.loads(done.stdout)["type"] == "object"
    assert Path("/dev/stdout").is_symlink()


def test_dash_means_standard_output(shared: Path, dossier: Path) -> None:
    done = dashi("check", dossier, *AS_OF, "-f", "json", "-o", "-", cwd=shared)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["dossiers"] == 1
    done = dashi("schema", "-o", "-", cwd=shared)
    assert done.returncode == 0 and json.loads(done.stdout)["type"] == "object"
    done = dashi("form", dossier, "-o", "-", cwd=shared)
    assert done.returncode == 0 and done.stdout.startswith(b"PK\x03\x04")
    assert b"word/document.xml" in done.stdout
    done = dashi("init", "-", cwd=shared)
    assert done.returncode == 0 and b"studio" in done.stdout
    assert sorted(p.name for p in shared.iterdir()) == ["f.yaml"]


def _umask(mask: int) -> Callable[[], None]:
    def apply() -> None:
        os.umask(mask)

    return apply


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_new_files_take_their_mode_from_the_umask(mask: int, shared: Path, dossier: Path) -> None:
    written = {
        "r.json": ["check", dossier, *AS_OF, "-f", "json", "-o", "r.json"],
        "s.json": ["schema", "-o", "s.json"],
        "f.docx": ["form", dossier, "-o", "f.docx"],
        "new.yaml": ["init", "new.yaml"],
    }
    for name, args in written.items():
        done = dashi(*args, cwd=shared, preexec=_umask(mask))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE((shared / name).stat().st_mode) == 0o666 & ~mask, name


def test_a_replaced_file_keeps_its_mode(shared: Path, dossier: Path) -> None:
    written = {
        "r.json": ["check", dossier, *AS_OF, "-f", "json", "-o", "r.json", "--force"],
        "s.json": ["schema", "-o", "s.json", "--force"],
        "f.docx": ["form", dossier, "-o", "f.docx", "--force"],
    }
    for name, args in written.items():
        target = shared / name
        target.write_bytes(b"old")
        target.chmod(0o604)
        done = dashi(*args, cwd=shared, preexec=_umask(0o077))
        assert done.returncode == 0, done.stderr
        assert target.read_bytes() != b"old"
        assert stat.S_IMODE(target.stat().st_mode) == 0o604, name


def test_a_symlinked_output_stays_a_link(shared: Path, dossier: Path) -> None:
    real = shared / "real.json"
    real.write_text("{}", "utf-8")
    link = shared / "link.json"
    link.symlink_to(real.name)
    done = dashi("check", dossier, *AS_OF, "-f", "json", "-o", link, "--force")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and json.loads(real.read_text("utf-8"))["summary"]["dossiers"] == 1


# ---------------------------------------------------------------- 12. SIGPIPE, empty paths


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["check", "--help"],
        ["schema"],
        ["rules"],
        ["rules", "-f", "json"],
        ["explain", "Q002"],
        ["check", str(ELIGIBLE), *AS_OF],
        ["check", str(ELIGIBLE), *AS_OF, "-f", "json"],
        ["notice-end", "--start", "2025-05-06"],
        ["form", str(ELIGIBLE), "-o", "-"],
    ],
    ids=lambda a: " ".join(a).replace(str(ELIGIBLE), "f.yaml"),
)
def test_a_broken_pipe_exits_141_quietly(args: list[str], shared: Path) -> None:
    """`dashi … | head -0`: the reader is gone before anything is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = dashi(*args, stdout=write, cwd=shared)
    finally:
        os.close(write)
    assert done.returncode == 128 + signal.SIGPIPE, done.stderr
    assert done.stderr == b""


def test_an_empty_path_is_a_usage_error_for_renewals(shared: Path) -> None:
    for args in (["renewals", ""], ["renewals", str(shared), ""], ["check", ""]):
        done = dashi(*args, cwd=shared)
        assert done.returncode == 2, (args, done.stdout.decode())
        assert "空路径" in one_line(done.stderr)
