"""The tool's own data files (the rules pack, calendar overrides): read strictly,
and any problem raised as one line naming the file, the place and what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from dashi_cli.errors import DashiError
from dashi_cli.files import shown
from dashi_cli.loading import Limits, load_bytes, load_file

M = TypeVar("M", bound=BaseModel)


def load_model(
    path: Path, model: type[M], what: str, error: type[DashiError], raw: bytes | None = None
) -> M:
    """The model in the YAML file at path; with ``raw``, in those bytes, as read from
    it already (what was read is what is validated)."""
    loaded = load_file(path) if raw is None else load_bytes(raw, str(path))
    if loaded.issues:
        issue = loaded.issues[0]
        where = loaded.position_of(issue)
        at = f" (line {where.line}, column {where.column})" if where else ""
        if issue.code == "Y003":
            detail = f"duplicate key {issue.params['key']!r}"
        elif issue.variant in _ACCESS:
            detail = _ACCESS[issue.variant].format(**issue.params)
        else:
            detail = str(issue.params.get("problem") or issue.variant.replace("_", " "))
        raise error(f"{what} {shown(path)}: {detail}{at}")
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise error(f"{what} {shown(path)}: {first_error(exc)}{more}") from None


# Y001s about the file rather than its text, said as the system says them (the
# pack's own words cannot be used: the pack may be the file that cannot be read)
_ACCESS = {
    "missing": "No such file or directory",
    "not_file": "not a regular file",
    "unreadable": "{reason}",
    "too_large": f"larger than {Limits().max_bytes // (1024 * 1024)} MB",
}


def first_error(exc: ValidationError) -> str:
    """The first validation problem as `where: what`."""
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"{loc}: {first['msg']}"
