"""Tables that never lose data (issue 13, acceptance 4).

At 40, 60 and 80 columns, every studio name, leader name and file path of the examples
and of a registry appears whole on one line of ``dashi check``, ``dashi check
--summary`` and ``dashi renewals``, in Chinese and in English: a table whose columns
cannot hold them becomes a stacked list (one block per record, ``label: value``). No
line ends in a space, a table never overflows the width, and a waived finding shows
in its group, marked, with its waiver under its message.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from dashi_cli.findings import CheckReport, DossierResult, Finding, Severity, Waiver, freeze
from dashi_cli.pack import Pack
from dashi_cli.reporters import ReportOptions, reporter_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.yaml"))
WIDTHS = (40, 60, 80)
BOX = tuple("┏┃┡│└")

# a registry of long names in a file with a long name, beside the checked-in ones
LONG_REGISTRY = {
    "studios": [
        {
            "name": "韶关市曲江区张建华数控加工技能大师工作室",
            "applicant": "韶关市示例精密机械有限公司",
            "leader": "欧阳建华",
            "certified_on": date(2023, 5, 20),
        },
        {
            "name": "Shaoguan-Precision-Machining-Skill-Master-Studio",
            "applicant": "韶关市示例技工学校",
            "leader": "司马卫东",
            "certified_on": date(2022, 6, 1),
        },
    ]
}


def dashi(*args: str, columns: int | None) -> str:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("COLUMNS", None)
    env.pop("FORCE_COLOR", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run(
        [sys.executable, "-m", "dashi_cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("registry")
    path = folder / "certified-skill-master-studios-of-shaoguan.yaml"
    path.write_text(yaml.safe_dump(LONG_REGISTRY, allow_unicode=True), "utf-8")
    return str(path)


def _examples_names() -> tuple[set[str], set[str]]:
    studios, leaders = set(), set()
    for example in EXAMPLES:
        document = yaml.safe_load((ROOT / example).read_text("utf-8"))
        studios.add(document["studio"]["name"])
        leaders.add(document["leader"]["name"])
    return studios, leaders


def _assert_whole(out: str, values: set[str], where: str) -> None:
    lines = out.splitlines()
    assert values
    for value in values:
        assert any(value in line for line in lines), f"{where}: {value!r} is broken:\n{out}"


def _assert_tidy(out: str, width: int, where: str) -> None:
    for line in out.splitlines():
        assert line == line.rstrip(), f"{where}: a line ends in spaces: {line!r}"
        if line.startswith(BOX):
            assert cell_len(line) <= width, f"{where}: a table wider than {width}: {line}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_check_keeps_names_and_paths_whole(width: int, lang: str) -> None:
    studios, leaders = _examples_names()
    args = ("check", *EXAMPLES, "--as-of", "2026-11-26", "--lang", lang)
    out = dashi(*args, columns=width)
    summary = dashi(*args, "--summary", columns=width)
    _assert_whole(out, studios | leaders | set(EXAMPLES), f"check at {width}")
    _assert_whole(summary, studios | set(EXAMPLES), f"check --summary at {width}")
    _assert_tidy(out, width, f"check at {width}")
    _assert_tidy(summary, width, f"check --summary at {width}")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_renewals_keeps_names_and_paths_whole(width: int, lang: str, registry: str) -> None:
    args = ("renewals", "tests/data", "examples", registry, "--as-of", "2027-04-27")
    document = json.loads(dashi(*args, "-f", "json", columns=None))
    # rows from several files: the table has a source column
    assert len({row["source"].rsplit(":", 1)[0] for row in document["studios"]}) > 1
    expected = {row["name"] for row in document["studios"]}
    expected |= {row["leader"] for row in document["studios"]}
    expected |= {Path(row["source"]).name for row in document["studios"]}  # the table's source
    expected |= {problem["source"] for problem in document["problems"]}  # a file not read
    assert {s["name"] for s in LONG_REGISTRY["studios"]} <= expected
    out = dashi(*args, "--lang", lang, columns=width)
    _assert_whole(out, expected, f"renewals at {width}")
    _assert_tidy(out, width, f"renewals at {width}")


def test_a_wide_terminal_still_gets_tables() -> None:
    out = dashi("check", *EXAMPLES, "--as-of", "2026-11-26", "--summary", columns=130)
    assert "┃ 序号 ┃ 工作室" in out
    _assert_whole(out, set(EXAMPLES), "check --summary at 130")
    narrow = dashi("check", *EXAMPLES, "--as-of", "2026-11-26", "--summary", columns=60)
    assert not any(line.startswith(BOX) for line in narrow.splitlines())
    block = "序号：7\n工作室：李卫东电工技能大师工作室\n文件：examples/ineligible-training.yaml\n"
    assert block in narrow


def test_piped_output_is_not_padded() -> None:
    """In a pipe without COLUMNS: rich's 80 columns, and still nothing padded or broken."""
    out = dashi("check", *EXAMPLES, "--as-of", "2026-11-26", columns=None)
    _assert_whole(out, set(EXAMPLES), "piped check")
    _assert_tidy(out, 80, "piped check")
    assert "汇总\n" in out and "\n错误 (3)\n" in out  # headings are not padded


# --- waived findings ----------------------------------------------------------------

WAIVER = Waiver("已补交原件", "王科长", date(2025, 4, 20), date(2026, 12, 31))


def _waived_report() -> CheckReport:
    findings = (
        Finding(
            "F007",
            Severity.WARNING,
            "附件",
            "applicant.contact.email",
            32,
            5,
            "default",
            freeze({"value": "jiaowu@example"}),
            waiver=WAIVER,
        ),
        Finding("F001", Severity.ERROR, "附件", None, None, None, "default", freeze({"count": 1})),
    )
    result = DossierResult("examples/ineligible-form.yaml", "李卫东电工技能大师工作室", findings)
    return CheckReport(date(2026, 11, 26), (result,))


def _table(pack: Pack, lang: str) -> str:
    out = io.StringIO()
    options = ReportOptions(pack=pack, lang=lang)  # type: ignore[arg-type]
    reporter_for("table", options).write(_waived_report(), out)
    return out.getvalue()


@pytest.mark.parametrize("width", [120, 40])
def test_a_waived_finding_is_shown_marked(
    pack: Pack, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    zh = _table(pack, "zh")
    lines = zh.splitlines()
    flat = "".join(zh.split())  # a paragraph may be broken at 40: compared without spaces
    assert "警告 (1)" in zh and "F007" in zh  # in its group
    assert "已豁免：已补交原件（王科长，2025-04-20，有效期至2026-12-31）" in flat
    verdict = flat[flat.index("结论：") :]
    assert "警告0项" in verdict and "，已豁免1项（不计入结论）" in verdict
    message = next(i for i, line in enumerate(lines) if "jiaowu@example" in line)
    note = next(i for i, line in enumerate(lines) if "已豁免：" in line)
    assert note == message + 1  # the waiver under the message
    if width == 40:  # stacked: one block, the note under the message
        assert "  代码：F007" in zh and not any(line.startswith(BOX) for line in lines)
    else:
        assert any(line.startswith("│ F007") for line in lines)
    en = " ".join(line.strip().strip("│").strip() for line in _table(pack, "en").splitlines())
    assert "waived: 已补交原件 (王科长, 2025-04-20, until 2026-12-31)" in en
    assert "; 1 waived (not counted)" in en


def test_statistics_mention_the_waived(pack: Pack) -> None:
    out = io.StringIO()
    options = ReportOptions(pack=pack)
    reporter_for("table", options, statistics=True).write(_waived_report(), out)
    text = out.getvalue()
    assert "F001" in text and "F007" not in text  # a waived finding is not counted
    assert "已豁免 1 项（不计入结论）" in text


def test_trimmed_lines_keep_colours_and_drop_spaces() -> None:
    from dashi_cli.output import TrimmedLines

    out = io.StringIO()
    stream = TrimmedLines(out)
    stream.write("\x1b[1m汇总   \x1b[0m  \nkept  inside\n" + "x" + " " * 200_000 + "\n")
    stream.write("no newline yet  ")
    assert out.getvalue() == "\x1b[1m汇总\x1b[0m\nkept  inside\nx\n"
    stream.flush()
    assert out.getvalue().endswith("no newline yet  ")
