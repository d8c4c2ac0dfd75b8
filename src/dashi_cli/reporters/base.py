"""What every reporter shares: options, the run's stamp, the rendering of messages.

A reporter is fed a batch one dossier at a time (``start``, ``add``…,
``finish``), so that machine-readable output streams; it formats, and never
decides anything (the exit code comes from :class:`~dashi_cli.findings.Totals`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from dashi_cli.findings import CheckReport, DossierResult, Finding, Localized, Sensitive, Totals
from dashi_cli.i18n import ui
from dashi_cli.pack import Lang, Pack
from dashi_cli.privacy import mask, mask_text

if TYPE_CHECKING:
    from dashi_cli.dates.calendar import Status


class RunInfo(NamedTuple):
    """What produced a report, so that it can be reproduced later."""

    as_of: date
    version: str = ""
    pack_source: str = "bundled"
    pack_sha256: str = ""
    calendar_library: str = ""
    calendar_overrides: tuple[str, ...] = ()
    # the config file (dashi.toml) the run took option defaults from, as an absolute path
    config: str | None = None

    def stamp(self, pack: Pack) -> dict[str, Any]:
        stamp = {
            "tool": "dashi",
            "version": self.version,
            "policy": {"id": pack.id, "document": pack.document.number},
            "rules_pack": {"source": self.pack_source, "sha256": self.pack_sha256},
            "as_of": self.as_of.isoformat(),
        }
        if self.config is not None:  # named only when one was read: runs without stay as they were
            stamp["config"] = self.config
        return stamp

    def calendar_data(self) -> dict[str, Any]:
        return {"library": self.calendar_library, "overrides": list(self.calendar_overrides)}


class ReportOptions(NamedTuple):
    pack: Pack
    lang: Lang = "zh"
    show_pii: bool = False
    strict: bool = False
    version: str = ""
    summary_only: bool = False


class Reporter(ABC):
    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    @abstractmethod
    def start(self, run: RunInfo, out: TextIO) -> None: ...

    @abstractmethod
    def add(self, result: DossierResult) -> None: ...

    @abstractmethod
    def finish(self, totals: Totals) -> None: ...

    def write(self, report: CheckReport, out: TextIO, run: RunInfo | None = None) -> None:
        """A whole report at once (for hand-built results and the Python API)."""
        self.start(run or RunInfo(report.as_of, self.options.version), out)
        for result in report.dossiers:
            self.add(result)
        self.finish(report.totals)

    def message(self, finding: Finding) -> str:
        return render_message(finding, self.options)

    def waiver_note(self, finding: Finding) -> str:
        """How a waived finding is marked, with its reason, approver and date: empty
        for a finding no waiver accepted."""
        waiver = finding.waiver
        if waiver is None:
            return ""
        lang = self.options.lang
        when = waiver.approved_on.isoformat() if waiver.approved_on else "?"
        note = ui(
            "waived_note",
            lang,
            reason=self.text(waiver.reason),
            approved_by=self.text(waiver.approved_by),
            approved_on=when,
        )
        if waiver.expires_on is not None:
            until = ui("waived_until", lang, expires_on=waiver.expires_on.isoformat())
            note = note[:-1] + until + note[-1] if lang == "zh" else note[:-1] + until + ")"
        return note

    def box(self, finding: Finding) -> str:
        """For a finding on an application form, the box it is about (``申请表 表 1 第 3 行
        第 2 列``); empty otherwise."""
        if finding.box is None:
            return ""
        if self.options.lang == "zh":
            return f"申请表 {finding.box.zh}"
        return f"form, {finding.box.en}"

    def marked_message(self, finding: Finding) -> str:
        """The message, then for a finding on an application form its box, and for a
        waived finding its waiver (CSV, concise: formats without a column for them)."""
        message = self.message(finding)
        zh = self.options.lang == "zh"
        for note in (self.box(finding), self.waiver_note(finding)):
            if note:
                message += f"（{note}）" if zh else f" [{note}]"
        return message

    def text(self, value: str | None) -> str | None:
        """Any other text written out (studio, path, field): masked like messages."""
        if value is None or self.options.show_pii:
            return value
        return mask_text(value)


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _scalar(value: object, options: ReportOptions, glossary: bool = True) -> str:
    if value is None:
        return "—"
    if isinstance(value, Sensitive):
        return value.value if options.show_pii else mask(value.kind, value.value)
    if isinstance(value, Localized):
        return value.zh if options.lang == "zh" else value.en
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and options.lang == "en" and glossary:
        # a policy term (skill level, carrier kind, cluster…) in English, the term in brackets
        return options.pack.english(value) or value
    return str(value)


def render_value(value: object, options: ReportOptions, glossary: bool = True) -> str:
    """A message value as text; in English a policy term is named in English with the
    term in brackets, unless ``glossary`` is off (a value quoted as the dossier wrote it)."""
    if isinstance(value, tuple):
        separator = "、" if options.lang == "zh" else ", "
        return separator.join(_scalar(v, options, glossary) for v in value)
    return _scalar(value, options, glossary)


def _quoted(template: str, key: str) -> bool:
    """A placeholder in quotation marks shows a value as the dossier wrote it."""
    return any(f"{q[0]}{{{key}}}{q[1]}" in template for q in ('""', "“”", "‘’"))


def render_message(finding: Finding, options: ReportOptions) -> str:
    rule = options.pack.rules[finding.code]
    template = rule.messages.get(finding.variant) or rule.messages.get("default")
    if template is None:
        return rule.title(options.lang)
    text_template = template(options.lang)
    values = _Values(
        {
            k: render_value(v, options, glossary=not _quoted(text_template, k))
            for k, v in finding.params.items()
        }
    )
    try:
        text = text_template.format_map(values)
    except (ValueError, IndexError, AttributeError):  # a malformed template in a custom pack
        return rule.title(options.lang)
    return text if options.show_pii else mask_text(text)


def estimated_warning(statuses: Mapping[int, Status], lang: Lang) -> str | None:
    years = [str(y) for y, s in sorted(statuses.items()) if s == "estimated"]
    return (
        ui("estimated_warning", lang, years="、".join(years) if lang == "zh" else ", ".join(years))
        if years
        else None
    )
