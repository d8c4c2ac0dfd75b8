"""How fast dashi checks, against floors measured in the same run.

    python benchmarks/bench_check.py [--n 2000] [--memory-n 10000] [--repeat 15]

It writes N synthetic dossiers (certified studios with a review section,
valid and broken mixed) and measures, in one run:

(a) only parsing them with PyYAML's C loader — the floor;
(b) checking them in-process through the Python API;
(c) the CLI over the folder (a process);
(d) `dashi check one.yaml` (a certified studio's dossier, review included)
    and `dashi --version` as processes, against
    `python -c "import typer, rich, pydantic, yaml"`;
and the peak memory of the CLI over --memory-n dossiers.

Ratios are what to read: absolute times vary with the machine's load.
This is a script, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = (ROOT / "examples" / "annotated.yaml").read_text(encoding="utf-8")
AS_OF = date(2026, 11, 26)
BROKEN = [
    "studio:\n  name: [unclosed\n",
    "studio:\n  area_m2: lots\nmembers: many\nleader: {birth: 1978-13}\n",
    None,  # binary junk
]


def _id_number(rng: random.Random) -> str:
    from stdnum.cn import ric

    born = date(1960, 1, 1).toordinal() + rng.randrange(40 * 365)
    body = f"4402{rng.randrange(100):02d}{date.fromordinal(born):%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def generate(folder: Path, count: int, seed: int = 46) -> Path:
    """count dossiers: one in twenty broken, the rest variations of the annotated example."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        path = folder / f"dossier-{index:05d}.yaml"
        if index % 20 == 19:
            kind = BROKEN[(index // 20) % len(BROKEN)]
            if kind is None:
                path.write_bytes(rng.randbytes(2048))
            else:
                path.write_text(kind, encoding="utf-8")
            continue
        text = TEMPLATE.replace("张建华数控加工技能大师工作室", f"第{index}号技能大师工作室")
        text = text.replace("440204197805121310", _id_number(rng))  # F002/F003/F004 may fire
        if index % 3 == 0:
            text = text.replace("yearly_training_target: 5", "yearly_training_target: 3")
        path.write_text(text, encoding="utf-8")
    return folder


def parse_only(files: list[Path]) -> float:
    start = time.perf_counter()
    for file in files:
        with contextlib.suppress(yaml.YAMLError, ValueError):
            yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)  # the safe C loader
    return time.perf_counter() - start


def check_in_process(folder: Path) -> float:
    from dashi_cli import api
    from dashi_cli.pack import load_pack

    pack = load_pack()
    start = time.perf_counter()
    report = api.check_paths([folder], as_of=AS_OF, pack=pack)
    elapsed = time.perf_counter() - start
    assert report.dossiers
    return elapsed


def _dashi() -> str:
    script = Path(sys.executable).with_name("dashi")
    return str(script) if script.exists() else shutil.which("dashi") or "dashi"


def process_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_memory_mb(command: list[str]) -> float:
    """Peak resident memory of one child process (Linux reports KiB)."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--memory-n", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dashi-bench-"))
    os.environ.setdefault("DASHI_CACHE_DIR", str(work / "cache"))
    dashi = _dashi()
    try:
        folder = generate(work / "dossiers", args.n)
        files = sorted(folder.glob("*.yaml"))
        one = str(ROOT / "examples" / "annotated.yaml")
        # warm the page cache and the holiday cache once
        parse_only(files)
        subprocess.run([dashi, "check", one], stdout=subprocess.DEVNULL, check=False)

        a = min(parse_only(files) for _ in range(3))
        b = min(check_in_process(folder) for _ in range(3))
        c = process_time([dashi, "check", str(folder), "--format", "jsonl"])

        floor_cmd = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]
        runs: dict[str, list[float]] = {"floor": [], "check": [], "version": []}
        for _ in range(args.repeat):  # interleaved, so that load spikes hit all three
            runs["floor"].append(process_time(floor_cmd))
            runs["check"].append(process_time([dashi, "check", one]))
            runs["version"].append(process_time([dashi, "--version"]))
        median = {k: statistics.median(v) for k, v in runs.items()}

        memory_folder = generate(work / "memory", args.memory_n)
        memory = peak_memory_mb([dashi, "check", str(memory_folder), "--format", "jsonl"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"dossiers: {args.n} ({args.n // 20} broken); processes: median of {args.repeat}")
    print(f"(a) parse only, C loader        {a:8.3f} s  {a / args.n * 1000:6.2f} ms/dossier")
    print(f"(b) check in-process (API)      {b:8.3f} s  {b / args.n * 1000:6.2f} ms/dossier")
    print(f"(c) CLI over the folder         {c:8.3f} s  {c / args.n * 1000:6.2f} ms/dossier")
    print(f"(d) import floor (process)      {median['floor']:8.3f} s")
    print(f"    dashi check one.yaml        {median['check']:8.3f} s")
    print(f"    dashi --version             {median['version']:8.3f} s")
    print(f"peak memory, CLI, {args.memory_n} dossiers {memory:8.1f} MB")
    print()
    print(f"(b)/(a)                          {b / a:6.2f}   target <= 2.0")
    print(f"(c)/(a)                          {c / a:6.2f}")
    one, version = median["check"] / median["floor"], median["version"] / median["floor"]
    print(f"check one.yaml / import floor    {one:6.2f}   target <= 1.3")
    print(f"--version / import floor         {version:6.2f}   target <= 1.2")
    print(f"peak memory                      {memory:6.1f}   target <= 200 MB")


if __name__ == "__main__":
    main()
