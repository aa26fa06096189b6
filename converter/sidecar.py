"""The keep record beside the page instead of inside it (`--keep sidecar`, the default).

A page converted to Jekyll, Quarto or MkDocs should read as if it had been written for that
target; the way back to Hugo (fields the target cannot say, comments, key order, nulls, body
patches, where bundle files went) is still needed, so it goes to one YAML file per page under
`_hugo_academic/records/`, which no engine publishes, named after the page's path:

    _talks/2031-03-14-seed-talk.md  ->  _hugo_academic/records/_talks/2031-03-14-seed-talk.md.yaml

The record file holds exactly what `--keep inline` puts under the page's `hugo_academic` key
(after `lowering`, so its pointers name the page's keys as written), with the comments that
belonged there, plus the page's path and a digest of its bytes as written. A reader puts it
back under that key before it reads the page, so everything that reads an inline record
(field-by-field edit checks, the body digest, comments, nulls) works on it unchanged; the
digest says whether the page was edited since (the page then wins where it can be told) and
finds a page that was moved.

A page the writer made up (a home page, a section listing, a CV: not a page of the Hugo site,
whose widget files are kept under `_hugo_academic/content/`) is marked the same way: its
record file says `generated: true` (and the files it brought, an About page's avatar copy),
so the reader leaves it out while the page itself is the target's own. A record per page,
not one manifest of generated pages, because the reader already finds, moves and checks a
page's record by its path and digest: a generated page moved by hand is still known by its
bytes, a deleted one takes nothing of the Hugo site with it, and deleting its record is how a
user adopts it as a page of the site. Edited after the migration (its digest differs), it is
still left out, since the Hugo site has its sources, with a warning that the edits do not go
back. `--keep inline` keeps the old mark in the page (`hugo_academic: {generated: true}`,
Jekyll's `generated_by: academic-migrate`); `--keep none` marks nothing, and a reader then
reads such a page as any page of the target.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from converter import commented_syntax
from converter import frontmatter as fm
from converter.conventions import KEEP_DIR
from converter.frontmatter import lowering
from converter.frontmatter.comments import Comments
from converter.keep import KEEP_KEY
from converter.plan import FileAction

KEEP_MODES = ("sidecar", "inline", "none")
DEFAULT_KEEP = "sidecar"
RECORDS = f"{KEEP_DIR}/records"
SUFFIX = ".yaml"
_RECORD = "record"  # the record's key in its file: not KEEP_KEY, which `fm.load` would lift
GENERATED = "generated"  # the record's key saying the writer made the page up
HEADER = [
    "# What the page above cannot say, kept so that it converts back to Hugo exactly",
    "# (academic-migrate). Delete this file, and the page is read as the target's own.",
]
GENERATED_HEADER = [
    "# academic-migrate made the page above from the Hugo site (whose own files are kept",
    "# under _hugo_academic/): converting back leaves it out. Delete this file, and the page",
    "# is read as one of the site's own.",
]


def keep_mode(keep: bool | str) -> str:
    """`WriteOptions.keep` as one of KEEP_MODES: True (the old default) is the default mode,
    False is `none`, as `--no-keep` was."""
    if keep is True:
        return DEFAULT_KEEP
    if keep is False:
        return "none"
    if keep not in KEEP_MODES:
        raise ValueError(f"keep must be one of {', '.join(KEEP_MODES)}, not {keep!r}")
    return keep


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def record_path(page: str) -> str:
    """Where the record of the page written at `page` (target-site relative) goes."""
    return f"{RECORDS}/{page}{SUFFIX}"


def site_relative(path: Path, root: Path) -> str | None:
    """`path` relative to the site `root` as a record names it, or None when it is outside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def page_of(record_file: str) -> str | None:
    """The page path a record file (target-site relative) is named after, or None."""
    prefix = f"{RECORDS}/"
    if not record_file.startswith(prefix) or not record_file.endswith(SUFFIX):
        return None
    return record_file[len(prefix) : -len(SUFFIX)]


@dataclass
class Split:
    """A page's front matter with its keep record taken out."""

    front_matter: str  # the target's own front matter, as text
    record: dict[str, Any]  # what inline keeping writes under KEEP_KEY, lowered
    comments: Comments  # the record's comments, at (KEEP_KEY, ...) paths
    affected: list[str]  # what the format could not hold (recorded), for the report


def split(fmt: str, data: dict[str, Any], comments: Comments) -> Split:
    """`data` (which holds the keep record under KEEP_KEY, last) written without it.

    The front matter is lowered once, whole, as inline keeping does, so that the pointers of
    nulls and types in the record name the page's keys as written; the record is then taken
    out, and put back in the same place (last) by `attach`."""
    lowered, low_comments = lowering.lower(fmt, data, comments)
    affected = lowering.recorded(lowered, data, strip=False)
    record = lowered.pop(KEEP_KEY, None)
    mine = Comments(
        {p: low_comments.before.pop(p) for p in list(low_comments.before) if p[:1] == (KEEP_KEY,)},
        {p: low_comments.inline.pop(p) for p in list(low_comments.inline) if p[:1] == (KEEP_KEY,)},
    )
    text = _dump_lowered(fmt, lowered, low_comments)
    return Split(text, record if isinstance(record, dict) else {}, mine, affected)


def render(
    page: str,
    raw: bytes,
    record: dict[str, Any],
    comments: Comments,
    header: list[str] = HEADER,
    *,
    lowered: bool = False,
) -> bytes:
    """The record file of the page written at `page` with bytes `raw`; `lowered`: the record
    is a `Split`'s, which YAML holds as it is."""
    doc = {"page": page, "sha256": digest(raw), _RECORD: record}
    moved = comments.copy()
    moved.rename((KEEP_KEY,), (_RECORD,))
    first = next(iter(doc))
    moved.before[(first,)] = header + moved.before.get((first,), [])
    if lowered:
        return _dump_lowered("yaml", doc, moved).encode("utf-8")
    return fm.dump("yaml", doc, moved).encode("utf-8")


def _dump_lowered(fmt: str, data: dict[str, Any], comments: Comments) -> str:
    """`fm.dump` of data `lowering.lower` made for `fmt` (nothing more is recorded). For YAML
    lowering it again would only copy it (its containers plain, no time of day left), and the
    codec neither changes nor keeps what it writes: so it is written as it is."""
    if fmt == "yaml":
        return fm.dump_lowered("yaml", data, comments)
    return fm.dump(fmt, data, comments)


@dataclass
class Record:
    """A record file as read."""

    file: str  # target-site relative
    page: str  # the page it was written for
    sha256: str
    record: dict[str, Any]
    comments: Comments


def load(root: Path, rel: str) -> Record | None:
    """The record file `rel` under `root`, or None when it is not one (not YAML, no record)."""
    try:
        data, comments = fm.load("yaml", (root / rel).read_text(encoding="utf-8"))
    except Exception:  # a record file edited into nonsense: the page is read without it
        return None
    record = data.get(_RECORD)
    if not isinstance(record, dict):
        return None
    comments.rename((_RECORD,), (KEEP_KEY,))
    mine = Comments(
        {p: v for p, v in comments.before.items() if p[:1] == (KEEP_KEY,)},
        {p: v for p, v in comments.inline.items() if p[:1] == (KEEP_KEY,)},
    )
    page = data.get("page")
    return Record(
        rel,
        str(page) if page else (page_of(rel) or ""),
        str(data.get("sha256") or ""),
        record,
        mine,
    )


def find(root: Path) -> list[str]:
    """Every record file of the target site at `root` (site-relative), sorted."""
    base = root / RECORDS
    if not base.is_dir():
        return []
    return sorted(
        f.relative_to(root).as_posix()
        for f in base.rglob(f"*{SUFFIX}")
        if f.is_file() and not f.is_symlink()
    )


def attach(data: dict[str, Any], comments: Comments, record: Record) -> None:
    """Put `record` back under KEEP_KEY (last, where the writer had it) with its comments,
    and undo the lowering that was done with it in place (`fm.load` had no record to lift)."""
    data[KEEP_KEY] = record.record
    for path, lines in record.comments.before.items():
        comments.before[path] = list(lines)
    for path, line in record.comments.inline.items():
        comments.inline[path] = line
    lowering.lift(data, comments)


def read_record(root: Path, page: str) -> dict[str, Any]:
    """The keep record of the page at `page` in the target site at `root` ({} if none), as
    written (its values lowered as in the page's format)."""
    found = load(root, record_path(page))
    return found.record if found is not None else {}


def made_up(
    dest: str,
    front: dict[str, Any],
    text: Callable[[dict[str, Any]], bytes],
    mode: str,
    inline: dict[str, Any],
    files: list[str] | None = None,
) -> list[FileAction]:
    """The files of a page the writer made up at `dest` (front matter `front`, made into
    bytes by `text`): the page, marked as `mode` says (module docstring). `inline` is the
    writer's mark in the page, which `--keep inline` adds last; `files`, the files the page
    brought that are not the Hugo site's either."""
    if mode == "inline":
        raw = text({**front, **inline})
        return [FileAction(dest, raw)]
    raw = text(front)
    if mode != "sidecar":
        return [FileAction(dest, raw)]
    record: dict[str, Any] = {GENERATED: True}
    if files:
        record["files"] = list(files)
    content = render(dest, raw, record, Comments(), GENERATED_HEADER)
    return [FileAction(dest, raw), FileAction(record_path(dest), content)]


def guard(rel: str, raw: bytes, record: Record) -> str | None:
    """What a reader says of the page at `rel` (bytes `raw`) read with `record`: found by its
    digest after a move, or edited since the record was written (the page then wins where
    the two can be told apart); None when it is the page as written."""
    if rel != record.page:
        return f"moved from {record.page}: its record {record.file} was found by its digest"
    if digest(raw) != record.sha256:
        return (
            f"edited after the migration: where it and its record ({record.file}) differ, "
            "the page wins"
        )
    return None


def gone(record: Record) -> str:
    """The report of a record whose page is neither where it was nor found by its digest."""
    return (
        f"{record.file}: the page it keeps the Hugo record of, {record.page}, is gone "
        "(moved and edited, or deleted): that page is not read back"
    )


def orphans(root: Path, used: set[str], files: list[str] | None = None) -> list[Record]:
    """The record files of the site at `root` (`files`, when the caller has listed them)
    that no page was read with."""
    out: list[Record] = []
    for rel in find(root) if files is None else files:
        if rel not in used:
            record = load(root, rel)
            if record is not None:
                out.append(record)
    return out


def by_digest(records: list[Record]) -> dict[str, Record]:
    """Records by the digest of the page they were written with, for finding a moved page's
    (the first of two alike wins: they keep the same page)."""
    out: dict[str, Record] = {}
    for record in records:
        out.setdefault(record.sha256, record)
    return out


def read_into(
    data: dict[str, Any], comments: Comments, raw: bytes, rel: str, record: Record
) -> tuple[list[str], bool]:
    """Put the record of the page at `rel` (bytes `raw`) back into its front matter as read
    (in place), as if it had been kept inline: nulls and types restored, commented-out fields
    spelled as they were (converter/commented_syntax.py). Returns the warnings of a page moved
    or edited since (the page wins where that can be told), and whether comments were
    respelled back (they are then in the other syntax than the page's). For readers of pages
    that carry no other record (Hugo's): the others read the rest of it themselves."""
    attach(data, comments, record)
    warnings = [w for w in [guard(rel, raw, record)] if w]
    respelled = bool(record.record.get(commented_syntax.ENTRY))
    warnings += commented_syntax.read_back(data, comments)
    if data.get(KEEP_KEY) == {}:
        del data[KEEP_KEY]
    return warnings, respelled


def read_beside(
    root: Path, rel: str, data: dict[str, Any], comments: Comments, raw: bytes
) -> tuple[str | None, list[str]]:
    """`read_into` for a file read whole, not as a page (a config file): its record file, if
    it has one (None: it is read as it is), and what the guard says of it."""
    known = record_path(rel)
    kept = load(root, known) if KEEP_KEY not in data and (root / known).is_file() else None
    if kept is None:
        return None, []
    said, _ = read_into(data, comments, raw, rel, kept)
    return known, said
