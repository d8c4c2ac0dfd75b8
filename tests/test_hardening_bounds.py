"""Issue 11, points 9 and 11: masking holds however a number is written; costs are bounded.

Point 9: identifiers are generated (valid GB 11643 ID numbers with their check
characters, mobiles, landlines with extensions, bank accounts) and written in
every form officers and their software produce: grouped with spaces, dashes,
dots, underscores, en dashes and `` - ``, in full-width, Arabic-Indic,
Devanagari and mathematical digits, with invisible characters inside, next to
text, letters, other digits and other identifiers. Through every output of
``check`` and ``renewals`` none appears unmasked, compared after the digits
are normalised and the separators dropped; ``--show-pii`` shows them all.

Point 11: the findings of one kind are capped per file, as Y002's are (the
first 200, then one that counts them all), and large files are read in linear
time and bounded memory. Times are not asserted (a shared machine's clock is
no test); memory only as a generous bound, in a fresh process.
"""

from __future__ import annotations

import csv
import io
import json
import random
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, run_measured
from dashi_cli.cli import app
from dashi_cli.engine import check_file
from dashi_cli.loading import MAX_OF_A_KIND, load_text
from dashi_cli.pack import Pack
from dashi_cli.privacy import mask, mask_text

AS_OF = ("--as-of", "2026-11-26")
AS_OF_DATE = date(2026, 11, 26)
ELIGIBLE = (EXAMPLES / "eligible.yaml").read_text("utf-8")

# --- 9. identifiers, generated -----------------------------------------------------------

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_REGIONS = ("440201", "440203", "440204", "440205", "440222", "440224", "440281", "440282")


def id_number(rng: random.Random, ending_x: bool = False) -> str:
    """A valid GB 11643 number (its check character computed), ending in X if asked."""
    while True:
        birth = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body = rng.choice(_REGIONS) + birth + f"{rng.randint(0, 999):03d}"
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
        if (check == "X") == ending_x:
            return body + check


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choices("0123456789", k=9))


def landline(rng: random.Random) -> str:
    area, length = rng.choice((("0751", 7), ("020", 8), ("0755", 8), ("0763", 7)))
    return area + rng.choice("2345678") + "".join(rng.choices("0123456789", k=length - 1))


def bank_account(rng: random.Random) -> str:
    length = rng.choice((16, 17, 19, 20))
    prefix = "62" if length < 20 else "4405"
    return prefix + "".join(rng.choices("0123456789", k=length - len(prefix)))


# the grouping each kind is written in, when it is grouped
GROUPING = {"id": (6, 8, 4), "mobile": (3, 4, 4), "bank": (4, 4, 4, 4, 4)}

SCRIPTS = {
    "ascii": 0x30,
    "full-width": 0xFF10,
    "arabic-indic": 0x0660,
    "extended arabic-indic": 0x06F0,
    "devanagari": 0x0966,
    "mathematical bold": 0x1D7CE,
    "mathematical double-struck": 0x1D7D8,
    "mathematical monospace": 0x1D7F6,
}
SEPARATORS = ("", " ", "-", ".", "_", "\u2013", " - ", "\uff0d", "\u00a0", "\u3000", "\u200b", "·")
X_FORMS = ("X", "x", "\uff38", "\uff58")


@dataclass(frozen=True)
class Form:
    text: str  # as written
    secrets: tuple[str, ...]  # the identifiers in it, as plain digits (and X)


def _in_script(digits: str, script: str) -> str:
    zero = SCRIPTS[script]
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in digits)


def _grouped(number: str, kind: str, separator: str) -> str:
    if kind == "landline":  # the area code, then the number
        area = 3 if number.startswith(("020", "010", "021")) else 4
        return number[:area] + separator + number[area:]
    parts, at = [], 0
    for size in GROUPING[kind]:
        if at < len(number):
            parts.append(number[at : at + size])
            at += size
    if at < len(number):
        parts.append(number[at:])
    return separator.join(parts)


def written(
    number: str, kind: str, separator: str, script: str, x_form: str = "X", ext: str = ""
) -> str:
    text = _grouped(number, kind, separator)
    text = _in_script(text.replace("X", x_form), script)
    return text + ext


# text around a number: before, after (and the identifier the "after" adds, if any)
def _neighbours(rng: random.Random) -> list[tuple[str, str, str | None]]:
    other = mobile(rng)
    return [
        ("", "", None),
        ("电话", "联系", None),
        ("身份证号：", "。", None),
        ("", "x", None),
        ("No.", "号", None),
        ("", " 2024", None),
        ("", "2024", None),
        ("2024", "", None),
        ("（", "）", None),
        ("张三", f" {other}", other),
        ("", f"，{other}", other),
    ]


def forms(seed: int = 11) -> list[Form]:
    """Every kind in every script with every separator, next to a rotation of neighbours;
    then the cases of the issue as written there."""
    rng = random.Random(seed)
    found: list[Form] = []
    neighbours = _neighbours(rng)
    turn = 0
    for kind in ("id", "id-x", "mobile", "landline", "bank"):
        for script in SCRIPTS:
            for separator in SEPARATORS:
                before, after, other = neighbours[turn % len(neighbours)]
                turn += 1
                x_form = X_FORMS[turn % len(X_FORMS)]
                ext = ""
                if kind in ("id", "id-x"):
                    number = id_number(rng, ending_x=kind == "id-x")
                    style = "id"
                elif kind == "mobile":
                    number, style = mobile(rng), "mobile"
                elif kind == "landline":
                    number, style = landline(rng), "landline"
                    ext = ("", "x801", "转8", "-16", "X12")[turn % 5]
                else:
                    number, style = bank_account(rng), "bank"
                text = written(number, style, separator, script, x_form, ext)
                secrets = (number,) if other is None else (number, other)
                found.append(Form(before + text + after, secrets))
    specials = [
        ("44020119800315231X 13900139000", ("44020119800315231X", "13900139000")),
        ("13900139000x", ("13900139000",)),
        ("0751-8876502x801", ("07518876502",)),
        ("139.0013.9000", ("13900139000",)),
        ("139_0013_9000", ("13900139000",)),
        ("139\u20130013\u20139000", ("13900139000",)),
        ("139 - 0013 - 9000", ("13900139000",)),
        ("\u0661\u0663\u0669\u0660\u0660\u0661\u0663\u0669\u0660\u0660\u0660", ("13900139000",)),
        ("𝟏𝟑𝟗𝟎𝟎𝟏𝟑𝟗𝟎𝟎𝟎", ("13900139000",)),
        ("+86 139 0013 9000", ("13900139000",)),
        ("+8613900139000", ("13900139000",)),
        ("(0751) 8876502", ("07518876502",)),
        ("440201 1980 03 15 2313", ("440201198003152313",)),
        ("13900139000 44020119800315231x", ("13900139000", "44020119800315231X")),
        ("6222 0212 3456 7890 123", ("6222021234567890123",)),
        (
            "1\ufe0f\u20e33\ufe0f\u20e39\ufe0f\u20e30\ufe0f\u20e30\ufe0f\u20e31\ufe0f\u20e3"
            "3\ufe0f\u20e39\ufe0f\u20e30\ufe0f\u20e30\ufe0f\u20e30\ufe0f\u20e3",
            ("13900139000",),
        ),
    ]
    found += [Form(text, secrets) for text, secrets in specials]
    return found


FORMS = forms()
SECRETS = sorted({secret for form in FORMS for secret in form.secrets})

_DROPPED_CATEGORIES = ("Zs", "Zl", "Zp", "Pd", "Cf", "Cc", "Mn", "Me")


def normalised(text: str) -> str:
    """Digits of any script as ASCII digits, X of any width as X; white space, dashes,
    dots, underscores, brackets and invisible characters dropped."""
    out = []
    for char in text:
        digit = unicodedata.digit(char, None)
        if digit is not None:
            out.append(str(digit))
        elif char in "xXｘＸ":
            out.append("X")
        elif unicodedata.category(char) in _DROPPED_CATEGORIES or char in "._·・()（）＿．−":
            continue
        else:
            out.append(char)
    return "".join(out)


def _leaks(text: str) -> list[str]:
    flat = normalised(text)
    return [secret for secret in SECRETS if secret in flat]


def _strings(value: Any) -> list[str]:
    """Every string in a JSON document, keys included (JSON may escape characters)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _texts(out: str, fmt: str) -> list[str]:
    """The output as written, and each of its values decoded."""
    texts = [out]
    if fmt == "json":
        texts += _strings(json.loads(out))
    elif fmt == "jsonl":
        texts += [
            s for line in out.splitlines() if line.strip() for s in _strings(json.loads(line))
        ]
    elif fmt == "csv":
        texts += [cell for row in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for cell in row]
    return texts


def run(*args: str) -> tuple[int, str]:
    """The CLI with a wide terminal (a table never wraps a number across lines)."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "3000"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout + "\n" + result.stderr


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's form, without escaping what YAML cannot read)."""
    return json.dumps(text, ensure_ascii=False)


def _dossiers(tmp_path: Path) -> list[Path]:
    """The forms as unknown keys (Y002 quotes each key and names it as its field), in
    studio names (every output names the studio), districts (C002 quotes the value)
    and file names; fewer than 200 problems a dossier, so that none is given up on."""
    paths = []
    per_file = 120
    for start in range(0, len(FORMS), per_file):
        chunk = FORMS[start : start + per_file]
        studio, district = _quoted(chunk[0].text + "工作室"), _quoted(chunk[1].text)
        text = ELIGIBLE.replace("name: 李卫东电工技能大师工作室", f"name: {studio}")
        text = text.replace("district: 武江区", f"district: {district}")
        text += "".join(f"{_quoted('备注' + form.text)}: 1\n" for form in chunk)
        name = "".join(c for c in chunk[2].text if c not in "/\\\x00") + f"-{start}.yaml"
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_every_written_form_is_masked_by_mask_text() -> None:
    leaks = [(form.text, _leaks(mask_text(form.text))) for form in FORMS]
    assert [leak for leak in leaks if leak[1]] == []


@pytest.mark.parametrize(
    "kept",
    [
        "2026-11-26",
        "2016-11-30 – 2021-11-29",
        "1980-03 2000-07",
        "GB 32100-2015",
        "GB/T 19000-2016",
        "粤人社规〔2022〕46号",
        "320 平方米，12 套",
        "members[12].certificate.issued_on",
        "评审日期 2024.05.10",
    ],
)
def test_dates_counts_and_standards_are_not_masked(kept: str) -> None:
    assert mask_text(kept) == kept


def test_mask_shows_no_more_of_a_number_however_it_is_written() -> None:
    number = "13900139000"
    for script in SCRIPTS:
        for separator in SEPARATORS:
            typed = written(number, "mobile", separator, script)
            assert mask("phone", typed) == "139****9000", typed
    assert mask("phone", "0751-8876502x801") == "075****6502"
    assert mask("phone", "+86 139 0013 9000") == "139****9000"
    assert mask("id_number", written("44020119800315231X", "id", ".", "arabic-indic")) == (
        "440201********231X"
    )
    assert mask(
        "bank_account", written("6222021234567890123", "bank", "_", "mathematical bold")
    ) == ("****0123")


def test_no_identifier_appears_unmasked_in_any_output_of_check(tmp_path: Path) -> None:
    paths = [str(p) for p in _dossiers(tmp_path)]
    outputs: dict[str, list[str]] = {}
    for fmt in ("table", "json", "jsonl", "csv"):
        for lang in ("zh", "en"):
            code, out = run("check", *paths, *AS_OF, "-f", fmt, "--lang", lang)
            assert code == 1, out[-2000:]
            outputs[f"{fmt} {lang}"] = _texts(out, fmt)
    for fmt in ("table", "json", "csv"):
        outputs[f"summary {fmt}"] = _texts(
            run("check", *paths, *AS_OF, "--summary", "-f", fmt)[1], fmt
        )
        outputs[f"statistics {fmt}"] = _texts(
            run("check", *paths, *AS_OF, "--statistics", "-f", fmt)[1], fmt
        )
    document = json.loads(outputs["json zh"][0].rsplit("\n", 1)[0])
    quoted = [f for d in document["dossiers"] for f in d["findings"] if "备注" in f["message"]]
    assert len(quoted) == len(FORMS)  # every form was quoted, as a key (masked)
    leaks = {name: sorted({s for t in texts for s in _leaks(t)}) for name, texts in outputs.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    shown = run("check", *paths, *AS_OF, "-f", "json", "--show-pii")[1]
    assert _leaks(shown) == SECRETS  # every one, as written


def test_no_identifier_appears_unmasked_in_renewals(tmp_path: Path) -> None:
    registry = tmp_path / "名册.csv"
    rows = ["name,leader,certified_on"]
    for index, form in enumerate(FORMS):
        cell = form.text.replace('"', "'")
        if index % 7 == 0:  # a row that is a problem: its date is a number
            rows.append(f'"{cell}工作室","{cell}","{cell}"')
        else:
            rows.append(f'"{cell}工作室","{cell}",2022-0{index % 9 + 1}-1{index % 9}')
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "d").mkdir()
    dossiers = [str(p) for p in _dossiers(tmp_path / "d")]  # renewals reads dossiers too
    for fmt in ("table", "json", "csv"):
        for lang in ("zh", "en"):
            args = ("renewals", str(registry), *dossiers, "--as-of", "2027-01-01")
            code, out = run(*args, "-f", fmt, "--lang", lang)
            assert code == 1, out[-2000:]  # the problem rows
            found = sorted({s for t in _texts(out, fmt) for s in _leaks(t)})
            assert found == [], (fmt, lang)
    code, shown = run(
        "renewals", str(registry), "--as-of", "2027-01-01", "-f", "json", "--show-pii"
    )
    assert _leaks(shown) == SECRETS


# --- 11. bounded cost -----------------------------------------------------------------------

_CLI_JSON = (
    "import sys; from dashi_cli.cli import app; "
    "sys.argv = ['dashi', 'check', {path!r}, '--as-of', '2026-11-26', '-f', 'json']\n"
    "try:\n    app()\nexcept SystemExit:\n    pass"
)
LIMIT_MB = 400  # generous: either file takes about half of it


def _check_measured(path: Path) -> tuple[list[dict[str, Any]], int]:
    """``dashi check FILE -f json`` in a fresh process: the findings and the peak MB."""
    out, peak_mb = run_measured(_CLI_JSON.format(path=str(path)))
    (dossier,) = json.loads(out)["dossiers"]
    return dossier["findings"], peak_mb


def _count(findings: list[dict[str, Any]], code: str) -> int:
    return sum(1 for f in findings if f["code"] == code)


def test_99000_duplicate_keys_are_listed_200_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "dups.yaml"
    path.write_text("a: 1\n" * 99_000, encoding="utf-8")  # 495 KB
    findings, peak_mb = _check_measured(path)
    assert _count(findings, "Y003") == MAX_OF_A_KIND
    (more,) = [f for f in findings if f["code"] == "Y002"]
    assert "98999" in more["message"] and more["line"] is None  # all of them, counted
    assert len(findings) == MAX_OF_A_KIND + 1  # nothing else checked, as for Y002's own cap
    assert peak_mb < LIMIT_MB, f"peak {peak_mb} MB"


def _members(count: int, member: str) -> str:
    head, _, rest = ELIGIBLE.partition("members:")
    _, _, tail = rest.partition("\nprojects:")
    return head + "members:\n" + member * count + "\nprojects:" + tail


def test_40000_members_are_checked_with_each_kind_capped(tmp_path: Path) -> None:
    path = tmp_path / "members.yaml"
    member = '  - {name: 成员, id_number: "440203198811071629", skill_level: 技师}\n'
    path.write_text(_members(40_000, member), encoding="utf-8")
    findings, peak_mb = _check_measured(path)
    for code in ("Q003", "Q004"):  # one person listed 40,000 times, no certificate
        assert _count(findings, code) == MAX_OF_A_KIND + 1, code
    assert len(findings) < 10 * MAX_OF_A_KIND
    assert peak_mb < LIMIT_MB, f"peak {peak_mb} MB"


def test_the_last_of_a_capped_kind_counts_them_all(tmp_path: Path, pack: Pack) -> None:
    path = tmp_path / "members.yaml"
    path.write_text(_members(1_000, '  - {id_number: "440203198811071629"}\n'), encoding="utf-8")
    result = check_file(path, pack, AS_OF_DATE)
    q003 = [f for f in result.findings if f.code == "Q003"]
    assert len(q003) == MAX_OF_A_KIND + 1
    (more,) = [f for f in q003 if f.variant == "too_many"]  # 999 repeats; first, as Y002
    assert more.params["count"] == 999 and more.params["listed"] == MAX_OF_A_KIND
    assert more.field is None and more.line is None


@pytest.mark.parametrize(
    ("what", "text", "listed"),
    [
        (
            "duplicate keys in a member",
            "".join("  - {name: a, name: b}\n" for _ in range(900)),
            "Y003",
        ),
        (
            "a key under both its names",
            "".join("  - {姓名: a, name: b}\n" for _ in range(900)),
            "Y003",
        ),
        ("unknown tags", "".join(f"  - !!foo {i}\n" for i in range(900)), "Y002"),
    ],
)
def test_problems_met_while_reading_are_capped(
    tmp_path: Path, pack: Pack, what: str, text: str, listed: str
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(_members(1, "").replace("members:\n", "members:\n" + text), encoding="utf-8")
    result = check_file(path, pack, AS_OF_DATE)
    assert sum(1 for f in result.findings if f.code == listed) <= MAX_OF_A_KIND + 1, what
    (more,) = [f for f in result.findings if f.variant == "too_many"]
    assert more.code == "Y002" and more.params["count"] == 900, what
    assert len(result.findings) == MAX_OF_A_KIND + 1, what  # nothing else checked


def test_positions_are_found_in_a_mapping_of_many_keys() -> None:
    keys = 50_000
    loaded = load_text("<<: {m: 1}\n" + "".join(f"k{i}: {i}\n" for i in range(keys)))
    for i in range(0, keys, 997):  # each looked up without walking the mapping
        where = loaded.key_position((f"k{i}",))
        assert where is not None and where.line == i + 2
    merged = loaded.key_position(("m",))
    assert merged is not None and merged.line == 1
