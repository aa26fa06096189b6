"""TOML front matter written as the reference path (`_roundtrip.dump`, through tomlkit) writes
it, byte for byte, without building a tomlkit document.

tomlkit builds an item, a container entry and a validation pass for every value, and renders
the whole document again at the end: about 2 ms a page, most of what a conversion to TOML
costs. Front matter is plain data, and for the shapes it takes the output is a short set of
rules, read off tomlkit's own code (`item`, `SingleKey`, `escape_string`, `Container.append`):

- `key = value`, keys bare when made of ASCII letters, digits, `-` and `_`, else in double
  quotes with tomlkit's escapes; strings always basic (`"..."`), escaped as tomlkit escapes;
  integers and floats as `str()` gives them; datetimes as `isoformat()` with `+00:00` as `Z`;
- a map among plain keys as dotted keys (`image.caption = ""`); the trailing run of maps as
  `[tables]`, with a blank line before a header unless a blank comment line already stands
  there, and lists of maps as `[[arrays of tables]]` (a blank line before each element);
- a list holding a map over several lines, two spaces in, a comma after every element;
- comments (`Comments`) as `_roundtrip._Writer` places them: their lines before the key, the
  inline one after the value with `# ` added when missing.

Anything else (a table inside a table, an array of tables with comments, comments inside an
inline value, times, a comment over several lines, other types) raises `Fallback`, and tomlkit
writes the page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.keypath import KeyPath

_BARE = re.compile(r"[A-Za-z0-9_-]+\Z")
# tomlkit's `escape_string`: the control characters, `"` and `\`; short escapes where TOML
# has them, else \uXXXX in lower-case hex
_ESCAPED = re.compile('[\x00-\x1f\x7f"\\\\]')
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _SHORT.get(ch) or f"\\u{ord(ch):04x}"


def _string(text: str) -> str:
    return '"' + _ESCAPED.sub(_escape_char, text) + '"'


def _key(key: Any) -> str:
    if type(key) is not str:
        raise Fallback
    return key if _BARE.match(key) else _string(key)


def _inline(value: Any) -> str:
    """A value on its key's line, as tomlkit's `item` renders it (maps as inline tables)."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return str(value)
    if kind is dt.datetime:
        return str(value.isoformat().replace("+00:00", "Z"))
    if kind is dt.date:
        return str(value.isoformat())
    if kind is list:
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if kind is dict:
        if not value:
            return "{}"
        return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"
    raise Fallback  # times (tomlkit's own format), None (lowering removed it), anything else


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and bool(value)


def _is_aot(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_table(v) for v in value)


class _Container:
    """What tomlkit's Container.append looks at when a table or array of tables is added:
    whether anything is in it yet, and whether its last item is a blank line."""

    def __init__(self) -> None:
        self.empty = True
        self.blank_last = False


class _Writer:
    def __init__(self, comments: Comments, out: list[str]) -> None:
        self.before_of = comments.before
        self.inline_of = comments.inline
        self.out = out
        # every path a comment hangs on, and each of its ancestors: "is anything below here"
        self.under: set[KeyPath] = set()
        for path in [*comments.before, *comments.inline]:
            for n in range(len(path)):
                self.under.add(path[:n])

    def before(self, box: _Container, path: KeyPath) -> None:
        for line in self.before_of.get(path, ()):
            if "\n" in line or "\r" in line:
                raise Fallback
            self.out.append(line + "\n")
            box.empty = False
            box.blank_last = line == ""

    def comment_after(self, path: KeyPath) -> str:
        c = self.inline_of.get(path)
        if not c:
            return ""
        if "\n" in c or "\r" in c:
            raise Fallback
        return " " + (c if c.strip().startswith("#") else "# " + c)

    def fill(self, box: _Container, data: dict[str, Any], prefix: KeyPath, name: str) -> None:
        """`_roundtrip._Writer.fill`: the plain keys, then the trailing maps as tables (named
        under `name`, the enclosing table's header) and lists of maps as arrays of tables."""
        keys = list(data)
        start = len(keys)
        while start > 0 and (_is_table(data[keys[start - 1]]) or _is_aot(data[keys[start - 1]])):
            start -= 1
        for key in keys[:start]:
            self.scalar(box, [key], data[key], (*prefix, key))
        for key in keys[start:]:
            value, path = data[key], (*prefix, key)
            full = f"{name}.{_key(key)}" if name else _key(key)
            if _is_table(value):
                self.before(box, path)
                lead = "\n" if not box.empty and not box.blank_last else ""
                if all(_is_table(v) or _is_aot(v) for v in value.values()):
                    # a super table ([a.b] with nothing of a's own): no header of its own
                    if path in self.under or path in self.inline_of:
                        raise Fallback  # its comments: tomlkit's own rules
                    self.out.append(lead)
                else:
                    self.out.append(f"{lead}[{full}]{self.comment_after(path)}\n")
                self.fill(_Container(), value, path, full)
            else:
                if path in self.under or path in self.before_of or path in self.inline_of:
                    raise Fallback  # comments around an array of tables: tomlkit's own rules
                for i, element in enumerate(value):
                    lead = "\n" if i or (not box.empty and not box.blank_last) else ""
                    self.out.append(f"{lead}[[{full}]]\n")
                    self.fill(_Container(), element, (*path, i), full)
            box.empty = False
            box.blank_last = False

    def scalar(self, box: _Container, keys: list[str], value: Any, path: KeyPath) -> None:
        if _is_table(value):  # a map among plain keys: dotted keys, in place
            self.before(box, path)
            for k, v in value.items():
                self.scalar(box, [*keys, k], v, (*path, k))
            return
        if path in self.under:
            raise Fallback  # comments inside the value (an array's elements' lines)
        self.before(box, path)
        if isinstance(value, list) and any(isinstance(v, dict) for v in value):
            text = "[\n" + "".join(f"  {_inline(v)},\n" for v in value) + "]"
        else:
            text = _inline(value)
        name = ".".join(_key(k) for k in keys)
        self.out.append(f"{name} = {text}{self.comment_after(path)}\n")
        box.empty = False
        box.blank_last = False


def dump(data: dict[str, Any], comments: Comments | None = None) -> str:
    """The TOML text `_roundtrip.dump` gives for `data` and `comments`, or raise `Fallback`."""
    comments = comments or Comments()
    out: list[str] = []
    writer = _Writer(comments, out)
    try:
        writer.fill(_Container(), data, (), "")
    except RecursionError:
        raise Fallback from None
    for c in comments.trailing:
        if "\n" in c or "\r" in c:
            raise Fallback
        out.append(c + "\n")
    text = "".join(out)
    return text if text.endswith("\n") or not text else text + "\n"
