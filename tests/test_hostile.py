"""Broken and hostile input never produces a traceback: a finding with a code, exit 0/1."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import AS_OF, EXAMPLES, check_measured
from dashi_cli.cli import app
from dashi_cli.engine import check_file
from dashi_cli.pack import Pack

ELIGIBLE = (EXAMPLES / "eligible.yaml").read_bytes()

BOMB = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

BAD_INPUTS: dict[str, bytes] = {
    "empty": b"",
    "comments only": b"# nothing here\n",
    "null document": b"~\n",
    "binary junk": bytes(range(256)) * 4,
    "truncated": ELIGIBLE[: len(ELIGIBLE) // 2],
    "latin-1": "studio: {name: caf\xe9}\n".encode("latin-1"),
    "two documents": b"a: 1\n---\nb: 2\n",
    "syntax error": b"studio:\n  name: [unclosed\n",
    "tab indentation": b"studio:\n\tname: x\n",
    "top-level list": b"- 1\n- 2\n",
    "top-level scalar": b"hello\n",
    "alias bomb": BOMB.encode(),
    "recursive alias": b"a: &a [*a]\n",
    "deep nesting": b"a: " + b"[" * 2000 + b"]" * 2000 + b"\n",
    "deep block nesting": "".join("  " * i + f"k{i}:\n" for i in range(300)).encode(),
    "python tag": b"studio: !!python/object/apply:os.system ['echo hi']\n",
    "binary tag": b"studio:\n  name: !!binary aGVsbG8=\n",
    "list as key": b"? [a, b]\n: c\n",
    "int keys": b"1: x\n2: y\n",
    "members not a list": b"members: lots\n",
    "member items null": b"members: [~, ~]\n",
    "member item scalar": b"members: [1, two, 3.0]\n",
    "nan area": b"studio: {area_m2: .nan}\n",
    "huge int": b"plan: {yearly_training_target: " + b"9" * 5000 + b"}\n",
    "weird dates": b"review: {applied_on: 2023-02-29, certified_on: 99999-01-01}\n"
    b"leader: {birth: 1978-13}\n",
    "control characters": b'studio: {name: "\x07\x1b[31m"}\n',
    "nul byte": b"studio:\x00 name\n",
    "utf-16 without bom": "studio: {name: x}\n".encode("utf-16-le"),
    "material path with nul": b'materials: {application_report: {file: "a\\0b"}}\n',
    "material path absolute": b"materials: {application_report: {file: /etc}}\n",
    "very long key": b"x" * 10000 + b": 1\n",
    "merge key": b"base: &b {name: x}\nstudio:\n  <<: *b\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_through_cli(name: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(BAD_INPUTS[name])
    for fmt in ("table", "json", "csv"):
        result = CliRunner().invoke(app, ["check", str(path), "-f", fmt])
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        assert result.exit_code in (0, 1), (name, result.output)
        assert "Traceback" not in result.output


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(0, len(ELIGIBLE) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    st.integers(0, len(ELIGIBLE)),
)
def test_mutated_example_never_crashes(
    pack: Pack, tmp_path: Path, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(ELIGIBLE)
    for index, value in flips:
        data[index] = value
    path = tmp_path / "mutated.yaml"
    path.write_bytes(bytes(data[: max(cut, 1)]))
    result = check_file(path, pack, AS_OF)
    assert all(f.code and f.severity for f in result.findings)


REVIEW_INPUTS: dict[str, bytes] = {
    "bool tag on text": b"studio:\n  name: !!bool abc\n",
    "timestamp tag on text": b"studio:\n  name: !!timestamp abc\n",
    "float tag on text": b"studio:\n  area_m2: !!float lots\n",
    "duplicate complex key": b"? [a, b]\n: 1\n? [a, b]\n: 2\n",
    "merge of a list": b"a: &a {x: 1}\nb: &b {x: 2}\nstudio:\n  <<: [*a, *b]\n",
}


@pytest.mark.parametrize("name", sorted(REVIEW_INPUTS))
def test_odd_tags_and_keys_stay_findings(name: str, tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(REVIEW_INPUTS[name])
    for fmt in ("table", "json", "jsonl", "csv"):
        result = CliRunner().invoke(
            app, ["check", str(path), str(EXAMPLES / "eligible.yaml"), "-f", fmt]
        )
        assert result.exit_code in (0, 1), (name, result.output)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if fmt == "jsonl":  # the batch went on to the second file
            assert len(result.stdout.splitlines()) == 2


def test_a_large_legal_file_is_refused_before_its_tree_is_built(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("items:\n" + "".join(f"  - {i}\n" for i in range(400_000)), encoding="ascii")
    assert path.stat().st_size < 5 * 1024 * 1024
    out, peak_mb = check_measured(path)
    assert out.split() == ["Y001", "too_many_nodes"]
    assert peak_mb < 200, f"peak memory {peak_mb} MB"
