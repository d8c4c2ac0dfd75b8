"""Waivers — no clause: an officer's recorded decision to accept a finding.

A dossier may list ``waivers`` (豁免): each names a rule code, optionally a field,
and gives the reason, who approved it and when, and perhaps until when. A waiver in
force accepts the findings of its code (on its field, or inside it): they stay in
every report, marked as waived with the reason, and do not count toward the verdict
or the exit code. A waiver that cannot be relied on is reported instead (W001, an
error: it waives nothing), as is one that has run out or accepts nothing (W002).
The codes no waiver may accept (a file that cannot be read, or breaks the format)
are listed in the rules pack (``waivers.unwaivable``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from dashi_cli.checks.base import Context, blank, rule
from dashi_cli.findings import Finding, Issue, Localized
from dashi_cli.findings import Waiver as Accepted
from dashi_cli.model.dossier import Waiver
from dashi_cli.model.keys import ZH_KEYS
from dashi_cli.paths import parse

_BATCH_CODES = frozenset(("X001", "X002"))  # compared across a batch: see checks.batch

_NEEDED = (
    ("code", Localized("代码", "code")),
    ("reason", Localized("理由", "reason")),
    ("approved_by", Localized("批准人", "approver")),
    ("approved_on", Localized("批准日期", "approval date")),
)


@dataclass(frozen=True)
class Standing:
    """A waiver in force: what it accepts (a code, and a field or everywhere)."""

    index: int
    code: str
    field: str | None  # an English dotted path, or None: every finding of the code
    accepted: Accepted


def _code(waiver: Waiver) -> str:
    return (waiver.code or "").strip().upper()


def _missing(waiver: Waiver) -> tuple[Localized, ...]:
    return tuple(label for name, label in _NEEDED if blank(getattr(waiver, name)))


def _path(index: int, name: str | None = None) -> str:
    return f"waivers[{index}]" + (f".{name}" if name else "")


def english_field(text: str) -> str:
    """A waiver's field as the findings name it: written with the dossier's Chinese
    keys (工作室.所属行业) it is translated, key by key, as the dossier's keys are."""
    out = ""
    where = ""
    for part in parse(text.strip()):
        if isinstance(part, int):
            out += f"[{part}]"
            where += "[]"
            continue
        name = ZH_KEYS.get(where, {}).get(part, part)
        out += f".{name}" if out else name
        where += f".{name}" if where else name
    return out


_PATH = re.compile(r"[^.\[\]\s]+(?:\[\d+\])*(?:\.[^.\[\]\s]+(?:\[\d+\])*)*")


def _field(text: str) -> str:
    """The waiver's field as findings name it; a field that is no path (``applicant.kind[``)
    is kept as written, so that it matches nothing and W002 says so."""
    text = text.strip()
    return english_field(text) if _PATH.fullmatch(text) else text


def _covers(field: str | None, finding: Finding) -> bool:
    if field is None:
        return True
    found = finding.field
    return found is not None and (found == field or found.startswith((field + ".", field + "[")))


def standing(ctx: Context) -> tuple[Standing, ...]:
    """The dossier's waivers that are in force on the as-of date: complete, of a code
    that may be waived and that the pack knows, approved by then and not expired, and
    not rejected by Y002 (W001 and W002 report the others). Worked out once per dossier
    (F001 asks, and the engine applies them)."""
    return ctx.once("waivers.standing", lambda: _standing(ctx))


def _standing(ctx: Context) -> tuple[Standing, ...]:
    found: list[Standing] = []
    unwaivable = ctx.pack.waivers.unwaivable
    for index, waiver in enumerate(ctx.dossier.waivers or []):
        code = _code(waiver)
        if (
            _missing(waiver)
            or ctx.rejected(_path(index))
            or code in unwaivable
            or code not in ctx.pack.rules
            or (waiver.approved_on is not None and waiver.approved_on > ctx.as_of)
            or (waiver.expires_on is not None and waiver.expires_on < ctx.as_of)
        ):
            continue
        assert waiver.reason is not None and waiver.approved_by is not None
        field = None if blank(waiver.field) else _field(waiver.field or "")
        accepted = Accepted(
            waiver.reason.strip(),
            waiver.approved_by.strip(),
            waiver.approved_on,
            waiver.expires_on,
        )
        found.append(Standing(index, code, field, accepted))
    return tuple(found)


def apply(
    findings: Sequence[Finding], waivers: Sequence[Standing], shown: Callable[[str], bool]
) -> tuple[tuple[Finding, ...], list[Issue]]:
    """The findings with those a waiver accepts marked as waived (the first waiver that
    covers a finding is the one shown), and a W002 for each waiver that accepted
    nothing. A waiver of a code the run does not show (``shown``: --select, --ignore)
    is not judged, nor one of a batch rule (X001, X002: a dossier checked alone, or
    before the one it is compared with, has none): what it would have accepted was
    not looked for."""
    if not waivers:
        return tuple(findings), []
    used: set[int] = set()
    marked: list[Finding] = []
    for finding in findings:
        for waiver in waivers:
            if waiver.code == finding.code and _covers(waiver.field, finding):
                used.add(waiver.index)
                finding = dataclasses.replace(finding, waiver=waiver.accepted)
                break
        marked.append(finding)
    unmatched = [
        Issue(
            "W002",
            _path(w.index),
            {"n": w.index + 1, "code": w.code, "field": w.field},
            "unmatched_field" if w.field else "unmatched",
        )
        for w in waivers
        if w.index not in used and shown(w.code) and w.code not in _BATCH_CODES
    ]
    return tuple(marked), unmatched


@rule("W001")
def waiver_incomplete(ctx: Context) -> Iterator[Issue]:
    """A waiver must name the code it accepts, give its reason, who approved it
    (`approved_by`) and when (`approved_on`); `unwaivable` codes (a file that cannot be
    read or that breaks the format: Y001–Y003) cannot be waived. Such a waiver accepts
    nothing, and is itself an error.

    豁免须写明所豁免问题的代码、理由（reason）、批准人（approved_by）和批准日期
    （approved_on）；`unwaivable` 所列代码（文件无法读取或格式错误：Y001–Y003）不能豁免。
    不符合的豁免不予适用，本身即为错误。

    Passing::

        waivers:
          - code: I001
            reason: 经市局研究，陶瓷制品属现代轻工产业
            approved_by: 市人社局职业能力建设科
            approved_on: 2025-04-20

    Failing (error)::

        waivers:
          - {code: I001, approved_on: 2025-04-20}    # 缺少理由和批准人 | no reason, no approver
    """
    unwaivable = ctx.pack.waivers.unwaivable
    for index, waiver in enumerate(ctx.dossier.waivers or []):
        missing = _missing(waiver)
        if missing:
            yield Issue("W001", _path(index), {"n": index + 1, "missing": missing}, "missing")
        code = _code(waiver)
        if code in unwaivable:
            yield Issue("W001", _path(index, "code"), {"n": index + 1, "code": code}, "unwaivable")


@rule("W002")
def waiver_not_in_force(ctx: Context) -> Iterator[Issue]:
    """A waiver in force is approved by the as-of date and has not expired
    (`expires_on` is its last day), names a code of the rules pack, and accepts at
    least one finding: one that has run out, is not yet approved or accepts nothing
    (the problem was corrected, or the code or field is mistyped) is a warning. An
    expired waiver accepts nothing: its finding counts again.

    豁免应在核查日期已获批准且未过有效期（`expires_on` 为最后一天），所列代码应为规则
    代码，并确有对应的问题；已过期、尚未批准或没有对应问题（问题已改正，或代码、字段
    写错）的豁免予以警告。过期的豁免不再适用，相应问题重新计入。

    Passing (as of 2026-11-26)::

        studio: {industry: 陶瓷制品}    # I001
        waivers:
          - {code: I001, reason: 属现代轻工产业, approved_by: 市人社局, approved_on: 2025-04-20,
             expires_on: 2027-04-27}

    Failing (warning, as of 2026-11-26)::

        waivers:
          - {code: I001, reason: 属现代轻工产业, approved_by: 市人社局, approved_on: 2025-04-20,
             expires_on: 2026-04-27}    # 已过期 | expired
    """
    for index, waiver in enumerate(ctx.dossier.waivers or []):
        code = _code(waiver)
        n = index + 1
        if waiver.expires_on is not None and waiver.expires_on < ctx.as_of:
            params = {"n": n, "code": code, "expires_on": waiver.expires_on}
            yield Issue("W002", _path(index, "expires_on"), params, "expired")
        elif waiver.approved_on is not None and waiver.approved_on > ctx.as_of:
            params = {"n": n, "code": code, "approved_on": waiver.approved_on}
            yield Issue("W002", _path(index, "approved_on"), params, "not_yet")
        elif code and code not in ctx.pack.rules:
            yield Issue("W002", _path(index, "code"), {"n": n, "code": code}, "unknown_code")


RULES = (waiver_incomplete, waiver_not_in_force)
