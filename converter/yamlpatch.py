"""Change a user's YAML file the way a person would: on the few lines that change.

ruamel.yaml's round-trip mode keeps comments, key order and unrelated keys, and it is what
these edits are checked against; but dumping its model re-indents every sequence, drops the
column alignment of `key   : value` (academicpages' `_config.yml` has it on every line) and an
anchor on an empty value, so changing one title would be a diff of two hundred lines nobody
can review. So each change is made twice: on the round-trip model, and as a line edit of the
text (a value replaced after its key's colon, a key or list item inserted after the last line
of its block, anchors and comments left as they are). At the end the edited text must load to
exactly the data of the model; when it does not (a layout the line edits do not know: flow
collections, multi-line scalars), the model is dumped instead, comments still kept.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections.abc import Iterable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

Path_ = tuple[str, ...]


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line the user wrote on one
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load(text: str) -> Any:
    """The round-trip model of `text` (an empty document is an empty mapping)."""
    data = _yaml().load(text)
    return CommentedMap() if data is None else data


def dump(data: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def plain(value: Any) -> Any:
    """The data of a round-trip value, for comparing two documents (tags kept)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, TaggedScalar):
        return ("tag", str(value.tag), value.value)
    return value


def bare(value: Any) -> Any:
    """A copy of a round-trip value without its comments (a comment of another file, above
    the next key there, must not come along into this one); tags and quoting kept."""
    if isinstance(value, dict):
        return CommentedMap((k, bare(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(bare(v) for v in value)
    return value


class Document:
    """A YAML mapping document being edited; `text()` is the result."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.data = load(text)
        if not isinstance(self.data, dict):
            raise ValueError("the document is not a mapping")
        self.lines = text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
        self.exact = True  # the line edits still follow the model

    # -- reading ----------------------------------------------------------------------------

    def get(self, path: Path_) -> Any:
        node: Any = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    # -- changing ---------------------------------------------------------------------------

    def set(self, path: Path_, value: Any) -> bool:
        """Give `path` the value `value`, making the mappings on the way; whether it changed."""
        if plain(self.get(path)) == plain(value) and self._has(path):
            return False
        depth = 0
        node: Any = self.data
        while depth < len(path) - 1 and isinstance(node.get(path[depth]), dict):
            node = node[path[depth]]
            depth += 1
        if depth < len(path) - 1 and isinstance(node.get(path[depth]), list):
            raise ValueError(f"{'.'.join(path[: depth + 1])} is a list, not a mapping")
        if depth < len(path) - 1 and path[depth] in node:  # a scalar where a mapping goes
            self._replace(path[: depth + 1], _nested(path[depth + 1 :], value))
            return True
        if depth < len(path) - 1:
            self._add(path[:depth], path[depth], _nested(path[depth + 1 :], value))
            return True
        if path[-1] in node:
            self._replace(path, value)
        else:
            self._add(path[:-1], path[-1], value)
        return True

    def append(self, path: Path_, items: Iterable[Any]) -> bool:
        """Add `items` at the end of the sequence at `path` (made when absent)."""
        items = list(items)
        if not items:
            return False
        seq = self.get(path)
        if seq is None:
            return self.set(path, CommentedSeq(items))
        if not isinstance(seq, list):
            raise ValueError(f"{'.'.join(path)} is not a list")
        if self.exact:
            self._append_lines(path, seq, items)
        seq.extend(items)
        return True

    def text(self) -> str:
        """The edited document: the edited lines when they say what the model says, else the
        model dumped."""
        if self.exact:
            candidate = "".join(self.lines)
            try:
                if plain(load(candidate)) == plain(self.data):
                    return candidate
            except Exception:  # an edit broke the syntax: the model is right
                pass
        return dump(self.data)

    # -- the line edits ---------------------------------------------------------------------

    def _has(self, path: Path_) -> bool:
        parent = self.get(path[:-1]) if path[:-1] else self.data
        return isinstance(parent, dict) and path[-1] in parent

    def _positions(self) -> Any:
        """A fresh model of the edited text, for the line and column of each node now (None,
        and no more line edits, when the text no longer loads)."""
        try:
            return load("".join(self.lines))
        except Exception:
            self.exact = False
            return None

    def _replace(self, path: Path_, value: Any) -> None:
        parent = self.get(path[:-1]) if path[:-1] else self.data
        old = parent[path[-1]]
        parent[path[-1]] = value
        if not self.exact:
            return
        if isinstance(old, (dict, list)) or isinstance(value, (dict, list)):
            self.exact = False
            return
        pos = self._positions()
        holder = _walk(pos, path[:-1]) if pos is not None else None
        if not isinstance(holder, CommentedMap) or path[-1] not in holder:
            self.exact = False
            return
        line, start = holder.lc.key(path[-1])
        text = self.lines[line]
        colon = text.find(":", start + len(path[-1]))
        if colon < 0:
            self.exact = False
            return
        rest = text[colon + 1 :]
        lead = rest[: len(rest) - len(rest.lstrip(" \t"))]
        body = rest[len(lead) :]
        anchor = re.match(r"&\S+", body)
        keep = anchor.group(0) if anchor else ""
        body = body[len(keep) :].lstrip(" \t") if keep else body
        end = _scalar_end(body)
        if end is None:
            self.exact = False
            return
        tail = body[end:]
        if end == 0 and tail.strip():  # an empty value, then a comment
            tail = (lead or " ") + tail
        elif not tail.strip():
            tail = "\n"
        scalar = _scalar_text(value)
        if isinstance(value, str) and body[:1] == '"':  # in the quotes the user chose
            scalar = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, str) and body[:1] == "'":
            scalar = "'" + value.replace("'", "''") + "'"
        new = " ".join(t for t in (keep, scalar) if t)
        self.lines[line] = text[: colon + 1] + (" " + new if new else "") + tail

    def _add(self, parent_path: Path_, key: str, value: Any) -> None:
        parent = self.get(parent_path) if parent_path else self.data
        if not isinstance(parent, dict):
            raise ValueError(f"{'.'.join(parent_path)} is not a mapping")
        if self.exact:
            self._add_lines(parent_path, key, value)
        parent[key] = value

    def _add_lines(self, parent_path: Path_, key: str, value: Any) -> None:
        block = dump(CommentedMap([(key, value)]))
        pos = self._positions()
        holder = _walk(pos, parent_path) if pos is not None else None
        if not parent_path and isinstance(holder, CommentedMap) and not holder.fa.flow_style():
            self.lines += block.splitlines(True)  # the top level: at the end of the file
            return
        if not isinstance(holder, CommentedMap) or not holder or holder.fa.flow_style():
            self.exact = False
            return
        col = holder.lc.col
        last = list(holder)[-1]
        end = _block_end(self.lines, holder.lc.key(last)[0], col)
        self.lines[end + 1 : end + 1] = _indent(block, col).splitlines(True)

    def _append_lines(self, path: Path_, seq: list[Any], items: list[Any]) -> None:
        pos = self._positions()
        holder = _walk(pos, path) if pos is not None else None
        if not isinstance(holder, CommentedSeq) or not holder or holder.fa.flow_style():
            self.exact = False
            return
        line, col = holder.lc.item(len(holder) - 1)
        dash = self.lines[line].rfind("-", 0, col + 1)
        if dash < 0 or self.lines[line][:dash].strip():
            self.exact = False
            return
        end = _block_end(self.lines, line, dash, dash_ends=True)
        self.lines[end + 1 : end + 1] = _indent(dump(CommentedSeq(items)), dash).splitlines(True)


def _walk(node: Any, path: Path_) -> Any:
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _nested(path: Path_, value: Any) -> Any:
    for key in reversed(path):
        value = CommentedMap([(key, value)])
    return value


def _indent(block: str, col: int) -> str:
    block = textwrap.dedent(block)  # a top-level sequence is dumped at its offset
    pad = " " * col
    return "".join(pad + line if line.strip() else line for line in block.splitlines(True))


def _block_end(lines: list[str], start: int, col: int, dash_ends: bool = False) -> int:
    """The last line of the block that starts at line `start` with its keys at column `col`:
    the lines after it indented more (its value, nested blocks), and an indentless sequence's
    items at `col`; comments and blank lines after the last such line stay where they are."""
    last = start
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[j]) - len(lines[j].lstrip(" "))
        if indent > col or (indent == col and stripped.startswith("-") and not dash_ends):
            last = j
            continue
        break
    return last


def _scalar_end(body: str) -> int | None:
    """Where the one-line scalar at the start of `body` ends (None: it goes on, or it is a
    collection or a block scalar)."""
    if not body.strip() or body.lstrip().startswith("#"):
        return 0
    if body[0] in "|>[{":
        return None
    if body[0] in "'\"":
        quote, i = body[0], 1
        while i < len(body):
            if quote == '"' and body[i] == "\\":
                i += 2
                continue
            if body[i] == quote:
                if quote == "'" and body[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return None
    comment = re.search(r"[ \t]#", body)
    end = comment.start() if comment else len(body.rstrip("\r\n"))
    return len(body[:end].rstrip(" \t"))


def _scalar_text(value: Any) -> str:
    """`value` as it would follow `key: ` on one line."""
    if value is None:
        return ""
    text = dump(CommentedMap([("k", value)]))
    text = text[len("k:") :].strip()
    if "\n" in text:
        return json.dumps(str(value), ensure_ascii=False)
    return text
