"""The command line's own words in Chinese: `--help` texts and usage errors.

The English texts live beside the options in :mod:`dashi_cli.cli` (typer reads them
there); this table gives each its Chinese, which is what `dashi` shows unless
`--lang en` is on the command line. A help text missing here is a test failure.
"""

from __future__ import annotations

import re
from functools import cache

COMMANDS_ZH: dict[str, str] = {
    "": "韶关市市级技能大师工作室认定材料核查工具（韶人社函〔2022〕46号）。"
    "按政策逐条核查申报材料，并回答公示期、有效期等日期问题。",
    "check": "按政策核查申报材料：可给文件、文件夹和 -（标准输入），可混合。\n\n"
    "示例：dashi check 申报材料/ --summary --format table",
    "notice-end": "自某日起公示 N 个工作日（第三条：公示5个工作日），何日期满。\n\n"
    "示例：dashi notice-end --start 2025-05-06",
    "renewals": "已认定的工作室中，哪些有效、即将到期、已过期或不再保留称号（第六条第3项）。\n\n"
    "示例：dashi renewals 名册.yaml --as-of 2027-04-27 --within 90",
    "calendar": "工作日历覆盖哪些年份，数据来自何处。\n\n示例：dashi calendar --as-of 2026-11-26",
    "rules": "列出全部规则（代码、级别、条款、名称），或以 Markdown、JSON 输出每条规则的完整说明。\n\n"
    "示例：dashi rules --format markdown > docs/rules.md",
    "explain": "一条规则核查什么：政策原文、核查内容与示例、所用参数。\n\n示例：dashi explain Q002",
    "schema": "申报材料格式的 JSON Schema，供编辑器补全和脚本使用。\n\n"
    "示例：dashi schema -o dashi-dossier.schema.json",
    "init": "生成一份空白申报材料，注释中注明每一栏对应的申请表栏目和政策条款。\n\n"
    "示例：dashi init 申报材料.yaml",
    "import": "读取填好的申请表（.docx）生成申报材料：找到的栏目逐一填入，找不到的留空并注明"
    "栏目，供 dashi check 报告缺项；无法归入任何栏目的内容在标准错误中列出（表、行、列），"
    "从不猜测。\n\n示例：dashi import 申请表.docx -o 申报材料.yaml",
    "form": "据申报材料填写附件《韶关市技能大师工作室申请表》（.docx）。\n\n"
    "个人信息不作遮盖：这就是申请表本身。\n\n示例：dashi form examples/eligible.yaml -o 申请表.docx",
}

PARAMS_ZH: dict[str, str] = {
    "Show the version.": "显示版本号。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的补全脚本，可复制或自行安装。"
    ),
    "Show this message and exit.": "显示本帮助并退出。",
    "Dossier files, folders (searched for *.yaml), - for stdin, or filled "
    "application forms (.docx).": (
        "申报材料文件、文件夹（查找其中的 *.yaml）、-（标准输入），或填好的申请表（.docx）。"
    ),
    "Dossier files, folders (searched for *.yaml), or - for stdin.": (
        "申报材料文件、文件夹（查找其中的 *.yaml），或 -（标准输入）。"
    ),
    "table, json, jsonl or csv.": "table（表格）、json、jsonl 或 csv。",
    "table, json, jsonl, csv or concise.": "table（表格）、json、jsonl、csv 或 concise（每项一行）。",
    "table, json or csv.": "table（表格）、json 或 csv。",
    "table, json, jsonl, csv, concise or xlsx (with -o FILE).": (
        "table（表格）、json、jsonl、csv、concise（每项一行）或 xlsx（须加 -o 文件名）。"
    ),
    "table, json, or text (the line for the notice itself).": (
        "table（表格）、json 或 text（可直接贴入公示的一行文字）。"
    ),
    "table, json, csv or xlsx (with -o FILE).": "table（表格）、json、csv 或 xlsx（须加 -o 文件名）。",
    "Registry YAML/CSV/XLSX files, dossiers, or folders (default: the current folder).": (
        "认定登记表（YAML、CSV 或 Excel .xlsx）、申报材料或文件夹（默认：当前文件夹）。"
    ),
    "Only these statuses (valid, expiring, expired, lost, or 有效, 即将到期, 已过期, "
    "不再保留称号), comma-separated or repeated.": (
        "只列这些状态（有效、即将到期、已过期、不再保留称号，或 valid、expiring、expired、lost），"
        "以逗号分隔或重复给出。"
    ),
    "The sheet of .xlsx registries to read (default: the first).": (
        "读取 .xlsx 登记表中的哪个工作表（默认：第一个）。"
    ),
    "table or json.": "table（表格）或 json。",
    "Warnings, and results resting on an estimated calendar, fail (exit 1).": (
        "警告、以及依据推定日历得出的结果，也视为不通过（退出码 1）。"
    ),
    "Judge as of this date (default: today).": "以该日期为核查日期（默认今天）。",
    "Message language: zh or en.": "输出语言：zh（中文）或 en（英文）。",
    "Language of help and messages: zh or en.": "帮助和提示信息的语言：zh（中文）或 en（英文）。",
    "Use another rules pack.": "使用另一份规则包。",
    "A calendar override file (one year's State Council schedule); repeatable.": (
        "日历覆盖文件（某一年的国务院节假日安排）；可重复给出。"
    ),
    "Only these codes or prefixes (Q, F00), comma-separated.": (
        "只报告这些代码或代码前缀（如 Q、F00），以逗号分隔。"
    ),
    "Leave out these codes or prefixes, comma-separated.": "不报告这些代码或代码前缀，以逗号分隔。",
    "Only the summary table, one row per dossier.": "只输出汇总表，每份材料一行。",
    "Only how often each rule fired.": "只统计每条规则出现的次数。",
    "Write the report to FILE.": "将报告写入 FILE。",
    "Let --output replace a file.": "允许 --output 覆盖已有文件。",
    "Show ID, phone and account numbers unmasked.": "完整显示身份证号、电话号码和银行账号（默认遮盖）。",
    "Refuse larger files unread (Y001).": "超过此大小的文件不予读取（Y001）。",
    "Check with N processes; the report is the same as with one.": "用 N 个进程并行核查；结果与单进程相同。",
    "The first day of the notice.": "公示的第一天。",
    "Working days (default: the pack's, 5).": "工作日数（默认取规则包的 5 个）。",
    "Do not count the start day itself.": "起始日本身不计入。",
    "Registry YAML/CSV files, dossiers, or folders (default: the current folder).": (
        "名册（YAML/CSV）、申报材料或文件夹（默认当前文件夹）。"
    ),
    "Warn this many days ahead (default: the pack's, 180).": "提前多少天提示（默认取规则包的 180 天）。",
    "Only these statuses: valid, expiring, expired, lost; repeatable.": (
        "只列出这些状态：valid（有效）、expiring（即将到期）、expired（已过期）、"
        "lost（不再保留称号）；可重复给出。"
    ),
    "table (code, severity, clause, title), json, or markdown (every rule's whole page: "
    "the catalogue docs/rules.md is generated with it).": (
        "table（代码、级别、条款、名称）、json 或 markdown（每条规则的完整说明，"
        "docs/rules.md 即由此生成）。"
    ),
    "A rule code, e.g. Q002.": "规则代码，如 Q002。",
    "Write the schema to FILE.": "将 Schema 写入 FILE。",
    "The dossier file to create.": "要创建的申报材料文件。",
    "Language of the comments: zh or en.": "注释语言：zh（中文）或 en（英文）。",
    "The dossier to fill the form from.": "据以填表的申报材料。",
    "The .docx to write.": "要写入的 .docx 文件。",
    "Replace an existing file.": "覆盖已有文件。",
    "填报时间 on the cover (default: the dossier's review.applied_on, else today).": (
        "封面上的填报时间（默认：申报材料中的 review.applied_on，没有则为今天）。"
    ),
    "Show ID, phone and account numbers unmasked in messages.": (
        "提示信息中的身份证号、电话和银行账号不作遮盖。"
    ),
    "A filled application form, .docx (or .doc).": "填好的申请表，.docx（或 .doc）。",
    "The dossier to write (default: FORM's name with .yaml; - for stdout).": (
        "要写入的申报材料（默认：与申请表同名，扩展名 .yaml；- 表示标准输出）。"
    ),
    "Language of the dossier's keys and of messages: zh or en.": (
        "申报材料键名和提示信息的语言：zh（中文）或 en（英文）。"
    ),
    "Take option defaults from this file, not from the dashi.toml of the current folder or a parent.": (
        "从此文件读取各选项的默认值，而不是当前文件夹或上级文件夹中的 dashi.toml。"
    ),
    "Read no config file.": "不读取任何配置文件（dashi.toml）。",
}

# typer's and click's words around the help texts
WORDS_ZH: dict[str, str] = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
}

# usage errors: click's and dashi's own, English → Chinese (first match wins). A group
# named "inner" is itself a message and is translated in turn.
_ERRORS_ZH: tuple[tuple[str, str], ...] = (
    (r"No such option: (\S+) Did you mean (\S+)\?", r"没有这个选项：\1，是否应为 \2？"),
    (r"No such option: (\S+)\s*\(Possible options: (.+)\)", r"没有这个选项：\1（可能是：\2）"),
    (r"No such option: (\S+)", r"没有这个选项：\1"),
    (r"No such command '(.+)'\. Did you mean (.+)\?", r"没有这个命令：\1，是否应为 \2？"),
    (r"No such command '(.+)'\.", r"没有这个命令：\1"),
    (r"Missing command\.", "缺少命令。"),
    (r"Missing argument '(.+)'\.", r"缺少参数 \1。"),
    (r"Missing option '(.+)'\.", r"缺少选项 \1。"),
    (r"Missing parameter: (.+)", r"缺少参数：\1"),
    (r"Option '(.+)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Option '(.+)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
    (r"Option '(.+)' does not take a value\.", r"选项 \1 不接受值。"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", r"多余的参数：\1"),
    (r"Invalid value for (.+?): (?P<inner>.*)", r"\1 的值无效：\g<inner>"),
    (r"Invalid value: (?P<inner>.*)", r"值无效：\g<inner>"),
    (r"Value error, (?P<inner>.*)", r"\g<inner>"),
    (r"'(.*)' is not one of (.+)\.", r"“\1”不是可选值之一（\2）"),
    (r"'(.*)' is not a valid integer\.", r"“\1”不是整数"),
    (r"'(.*)' is not a valid (\w+)\.", r"“\1”不是有效的 \2"),
    (r"(.+) is not in the range (.+)\.", r"\1 不在范围 \2 之内"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"Input should be a valid date.*", "应为日期"),
    (r"Input should be a valid string.*", "应为文本"),
    (r"Input should be a valid list.*", "应为列表"),
    (r"Input should be a valid dictionary.*", "应为键值映射"),
    (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
    (r"Input should be greater than (\S+)", r"应大于 \1"),
    (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
    (r"Input should be less than (\S+)", r"应小于 \1"),
    (r"Field required", "缺少必填项"),
    (r"Extra inputs are not permitted", "不允许的字段"),
    (r"(?P<inner>.+) \(and (\d+) more problems?\)", r"\g<inner>（另有 \2 处问题）"),
    (r"duplicate key '(.+)' \(line (\d+), column (\d+)\)", r"重复的键“\1”（第 \2 行第 \3 列）"),
    (r"undecodable", "无法识别文件编码"),
    (r"empty", "文件为空"),
    (r"not file", "不是普通文件"),
    (r"not a regular file", "不是普通文件"),
    (r"not a valid path: (.*)", r"不是有效的路径：\1"),
    (r"larger than (\d+) MB", r"大于 \1 MB"),
    (r"calendar folder (.*?) cannot be read: (?P<inner>.*)", r"日历文件夹 \1 无法读取：\g<inner>"),
    # the operating system's reasons (strerror) a file or stream cannot be used
    (r"No space left on device", "磁盘空间不足"),
    (r"Disk quota exceeded", "超出磁盘配额"),
    (r"File too large", "文件过大"),
    (r"Permission denied", "没有权限"),
    (r"Operation not permitted", "不允许此操作"),
    (r"Read-only file system", "文件系统只读"),
    (r"Input/output error", "输入输出错误"),
    (r"Is a directory", "是文件夹"),
    (r"Not a directory", "路径中有一段不是文件夹"),
    (r"No such file or directory", "文件或文件夹不存在"),
    (r"File name too long", "文件名过长"),
    (r"Too many levels of symbolic links", "符号链接层数过多"),
    (r"Bad file descriptor", "文件描述符无效"),
    (r"No such device or address", "设备或地址不存在"),
    (r"No such device", "设备不存在"),
    (r"Device or resource busy", "设备或资源正忙"),
    (r"Text file busy", "文件正被执行"),
    (r"Resource temporarily unavailable", "资源暂时不可用"),
    (r"Invalid argument", "参数无效"),
    (r"Broken pipe", "管道已断开"),
    (r"Stale file handle", "文件句柄已失效"),
    (r"no free temporary name", "找不到可用的临时文件名"),
    (r"rule (\S+) cites clause '(.+)', which is not defined", r"规则 \1 引用的条款“\2”未定义"),
    (r"no entry for rule\(s\) (.+)", r"缺少规则 \1 的条目"),
    (r"not a date \(YYYY-MM-DD, ([^)]+)\):? ?(.*)", r"不是日期（YYYY-MM-DD，\1）：\2"),
    (r"no such file or folder: (.*)", r"文件或文件夹不存在：\1"),
    (r"no such file: (.*)", r"文件不存在：\1"),
    (r"no such folder: (.*)", r"文件夹不存在：\1"),
    (r"no such calendar file: (.*)", r"日历覆盖文件不存在：\1"),
    (r"no such rules pack: (.*)", r"规则包不存在：\1"),
    (
        r"no dossiers \(\*\.yaml, \*\.yml\) found in (.*)",
        r"在 \1 中没有找到申报材料（*.yaml、*.yml）",
    ),
    (
        r"--statistics is a table or JSON \(--format table or json\)",
        "--statistics 只能输出表格或 JSON（--format table 或 json）",
    ),
    (r"standard input \(-\) is named twice", "标准输入（-）给出了两次"),
    (
        r"an xlsx workbook is a binary file: write it with -o FILE",
        "xlsx 工作簿是二进制文件：请用 -o 文件名 写入文件",
    ),
    (r"unknown status '(.*)'; allowed: (.*)", r"没有“\1”这种状态；可用：\2"),
    (
        r"the dossier has (\d+) error\(s\): the form shows what it holds; see dashi check (.*)",
        r"此申报材料有 \1 项错误：申请表按材料原样填写；请用 dashi check \2 查看",
    ),
    (r"an empty path was given", "给出了空路径"),
    (r"no rule code starts with (['\"])(.*)\1", r"没有以“\2”开头的规则代码"),
    (
        r"no rule with code (['\"])(.*)\1 \(dashi rules lists them\)",
        r"没有代码为“\2”的规则（dashi rules 列出全部规则）",
    ),
    (r"--output would replace an input file: (.*)", r"--output 会覆盖输入文件：\1"),
    (r"--output names a folder: (.*)", r"--output 指向一个文件夹：\1"),
    (r"(.*) exists; add --force to replace it", r"\1 已存在；加 --force 才会覆盖"),
    (r"(.*) exists; dashi init never replaces a file", r"\1 已存在；dashi init 从不覆盖文件"),
    (
        r"(.*) is a folder; name the file to create, e\.g\. (.*)",
        r"\1 是文件夹；请给出要创建的文件名，如 \2",
    ),
    (r"(.*) cannot be read: run dashi check (.*)", r"\1 无法读取：请先运行 dashi check \2"),
    (r"standard output is closed", "标准输出已关闭"),
    (r"standard input is closed", "标准输入已关闭"),
    (r"cannot write standard output: (?P<inner>.*)", r"无法写入标准输出：\g<inner>"),
    (r"cannot read standard input: (?P<inner>.*)", r"无法读取标准输入：\g<inner>"),
    (r"cannot write in (.*?): (?P<inner>.*)", r"无法在 \1 中写入：\g<inner>"),
    (r"cannot write (.*?): (?P<inner>.*)", r"无法写入 \1：\g<inner>"),
    # the config file, dashi.toml (dashi_cli.config): the file, the key, then what is wrong
    (r"--config and --isolated cannot be used together", "--config 与 --isolated 不能同时使用"),
    (r"no such config file: (.*)", r"配置文件不存在：\1"),
    (
        r"config file (.+?): unknown key '(.*)' in \[(.*)\]; did you mean '(.*)'\?",
        r"配置文件 \1：[\3] 中没有“\2”这个键，是否应为“\4”？",
    ),
    (r"config file (.+?): unknown key '(.*)' in \[(.*)\]", r"配置文件 \1：[\3] 中没有“\2”这个键"),
    (
        r"config file (.+?): unknown key '(.*)'; did you mean '(.*)'\?",
        r"配置文件 \1：没有“\2”这个键，是否应为“\3”？",
    ),
    (r"config file (.+?): unknown key '(.*)'", r"配置文件 \1：没有“\2”这个键"),
    (
        r"config file (.+?): unknown table \[(.*)\] \(dashi reads \[check\], \[renewals\] and \[notice-end\]\); did you mean (\[.*\])\?",
        r"配置文件 \1：没有 [\2] 这个表（dashi 只读取 [check]、[renewals] 和 [notice-end]），是否应为 \3？",
    ),
    (
        r"config file (.+?): unknown table \[(.*)\] \(dashi reads \[check\], \[renewals\] and \[notice-end\]\)",
        r"配置文件 \1：没有 [\2] 这个表（dashi 只读取 [check]、[renewals] 和 [notice-end]）",
    ),
    (
        r"config file (.+?): '(.*)' is an option of the command line only",
        r"配置文件 \1：“\2”只能在命令行上给出，不能写在配置文件中",
    ),
    (
        r"config file (.+?), key (\S+) \(for (\S+)\): (?P<inner>.*)",
        r"配置文件 \1 中的 \2（用于 \3 命令）：\g<inner>",
    ),
    (r"config file (.+?), key (\S+): (?P<inner>.*)", r"配置文件 \1 中的 \2：\g<inner>"),
    (r"config file (.+?): (?P<inner>.*)", r"配置文件 \1：\g<inner>"),
    (r"(?P<inner>.+) \(config file (.+)\)", r"\g<inner>（见配置文件 \2）"),
    (r"expected true or false, got (.*)", r"应为 true 或 false，实为 \1"),
    (r"expected a whole number, got (.*)", r"应为整数，实为 \1"),
    (r"expected a text in quotes, got (.*)", r"应为加引号的文本，实为 \1"),
    (r"expected a date \(YYYY-MM-DD\), got (.*)", r"应为日期（YYYY-MM-DD），实为 \1"),
    (r"expected a path in quotes, got (.*)", r"应为加引号的路径，实为 \1"),
    (r"expected a path or a list of paths, got (.*)", r"应为路径或路径列表，实为 \1"),
    (r"expected a text or a list of texts, got (.*)", r"应为文本或文本列表，实为 \1"),
    (r"expected a table, got (.*)", r"应为表（[…]），实为 \1"),
    (r"must be from (\S+) to (\S+), got (.*)", r"应在 \1 到 \2 之间，实为 \3"),
    (r"must be at least (\S+), got (.*)", r"应不小于 \1，实为 \2"),
    (r"given twice \((.+) and (.+)\)", r"给出了两次（\1 和 \2）"),
    (r"not UTF-8 text \(line (\d+)\)", r"不是 UTF-8 编码的文本（第 \1 行）"),
    (r"nested too deeply", "嵌套层数过多"),
    # TOML syntax errors (tomllib's words): the place, and the commonest said in Chinese
    (r"(?P<inner>.+) \(at line (\d+), column (\d+)\)", r"\g<inner>（第 \2 行第 \3 列）"),
    (r"(?P<inner>.+) \(at end of document\)", r"\g<inner>（文件末尾）"),
    (r"Invalid statement", "无法识别的语句（应为 键 = 值 或 [表名]）"),
    (r"Expected '=' after a key in a key/value pair", "键后面应有“=”"),
    (r"Invalid value", "值无效（文本要加引号）"),
    (r"Unterminated string", "文本缺少结尾的引号"),
    (r"Unclosed array", "列表缺少结尾的“]”"),
    (r"Unclosed inline table", "内联表缺少结尾的“}”"),
    (r"Cannot overwrite a value", "同一个键给出了两次"),
    (r"Cannot declare \('(.*)',\) twice", r"表 [\1] 声明了两次"),
    (r"Cannot declare (.+) twice", r"\1 声明了两次"),
    (r"Expected newline or end of document after a statement", "一条语句之后应换行"),
    (r"Invalid initial character for a key part", "键的第一个字符无效"),
    (r"Expected '\]' at the end of a table declaration", "表名应以“]”结尾"),
    (r"Illegal character (.+)", r"非法字符 \1"),
    (r"Invalid date or datetime", "日期或时间无效"),
    (r"rules pack (\S+): (?P<inner>.*)", r"规则包 \1：\g<inner>"),
    (r"rules pack (.*)", r"规则包 \1"),
    (r"calendar file (\S+): (?P<inner>.*)", r"日历覆盖文件 \1：\g<inner>"),
    (r"calendar file (.*)", r"日历覆盖文件 \1"),
    (r"(\S+\.(?:ya?ml|csv|json)): (?P<inner>.*)", r"\1：\g<inner>"),
    (r"(\([^)]*\)|[\w.\[\]]+): (?P<inner>.*)", r"\1：\g<inner>"),
)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The patterns, compiled when the first error is shown (never on a good run)."""
    return tuple((re.compile(pattern, re.S), zh) for pattern, zh in _ERRORS_ZH)


def error_zh(message: str, depth: int = 0) -> str:
    """An error message in Chinese; what no pattern knows is kept in English (its details,
    such as a YAML problem, are the file's own words)."""
    message = message.strip()
    if depth > 8:
        return message
    for pattern, zh in _compiled():
        match = pattern.fullmatch(message)
        if match is None:
            continue
        if "inner" in pattern.groupindex:
            inner = match.group("inner") or ""
            translated = error_zh(inner, depth + 1)
            start, _end = match.span("inner")
            if start < 0:
                return match.expand(zh)
            marker = "\x00"
            done = match.expand(zh.replace(r"\g<inner>", marker))
            return done.replace(marker, translated)
        return match.expand(zh)
    return message


def usage_zh(usage: str) -> str:
    """click's usage line in Chinese."""
    usage = usage.replace("Usage: ", "用法：", 1)
    usage = usage.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
    return usage
