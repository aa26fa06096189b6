"""TOML front matter through tomlkit: the reference path, whose results define the format.

tomlkit keeps comments and whitespace; we read values with it and collect each comment at the
key it annotates, and write through a tomlkit document with the comments placed back.

TOML forces plain keys before tables, so a map that sits between scalars (an `image:` block in
the middle of a YAML page) cannot become a `[table]` without moving. We write such maps as dotted
keys (`image.caption = ""`), which TOML 1.0 allows anywhere and which can carry comments, and
only the trailing run of maps as `[tables]` and `[[arrays of tables]]`: key order is kept.
TOML has no null; `lowering` records nulls before we get here. The fast paths (`_fast_load`,
`_fast_emit`) give these results for less; tests/test_codec_toml.py holds them to it.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import ParseError, TOMLKitError
from tomlkit.items import AoT, Comment, Item, Table, Trivia, Whitespace

from converter.errors import FrontMatterError
from converter.frontmatter import limits
from converter.frontmatter.comments import Comments
from converter.frontmatter.values import plain
from converter.keypath import KeyPath


def load(text: str) -> tuple[dict[str, Any], Comments]:
    """Plain data and comments of TOML front matter `text`, as tomlkit reads it."""
    limits.check_text(text)
    try:
        doc = tomlkit.parse(text)
        data = plain(doc.unwrap())
        limits.check_depth(data)  # tomlkit stops arrays at 100 levels; dotted keys it does not
    except ParseError as e:
        message = str(e).rsplit(" at line", 1)[0]
        raise FrontMatterError(f"invalid TOML front matter: {message}", line=e.line) from None
    except (TOMLKitError, ValueError, TypeError) as e:
        raise FrontMatterError(f"invalid TOML front matter: {e}") from None
    except RecursionError:
        raise limits.too_deep() from None
    comments = Comments()
    pending: list[str] = []
    _collect(doc, (), comments, pending)
    while pending and pending[-1] == "":
        pending.pop()
    comments.trailing = pending
    return data, comments


def _collect(container: Container, prefix: KeyPath, comments: Comments, pending: list[str]) -> None:
    dotted_seen: set[KeyPath] = set()
    for key, item in container.body:
        if key is None:
            if isinstance(item, Comment):
                pending.append(item.as_string().strip())
            elif isinstance(item, Whitespace):
                pending.extend([""] * item.as_string().count("\n"))
            continue
        path: KeyPath = (*prefix, *_key_parts(key))
        if isinstance(item, (Table, AoT)) and not key.is_dotted():
            while pending and pending[-1] == "":  # tomlkit's own blank line before a header
                pending.pop()
        if key.is_dotted() and path in dotted_seen:
            pass  # a later line of a dotted map: its comments belong to the key on that line
        elif pending:
            comments.before.setdefault(path, []).extend(pending)
            pending.clear()
        if key.is_dotted():
            dotted_seen.add(path)
        if isinstance(item, tomlkit.items.Array):
            _collect_array(item, path, comments)
        comment = item.trivia.comment.strip()
        if comment:
            comments.inline[path] = comment
        if isinstance(item, Table):
            _collect(item.value, path, comments, pending)
        elif isinstance(item, AoT):
            for i, table in enumerate(item.body):
                el: KeyPath = (*path, i)
                if pending:
                    comments.before.setdefault(el, []).extend(pending)
                    pending.clear()
                _collect(table.value, el, comments, pending)
        if isinstance(item, (Table, AoT)):
            continue
        trail = item.trivia.trail
        if trail.count("\n") > 1:
            pending.extend([""] * (trail.count("\n") - 1))


def _collect_array(array: tomlkit.items.Array, path: KeyPath, comments: Comments) -> None:
    """Comments on the lines of a multi-line array, by element.

    tomlkit exposes these only through its private `_value` groups; if that ever changes we
    lose array comments from TOML input (the values are unaffected), never crash.
    """
    try:
        groups = list(array._value)
    except AttributeError:
        return
    index = -1
    pending: list[str] = []
    for group in groups:
        try:
            parts = list(group)
        except TypeError:
            continue
        has_value = any(not isinstance(x, (Whitespace, Comment, tomlkit.items.Null)) for x in parts)
        comment = next((x.trivia.comment.strip() for x in parts if isinstance(x, Comment)), None)
        if has_value:
            index += 1
            if pending:
                comments.before.setdefault((*path, index), []).extend(pending)
                pending = []
            if comment:
                element: KeyPath = (*path, index)
                comments.inline[element] = comment
        elif comment:
            pending.append(comment)
    if pending:
        comments.before.setdefault((*path, max(index, 0)), []).extend(pending)


def _key_parts(key: Any) -> tuple[str, ...]:
    return tuple(k.key for k in key) if getattr(key, "is_dotted", lambda: False)() else (key.key,)


def _comment(text: str) -> Comment:
    return Comment(Trivia(comment_ws="", comment=text, trail="\n"))


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and bool(value)


def _is_aot(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_table(v) for v in value)


class _Writer:
    def __init__(self, comments: Comments):
        self.comments = comments

    def before(self, container: Container | Table, path: KeyPath, also_below: bool) -> None:
        lines = list(self.comments.before.get(path, []))
        if also_below:  # comments inside an inline value have nowhere else to go
            for p, block in self.comments.before.items():
                if len(p) > len(path) and p[: len(path)] == path:
                    lines.extend(c for c in block if c)
            for p, c in self.comments.inline.items():
                if len(p) > len(path) and p[: len(path)] == path:
                    lines.append(c)
        for c in lines:
            container.add(_comment(c) if c else tomlkit.nl())

    def inline(self, item: Item, path: KeyPath) -> None:
        c = self.comments.inline.get(path)
        if c:
            item.comment(c)

    def _has_below(self, path: KeyPath) -> bool:
        n = len(path)
        return any(
            len(p) > n and p[:n] == path for p in [*self.comments.before, *self.comments.inline]
        )

    def _below(self, path: KeyPath) -> list[str]:
        """Every comment at or below `path`, as lines: all an inline value can carry."""
        n = len(path)
        lines: list[str] = []
        for p in dict.fromkeys([*self.comments.before, *self.comments.inline]):
            if p[:n] == path:
                lines.extend(c for c in self.comments.before.get(p, []) if c)
                if p != path and p in self.comments.inline:
                    lines.append(self.comments.inline[p])
        return lines

    def array(self, value: list[Any], path: KeyPath) -> tomlkit.items.Array:
        """A multi-line array whose lines carry the comments of its elements."""
        array = tomlkit.array()
        for i, element in enumerate(value):
            for c in self._below((*path, i)):
                array.add_line(comment="-", indent="  ")
                _set_last_comment(array, c)
            inline = self.comments.inline.get((*path, i))
            array.add_line(_inline(element), indent="  ", comment="-" if inline else None)
            if inline:
                _set_last_comment(array, inline)
        array.add_line(indent="")
        return array

    def fill(self, container: Container | Table, data: dict[str, Any], prefix: KeyPath) -> None:
        keys = list(data)
        start = len(keys)
        while start > 0 and (_is_table(data[keys[start - 1]]) or _is_aot(data[keys[start - 1]])):
            start -= 1
        for key in keys[:start]:
            self.scalar(container, [key], data[key], (*prefix, key))
        for key in keys[start:]:
            value, path = data[key], (*prefix, key)
            if _is_table(value):
                self.before(container, path, False)
                table = tomlkit.table()
                self.inline(table, path)
                self.fill(table, value, path)
                container.add(key, table)
            else:
                self.before(container, (*path, 0), False)
                self.before(container, path, False)
                aot = tomlkit.aot()
                for i, element in enumerate(value):
                    table = tomlkit.table()
                    self.fill(table, element, (*path, i))
                    if i + 1 < len(value):
                        self.before(table, (*path, i + 1), False)
                    aot.append(table)
                container.add(key, aot)

    def scalar(
        self, container: Container | Table, keys: list[str], value: Any, path: KeyPath
    ) -> None:
        if _is_table(value):  # a map among scalars: dotted keys keep its place and its comments
            self.before(container, path, False)
            for k, v in value.items():
                self.scalar(container, [*keys, k], v, (*path, k))
            return
        if (
            isinstance(value, list)
            and value
            and (any(isinstance(v, dict) for v in value) or self._has_below(path))
        ):
            self.before(container, path, False)
            item: Item = self.array(value, path)
        else:
            self.before(container, path, True)
            item = _inline(value)
        self.inline(item, path)
        container.add(tomlkit.key(keys) if len(keys) > 1 else keys[0], item)


def _set_last_comment(array: tomlkit.items.Array, text: str) -> None:
    """Give the comment just added its exact text (tomlkit's add_line forces a '# ' prefix)."""
    for group in reversed(array._value):
        for part in group:
            if isinstance(part, Comment):
                part.trivia.comment = text
                return


def _inline(value: Any) -> Item:
    """A value that must stay on its key's line: maps become inline tables, at any depth."""
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table.append(k, _inline(v))
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for v in value:
            array.append(_inline(v))
        return array
    item: Item = tomlkit.item(value)
    return item


def dump(data: dict[str, Any], comments: Comments | None = None) -> str:
    """TOML text for `data` (already free of nulls) through a tomlkit document, comments at
    their keys."""
    comments = comments or Comments()
    doc = tomlkit.document()
    _Writer(comments).fill(doc, data, ())
    for c in comments.trailing:
        doc.add(_comment(c) if c else tomlkit.nl())
    text = doc.as_string()
    return text if text.endswith("\n") or not text else text + "\n"
