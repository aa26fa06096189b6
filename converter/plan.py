"""A plan: every file a conversion would write, and what happened to every page.

Writers return a plan and touch nothing; `--dry-run` reports it, and `apply` writes it. Keeping
the two apart is what lets a user review a migration before a single file exists.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeAlias

from converter.portable import UNNORMAL
from converter.spool import Spool, Spooled


def page_failure(source: str, dest: str, raw: bytes | None, error: Exception) -> PageOutcome:
    """The outcome of a page whose writing raised: failed, named, with the error said in one
    line, and its source bytes kept at `dest` unchanged (nothing lost; a fixed source
    converts on the next run). An error that is not the input's (a bug of ours) says so."""
    from converter.errors import ConversionError

    if isinstance(error, ConversionError):
        why = error.message
    else:
        why = (
            f"could not be converted ({type(error).__name__}: {error}); copied unchanged. "
            "This is a bug in academic-migrate: please report it with the page"
        )
    report = PageReport(
        source, [dest] if raw is not None else [], "failed", error=f"{source}: {why}"
    )
    return report, [FileAction(dest, raw, origin=source)] if raw is not None else []


def guarded(
    one: Callable[[int], PageOutcome],
    failed: Callable[[int, Exception], PageOutcome],
    spool: Spool | None = None,
) -> Callable[[int], PageOutcome]:
    """`one`, except that a page it raises on fails alone (`failed(i, error)`), as a page
    that could not be read does: the other pages still convert. With a `spool`, the page's
    contents go to it as soon as they are made (in the worker that made them)."""

    def run(i: int) -> PageOutcome:
        try:
            outcome = one(i)
        except Exception as error:
            outcome = failed(i, error)
        if spool is not None:  # outside the `try`: a full disk is not this page's failure
            for action in outcome[1]:
                action.spill(spool)
        outcome[0].share_texts()
        return outcome

    return run


class FileAction:
    """One file to write: `content`, or a copy of `source` when the content is None.

    The content may wait in a spool (`spill`): `content` reads it back, and `copies` says
    whether this is a copy without reading it."""

    __slots__ = ("_content", "dest", "origin", "source")

    def __init__(
        self,
        dest: str,  # relative to the output folder, POSIX
        content: bytes | None = None,
        source: Path | None = None,  # the file copied, or the page converted
        origin: str | None = None,  # site-relative path of what produced it (for reports)
    ) -> None:
        self.dest = dest
        self._content: bytes | Spooled | None = content
        self.source = source
        self.origin = origin

    @property
    def content(self) -> bytes | None:
        held = self._content
        return held.read() if isinstance(held, Spooled) else held

    @content.setter
    def content(self, value: bytes | None) -> None:
        self._content = value

    @property
    def spooled(self) -> bool:
        """Whether the content waits in a spool (read from disk each time it is asked for)."""
        return isinstance(self._content, Spooled)

    @property
    def copies(self) -> bool:
        """Whether this copies `source` (no content of its own)."""
        return self._content is None

    def spill(self, spool: Spool) -> None:
        """Move the content to `spool`, out of memory."""
        if isinstance(self._content, bytes):
            self._content = spool.put(self._content)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileAction):
            return NotImplemented
        return (self.dest, self.content, self.source, self.origin) == (
            other.dest,
            other.content,
            other.source,
            other.origin,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (
            f"FileAction(dest={self.dest!r}, content={self.content!r}, "
            f"source={self.source!r}, origin={self.origin!r})"
        )


@dataclass
class PageReport:
    source: str
    outputs: list[str] = field(default_factory=list)
    status: str = "converted"  # converted, unchanged, copied, failed
    mapped: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    # facts the Academic theme showed that the target's page will not (converter/visible.py)
    hidden: list[str] = field(default_factory=list)

    def share_texts(self) -> None:
        """One string object per distinct text of the lists that repeat from page to page
        (`url_pdf under hugo_academic`, a field name): a plan holds every page's report, and
        a batch of reports sent back by a worker carries each shared string once."""
        intern = sys.intern
        for texts in (self.mapped, self.kept, self.dropped, self.warnings, self.hidden):
            if texts:
                texts[:] = [intern(t) if type(t) is str else t for t in texts]


PageOutcome: TypeAlias = "tuple[PageReport, list[FileAction]]"


@dataclass
class Plan:
    target: str
    source: Path
    actions: list[FileAction] = field(default_factory=list)
    pages: list[PageReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # what the user must do once the files are written (switch on GitHub Pages...)
    notes: list[str] = field(default_factory=list)
    # the folder the plan writes into when it already holds a site (`--into`): a file's
    # "before" in a review is its content there
    base: Path | None = None
    # where spilled contents wait (`FileAction.spill`): held so it lasts as long as the plan
    spool: Spool | None = field(default=None, repr=False, compare=False)
    # the actions as `check_destinations` last left them: checking them again is a no-op, and
    # at 10,000 pages one that costs a second (`apply` checks what `convert` checked)
    _checked: list[tuple[FileAction, str, Path | None]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def failed(self) -> list[PageReport]:
        return [p for p in self.pages if p.status == "failed"]


_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_reason(dest: str) -> str | None:
    """Why `dest` (relative to the output folder) must not be written, or None.

    Checked on the text, never on the disk, so a plan can be judged before anything exists:
    absolute paths, `..`, and what Windows reads as either (a drive, a backslash) could reach
    outside `--out` when the output is copied or built elsewhere.
    """
    if not dest or "\0" in dest:
        return "is empty or holds a NUL byte"
    if dest.startswith(("/", "\\")) or _DRIVE.match(dest):
        return "is an absolute path"
    if ".." not in dest:  # no `..` segment then; some segment is a name unless all is `./\\`
        return None if dest.strip("./\\") else "names the output folder itself"
    # PurePosixPath's parts, without building one per file: empty and `.` segments dropped
    parts = [p for p in dest.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        return "goes up out of the output folder ('..')"
    if not parts:
        return "names the output folder itself"
    return None


def dest_key(dest: str) -> str:
    """Two outputs are one file on macOS and Windows when they differ only by case or by
    Unicode normalization (HFS+ stores NFD), and on any system when `a//b` meets `a/b`."""
    if dest and dest != "." and not UNNORMAL.search(dest):  # as_posix() would not change it
        if dest.isascii():  # (most) NFC leaves it as it is, and casefold is lower
            return dest.lower()
        return unicodedata.normalize("NFC", dest).casefold()
    return unicodedata.normalize("NFC", PurePosixPath(dest).as_posix()).casefold()


def _owners(plan: Plan) -> list[int | None]:
    """For each action, the index of the page report it belongs to (None: a site file)."""
    by_output: dict[str, list[int]] = {}  # a path two reports list: each takes one, in order
    by_source: dict[str, int] = {}
    for i, report in enumerate(plan.pages):
        for out in report.outputs:
            by_output.setdefault(out, []).append(i)
        by_source.setdefault(report.source, i)
        tail = report.source.partition("/")[2]
        if tail:  # writers name a page's extra files by its content-relative path too
            by_source.setdefault(tail, i)
    owners: list[int | None] = []
    for action in plan.actions:
        claims = by_output.get(action.dest)
        owner = (claims.pop(0) if len(claims) > 1 else claims[0]) if claims else None
        if owner is None and action.origin:
            owner = by_source.get(action.origin, by_source.get(action.origin.split(":")[0]))
        owners.append(owner)
    return owners


def check_destinations(
    plan: Plan, source_root: Path | None = None, problems: list[Any] | None = None
) -> Plan:
    """Fail the pages whose files cannot be written safely, and keep the rest.

    A page fails, with all its files left out and its path named, when one of them would be
    written outside the output folder (a `slug`, `url` or alias with `../` or an absolute path
    that a writer placed as is), when one of them is the destination of an earlier file (two
    pages mapping to one path, also by case alone: never overwritten, the first one wins), or
    when it copies a file that is really elsewhere (a symbolic link out of the site). A file of
    no page (site config, a layout) that fails is reported under its own name.

    Checked centrally, for every writer, after the writer planned and before anything is
    written: writers stay pure and simple, a dry run shows the failures, and one test covers
    every writer. Idempotent. `problems`, when given (a `Site.problems` list), gets one
    `Problem` per new failure, so that the CLI prints it with the read errors.
    """
    from converter.model import Problem

    if plan._checked is not None and _same_actions(plan._checked, plan.actions):
        return plan  # nothing changed since the last check, which found what there was
    root = Path(os.path.realpath(source_root or plan.source))
    owners = _owners(plan)
    already = {i for i, r in enumerate(plan.pages) if r.status == "failed"}
    failed: dict[int, str] = {}  # report index -> why
    orphans: list[tuple[str, str]] = []  # (name, why) of failing files no page owns
    dropped: set[int] = set()  # action indexes
    folders: dict[str, str] = {}  # folder -> its real path, for `_realpath`
    keys = [dest_key(a.dest) for a in plan.actions]  # once, whatever the passes
    changed = True
    while changed:  # a page failing frees the paths it held: judge again without it
        changed = False
        seen: dict[str, int] = {}
        for i, action in enumerate(plan.actions):
            owner = owners[i]
            if i in dropped or (owner is not None and owner in failed):
                continue
            why = _problem(action, root, seen, plan, folders, keys[i])
            if why is None:
                seen[keys[i]] = i
                continue
            changed = True
            if owner is None or owner in already:  # a read failure's copy: already reported
                dropped.add(i)
                if owner is None:
                    orphans.append((action.origin or action.dest, why))
            else:
                failed[owner] = why
            break
    for index, why in failed.items():
        report = plan.pages[index]
        report.status, report.error, report.outputs = "failed", f"{report.source}: {why}", []
    plan.actions = [
        a
        for i, a in enumerate(plan.actions)
        if i not in dropped and (owners[i] is None or owners[i] not in failed)
    ]
    plan.pages += [PageReport(n, [], status="failed", error=f"{n}: {why}") for n, why in orphans]
    if problems is not None:
        problems += [Problem(plan.pages[i].source, why) for i, why in failed.items()]
        problems += [Problem(name, why) for name, why in orphans]
    plan._checked = [(a, a.dest, a.source) for a in plan.actions]
    return plan


def _same_actions(
    checked: list[tuple[FileAction, str, Path | None]], actions: list[FileAction]
) -> bool:
    """The very action objects that were checked, in the same order (held, so no id reuse),
    with the same destinations and sources."""
    return len(checked) == len(actions) and all(
        a is b and a.dest == dest and a.source == source
        for (a, dest, source), b in zip(checked, actions, strict=True)
    )


def _problem(
    action: FileAction,
    root: Path,
    seen: dict[str, int],
    plan: Plan,
    folders: dict[str, str] | None = None,
    key: str | None = None,
) -> str | None:
    """Why `action` cannot be written (None: it can); `key` is its `dest_key`, if known."""
    why = unsafe_reason(action.dest)
    if why is not None:
        return f"output path '{action.dest}' {why}; not written"
    earlier = seen.get(dest_key(action.dest) if key is None else key)
    if earlier is not None:
        other = plan.actions[earlier]
        by = f" (from {other.origin})" if other.origin else ""
        return (
            f"output path '{action.dest}' is already written by '{other.dest}'{by}; "
            "not written, nothing overwritten"
        )
    if action.copies and action.source is not None:
        real = Path(_realpath(str(action.source), folders if folders is not None else {}))
        if real != root and not str(real).startswith(str(root).rstrip(os.sep) + os.sep):
            return f"{action.source.name} is a link to {real}, outside the site; not copied"
        if not os.access(real, os.R_OK):  # found now, not as an error halfway through writing
            return f"{action.source} cannot be read; not copied"
    return None


def _realpath(path: str, folders: dict[str, str]) -> str:
    """`os.path.realpath(path)`, with the real path of each folder worked out once: a site's
    thousands of bundle files share a few folders, and realpath costs a `stat` per component."""
    if ".." in path.split(os.sep) or os.path.islink(path):  # `link/..`: the link's parent
        return os.path.realpath(path)
    folder, name = os.path.split(os.path.abspath(path))
    if not name:
        return os.path.realpath(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)
