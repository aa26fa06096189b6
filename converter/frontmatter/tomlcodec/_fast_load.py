"""TOML front matter of plain lines read without tomlkit: the values and comments the reference
path (`_roundtrip.load`) gives.

tomlkit parses in pure Python, keeping every byte of layout for a round trip we do not need:
the values are what the standard library's `tomllib` reads (the same TOML 1.0; `plain` makes
the types the same), and the comments of front matter made of plain lines (`key = value` with
a bare key, `[table]` and `[[array of tables]]` with a bare name, comment and blank lines) are
found by line. Anything else (dotted or quoted keys, `[a.b]`, a comment after `[[name]]`,
values over several lines, text tomllib refuses) raises `Fallback`, and tomlkit reads the
page, with its error messages.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from converter.frontmatter import limits
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.tomlcodec import _fast_values
from converter.frontmatter.values import plain
from converter.keypath import KeyPath

# A line of the plain TOML front matter takes: `key = value` with a bare key, a `[table]` with
# a bare name, a comment, a blank line (and `[[name]]`, below). Anything else (dotted or quoted
# keys, `[a.b]`, values over several lines) is tomlkit's to read.
_KEY_LINE = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*)\Z")
try:  # the standard library's TOML reader, from Python 3.11 (on 3.10 tomlkit reads every page)
    _TOMLLIB: Any = importlib.import_module("tomllib")
except ImportError:
    _TOMLLIB = None
_HEADER_LINE = re.compile(r"[ \t]*\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\][ \t]*(#.*)?\Z")
# `[[name]]` with a bare name and no comment (tomlkit drops a comment there: left to it)
_AOT_LINE = re.compile(r"[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\][ \t]*\Z")


# a complete one-line string, as `_scan` reads one (a `\` escapes the next character in `"`)
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")


def _value_and_comment(rest: str) -> str | None:
    """The comment after a one-line value (None if there is none); raise `Fallback` for a
    value that goes on past its line (an open bracket or a multi-line string).

    Most values have no `#` at all: with no triple quote either, their strings taken out
    leave no quote (each ended on its line) and as many brackets closed as opened, there is
    nothing to find, and `_scan`'s loop over every character would find nothing."""
    if "#" not in rest and '"""' not in rest and "'''" not in rest:
        bare = _STRING.sub("", rest)
        opened = bare.count("[") + bare.count("{")
        if '"' not in bare and "'" not in bare and opened == bare.count("]") + bare.count("}"):
            return None
    return _scan(rest)


def _scan(rest: str) -> str | None:
    """`_value_and_comment`, character by character."""
    i, n, depth = 0, len(rest), 0
    while i < n:
        c = rest[i]
        if c == '"' or c == "'":
            if rest.startswith(c * 3, i):
                raise Fallback
            j = i + 1
            while j < n and rest[j] != c:
                j += 2 if c == '"' and rest[j] == "\\" else 1
            if j >= n:
                raise Fallback
            i = j + 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "#":
            if depth:
                raise Fallback
            return rest[i:].strip()
        i += 1
    if depth:
        raise Fallback
    return None


def _array_table(
    line: str, table: KeyPath, headers: set[str], pending: list[str]
) -> tuple[KeyPath, KeyPath]:
    """For a `[[name]]` line: the path its comment lines go to and the table its keys go in,
    as `_roundtrip._collect` has them. The first element of the array takes the lines before
    it at the array's path (blank lines just before dropped, as before a `[table]`); a later
    one, at the element's, blank lines kept (tomlkit's lines between the elements). Raise
    `Fallback` for any other line, or an array whose elements another header separates."""
    m = _AOT_LINE.match(line)
    if not m:
        raise Fallback
    name = m.group(1)
    if len(table) == 2 and table[0] == name and isinstance(table[1], int):
        element: KeyPath = (name, table[1] + 1)
        return element, element
    if name in headers:
        raise Fallback
    headers.add(name)
    while pending and pending[-1] == "":
        pending.pop()
    return (name,), (name, 0)


def load(text: str) -> tuple[dict[str, Any], Comments]:
    """`_roundtrip.load` for front matter of plain lines, or raise `Fallback`: the data as
    tomllib reads it (the same TOML 1.0 values; `plain` makes the types the same), and the
    comments where `_roundtrip._collect` puts them: the comment and blank lines before a key
    or table, the comment after its value or header, the blank lines before a header dropped
    (tomlkit writes its own), and what follows the last key.

    The values of usual lines are read here (`_fast_values`) as the lines are walked for
    their comments; at the first line whose value or place is not a usual one, `tomllib`
    reads the whole text instead, as it did every text before."""
    limits.check_text(text)  # the reference path's first check, with its message
    if _TOMLLIB is None:
        raise Fallback  # Python 3.10: tomlkit reads every page (the values are tomllib's)
    comments = Comments()
    pending: list[str] = []
    table: KeyPath = ()
    headers: set[str] = set()  # the names of the tables and arrays of tables so far
    # the values read so far, while every line is a usual one (None: tomllib reads the text)
    data: dict[str, Any] | None = {} if _fast_values.ILLEGAL.search(text) is None else None
    into = data  # the table the next key goes in
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            pending.append("")
            if data is not None and line.strip(" \t"):
                data = None  # a blank line to Python, not to TOML (a no-break space)
            continue
        if stripped.startswith("#"):
            pending.append(stripped)
            if data is not None and not line.lstrip(" \t").startswith("#"):
                data = None
            continue
        m = _KEY_LINE.match(line)
        if m:
            path: KeyPath = (*table, m.group(1))
            read = _fast_values.value(m.group(2)) if data is not None else None
            if read is None:
                data = None
                inline = _value_and_comment(m.group(2))
            else:
                value, inline = read
                if into is None or m.group(1) in into:  # (into: None only with data)
                    data = None  # a key given twice: tomllib says what is wrong
                else:
                    into[m.group(1)] = value
        elif m := _HEADER_LINE.match(line):
            if m.group(1) in headers:
                raise Fallback
            headers.add(m.group(1))
            table = path = (m.group(1),)
            inline = m.group(2).strip() if m.group(2) else None
            while pending and pending[-1] == "":
                pending.pop()
            if data is not None:
                into = _table(data, m.group(1))
                data = data if into is not None else None
        else:
            path, table = _array_table(line, table, headers, pending)
            inline = None
            if data is not None:
                into = _element(data, table)
                data = data if into is not None else None
        if pending:
            comments.before.setdefault(path, []).extend(pending)
            pending = []
        if inline:
            comments.inline[path] = inline
    if data is None:
        data = _by_tomllib(text)
    while pending and pending[-1] == "":
        pending.pop()
    comments.trailing = pending
    return data, comments


def _table(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The new table `[name]` in `data`; None where tomllib refuses it (a key of that name)."""
    if name in data:
        return None
    table: dict[str, Any] = {}
    data[name] = table
    return table


def _element(data: dict[str, Any], where: KeyPath) -> dict[str, Any] | None:
    """The new element `where` = (name, index) of an array of tables; None where tomllib
    refuses it (a first `[[name]]` where a key or table of that name is)."""
    name, index = where
    element: dict[str, Any] = {}
    if index == 0:
        if name in data:
            return None
        data[str(name)] = [element]
        return element
    elements = data.get(str(name))
    if not isinstance(elements, list) or len(elements) != index:
        return None
    elements.append(element)
    return element


def _by_tomllib(text: str) -> dict[str, Any]:
    """The values of `text` as tomllib reads them, or `Fallback` (tomlkit then says what is
    wrong, with its line)."""
    try:
        data: dict[str, Any] = plain(_TOMLLIB.loads(text))
        limits.check_depth(data)
    except Exception:
        raise Fallback from None
    return data
