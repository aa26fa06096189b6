"""academic-migrate: move a Hugo Academic site to Hugo YAML/TOML, Jekyll, Quarto or MkDocs.

Readers turn a site into one neutral model (`converter.model`); writers turn the model into a
plan of files (`converter.plan`), which is reported (`--dry-run`) or written atomically.
"""

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
