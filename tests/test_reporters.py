"""Reporters on hand-built results: they format what they are given, nothing more."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashi_cli.findings import (
    CheckReport,
    DossierResult,
    Finding,
    Localized,
    Sensitive,
    Severity,
    freeze,
)
from dashi_cli.pack import Pack
from dashi_cli.reporters import FORMATS, ReportOptions, reporter_for

ID = "440204197805121310"
ACCOUNT = "6222020000000001234"
MOBILE = "13800138000"


def _finding(
    code: str, severity: Severity, field: str | None, line: int | None, **params: object
) -> Finding:
    return Finding(
        code, severity, "附件", field, line, 3 if line else None, "default", freeze(params)
    )


def _report() -> CheckReport:
    findings = (
        Finding(
            "F002",
            Severity.ERROR,
            "附件",
            "leader.id_number",
            12,
            15,
            "checksum",
            freeze({"id_number": Sensitive("id_number", ID)}),
        ),
        Finding(
            "F005",
            Severity.WARNING,
            "附件",
            "applicant.contact.mobile",
            20,
            13,
            "mobile",
            freeze({"value": Sensitive("phone", MOBILE)}),
        ),
        Finding(
            "F009",
            Severity.WARNING,
            "附件",
            "applicant.bank.account",
            22,
            14,
            "default",
            freeze(
                {"value": Sensitive("bank_account", ACCOUNT), "min_digits": 8, "max_digits": 30}
            ),
        ),
        _finding(
            "F001",
            Severity.ERROR,
            None,
            None,
            count=1,
            fields=(Localized("申报单位名称（applicant.name）", "applicant unit name"),),
        ),
        _finding("R003", Severity.INFO, "projects", 40, count=2),
    )
    other = DossierResult("b.yaml", None, ())
    return CheckReport(date(2026, 11, 26), (DossierResult("a.yaml", "示例工作室", findings), other))


def _render(pack: Pack, fmt: str, **options: object) -> str:
    out = io.StringIO()
    reporter_for(fmt, ReportOptions(pack=pack, version="9.9", **options)).write(_report(), out)  # type: ignore[arg-type]
    return out.getvalue()


def test_json(pack: Pack) -> None:
    doc = json.loads(_render(pack, "json"))
    assert doc["version"] == "9.9" and doc["as_of"] == "2026-11-26"
    first, second = doc["dossiers"]
    assert first["eligible"] is False and second["eligible"] is True
    assert first["counts"] == {"error": 2, "warning": 2, "info": 1}
    assert doc["summary"] == {"dossiers": 2, "eligible": 1, "errors": 2, "warnings": 2, "infos": 1}
    f002 = first["findings"][0]
    assert f002 == {
        "code": "F002",
        "severity": "error",
        "clause": "附件",
        "message": "身份证号 440204********1310 校验码错误（GB 11643）",
        "field": "leader.id_number",
        "line": 12,
        "column": 15,
    }
    f001 = first["findings"][3]
    assert f001["line"] is None and f001["column"] is None and f001["field"] is None
    assert "申报单位名称（applicant.name）" in f001["message"]


def test_csv(pack: Pack) -> None:
    text = _render(pack, "csv", lang="en")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == [
        "path",
        "studio",
        "code",
        "severity",
        "clause",
        "field",
        "line",
        "column",
        "message",
    ]
    assert len(rows) == 1 + 5
    assert rows[1][:8] == [
        "a.yaml",
        "示例工作室",
        "F002",
        "error",
        "附件",
        "leader.id_number",
        "12",
        "15",
    ]
    assert rows[4][6:8] == ["", ""]
    assert rows[4][8].endswith("applicant unit name")


def test_table(pack: Pack) -> None:
    text = _render(pack, "table")
    assert "示例工作室" in text and "不符合认定条件" in text and "符合认定条件" in text
    assert "错误 (2)" in text and "警告 (2)" in text
    assert "未发现问题" in text  # the second dossier
    english = _render(pack, "table", lang="en")
    assert "does not meet the conditions" in english and "no findings" in english


def test_personal_data_is_masked_in_every_format(pack: Pack) -> None:
    for fmt in FORMATS:
        for lang in ("zh", "en"):
            text = _render(pack, fmt, lang=lang)
            for secret in (ID, ACCOUNT, MOBILE):
                assert secret not in text, (fmt, secret)
            assert "440204********1310" in text
            assert "138****8000" in text
            assert "****1234" in text


def test_show_pii_shows_them(pack: Pack) -> None:
    text = _render(pack, "json", show_pii=True)
    assert ID in text and ACCOUNT in text and MOBILE in text


_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=False))
_TREE = st.recursive(
    _LEAF, lambda c: st.one_of(st.lists(c), st.dictionaries(st.text(), c)), max_leaves=30
)


@settings(max_examples=500, derandomize=True)
@given(_TREE, st.integers(0, 6))
def test_indented_json_is_what_json_dumps_writes(value: object, offset: int) -> None:
    """The fast indented writer of the reports writes what json.dumps(indent=2) writes."""
    from dashi_cli.reporters.safe import _JSON_UNSAFE, json_text

    expected = json.dumps(value, ensure_ascii=False, indent=2)
    expected = "\n".join(" " * offset + line for line in expected.split("\n"))
    expected = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", expected)
    assert json_text(value, indent=2, offset=offset) == expected
