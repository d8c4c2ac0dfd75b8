"""The outputs that must not change by accident: every format of ``dashi check``
over the examples and over a generated batch of 500 realistic dossiers.

    python tests/golden/outputs.py     # rewrite the stored outputs (then review the diff)

Each configuration is run as a real process; its standard output is stored
gzipped beside this file, its exit code in ``exit-codes.json``. The tool's
version and the rules pack's sha256 are stored as placeholders, so that a
release or a pack edit does not count as a change of output; every other
byte is compared. A deliberate change of output (a new message, another
order) is made by rewriting them and reading the diff of
``zcat tests/golden/*.gz`` before committing.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
AS_OF = "2026-11-26"
BATCH = 500

# name → arguments after `dashi check SOURCE`
CONFIGS: dict[str, list[str]] = {
    "table-zh": [],
    "table-en": ["--lang", "en"],
    "json-zh": ["-f", "json"],
    "json-en": ["-f", "json", "--lang", "en"],
    "jsonl": ["-f", "jsonl"],
    "csv-zh": ["-f", "csv"],
    "csv-en": ["-f", "csv", "--lang", "en"],
    "summary": ["--summary"],
    "statistics": ["--statistics"],
    "json-pii": ["-f", "json", "--show-pii"],
}
SOURCES = ("examples", "batch")


def generate_dossiers(folder: Path, count: int) -> Path:
    """``count`` realistic dossiers of benchmarks/dossiers.py in folder (seeded: the same
    bytes every time); the one way the tests make a generated batch."""
    spec = importlib.util.spec_from_file_location("dossiers", ROOT / "benchmarks" / "dossiers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(folder, count)  # type: ignore[no-any-return]


def generate_batch(folder: Path) -> Path:
    """The 500 dossiers the stored outputs were made from, in folder/batch."""
    return generate_dossiers(folder / "batch", BATCH)


def placeholders(text: bytes) -> bytes:
    """The version and the pack's sha256 as @VERSION@ and @PACK_SHA256@."""
    from dashi_cli import __version__
    from dashi_cli.pack import bundled_pack_path

    sha = hashlib.sha256(bundled_pack_path().read_bytes()).hexdigest().encode()
    text = text.replace(sha, b"@PACK_SHA256@")
    return text.replace(f'"version": "{__version__}"'.encode(), b'"version": "@VERSION@"')


def run(source: str, config: str, cwd: Path, *extra: str) -> tuple[int, bytes]:
    env = {**os.environ, "COLUMNS": "120", "LINES": "50", "NO_COLOR": "1", "TERM": "dumb"}
    env["DASHI_NO_CONFIG"] = "1"  # no dashi.toml above the checkout changes them
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashi_cli",
            "check",
            source,
            "--as-of",
            AS_OF,
            *CONFIGS[config],
            *extra,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=False,
    )
    return done.returncode, placeholders(done.stdout)


def stored(source: str, config: str) -> bytes:
    return gzip.decompress((HERE / f"{source}-{config}.out.gz").read_bytes())


def exit_codes() -> dict[str, int]:
    return json.loads((HERE / "exit-codes.json").read_text("utf-8"))  # type: ignore[no-any-return]


def cwd_for(source: str, work: Path) -> Path:
    """examples/ is read in the repository, the batch in ``work`` (paths show relative)."""
    return ROOT if source == "examples" else work


def main() -> None:
    import tempfile

    codes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate_batch(work)
        for source in SOURCES:
            for config in CONFIGS:
                code, out = run(source, config, cwd_for(source, work))
                codes[f"{source}-{config}"] = code
                (HERE / f"{source}-{config}.out.gz").write_bytes(gzip.compress(out, mtime=0))
    (HERE / "exit-codes.json").write_text(json.dumps(codes, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
