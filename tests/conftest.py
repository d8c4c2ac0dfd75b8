from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashi_cli.pack import Pack, load_pack

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = date(2026, 11, 26)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()
