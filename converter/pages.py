"""Decode a page file and parse its front matter: the I/O edge shared by every reader.

Each failure becomes a `ConversionError` naming the line, so a reader can report the page and
go on with the rest of the site.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from converter import frontmatter as fm
from converter.errors import EncodingError
from converter.frontmatter.comments import Comments
from converter.frontmatter.split import Split
from converter.keypath import KeyPath


@dataclass
class ParsedPage:
    split: Split
    data: dict[str, Any]
    comments: Comments
    text: str
    warnings: list[str]


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise EncodingError(
            f"not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); "
            "re-save the file as UTF-8",
            line=line,
        ) from None


def parse_page(raw: bytes) -> ParsedPage:
    text = decode(raw)
    parts = fm.split(text)
    if parts.format is None:
        return ParsedPage(parts, {}, Comments(), text, [])
    fm_line = parts.prefix.count("\n") + (2 if parts.format != "json" else 1)
    warnings: list[str] = []
    try:
        data, comments = fm.load(parts.format, parts.text, warnings)
    except EncodingError:
        raise
    except Exception as e:
        from converter.errors import ConversionError, FrontMatterError

        if isinstance(e, ConversionError):
            line = e.line + fm_line - 1 if e.line is not None else fm_line
            raise FrontMatterError(e.message, line=line) from None
        raise FrontMatterError(f"cannot read front matter: {e}", line=fm_line) from None
    shifted = [_shift_line(w, fm_line - 1) for w in warnings]
    share_keys(data)
    share_texts(comments)
    return ParsedPage(parts, data, comments, text, shifted)


def share_keys(data: dict[str, Any]) -> None:
    """One string object per distinct key, across the pages a process reads: a site's pages
    repeat the same few dozen field names (`title`, `authors`, `url_pdf`), and the parsers
    make each anew, a tenth of a read page's memory. In place, so a map that appears twice
    (a YAML alias) stays one map; before the page is digested (`Page.snapshot`), so the
    digest sees the keys as they stay."""
    intern = sys.intern
    todo: list[Any] = [data]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        kind = type(node)
        if kind is dict:
            if id(node) in seen:
                continue
            seen.add(id(node))
            items = list(node.items())
            if any(type(k) is str and k is not intern(k) for k, _ in items):
                node.clear()
                node.update((intern(k) if type(k) is str else k, v) for k, v in items)
            todo += [v for _, v in items if type(v) in (dict, list)]
        elif kind is list:
            if id(node) in seen:
                continue
            seen.add(id(node))
            todo += [v for v in node if type(v) in (dict, list)]


def share_texts(comments: Comments) -> None:
    """One string object per distinct comment line, across the pages a process reads.

    The pages of a site made from one archetype repeat its comment lines (`# Caption
    (optional)`) page after page: a third of a read page's strings on the real-site replica.
    Shared, they are held once, and a batch of pages sent back by a reading worker carries
    each once (pickle writes an object it has written before as a reference). Only comment
    texts: the fields are digested by pickle (`model.fields_digest`), where which strings are
    one object shows, so their strings stay as the parsers made them."""
    intern = sys.intern
    before = comments.before
    for lines in before.values():
        lines[:] = map(intern, lines)
    inline = comments.inline
    for path, note in inline.items():
        inline[path] = intern(note)
    comments.trailing[:] = map(intern, comments.trailing)
    # the key paths too: one tuple per distinct path, its keys the fields' own (share_keys)
    if before:
        comments.before = {_path(p): lines for p, lines in before.items()}
    if inline:
        comments.inline = {_path(p): note for p, note in inline.items()}


_PATHS: dict[KeyPath, KeyPath] = {}


def _path(path: KeyPath) -> KeyPath:
    shared = _PATHS.get(path)
    if shared is None:
        shared = tuple(sys.intern(k) if type(k) is str else k for k in path)
        if len(_PATHS) < 100_000:  # a bound, for a process that reads many sites
            _PATHS[shared] = shared
    return shared


def _shift_line(warning: str, offset: int) -> str:
    """Warnings say `line N` of the front matter text; make N a line of the file."""
    if warning.startswith("line "):
        number, _, rest = warning[5:].partition(":")
        if number.isdigit():
            return f"line {int(number) + offset}:{rest}"
    return warning
