"""What `dashi rules` and `dashi explain CODE` show, from the same sources the checks use:
each rule's docstring (what it checks, with a passing and a failing example), and from
the rules pack its severity, clause and the clause's own text, the parameters it names,
and its interpretation. The codes found while reading a file are documented here."""

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

    Passing::

        schema_version: 1
        studio: {name: 张建华数控加工技能大师工作室}

    Failing::

        studio:
          name: [unclosed
    """,
    "Y002": """Every key is one of the format's, every value has its type and, where the
    format lists the values, is one of them.

    An unknown key gets a "did you mean"; a value outside a closed list (gender,
    skill level, certificate and project kinds) lists the allowed ones; a date that
    does not exist is refused.

    Passing::

        members:
          - {name: 刘洋, skill_level: 技师}

    Failing::

        memebers:                      # did you mean "members"?
          - {name: 刘洋, skill_level: 大师}
    """,
    "Y003": """No key appears twice in one mapping (YAML would keep only the last one,
    silently), counting a key's English and Chinese names as one.

    Passing::

        studio: {name: 甲工作室}

    Failing::

        studio:
          name: 甲工作室
          工作室名称: 乙工作室
    """,
    "Y004": """The file is in UTF-8; another encoding is read and named (a warning).

    Passing::

        # saved as UTF-8

    Failing (warning)::

        # saved as GBK by a Chinese Windows editor: read as GB18030
    """,
}


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
    doc: str
    parameters: tuple[Parameter, ...]
    interpretation: str


def rule_doc(code: str) -> str:
    if code in READING_DOCS:
        return inspect.cleandoc(READING_DOCS[code])
    rule = checks.RULES.get(code)
    return inspect.cleandoc(rule.__doc__ or "") if rule else ""


def page(code: str, pack: Pack, lang: Lang) -> Page:
    code = code.upper()
    if code not in pack.rules:
        raise KeyError(code)
    rule = pack.rules[code]
    doc = rule_doc(code)
    clause = pack.clauses.get(rule.clause)
    params = pack.parameters
    named = [n for n in type(params).model_fields if re.search(rf"`{n}`", doc)]
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
        doc=doc,
        parameters=parameters,
        interpretation=rule.interpretation(lang) if rule.interpretation else "",
    )
