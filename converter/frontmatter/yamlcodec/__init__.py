"""YAML front matter: `load` and `dump`, and nothing else to know from outside.

The results are defined by ruamel.yaml (`_roundtrip`): its values (YAML 1.2), its bytes with
our representer, comments placed at the key they annotate (`_comments`) and strings quoted
where a YAML 1.1 reader would retype them (`_style`). ruamel is pure Python and slow, so each
direction first tries a fast path that gives the same result for the shapes front matter
takes, or declines (`Fallback`) and leaves the text to ruamel:

    load: libyaml, one walk (_fast_load)  ->  declined: ruamel constructs (_roundtrip), from
          nodes libyaml composes (_libyaml) or, where the two could read differently, ruamel's
    dump: plain rules (_fast_emit)        ->  declined: ruamel's emitter (_roundtrip.dump)

tests/test_codec_yaml.py holds every fast path to ruamel's results, byte for byte, on every
front matter of the fixtures, the corpora, a synthetic site and generated data, naming the
library release when they part.
"""

from __future__ import annotations

from typing import Any

from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.yamlcodec import _comments, _fast_emit, _fast_load, _roundtrip
from converter.keypath import KeyPath

__all__ = ["dump", "load"]


def load(text: str, warnings: list[str] | None = None) -> tuple[dict[str, Any], Comments]:
    """Plain data and comments of YAML front matter `text`.

    Problems that do not stop the page (a duplicate key, an impossible date kept as text) are
    appended to `warnings`, with their line in `text`; what does stop it raises
    `FrontMatterError`.
    """
    warnings = warnings if warnings is not None else []
    try:
        return _fast_load.load(text, warnings)
    except Fallback:
        return _roundtrip.load(text, warnings)


def dump(data: dict[str, Any], comments: Comments | None = None) -> str:
    """YAML text for `data`, with each comment placed at the key it annotates."""
    # with comments to place, the fast emitter records each key path's line as it writes it
    lines: dict[KeyPath, int] = {}
    try:
        text = _fast_emit.dump(data, lines if comments else None)
    except Fallback:
        return _roundtrip.dump(data, comments)
    return _comments.insert(text, comments, lines) if comments else text
