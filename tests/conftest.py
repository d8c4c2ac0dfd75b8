from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

from dashi_cli.pack import Pack, load_pack

# The holiday cache goes to a folder of the test run, never the user's ~/.cache.
os.environ["DASHI_CACHE_DIR"] = tempfile.mkdtemp(prefix="dashi-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = date(2026, 11, 26)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()
