"""check --jobs N: the same report as one process, whatever happens to the workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES
from dashi_cli.pack import bundled_pack_path
from golden.outputs import generate_dossiers

AS_OF = ("--as-of", "2026-11-26")


def dashi(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> tuple[int, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "dashi_cli", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        check=False,
        timeout=120,
    )
    assert b"Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


def both(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> bytes:
    """The report with one process and with two: they must be the same."""
    one = dashi(*args, stdin=stdin, cwd=cwd)
    two = dashi(*args, "--jobs", "2", stdin=stdin, cwd=cwd)
    assert one == two
    return one[1]


def test_hard_links_are_two_dossiers(tmp_path: Path) -> None:
    """A file given twice or through a symbolic link is checked once; two hard links
    to one file are two files of the batch (and the second is a duplicate studio)."""
    (tmp_path / "a.yaml").write_bytes((EXAMPLES / "eligible.yaml").read_bytes())
    os.link(tmp_path / "a.yaml", tmp_path / "b.yaml")
    (tmp_path / "c.yaml").symlink_to(tmp_path / "a.yaml")
    out = both("check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "json", *AS_OF)
    report = json.loads(out)
    assert [d["path"].rsplit("/", 1)[-1] for d in report["dossiers"]] == ["a.yaml", "b.yaml"]
    assert "X002" in [f["code"] for f in report["dossiers"][1]["findings"]]
    out = both("check", str(tmp_path / "a.yaml"), str(tmp_path / "c.yaml"), "-f", "json", *AS_OF)
    assert len(json.loads(out)["dossiers"]) == 1


def test_stdin_filters_and_formats_are_the_same_with_jobs(tmp_path: Path) -> None:
    eligible = (EXAMPLES / "eligible.yaml").read_bytes()
    both("check", str(EXAMPLES), "-", "-f", "jsonl", *AS_OF, stdin=eligible)
    both("check", str(EXAMPLES), "--select", "Q,F00,X", "--ignore", "F005", *AS_OF)
    both("check", str(EXAMPLES), "-f", "csv", "--lang", "en", "--summary", *AS_OF)


def test_a_batch_rule_made_a_note_is_kept_on_a_rejected_value(tmp_path: Path) -> None:
    """As with one process: a finding on a value Y002 rejected is left out unless the
    pack makes its rule a note."""
    pack = bundled_pack_path().read_text("utf-8")
    pack = pack.replace("  X002:\n    severity: warning", "  X002:\n    severity: info", 1)
    (tmp_path / "pack.yaml").write_text(pack, "utf-8")
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text, "utf-8")
    # the second one's studio has a complex key: studio gets a Y002
    at = text.index("\n", text.index("\nstudio:") + 1) + 1
    broken = text[:at] + "  ? [x]\n  : y\n" + text[at:]
    (tmp_path / "b.yaml").write_text(broken, "utf-8")
    out = both("check", str(tmp_path), "--rules", str(tmp_path / "pack.yaml"), "-f", "jsonl")
    codes = [f["code"] for f in json.loads(out.splitlines()[1])["findings"]]
    assert "Y002" in codes and "X002" in codes


def test_a_worker_that_dies_does_not_stop_the_batch(tmp_path: Path) -> None:
    """A worker killed (out of memory, say) mid-batch: the rest is checked in the main
    process and the report is the one of one process."""
    folder = generate_dossiers(tmp_path / "batch", 1500)
    args = [sys.executable, "-m", "dashi_cli", "check", str(folder), "-f", "jsonl", *AS_OF]
    expected = subprocess.run(args, capture_output=True, check=False, timeout=120).stdout
    run = subprocess.Popen([*args, "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed = False
    deadline = time.monotonic() + 20
    while not killed and time.monotonic() < deadline and run.poll() is None:
        workers = subprocess.run(
            ["pgrep", "-P", str(run.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        if workers:
            os.kill(int(workers[0]), signal.SIGKILL)
            killed = True
        time.sleep(0.01)
    try:
        out, err = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        run.kill()
        pytest.fail("--jobs 2 hangs when a worker dies")
    assert killed
    assert b"Traceback" not in err
    assert run.returncode == 1
    assert out == expected
