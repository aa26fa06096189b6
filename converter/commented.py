"""Commented-out fields, written in the target's own words.

An Academic archetype ships fields commented out for the user to switch on
(`# url_slides: 'https://...'`, `#links:` with its items). Copied as they are into a Jekyll
page they would switch on nothing: Jekyll's name is `slidesurl`, Quarto's is an `other-links`
entry. So a paragraph of comments that holds such fields is written with each field mapped by
the same table as the live ones, in the target's syntax, and moved to the end of the front
matter (or, for a list the page already has, right after it), where uncommenting it gives a
valid page; what does not parse as a field, or maps to nothing, stays as it was written.

The record keeps, per paragraph, where it was and how it was written (`comments:` entries),
so that a reader puts the original lines back where they were; a paragraph the user changed
or uncommented is not found, and the page as it is wins. Comment lines that stood inside a map
the record keeps (`#  country: Canada` under `address:`) go into the record with the map
(`into_record`), undone the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from converter import fieldmap
from converter import frontmatter as fm
from converter.fastcopy import copy_data
from converter.frontmatter.comments import Comments
from converter.keep import KEEP_KEY
from converter.keypath import KeyPath

# a commented-out key: `#key:` or `# key: value` (at most one space: deeper is a nested key)
_KEY = re.compile(r"^#\s?([A-Za-z_][\w-]*):(?:\s|$)")
# a line that goes on a commented-out value: an indented key or a list item
_MORE = re.compile(r"^#(?:\s{2,}\S|\s?-\s)")
ENTRY = "comments"  # the record's key for the moved paragraphs


@dataclass
class Paragraph:
    start: int  # index in its block
    lines: list[str]


def _paragraphs(block: list[str]) -> list[Paragraph]:
    out: list[Paragraph] = []
    current: Paragraph | None = None
    for i, line in enumerate(block):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Paragraph(i, [])
            out.append(current)
        current.lines.append(line)
    return out


def _runs(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The prose lines of a paragraph, and its commented-out fields as (key, lines)."""
    prose: list[str] = []
    runs: list[tuple[str, list[str]]] = []
    in_run = False
    for line in lines:
        text = line.strip()
        m = _KEY.match(text)
        if m:
            runs.append((m.group(1), [text]))
            in_run = True
        elif in_run and _MORE.match(text):
            runs[-1][1].append(text)
        else:
            prose.append(line)
            in_run = False
    return prose, runs


def _parse(key: str, lines: list[str]) -> Any:
    """The value of a commented-out field, or None when its lines are no YAML of it."""
    body = [ln[1:] for ln in lines]
    indent = min(len(b) - len(b.lstrip(" ")) for b in body[:1])
    text = "\n".join(b[indent:] for b in body) + "\n"
    data = _parsed(key, text)
    return None if data is None else copy_data(data)


@lru_cache(maxsize=4096)
def _parsed(key: str, text: str) -> dict[str, Any] | None:
    """`_parse`'s reading of `text`, once per text: an archetype's commented-out fields recur
    on every page made from it (a copy is handed out, as the caller may keep it)."""
    try:
        data, _ = fm.load("yaml", text)
    except Exception:
        return None
    if list(data) != [key]:
        return None
    return data


def _comment(text: str) -> list[str]:
    return [f"# {ln}" if ln else "#" for ln in text.rstrip("\n").split("\n")]


# a comment line written as inside a map: `#  country: Canada`, under `address:`'s keys
_INSIDE = re.compile(r"^#\s{2,}\S")


def into_record(
    comments: Comments,
    fields: dict[str, Any],
    kept: list[str],
    path_of: Callable[[str], KeyPath],
    record: dict[str, Any],
) -> list[dict[str, Any]]:
    """Move the comment lines that stood inside a map the record keeps (an archetype's
    `#  country: Canada` after `address`'s last key) into the record, after that map's keys,
    and return the entries that undo it (as `translate`'s, which `restore` reads).

    A comment is kept with the key below it, so such lines belong, as read, to the field
    after the map; when the map goes to the record, they would stand alone on the page, above
    a field they say nothing of. `path_of` is where a field's comments are now (renamed to
    the target's key, or to the record's); `record` the keep record, for the key after its
    `fields`."""
    names = list(fields)
    entries: list[dict[str, Any]] = []
    for i, name in enumerate(names[:-1]):
        if name not in kept or not isinstance(fields[name], dict):
            continue
        at = path_of(names[i + 1])
        block = comments.before.get(at) or []
        n = 0
        while n < len(block) and _INSIDE.match(block[n]):
            n += 1
        if n == 0:
            continue
        k = n
        while n < len(block) and not block[n].strip():
            n += 1  # with the blank lines that closed the map: the page's field stands alone
        lines = block[:n]
        del block[:n]
        if not block:
            comments.before.pop(at, None)
        later = [k for k in names[i + 1 :] if k in kept]
        keys = list(record)
        after = keys[keys.index("fields") + 1 :] if "fields" in keys else []
        to = (KEEP_KEY, "fields", later[0]) if later else (KEEP_KEY, (after or [ENTRY])[0])
        there = comments.before.get(to, [])
        now = lines[:k] if there[:1] == [""] else lines  # one blank line between, not two
        comments.before[to] = now + there
        entries.append({"at": list(at), "line": 0, "was": lines, "now": now, "to": list(to)})
    return entries


@dataclass
class Translated:
    comments: Comments
    entries: list[dict[str, Any]]


def translate(
    comments: Comments,
    data: dict[str, Any],
    kind: str,
    table: fieldmap.Table,
    ctx: fieldmap.Context,
    fmt: str,
) -> Translated:
    """`comments` (at the target's paths) with each paragraph holding commented-out fields
    written as the target's fields, and the record entries that undo it."""
    out = comments.copy()
    entries: list[dict[str, Any]] = []
    tails: list[list[str]] = []  # paragraphs for the end, in the order of the page
    for path in list(out.before):
        top = len(path) == 1 and path[0] != KEEP_KEY
        kept = len(path) == 3 and path[:2] == (KEEP_KEY, "fields")
        if not (top or kept):
            continue
        block = out.before[path]
        ends: list[list[str]] = []
        for para in reversed(_paragraphs(block)):
            prose, runs = _runs(para.lines)
            fields: dict[str, Any] = {}
            verbatim: list[str] = []
            for key, lines in runs:
                value = _parse(key, lines)
                if value is None:
                    verbatim += lines
                    continue
                mapped = fieldmap.forward(value, kind, table, ctx, keep=False).fields
                if not mapped or list(mapped) == [key]:
                    verbatim += lines  # the same name: as the user wrote it
                    continue
                for name, v in mapped.items():
                    if isinstance(v, list) and isinstance(fields.get(name), list):
                        fields[name] += [x for x in v if x not in fields[name]]
                    else:
                        fields.setdefault(name, v)
            if not fields:
                continue
            now, anchor = _written(prose + verbatim, fields, data, fmt)
            del block[para.start : para.start + len(para.lines)]
            if para.start < len(block) and not block[para.start].strip():
                del block[para.start]  # the blank line that closed it
                entry_lines = [*para.lines, ""]
            else:
                entry_lines = list(para.lines)
            entry: dict[str, Any] = {"at": list(path), "line": para.start, "was": entry_lines}
            entry["now"] = now
            if anchor is not None:
                entry["to"] = list(anchor)
                out.before[anchor] = now + out.before.get(anchor, [])
            else:
                ends.append(now)
            entries.append(entry)
        tails += reversed(ends)
        if not block:
            out.before.pop(path, None)
    for now in tails:  # each after a blank line, which `restore` takes away with it
        out.trailing = [*out.trailing, "", *now]
    return Translated(out, entries)


def _written(
    keep: list[str], fields: dict[str, Any], data: dict[str, Any], fmt: str
) -> tuple[list[str], KeyPath | None]:
    """The lines to write, and the key they stand before (None: at the end): a list the page
    already has takes the items in it, right after it."""
    keys = [k for k in data if k != KEEP_KEY]
    lines = list(keep)
    for name in list(fields):
        value = fields[name]
        if name in keys and isinstance(data[name], list) and isinstance(value, list):
            items = fm.dump(fmt, {name: value}).rstrip("\n").split("\n")[1:]
            after = keys[keys.index(name) + 1 :]
            if after:  # the items go on the page's list, just below it
                del fields[name]
                return [*lines, *_comment("\n".join(items)), *_rest(fields, fmt)], (after[0],)
    return [*lines, *_rest(fields, fmt)], None


def _rest(fields: dict[str, Any], fmt: str) -> list[str]:
    return _comment(fm.dump(fmt, fields)) if fields else []


def restore(comments: Comments, entries: Any) -> list[str]:
    """Undo `translate` on the comments of a page as read: each paragraph found as it was
    written goes back to where it was; the rest were changed by the user, whose page wins."""
    if not isinstance(entries, list):
        return []
    missing: list[str] = []
    for entry in reversed(entries):
        if not isinstance(entry, dict):
            continue
        now, was = entry.get("now"), entry.get("was")
        at = tuple(entry.get("at") or ())
        if not (isinstance(now, list) and isinstance(was, list) and at):
            continue
        to = entry.get("to")
        block = comments.before.get(tuple(to), []) if isinstance(to, list) else comments.trailing
        start = _find(block, now)
        where: tuple[Any, ...] | None = tuple(to) if isinstance(to, list) else None
        if start is None:  # another item switched on above it moved it to that item
            where, start = _elsewhere(comments, now)
            block = comments.before.get(where, []) if where is not None else []
        if start is None:
            missing.append(str(now[-1]) if now else "")
            continue
        del block[start : start + len(now)]
        if where is None and start > 0 and start <= len(block) and not block[start - 1].strip():
            del block[start - 1]
        if where is not None and not block:
            comments.before.pop(where, None)
        target = comments.before.setdefault(at, [])
        line = int(entry.get("line") or 0)
        target[min(line, len(target)) : min(line, len(target))] = [str(x) for x in was]
    return missing


def _elsewhere(comments: Comments, lines: list[Any]) -> tuple[tuple[Any, ...] | None, int | None]:
    """(the path whose comments hold `lines`, where), or (None, None): a paragraph written
    before a key that is now before a list item the user switched on above it."""
    if not lines:
        return None, None
    for path, block in comments.before.items():
        start = _find(block, lines)
        if start is not None:
            return path, start
    return None, None


def _find(block: list[str], lines: list[Any]) -> int | None:
    n = len(lines)
    for i in range(len(block) - n + 1):
        if block[i : i + n] == lines:
            return i
    return None
