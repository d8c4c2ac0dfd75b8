"""Outputs do not change by accident: every format of ``dashi check`` over the
examples and a generated batch of 500 realistic dossiers, byte for byte, as
stored in tests/golden/ (see tests/golden/outputs.py to rewrite them on purpose)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from golden.outputs import CONFIGS, SOURCES, cwd_for, exit_codes, generate_batch, run, stored


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("golden")
    generate_batch(folder)
    return folder


@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("source", SOURCES)
def test_output_is_unchanged(source: str, config: str, work: Path) -> None:
    code, out = run(source, config, cwd_for(source, work))
    expected = stored(source, config)
    if out != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            out.decode("utf-8", "replace").splitlines(),
            "stored",
            "now",
            lineterm="",
            n=1,
        )
        pytest.fail(f"{source} {config} changed:\n" + "\n".join(list(diff)[:60]))
    assert code == exit_codes()[f"{source}-{config}"]


def test_the_batch_is_realistic(work: Path) -> None:
    """Full teams, projects, review dates and yearly records: about 4 KB a dossier."""
    files = sorted((work / "batch").glob("*.yaml"))
    assert len(files) == 500
    sizes = [f.stat().st_size for f in files]
    assert 3500 < sum(sizes) / len(sizes) < 5500
    texts = [f.read_text("utf-8", "replace") for f in files[:8]]
    assert any("annual_records" in t and "objections" in t for t in texts)
    assert any("工作室主要成员" in t for t in texts)  # Chinese keys too


@pytest.mark.parametrize("config", ["json-zh", "table-zh", "statistics"])
@pytest.mark.parametrize("source", SOURCES)
def test_jobs_give_the_same_report(source: str, config: str, work: Path) -> None:
    """--jobs 2 checks in two processes; the report is byte for byte the one of one process,
    the batch rules (X001, X002: the batch has repeated studio names) included."""
    code, out = run(source, config, cwd_for(source, work), "--jobs", "2")
    assert out == stored(source, config)
    assert code == exit_codes()[f"{source}-{config}"]
