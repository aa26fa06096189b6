"""Field mapping: tables as data (`table`), named transforms (`transforms`), and the engine
that applies a table and undoes it (`engine`)."""

from converter.fieldmap.engine import Forward, Inverse, forward, inverse, single_targets
from converter.fieldmap.table import MappingError, Rule, Table, load
from converter.fieldmap.transforms import MISSING, TRANSFORMS, Context, context_for

__all__ = [
    "MISSING",
    "TRANSFORMS",
    "Context",
    "Forward",
    "Inverse",
    "MappingError",
    "Rule",
    "Table",
    "context_for",
    "forward",
    "inverse",
    "load",
    "single_targets",
]
