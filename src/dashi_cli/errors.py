"""The one exception the library raises; only the CLI turns it into an exit code."""


class DashiError(Exception):
    """A usage problem (bad option value, unreadable rules pack, missing path): exit 2."""
