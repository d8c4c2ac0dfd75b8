"""The tool's own words (not the policy's): headings, verdicts, error lines."""

from __future__ import annotations

from dashi_cli.pack import Lang

_UI: dict[str, tuple[str, str]] = {
    "code": ("代码", "Code"),
    "clause": ("条款", "Clause"),
    "field": ("字段", "Field"),
    "line": ("位置", "Line"),
    "message": ("说明", "Message"),
    "error": ("错误", "Errors"),
    "warning": ("警告", "Warnings"),
    "info": ("提示（需专家判断）", "For the experts"),
    "eligible": ("符合认定条件", "meets the conditions"),
    "ineligible": ("不符合认定条件", "does not meet the conditions"),
    "verdict": ("结论：{verdict}（{counts}）", "Verdict: {verdict} ({counts})"),
    "policy_line": ("依据：{number}《{title}》", "Policy: {number} ({title})"),
    "as_of_line": ("核查日期：{as_of}", "As of: {as_of}"),
    "counts": (
        "错误 {error} 项，警告 {warning} 项，提示 {info} 项",
        "{error} errors, {warning} warnings, {info} notes",
    ),
    "no_findings": ("未发现问题", "no findings"),
    "unnamed": ("（未命名工作室）", "(unnamed studio)"),
    "strict_note": ("，但 --strict 下警告也视为不通过", "; with --strict, warnings fail too"),
}


def ui(key: str, lang: Lang, **values: object) -> str:
    zh, en = _UI[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
