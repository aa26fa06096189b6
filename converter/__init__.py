"""academic-migrate: move a Hugo Academic site to Hugo YAML/TOML, Jekyll, Quarto or MkDocs.

Readers turn a site into one neutral model (`converter.model`); writers turn the model into a
plan of files (`converter.plan`), which is reported (`--dry-run`) or written atomically.

The names below are loaded when first used, not when the package is: the command line starts
by importing this package, and until it has set its own Ctrl-C handling (`converter.entry`),
an interrupt is Python's traceback.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from converter.api import Result, convert, read_site
    from converter.errors import ConversionError
    from converter.model import Page, Site
    from converter.roundtrip import roundtrip

__version__ = "0.1.0"

__all__ = [
    "ConversionError",
    "Page",
    "Result",
    "Site",
    "__version__",
    "convert",
    "read_site",
    "roundtrip",
]

_WHERE = {
    "ConversionError": "converter.errors",
    "Page": "converter.model",
    "Result": "converter.api",
    "Site": "converter.model",
    "convert": "converter.api",
    "read_site": "converter.api",
    "roundtrip": "converter.roundtrip",
}


class _Package(types.ModuleType):
    """The package, whose `roundtrip` stays the function whatever is imported when.

    Importing the submodule `converter.roundtrip` sets the package's attribute of that name to
    the submodule; with the names loaded eagerly, the function was assigned after it, and
    with them loaded lazily it would not be (`from converter import roundtrip` would give a
    module, depending on what some other import did first)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "roundtrip" and isinstance(value, types.ModuleType):
            value = value.roundtrip
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:  # also how `from converter import fieldmap` finds a submodule
        raise AttributeError(f"module 'converter' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
