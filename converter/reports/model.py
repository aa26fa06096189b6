"""One review of a conversion, shared by the text, JSON and HTML reports.

The writers report fields as short strings (`"summary -> excerpt"`, `"image under
hugo_academic"`); a reader of the report wants them sorted into what was mapped as it is, what
was renamed, what was kept aside and what was lost, and each page's files beside it. Doing that
once here keeps the three formats telling the same story.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from converter.api import Result
from converter.keep import KEEP_KEY
from converter.model import Page
from converter.plan import FileAction, PageReport

RENAME = " -> "
KEPT_SUFFIX = f" under {KEEP_KEY}"


class FileChange:
    """A file the conversion writes with new text, and the text it replaces (None: new file).

    Given as text, or as functions that read it when asked: a review of a large site would
    otherwise hold every changed file twice (before and after) for as long as the report is
    written, more memory than the conversion itself.
    """

    __slots__ = ("_after", "_before", "dest", "origin")

    def __init__(
        self,
        dest: str,
        origin: str | None,
        before: str | Callable[[], str | None] | None,
        after: str | Callable[[], str],
    ) -> None:
        self.dest, self.origin = dest, origin
        self._before, self._after = before, after

    @property
    def before(self) -> str | None:
        return self._before() if callable(self._before) else self._before

    @property
    def after(self) -> str:
        return self._after() if callable(self._after) else self._after

    def __repr__(self) -> str:
        return f"FileChange(dest={self.dest!r}, origin={self.origin!r})"


@dataclass
class PageEntry:
    report: PageReport
    kind: str | None  # the page's content kind (post, publication...); None if unreadable
    same: list[str] = field(default_factory=list)  # mapped under their own name
    renamed: dict[str, str] = field(default_factory=dict)  # neutral name -> target key
    kept: list[str] = field(default_factory=list)  # under the keep key
    changes: list[FileChange] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.report.status

    @property
    def folder(self) -> str:
        return target_folder(self.report.outputs[0] if self.report.outputs else None)


@dataclass
class Review:
    result: Result
    pages: list[PageEntry]
    site_changes: list[FileChange]  # configs and other files no page produced

    @property
    def summary(self) -> dict[str, int]:
        return summary(self.result)

    @property
    def by_status(self) -> dict[str, int]:
        return dict(sorted(Counter(p.status for p in self.pages).items()))

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(kind_label(p.kind) for p in self.pages).items()))

    @property
    def by_folder(self) -> dict[str, int]:
        return dict(sorted(Counter(p.folder for p in self.pages).items()))


def kind_label(kind: str | None) -> str:
    return kind or "unreadable"


CONTAINERS = ("content", "docs")  # folders every page of a target is under: name one further


def target_folder(output: str | None) -> str:
    """Where in the target a page went, as a reviewer groups it: the collection or section
    folder (`_talks`, `publications`, `docs/blog`, `content/post`), `(top)` for the root."""
    if not output:
        return "(none)"
    parts = output.split("/")[:-1]
    if not parts:
        return "(top)"
    depth = 2 if parts[0] in CONTAINERS and len(parts) > 1 else 1
    return "/".join(parts[:depth])


def summary(result: Result) -> dict[str, int]:
    pages = result.plan.pages
    return {
        "pages": len(pages),
        "written": len(result.written),
        "warnings": sum(len(p.warnings) for p in pages) + len(result.plan.warnings),
        "errors": sum(1 for p in pages if p.status == "failed"),
        "hidden": sum(len(p.hidden) for p in pages),
    }


def split_mapped(mapped: list[str]) -> tuple[list[str], dict[str, str]]:
    """(fields mapped under their own name, {field: target key} of the renamed ones)."""
    same: list[str] = []
    renamed: dict[str, str] = {}
    for entry in mapped:
        if RENAME in entry:
            old, new = entry.split(RENAME, 1)
            renamed[old] = new
        else:
            same.append(entry)
    return same, renamed


def kept_names(kept: list[str]) -> list[str]:
    return [k[: -len(KEPT_SUFFIX)] if k.endswith(KEPT_SUFFIX) else k for k in kept]


def _old_bytes(result: Result, action: FileAction) -> bytes | None:
    base = result.plan.base
    if base is not None and (base / action.dest).is_file():  # --into: the checkout's file
        try:
            return (base / action.dest).read_bytes()
        except OSError:
            return None
    if action.origin is None:
        return None
    path = result.site.root / action.origin
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def changed_files(result: Result) -> Iterator[tuple[FileAction, bytes | None]]:
    """Actions that write new text (converted pages and configs) and differ from their source."""
    for action in result.plan.actions:
        if action.copies:
            continue
        old = _old_bytes(result, action)
        if action.dest == action.origin and old == action.content:
            continue
        yield action, old


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", errors="replace")


def _old_text(result: Result, action: FileAction) -> str | None:
    return _text(_old_bytes(result, action))


def _new_text(action: FileAction) -> str:
    return _text(action.content) or ""


def pages_by_source(result: Result) -> dict[str, Page]:
    """Each page by the source path its report names (a writer names a page by its source
    file, or by its place under the content folder when it was not read from one)."""
    site = result.site
    found: dict[str, Page] = {}
    for page in site.pages:
        found[f"{site.content_dir}/{page.path}"] = page
        if page.source is not None:
            found[page.source.path] = page
    return found


def sort_fields(page: Page | None, report: PageReport) -> tuple[list[str], dict[str, str]]:
    """(fields the target has under their own name, {field: target key} of the renamed).

    Writers list the fields a rule moved; a field the target spells the same is in neither
    list, so it is whatever the page has that was not moved, kept aside or dropped.
    """
    same, renamed = split_mapped(report.mapped)
    if page is None:
        return same, renamed
    aside = set(kept_names(report.kept))
    lost = {d.split(" ", 1)[0] for d in report.dropped}
    listed = set(same)
    for name in map(str, page.fields):
        if name not in renamed and name not in aside and name not in lost:
            listed.add(name)
    order = [str(k) for k in page.fields]
    ordered = [k for k in order if k in listed]
    return ordered + [k for k in same if k not in order], renamed


def review(result: Result, *, files: bool = True) -> Review:
    """The plan sorted for a report. `files=False` leaves out the changed files (each source
    file read again to compare it with its new text): the brief report after a real run shows
    none, and on a large site reading them all back was a tenth of the run."""
    pages = pages_by_source(result)
    entries: list[PageEntry] = []
    owner: dict[str, PageEntry] = {}
    for report in result.plan.pages:
        page = None if report.status == "failed" else pages.get(report.source)
        same, renamed = sort_fields(page, report)
        entry = PageEntry(
            report, page.kind if page else None, same, renamed, kept_names(report.kept)
        )
        entries.append(entry)
        owner.setdefault(report.source, entry)
        for out in report.outputs:
            owner.setdefault(out, entry)
    site_changes: list[FileChange] = []
    for action, old in changed_files(result) if files else ():
        if action.spooled:  # a large site: read both again when the report shows them
            change = FileChange(
                action.dest,
                action.origin,
                functools.partial(_old_text, result, action) if old is not None else None,
                functools.partial(_new_text, action),
            )
        else:
            change = FileChange(action.dest, action.origin, _text(old), _text(action.content) or "")
        origin = action.origin or ""
        found = owner.get(origin) or owner.get(origin.split(":", 1)[0]) or owner.get(action.dest)
        (found.changes if found is not None else site_changes).append(change)
    return Review(result, entries, site_changes)
