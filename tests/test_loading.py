"""Reading files: the Y001 variants that need a real file system, and positions."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dashi_cli.loading import Limits, Position, load_file, load_text


def _variants(path: Path, limits: Limits | None = None) -> list[str]:
    return [i.variant for i in load_file(path, limits).issues if i.code == "Y001"]


def test_missing_file(tmp_path: Path) -> None:
    assert _variants(tmp_path / "nope.yaml") == ["missing"]


def test_directory_is_not_a_regular_file(tmp_path: Path) -> None:
    assert _variants(tmp_path) == ["not_file"]


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n")
    assert _variants(path, Limits(max_bytes=100)) == ["too_large"]
    assert _variants(path) == []


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffstudio: {name: 工作室}\n".encode())
    loaded = load_file(path)
    assert loaded.issues == [] and loaded.data == {"studio": {"name": "工作室"}}


def test_positions_of_keys_and_values() -> None:
    loaded = load_text("studio:\n  name: x\n  facilities:\n    - a\n    - b\n")
    assert loaded.key_position(("studio", "name")) == Position(2, 3)
    assert loaded.value_position(("studio", "name")) == Position(2, 3)  # findings point at keys
    # a list is pointed at by its key, its items where they stand
    assert loaded.value_position(("studio", "facilities")) == Position(3, 3)
    assert loaded.value_position(("studio", "facilities", 1)) == Position(5, 7)
    assert loaded.value_position(("studio", "missing")) is None
    assert loaded.value_position(("studio", "facilities", 9)) is None


def test_positions_through_merge_keys_and_duplicates() -> None:
    loaded = load_text("base: &b\n  name: x\nstudio:\n  <<: *b\n  area_m2: 1\n  area_m2: 2\n")
    assert loaded.value_position(("studio", "name")) == Position(2, 3)  # from the anchor
    assert loaded.value_position(("studio", "area_m2")) == Position(6, 3)  # the one kept


def test_duplicate_key_keeps_reading() -> None:
    loaded = load_text("a: 1\nb:\n  c: 1\n  c: 2\n")
    (issue,) = loaded.issues
    assert issue.code == "Y003" and issue.field == "b.c"
    where = loaded.position_of(issue)
    assert where is not None and where.line == 4
    assert loaded.data == {"a": 1, "b": {"c": 2}}


@settings(max_examples=1000, derandomize=True)
@given(
    st.sampled_from([yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode]),
    st.one_of(st.text(max_size=60), st.sampled_from(["true", "1", "0o7", "2024-02-30", "~", ""])),
    st.tuples(st.booleans(), st.booleans()),
)
def test_the_remembering_resolver_answers_as_the_safe_resolver(
    kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]
) -> None:
    """Tags are remembered by text, and known kinds answered directly: the same tags."""
    from dashi_cli.loading.yamlpos import _BaseLoader, _Loader

    ours, theirs = _Loader(""), _BaseLoader("")
    try:
        for _ in range(2):  # the second time from memory
            assert ours.resolve(kind, value, implicit) == theirs.resolve(kind, value, implicit)
    finally:
        ours.dispose()
        theirs.dispose()
