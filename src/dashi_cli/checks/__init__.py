"""Checks: one module per rule family; this table is the one list of them.

Y001–Y003 are found while loading and modelling (:mod:`dashi_cli.loading`,
:mod:`dashi_cli.model`); every other code is a function in one of these
modules, marked with its code, whose docstring is its documentation.
"""

from __future__ import annotations

from dashi_cli.checks import (
    batch,
    carrier,
    entry,
    expert,
    form,
    industry,
    materials,
    procedure,
    qualification,
    training,
    validity,
    venue,
    waivers,
)
from dashi_cli.checks.base import Context, Rule

FAMILIES = (
    carrier,
    industry,
    qualification,
    venue,
    expert,
    training,
    procedure,
    materials,
    validity,
    form,
    batch,
    entry,
    waivers,
)

RULES: dict[str, Rule] = {r.code: r for family in FAMILIES for r in family.RULES}

# Codes reported by loading and modelling rather than by a check function.
LOADING_CODES = ("Y001", "Y002", "Y003", "Y004", "Y006", "Y007")


def get(code: str) -> Rule:
    """The check of one code; an unknown code is a KeyError naming it."""
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"no rule with code {code!r}") from None


__all__ = ["FAMILIES", "LOADING_CODES", "RULES", "Context", "Rule", "get"]
