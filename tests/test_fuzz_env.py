"""Fuzzing paths and environments (issue 11, acceptance 2): folders of odd entries
(names with brackets, control and non-UTF-8 bytes; FIFOs, links to nothing, to
themselves, to devices; broken dossiers) under odd environments (no HOME, relative
or unusable XDG_CACHE_HOME and cache folders). Every outcome is exit 0, 1 or 2,
with coded findings or one line on stderr, never a traceback and never a hang
(each example is stopped after 10 s). Streams and permissions, which need a real
process or another user, are in tests/test_hardening_writing.py and
tests/test_hardening_paths.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, time_limit
from dashi_cli.cli import app

ELIGIBLE = (EXAMPLES / "eligible.yaml").read_bytes()

NAMES = st.one_of(
    st.sampled_from(["a", "[/x]", "申报 材料", "-", "--lang", ".hidden", "a b", "x" * 200]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
        min_size=1,
        max_size=12,
    ),
    st.binary(min_size=1, max_size=8).map(
        lambda b: os.fsdecode(bytes(c for c in b if c not in (0, 47)) or b"z")
    ),
)
KINDS = st.sampled_from(
    ["dossier", "junk", "empty", "fifo", "dangling", "loop", "devnull", "folder", "linkdir"]
)
CONTENT = st.sampled_from(
    [ELIGIBLE, b"", b"\xff\xfe\x00junk", b"a: [unclosed\n", b"- 1\n- 2\n", ELIGIBLE[:300]]
)
ENVIRONMENTS = st.fixed_dictionaries(
    {
        "HOME": st.sampled_from([None, "", "relative/home", "/nonexistent", "{tmp}/home"]),
        "XDG_CACHE_HOME": st.sampled_from([None, "", "relative", "{tmp}/file", "{tmp}/fifo"]),
        "DASHI_CACHE_DIR": st.sampled_from([None, "{tmp}/cache", "{tmp}/file"]),
    }
)


def _safe_name(name: str) -> str:
    name = name.replace("/", "_").replace("\x00", "_") or "z"
    if name in (".", ".."):
        name = "dot"
    return name[:200]


def _make(folder: Path, name: str, kind: str, content: bytes) -> None:
    path = folder / (_safe_name(name) + ".yaml")
    if os.path.lexists(path):
        return  # a name given twice: the first entry stands (never write into a FIFO)
    try:
        if kind in ("dossier", "junk", "empty"):
            path.write_bytes(ELIGIBLE if kind == "dossier" else content if kind == "junk" else b"")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling":
            path.symlink_to(folder / "does-not-exist")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "devnull":
            path.symlink_to("/dev/null")
        elif kind == "folder":
            path.mkdir()
            (path / "inner.yaml").write_bytes(content)
        elif kind == "linkdir":
            path.symlink_to(folder)  # a link back to its own folder: walked once
    except (OSError, ValueError, UnicodeError):
        pass  # a name the file system refuses is no case


def _environment(spec: dict[str, str | None], tmp: Path) -> dict[str, str | None]:
    (tmp / "file").write_text("not a folder", "utf-8")
    if not (tmp / "fifo").exists():
        os.mkfifo(tmp / "fifo")
    (tmp / "home").mkdir(exist_ok=True)
    return {k: (v.format(tmp=tmp) if isinstance(v, str) else v) for k, v in spec.items()}


@settings(
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    entries=st.lists(st.tuples(NAMES, KINDS, CONTENT), min_size=1, max_size=5),
    environment=ENVIRONMENTS,
    command=st.sampled_from(
        [
            ["check", "{dir}", "-f", "json"],
            ["check", "{dir}", "-f", "csv", "--lang", "en"],
            ["check", "{dir}", "--summary"],
            ["check", "{dir}", "-f", "jsonl", "--statistics"],
            ["renewals", "{dir}", "--as-of", "2027-04-27", "-f", "json"],
            ["check", "{first}", "-f", "json"],
        ]
    ),
)
def test_odd_folders_and_environments_never_break_the_tool(
    entries: list[tuple[str, str, bytes]], environment: dict[str, str | None], command: list[str]
) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="dashi-fuzz-"))
    try:
        folder = tmp / "in"
        folder.mkdir()
        for name, kind, content in entries:
            _make(folder, name, kind, content)
        made = sorted(folder.iterdir())
        first = str(made[0]) if made else str(folder)
        args = [a.format(dir=folder, first=first) for a in command]
        env = _environment(environment, tmp)
        with time_limit(10):
            result = CliRunner().invoke(app, args, env=env)
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), repr(result.exception)
        if result.exit_code == 2:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert lines and all("Traceback" not in line for line in lines)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
