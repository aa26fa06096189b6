"""Bounds on what one page's front matter may cost to read.

A migration tool is run on whatever a user's site holds, files from strangers included. Real
Academic front matter is a few kilobytes, a handful of levels deep, with at most a few YAML
anchors; these limits sit far above that and far below what would exhaust memory, time or the
Python stack (a YAML alias bomb expands to billions of nodes from a few hundred bytes; a page of
`[[[[...` overflows any recursive parser). A page over a limit is reported, with its line, and
the rest of the site converted.
"""

from __future__ import annotations

from typing import Any

from converter.errors import FrontMatterError

# Deeper than this is refused. tomlkit refuses more than 100 levels itself, so one number
# holds for every format; go-yaml (Hugo) stops at 10000, but nothing real comes near 100.
MAX_DEPTH = 100
# Values after expanding YAML aliases (each alias counts its whole target again).
MAX_NODES = 100_000
# Characters of front matter text (the body is not limited here; see the readers' page size).
MAX_TEXT = 1 << 20


def check_text(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise FrontMatterError(
            f"front matter is {len(text):,} characters, over the limit of {MAX_TEXT:,}; "
            "not read (is this a data file saved as a page?)",
            line=1,
        )


def too_deep(line: int | None = None) -> FrontMatterError:
    return FrontMatterError(
        f"front matter is nested more than {MAX_DEPTH} levels deep; not read", line=line
    )


def check_depth(data: Any) -> None:
    """Refuse data nested deeper than `MAX_DEPTH`, without recursing (the point is the stack)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise too_deep()
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
