"""The tool's own words (not the policy's): headings, verdicts, error lines."""

from __future__ import annotations

import re

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
    "unreadable": ("无法读取，未作判断", "cannot be read, nothing judged"),
    "verdict": ("结论：{verdict}（{counts}）", "Verdict: {verdict} ({counts})"),
    "policy_line": ("依据：{number}《{title}》", "Policy: {number} ({title})"),
    "as_of_line": ("核查日期：{as_of}", "As of: {as_of}"),
    "counts": (
        "错误 {error} 项，警告 {warning} 项，提示 {info} 项",
        "{error} errors, {warning} warnings, {info} notes",
    ),
    "no_findings": ("未发现问题", "no findings"),
    "waived": ("已豁免", "waived"),
    "waived_note": (
        "已豁免：{reason}（{approved_by}，{approved_on}）",
        "waived: {reason} ({approved_by}, {approved_on})",
    ),
    "waived_until": ("，有效期至 {expires_on}", ", until {expires_on}"),
    "waived_count": ("已豁免 {n} 项（不计入结论）", "{n} waived (not counted)"),
    "unnamed": ("（未命名工作室）", "(unnamed studio)"),
    "estimated_warning": (
        "注意：{years} 年的节假日安排尚未公布（或未提供覆盖文件），结果为推定，公布后可能变化",
        "Note: the holiday schedule for {years} is not known (no official data or override); "
        "the result is an estimate and may change when it is published",
    ),
    "calendar_line": ("日历：{statuses}", "Calendar: {statuses}"),
    "official": ("官方", "official"),
    "override": ("覆盖文件", "override"),
    "estimated": ("推定", "estimated"),
    "notice_title": ("公示期计算", "Public notice period"),
    "notice_summary": (
        "自 {start} 起公示 {days} 个工作日，至 {end} 止",
        "A {days}-working-day notice starting {start} ends on {end}",
    ),
    "counted": ("第 {n} 个工作日", "working day {n}"),
    "start_excluded": (
        "起始日，不计入（--exclude-start）",
        "start day, not counted (--exclude-start)",
    ),
    "adjusted_workday": ("（调休上班）", " (working weekend day)"),
    "skipped": ("跳过的非工作日", "Days skipped"),
    "date": ("日期", "Date"),
    "reason": ("原因", "Reason"),
    "weekday": ("星期", "Weekday"),
    "renewals_title": (
        "认定有效期与延续（核查日期 {as_of}，提前 {within} 天提示）",
        "Validity and renewals (as of {as_of}, warning {within} days ahead)",
    ),
    "studio": ("工作室", "Studio"),
    "applicant": ("申报单位", "Applicant"),
    "leader": ("领办人", "Leader"),
    "certified_on": ("认定日期", "Certified"),
    "renewed_on": ("认定/延续日期", "Certified/renewed"),
    "valid_through": ("有效期至", "Valid through"),
    "days_left": ("剩余天数", "Days left"),
    "status": ("状态", "Status"),
    "source": ("来源", "Source"),
    "valid": ("有效", "valid"),
    "expiring": ("即将到期", "expiring"),
    "expired": ("已过期", "expired"),
    "lost": ("不再保留称号", "lost"),
    "renewals_summary": (
        "共 {total} 个：有效 {valid}，即将到期 {expiring}，已过期 {expired}，不再保留称号 {lost}",
        "{total} studios: {valid} valid, {expiring} expiring, {expired} expired, {lost} lost",
    ),
    "problems": ("无法读取的记录", "Records that could not be read"),
    "renewals_warnings": ("请核实", "To look into"),
    "skipped_dossiers": (
        "未认定的材料（无 review.certified_on），已跳过：{count} 份",
        "Dossiers without review.certified_on, skipped: {count}",
    ),
    "no_studios": ("没有符合条件的工作室", "no studios"),
    "calendar_title": ("工作日历数据", "Working-day calendar data"),
    "year": ("年份", "Year"),
    "holidays": ("放假日", "Days off"),
    "workdays": ("调休上班日", "Working weekend days"),
    "library_line": (
        "holidays {version}：{first}–{last} 年按国务院办公厅每年的节假日安排通知（官方）",
        "holidays {version}: {first}–{last} follow the State Council's yearly schedule (official)",
    ),
    "next_year_line": ("{year} 年：{status}", "{year}: {status}"),
    "next_year_unknown": (
        "{year} 年的安排尚未收录：结果为推定；公布后请用 --calendar 提供该年的覆盖文件"
        "（或放在规则包旁的 calendar/{year}.yaml）",
        "{year} is not covered yet: results are estimates; once published, give that "
        "year's override with --calendar (or as calendar/{year}.yaml beside the rules pack)",
    ),
    "problem_not_file": ("不是普通文件", "not a regular file"),
    "problem_too_large": ("文件超过 {limit} 字节", "file larger than {limit} bytes"),
    "problem_not_yaml": ("无法按 YAML 读取", "cannot read the file as YAML"),
    "problem_studios_list": ("studios 应为列表", "studios: expected a list"),
    "problem_entry": ("记录有误：{detail}", "entry not valid: {detail}"),
    "problem_unreadable": (
        "无法读取文件（{reason}），应为 UTF-8 编码",
        "cannot read the file ({reason}); expected UTF-8",
    ),
    "problem_csv": ("不是有效的 CSV：{detail}", "not a valid CSV: {detail}"),
    "problem_lock_file": (
        "办公软件打开文件时留下的锁文件（~$… 或 .~lock.…#），不是名册，无法读取；文件关闭后即消失",
        "a lock file an office program keeps while a file is open (~$… or .~lock.…#), not a registry: it cannot be read, and goes when the file is closed",
    ),
    "problem_formula": (
        "{cell}（{column}）是公式，但没有保存计算结果：请在 Excel 或 WPS 中打开并保存后再读",
        "{cell} ({column}) is a formula with no saved value: open and save the workbook in Excel or WPS, then read it again",
    ),
    "problem_date_serial": (
        "{column}：不是日期（YYYY-MM-DD）：{value}（像是 Excel 的日期序号；只有 .xlsx 中的数值单元格按日期序号读）",
        "{column}: not a date (YYYY-MM-DD): {value} (it looks like an Excel date serial number; only a number cell of an .xlsx is read as one)",
    ),
    "problem_merged": (
        "合并单元格超过 {limit} 处，未读取",
        "more than {limit} merged cell ranges: not read",
    ),
    "skipped_reports": (
        "dashi renewals 生成的报告（不是名册），已跳过：{count} 份",
        "Reports of dashi renewals (not registries), skipped: {count}",
    ),
    "skipped_line": ("已跳过：{why}", "skipped: {why}"),
    "skipped_report_why": (
        "dashi renewals 生成的报告，不是名册",
        "a report of dashi renewals, not a registry",
    ),
    "xlsx_item": ("项目", "Item"),
    "xlsx_value": ("内容", "Value"),
    "xlsx_path": ("文件", "File"),
    "xlsx_verdict": ("结论", "Verdict"),
    "xlsx_error_codes": ("错误代码", "Error codes"),
    "xlsx_severity": ("严重程度", "Severity"),
    "xlsx_line": ("行", "Line"),
    "xlsx_column": ("列", "Column"),
    "xlsx_kind": ("类别", "Kind"),
    "xlsx_box": ("申请表栏目", "Form box"),
    "xlsx_waived": ("已豁免", "Waived"),
    "xlsx_action_by": ("须办理日期", "Action by"),
    "xlsx_sources": ("全部来源", "All sources"),
    "xlsx_skipped": ("已跳过", "Skipped"),
    "xlsx_skipped_why": (
        "未认定的材料（无 review.certified_on）",
        "a dossier without review.certified_on",
    ),
    "severity_error": ("错误", "error"),
    "severity_warning": ("警告", "warning"),
    "severity_info": ("提示", "info"),
    "reason_left": ("领办人 {date} 离开申报单位", "the leader left the applicant unit on {date}"),
    "reason_not_in_post": (
        "领办人不再从事技能、技术岗位",
        "the leader is no longer in a skill or technical post",
    ),
    "reason_expired": ("认定有效期已于 {date} 届满", "the certification ran out on {date}"),
    "reason_expiring": (
        "认定有效期至 {date}，请在此前申请延续",
        "valid through {date}: apply for renewal before then",
    ),
    "duplicate_studio": (
        "工作室“{name}”见于多个来源（{sources}），只列一次",
        'the studio "{name}" is in several sources ({sources}); it is listed once',
    ),
    "disagree": ("；各来源不一致：{fields}", "; the sources disagree: {fields}"),
    "problem_xlsx": (
        "无法按 Excel 工作簿（.xlsx）读取：{detail}",
        "cannot read the file as an Excel workbook (.xlsx): {detail}",
    ),
    "problem_sheet": (
        "工作簿中没有名为“{sheet}”的工作表（有：{sheets}）",
        'the workbook has no sheet named "{sheet}" (it has: {sheets})',
    ),
    "problem_column_twice": (
        "同一列出现两次（中文或英文列名）",
        "a column appears twice (in English or Chinese)",
    ),
    "problem_no_certified_column": (
        "缺少“认定日期”（certified_on）列",
        "no certified_on (认定日期) column",
    ),
    "problem_date": (
        "{column}：不是日期（YYYY-MM-DD）：{value}",
        "{column}: not a date (YYYY-MM-DD): {value}",
    ),
    "problem_no_certified": ("认定日期为空", "certified_on (认定日期) is empty"),
    "problem_yes_no": ("{column}：应为 是/否：{value}", "{column}: expected yes or no: {value}"),
    "summary_title": ("汇总", "Summary"),
    "number": ("序号", "#"),
    "path": ("文件", "File"),
    "verdict_short": ("结论", "Verdict"),
    "errors_short": ("错误", "Err."),
    "warnings_short": ("警告", "Warn."),
    "infos_short": ("提示", "Notes"),
    "batch_line": (
        "共 {dossiers} 份材料，{eligible} 份符合认定条件；错误 {error} 项，警告 {warning} 项，提示 {info} 项",
        "{dossiers} dossiers ({eligible} meeting the conditions); {error} errors, {warning} warnings, {info} notes",
    ),
    "statistics_title": ("各规则出现次数", "Findings per rule"),
    "count": ("次数", "Count"),
    "title": ("规则", "Rule"),
    "severity": ("级别", "Severity"),
    "policy_text": ("政策原文", "The policy's words"),
    "what_it_checks": ("核查内容与示例", "What it checks, with examples"),
    "parameters": ("所用参数（规则包）", "Parameters (rules pack)"),
    "interpretation": ("解释", "Interpretation"),
    "sev_error": ("错误", "error"),
    "sev_warning": ("警告", "warning"),
    "sev_info": ("提示（需专家判断）", "for the experts"),
    "md_title": ("规则目录", "Rule catalogue"),
    "md_intro": (
        "dashi 据以核查的每一条规则：代码、级别、所依据的{number}《{title}》条款及其原文、"
        "核查内容、通过与不通过的示例、所用参数及其解释。本页由 `{command}` 生成，"
        "请勿手工修改：规则包或规则说明改动后重新生成即可。",
        "Every rule dashi checks: its code, severity, the clause of {number} ({title}) it "
        "rests on and that clause's own words, what it checks, a passing and a failing "
        "example, and the parameters it uses with their interpretation. This page is printed "
        "by `{command}`; do not edit it by hand, generate it again when the rules pack or a "
        "rule's documentation changes.",
    ),
    "md_severities": (
        "级别：**错误**＝不符合认定条件或必须改正；**警告**＝需要注意；"
        "**提示（需专家判断）**＝工具无法判断、须由专家评审的事项，列出以免遗漏。"
        "条款编号指文件的第一至第七部分，“附件”指申请表。",
        "Severities: **error** = not eligible or must be fixed; **warning** = needs "
        "attention; **for the experts** = a matter the tool cannot decide and the experts "
        "must judge, listed so that nobody forgets it. Clause numbers are the policy's parts "
        "1 to 7 (一 to 七); the annex (附件) is the application form.",
    ),
    "strict_note": ("，但 --strict 下警告也视为不通过", "; with --strict, warnings fail too"),
}


_ONE = re.compile(r"(?<![\d.,])1 (error|warning|note|dossier|studio|day)s\b")


def ui(key: str, lang: Lang, **values: object) -> str:
    zh, en = _UI[key]
    text = zh if lang == "zh" else en
    text = text.format(**values) if values else text
    if lang == "en":
        text = _ONE.sub(r"1 \1", text)  # "1 error", not "1 errors"
    return text
