"""Make data fit a front matter format, and undo it on reading.

TOML has no null; JSON has no dates; YAML has no time of day. Rather than lose such values (as
`hugo convert` drops nulls and turns dates into strings), we write what the format can hold and
record the rest under the keep-namespace, by JSON pointer:

    hugo_academic:
      nulls: {"/url_pdf": 12}            # position in the parent, so key order comes back
      types: {"/date": date}             # written as ISO text, restored to this type

A null key's comments stay visible, above the next key that is written, and its record says
how many of those lines are its own (`{at: 12, lines: 2, on: /url_code}`), so reading the
page back gives each comment its key again. With no later key, they go in the record.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from typing import Any

from converter.errors import ConversionError
from converter.frontmatter.comments import Comments
from converter.frontmatter.values import lexical, parse_lexical, type_name
from converter.keep import KEEP_KEY
from converter.keypath import KeyPath, from_pointer, to_pointer

CAPABILITIES: dict[str, dict[str, bool]] = {
    "yaml": {"null": True, "date": True, "time": False, "keys": True},
    "toml": {"null": False, "date": True, "time": True, "keys": False},
    "json": {"null": True, "date": False, "time": False, "keys": False},
}


def lower(fmt: str, data: dict[str, Any], comments: Comments) -> tuple[dict[str, Any], Comments]:
    """A copy of `data` that `fmt` can hold, with the difference recorded under KEEP_KEY."""
    if fmt == "yaml":
        try:  # nothing to lower (no time of day): the copy the walk below would make
            return _plain_copy(data), comments.copy()
        except _Declined:
            pass
    caps = CAPABILITIES[fmt]
    comments = comments.copy()
    nulls: dict[str, Any] = {}
    types: dict[str, str] = {}
    keys: dict[str, str] = {}  # a key that is not text (YAML's `1:`), written as text

    def visit(value: Any, path: KeyPath) -> Any:
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            held: list[tuple[str, list[str]]] = []  # nulls whose comments wait for a key
            for i, (k, v) in enumerate(value.items()):
                if not isinstance(k, str) and not caps["keys"]:
                    text = key_text(k)
                    if text in value or text in out:
                        where = to_pointer(path) or "/"
                        raise ConversionError(
                            f"front matter {where}: keys {k!r} and {text!r} would be one key "
                            f"in {fmt.upper()}, whose keys are all text"
                        )
                    # (its comments stay where they are: they go by the key's text)
                    keys[to_pointer((*path, text))] = type_name(k)
                    k = text
                p = (*path, k)
                if v is None and not caps["null"]:
                    pointer = to_pointer(p)
                    nulls[pointer] = _null_record(i, p, comments)
                    lines = _null_lines(nulls[pointer])
                    if lines:
                        held.append((pointer, lines))
                    continue
                if held:
                    moved: list[str] = []
                    for pointer, lines in held:
                        record = nulls[pointer]
                        nulls[pointer] = {
                            "at": record["at"],
                            "lines": len(lines),
                            "on": to_pointer(p),
                        }
                        if "inline" in record:
                            nulls[pointer]["inline"] = True
                        moved.extend(lines)
                    comments.before[p] = moved + comments.before.get(p, [])
                    held = []
                out[k] = visit(v, p)
            return out
        if isinstance(value, list):
            items = []
            for i, v in enumerate(value):
                p = (*path, i)
                if v is None and not caps["null"]:
                    nulls[to_pointer(p)] = _null_record(i, p, comments)
                    continue
                items.append(visit(v, p))
            return items
        if isinstance(value, (dt.datetime, dt.date)):
            if not caps["date"]:
                types[to_pointer(path)] = type_name(value)
                return lexical(value)
        elif isinstance(value, dt.time) and not caps["time"]:
            types[to_pointer(path)] = "time"
            return lexical(value)
        return value

    lowered = visit(data, ())
    if nulls or types or keys:
        record = dict(lowered.get(KEEP_KEY) or {})
        if nulls:
            record["nulls"] = nulls
        if types:
            record["types"] = types
        if keys:
            record["keys"] = keys
        lowered[KEEP_KEY] = record
    return lowered, comments


class _Declined(Exception):
    """A value `_plain_copy` leaves to `lower`'s walk."""


def _plain_copy(value: Any) -> Any:
    """What `lower("yaml", ...)` makes of data that holds no time of day (and no container
    but plain dicts and lists): the containers anew, the rest shared. Else `_Declined`.
    A walk of exact types, without `lower`'s bookkeeping per key (pointers, comments)."""
    kind = type(value)
    if kind is dict:
        return {k: _plain_copy(v) for k, v in value.items()}
    if kind is list:
        return [_plain_copy(v) for v in value]
    if isinstance(value, (dict, list, dt.time)):
        raise _Declined
    return value


def key_text(key: Any) -> str:
    """A key that is not text as TOML and JSON must write it: as YAML spells it (Hugo makes
    every key a string too)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return lexical(key)


def _parse_key(kind: str, text: str) -> Any:
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool" and text in ("true", "false"):
        return text == "true"
    if kind == "null" and text == "null":
        return None
    return parse_lexical(kind, text)  # a date, datetime or time; ValueError for the rest


def _null_lines(record: Any) -> list[str]:
    if not isinstance(record, dict):
        return []
    return [*record.get("before", []), *([record["inline"]] if "inline" in record else [])]


def recorded(lowered: dict[str, Any], original: dict[str, Any], strip: bool) -> list[str]:
    """What `lower` recorded under KEEP_KEY, by pointer; with `strip`, remove it (--no-keep)."""
    record = lowered.get(KEEP_KEY)
    if not isinstance(record, dict) or record is original.get(KEEP_KEY):
        return []
    nulls = record.get("nulls") or {}
    types = record.get("types") or {}
    keys = record.get("keys") or {}
    names = [f"{p} (null)" for p in nulls]
    names += [f"{p} ({kind}, written as text)" for p, kind in types.items()]
    names += [f"{p} ({kind} key, written as text)" for p, kind in keys.items()]
    if strip:
        record.pop("nulls", None)
        record.pop("types", None)
        record.pop("keys", None)
        if not record:
            del lowered[KEEP_KEY]
    return names


def _null_record(index: int, path: KeyPath, comments: Comments) -> Any:
    before, inline = comments.pop(path)
    if not before and inline is None:
        return index
    record: dict[str, Any] = {"at": index}
    if before:
        record["before"] = before
    if inline is not None:
        record["inline"] = inline
    return record


def lift(data: dict[str, Any], comments: Comments) -> dict[str, Any]:
    """Undo `lower` in place: restore recorded nulls (at their position) and typed values."""
    record = data.get(KEEP_KEY)
    if not isinstance(record, dict) or not ({"nulls", "types", "keys"} & record.keys()):
        return data
    record = dict(record)
    types = record.pop("types", None) or {}
    nulls = record.pop("nulls", None) or {}
    keys = record.pop("keys", None) or {}
    if record:
        data[KEEP_KEY] = record
    else:
        del data[KEEP_KEY]
    for pointer, kind in types.items():
        path = from_pointer(pointer, data)
        parent = _parent(data, path)
        if parent is not None:
            # a value the user edited in the target no longer parses: their text wins
            with contextlib.suppress(ValueError, KeyError, IndexError, TypeError):
                parent[path[-1]] = parse_lexical(kind, parent[path[-1]])
    # restore shallow paths first, and within a parent in ascending position
    entries = []
    for pointer, rec in nulls.items():
        at = rec if isinstance(rec, int) else rec.get("at", 0)
        entries.append((pointer.count("/"), at, pointer, rec))
    for _, at, pointer, rec in sorted(entries, key=lambda e: (e[0], e[1])):
        segments = from_pointer(pointer, data)
        parent = _parent(data, segments)
        key = segments[-1]
        if isinstance(parent, dict) and key in parent:
            continue  # given a value in the page since it was written: the page wins
        if isinstance(parent, dict):
            items = list(parent.items())
            items.insert(min(at, len(items)), (key, None))
            parent.clear()
            parent.update(items)
        elif isinstance(parent, list):
            parent.insert(min(int(key), len(parent)), None)
        else:
            continue
        if isinstance(rec, dict) and "on" in rec:
            holder = from_pointer(rec["on"], data)
            block = comments.before.get(holder, [])
            mine, rest = block[: rec.get("lines", 0)], block[rec.get("lines", 0) :]
            if rest:
                comments.before[holder] = rest
            else:
                comments.before.pop(holder, None)
            if rec.get("inline") is True and mine:
                comments.inline[segments] = mine.pop()
            if mine:
                comments.before[segments] = mine
        elif isinstance(rec, dict):
            if rec.get("before"):
                comments.before[segments] = list(rec["before"])
            if rec.get("inline"):
                comments.inline[segments] = rec["inline"]
    # keys last, as every pointer above names them as written; the deepest first
    for pointer, kind in sorted(keys.items(), key=lambda e: -e[0].count("/")):
        segments = from_pointer(pointer, data)
        parent = _parent(data, segments)
        text = segments[-1]
        if not isinstance(parent, dict) or text not in parent:
            continue
        try:
            key = _parse_key(kind, str(text))
        except ValueError:
            continue  # edited in the target into something else: the user's text wins
        items = [(key if k == text else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
    return data


def _parent(data: Any, path: KeyPath) -> Any:
    node = data
    for p in path[:-1]:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def deep_copy(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)
