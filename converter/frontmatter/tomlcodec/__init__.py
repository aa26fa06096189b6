"""TOML front matter: `load` and `dump`, and nothing else to know from outside.

The results are defined by tomlkit (`_roundtrip`): its values, its bytes, comments placed at
the key they annotate, maps among plain keys written as dotted keys so that key order is kept.
tomlkit builds a document of items for every value and is slow, so each direction first tries
a fast path that gives the same result for the shapes front matter takes, or declines
(`Fallback`) and leaves the text to tomlkit:

    load: tomllib's values, comments found by line (_fast_load)  ->  declined: tomlkit
    dump: tomlkit's rules for plain shapes (_fast_emit)           ->  declined: tomlkit

tests/test_codec_toml.py holds both fast paths to tomlkit's results, byte for byte, on every
front matter of the fixtures, the corpora, a synthetic site and generated data, naming the
library release when they part.
"""

from __future__ import annotations

from typing import Any

from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.tomlcodec import _fast_emit, _fast_load, _roundtrip

__all__ = ["dump", "load"]


def load(text: str) -> tuple[dict[str, Any], Comments]:
    """Plain data and comments of TOML front matter `text` (`FrontMatterError` if invalid)."""
    try:
        return _fast_load.load(text)
    except Fallback:
        return _roundtrip.load(text)


def dump(data: dict[str, Any], comments: Comments | None = None) -> str:
    """TOML text for `data` (already free of nulls: see `lowering`), comments at their keys."""
    try:
        return _fast_emit.dump(data, comments)
    except Fallback:
        return _roundtrip.dump(data, comments)
