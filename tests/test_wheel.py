"""The rules pack travels inside the wheel (issue 2, acceptance 2).

`pip install .` (not editable) into a fresh virtual environment, then
`dashi check <repo>/examples/eligible.yaml` from another directory.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import EXAMPLES, ROOT


def test_non_editable_install_carries_the_pack(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("dashi_cli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "dashi_cli/rules/shaoguan-2022.yaml" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(env_dir / "bin" / "dashi"), "check", str(EXAMPLES / "eligible.yaml")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "符合认定条件" in done.stdout
    # the installed package reads its own pack, not the checkout's
    where = subprocess.run(
        [str(python), "-c", "import dashi_cli.pack as p; print(p.bundled_pack_path())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where
