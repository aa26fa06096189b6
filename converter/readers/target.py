"""What the readers of other conventions (Jekyll, Quarto, MkDocs) share: one page back.

A page this tool wrote carries a `hugo_academic` record (see writers/target.py): its kind and
Hugo content path, where its bundle files went, the fields the target could not say, and a
patch back to the Hugo body. With it, the page comes back exactly as it was read from Hugo;
without it (a site made by hand), the page is read as the target's conventions say, and the
kind and path come from its folder and file name. The record may be beside the page
(converter/sidecar.py); one that says `generated: true` marks a page the writer made up, which
is left out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from converter import commented, fieldmap, formats, sidecar
from converter.body import restore
from converter.conventions import KEEP_DIR
from converter.errors import ConversionError, UsageError
from converter.fieldmap import single_targets
from converter.fieldmap.transforms import TRANSFORMS
from converter.frontmatter.comments import Comments
from converter.keep import KEEP_KEY
from converter.model import Page, Problem, Resource, Site, SourceInfo
from converter.pages import parse_page
from converter.readers import alternates
from converter.readers.hugo import HugoReader, read_page_bytes, resource_patterns
from converter.readers.site_files import leaves_site, links_outside

DATED = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.+)$")


@dataclass
class Found:
    """A page file of the target, parsed, before it becomes a page."""

    file: Path
    rel: str  # relative to the target site's root
    data: dict[str, Any]
    comments: Comments
    body: str
    source: SourceInfo
    warnings: list[str]
    record_file: str | None = None  # the sidecar record read with it (converter/sidecar.py)
    edited: bool = False  # its bytes are not those its sidecar record was written for

    @property
    def generated(self) -> bool:
        """Whether the writer made the page up (a listing, a home page): not the Hugo site's."""
        return bool(self.record.get(sidecar.GENERATED))

    @property
    def record(self) -> dict[str, Any]:
        rec = self.data.get(KEEP_KEY)
        return rec if isinstance(rec, dict) else {}


def parse(file: Path, root: Path, site: Site) -> Found | None:
    """The file parsed, or None with a problem (file and line) recorded on `site`."""
    rel = file.relative_to(root).as_posix()
    try:
        raw = read_page_bytes(file, "not read")  # no huge, binary or UTF-16 file as a page
        parsed = parse_page(raw)
    except ConversionError as e:
        site.problems.append(Problem(rel, e.message, e.line))
        return None
    split = parsed.split
    source = SourceInfo(
        path=rel,
        format=split.format,
        raw=raw,
        data=parsed.data,
        comments=parsed.comments,
        prefix=split.prefix,
        newline=split.newline,
        body_line=split.body_line,
        root=str(root),  # `raw` read again from the file when asked, not held
    )
    found = Found(file, rel, parsed.data, parsed.comments, split.body, source, parsed.warnings)
    if KEEP_KEY not in found.data and (root / sidecar.record_path(rel)).is_file():
        record = sidecar.load(root, sidecar.record_path(rel))
        if record is not None:
            with_record(found, record)
    return found


def with_record(found: Found, record: sidecar.Record) -> None:
    """`found` with its sidecar record in place, as if it had been kept inline; a page that
    changed since it was written wins where it can be told (fields, body), and says so."""
    sidecar.attach(found.data, found.comments, record)
    found.record_file = record.file
    said = sidecar.guard(found.rel, found.source.raw, record)
    found.edited = said is not None and found.rel == record.page
    if said and not (found.edited and found.generated):
        found.warnings.append(said)  # (an edited generated page: `read_pages` says it)


def attach_moved(found: list[Found], site: Site) -> set[str]:
    """Give a page that was moved (not edited) the record it left behind, found by the
    digest of its bytes; a record whose page is gone is reported as a warning (the rest of
    the site reads as it is: only what that page held is not there), except a generated
    page's, which held nothing of the Hugo site. Returns every record file of the site (none
    of them is a Hugo file to copy back)."""
    records = sidecar.find(site.root)
    used = {f.record_file for f in found if f.record_file}
    spare = sidecar.by_digest(sidecar.orphans(site.root, used, records))
    for f in found:
        if spare and not f.record:
            record = spare.pop(sidecar.digest(f.source.raw), None)
            if record is not None:
                with_record(f, record)
    site.warnings += [
        sidecar.gone(r) for r in spare.values() if not r.record.get(sidecar.GENERATED)
    ]
    return set(records)


def files_under(root: Path, base: Path) -> list[Path]:
    """The files under `base`, sorted; a symbolic link out of the site `root` is left out,
    never read or copied (`links_outside` reports it)."""
    return sorted(f for f in base.rglob("*") if f.is_file() and not leaves_site(f, root))


def claimed_resources(found: list[Found]) -> set[str]:
    """Files that records name as some page's bundle files: not pages of their own."""
    out: set[str] = set()
    for f in found:
        where = f.record.get("resources")
        if isinstance(where, dict):
            out.update(str(v) for v in where.values())
        out.update(alternates.kept_files(f.record))  # an R Markdown page's other file
    return out


def bundle_of(path: str) -> str | None:
    name = PurePosixPath(path).name
    if name.startswith("index."):
        return "leaf"
    if name.startswith("_index."):
        return "branch"
    return None


def plain_path(found: Found, kind: str, table: fieldmap.Table) -> tuple[str, str]:
    """(content path, slug) of a page with no record: its section, and its file name without
    the date a Jekyll post carries."""
    stem = PurePosixPath(found.rel).stem
    m = DATED.match(stem)
    slug = m.group(2) if m else stem
    sections = table.data.get("sections") or {}
    section = str(sections.get(kind, kind))
    path = f"{section}/{slug}.md" if section else f"{slug}.md"
    return path, slug


def to_page(
    found: Found,
    root: Path,
    kind: str,
    table: fieldmap.Table,
    ctx: fieldmap.Context,
    resource_url: Callable[[str], str | None] = lambda dest: None,
) -> Page:
    """The neutral page of a parsed target file. `resource_url` is the writer's address for a
    bundle file written at `dest`: what a field naming that file was mapped to."""
    record = found.record
    kind = str(record.get("kind") or kind)
    where = record.get("resources")
    if isinstance(where, dict):
        addresses = {str(n): resource_url(str(d)) for n, d in where.items()}
        ctx = dataclasses.replace(
            ctx, resources={n: a for n, a in addresses.items() if a is not None}
        )
    result = fieldmap.inverse(found.data, kind, table, ctx)
    fields = result.fields
    warnings = list(found.warnings) + result.warnings
    path = record.get("path")
    if isinstance(path, str) and path:
        stem = PurePosixPath(path)
        slug = stem.parent.name if bundle_of(path) else stem.stem
    else:
        path, slug = plain_path(found, kind, table)
    body, warning = restore.restore(found.body, record.get("body"))
    if warning:
        warnings.append(warning)
    body, alternate, more = alternates.read_back(record, root, body)
    warnings += more
    resources: list[Resource] = []
    if isinstance(where, dict):
        roles = resource_patterns()
        for name, dest in where.items():
            file = root / str(dest)
            if not file.is_file():
                warnings.append(f"bundle file {name} is missing (expected at {dest})")
                continue
            role = next((r for r, rx in roles.items() if rx.search(str(name))), "file")
            resources.append(Resource(str(name), file, role))
    comments = found.comments.copy()
    changed = commented.restore(comments, record.get(commented.ENTRY))
    if changed:
        warnings.append(
            f"{len(changed)} commented-out field paragraph(s) changed since the migration "
            "(uncommented?): the page as it is wins"
        )
    for name in fields:
        comments.rename((KEEP_KEY, "fields", name), (name,))
    for old, new in single_targets(table, kind).items():
        comments.rename(tuple(new.split(".")), (old,))
    lang = record.get("lang")
    page = Page(
        kind=kind,
        slug=str(fields.get("slug") or slug),
        path=path,
        fields=fields,
        body=body,
        resources=resources,
        comments=comments,
        lang=str(lang) if lang else None,
        bundle=bundle_of(path),
        source=found.source,
        warnings=warnings,
        alternate=alternate,
    )
    page.snapshot()
    return page


def read_pages(
    site: Site,
    files: list[Path],
    table: fieldmap.Table,
    kind_of: Callable[[Found], str],
    resource_url: Callable[[str], str | None] = lambda dest: None,
    prepare: Callable[[Found], Found] = lambda f: f,
    page_url: Callable[[str], str | None] = lambda rel: None,
) -> tuple[list[Found], set[str]]:
    """Read `files` into `site.pages`; returns the files that became pages and the bundle
    files records claimed (neither is a static file of the site). `page_url` is the writer's
    address of a page file, for fields the table writes as links to other pages.

    A file under _hugo_academic/content that does not parse is a Hugo page that failed to
    convert, kept as it was: a file to copy back, not a problem of this site. Pages a writer
    generated (a listing it added) are its own, not the Hugo site's. Author profiles are read
    first, so that other pages' `authors` are read back through their names.
    """
    root = site.root
    found: list[Found] = []
    for file in [*files, *kept_pages_of_other_formats(root, files)]:
        kept = file.is_relative_to(root / KEEP_DIR)
        f = parse(file, root, Site(root=root) if kept else site)
        if f is not None:
            found.append(f)
    records = attach_moved(found, site)
    claimed = claimed_resources(found)
    site.warnings += [
        f"{f.rel}: edited since academic-migrate made it from the Hugo site (its record "
        f"{f.record_file} says so); it is still left out when the site is read back, so the "
        "edits do not reach Hugo: delete the record to read it as a page of the site"
        for f in found
        if f.generated and f.edited
    ]
    pages = [
        prepare(f)
        for f in found
        if f.rel not in claimed
        and not f.generated
        and not (f.rel.startswith(f"{KEEP_DIR}/content/") and not f.record)
    ]
    site.pages = [
        to_page(f, root, kind_of(f), table, fieldmap.Context(), resource_url)
        for f in pages
        if f.record.get("kind") == "author"
    ]
    # profiles in data/authors (Hugo Blox) were kept, with the Hugo config, under ours
    profiles = Site(root=root / KEEP_DIR, pages=site.pages)
    HugoReader().read_authors(profiles)
    site.authors = profiles.authors
    site.problems += profiles.problems
    ctx = fieldmap.context_for(site)
    site.pages = [to_page(f, root, kind_of(f), table, ctx, resource_url) for f in pages]
    _relink(site, pages, table, ctx, kind_of, resource_url, page_url)
    made_up = {f.rel for f in found if f.generated}
    for f in found:  # files a page the writer made up brought with it (an about page's avatar)
        if f.generated and isinstance(f.record.get("files"), list):
            made_up.update(str(x) for x in f.record["files"])
    return pages, claimed | made_up | records


def _relink(
    site: Site,
    found: list[Found],
    table: fieldmap.Table,
    ctx: fieldmap.Context,
    kind_of: Callable[[Found], str],
    resource_url: Callable[[str], str | None],
    page_url: Callable[[str], str | None],
) -> None:
    """Read again, knowing every page's address, the pages that had a field the table writes
    as links to other pages (a talk's slides: `page_links`, a lossy rule, so the record keeps
    the ids): whether the links on the page are still the ones written can only be told once
    those pages are known. Other pages are read once."""
    rel = {(page.path, page.lang): f.rel for page, f in zip(site.pages, found, strict=True)}
    for i, page in enumerate(site.pages):
        kept = found[i].record.get("fields")
        rules = table.rules_for(page.kind)
        if not isinstance(kept, dict) or not any(
            TRANSFORMS[rules[n].transform or "rename"].links_pages for n in kept if n in rules
        ):
            continue

        def url(ref: str, lang: str | None = page.lang) -> str | None:
            linked = site.get_page(ref, lang)
            where = rel.get((linked.path, linked.lang)) if linked is not None else None
            return page_url(where) if where is not None else None

        again = dataclasses.replace(ctx, page_url=url)
        site.pages[i] = to_page(found[i], site.root, kind_of(found[i]), table, again, resource_url)
    site.forget_page_index()


def kept_pages_of_other_formats(root: Path, files: list[Path]) -> list[Path]:
    """Hidden pages kept under _hugo_academic/content in a format no target reader looks
    for (`index.html`, `x.org`, `index.Rmd`): read too, so that they come back."""
    kept = root / KEEP_DIR / "content"
    if not kept.is_dir():
        return []
    known = set(files)
    return [
        f
        for f in files_under(root, kept)
        if f not in known
        and formats.name_format(f.name) != formats.MARKDOWN
        and (formats.hugo_format(f.name) is not None or formats.is_rmarkdown(f.name))
    ]


def read_kept_config(site: Site) -> None:
    """The Hugo config a writer kept under _hugo_academic/: the site's title, menus, params
    (and the files themselves, written back where they were by a Hugo writer)."""
    kept = site.root / KEEP_DIR
    if kept.is_dir():
        inner = Site(root=kept)
        HugoReader().read_config(inner)
        site.config, site.params, site.menus = inner.config, inner.params, inner.menus
        site.problems += inner.problems


def site_root(path: Path, find_root: Callable[[Path], Path | None], what: str) -> Path:
    """The root of the target site `path` is (in), or a usage error naming what is missing."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    root = find_root(path)
    if root is None:
        raise UsageError(f"{path}: not inside {what}")
    return root


def other_files(site: Site, taken: set[str], static_path: Callable[[str], str | None]) -> list[str]:
    """The site's files that are not pages, as Hugo paths: what was kept under
    _hugo_academic goes back to its Hugo place (config files are read as config), and a file
    the target serves as it is becomes a Hugo static file where `static_path` says (None: the
    target's own file, or not served)."""
    config = {c.path for c in site.config}
    out: list[str] = []
    site.problems += links_outside(site.root)
    for f in files_under(site.root, site.root):
        rel = f.relative_to(site.root).as_posix()
        if rel in taken:
            continue
        if rel.startswith(f"{KEEP_DIR}/"):
            hugo_path: str | None = rel[len(KEEP_DIR) + 1 :]
            if hugo_path in config:
                continue
        else:
            hugo_path = static_path(rel)
        if hugo_path is not None:
            out.append(hugo_path)
            site.file_sources[hugo_path] = f
    return out
