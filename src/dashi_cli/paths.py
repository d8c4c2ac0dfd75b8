"""Field paths: tuples inside the program, dotted strings (``members[1].name``) outside."""

from __future__ import annotations

import re
from functools import lru_cache

PathPart = str | int
Path_ = tuple[PathPart, ...]

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@lru_cache(maxsize=4096)
def parse(text: str) -> Path_:
    parts: list[PathPart] = []
    for name, index in _TOKEN.findall(text):
        parts.append(int(index) if index else name)
    return tuple(parts)
