"""Waivers through the command line: a waived error leaves the exit code at 0 and is
marked in every format; a broken, expired or unused waiver is reported (W001, W002);
the batch rules' findings are waived the same with --jobs; hostile waivers never
crash. The rules themselves are case files (tests/cases/W001.yaml, W002.yaml)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from dashi_cli.engine import check_file
from dashi_cli.pack import Pack
from test_jobs import both, dashi

AS_OF = ("--as-of", "2026-11-26")
COMPLETE = {
    "code": "C001",
    "reason": "经市局研究，该单位按企业对待",
    "approved_by": "市人社局职业能力建设科",
    "approved_on": "2026-04-20",
}


def dossier(tmp: Path, waivers: object, base: str = "ineligible-outside-shaoguan") -> Path:
    data = yaml.safe_load((EXAMPLES / f"{base}.yaml").read_text("utf-8"))
    data["waivers"] = waivers
    path = tmp / "dossier.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def both_errors_waived(tmp: Path) -> Path:
    district = {**COMPLETE, "code": "C002", "field": "applicant.district"}
    return dossier(tmp, [COMPLETE, district])


def test_without_waivers_the_example_fails(tmp_path: Path) -> None:
    code, _ = dashi("check", str(dossier(tmp_path, [])), *AS_OF)
    assert code == 1


def test_a_waived_error_exits_0_and_is_marked_in_json(tmp_path: Path) -> None:
    code, out = dashi("check", str(both_errors_waived(tmp_path)), "-f", "json", *AS_OF)
    assert code == 0
    report = json.loads(out)
    [result] = report["dossiers"]
    assert result["eligible"] is True and result["verdict"] == "eligible"
    assert result["counts"]["error"] == 0 and result["waived"] == 2
    waived = [f for f in result["findings"] if f.get("waived")]
    assert [f["code"] for f in waived] == ["C001", "C002"]
    assert waived[0]["severity"] == "error"  # still what it is, only accepted
    assert waived[0]["waiver"] == {
        "reason": "经市局研究，该单位按企业对待",
        "approved_by": "市人社局职业能力建设科",
        "approved_on": "2026-04-20",
        "expires_on": None,
    }
    assert report["summary"]["errors"] == 0 and report["waived"] == 2
    assert all("waived" not in f for f in result["findings"] if f["code"] not in ("C001", "C002"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_waived_error_is_marked_in_csv_and_concise(tmp_path: Path, lang: str) -> None:
    path = str(both_errors_waived(tmp_path))
    code, out = dashi("check", path, "-f", "csv", "--lang", lang, *AS_OF)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    marked = {r["code"]: r["message"] for r in rows if r["code"] in ("C001", "C002")}
    word = "已豁免：经市局研究" if lang == "zh" else "waived: 经市局研究"
    assert all(word in message for message in marked.values()), marked
    code, out = dashi("check", path, "-f", "concise", "--lang", lang, *AS_OF)
    assert code == 0
    line = next(x for x in out.decode().splitlines() if " C001 " in x)
    assert re.fullmatch(r".+:\d+:\d+: C001 \[error\] .+", line) and word in line


def test_a_waived_warning_still_fails_strict_only_when_not_waived(tmp_path: Path) -> None:
    """--strict fails on warnings; a waived one does not count there either."""
    industry = {**COMPLETE, "code": "I001"}
    postal = {**COMPLETE, "code": "F006"}
    path = both_errors_waived(tmp_path)
    data = yaml.safe_load(path.read_text("utf-8"))
    data["waivers"] += [industry]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert dashi("check", str(path), "--strict", *AS_OF)[0] == 1  # F006 still counts
    data["waivers"] += [postal]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert dashi("check", str(path), "--strict", *AS_OF)[0] == 0


def test_a_waiver_without_reason_is_an_error(tmp_path: Path) -> None:
    waiver = {k: v for k, v in COMPLETE.items() if k != "reason"}
    code, out = dashi("check", str(dossier(tmp_path, [waiver])), "-f", "json", *AS_OF)
    assert code == 1
    findings = json.loads(out)["dossiers"][0]["findings"]
    assert [f["field"] for f in findings if f["code"] == "W001"] == ["waivers[0]"]
    assert not any(f.get("waived") for f in findings)


def test_an_expired_and_an_unmatched_waiver_are_warnings(tmp_path: Path) -> None:
    expired = {**COMPLETE, "code": "C002", "expires_on": "2026-05-01"}
    unmatched = {**COMPLETE, "code": "Q002"}
    path = dossier(tmp_path, [COMPLETE, expired, unmatched])
    code, out = dashi("check", str(path), "-f", "json", *AS_OF)
    assert code == 1  # C002 counts again: its waiver has expired
    findings = json.loads(out)["dossiers"][0]["findings"]
    w002 = {f["field"]: f for f in findings if f["code"] == "W002"}
    assert set(w002) == {"waivers[1].expires_on", "waivers[2]"}
    assert all(f["severity"] == "warning" for f in w002.values())
    assert w002["waivers[2]"]["line"] is not None
    assert [f["code"] for f in findings if f.get("waived")] == ["C001"]


def test_an_unused_waiver_of_a_rule_left_out_is_not_judged(tmp_path: Path) -> None:
    path = str(dossier(tmp_path, [{**COMPLETE, "code": "Q002"}], base="eligible"))
    assert "W002" in dashi("check", path, "-f", "concise", *AS_OF)[1].decode()
    out = dashi("check", path, "-f", "concise", "--select", "C,W", *AS_OF)[1].decode()
    assert "W002" not in out


def test_a_batch_rules_finding_is_waived_the_same_with_jobs(tmp_path: Path) -> None:
    """X002 is found after the workers' checks, in the parent: its waiver applies there."""
    (tmp_path / "a.yaml").write_bytes((EXAMPLES / "eligible.yaml").read_bytes())
    data = yaml.safe_load((EXAMPLES / "eligible.yaml").read_text("utf-8"))
    data["leader"]["id_number"] = "440232198604125710"
    data["waivers"] = [{**COMPLETE, "code": "X002", "field": "studio.name"}]
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = both("check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "json", *AS_OF)
    second = json.loads(out)["dossiers"][1]
    assert [f["code"] for f in second["findings"] if f.get("waived")] == ["X002"]
    assert "W002" not in [f["code"] for f in second["findings"]]
    # checked alone it can have no batch finding: the waiver is not called unused
    alone = json.loads(dashi("check", str(tmp_path / "b.yaml"), "-f", "json", *AS_OF)[1])
    assert "W002" not in [f["code"] for f in alone["dossiers"][0]["findings"]]


def test_the_table_verdict_counts_only_what_is_not_waived(tmp_path: Path) -> None:
    code, out = dashi("check", str(both_errors_waived(tmp_path)), *AS_OF)
    assert code == 0
    text = out.decode()
    assert "结论：符合认定条件" in text and "错误 0 项" in text


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.dates().map(str),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
_KEYS = st.sampled_from(
    ["code", "field", "reason", "approved_by", "approved_on", "expires_on", "代码", "理由", "x"]
)
_WAIVERS = st.one_of(
    _VALUES,
    st.lists(st.one_of(_VALUES, st.dictionaries(_KEYS, _VALUES, max_size=7)), max_size=4),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(waivers=_WAIVERS)
def test_hostile_waivers_never_crash(tmp_path: Path, pack: Pack, waivers: object) -> None:
    """Any value under ``waivers`` is a Y002 or a waiver, never an internal error (an
    internal error would be a Y001), and what cannot be waived never is."""
    result = check_file(dossier(tmp_path, waivers), pack, date(2026, 11, 26))
    assert all(f.code != "Y001" for f in result.findings)
    unwaivable = set(pack.waivers.unwaivable)
    assert not any(f.waiver and f.code in unwaivable for f in result.findings)
