"""YAML with positions.

PyYAML's safe composer gives a node tree with marks; we build plain Python
values from it ourselves so that we can (a) remember the line and column of
every key and value, (b) report duplicate keys (Y003) instead of silently
keeping the last one, and (c) bound the work an alias bomb or absurd nesting
can cause (Y001). Only the safe loader is ever used: no tag can construct a
Python object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dashi_cli.findings import Issue
from dashi_cli.paths import Path_

# The C composer is much faster; both are safe loaders.
_AnyLoader = yaml.SafeLoader | yaml.CSafeLoader
_Loader: type[_AnyLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceInt(int):
    """An int as YAML read it, with the text it was written as.

    YAML 1.1 reads an unquoted ``0751`` as octal and ``051200`` as a number;
    where the model wants an identifier (phone, postal code) it takes the text.
    """

    source: str

    def __new__(cls, value: int, source: str) -> SourceInt:
        made = super().__new__(cls, value)
        made.source = source
        return made


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TEXT_FALLBACK_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 200_000


@dataclass
class Loaded:
    """The result of loading: data (None when unreadable), positions and Y00x issues."""

    source: str
    data: Any = None
    keys: dict[Path_, Position] = field(default_factory=dict)
    values: dict[Path_, Position] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    positions: dict[int, Position] = field(default_factory=dict)  # id(issue) → where

    def add(self, issue: Issue, where: Position | None = None) -> None:
        self.issues.append(issue)
        if where is not None:
            self.positions[id(issue)] = where

    def position_of(self, issue: Issue) -> Position | None:
        return self.positions.get(id(issue))

    @property
    def readable(self) -> bool:
        return not any(i.code == "Y001" for i in self.issues)


class _TooMuch(Exception):
    def __init__(self, variant: str, limit: int, where: Position) -> None:
        super().__init__(variant)
        self.variant, self.limit, self.where = variant, limit, where


def _pos(node: yaml.Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


def load_file(path: Path, limits: Limits | None = None) -> Loaded:
    limits = limits or Limits()
    loaded = Loaded(source=str(path))
    try:
        if not path.exists():
            loaded.add(Issue("Y001", params={"path": str(path)}, variant="missing"))
            return loaded
        if not path.is_file():
            loaded.add(Issue("Y001", params={"path": str(path)}, variant="not_file"))
            return loaded
        size = path.stat().st_size
        if size > limits.max_bytes:
            params = {"size": size, "limit": limits.max_bytes}
            loaded.add(Issue("Y001", params=params, variant="too_large"))
            return loaded
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        loaded.add(Issue("Y001", params={"reason": reason}, variant="unreadable"))
        return loaded
    return load_bytes(raw, str(path), limits, loaded)


def load_bytes(
    raw: bytes, source: str = "<stdin>", limits: Limits | None = None, into: Loaded | None = None
) -> Loaded:
    limits = limits or Limits()
    loaded = into or Loaded(source=source)
    if len(raw) > limits.max_bytes:
        params = {"size": len(raw), "limit": limits.max_bytes}
        loaded.add(Issue("Y001", params=params, variant="too_large"))
        return loaded
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        loaded.add(Issue("Y001", variant="undecodable"))
        return loaded
    return load_text(text, source, limits, loaded)


def load_text(
    text: str, source: str = "<text>", limits: Limits | None = None, into: Loaded | None = None
) -> Loaded:
    limits = limits or Limits()
    loaded = into or Loaded(source=source)
    if not text.strip():
        loaded.add(Issue("Y001", variant="empty"))
        return loaded
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        where = _mark(exc)
        if "single document" in str(exc):
            loaded.add(Issue("Y001", variant="multiple_documents"), where)
        else:
            loaded.add(Issue("Y001", params={"problem": _problem(exc)}, variant="syntax"), where)
        return loaded
    except yaml.YAMLError as exc:
        loaded.add(Issue("Y001", params={"problem": _problem(exc)}, variant="syntax"), _mark(exc))
        return loaded
    except RecursionError:
        loaded.add(Issue("Y001", params={"limit": limits.max_depth}, variant="too_deep"))
        return loaded
    finally:
        loader.dispose()
    if node is None:
        loaded.add(Issue("Y001", variant="empty"))
        return loaded
    builder = _Builder(loader, loaded, limits)
    try:
        loaded.data = builder.build(node, (), 0)
    except _TooMuch as exc:
        loaded.data = None
        loaded.add(Issue("Y001", params={"limit": exc.limit}, variant=exc.variant), exc.where)
    return loaded


def _mark(exc: yaml.YAMLError) -> Position | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return None
    return Position(mark.line + 1, mark.column + 1)


def _problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    if problem:
        context = getattr(exc, "context", None)
        return f"{context}, {problem}" if context else str(problem)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class _Builder:
    def __init__(
        self, loader: yaml.SafeLoader | yaml.CSafeLoader, loaded: Loaded, limits: Limits
    ) -> None:
        self.loader, self.loaded, self.limits = loader, loaded, limits
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _TooMuch("too_many_nodes", self.limits.max_nodes, _pos(node))
        if depth > self.limits.max_depth:
            raise _TooMuch("too_deep", self.limits.max_depth, _pos(node))
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            expected = _MAP_TAG if isinstance(node, yaml.MappingNode) else _SEQ_TAG
            if node.tag != expected:
                self._bad_tag(node, path)
                return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.loaded.values[(*path, index)] = _pos(item)
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        return self._scalar(node, path)

    def _bad_tag(self, node: yaml.Node, path: Path_) -> None:
        issue = Issue("Y002", field=_dotted(path), params={"tag": node.tag}, variant="bad_tag")
        self.loaded.add(issue, _pos(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:  # `<<: *anchor` (or a list of anchors)
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    value = self.build(source, path, depth + 1)
                    if isinstance(value, dict):
                        merged = {**value, **merged}
                continue
            # Keys are taken as written: `1:`, `true:` and `null:` are the keys "1", "true", "null".
            if isinstance(key_node, yaml.ScalarNode):
                key = str(key_node.value)
            else:
                key = str(self.build(key_node, path, depth + 1))
            child = (*path, key)
            where = _pos(key_node)
            if key in first_seen:
                params = {"key": key, "first_line": first_seen[key].line}
                self.loaded.add(Issue("Y003", field=_dotted(child), params=params), where)
            else:
                first_seen[key] = where
            self.loaded.keys[child] = where
            # a scalar is pointed at where it stands; a mapping or list at its key
            container = isinstance(value_node, yaml.MappingNode | yaml.SequenceNode)
            self.loaded.values[child] = where if container else _pos(value_node)
            result[key] = self.build(value_node, child, depth + 1)
        return {**merged, **result}

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self._bad_tag(node, path)
            return None
        except ValueError:
            if node.tag in _TEXT_FALLBACK_TAGS:
                # A date-shaped scalar that is no real date (2023-02-29), an int
                # too long to convert: keep the text; the model reports it.
                return str(node.value)
            self._bad_tag(node, path)
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return SourceInt(value, str(node.value))
        return value


def _dotted(path: Path_) -> str:
    from dashi_cli.paths import dotted

    return dotted(path)
