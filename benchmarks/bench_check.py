"""How fast dashi checks, against floors and peers measured in the same run.

    python benchmarks/bench_check.py [--n 2000] [--memory-n 10000] [--repeat 7]
        [--repeat-small 15] [--markdown] [--no-peers] [--keep DIR]

First it compiles src/ to bytecode (``python -m compileall -q src``, with this
interpreter): an editable install under PYTHONDONTWRITEBYTECODE=1 would
otherwise recompile the package from source in every process, while pip
compiles the modules of a wheel it installs. The figures are those of a
wheel install.

It writes --n realistic dossiers (``benchmarks/dossiers.py``: four sizes, one
in twenty broken) to one folder, --memory-n to another, and one full dossier
(8 members, 3 yearly records, the review) to one.yaml. Then it runs these
commands as whole processes, interleaved in rounds after one warm-up run of
each that is not counted:

    parse             python -c: load every *.yaml of the batch with PyYAML's
                      CSafeLoader in one process — the floor for a batch
    batch             dashi check FOLDER -f json --as-of 2026-11-26
    check-jsonschema  check-jsonschema --schemafile SCHEMA FILES...  (a peer)
    yamllint          yamllint FILES...  (a peer; the text files only: it
                      stops with a traceback at the first binary one)
    floor             python -c "import typer, rich, pydantic, yaml"
    one               dashi check one.yaml --as-of 2026-11-26
    version           dashi --version

The batch commands (the first four) run in the first --repeat rounds, the
small ones (the last three) in the first --repeat-small rounds; the order
within a round rotates from one round to the next. A peer runs only when it is
installed (``pip install -e '.[bench]'``); its exit code is ignored. SCHEMA is
written by ``dashi schema``.

Each process is started with subprocess.Popen and reaped with os.wait4, so
the operating system measures it: CPU time is ru_utime + ru_stime, peak memory
ru_maxrss (KiB on Linux; "MB" below means 2**20 bytes), wall time is
time.perf_counter around it. The children get DASHI_CACHE_DIR (a temporary
folder, warmed by one untimed check) and COLUMNS=100.

Linux counts in a child's ru_maxrss the memory of the process that started it
(the child shares or copies it until exec), so every process is run while
this script is still small, and the in-process figures, which load dashi and
a whole batch into this process, come last: (a) only parsing the batch with
the C loader, (b) ``dashi_cli.api.check_paths`` over it, min of 3 each.

Ratios are what to read: absolute times vary with the machine and its load.
Each ratio is taken pair by pair, the two commands' CPU times in the same
round, and reported as the median (min–max) over the rounds. This is a
script, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import dossiers  # noqa: E402  (benchmarks/ is not a package)

AS_OF = date(2026, 11, 26)
ONE_INDEX = 7  # a full dossier: 8 members, 3 yearly records, the review
PARSE_CODE = """\
import contextlib, pathlib, sys
import yaml
for file in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    with contextlib.suppress(yaml.YAMLError, ValueError):
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
"""
FLOOR_CODE = "import typer, rich, pydantic, yaml"
BATCH = ("parse", "batch", "check-jsonschema", "yamllint")
SMALL = ("floor", "one", "version")
PEERS = ("check-jsonschema", "yamllint")
MIB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Run:
    """One process as the operating system accounted for it."""

    cpu: float  # seconds, user + system
    wall: float  # seconds
    maxrss_kib: int
    exit_code: int


@dataclass(frozen=True)
class Ratio:
    """A ratio of two commands' CPU times, measured pair by pair within rounds."""

    label: str
    numerator: str
    denominator: str
    target: str  # "" when there is none
    met: bool | None  # None: no target, or not measured
    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def shown(self) -> str:
        if not self.values:
            return "not measured"
        low, high = min(self.values), max(self.values)
        return f"{self.median:.2f} ({low:.2f}–{high:.2f})"


@dataclass(frozen=True)
class Memory:
    label: str
    mb: float
    detail: str
    limit_mb: float

    @property
    def met(self) -> bool:
        return self.mb <= self.limit_mb


def tool(name: str) -> str | None:
    """An executable beside this interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def run(command: Sequence[str], env: dict[str, str]) -> Run:
    """Start one process and reap it with wait4, which hands back its rusage."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, process.returncode)


def parse_only(files: Sequence[Path]) -> float:
    start = time.perf_counter()
    for file in files:
        with contextlib.suppress(yaml.YAMLError, ValueError):
            yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def in_process(folder: Path) -> tuple[float, float, int]:
    """(a) parse only and (b) check_paths over the folder, min of 3; and how many it checked."""
    from dashi_cli import api
    from dashi_cli.pack import load_pack

    files = sorted(folder.glob("*.yaml"))
    parse_only(files)  # the page cache
    a = min(parse_only(files) for _ in range(3))
    pack = load_pack()
    times: list[float] = []
    checked = 0
    for _ in range(3):
        start = time.perf_counter()
        report = api.check_paths([folder], as_of=AS_OF, pack=pack)
        times.append(time.perf_counter() - start)
        checked = len(report.dossiers)
    return a, min(times), checked


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB


def progress(text: str) -> None:
    print(f"\r{text:<72}", end="", file=sys.stderr, flush=True)


def clear_dossiers(folder: Path) -> None:
    """Remove a previous run's dossiers (--keep), so that the batch is --n of them."""
    for old in folder.glob("dossier-*.yaml"):
        old.unlink()


def commands(
    dashi: str, work: Path, batch: Path, one: Path, peers: dict[str, str]
) -> dict[str, list[str]]:
    as_of = AS_OF.isoformat()
    found: dict[str, list[str]] = {
        "parse": [sys.executable, "-c", PARSE_CODE, str(batch)],
        "batch": [dashi, "check", str(batch), "-f", "json", "--as-of", as_of],
        "floor": [sys.executable, "-c", FLOOR_CODE],
        "one": [dashi, "check", str(one), "--as-of", as_of],
        "version": [dashi, "--version"],
    }
    if "check-jsonschema" in peers:
        schema = work / "dossier.schema.json"
        subprocess.run([dashi, "schema", "-o", str(schema), "--force"], check=True)
        files = [str(file) for file in sorted(batch.glob("*.yaml"))]
        found["check-jsonschema"] = [peers["check-jsonschema"], "--schemafile", str(schema), *files]
    if "yamllint" in peers:
        texts = [str(f) for f in sorted(batch.glob("*.yaml")) if _is_text(f.read_bytes())]
        found["yamllint"] = [peers["yamllint"], *texts]
    return found


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def measure_rounds(
    argv: dict[str, list[str]], env: dict[str, str], repeat: int, repeat_small: int
) -> list[dict[str, Run]]:
    """One uncounted warm-up run of each command, then the counted rounds."""
    names = [name for name in (*BATCH, *SMALL) if name in argv]
    for name in names:
        progress(f"warm-up: {name}")
        run(argv[name], env)
    rounds: list[dict[str, Run]] = []
    for index in range(max(repeat, repeat_small)):
        active = [name for name in names if index < (repeat if name in BATCH else repeat_small)]
        shift = index % len(active)
        measured: dict[str, Run] = {}
        for name in active[shift:] + active[:shift]:  # rotate, so no command always goes first
            progress(f"round {index + 1}/{max(repeat, repeat_small)}: {name}")
            measured[name] = run(argv[name], env)
        rounds.append(measured)
    progress("")
    print("\r", end="", file=sys.stderr)
    return rounds


def ratio(
    rounds: list[dict[str, Run]],
    label: str,
    numerator: str,
    denominator: str,
    target: str = "",
) -> Ratio:
    values = tuple(
        measured[numerator].cpu / measured[denominator].cpu
        for measured in rounds
        if numerator in measured and denominator in measured and measured[denominator].cpu > 0
    )
    met: bool | None = None
    if target and values:
        bound = float(target.split()[-1])
        median = statistics.median(values)
        met = median <= bound if target.startswith("≤") else median >= bound
    return Ratio(label, numerator, denominator, target, met, values)


def command_line() -> str:
    interpreter = Path(sys.executable)
    with contextlib.suppress(ValueError):
        interpreter = interpreter.relative_to(Path.cwd())
    return shlex.join([str(interpreter), *sys.argv])


def verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: ""}[met]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="Ratios are what to read; nothing here asserts a time.",
    )
    parser.add_argument("--n", type=int, default=2000, help="dossiers in the batch (2000)")
    parser.add_argument(
        "--memory-n", type=int, default=10000, help="dossiers for the second memory figure (10000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=7, help="counted rounds of the batch commands (7)"
    )
    parser.add_argument(
        "--repeat-small",
        type=int,
        default=15,
        help="counted rounds of floor, one and version (15)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--no-peers", action="store_true", help="leave out the peer tools")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write the dossiers to DIR and keep them"
    )
    args = parser.parse_args()
    if min(args.n, args.memory_n, args.repeat, args.repeat_small) < 1:
        parser.error("--n, --memory-n, --repeat and --repeat-small must be at least 1")

    dashi = tool("dashi")
    if dashi is None:
        sys.exit("dashi is not installed: pip install -e .")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)

    peers: dict[str, str] = {}
    missing: list[str] = []
    if not args.no_peers:
        for name in PEERS:
            found = tool(name)
            if found is None:
                missing.append(name)
            else:
                peers[name] = found

    scratch = Path(tempfile.mkdtemp(prefix="dashi-bench-"))
    work = args.keep.resolve() if args.keep else scratch
    env = {**os.environ, "DASHI_CACHE_DIR": str(scratch / "cache"), "COLUMNS": "100"}
    try:
        progress(f"writing {args.n} dossiers")
        batch = work / "batch"
        if args.keep:
            clear_dossiers(batch)
        dossiers.generate(batch, args.n)
        one = work / "one.yaml"
        one.write_bytes(dossiers.text(ONE_INDEX))
        run([dashi, "check", str(one)], env)  # warms the holiday cache, untimed
        argv = commands(dashi, work, batch, one, peers)
        rounds = measure_rounds(argv, env, args.repeat, args.repeat_small)

        progress(f"writing {args.memory_n} dossiers")
        memory_folder = work / "memory"
        if args.keep:
            clear_dossiers(memory_folder)
        dossiers.generate(memory_folder, args.memory_n)
        progress(f"dashi check over {args.memory_n} dossiers")
        memory_command = [dashi, "check", str(memory_folder), "-f", "json"]
        memory_run = run([*memory_command, "--as-of", AS_OF.isoformat()], env)
        launcher_mb = own_peak_mb()  # every child's ru_maxrss is at least this

        progress("in-process figures")
        parse_a, check_b, checked = in_process(batch)
        progress("")
        print("\r", end="", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    report(args, rounds, memory_run, launcher_mb, (parse_a, check_b, checked), missing)


def report(
    args: argparse.Namespace,
    rounds: list[dict[str, Run]],
    memory_run: Run,
    launcher_mb: float,
    in_proc: tuple[float, float, int],
    missing: list[str],
) -> None:
    names = [name for name in (*BATCH, *SMALL) if any(name in r for r in rounds)]
    runs = {name: [r[name] for r in rounds if name in r] for name in names}

    print("dashi benchmark — src/ compiled to bytecode first, as a wheel install is")
    print(
        f"dossiers: {args.n} in the batch ({args.n // 20} broken), {args.memory_n} for memory; "
        f"counted rounds: {args.repeat} (batch), {args.repeat_small} (small), "
        "after one warm-up run each"
    )
    if args.no_peers:
        print("peers: left out (--no-peers)")
    for name in missing:
        print(f"peer {name}: not installed (pip install -e '.[bench]'), row left out")
    print()
    print(f"{'command':<18}{'CPU median':>11}{'CPU min':>10}{'wall median':>13}{'wall min':>10}")
    for name in names:
        cpu = [r.cpu for r in runs[name]]
        wall = [r.wall for r in runs[name]]
        print(
            f"{name:<18}{statistics.median(cpu):10.3f}s{min(cpu):9.3f}s"
            f"{statistics.median(wall):12.3f}s{min(wall):9.3f}s"
        )
    failed = {
        name: sorted({r.exit_code for r in runs[name]} - {0, 1})
        for name in ("batch", "one", "version", "parse", "floor")
        if name in runs
    }
    for name, codes in failed.items():
        if codes:
            print(f"warning: {name} exited with {codes}: its times measure a failure")
    if memory_run.exit_code not in (0, 1):
        print(f"warning: the memory run exited with {memory_run.exit_code}")

    parse_a, check_b, checked = in_proc
    print()
    print("in this process, min of 3:")
    for label, seconds in (
        ("(a) parse only, CSafeLoader", parse_a),
        ("(b) api.check_paths", check_b),
    ):
        print(f"  {label:<30}{seconds:8.3f} s  {seconds / args.n * 1000:6.2f} ms/dossier")
    print(f"  {'(b)/(a)':<30}{check_b / parse_a:8.2f}    ({checked} dossiers checked)")

    ratios = [
        ratio(rounds, "batch ÷ parse", "batch", "parse", "≤ 1.5"),
        ratio(rounds, "one ÷ floor", "one", "floor", "≤ 2.0"),
        ratio(rounds, "version ÷ floor", "version", "floor", "≤ 1.0"),
    ]
    if "check-jsonschema" in runs:
        ratios.append(ratio(rounds, "check-jsonschema ÷ batch", "check-jsonschema", "batch", "≥ 8"))
    if "yamllint" in runs:
        ratios.append(ratio(rounds, "yamllint ÷ batch", "yamllint", "batch"))

    batch_kib = [r.maxrss_kib for r in runs["batch"]]
    memories = [
        Memory(
            f"peak memory, {args.n:,} dossiers",
            max(batch_kib) / MIB,
            f"max of {len(batch_kib)}; median {statistics.median(batch_kib) / MIB:.1f} MB",
            60,
        ),
        Memory(
            f"peak memory, {args.memory_n:,} dossiers", memory_run.maxrss_kib / MIB, "one run", 80
        ),
    ]

    print()
    print("ratios of CPU time, pair by pair within a round: median (min–max)")
    for item in ratios:
        print(f"  {item.label:<30}{item.shown():<24}{item.target:<8}{verdict(item.met)}")
    print("peak resident memory of `dashi check FOLDER -f json` (ru_maxrss)")
    for memory in memories:
        shown = f"{memory.mb:.1f} MB ({memory.detail})"
        print(f"  {memory.label:<30}{shown:<40}≤ {memory.limit_mb:g} MB  {verdict(memory.met)}")
    print(
        f"  (this script's own peak while it started them: {launcher_mb:.1f} MB, a floor for them)"
    )

    if args.markdown:
        markdown(args, ratios, memories, (parse_a, check_b))


def markdown(
    args: argparse.Namespace,
    ratios: list[Ratio],
    memories: list[Memory],
    in_proc: tuple[float, float],
) -> None:
    def result(shown: str, met: bool | None) -> str:
        return f"{shown} **missed**" if met is False else shown

    print()
    print("```")
    print(command_line())
    print("```")
    print()
    print(
        f"CPU time (user + system) of whole processes, as the OS reports it; ratios are taken "
        f"pair by pair within a round: median (min–max) of {args.repeat} rounds for the batch "
        f"of {args.n:,} dossiers, {args.repeat_small} for the small commands."
    )
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    for item in ratios:
        print(f"| {item.label} | {result(item.shown(), item.met)} | {item.target or '—'} |")
    parse_a, check_b = in_proc
    print(f"| in-process: `api.check_paths` ÷ parse only | {check_b / parse_a:.2f} | — |")
    for memory in memories:
        shown = f"{memory.mb:.1f} MB"
        print(f"| {memory.label} | {result(shown, memory.met)} | ≤ {memory.limit_mb:g} MB |")


if __name__ == "__main__":
    main()
