"""Front matter codecs: detect, split, parse and write YAML, TOML and JSON front matter.

`load` gives plain data plus comments; `dump` writes them back in any format. Values a format
cannot hold are recorded under the keep-namespace by `lowering`, so that a trip through any
format gives the same data back, types included.

Each format is one codec with one `load` and one `dump`: `yamlcodec` and `tomlcodec`
(packages: the library path that defines the results, and the fast paths behind it that give
them for less) and `jsoncodec`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from converter.frontmatter import jsoncodec, lowering, tomlcodec, yamlcodec
from converter.frontmatter.comments import Comments
from converter.frontmatter.split import Split, detect, join, split

FORMATS = ("yaml", "toml", "json")

_LOAD: dict[str, Callable[[str], tuple[dict[str, Any], Comments]]] = {
    "yaml": yamlcodec.load,
    "toml": tomlcodec.load,
    "json": jsoncodec.load,
}
_DUMP: dict[str, Callable[[dict[str, Any], Comments | None], str]] = {
    "yaml": yamlcodec.dump,
    "toml": tomlcodec.dump,
    "json": jsoncodec.dump,
}


def load(fmt: str, text: str, warnings: list[str] | None = None) -> tuple[dict[str, Any], Comments]:
    """Parse front matter text of `fmt`; lowered values (nulls in TOML...) are lifted back.

    Problems that do not stop the page (a duplicate key, an impossible date kept as text) are
    appended to `warnings`, with their line in `text`.
    """
    if fmt == "yaml":
        data, comments = yamlcodec.load(text, warnings)
    else:
        data, comments = _LOAD[fmt](text)
    lowering.lift(data, comments)
    return data, comments


def dump(fmt: str, data: dict[str, Any], comments: Comments | None = None) -> str:
    """Front matter text for `data` in `fmt`, with what `fmt` cannot hold recorded, not lost."""
    return dump_dropping(fmt, data, comments, keep=True)[0]


def dump_lowered(fmt: str, data: dict[str, Any], comments: Comments | None = None) -> str:
    """`dump` of data `lowering.lower` already made for `fmt` and left as it was, written as it
    is (for YAML, lowering again would only copy it: `sidecar.split` writes a page and its
    record from one lowering)."""
    return _DUMP[fmt](data, comments)


def dump_dropping(
    fmt: str, data: dict[str, Any], comments: Comments | None = None, *, keep: bool = True
) -> tuple[str, list[str]]:
    """`dump`, and what `fmt` could not hold: kept under the keep-namespace, or with
    `keep=False` left out. Each is named by JSON pointer (`/url_pdf (null)`) for the report.
    """
    lowered, comments = lowering.lower(fmt, data, comments or Comments())
    affected = lowering.recorded(lowered, data, strip=not keep)
    return _DUMP[fmt](lowered, comments), affected


__all__ = ["FORMATS", "Comments", "Split", "detect", "dump", "join", "load", "split"]
