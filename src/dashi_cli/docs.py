"""What `dashi rules` and `dashi explain CODE` show, from the same sources the checks use:
each rule's docstring (what it checks, with a passing and a failing example), and from
the rules pack its severity, clause and the clause's own text, the parameters it names,
and its interpretation. The codes found while reading a file are documented here.

A rule's docstring is bilingual. Its English paragraphs come first (Chinese only in
brackets after an English gloss), then its Chinese paragraphs (each starting with a
Chinese character), then the examples: a caption such as ``Passing::`` or
``Failing (warning, as of 2027-03-01)::`` and an indented YAML block, whose comments
read ``# 中文 | English``. :func:`rule_doc` picks one language out of it.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from dashi_cli import checks
from dashi_cli.pack import Lang, Pack

READING_DOCS = {
    "Y001": """The file can be read as one YAML document.

    Missing, not a regular file, over the size limit, not text in UTF-8, UTF-16,
    UTF-32 or GB18030, a YAML syntax error (with its line and column), several
    documents, nesting deeper than 64 levels, or more than 200,000 nodes once
    aliases are expanded (a "billion laughs" bomb).

    文件须能作为一份 YAML 文档读取。

    文件不存在、不是普通文件、超过大小上限、不是 UTF-8、UTF-16、UTF-32 或 GB18030
    编码的文本、YAML 语法错误（给出行号和列号）、一个文件含多份文档、嵌套超过 64 层，
    或展开别名后超过 200,000 个节点（“十亿笑声”式炸弹文件），均报此项。

    Passing::

        schema_version: 1
        studio: {name: 张建华数控加工技能大师工作室}

    Failing::

        studio:
          name: [unclosed
    """,
    "Y002": """Every key is one of the format's, every value has its type and, where the
    format lists the values, is one of them.

    An unknown key gets a "did you mean"; a value outside a closed list (gender, the
    skill ladder of the leader and members, certificate kind) lists the allowed ones; a
    date that does not exist is refused. What the policy leaves open (project kind and
    level, a trainee's level, carrier kind, industry) is never a schema error.

    每个字段名须为格式规定的字段，每个值须为规定的类型；格式列明可选值的，须为其中之一。

    未知字段会提示“是否应为”某字段；超出封闭列表（性别、领办人和成员的技能等级、证书种类）
    的值会列出可选值；不存在的日期不予接受。政策未限定的内容（项目类型和级别、学员等级、
    载体类型、行业）从不报格式错误。

    Passing::

        members:
          - {name: 刘洋, skill_level: 技师}

    Failing::

        memebers:                      # 是否应为 members？ | did you mean "members"?
          - {name: 刘洋, skill_level: 大师}
    """,
    "Y003": """No key appears twice in one mapping (YAML would keep only the last one,
    silently), counting a key's English and Chinese names as one.

    同一映射中不得重复出现同一字段（否则 YAML 只保留最后一个，前面的内容悄然丢失）；
    同一字段的中文名和英文名视为同一字段。

    Passing::

        studio: {name: 甲工作室}

    Failing::

        studio:
          name: 甲工作室
          工作室名称: 乙工作室
    """,
    "Y004": """The file is in UTF-8; another encoding is read and named (a warning).

    文件应为 UTF-8 编码；其他编码的文件照常读取，并给出警告，注明所用编码。

    Passing::

        # 以 UTF-8 保存 | saved as UTF-8

    Failing (warning)::

        # 以 GBK 保存，按 GB18030 读取 | saved as GBK, read as GB18030
    """,
    "Y007": """An item of a `[ ]` list holds no full-width comma: `[a， b, c]` is valid YAML
    but reads as two items, `a， b` and `c`, which is seldom what was meant (a warning:
    one item may hold a comma; a quoted item is never flagged).

    列表 `[ ]` 的项中不应有全角逗号：`[a， b, c]` 是有效的 YAML，但读作两项（`a， b` 和
    `c`），通常并非本意（警告：一项中本可以有逗号；加引号的项不提示）。

    Passing::

        plan: {directions: [数控车削工艺优化, 青年技工培养]}

    Failing (warning)::

        plan: {directions: [数控车削工艺优化， 青年技工培养]}    # 全角逗号 | a full-width comma
    """,
    "Y006": """An application form checked as a dossier (`dashi check 申请表.docx`) holds nothing
    outside its boxes that was left unread: a value in no box, a value that cannot be read
    as its box's, or a second value for a box already read that differs from the first is
    listed (a warning), with its table, row and column, never guessed into the dossier.

    以申请表（.docx）作为申报材料核查时，不属于任何栏目的内容、不能读作所在栏目的值、
    与已读到的同一栏目不同的第二个值，都不采用，逐条列出（警告）并注明表、行、列，
    从不猜测填入。

    Passing::

        # 申请表各栏之外没有填写内容 | nothing written outside the form's boxes

    Failing (warning)::

        # 表 1 第 18 行第 4 列：栏目之外的文字 | table 1, row 18, column 4: text in no box
    """,
}


@dataclass(frozen=True)
class Example:
    caption: str
    yaml: str


@dataclass(frozen=True)
class RuleDoc:
    text: str  # what the rule checks, in one language
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Parameter:
    name: str
    value: object
    clause: str
    interpretation: str


@dataclass(frozen=True)
class Page:
    code: str
    severity: str
    clause: str
    clause_title: str
    clause_text: str
    title: str
    doc: RuleDoc
    parameters: tuple[Parameter, ...]
    interpretation: str


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff“‘「『（【]")
_WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—]")
_CAPTION = re.compile(r"^(Passing|Failing|Fires|Does not fire)(?: \((.*)\))?::$")
_CAPTION_WORDS = {
    "Passing": ("通过", "Passing"),
    "Failing": ("不通过", "Failing"),
    "Fires": ("触发", "Fires"),
    "Does not fire": ("不触发", "Does not fire"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
}
_AS_OF = re.compile(r"^as of (\d{4}-\d{2}-\d{2})$")


def is_chinese_paragraph(paragraph: str) -> bool:
    """A prose paragraph of a rule's docstring is Chinese when it starts with a Chinese
    character or an opening Chinese quotation mark or bracket."""
    return bool(_CJK.match(paragraph.lstrip()))


def _caption(line: str, lang: Lang) -> str:
    match = _CAPTION.match(line.strip())
    if match is None:
        return line.strip().removesuffix("::")
    index = 0 if lang == "zh" else 1
    words = _CAPTION_WORDS[match.group(1)][index]
    notes: list[str] = []
    for part in (match.group(2) or "").split(", ") if match.group(2) else ():
        as_of = _AS_OF.match(part)
        if as_of:
            notes.append(f"核查日期 {as_of.group(1)}" if lang == "zh" else part)
        else:
            notes.append(_CAPTION_WORDS.get(part, (part, part))[index])
    if not notes:
        return words
    return f"{words}（{'，'.join(notes)}）" if lang == "zh" else f"{words} ({', '.join(notes)})"


_COMMENT = re.compile(r"(^|\s)#\s")


def _yaml_line(line: str, lang: Lang) -> str:
    """An example's line with its ``# 中文 | English`` comment in one language."""
    match = _COMMENT.search(line)
    if match is None:
        return line
    at = match.start() + len(match.group(1))
    comment = line[at + 1 :].strip()
    if " | " in comment:
        zh, en = comment.split(" | ", 1)
        comment = zh.strip() if lang == "zh" else en.strip()
    return f"{line[:at]}# {comment}"


def parse_doc(doc: str, lang: Lang) -> RuleDoc:
    """One language's text and examples out of a bilingual docstring."""
    lines = inspect.cleandoc(doc).splitlines()
    first = next((i for i, line in enumerate(lines) if line.rstrip().endswith("::")), len(lines))
    paragraphs = [p.strip() for p in "\n".join(lines[:first]).split("\n\n") if p.strip()]
    zh = [p for p in paragraphs if is_chinese_paragraph(p)]
    en = [p for p in paragraphs if not is_chinese_paragraph(p)]
    chosen = (zh or en) if lang == "zh" else (en or zh)
    examples: list[Example] = []
    i = first
    while i < len(lines):
        caption = lines[i]
        i += 1
        block: list[str] = []
        while i < len(lines) and not (lines[i].strip() and not lines[i].startswith(" ")):
            block.append(lines[i])
            i += 1
        yaml = inspect.cleandoc("\n".join(block)) if any(b.strip() for b in block) else ""
        body = "\n".join(_yaml_line(line, lang) for line in yaml.splitlines())
        examples.append(Example(_caption(caption, lang), body))
    # paragraphs keep their own line breaks, joined into one line each (Chinese
    # without a space between the broken halves)
    text = "\n\n".join(_unwrap(paragraph, lang) for paragraph in chosen)
    return RuleDoc(text, tuple(examples))


def _unwrap(paragraph: str, lang: Lang) -> str:
    """A paragraph's wrapped lines as one line (Chinese joined without a space); a list
    keeps its items on lines of their own."""
    lines = [line.strip() for line in paragraph.splitlines()]
    if any(line.startswith(("- ", "* ")) for line in lines):
        return "\n".join(lines)
    joined = lines[0]
    for line in lines[1:]:
        cjk = lang == "zh" and bool(_WIDE.match(line)) and bool(_WIDE.match(joined[-1:]))
        joined += line if cjk else " " + line
    return joined


def rule_source(code: str) -> str:
    """A rule's docstring as written (both languages)."""
    if code in READING_DOCS:
        return READING_DOCS[code]
    rule = checks.RULES.get(code)
    return (rule.__doc__ or "") if rule else ""


def rule_doc(code: str, lang: Lang) -> RuleDoc:
    return parse_doc(rule_source(code), lang)


def page(code: str, pack: Pack, lang: Lang) -> Page:
    code = code.upper()
    if code not in pack.rules:
        raise KeyError(code)
    rule = pack.rules[code]
    source = rule_source(code)
    clause = pack.clauses.get(rule.clause)
    params = pack.parameters
    named = [n for n in type(params).model_fields if re.search(rf"`{n}`", source)]
    parameters = tuple(
        Parameter(
            name,
            getattr(params, name).value,
            getattr(params, name).clause,
            getattr(params, name).interpretation(lang),
        )
        for name in named
    )
    return Page(
        code=code,
        severity=rule.severity.value,
        clause=rule.clause,
        clause_title=clause.title(lang) if clause else "",
        clause_text=clause.text if clause else "",
        title=rule.title(lang),
        doc=parse_doc(source, lang),
        parameters=parameters,
        interpretation=rule.interpretation(lang) if rule.interpretation else "",
    )


def pages(pack: Pack, lang: Lang) -> tuple[Page, ...]:
    """Every rule's page, in code order."""
    return tuple(page(code, pack, lang) for code in sorted(pack.rules))
