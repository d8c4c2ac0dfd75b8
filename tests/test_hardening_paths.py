"""Issue 11, points 4, 6 and 8: hostile paths, environments and caches, through the CLI.

Each test runs ``python -m dashi_cli`` as a real process and holds the one
promise: exit 0, 1 or 2, with a one-line message or coded findings, never a
traceback and never a hang; and a folder's report accounts for every entry
that could hold a dossier.

Permissions bind only a process without root's powers. Run as root, these
tests drop them with ``setpriv``: as the user ``nobody`` (65534) when that
user can run this interpreter, else as root without any capability (no
CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH, so the permission bits of the files
the test made hold for it too).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, folder_for_anyone
from dashi_cli.dates.cache import cache_file_name, package_identity

SETPRIV = "/usr/bin/setpriv"
AS_OF = "2026-11-26"
NOTICE = ("notice-end", "--start", "2025-05-06", "--format", "json")
GBK_NAME = "中文材料".encode("gbk") + b".yaml"  # not UTF-8: as `unzip` leaves a Windows name


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def assert_clean(done: Done) -> None:
    """Exit 0, 1 or 2; never a traceback; a usage problem is one line."""
    assert done.code in (0, 1, 2), done
    assert "Traceback" not in done.err, done.err
    if done.code == 2:
        assert len(done.err.strip().splitlines()) == 1, done.err
        assert done.err.startswith("dashi"), done.err


def base_env(cache: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DASHI_", "XDG_"))}
    env.pop("PYTHONIOENCODING", None)
    if cache is not None:
        env["DASHI_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def run(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    prefix: list[str] | None = None,
    timeout: float = 60,
) -> Done:
    argv = [*(prefix or []), sys.executable, "-m", "dashi_cli", *map(os.fspath, args)]
    done = subprocess.run(
        argv,
        cwd=cwd,
        env=env if env is not None else base_env(cwd / ".cache"),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return Done(
        done.returncode,
        done.stdout.decode("utf-8", "backslashreplace"),
        done.stderr.decode("utf-8", "backslashreplace"),
    )


# --- without root's powers ---------------------------------------------------


@functools.cache
def unprivileged() -> list[str] | None:
    """A command prefix under which file permissions hold, or None when there is none."""
    if os.geteuid() != 0:
        return []
    if not os.access(SETPRIV, os.X_OK):
        return None
    for prefix in (
        [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups"],
        [SETPRIV, "--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all"],
    ):
        probe = [*prefix, sys.executable, "-c", "import dashi_cli; open('/proc/self/status')"]
        if subprocess.run(probe, cwd="/", capture_output=True, check=False).returncode == 0:
            return prefix
    return None


def needs_unprivileged() -> list[str]:
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("running as root, and setpriv cannot drop root's powers here")
    return prefix


@functools.cache
def without_passwd_entry() -> list[str] | None:
    """A prefix that runs as a user id with no passwd entry (so no home directory)."""
    if os.geteuid() != 0 or not os.access(SETPRIV, os.X_OK):
        return None
    user = [SETPRIV, "--reuid=12345", "--regid=12345", "--clear-groups"]
    # the interpreter may live in root's home (pyenv): let the process read it
    reach = ["--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
    for prefix in (user, [*user, *reach]):
        probe = [*prefix, sys.executable, "-c", "import dashi_cli"]
        if subprocess.run(probe, cwd="/", capture_output=True, check=False).returncode == 0:
            return prefix
    return None


@pytest.fixture
def place() -> Iterator[Path]:
    """A working folder every user can enter (pytest's tmp_path is root's alone)."""
    with folder_for_anyone("dashi-hardening-") as folder:
        yield folder


def locked(folder: Path) -> Path:
    """A folder nobody but root can enter or list."""
    folder.chmod(0o000)
    return folder


def eligible(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "eligible.yaml", path)
    path.chmod(0o644)
    return path


def findings_of(report: dict[str, Any]) -> dict[str, list[str]]:
    return {d["path"]: [f["code"] for f in d["findings"]] for d in report["dossiers"]}


def check_json(*args: str | Path, cwd: Path, **kw: Any) -> tuple[Done, dict[str, list[str]]]:
    done = run("check", *args, "--as-of", AS_OF, "--format", "json", "--lang", "en", cwd=cwd, **kw)
    assert_clean(done)
    return done, (findings_of(done.json()) if done.code in (0, 1) else {})


# --- 4. paths ----------------------------------------------------------------


def test_an_input_under_an_unreadable_folder_is_a_y001(place: Path) -> None:
    prefix = needs_unprivileged()
    eligible(place / "ok.yaml")
    eligible(place / "shut" / "a.yaml")
    locked(place / "shut")
    done, found = check_json("ok.yaml", "shut/a.yaml", cwd=place, prefix=prefix)
    assert done.code == 1
    assert "Y001" in found["shut/a.yaml"] and "Y001" not in found["ok.yaml"]


def test_a_registry_under_an_unreadable_folder_is_a_problem(place: Path) -> None:
    prefix = needs_unprivileged()
    eligible(place / "shut" / "registry.yaml")
    locked(place / "shut")
    done = run(
        "renewals", "shut/registry.yaml", "--as-of", AS_OF, "-f", "json", cwd=place, prefix=prefix
    )
    assert_clean(done)
    assert done.code == 1
    assert [p["source"] for p in done.json()["problems"]] == ["shut/registry.yaml"]


@pytest.mark.parametrize("option", ["--rules", "--calendar"])
def test_rules_or_calendar_under_an_unreadable_folder_is_one_line(place: Path, option: str) -> None:
    prefix = needs_unprivileged()
    (place / "shut").mkdir()
    shutil.copy(ROOT / "rules" / "shaoguan-2022.yaml", place / "shut" / "file.yaml")
    locked(place / "shut")
    done = run(*NOTICE, option, "shut/file.yaml", cwd=place, prefix=prefix)
    assert_clean(done)
    assert done.code == 2 and "shut/file.yaml" in done.err


def test_the_library_names_an_unreadable_pack_or_calendar_in_one_line(place: Path) -> None:
    """What the two options above rest on: reading the pack and the calendar raises one
    DashiError naming the file and the reason (the CLI turns it into exit 2)."""
    prefix = needs_unprivileged()
    (place / "shut").mkdir()
    shutil.copy(ROOT / "rules" / "shaoguan-2022.yaml", place / "shut" / "file.yaml")
    locked(place / "shut")
    code = (
        "from pathlib import Path; from dashi_cli.errors import DashiError; "
        "from dashi_cli.pack import load_pack; from dashi_cli.engine import default_calendar\n"
        "for load in (lambda: load_pack(Path('shut/file.yaml')),\n"
        "             lambda: default_calendar(load_pack(), [Path('shut/file.yaml')]),\n"
        "             lambda: default_calendar(load_pack(), [Path('长' * 100)])):\n"
        "    try: load()\n"
        "    except DashiError as exc: print(exc)\n"
    )
    done = subprocess.run(
        [*prefix, sys.executable, "-c", code], cwd=place, capture_output=True, text=True
    )
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "rules pack shut/file.yaml: Permission denied",
        "calendar file shut/file.yaml: Permission denied",
        f"calendar file {'长' * 100}: File name too long",
    ]


def test_a_symlink_loop_is_a_y001_given_or_in_a_folder(place: Path) -> None:
    eligible(place / "batch" / "ok.yaml")
    (place / "batch" / "loop.yaml").symlink_to("loop.yaml")
    (place / "alone.yaml").symlink_to("alone.yaml")
    done, found = check_json("batch", "alone.yaml", cwd=place)
    assert done.code == 1
    assert found["batch/loop.yaml"] == ["Y001"] and found["alone.yaml"] == ["Y001"]
    assert "Y001" not in found["batch/ok.yaml"]


def test_a_name_longer_than_the_file_system_allows(place: Path) -> None:
    long = "长" * 100 + ".yaml"  # 300 bytes: more than NAME_MAX (255)
    eligible(place / "ok.yaml")
    done, found = check_json("ok.yaml", long, cwd=place)
    assert done.code == 1 and found[long] == ["Y001"]
    done = run("renewals", long, "--as-of", AS_OF, "-f", "json", cwd=place)
    assert_clean(done)
    assert done.code == 1 and done.json()["problems"][0]["source"] == long


@pytest.mark.parametrize("option", ["--rules", "--calendar"])
def test_rules_or_calendar_with_a_name_too_long_is_one_line(place: Path, option: str) -> None:
    long = "长" * 100 + ".yaml"
    done = run(*NOTICE, option, long, cwd=place)
    assert_clean(done)
    assert done.code == 2 and "长长长" in done.err


def _deep(top: Path, name: str, levels: int) -> None:
    """levels nested folders, made through folder handles (the whole path may exceed PATH_MAX),
    with a dossier at the bottom."""
    top.mkdir(exist_ok=True)
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        data = (EXAMPLES / "eligible.yaml").read_bytes()
        out = os.open("bottom.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, data)
        os.close(out)
    finally:
        os.close(fd)


def test_a_folder_deeper_than_the_path_limit(place: Path) -> None:
    eligible(place / "tree" / "ok.yaml")
    _deep(place / "tree", "d" * 60, 80)  # about 4,900 characters: more than PATH_MAX
    done, found = check_json("tree", cwd=place, timeout=120)
    assert done.code == 1
    assert "Y001" not in found["tree/ok.yaml"]
    too_long = [path for path, codes in found.items() if codes == ["Y001"]]
    assert len(too_long) == 1 and too_long[0].startswith("tree/dddd")


def test_a_folder_deeper_than_python_recursion(place: Path) -> None:
    _deep(place / "tree", "d", 1500)  # 3,000 characters: within PATH_MAX, deeper than 1,000
    done, found = check_json("tree", cwd=place, timeout=120)
    assert done.code == 0, done.err
    assert [path.count("/") for path in found] == [1501]


@pytest.mark.parametrize("encoding", [None, "utf-8:strict", "ascii"])
def test_a_file_name_that_is_not_utf8(place: Path, encoding: str | None) -> None:
    folder = place / "batch"
    folder.mkdir()
    shutil.copy(EXAMPLES / "eligible.yaml", os.fsdecode(bytes(folder) + b"/" + GBK_NAME))
    env = base_env(place / ".cache", **({"PYTHONIOENCODING": encoding} if encoding else {}))
    done, found = check_json("batch", cwd=place, env=env)
    assert done.code == 0
    [(path, codes)] = found.items()
    assert path.startswith("batch/") and "\\x" in path and "Y001" not in codes
    given = os.fsdecode(b"batch/" + GBK_NAME)
    done, found = check_json(given, cwd=place, env=env)
    assert done.code == 0 and list(found) == [path]
    for args in (["batch"], ["batch", "-f", "table"], ["batch", "-f", "csv"]):
        assert_clean(run("renewals", *args, "--as-of", AS_OF, cwd=place, env=env))
    table = run("check", "batch", "--as-of", AS_OF, cwd=place, env=env)
    assert_clean(table)


# --- 6. environment and cache ------------------------------------------------


def test_no_home_directory(place: Path) -> None:
    prefix = without_passwd_entry()
    if prefix is None:
        pytest.skip("needs root and setpriv to become a user without a passwd entry")
    env = base_env()
    env.pop("HOME", None)
    done = run(*NOTICE, cwd=place, env=env, prefix=prefix)
    assert_clean(done)
    assert done.code == 0 and done.json()["end"] == "2025-05-12"
    eligible(place / "ok.yaml")
    done, _ = check_json("ok.yaml", cwd=place, env=env, prefix=prefix)
    assert done.code == 0


def _warm_cache(folder: Path, cwd: Path) -> dict[str, Any]:
    done = run(*NOTICE, cwd=cwd, env=base_env(folder))
    assert done.code == 0, done.err
    [file] = folder.glob("holidays-china-*.json")
    data: dict[str, Any] = json.loads(file.read_text("utf-8"))
    return data


def _bad_caches(good: dict[str, Any]) -> dict[str, bytes | str]:
    """Bad cache files: bytes to write, or 'fifo', 'dev-zero', 'folder'."""

    def with_(**changes: Any) -> bytes:
        return json.dumps({**good, **changes}).encode()

    deep = b"[" * 100_000 + b"]" * 100_000
    return {
        "nested": deep,
        "nested-years": with_(years={"2025": json.loads("[" * 900 + "]" * 900)}),
        "fifo": "fifo",
        "dev-zero": "dev-zero",
        "folder": "folder",
        "huge": b" " * (64 * 1024 * 1024) + json.dumps(good).encode(),
        "not-json": b"\xff\xfe garbage",
        "list": b"[1, 2, 3]",
        "names-not-text": with_(
            years={"2025": {"holidays": [["2025-01-01", 1, {"x": 2}]], "workdays": []}}
        ),
        "year-elsewhere": with_(
            years={"2025": {"holidays": [["1999-01-01", "元旦", "New Year"]], "workdays": []}}
        ),
        "last-official-absurd": with_(last_official=10**30),
        "last-official-bool": with_(last_official=True),
    }


def _plant(path: Path, bad: bytes | str) -> None:
    if bad == "fifo":
        os.mkfifo(path)
    elif bad == "dev-zero":
        path.symlink_to("/dev/zero")
    elif bad == "folder":
        path.mkdir()
    else:
        assert isinstance(bad, bytes)
        path.write_bytes(bad)


def _limited() -> None:  # a cache that eats memory fails the test rather than the machine
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.fixture(scope="module")
def good_cache() -> Iterator[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="dashi-cache-"))
    try:
        yield _warm_cache(folder / "cache", folder)
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    "kind",
    [
        "nested",
        "nested-years",
        "fifo",
        "dev-zero",
        "folder",
        "huge",
        "not-json",
        "list",
        "names-not-text",
        "year-elsewhere",
        "last-official-absurd",
        "last-official-bool",
    ],
)
def test_a_bad_cache_is_ignored_noted_and_rebuilt(
    place: Path, good_cache: dict[str, Any], kind: str
) -> None:
    cache = place / "cache"
    cache.mkdir()
    path = cache / cache_file_name(package_identity())
    _plant(path, _bad_caches(good_cache)[kind])
    eligible(place / "ok.yaml")
    env = base_env(cache)
    argv = [sys.executable, "-m", "dashi_cli", *NOTICE]
    try:
        done = subprocess.run(
            argv, cwd=place, env=env, capture_output=True, timeout=30, preexec_fn=_limited
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"a {kind} cache hangs the run")
    result = Done(done.returncode, done.stdout.decode(), done.stderr.decode())
    assert_clean(result)
    assert result.code == 0 and result.json()["end"] == "2025-05-12"
    assert "cache" in result.err and str(path) in result.err  # the note says which and why
    assert len(result.err.strip().splitlines()) == 1, result.err
    checked, _ = check_json("ok.yaml", cwd=place, env=env)  # and dossiers are not hurt
    assert checked.code == 0, checked
    if kind != "folder":  # a folder in its place cannot be replaced; the others are
        assert stat.S_ISREG(path.lstat().st_mode)
        assert json.loads(path.read_text("utf-8"))["key"] == good_cache["key"]
        again = run(*NOTICE, cwd=place, env=env)
        assert again.code == 0 and again.err == ""  # rebuilt: no note any more


def test_a_relative_xdg_cache_home_is_ignored(place: Path) -> None:
    (place / "work").mkdir()
    (place / "home").mkdir()
    env = base_env(XDG_CACHE_HOME="relative-cache", HOME=str(place / "home"))
    done = run(*NOTICE, cwd=place / "work", env=env)
    assert_clean(done)
    assert done.code == 0
    assert not (place / "work" / "relative-cache").exists()
    assert list((place / "home" / ".cache" / "dashi").glob("holidays-*.json"))


# --- 8. nothing skipped without a word ---------------------------------------


def test_an_unreadable_subfolder_is_a_y001(place: Path) -> None:
    prefix = needs_unprivileged()
    eligible(place / "batch" / "ok.yaml")
    eligible(place / "batch" / "shut" / "hidden-from-us.yaml")
    locked(place / "batch" / "shut")
    done, found = check_json("batch", cwd=place, prefix=prefix)
    assert done.code == 1
    assert found["batch/shut"] == ["Y001"] and "Y001" not in found["batch/ok.yaml"]
    report = done.json()["dossiers"]
    [entry] = [d for d in report if d["path"] == "batch/shut"]
    assert "Permission denied" in entry["findings"][0]["message"]


def test_an_unreadable_file_given_or_in_a_folder_is_a_y001(place: Path) -> None:
    prefix = needs_unprivileged()
    eligible(place / "batch" / "ok.yaml")
    eligible(place / "batch" / "secret.yaml").chmod(0o000)
    done, found = check_json("batch", "batch/secret.yaml", cwd=place, prefix=prefix)
    assert done.code == 1 and found["batch/secret.yaml"] == ["Y001"]


def test_special_entries_in_a_folder_are_listed(place: Path) -> None:
    batch = place / "batch"
    eligible(batch / "ok.yaml")
    os.mkfifo(batch / "pipe.yaml")
    (batch / "device.yaml").symlink_to("/dev/null")
    (batch / "gone.yaml").symlink_to("nowhere.yaml")
    (batch / "mounted").symlink_to(place / "unmounted-share")  # a folder link to nothing
    (batch / "loop").symlink_to("loop")
    os.mkfifo(batch / "notes.txt")  # not a dossier's name: not a dossier
    (batch / ".hidden.yaml").symlink_to("nowhere")  # hidden entries are left out by design
    done, found = check_json("batch", cwd=place, timeout=30)
    assert done.code == 1
    assert found == {
        "batch/device.yaml": ["Y001"],
        "batch/gone.yaml": ["Y001"],
        "batch/loop": ["Y001"],
        "batch/mounted": ["Y001"],
        "batch/ok.yaml": found["batch/ok.yaml"],
        "batch/pipe.yaml": ["Y001"],
    }
    assert "Y001" not in found["batch/ok.yaml"]
    messages = {d["path"]: d["findings"][0]["message"] for d in done.json()["dossiers"]}
    assert "not a regular file" in messages["batch/pipe.yaml"]
    assert "not a regular file" in messages["batch/device.yaml"]


def test_a_linked_folder_is_read_once_and_a_loop_ends(place: Path) -> None:
    eligible(place / "real" / "a.yaml")
    (place / "batch").mkdir()
    (place / "batch" / "linked").symlink_to(place / "real")
    (place / "real" / "back").symlink_to(place / "batch")  # a loop through two links
    done, found = check_json("batch", cwd=place, timeout=30)
    assert done.code == 0
    assert list(found) == ["batch/linked/a.yaml"]


def test_the_registry_walk_accounts_for_every_entry(place: Path) -> None:
    prefix = needs_unprivileged()
    reg = place / "reg"
    eligible(reg / "ok.yaml")
    eligible(reg / "shut" / "more.yaml")
    locked(reg / "shut")
    os.mkfifo(reg / "pipe.csv")
    (reg / "gone.yaml").symlink_to("nowhere.yaml")
    done = run(
        "renewals", "reg", "--as-of", AS_OF, "-f", "json", cwd=place, prefix=prefix, timeout=30
    )
    assert_clean(done)
    assert done.code == 1
    problems = {p["source"] for p in done.json()["problems"]}
    assert problems == {"reg/shut", "reg/pipe.csv", "reg/gone.yaml"}


def test_a_path_too_long_to_name_is_refused_in_one_line(place: Path) -> None:
    """ENAMETOOLONG for a whole path (not one name): still a Y001, no traceback."""
    long = "/".join(["x" * 200] * 25) + "/a.yaml"
    assert len(long) > os.pathconf("/", "PC_PATH_MAX")
    done, found = check_json(long, cwd=place)
    assert done.code == 1 and found[long] == ["Y001"]
