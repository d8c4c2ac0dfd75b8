"""A batch is checked as a stream: the memory of 2,000 dossiers is the memory of 200.

Peak resident memory is what the operating system reports (``ru_maxrss``) for
a dashi process started by a small Python process (a child's peak can never
read below its parent's, so the parent is not pytest). No time is measured.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from golden.outputs import generate_dossiers

_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_mb(folder: Path) -> float:
    command = [sys.executable, "-m", "dashi_cli", "check", str(folder), "-f", "json"]
    command += ["--as-of", "2026-11-26"]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    code, kib = done.stdout.split()
    assert code == "1"  # the batch has ineligible dossiers: it was checked, not refused
    return int(kib) / 1024


def test_two_thousand_dossiers_take_the_memory_of_two_hundred(tmp_path: Path) -> None:
    small = _peak_mb(generate_dossiers(tmp_path / "small", 200))
    large = _peak_mb(generate_dossiers(tmp_path / "large", 2000))
    assert small > 25  # dashi's own peak was measured, not the measuring process's
    assert large - small <= 20, f"200 dossiers: {small:.1f} MB, 2,000: {large:.1f} MB"
