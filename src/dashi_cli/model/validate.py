"""Loaded data → :class:`Dossier`, with every schema problem as a Y002 issue.

Pydantic reports all problems at once. Each offending value is then removed
and validation repeated, so that one wrong type does not hide the rest of the
dossier from the checks; the removed paths are remembered so that F001 does
not report as missing what Y002 already reported as wrong.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from dashi_cli.findings import Issue
from dashi_cli.loading import MAX_OF_A_KIND, Loaded, Position, collector_paused, too_many
from dashi_cli.loading.yamlpos import PAUSE_ABOVE_NODES
from dashi_cli.model.dossier import VALIDATING_WITH, Dossier
from dashi_cli.model.keys import ZH_KEYS, aliases_for, translate
from dashi_cli.pack import Pack
from dashi_cli.paths import Path_, dotted

_EXPECTED = {
    "string": "text",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "list": "list",
    "model": "mapping",
    "dict": "mapping",
    "dashi_year_month": "year_month",
    "dashi_date_range": "date_range",
}
_MAX_ROUNDS = 8
_MAX_ISSUES = MAX_OF_A_KIND  # a file with more schema problems than this is not a dossier


class Modelled(NamedTuple):
    dossier: Dossier
    issues: tuple[tuple[Issue, Position | None], ...]
    invalid: frozenset[str]  # dotted paths whose value was rejected
    gave_up: bool = False  # too many problems to make a dossier of: check nothing


def build_dossier(loaded: Loaded, pack: Pack) -> Modelled:
    token = VALIDATING_WITH.set(pack)
    try:
        # a large tree: many objects, no garbage cycles, as in reading
        with collector_paused(loaded.nodes > PAUSE_ABOVE_NODES):
            return _build_dossier(loaded, pack)
    finally:
        VALIDATING_WITH.reset(token)


def _not_a_dossier(data: object) -> str | None:
    """What a YAML file that is no dossier looks like (the Y002 variant that says so), or
    None: a top level that is not a mapping; a registry for `dashi renewals` (a
    ``studios`` list); a calendar override file (``year`` with ``holidays`` or
    ``workdays``). A mapping with a dossier key of its own is a dossier, however
    broken."""
    if not isinstance(data, dict):
        return "not_mapping"
    if set(data) & _DOSSIER_KEYS:
        return None
    if "studios" in data:
        return "registry_file"
    if "year" in data and ("holidays" in data or "workdays" in data):
        return "calendar_file"
    return None


_DOSSIER_KEYS = frozenset(Dossier.model_fields) | frozenset(ZH_KEYS[""])


def _build_dossier(loaded: Loaded, pack: Pack) -> Modelled:
    if loaded.gave_up:  # reading listed its first problems and a Y002 too_many
        return Modelled(Dossier(), (), frozenset(), gave_up=True)
    translated = translate(loaded)  # Chinese keys → English, in data and node tree
    if len(translated) > _MAX_ISSUES:
        return Modelled(Dossier(), tuple(translated), frozenset(), gave_up=True)
    data = loaded.data
    looks_like = _not_a_dossier(data)
    if looks_like is not None:  # one finding says what the file is, and nothing is checked
        where = loaded.value_position(()) or Position(1, 1)
        issue = Issue("Y002", variant=looks_like)
        return Modelled(Dossier(), ((issue, where),), frozenset(), gave_up=True)
    failure: ValidationError | None = None
    try:  # the common case: nothing to prune, nothing to copy
        dossier = Dossier.model_validate(data)
        return Modelled(dossier, tuple(translated), frozenset())
    except ValidationError as exc:
        failure = exc  # the first round's problems: the data is validated once for them
    issues: list[tuple[Issue, Position | None]] = list(translated)
    seen: set[Path_] = set()
    meant: set[str] = set()  # the fields misspelt keys stand for (skil_level: skill_level)
    for _ in range(_MAX_ROUNDS):
        if failure is None:
            try:
                dossier = Dossier.model_validate(data)
            except ValidationError as exc:
                failure = exc
            else:
                rejected = frozenset(dotted(p) for p in seen) | meant
                return Modelled(dossier, tuple(issues), rejected)
        if len(seen) + failure.error_count() > _MAX_ISSUES:
            errors = [e for e in failure.errors() if tuple(e["loc"]) not in seen]
            if len(seen) + len(errors) > _MAX_ISSUES:  # with the earlier rounds' problems
                listed = errors[: max(0, _MAX_ISSUES - len(seen))]
                issues.extend(_issue(e, tuple(e["loc"]), loaded, pack) for e in listed)
                issues.append((too_many(len(seen) + len(errors)), None))
                return Modelled(Dossier(), tuple(issues), frozenset(), gave_up=True)
        if data is loaded.data:
            data = _copy(data)  # pruned below: the loaded data stays as read
        for error in failure.errors():
            path = tuple(error["loc"])
            if path not in seen:
                found = _issue(error, path, loaded, pack)
                issues.append(found)
                meant.update(_meant(found[0], path))
            _prune(data, path, again=path in seen)
            seen.add(path)
        failure = None
    return Modelled(Dossier(), tuple(issues), frozenset(dotted(p) for p in seen) | meant)


def _meant(issue: Issue, path: Path_) -> tuple[str, ...]:
    """A misspelt key's field, as its suggestion names it (``members[0].skil_level`` →
    ``members[0].skill_level``): its value was not read, so the rules say nothing
    about it (missing, too few technicians): the Y002 is the one finding for that
    mistake."""
    suggestion = issue.params.get("suggestion") if issue.variant == "unknown_key" else None
    if not isinstance(suggestion, str) or not path:
        return ()
    return (dotted((*path[:-1], suggestion)),)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _prune(data: Any, path: Path_, *, again: bool) -> None:
    """Remove the value at path; a list item that is not a mapping becomes one."""
    parent: Any = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if again or len(path) < 2:
            _prune(data, path[:-1], again=True)  # give up on the whole list
        else:
            parent[last] = {}


def _issue(
    error: ErrorDetails, path: Path_, loaded: Loaded, pack: Pack
) -> tuple[Issue, Position | None]:
    kind = error["type"]
    field = dotted(path)
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _field_names(path[:-1]) + list(aliases_for(path[:-1]))
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        where = loaded.key_position(path)
        if close:
            return Issue("Y002", field, {"key": key, "suggestion": close[0]}, "unknown_key"), where
        listed = {"key": key, "allowed": tuple(_field_names(path[:-1]))}
        return Issue("Y002", field, listed, "unknown_key_plain"), where
    where = loaded.value_position(path)
    if kind in ("dashi_not_allowed", "literal_error"):
        choices = ctx.get("allowed") or (str(ctx.get("expected", "")),)
        allowed_values = {"value": _show(value), "allowed": tuple(str(a) for a in choices)}
        return Issue("Y002", field, allowed_values, "not_allowed"), where
    term = next((t for prefix, t in _EXPECTED.items() if kind.startswith(prefix)), "value")
    expected = pack.localized(term)
    if term in ("mapping", "list") and isinstance(value, str):
        # a text where a block was meant, that a typing slip made one: `leader:` then
        # `  name：李卫东` (the only key of the block), `directions: 【a, b】`
        slip = loaded.slip_in_value(path, term)
        if slip is not None:
            params = {"value": _show(value), "expected": expected, "char": slip.char}
            return Issue("Y002", field, params, f"slip_{slip.variant}"), Position(
                slip.line, slip.column
            )
    if (isinstance(value, str) and term != "text") or kind == "dashi_date_range":
        return Issue(
            "Y002", field, {"value": _show(value), "expected": expected}, "invalid_value"
        ), where
    return Issue("Y002", field, {"expected": expected}, "wrong_type"), where


def _show(value: Any) -> str:
    if isinstance(value, list | dict):
        return type(value).__name__  # never stringify a structure (an alias bomb may be one)
    text = str(value)[:41]
    return text if len(text) <= 40 else text[:37] + "…"


def _field_names(path: Path_) -> list[str]:
    model: Any = Dossier
    for part in path:
        if isinstance(part, int):
            continue
        model = _unwrap(model.model_fields[part].annotation) if _is_model(model) else None
        if model is None:
            return []
    return list(model.model_fields) if _is_model(model) else []


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _unwrap(tp: Any) -> Any:
    """Optional[list[X]] → X; Annotated[X, …] → X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else None
        elif origin is list:
            tp = typing.get_args(tp)[0]
        else:
            return tp
