"""Commented-out fields respelled for a Hugo page whose front matter changes syntax.

A YAML page's `# url_slides: 'https://...'` copied into TOML front matter is a comment nobody
can switch on: uncommented, it is no TOML. Hugo's names are the same in both syntaxes, so only
the spelling changes (`# url_slides = "https://..."`, and back for a TOML page written as YAML),
and only where uncommenting the new lines gives a valid page that reads as that field:

- a top-level field in YAML stands anywhere between top-level keys; in TOML only among the
  plain keys, before the first `[table]` header (below one, it would be that table's key), so
  a paragraph that stands among the tables moves up to just before the first header;
- a commented key inside the map or list just above it (the seed's `#  country: Canada` after
  `address`, a TOML page's `# [[feature]]` element after its `feature` list) goes on that map
  or list: `# address.country = "Canada"` where the map is written as dotted keys,
  `# country = "Canada"` inside its `[table]`, YAML's indented lines after the map;
- anything else (prose, a value no syntax reads, a null TOML cannot hold) stays as written.

The original lines go to the page's record as `commented.py`'s `comments:` entries (where they
were, what they were, what they are now), which `commented.restore` puts back, so the way back
gives them byte for byte; a paragraph the user changed since is left as it is.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from converter import commented
from converter import frontmatter as fm
from converter.commented import Paragraph, Translated, restore
from converter.fastcopy import copy_data
from converter.frontmatter.comments import Comments
from converter.frontmatter.values import same
from converter.keep import KEEP_KEY

ENTRY = commented.ENTRY
# the front matter syntaxes whose commented-out fields are respelled, each in the other
OTHER = {"yaml": "toml", "toml": "yaml"}
# YAML: `#key:` / `# key: v` (top level), `#  key: v` (two spaces or more: the map above)
_YAML_KEY = re.compile(r"^#(\s*)([a-z_][\w-]*):(?:\s|$)")
# TOML: `# key = v`, `# a.b = v` (top level), `# [[name]]` / `# [name]` opening a commented
# element or table, whose `key = v` lines follow
_TOML_KEY = re.compile(r"^#\s?([a-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*=\s*\S")
_TOML_HEADER = re.compile(r"^#\s?(\[\[?)\s*([a-z_][\w-]*)\s*\]\]?\s*$")
_TOML_INNER = re.compile(r"^#\s*[A-Za-z_][\w-]*\s*=\s*\S")
_END = "zz_end_of_the_field_"  # a plain key after the field: TOML writes the field in place
# the comments after the last key (`Comments.trailing`) as one more block, in the record too
_AFTER = (KEEP_KEY, "after-the-last-key")


def translate(comments: Comments, data: dict[str, Any], src: str, fmt: str) -> Translated:
    """`comments` with the commented-out fields of each top-level block written in `fmt`
    instead of `src`, and the record entries that undo it (none when nothing changed)."""
    if src == fmt or {src, fmt} != {"yaml", "toml"}:
        return Translated(comments, [])
    out = comments.copy()
    layout, source = _Layout(data, fmt), _Layout(data, src)
    entries: list[dict[str, Any]] = []
    moved: list[tuple[KeyPathT, Paragraph, list[str]]] = []
    if out.trailing:  # the comments after the last key: a block like the others, for now
        out.before[_AFTER] = out.trailing
        out.trailing = []
    for path in list(out.before):
        key = None if path == _AFTER else str(path[0])
        if path != _AFTER and (len(path) != 1 or path[0] not in layout.keys):
            continue
        if not source.root(key):
            continue  # among a TOML page's tables: a key of the table above, which is deep
        block = out.before[path]
        paras = commented._paragraphs(block)
        said = [(para, *_respell(para.lines, src, fmt, layout, key)) for para in paras]
        moving = not layout.root(key) and any(top for _, _, top in said)
        for para, now, _ in reversed(said):  # later ones first: the lines before hold
            if moving:  # among TOML's tables: up to the root, or (a block's lines moving
                # apart could not be put back in place) as they were
                now, _ = _respell(para.lines, src, fmt, layout, key, moving=True)
                if now != para.lines:
                    moved.insert(0, (path, para, now))
                continue
            if now == para.lines:
                continue
            block[para.start : para.start + len(para.lines)] = now
            entries.append({"at": list(path), "line": para.start, "was": para.lines})
            entries[-1].update(now=now, to=list(path))
    if moved and layout.first_table is not None:
        entries += _move(out, moved, (layout.first_table,))
    out.trailing = out.before.pop(_AFTER, [])
    return Translated(out, entries)


KeyPathT = tuple[Any, ...]


def _move(
    out: Comments, moved: list[tuple[KeyPathT, Paragraph, list[str]]], to: KeyPathT
) -> list[dict[str, Any]]:
    """Move paragraphs (in page order) to the top of the block before `to` (a table header, in
    TOML, which has its own blank line before it); the entries come after those of the
    blocks' own paragraphs, so that undoing them (last first) takes these out before those
    are put back at their lines."""
    entries: list[dict[str, Any]] = []
    for path, para, now in reversed(moved):  # later paragraphs of one block first
        block = out.before[path]
        start, end = para.start, para.start + len(para.lines)
        if end < len(block) and not block[end].strip():
            end += 1  # the blank line that closed it goes with it
        if not any(line.strip() for line in block[:start] + block[end:]):
            start, end = 0, len(block)  # nothing but blank lines would stay: all of it goes
        was = block[start:end]
        del block[start:end]
        if not block:
            out.before.pop(path, None)
        entries.append({"at": list(path), "line": start, "was": was, "now": now, "to": list(to)})
    target = out.before.setdefault(to, [])
    if target and target[0].strip():  # a paragraph of the block's own: a blank line between
        entries[0]["now"] = [*entries[0]["now"], ""]
    lines = [line for entry in reversed(entries) for line in entry["now"]]
    target[0:0] = lines  # in page order, at the top (the format puts the blank line after)
    return entries


class _Layout:
    """Where a comment block stands in the page as `fmt` writes it."""

    def __init__(self, data: dict[str, Any], fmt: str) -> None:
        self.data = data
        self.fmt = fmt
        self.keys = [k for k in data if k != KEEP_KEY]
        start = len(self.keys)  # TOML: the trailing run of maps is written as [tables]
        while fmt == "toml" and start > 0 and _tabled(data[self.keys[start - 1]]):
            start -= 1
        self.plain = set(self.keys[:start])
        self.first_table = self.keys[start] if start < len(self.keys) else None

    def root(self, key: str | None) -> bool:
        """Whether an uncommented top-level key stands at the root before `key` (None: after
        the last key)."""
        if key is None:
            return self.fmt == "yaml" or self.first_table is None
        return self.fmt == "yaml" or key in self.plain or key == self.first_table

    def above(self, key: str | None) -> str | None:
        i = len(self.keys) if key is None else self.keys.index(key)
        return str(self.keys[i - 1]) if i > 0 else None


def _tabled(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and v for v in value)


def _respell(
    lines: list[str], src: str, fmt: str, layout: _Layout, key: str | None, moving: bool = False
) -> tuple[list[str], bool]:
    """The paragraph's lines with each commented-out field that can be respelled where it
    stands (before top-level `key`) respelled; and whether a top-level field was. `moving`:
    the paragraph goes up to the root, where what belonged to the key above stays as it was."""
    out: list[str] = []
    top = False
    for run, value, nested in _runs(lines, src, layout.above(key)):
        keep = value is None or (moving and nested)
        new = None if keep else _written(value, nested, fmt, layout, key)
        if new is None:
            out += run
        else:
            out += new
            top = top or not nested
    return out, top


def _runs(lines: list[str], src: str, above: str | None) -> list[tuple[list[str], Any, bool]]:
    """The paragraph as (lines, field as {top-level name: value} or None, whether it adds
    to the key above rather than stand as a key of its own)."""
    runs: list[tuple[list[str], Any, bool]] = []
    i = 0
    while i < len(lines):
        found = _yaml_run(lines, i) if src == "yaml" else _toml_run(lines, i)
        if found is None:
            runs.append(([lines[i]], None, False))
            i += 1
            continue
        n, value, nested = found
        if nested and src == "yaml":  # a key of the map above, by its indent
            value = {above: value} if above is not None else None
        runs.append((lines[i : i + n], value, nested))
        i += n
    return runs


def _depth(line: str) -> tuple[int, str] | None:
    """A YAML comment line's depth (the spaces before and after its `#`) and its text."""
    rest = line.lstrip(" ")
    if not rest.startswith("#"):
        return None
    body = rest[1:]
    text = body.lstrip(" ")
    return len(line) - len(rest) + len(body) - len(text), text


def _yaml_run(lines: list[str], i: int) -> tuple[int, Any, bool] | None:
    first = _depth(lines[i].rstrip())
    m = _YAML_KEY.match(f"#{first[1]}") if first else None
    if first is None or m is None:
        return None
    depth = first[0]  # `# key:` is top level, `#  key:` (or `  # key:`) the map above's
    parts = [first[1]]
    while i + len(parts) < len(lines):
        more = _depth(lines[i + len(parts)].rstrip())
        if more is None or not more[1]:
            break
        deeper = more[0] >= 2 if depth <= 1 else more[0] > depth
        if not (deeper or (more[0] >= depth and more[1].startswith("- "))):
            break
        parts.append(" " * (more[0] - min(depth, more[0])) + more[1])
    value = _parsed("yaml", "\n".join(parts) + "\n")
    if value is None or list(value) != [m.group(2)]:
        return None
    return len(parts), value, depth >= 2


def _toml_run(lines: list[str], i: int) -> tuple[int, Any, bool] | None:
    text = lines[i].strip()
    header = _TOML_HEADER.match(text)
    if header:
        n = 1
        while i + n < len(lines) and _TOML_INNER.match(lines[i + n].strip()):
            n += 1
        body = "\n".join(ln.strip()[1:].strip() for ln in lines[i + 1 : i + n])
        value = _toml(body)
        if value is None or n == 1:
            return None
        name = header.group(2)
        if header.group(1) == "[[":  # an element of the list above, or a new list
            return n, {name: [value]}, True
        return n, {name: value}, False
    if not _TOML_KEY.match(text):
        return None
    for n in range(1, min(len(lines) - i, 40) + 1):  # a value over lines: to where it parses
        value = _toml("\n".join(ln.strip()[1:] for ln in lines[i : i + n]))
        if value is not None:
            return n, value, False
        if n > 1 and _TOML_KEY.match(lines[i + n - 1].strip()):
            break
    return None


def _toml(text: str) -> dict[str, Any] | None:
    return _parsed("toml", text)


def _parsed(fmt: str, text: str) -> dict[str, Any] | None:
    """The data of `text` in `fmt` (a copy of its own), None where it is none (a comment as
    the user wrote it)."""
    data = _parse_once(fmt, text)
    return None if data is None else copy_data(data)


@functools.lru_cache(maxsize=4096)
def _parse_once(fmt: str, text: str) -> dict[str, Any] | None:
    """`_parsed`, each text parsed once per process: the pages of a site made from one
    template carry the same commented-out fields, page after page. The template's `# links:`
    list, written as TOML (`links = [ {name = "Follow", ...}, ]`, lines only tomlkit reads) to
    be checked, was parsed again for each of the 1,000 YAML pages that have it on the corpora
    replicated to 5,220 pages: a quarter of `--to hugo-toml`'s planning (its workers' CPU
    1.02 s, 0.77 s parsed once; the whole run 1.99 s, 1.82 s)."""
    try:
        return fm.load(fmt, text)[0]
    except Exception:
        return None


def _written(
    value: dict[str, Any], nested: bool, fmt: str, layout: _Layout, key: str | None
) -> list[str] | None:
    """`value` ({name: ...}) as commented lines of `fmt` standing before top-level `key`
    (None: no spelling there that uncommented reads as it). A field of its own is written
    whole (a live key of that name too: the archetype's alternative to it); what adds to the
    key above only onto a map or list there, and in TOML only where its keys stand."""
    if fmt == "toml" and _has_null(value):
        return None  # TOML has no null to write
    ((name, inner),) = value.items()
    live = layout.data.get(name)
    onto = nested and name == layout.above(key)
    if nested and not onto:
        return None
    if fmt == "yaml":
        text = fm.dump("yaml", value).rstrip("\n").split("\n")
        if not nested:
            return _comment(text)
        if isinstance(live, dict) and isinstance(inner, dict) and not set(live) & set(inner):
            return _comment(text[1:])  # its lines, indented, just after the map's
        if isinstance(live, list) and isinstance(inner, list):
            return _comment(text[1:])  # the list's new items, after its last
        return None
    if not nested:
        return _plain(value)
    if not (isinstance(live, dict) and live and isinstance(inner, dict)) or set(live) & set(inner):
        return None  # (a commented [[element]] of a TOML list: only YAML takes it in place)
    if name in layout.plain and layout.root(key):
        return _plain(value)  # dotted, as the map's own keys: `# address.country = "Canada"`
    if name not in layout.plain and not _tabled(list(live.values())[-1]):
        return _plain(inner)  # inside the map's [table], as its own keys
    return None


def _plain(fields: dict[str, Any]) -> list[str] | None:
    """`fields` as TOML plain keys (a map as dotted keys, a list of maps inline), checked to
    read back as they are."""
    try:
        text = fm.dump("toml", {**fields, _END: 0})
    except Exception:
        return None
    lines = text.rstrip("\n").split("\n")[:-1]
    if not lines or KEEP_KEY in text:
        return None
    back = _toml("\n".join(lines))
    if back is None or not same(back, fields):
        return None
    return _comment(lines)


def _comment(lines: list[str]) -> list[str]:
    return [f"# {ln}" if ln else "#" for ln in lines]


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def read_back(data: dict[str, Any], comments: Comments) -> list[str]:
    """Undo `translate` on a page as read, its record in `data` (in place): the entries leave
    the record, the lines they name go back where they were; a warning when some were
    changed since (uncommented?), which the page as it is then wins."""
    record = data.get(KEEP_KEY)
    if not isinstance(record, dict) or ENTRY not in record:
        return []
    comments.before[_AFTER] = comments.trailing
    changed = restore(comments, record.pop(ENTRY))
    comments.trailing = comments.before.pop(_AFTER, [])
    if not changed:
        return []
    return [
        f"{len(changed)} commented-out field paragraph(s) changed since the migration "
        "(uncommented?): the page as it is wins"
    ]
