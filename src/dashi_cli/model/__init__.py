"""Model: the dossier format v1 as pydantic models, and schema problems as Y002."""

from dashi_cli.model.dossier import Dossier, YearMonth
from dashi_cli.model.validate import Modelled, build_dossier

__all__ = ["Dossier", "Modelled", "YearMonth", "build_dossier"]
