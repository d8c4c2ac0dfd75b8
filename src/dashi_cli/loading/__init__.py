"""Loading: bytes on disk → plain Python data with the position of every key and value."""

from dashi_cli.loading.yamlpos import (
    MAX_OF_A_KIND,
    Limits,
    Loaded,
    Position,
    collector_paused,
    load_bytes,
    load_file,
    load_text,
    too_many,
)

__all__ = [
    "MAX_OF_A_KIND",
    "Limits",
    "Loaded",
    "Position",
    "collector_paused",
    "load_bytes",
    "load_file",
    "load_text",
    "too_many",
]
