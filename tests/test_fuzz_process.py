"""Fuzzing what only a real process meets (issue 11, acceptance 2): closed and full
standard streams, folders another user may not read, odd entries and environments,
all at once. dashi runs as `python -m dashi_cli`, as uid 65534 where the suite is
root (so permissions count). Every outcome is exit 0, 1, 2 or 141, with no traceback,
within 10 s (the process is killed past it: a hang fails the test), and with a peak
memory under 200 MB (measured inside the process).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES

ELIGIBLE = (EXAMPLES / "eligible.yaml").read_bytes()
DROP = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
CAN_DROP = os.geteuid() == 0 and Path(DROP[0]).exists()
# a small launcher forks and runs dashi as the child's __main__; the child inherits
# the streams as the test set them and the address-space cap of 1 GiB against
# runaways, and dies with the launcher (a timeout kills both). The launcher then
# writes the child's peak memory (KiB) to the file DASHI_TEST_RSS names, and exits
# with the child's code, or 200+N when a signal N killed it (dashi's own 141 on a
# closed pipe is an exit, not a death). dashi leaves its process at once when done,
# so it is measured from outside: wait4 gives the child's own peak.
LIMIT = (
    "import os, resource, runpy, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    "sys.argv = ['dashi'] + sys.argv[1:]\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    import ctypes\n"
    "    ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: ends with the launcher\n"
    "    runpy.run_module('dashi_cli', run_name='__main__')\n"
    "    sys.exit(0)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "with open(os.environ['DASHI_TEST_RSS'], 'w') as f:\n"
    "    f.write(str(usage.ru_maxrss))\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "sys.exit(200 - code if code < 0 else code)  # killed by signal N: 200+N, never accepted\n"
)


def _tree(tmp: Path, entries: list[tuple[str, int]]) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    for index, (kind, mode) in enumerate(entries):
        path = folder / f"{index}-{kind}.yaml"
        if kind == "dossier":
            path.write_bytes(ELIGIBLE)
        elif kind == "junk":
            path.write_bytes(b"\xff\xfe junk [")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling":
            path.symlink_to(folder / "nothing")
        elif kind == "locked":
            sub = folder / f"{index}-locked"
            sub.mkdir()
            (sub / "x.yaml").write_bytes(ELIGIBLE)
            sub.chmod(mode)
            continue
        if kind in ("dossier", "junk"):
            path.chmod(mode)
    for place in (tmp, folder):
        place.chmod(0o755)
    return folder


@settings(
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    entries=st.lists(
        st.tuples(
            st.sampled_from(["dossier", "junk", "fifo", "dangling", "locked"]),
            st.sampled_from([0o644, 0o600, 0o000, 0o311]),
        ),
        min_size=1,
        max_size=4,
    ),
    stdin=st.sampled_from(["closed", "null", "junk"]),
    stdout=st.sampled_from(["pipe", "closed", "full", "null"]),
    home=st.sampled_from([None, "/nonexistent", "relative"]),
    command=st.sampled_from(
        [
            ["check", "{dir}", "-f", "json"],
            ["check", "{dir}", "-", "--summary"],
            ["renewals", "{dir}", "--as-of", "2027-04-27"],
            ["check", "{dir}", "-f", "csv", "-o", "-"],
            ["--help"],
        ]
    ),
)
def test_streams_permissions_and_entries_in_a_real_process(
    entries: list[tuple[str, int]],
    stdin: str,
    stdout: str,
    home: str | None,
    command: list[str],
) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="dashi-proc-"))
    try:
        folder = _tree(tmp, entries)
        args = [a.format(dir=folder) for a in command]
        env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
        env["DASHI_CACHE_DIR"] = str(tmp / "cache")
        rss = tmp / "rss"
        rss.write_text("", "utf-8")
        rss.chmod(0o666)
        env["DASHI_TEST_RSS"] = str(rss)
        if home is not None:
            env["HOME"] = home
        prefix = DROP if CAN_DROP else []
        out_path = {"full": "/dev/full", "null": os.devnull}.get(stdout)
        out = open(out_path, "wb") if out_path else None  # noqa: SIM115
        into = subprocess.PIPE if stdout == "pipe" else out if out else subprocess.DEVNULL
        feed = {"null": subprocess.DEVNULL, "junk": subprocess.PIPE}.get(stdin)

        def close_streams() -> None:
            if stdin == "closed":
                os.close(0)
            if stdout == "closed":
                os.close(1)

        try:
            done = subprocess.run(
                [*prefix, sys.executable, "-c", LIMIT, *args],
                input=b"a: [" if stdin == "junk" else None,
                stdin=None if stdin == "junk" else feed,
                stdout=into,
                stderr=subprocess.PIPE,
                env=env,
                timeout=10,
                preexec_fn=close_streams,
                check=False,
            )
        finally:
            if out is not None:
                out.close()
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode in (0, 1, 2, 141), (args, stdin, stdout, done.returncode, err)
        assert "Traceback" not in err and "MemoryError" not in err, err
        if done.returncode == 2:
            assert len([line for line in err.splitlines() if line.strip()]) <= 5, err
        peak = rss.read_text("utf-8")
        assert peak and int(peak) < 200 * 1024, f"peak {peak} KiB for {args}"
    finally:
        for root, dirs, _files in os.walk(tmp):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(tmp, ignore_errors=True)
