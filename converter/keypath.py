"""Key paths into nested front matter, and their JSON Pointer (RFC 6901) spelling.

Comments, nulls and lowered types are all attached to a place in the front matter. A tuple of
keys and list indexes names that place in memory; a JSON Pointer names it inside the
`hugo_academic:` record, because a pointer survives every front matter format as a plain string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

KeyPath = tuple[str | int, ...]


def to_pointer(path: KeyPath) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def from_pointer(pointer: str, data: Any = None) -> KeyPath:
    """Parse a pointer; a segment is an int only where `data` shows it indexes a list."""
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    out: list[str | int] = []
    node = data
    for raw in pointer[1:].split("/"):
        seg = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and seg.isdigit():
            out.append(int(seg))
            node = node[int(seg)] if int(seg) < len(node) else None
        else:
            out.append(seg)
            node = node.get(seg) if isinstance(node, dict) else None
    return tuple(out)


def get_path(data: Any, path: KeyPath) -> Any:
    node = data
    for p in path:
        node = node[p]
    return node


def walk(data: Any, prefix: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every (path, value) below `data`, parents before children, in document order."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*prefix, k), v
            yield from walk(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield (*prefix, i), v
            yield from walk(v, (*prefix, i))
