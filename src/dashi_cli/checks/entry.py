"""How values were typed — no clause; what dashi read differently from what was written.

Numbers pasted from Word often carry full-width digits (１２３). The checks
read them as half-width, and this rule says so, so that the file can be
corrected before it is printed or sent on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dashi_cli.checks.base import Context, blank, rule, value_at
from dashi_cli.findings import Issue

_FULL_WIDTH = re.compile(r"[\uff01-\uff5e]")

# identifier fields (dotted paths; {i} stands for each member) and the term naming them
_IDENTIFIERS = (
    ("leader.id_number", "id_number"),
    ("members[{i}].id_number", "id_number"),
    ("leader.phone", "phone"),
    ("applicant.head.office_phone", "phone"),
    ("applicant.contact.office_phone", "phone"),
    ("applicant.contact.mobile", "phone"),
    ("applicant.contact.fax", "phone"),
    ("applicant.postal_code", "postal_code"),
    ("applicant.bank.account", "bank_account"),
    ("applicant.credit_code", "credit_code"),
)


@rule("Y005")
def full_width(ctx: Context) -> Iterator[Issue]:
    """An identifier (ID number, phone or fax number, postal code, bank account, unified
    social credit code) typed with full-width characters is read as half-width, with a
    warning, so that the file can be corrected.

    身份证号、电话或传真号码、邮政编码、银行账号、统一社会信用代码中含全角字符的，
    按半角读取，并给出警告，以便更正原文件。

    Passing::

        leader: {id_number: "440204197805121310"}

    Failing (warning)::

        leader: {id_number: "４４０２０４１９７８０５１２１３１０"}
    """
    members = len(ctx.dossier.members or [])
    for template, term in _IDENTIFIERS:
        paths = [template.format(i=i) for i in range(members)] if "{i}" in template else [template]
        for path in paths:
            value = value_at(ctx.dossier, path)
            if not blank(value) and _FULL_WIDTH.search(str(value)):
                yield Issue("Y005", path, {"what": ctx.pack.localized(term)})


RULES = (full_width,)
