"""YAML with positions.

PyYAML's safe composer gives a node tree with marks; we build plain Python
values from it ourselves so that we can (a) remember the line and column of
every key and value, (b) report duplicate keys (Y003) instead of silently
keeping the last one, and (c) bound the work an alias bomb or absurd nesting
can cause (Y001). Only the safe loader is ever used: no tag can construct a
Python object.
"""

from __future__ import annotations

import codecs
import errno
import gc
import re
import stat
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from dashi_cli.findings import Issue
from dashi_cli.paths import Path_, dotted

if TYPE_CHECKING:
    from dashi_cli.loading.slips import Slip

# The C composer is much faster; both are safe loaders.
_AnyLoader = yaml.SafeLoader | yaml.CSafeLoader
_BaseLoader: type[_AnyLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars' tags, by their text: PyYAML resolves each plain scalar by trying
# regular expressions in Python, and dossiers repeat the same texts (true, 2,
# 技师, dates), so the resolution is remembered. Only short texts are kept, and
# the memory is bounded: when full it starts again.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX_ENTRIES = 20_000
_RESOLVED_MAX_LENGTH = 40


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, with plain scalars' tags remembered by text.

    For a plain scalar the safe resolver's answer depends on the text alone (the
    safe loader has no path resolvers), so remembering it changes nothing."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR_TAG  # quoted or a block scalar: text, as the safe resolver says
            if len(value) <= _RESOLVED_MAX_LENGTH:
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(_RESOLVED) >= _RESOLVED_MAX_ENTRIES:
                        _RESOLVED.clear()
                    _RESOLVED[value] = tag
                return tag
        elif kind is yaml.MappingNode:
            return _MAP_TAG
        elif kind is yaml.SequenceNode:
            return _SEQ_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to follow."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to follow."""


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


class SourceFloat(float):
    """A float as YAML read it, with its text: ``1978.05`` is a year-month, not 1978.05."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        made = super().__new__(cls, value)
        made.source = source
        return made


_MAP_TAG = "tag:yaml.org,2002:map"
_NULL_TAG = "tag:yaml.org,2002:null"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TEXT_FALLBACK_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")


class Position(NamedTuple):
    line: int
    column: int


class Limits(NamedTuple):
    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 200_000
    # characters of text, aliases expanded: long strings repeated through
    # aliases are a bomb too, though they make few nodes
    max_chars_per_byte: int = 16


# Findings of one kind listed for one file: past this, the rest are only counted
# (a file with 99,000 duplicate keys is not a dossier, and listing them all
# would cost more than reading it).
MAX_OF_A_KIND = 200


def too_many(count: int) -> Issue:
    """The Y002 that ends a file's list of schema problems: there were ``count``,
    the first :data:`MAX_OF_A_KIND` are listed, nothing else is checked."""
    return Issue("Y002", None, {"count": count}, "too_many")


@dataclass
class Loaded:
    """The result of loading: data (None when unreadable), the node tree for
    positions, and the Y00x issues found on the way."""

    source: str
    data: Any = None
    root: yaml.Node | None = None
    issues: list[Issue] = field(default_factory=list)
    positions: dict[int, Position] = field(default_factory=dict)  # id(issue) → where
    problems: int = 0  # schema problems (Y002, Y003) met while reading, listed or not
    keys: set[str] = field(default_factory=set)  # every mapping key written, once
    nodes: int = 0  # nodes built (aliases expanded)

    def add(self, issue: Issue, where: Position | None = None) -> None:
        self.issues.append(issue)
        if where is not None:
            self.positions[id(issue)] = where

    def problem(self, make: Callable[[], tuple[Issue, Position | None]]) -> None:
        """A schema problem met while reading: listed while there are few, then
        only counted (``make`` is not even called), and summed up by :meth:`close`."""
        self.problems += 1
        if self.problems <= MAX_OF_A_KIND:
            self.add(*make())

    def close(self) -> None:
        if self.problems > MAX_OF_A_KIND:
            self.add(too_many(self.problems))

    @property
    def gave_up(self) -> bool:
        """Too many problems were met while reading to make a dossier of it."""
        return self.problems > MAX_OF_A_KIND

    def position_of(self, issue: Issue) -> Position | None:
        return self.positions.get(id(issue))

    @property
    def readable(self) -> bool:
        return not any(i.code == "Y001" for i in self.issues)

    def value_position(self, path: Path_) -> Position | None:
        """Where a finding about the value at path points: at its key, as output.md
        says (so that a dossier with Chinese keys and its English twin agree);
        a list item, which has no key, where it stands."""
        found = _find(self.root, path)
        if found is None:
            return None
        key_node, node = found
        return _pos(key_node if key_node is not None else node)

    def find(self, path: Path_) -> tuple[yaml.Node | None, yaml.Node] | None:
        return _find(self.root, path)

    def key_position(self, path: Path_) -> Position | None:
        found = _find(self.root, path)
        if found is None:
            return None
        key_node, node = found
        return _pos(key_node if key_node is not None else node)

    def slip_in_value(self, path: Path_, expected: str) -> Slip | None:
        """The value at path is a plain text where ``expected`` (``mapping`` or
        ``list``) was meant, and the text is the typing slip that made it one: the
        only key of a block typed ``name：李卫东`` (``leader:`` then ``  name：李卫东``
        is valid YAML, leader's value the text), a list typed ``【a, b】``. The slip
        where its character stands (:func:`dashi_cli.loading.slips.slip_in_text`)."""
        found = _find(self.root, path)
        if found is None:
            return None
        node = found[1]
        if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):
            return None
        from dashi_cli.loading.slips import Slip, slip_in_text  # only for a value in doubt

        slip = slip_in_text(str(node.value), expected)
        if slip is None:
            return None
        mark = node.start_mark
        return Slip(slip.variant, mark.line + 1, mark.column + slip.column, slip.char)


def _find(root: yaml.Node | None, path: Path_) -> tuple[yaml.Node | None, yaml.Node] | None:
    """The (key node, value node) at path; positions are looked up only when a
    finding needs one, so that loading keeps no per-node bookkeeping."""
    if root is None:
        return None
    key_node: yaml.Node | None = None
    node: yaml.Node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = _in_mapping(node, part)
            if found is None:
                return None
            key_node, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            key_node, node = None, node.value[part]
        else:
            return None
    return key_node, node


class _Index:
    """A mapping node's keys, looked up without walking it: key → (key node, value
    node) of the last occurrence (the one kept), key → key node of the first (for
    Y003), and the mappings merged in with ``<<``. Built once per node, when asked."""

    def __init__(self, node: yaml.MappingNode) -> None:
        self.last: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.first: dict[str, yaml.Node] = {}
        self.merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:  # `<<: *anchor` (or a list of anchors)
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                self.merged += [s for s in sources if isinstance(s, yaml.MappingNode)]
            if isinstance(key_node, yaml.ScalarNode):
                key = str(key_node.value)
                self.last[key] = (key_node, value_node)
                self.first.setdefault(key, key_node)


# Held weakly: an index lives as long as its node tree, and no longer.
_INDEXES: weakref.WeakKeyDictionary[yaml.MappingNode, _Index] = weakref.WeakKeyDictionary()


def _index(node: yaml.MappingNode) -> _Index:
    index = _INDEXES.get(node)
    if index is None:
        index = _INDEXES[node] = _Index(node)
    return index


def forget_index(node: yaml.MappingNode) -> None:
    """After a mapping's keys were renamed (Chinese keys), its lookups start afresh."""
    _INDEXES.pop(node, None)


def _first_keys(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """key → key node of its first occurrence."""
    return _index(node).first


def _in_mapping(
    node: yaml.MappingNode, key: str, depth: int = 0
) -> tuple[yaml.Node, yaml.Node] | None:
    index = _index(node)
    found = index.last.get(key)  # the last one is the one kept
    if found is not None or depth > _MAX_MERGE_DEPTH:
        return found
    for source in index.merged:  # keys brought in by `<<: *anchor`: the first source wins
        found = _in_mapping(source, key, depth + 1)
        if found is not None:
            return found
    return None


_MAX_MERGE_DEPTH = 64  # as Limits.max_depth: deeper merges were refused while building


class _TooMuch(Exception):
    def __init__(self, variant: str, limit: int, where: Position) -> None:
        super().__init__(variant)
        self.variant, self.limit, self.where = variant, limit, where


def _pos(node: yaml.Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def load_file(path: Path, limits: Limits | None = None) -> Loaded:
    limits = limits or Limits()
    loaded = Loaded(source=str(path))
    try:
        try:
            status = path.stat()  # one look at the file: exists, regular, its size
        except (OSError, ValueError) as exc:
            # what Path.exists() counts as absent: no such entry, a link loop, a NUL
            if isinstance(exc, OSError) and exc.errno not in _ABSENT:
                raise
            loaded.add(Issue("Y001", params={"path": str(path)}, variant="missing"))
            return loaded
        if not stat.S_ISREG(status.st_mode):
            loaded.add(Issue("Y001", params={"path": str(path)}, variant="not_file"))
            return loaded
        size = status.st_size
        if size > limits.max_bytes:
            loaded.add(Issue("Y001", params=_size_params(size, limits), variant="too_large"))
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
        loaded.add(Issue("Y001", params=_size_params(len(raw), limits), variant="too_large"))
        return loaded
    decoded = decode(raw)
    if decoded is None:
        loaded.add(Issue("Y001", variant="undecodable"))
        return loaded
    text, encoding = decoded
    if encoding != "UTF-8":
        loaded.add(Issue("Y004", params={"encoding": encoding}))
    return load_text(text, source, limits, loaded)


def _size_params(size: int, limits: Limits) -> dict[str, object]:
    mb = 1024 * 1024
    return {"size_mb": f"{size / mb:.1f}", "limit_mb": f"{limits.max_bytes / mb:.1f}"}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding name) for UTF-8 (with or without BOM), UTF-16 with a BOM, and
    GB18030 (which includes GBK and GB2312), as Chinese editors save; else None."""
    try:
        if raw.startswith(codecs.BOM_UTF8):
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's
            return raw.decode("utf-32"), "UTF-32"
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16"), "UTF-16"
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # GB18030 decodes most byte strings: control characters mean binary, not text
    return None if _CONTROL.search(text) else (text, "GB18030")


def load_text(
    text: str, source: str = "<text>", limits: Limits | None = None, into: Loaded | None = None
) -> Loaded:
    with collector_paused(len(text) > PAUSE_ABOVE_CHARS):
        return _load_text(text, source, limits or Limits(), into or Loaded(source=source))


# Past this size, reading pauses the cyclic garbage collector (a dossier is a few
# kilobytes: pausing and resuming for each would cost a collection each).
PAUSE_ABOVE_CHARS = 64 * 1024
PAUSE_ABOVE_NODES = 5_000


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Reading makes a great many objects and no garbage cycles: Python's cyclic
    collector, which would walk all of them again at every generation's turn (a
    third of the time of reading a large file), waits until the tree is built."""
    if not pause:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_text(text: str, source: str, limits: Limits, loaded: Loaded) -> Loaded:
    if not text.strip():
        loaded.add(Issue("Y001", variant="empty"))
        return loaded
    if len(text) > _COUNT_EVENTS_ABOVE and _too_many_events(text, limits.max_nodes):
        loaded.add(Issue("Y001", params={"limit": limits.max_nodes}, variant="too_many_nodes"))
        return loaded
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc):
            loaded.add(Issue("Y001", variant="multiple_documents"), _mark(exc))
        else:
            loaded.add(*_syntax_error(text, exc))
        return loaded
    except yaml.YAMLError as exc:
        loaded.add(*_syntax_error(text, exc))
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
    loaded.root = node
    try:
        loaded.data = builder.build(node, 0)
    except _TooMuch as exc:
        loaded.data = loaded.root = None
        loaded.add(Issue("Y001", params={"limit": exc.limit}, variant=exc.variant), exc.where)
        return loaded
    loaded.nodes = builder.nodes
    loaded.close()
    if builder.slip is not None:  # valid YAML, but what was typed is not what it reads as
        slip = builder.slip
        loaded.data = loaded.root = None
        where = Position(slip.line, slip.column)
        loaded.add(Issue("Y001", params={"char": slip.char}, variant=slip.variant), where)
        return loaded
    if "，" in text and _COMMA_IN_BRACKETS.search(text):  # `[a， b, c]`: two items, seldom meant
        from dashi_cli.loading.slips import commas_in_lists

        for comma in commas_in_lists(node)[:MAX_OF_A_KIND]:
            issue = Issue("Y007", params={"char": comma.char})
            loaded.add(issue, Position(comma.line, comma.column))
    return loaded


# a full-width comma after a [ on its line: only then are the lists walked (Y007)
_COMMA_IN_BRACKETS = re.compile(r"\[[^\]\n]*，")

# A file this large (a dossier is a few kilobytes) is first counted as a stream
# of events, so that a huge but legal list never becomes a huge node tree.
_COUNT_EVENTS_ABOVE = 256 * 1024


def _too_many_events(text: str, limit: int) -> bool:
    loader = _Loader(text)
    try:
        count = 0
        while loader.check_event():
            loader.get_event()
            count += 1
            if count > 2 * limit:  # a node is one event, a container two
                return True
    except yaml.YAMLError:
        return False  # composing reports the syntax error with its position
    finally:
        loader.dispose()
    return False


def _syntax_error(text: str, exc: yaml.YAMLError) -> tuple[Issue, Position | None]:
    """Y001 for a syntax error: the slip it most likely is, at the offending character,
    with a hint (:mod:`dashi_cli.loading.slips`); else as PyYAML says it."""
    from dashi_cli.loading.slips import diagnose  # only for a file that does not parse

    slip = diagnose(text, exc)
    if slip is None:
        return Issue("Y001", params={"problem": _problem(exc)}, variant="syntax"), _mark(exc)
    params = {"char": slip.char, "problem": _problem(exc)}
    return Issue("Y001", params=params, variant=slip.variant), Position(slip.line, slip.column)


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


_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


# Scalars built from their tag and text, remembered as the tags are (above). Only
# the standard tags whose values are immutable are kept; a value that failed to
# build is reported each time, never kept.
_REMEMBERED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("timestamp", "int", "float", "bool", "null")
)
_CONSTRUCTED: dict[tuple[str, str], Any] = {}


class _Builder:
    """Node tree → plain values: keys as written, duplicates reported, work bounded."""

    def __init__(self, loader: _AnyLoader, loaded: Loaded, limits: Limits) -> None:
        self.loader, self.loaded, self.limits = loader, loaded, limits
        self.constructors = loader.yaml_constructors
        self.nodes = 0
        self.chars = 0
        self.max_chars = limits.max_bytes * limits.max_chars_per_byte
        self.stack: list[str | int] = []  # the path being built, for the rare issue
        self.keys = loaded.keys
        self.max_nodes, self.max_depth = limits.max_nodes, limits.max_depth
        self.slip: Slip | None = None  # the first key of a { } typed `name：李卫东`

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise _TooMuch("too_many_nodes", self.max_nodes, _pos(node))
        if depth > self.max_depth:
            raise _TooMuch("too_deep", self.max_depth, _pos(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > self.max_chars:
                raise _TooMuch("too_many_nodes", self.max_nodes, _pos(node))
            return node.value if tag == _STR_TAG else self._scalar(node)
        if isinstance(node, yaml.MappingNode):
            if tag != _MAP_TAG:
                return self._bad_tag(node)
            return self._mapping(node, depth)
        if tag != _SEQ_TAG:
            return self._bad_tag(node)
        items = []
        stack = self.stack
        for index, item in enumerate(node.value):
            if type(item) is yaml.ScalarNode and item.tag == _STR_TAG:
                items.append(self._text(item, depth + 1))
                continue
            stack.append(index)
            items.append(self.build(item, depth + 1))
            stack.pop()
        return items

    def _text(self, node: yaml.ScalarNode, depth: int) -> str:
        """A text scalar: what :meth:`build` does for one, without its dispatch (most
        of a dossier's nodes are texts)."""
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise _TooMuch("too_many_nodes", self.max_nodes, _pos(node))
        if depth > self.max_depth:
            raise _TooMuch("too_deep", self.max_depth, _pos(node))
        value: str = node.value
        self.chars += len(value)
        if self.chars > self.max_chars:
            raise _TooMuch("too_many_nodes", self.max_nodes, _pos(node))
        return value

    def _bad_tag(self, node: yaml.Node) -> None:
        def make() -> tuple[Issue, Position]:
            field = dotted(tuple(self.stack))
            return Issue("Y002", field, {"tag": node.tag}, "bad_tag"), _pos(node)

        self.loaded.problem(make)
        return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        stack = self.stack
        keys_seen = self.keys
        flow = node.flow_style
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:  # `<<: *anchor` (or a list of anchors)
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    value = self.build(source, depth + 1)
                    if isinstance(value, dict):
                        merged = {**value, **merged}
                continue
            # Keys are taken as written: `1:`, `true:` and `null:` are the keys "1", "true", "null".
            if not isinstance(key_node, yaml.ScalarNode):
                self._complex_key(key_node)
                continue
            key = str(key_node.value)
            if flow and self.slip is None and value_node.tag == _NULL_TAG:
                self._flow_key(key_node, value_node)
            if key in result:
                self._duplicate(node, key_node, key)
            keys_seen.add(key)
            if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG:
                result[key] = self._text(value_node, depth + 1)
                continue
            stack.append(key)
            result[key] = self.build(value_node, depth + 1)
            stack.pop()
        return {**merged, **result} if merged else result

    def _flow_key(self, key_node: yaml.ScalarNode, value_node: yaml.Node) -> None:
        """``{name：李卫东}`` and ``{name:李卫东}`` are valid YAML: one key, the whole
        text, with no value. A plain key with no value that is `key：value` typed with
        a full-width colon (or no space after the colon) is that slip."""
        if key_node.style not in (None, "") or value_node.value:
            return
        from dashi_cli.loading.slips import Slip, slip_in_text  # a key with no value: rare

        start, end = key_node.start_mark, key_node.end_mark
        slip = slip_in_text(str(key_node.value), "mapping") if start.line == end.line else None
        if slip is not None:
            self.slip = Slip(slip.variant, start.line + 1, start.column + slip.column, slip.char)

    def _complex_key(self, key_node: yaml.Node) -> None:
        def make() -> tuple[Issue, Position]:
            return Issue("Y002", dotted(tuple(self.stack)), variant="complex_key"), _pos(key_node)

        self.loaded.problem(make)

    def _duplicate(self, node: yaml.MappingNode, key_node: yaml.Node, key: str) -> None:
        def make() -> tuple[Issue, Position]:
            first = _first_keys(node).get(key, key_node)
            params = {"key": key, "first_line": _pos(first).line}
            return Issue("Y003", dotted((*self.stack, key)), params), _pos(key_node)

        self.loaded.problem(make)

    def _scalar(self, node: yaml.Node) -> Any:
        key = (node.tag, node.value)
        if key in _CONSTRUCTED:  # dates, numbers, booleans: immutable, so shared
            return _CONSTRUCTED[key]
        problems = self.loaded.problems
        value = self._construct(node)
        if (
            self.loaded.problems == problems  # no Y002: a problem is reported every time
            and len(node.value) <= _RESOLVED_MAX_LENGTH
            and node.tag in _REMEMBERED_TAGS
        ):
            if len(_CONSTRUCTED) >= _RESOLVED_MAX_ENTRIES:
                _CONSTRUCTED.clear()
            _CONSTRUCTED[key] = value
        return value

    def _construct(self, node: yaml.Node) -> Any:
        constructor = self.constructors.get(node.tag) or self.constructors[None]
        try:
            value = constructor(self.loader, node)
        except ValueError:
            if node.tag in _TEXT_FALLBACK_TAGS:
                # A date-shaped scalar that is no real date (2023-02-29), an int
                # too long to convert: keep the text; the model reports it.
                return str(node.value)
            return self._bad_tag(node)
        except Exception:  # noqa: BLE001 - PyYAML's constructors raise KeyError,
            # AttributeError, … for values that do not fit an explicit tag
            # (`!!bool abc`, `!!timestamp abc`): that is the input's problem, a Y002.
            return self._bad_tag(node)
        if node.tag == _INT_TAG and isinstance(value, int) and not isinstance(value, bool):
            return SourceInt(value, str(node.value))
        if node.tag == _FLOAT_TAG and isinstance(value, float):
            return SourceFloat(value, str(node.value))
        return value
