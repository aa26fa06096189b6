"""Where the comments of YAML front matter belong, read from and written to key lines.

ruamel's round-trip mode hangs each comment on the key *above* it; a migration wants it on the
key it annotates (the comment line above `title:` is about the title). Reading: a run of
comment lines belongs above the next key, a `# x` after a value to that key, given each key's
line (from the composed nodes, `scan`, or from the one-walk reader). Writing: each comment is
put back at its key's line in the text just written (from the fast emitter's record, or from
composing that text again).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from converter.frontmatter.comments import Comments
from converter.frontmatter.values import plain
from converter.keypath import KeyPath


class KeyPos(NamedTuple):
    path: KeyPath
    line: int
    scan_from: int  # column after which an inline comment may start


def scan(node: Node) -> tuple[list[KeyPos], set[int]]:
    """Key lines (block context only) and the lines inside multi-line scalars or flow nodes."""
    keys: list[KeyPos] = []
    protected: set[int] = set()

    def protect(n: Node) -> None:
        start, end = n.start_mark, n.end_mark
        last = end.line if end.column > 0 else end.line - 1
        protected.update(range(start.line + 1, last + 1))

    def value_scan_from(key_node: Node, value: Node) -> int:
        if value.start_mark.line != key_node.start_mark.line:
            return int(key_node.end_mark.column)
        if value.end_mark.line == value.start_mark.line:
            return int(value.end_mark.column)
        # a block scalar header (`|-`) or a flow collection opening on the key's line
        return int(value.start_mark.column) + 1

    def visit(n: Node, path: KeyPath) -> None:
        if isinstance(n, MappingNode) and not n.flow_style:
            for k, v in n.value:
                key = plain(k.value) if isinstance(k, ScalarNode) else str(k.value)
                p = (*path, key)
                keys.append(KeyPos(p, k.start_mark.line, value_scan_from(k, v)))
                visit(v, p)
        elif isinstance(n, SequenceNode) and not n.flow_style:
            for i, item in enumerate(n.value):
                p = (*path, i)
                if isinstance(item, ScalarNode) or getattr(item, "flow_style", False):
                    keys.append(KeyPos(p, item.start_mark.line, item.end_mark.column))
                else:
                    keys.append(KeyPos(p, item.start_mark.line, 1 << 30))
                visit(item, p)
        else:
            protect(n)

    visit(node, ())
    return keys, protected


_INLINE = re.compile(r"\s(#.*?)\s*$")


def place(text: str, keys: list[KeyPos], protected: set[int]) -> Comments:
    """The comments of YAML `text`, given the line of each key (and where on that line an
    inline comment may start) and the lines inside block scalars, which hold no comments: a
    run of comment lines belongs above the next key, a `# x` after a value to that key."""
    comments = Comments()
    by_line: dict[int, list[KeyPos]] = {}
    for k in keys:
        by_line.setdefault(k.line, []).append(k)
    pending: list[str] = []
    for n, line in enumerate(text.split("\n")):
        if n in protected:
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        if not stripped:
            pending.append("")
            continue
        here = by_line.get(n)
        if not here:
            continue
        if pending:
            comments.before.setdefault(here[0].path, []).extend(pending)
            pending = []
        last = here[-1]
        m = _INLINE.search(line[last.scan_from :]) if last.scan_from < len(line) else None
        if m:
            comments.inline[last.path] = m.group(1)
    while pending and pending[-1] == "":
        pending.pop()
    comments.trailing = pending
    return comments


def first_lines(keys: list[KeyPos]) -> dict[KeyPath, int]:
    """The first line of every key path, from `scan`'s keys."""
    first_line_of: dict[KeyPath, int] = {}
    for k in keys:
        first_line_of.setdefault(k.path, k.line)
    return first_line_of


def insert(text: str, comments: Comments, first_line_of: dict[KeyPath, int]) -> str:
    """`text` with `comments` placed, given the first line of every key path in `text`."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    before: dict[int, list[str]] = {}
    inline: dict[int, str] = {}
    orphans: list[str] = []
    for path, block in comments.before.items():
        target = _nearest(path, first_line_of)
        if target is None:
            orphans.extend(block)
        else:
            before.setdefault(target, []).extend(block)
    for path, c in comments.inline.items():
        if path in first_line_of:
            inline[first_line_of[path]] = c
        else:
            target = _nearest(path, first_line_of)
            if target is None:
                orphans.append(c)
            else:
                before.setdefault(target, []).append(c)
    out: list[str] = []
    done = 0  # the lines between those that take a comment are copied as they are, at once
    for n in sorted(n for n in before.keys() | inline.keys() if n < len(lines)):
        out += lines[done:n]
        line = lines[n]
        if n in before:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + c if c else "" for c in before[n])
        out.append(line + "  " + inline[n] if n in inline else line)
        done = n + 1
    out += lines[done:]
    trailing = [*orphans, *comments.trailing]
    out.extend(trailing)
    return "\n".join(out) + "\n" if out else ""


def _nearest(path: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    """The line of `path`, or of its closest surviving ancestor (a key TOML could not hold)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
