"""Loading: bytes on disk → plain Python data with the position of every key and value."""

from dashi_cli.loading.yamlpos import Limits, Loaded, Position, load_bytes, load_file, load_text

__all__ = ["Limits", "Loaded", "Position", "load_bytes", "load_file", "load_text"]
