"""The ``dashi`` executable's first step (``[project.scripts]``, ``python -m dashi_cli``).

Before anything else is imported, the cyclic garbage collector is told to wait:
setting up (typer, pydantic, rich, dashi's modules and models, the rules pack)
makes some 100,000 objects that live as long as the run and next to no garbage,
and at its default pace the collector walks them again and again: 33 times in a
one-dossier check, about 8 ms by its own clock. :func:`dashi_cli.cli.main`
keeps that pace until set-up is done, then freezes what was made and sets the
pace for checking (:func:`dashi_cli.cli._settled`). Importing :mod:`dashi_cli` or its API changes
nothing of the collector: only the executable does this.
"""

import gc

SETTING_UP = 1_000_000  # objects made before the collector first looks: set-up only


def run() -> None:
    """The ``dashi`` command (:func:`dashi_cli.cli.run`), with the collector waiting."""
    gc.set_threshold(SETTING_UP, 20, 20)
    from dashi_cli.cli import run as cli_run

    cli_run()
