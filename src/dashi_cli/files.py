"""Finding the files in a folder that dashi reads."""

from __future__ import annotations

from pathlib import Path


def files_in(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files below folder with one of the suffixes, sorted; hidden files and
    folders (.git, .venv, …) are left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in suffixes
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    )
