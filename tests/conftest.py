from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from dashi_cli.pack import Pack, load_pack

# The holiday cache goes to a folder of the test run, never the user's ~/.cache.
os.environ["DASHI_CACHE_DIR"] = tempfile.mkdtemp(prefix="dashi-test-cache-")
os.environ["DASHI_NO_CONFIG"] = "1"  # a dashi.toml above the checkout must not change any test

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = date(2026, 11, 26)
POLICY = ROOT / "rules" / "shaoguan-2022-46.txt"  # the policy's text, as published


def catalogue() -> dict[str, tuple[str, str]]:
    """The rule catalogue the tool promises (tests/catalogue.tsv): code → (severity, clause)."""
    rows: dict[str, tuple[str, str]] = {}
    for line in (ROOT / "tests" / "catalogue.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, severity, clause = line.split("\t")
            rows[code] = (severity, clause)
    return rows


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in the test when the block runs longer than ``seconds``: a
    hang fails the test instead of stopping the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def folder_for_anyone(prefix: str) -> Iterator[Path]:
    """A working folder every user can enter (pytest's tmp_path is root's alone), for
    tests that run dashi as another user; removed afterwards however deep or locked."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o777)
    try:
        yield folder
    finally:  # chmod and rm walk trees of any depth and path length (shutil.rmtree recurses)
        subprocess.run(["chmod", "-R", "u+rwx", folder], capture_output=True, check=False)
        subprocess.run(["rm", "-rf", folder], check=True)


def run_measured(code: str) -> tuple[str, int]:
    """Run Python code in a fresh process; return its output and its peak memory in MB.

    Linux carries a process's peak RSS across fork and exec, so a child of the
    (large) test process would report the test process's size. A small launcher
    runs the code in a grandchild and reads its peak from RUSAGE_CHILDREN.
    """
    import subprocess
    import sys

    launcher = (
        "import resource, subprocess, sys; "
        "done = subprocess.run([sys.executable, '-c', sys.argv[1]], "
        "capture_output=True, text=True); "
        "sys.stderr.write(done.stderr); "
        "print(done.stdout.strip()); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", launcher, code], capture_output=True, text=True, check=True
    )
    *lines, peak = out.stdout.strip().splitlines()
    return "\n".join(lines), int(peak)


def check_measured(path: Path) -> tuple[str, int]:
    """Check one file in a fresh process: its first finding (code, variant) and peak MB."""
    code = (
        "from pathlib import Path; from datetime import date; "
        "from dashi_cli.engine import check_file; from dashi_cli.pack import load_pack; "
        f"r = check_file(Path({str(path)!r}), load_pack(), date(2026, 11, 26)); "
        "print(r.findings[0].code, r.findings[0].variant)"
    )
    return run_measured(code)
