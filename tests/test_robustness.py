"""Hostile input, real-world encodings and personal data (issue 5's acceptance)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, check_measured, run_measured
from dashi_cli.cli import app

AS_OF = ("--as-of", "2026-11-26")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def findings(path: Path) -> list[tuple[Any, ...]]:
    code, out = run("check", str(path), *AS_OF, "-f", "json")
    assert code in (0, 1)
    return [
        (f["code"], f["field"], f["line"], f["column"], f["message"])
        for f in json.loads(out)["dossiers"][0]["findings"]
    ]


# --- 1. encodings ------------------------------------------------------------


@pytest.mark.parametrize("example", ["annotated.yaml", "ineligible-form.yaml"])
def test_the_same_dossier_in_four_encodings(tmp_path: Path, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    saved = {
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),  # with a byte-order mark
        "gb18030": text.encode("gb18030"),
    }
    results = {}
    for name, data in saved.items():
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(data)
        results[name] = findings(path)
    plain = results["utf-8"]
    assert results["utf-8-bom"] == plain
    for name, encoding in (("utf-16", "UTF-16"), ("gb18030", "GB18030")):
        warnings = [f for f in results[name] if f[0] == "Y004"]
        assert len(warnings) == 1 and encoding in warnings[0][4]
        assert [f for f in results[name] if f[0] != "Y004"] == plain


# --- 2. limits ------------------------------------------------------------------


BOMB = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_billion_laughs_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    ordinary = str(EXAMPLES / "eligible.yaml")
    baseline = (
        "from pathlib import Path; from datetime import date; "
        "from dashi_cli.engine import check_file; from dashi_cli.pack import load_pack; "
        f"r = check_file(Path({ordinary!r}), load_pack(), date(2026, 11, 26))"
    )
    code = baseline.replace(ordinary, str(path)) + (
        "; print(r.findings[0].code, r.findings[0].variant)"
    )
    out, peak_mb = run_measured(code)
    _, ordinary_mb = run_measured(baseline)
    assert out.split() == ["Y001", "too_many_nodes"]
    assert peak_mb < 100, f"peak {peak_mb} MB"
    assert peak_mb - ordinary_mb < 20, (
        f"the bomb cost {peak_mb - ordinary_mb} MB more than a dossier"
    )


def test_a_50_mb_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    result = findings(path)
    assert [(f[0], "50.0 MB" in f[4] and "5.0 MB" in f[4]) for f in result] == [("Y001", True)]
    assert opened == []


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text((EXAMPLES / "eligible.yaml").read_text("utf-8"), "utf-8")
    code, out = run("check", str(path), "--max-size", "1000", "-f", "json")
    assert code == 1 and json.loads(out)["dossiers"][0]["findings"][0]["code"] == "Y001"
    assert run("check", str(path), "--max-size", "1000000")[0] == 0


# --- 3. mutations (hypothesis), through dashi check's entry point ----------------


TEXTS = {path.name: path.read_text(encoding="utf-8") for path in EXAMPLE_FILES}
DATA = {name: yaml.safe_load(text) for name, text in TEXTS.items()}
MUTATION_SETTINGS = settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _check_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_bytes(data)
    code, out = run("check", str(path), *AS_OF, "-f", "json")
    assert code in (0, 1)
    document = json.loads(out)
    assert all(f["code"] and f["severity"] for d in document["dossiers"] for f in d["findings"])


def _mutate(name: str, choose: Any, replace: bool, new: Any) -> bytes:
    data = json.loads(json.dumps(DATA[name], default=str))
    paths = _paths(data)
    path = paths[choose(len(paths))]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if replace:
        parent[path[-1]] = new
    elif isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


@MUTATION_SETTINGS
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_deleted_keys(tmp_path: Path, name: str, data: st.DataObject) -> None:
    choose = lambda n: data.draw(st.integers(0, n - 1))  # noqa: E731
    _check_bytes(tmp_path, _mutate(name, choose, replace=False, new=None))


@MUTATION_SETTINGS
@given(st.sampled_from(sorted(TEXTS)), st.data(), VALUES)
def test_swapped_types(tmp_path: Path, name: str, data: st.DataObject, new: Any) -> None:
    choose = lambda n: data.draw(st.integers(0, n - 1))  # noqa: E731
    _check_bytes(tmp_path, _mutate(name, choose, replace=True, new=new))


@MUTATION_SETTINGS
@given(
    st.sampled_from(sorted(TEXTS)),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=10),
    st.floats(0, 1),
)
def test_flipped_and_truncated_bytes(
    tmp_path: Path, name: str, flips: list[tuple[float, int]], cut: float
) -> None:
    raw = bytearray(TEXTS[name].encode("utf-8"))
    for where, value in flips:
        raw[int(where * (len(raw) - 1))] = value
    _check_bytes(tmp_path, bytes(raw[: max(1, int(cut * len(raw)))]))


@MUTATION_SETTINGS
@given(st.sampled_from(sorted(TEXTS)), st.floats(0, 1), st.text(min_size=1, max_size=30))
def test_random_unicode(tmp_path: Path, name: str, where: float, inserted: str) -> None:
    text = TEXTS[name]
    at = int(where * len(text))
    _check_bytes(tmp_path, (text[:at] + inserted + text[at:]).encode("utf-8", "surrogatepass"))


# --- 4. personal data ------------------------------------------------------------

ID_BAD = "440201198003152314"  # wrong check character: F002 quotes it
ID_LEADER = "440201198003152313"
MOBILE = "13926300001"
PHONE_BAD = "1392630000"  # F005 quotes it
ACCOUNT_BAD = "44050170000000000001ABC"  # F009 quotes it
SECRETS = [ID_BAD, ID_LEADER, MOBILE, PHONE_BAD, "44050170000000000001", "440205199309182443"]


def _pii_dossiers(tmp_path: Path) -> list[Path]:
    text = (EXAMPLES / "eligible.yaml").read_text(encoding="utf-8")
    full = text.replace('mobile: "13926300001"', f'mobile: "{PHONE_BAD}"')
    full = full.replace('account: "44050170000000000001"', f'account: "{ACCOUNT_BAD}"')
    full = full.replace('id_number: "440205199309182443"', f'id_number: "{ID_LEADER}"')  # Q003
    full = full.replace("birth: 1980-03", f'birth: "{ID_BAD}"')  # Y002 quotes the value
    first = tmp_path / "a.yaml"
    first.write_text(full, encoding="utf-8")
    second = tmp_path / "b.yaml"  # the same leader: X001 quotes the ID
    second.write_text(text.replace('phone: "13926300002"', f'phone: "{MOBILE}"'), "utf-8")
    third = tmp_path / "c.yaml"
    third.write_text(text.replace(f'id_number: "{ID_LEADER}"', f'id_number: "{ID_BAD}"'), "utf-8")
    return [first, second, third]


def test_no_identifier_appears_unmasked_in_any_format(tmp_path: Path) -> None:
    paths = [str(p) for p in _pii_dossiers(tmp_path)]
    outputs = {}
    for fmt in ("table", "json", "jsonl", "csv"):
        for lang in ("zh", "en"):
            outputs[fmt, lang] = run("check", *paths, *AS_OF, "-f", fmt, "--lang", lang)[1]
    outputs["statistics"] = run("check", *paths, *AS_OF, "--statistics", "-f", "json")[1]
    codes = {
        f["code"] for d in json.loads(outputs["json", "zh"])["dossiers"] for f in d["findings"]
    }
    assert {"F002", "F005", "F009", "Q003", "X001", "Y002"} <= codes  # the numbers were quoted
    for name, out in outputs.items():
        for secret in SECRETS:
            assert secret not in out, (name, secret)
    shown = run("check", *paths, *AS_OF, "-f", "json", "--show-pii")[1]
    assert ID_BAD in shown and PHONE_BAD in shown and ACCOUNT_BAD in shown


# --- 5. forms officers type -----------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "2016-11-30",
        "2016/11/30",
        "2016.11.30",
        "2016年11月30日",
        "2016-11-30 ",
        "２０１６年１１月３０日",
    ],
)
def test_date_forms(tmp_path: Path, typed: str) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("issued_on: 2016-11-30", f'issued_on: "{typed}"'), "utf-8")
    assert not [f for f in findings(path) if f[0] == "Y002"]


@pytest.mark.parametrize(
    "typed", ["1980-03", "1980-3", "1980年3月", "1980.03", "1980/3", '"1980.03"']
)
def test_year_month_forms(tmp_path: Path, typed: str) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("birth: 1980-03", f"birth: {typed}"), "utf-8")
    result = findings(path)
    assert not [f for f in result if f[0] in ("Y002", "F003")]  # read, and it agrees with the ID


def test_year_month_1978_10_is_october(tmp_path: Path) -> None:
    text = (EXAMPLES / "annotated.yaml").read_text("utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("birth: 1978-05", "birth: 1978.10"), "utf-8")
    f003 = [f for f in findings(path) if f[0] == "F003"]
    assert f003 and "1978-10" in f003[0][4]  # not 1978-01: YAML's float 1978.1 keeps its text


@pytest.mark.parametrize("typed", ["2023-02-29", "2023/2/30", "2023年13月1日", "2023.04.31"])
def test_impossible_dates_are_y002_with_position(tmp_path: Path, typed: str) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("issued_on: 2016-11-30", f"issued_on: {typed}"), "utf-8")
    line = next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1) if typed in row)
    y002 = [f for f in findings(path) if f[0] == "Y002"]
    assert [(f[1], f[2]) for f in y002] == [("leader.certificate.issued_on", line)]
    assert y002[0][3] == len("    ") + 1  # the key, as output.md says


@pytest.mark.parametrize(
    ("field", "typed", "quiet"),
    [
        ("id_number", "44022219900621351x", True),  # lowercase x: normalised silently
        ("id_number", "440222 19900621 351X", True),  # inner spaces
        ("id_number", "４４０２２２１９９００６２１３５１Ｘ", False),  # full-width: Y005
    ],
)
def test_id_number_forms(tmp_path: Path, field: str, typed: str, quiet: bool) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(
        text.replace('id_number: "44022219900621351X"', f'id_number: "{typed}"'), "utf-8"
    )
    codes = [f[0] for f in findings(path)]
    assert "F002" not in codes and "F004" not in codes
    assert ("Y005" not in codes) is quiet


@pytest.mark.parametrize(
    "typed",
    [
        "0751 8876 502",
        "0751-8876-502",
        "(0751) 8876502",
        "139-2630-0001",
        "139 2630 0001",
        "+86 139 2630 0001",
    ],
)
def test_phone_forms(tmp_path: Path, typed: str) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("office_phone: 0751-8876502", f'office_phone: "{typed}"'), "utf-8")
    assert "F005" not in [f[0] for f in findings(path)]


# --- 6. CSV formulas --------------------------------------------------------------


def test_a_formula_in_a_studio_name_cannot_run_in_a_spreadsheet(tmp_path: Path) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    name = '=HYPERLINK("http://x")'
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("name: 李卫东电工技能大师工作室", f"name: '{name}'"), "utf-8")
    _code, out = run("check", str(path), *AS_OF, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row.values()]
    assert rows and all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert all(row["studio"].lstrip("\u200b") == name for row in rows)  # what a person reads
    assert all(row["studio"] == "\u200b" + name for row in rows)


# --- nothing is written to an input --------------------------------------------------


def test_inputs_are_never_written(tmp_path: Path) -> None:
    paths = _pii_dossiers(tmp_path)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    for fmt in ("table", "json", "jsonl", "csv"):
        run("check", str(tmp_path), *AS_OF, "-f", fmt)
    run("check", str(tmp_path), *AS_OF, "-o", str(tmp_path / "report.json"), "-f", "json")
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before


# --- regressions from the review of this issue ------------------------------------

SPACED_ID = "440201 19800315 2313"
DASHED_MOBILE = "139-2630-0001"
FULL_WIDTH_ID = "４４０２０１１９８００３１５２３１３"


def test_identifiers_with_separators_are_masked_everywhere(tmp_path: Path) -> None:
    text = (EXAMPLES / "eligible.yaml").read_text("utf-8")
    text = text.replace("district: 武江区", f'district: "{SPACED_ID}"')  # C002 quotes it
    text = text.replace("industry: 电子信息制造", f'industry: "{DASHED_MOBILE}"')  # I001 quotes it
    text = text.replace("gender: 男\n  ethnicity", f'gender: "{FULL_WIDTH_ID}"\n  ethnicity', 1)
    text = text.replace(
        "name: 李卫东电工技能大师工作室", f"name: 李卫东{SPACED_ID}工作室{DASHED_MOBILE}"
    )
    text = text.replace("schema_version: 1", f'schema_version: 1\n"{SPACED_ID}": 1')
    path = tmp_path / f"张三{SPACED_ID.replace(' ', '')}.yaml"
    path.write_text(text, encoding="utf-8")
    for fmt in ("table", "json", "jsonl", "csv"):
        _code, out = run("check", str(path), *AS_OF, "-f", fmt)
        flat = "".join(out.split()).replace("-", "")
        for secret in ("440201198003152313", "13926300001", "４４０２０１１９８００３１５２３１３"):
            assert secret not in flat, (fmt, secret)


def test_renewals_masks_rows_and_problems(tmp_path: Path) -> None:
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"name,leader,certified_on\n工作室{DASHED_MOBILE},张三,2022-01-01\nb,李四,{SPACED_ID}\n",
        encoding="utf-8",
    )
    for fmt in ("table", "json", "csv"):
        result = CliRunner().invoke(
            app, ["renewals", str(registry), "--as-of", "2027-01-01", "-f", fmt]
        )
        flat = "".join((result.stdout + result.stderr).split()).replace("-", "")
        assert "13926300001" not in flat and "440201198003152313" not in flat, fmt
        assert result.exit_code == 1  # the second row is a problem


def test_registries_in_chinese_encodings_are_read(tmp_path: Path) -> None:
    rows = "工作室名称,领办人,认定日期\n甲工作室,张甲,2022-04-27\n"
    for encoding in ("gbk", "gb18030", "utf-16", "utf-8-sig"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(rows.encode(encoding))
        result = CliRunner().invoke(
            app, ["renewals", str(path), "--as-of", "2027-01-01", "-f", "json"]
        )
        doc = json.loads(result.stdout)
        assert result.exit_code == 0 and doc["studios"][0]["name"] == "甲工作室", encoding
    dossier = tmp_path / "d.yaml"
    dossier.write_bytes((EXAMPLES / "annotated.yaml").read_text("utf-8").encode("gb18030"))
    result = CliRunner().invoke(
        app, ["renewals", str(dossier), "--as-of", "2027-01-01", "-f", "json"]
    )
    assert result.exit_code == 0 and len(json.loads(result.stdout)["studios"]) == 1


def test_utf32_is_read_as_utf32(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_bytes((EXAMPLES / "eligible.yaml").read_text("utf-8").encode("utf-32"))
    result = findings(path)
    assert [f for f in result if f[0] == "Y004" and "UTF-32" in f[4]]
    assert not [f for f in result if f[0] == "Y001"]


def test_a_bomb_of_long_strings_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    long = "x" * 100_000
    bomb = f"a: &a '{long}'\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcd", "bcde", strict=True)
    )
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "schema_version: *e\n? *e\n: 1\n", encoding="utf-8")
    out, peak_mb = check_measured(path)
    assert out.split() == ["Y001", "too_many_nodes"]
    assert peak_mb < 150, f"peak {peak_mb} MB"


@pytest.mark.parametrize(
    "name", ["＝1+1", "﹦1+1", " =1+1", "\u3000=1+1", "\n=1+1", "@SUM(A1)", "-2+3"]
)
def test_more_formula_forms_are_neutralised(name: str) -> None:
    from dashi_cli.reporters.csv import safe_cell

    assert str(safe_cell(name)).startswith("\u200b")
    assert safe_cell("李卫东工作室") == "李卫东工作室"
