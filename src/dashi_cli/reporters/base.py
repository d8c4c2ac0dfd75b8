"""What every reporter shares: its options and the rendering of a finding's message."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from dashi_cli.findings import CheckReport, Finding, Localized, Sensitive
from dashi_cli.pack import Lang, Pack
from dashi_cli.privacy import mask


@dataclass(frozen=True)
class ReportOptions:
    pack: Pack
    lang: Lang = "zh"
    show_pii: bool = False
    strict: bool = False
    version: str = ""


class Reporter(ABC):
    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    @abstractmethod
    def write(self, report: CheckReport, out: TextIO) -> None: ...

    def message(self, finding: Finding) -> str:
        return render_message(finding, self.options)


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _scalar(value: object, options: ReportOptions) -> str:
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
    return str(value)


def render_value(value: object, options: ReportOptions) -> str:
    if isinstance(value, tuple):
        separator = "、" if options.lang == "zh" else ", "
        return separator.join(_scalar(v, options) for v in value)
    return _scalar(value, options)


def render_message(finding: Finding, options: ReportOptions) -> str:
    rule = options.pack.rules[finding.code]
    template = rule.messages.get(finding.variant) or rule.messages.get("default")
    if template is None:
        return rule.title(options.lang)
    values = _Values({k: render_value(v, options) for k, v in finding.params.items()})
    try:
        return template(options.lang).format_map(values)
    except (ValueError, IndexError, AttributeError):  # a malformed template in a custom pack
        return rule.title(options.lang)
