"""Read a Hugo Academic / Wowchemy / Hugo Blox site, of any era, into the neutral model.

What is a page follows Hugo's own rules, so that we convert exactly the pages Hugo builds: a
folder with `index.md` is a leaf bundle whose other files (other `.md` files included) are
resources; `_index.md` is a branch (a section, an author profile, a course); any other `.md`
file is a page of its own, front matter or not.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Collection
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from converter import deploy, eras, fieldmap, formats, home, parallel, sidecar
from converter.commented_syntax import OTHER
from converter.errors import ConversionError, EncodingError, UsageError
from converter.fastcopy import copy_data
from converter.frontmatter import load as load_front_matter
from converter.interfaces import ReadOptions
from converter.keep import KEEP_KEY
from converter.model import (
    Author,
    ConfigFile,
    Page,
    Problem,
    Resource,
    Site,
    SourceInfo,
    fields_digest,
)
from converter.pages import decode, parse_page
from converter.readers import content_files
from converter.readers.org import OrgFrontMatter, split_org
from converter.readers.site_files import (
    _files,
    _rel,
    files_inside,
    leaves_site,
    links_outside,
    walk_site,
)
from converter.tables import load_table

PAGE_SUFFIXES = {".md", ".markdown"}  # what `detect` takes for a page; the full list: formats
CONFIG_NAMES = ("config", "hugo")
CONFIG_SUFFIXES = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
# A page larger than this is reported, not read; real pages are kilobytes. Raise it with the
# environment variable, in bytes (ACADEMIC_MIGRATE_MAX_PAGE_BYTES=100000000).
MAX_PAGE_BYTES_ENV = "ACADEMIC_MIGRATE_MAX_PAGE_BYTES"
MAX_PAGE_BYTES = 16 << 20


def find_root(path: Path) -> tuple[Path, Path]:
    """(site root, content folder) for a site root, a content folder, or a page inside one."""
    path = path.resolve()
    start = path if path.is_dir() else path.parent
    for candidate in [start, *start.parents]:
        if is_site_root(candidate):
            return candidate, candidate / "content"
        if candidate.name == "content" and is_site_root(candidate.parent):
            return candidate.parent, candidate
    # a bare content folder with no config: treat the folder itself as the content
    return start, start


def is_site_root(path: Path) -> bool:
    if (path / "config" / "_default").is_dir():
        return True
    return any((path / f"{n}{s}").is_file() for n in CONFIG_NAMES for s in CONFIG_SUFFIXES)


def config_files(root: Path) -> list[Path]:
    found = [root / f"{n}{s}" for n in CONFIG_NAMES for s in CONFIG_SUFFIXES]
    files = [p for p in found if p.is_file()]
    config_dir = root / "config"
    if config_dir.is_dir():
        files += sorted(
            p for p in config_dir.rglob("*") if p.is_file() and p.suffix in CONFIG_SUFFIXES
        )
    return [p for p in files if not leaves_site(p, root)]  # a link out: reported, not read


def _bundled(all_files: list[Path], candidates: set[Path]) -> tuple[list[Path], set[Path]]:
    """(the page files, the other files) of `all_files`: a candidate is a page unless it
    is inside a leaf bundle (a folder of an `index.*` candidate, or below one) and is not
    that bundle's own index. Each folder is judged once, and found by the text of a file's
    path (a Path's text has no trailing or double slash): comparing every file with every
    bundle was quadratic, and each file's every ancestor a Path made and hashed again."""
    leaf_dirs = {f.parent for f in candidates if f.stem == "index"}
    below_leaf: dict[Path, bool] = {}  # folder -> whether it or one above is a leaf's

    def in_leaf(folder: Path) -> bool:
        known = below_leaf.get(folder)
        if known is None:
            up = folder.parent
            known = folder in leaf_dirs or (up != folder and in_leaf(up))
            below_leaf[folder] = known
        return known

    by_text: dict[str, bool] = {}
    pages: list[Path] = []
    others: set[Path] = set()
    for f in all_files:
        if f not in candidates:
            others.add(f)
            continue
        text = str(f)
        cut = text.rfind("/")
        if cut > 0:
            folder = text[:cut]
            inside = by_text.get(folder)
            if inside is None:
                inside = by_text[folder] = in_leaf(f.parent)
        else:
            inside = in_leaf(f.parent)
        # (an `index.*` candidate's folder is in leaf_dirs, by the making of leaf_dirs)
        if not inside or f.stem == "index":
            pages.append(f)
        else:
            others.add(f)
    return pages, others


class HugoReader:
    name = "hugo"
    description = (
        "Hugo Academic, Wowchemy and Hugo Blox sites (YAML, TOML or JSON front matter), every era"
    )

    def detect(self, path: Path) -> bool:
        if path.is_file():
            return path.suffix in PAGE_SUFFIXES
        root, content = find_root(path)
        return is_site_root(root) or any(content.rglob("*.md"))

    # -- site -------------------------------------------------------------------------------

    def read(self, path: Path, options: ReadOptions | None = None) -> Site:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        root, content = find_root(path)
        site = Site(
            root=root, content_dir=_rel(content, root) if content != root else ".", reader=self.name
        )
        self.read_config(site)
        languages = self._language_dirs(site)
        only = path.resolve() if path.is_file() else None
        ignore = content_files.Ignore.from_params(site.params)
        site.problems += [Problem(c.path, why) for c in site.config[:1] for why in ignore.problems]
        sources: dict[Path, Path] = {}
        walked = walk_site(root, content) if only is None else None  # both listings at once
        listing = walked.content if walked is not None else None
        page_files, other_files = self._scan_content(content, ignore, sources, listing)
        wanted = [f for f in page_files if only is None or f == only]
        records = set(sidecar.find(root))
        page_set = frozenset(page_files)  # once: a set per leaf bundle was quadratic

        def read_one(i: int, record: str | None = None) -> Page | Problem:
            file, rel = wanted[i], _rel(wanted[i], root)
            known = sidecar.record_path(rel)  # `--keep sidecar`: the record beside the page
            args = (content, root, languages, page_set, sources.get(file))
            record = record or (known if known in records else None)
            try:
                return self.read_page_at(file, *args, record)
            except ConversionError as e:
                return Problem(rel, e.message, e.line)

        options = options or ReadOptions(jobs=1)
        for item in parallel.map_pages(
            read_one,
            len(wanted),
            jobs=options.jobs,
            progress=options.progress,
            stage="read",
            shares_site=False,  # a worker reads files, not the pages read before
        ):
            if isinstance(item, Problem):
                site.problems.append(item)
            else:
                site.pages.append(item)
        if only is None and records:
            index = {f: i for i, f in enumerate(wanted)}
            self._moved_records(site, lambda f, r: read_one(index[f], r) if f in index else None)
        if only is None:
            claimed = {r.source for p in site.pages for r in p.resources if r.source}
            claimed.update(sources.values())  # the R Markdown sources of pages: their bodies
            config = {p.resolve() for p in config_files(root)}
            in_content = walked.in_content if walked is not None else None
            for file in walked.root if walked is not None else self._scan_root(root, content):
                if file in config or file in claimed:
                    continue
                below = file in in_content if in_content is not None else content in file.parents
                if below and file in page_set and file not in other_files:
                    continue  # a page file that failed to read: reported, not copied silently
                if _rel(file, root) in records:
                    continue  # a page's record: read with it (or reported, when it is gone)
                site.files.append(_rel(file, root))
            site.problems += links_outside(root, walked.links if walked is not None else None)
        self.read_authors(site)
        if only is None:
            site.sections = home.read_sections(site)
            site.deployment = deploy.detect_files(root)
        if options.mappings:
            self._unmap(site, options.mappings)
        return site

    def _moved_records(
        self, site: Site, reread: Callable[[Path, str], Page | Problem | None]
    ) -> None:
        """Give a page that was moved (not edited) the record it left behind, found by the
        digest of its bytes, and report a record whose page is gone (a warning: the site is
        whole without it, only the way back to the page's first form is lost). A record whose
        file is there, read by no page, is a widget page's: the writers read it with it."""
        used = {p.source.record for p in site.pages if p.source and p.source.record}
        orphans = sidecar.orphans(site.root, used | {c.record for c in site.config if c.record})
        spare = sidecar.by_digest([r for r in orphans if not (site.root / r.page).is_file()])
        for i, page in enumerate(site.pages):
            src = page.source
            record = spare.pop(sidecar.digest(src.raw), None) if src and not src.record else None
            again = reread(site.root / src.path, record.file) if src and record else None
            if isinstance(again, Page):
                site.pages[i] = again
        site.warnings += [sidecar.gone(r) for r in spare.values()]

    def _unmap(self, site: Site, mappings: list[Path]) -> None:
        """Undo a user's mapping table, for a site written with `--mapping` (see `roundtrip`)."""
        table = fieldmap.load("hugo", mappings)
        if table.is_identity:
            return
        ctx = fieldmap.context_for(site)
        renames = {r.to: name for name, r in table.rules_for("").items() if r.to and r.to != name}
        for page in site.pages:
            if page.source is not None and not page.source.holds_data:  # (fields replaced)
                data = copy_data(page.fields)  # the upgrades undone: the data read
                eras.downgrade(data, page.comments.copy(), page.upgrades)
                page.source.hold_data(data)
            result = fieldmap.inverse(page.fields, page.kind, table, ctx)
            page.fields = result.fields
            page.warnings += result.warnings
            for new, old in renames.items():
                page.comments.rename(tuple(new.split(".")), (old,))
            page.snapshot()

    def _scan_content(
        self,
        content: Path,
        ignore: content_files.Ignore | None = None,
        sources: dict[Path, Path] | None = None,
        listing: list[Path] | None = None,
    ) -> tuple[list[Path], set[Path]]:
        """Page files (as Hugo sees them, and R Markdown sources blogdown would render) and
        the other files under content/. `sources` gets each rendered page's R Markdown
        source, which is neither a page nor another file but the page's second body.
        `listing`: the content folder's files, when the caller has listed them already."""
        if not content.is_dir():
            return [], set()
        ignore = ignore or content_files.Ignore()
        all_files = listing if listing is not None else files_inside(content, content)
        rendered = {
            f for f in all_files if content_files.is_page_file(f) and not ignore(f, content)
        }
        pairs, alone = content_files.pair_sources(all_files, rendered)
        candidates = rendered | set(alone)
        pages, others = _bundled(all_files, candidates)
        found = set(pages)
        kept = {r: s for r, s in pairs.items() if r in found}
        others.difference_update(kept.values())
        if sources is not None:
            sources.update(kept)
        return pages, others

    def _scan_root(self, root: Path, content: Path) -> list[Path]:
        return files_inside(root, root)

    # -- one page ---------------------------------------------------------------------------

    def read_page(self, path: Path) -> Page:
        root, content = find_root(path)
        site = Site(root=root)
        self.read_config(site)
        sources: dict[Path, Path] = {}
        ignore = content_files.Ignore.from_params(site.params)
        pages, _ = (
            self._scan_content(content, ignore, sources)
            if content.is_dir()
            else ([path.resolve()], set())
        )
        file = path.resolve()
        record = sidecar.record_path(_rel(file, root))
        return self.read_page_at(
            file,
            *(content, root, self._language_dirs(site), pages, sources.get(file)),
            record if (root / record).is_file() else None,
        )

    def read_page_at(
        self,
        file: Path,
        content: Path,
        root: Path,
        languages: set[str],
        page_files: Collection[Path],
        rmarkdown: Path | None = None,
        record: str | None = None,
    ) -> Page:
        """The page in `file`; `record` is the keep record file (site-relative) to read it
        with, as `--keep sidecar` wrote it beside the page."""
        try:
            raw = read_page_bytes(file)
            parsed = parse_page(raw)
        except ConversionError as e:
            raise e.located(_rel(file, root)) from None
        kept = sidecar.load(root, record) if record and KEEP_KEY not in parsed.data else None
        record, respelled = (record if kept is not None else None), False
        if kept is not None:
            rel_file = _rel(file, root)
            said, respelled = sidecar.read_into(parsed.data, parsed.comments, raw, rel_file, kept)
            parsed.warnings += said
        rel = PurePosixPath(_rel(file, content))
        parts = list(rel.parts)
        lang = None
        if len(parts) > 1 and parts[0] in languages:
            lang = parts.pop(0)
        bundle = (
            "leaf"
            if file.name.startswith("index.")
            else "branch"
            if file.name.startswith("_index.")
            else None
        )
        data = parsed.data
        split = parsed.split
        org = org_front_matter(file, parsed.text) if split.format is None else None
        if org is not None:  # `#+TITLE:` lines: Org's own front matter
            data = org.data
            split = dataclasses.replace(
                split, format="org", body=org.body, body_line=org.head.count("\n") + 1
            )
        kind = self._kind(parts, bundle, data)
        slug = (parts[-2] if len(parts) > 1 else "") if bundle else PurePosixPath(parts[-1]).stem
        fields = copy_data(data)  # upgrades edit nested maps; the source must not change
        comments = parsed.comments.copy()
        upgrades = eras.upgrade(kind, fields, comments)
        page = Page(
            kind=kind,
            slug=str(fields.get("slug") or slug),
            path=rel.as_posix(),
            fields=fields,
            body=split.body,
            comments=comments,
            upgrades=upgrades,
            lang=lang,
            bundle=bundle,
            warnings=list(parsed.warnings),
            source=SourceInfo(
                path=_rel(file, root),
                format=split.format,
                raw=raw,
                data=data,
                # those of `raw` as parsed, read again when asked; a record's are not
                comments=parsed.comments if kept is not None else None,
                prefix=split.prefix,
                newline=split.newline,
                body_line=split.body_line,
                record=record,
                comments_format=OTHER.get(split.format or "") if respelled else None,
                root=str(root),  # `raw` read again from the file when asked
            ),
        )
        if rmarkdown is not None:  # the R Markdown source blogdown rendered this file from
            try:
                page.alternate, warnings = content_files.read_alternate(rmarkdown, file, data)
            except ConversionError as e:
                raise e.located(_rel(rmarkdown, root)) from None
            page.warnings += warnings
        if bundle == "leaf":
            page.resources = self._resources(file.parent, page_files, root, rmarkdown)
        page.snapshot()
        if kept is None and split.format != "org" and page.source:  # `data` parsed again
            # (the fields' digest is the data's where no upgrade changed them: copies alike)
            page.source.forget_data(page._read_fields if not upgrades else fields_digest(data))
        return page

    def _kind(self, parts: list[str], bundle: str | None, data: dict[str, Any]) -> str:
        kinds: dict[str, str] = load_table("hugo")["folders"]
        declared = data.get("type")
        if isinstance(declared, str) and declared in kinds:
            kind = kinds[declared]
        elif len(parts) == 1:
            kind = "home" if bundle == "branch" else "page"
        else:
            kind = kinds.get(parts[0], "page")
        if kind == "home" and len(parts) > 1:
            kind = "page"  # a `type: landing` page below the root
        if bundle == "branch" and kind != "home":
            is_profile = kind == "author" and len(parts) == 3
            is_course = kind == "docs"
            if not is_profile and not is_course:
                kind = "section"
        if kind == "author" and bundle != "branch":
            kind = "page"
        return kind

    def _resources(
        self,
        folder: Path,
        page_files: Collection[Path],
        root: Path | None = None,
        alternate: Path | None = None,
    ) -> list[Resource]:
        patterns = resource_patterns()
        out = []
        # the site's page files: a set made once by `read`, not one per bundle (25 million
        # hashes at 5,000 real pages)
        pages = page_files if isinstance(page_files, (set, frozenset)) else set(page_files)
        nested: dict[Path, bool] = {}
        links: set[Path] = set()  # the walk tells links without a call per file
        for f in _files(folder, links):  # (no skipped folder or name: the walk leaves them)
            if f.parent == folder and (f in pages or f == alternate):
                continue  # the page itself, or its R Markdown source
            if f.parent != folder and nested.setdefault(f.parent, _has_index(f.parent)):
                continue  # a nested leaf bundle is a page of its own
            if f in links and leaves_site(f, root or folder):
                continue  # a link out of the site: reported by `links_outside`, not copied
            name = _rel(f, folder)
            role = next((r for r, rx in patterns.items() if rx.search(name)), "file")
            out.append(Resource(name=name, source=f, role=role))
        return out

    # -- config, languages, authors -----------------------------------------------------------

    def read_config(self, site: Site) -> None:
        for file in config_files(site.root):
            raw = file.read_bytes()
            rel = _rel(file, site.root)
            fmt = CONFIG_SUFFIXES[file.suffix]
            try:
                data, comments = load_front_matter(fmt, decode(raw))
            except ConversionError as e:
                site.problems.append(Problem(rel, e.message, e.line))
                continue
            record, said = sidecar.read_beside(site.root, rel, data, comments, raw)
            site.warnings += [f"{rel}: {w}" for w in said]
            site.config.append(ConfigFile(rel, fmt, data, comments, raw, record))
            stem = file.stem.split(".")[0]
            if stem in CONFIG_NAMES:
                for k, v in data.items():
                    site.params.setdefault(k, v)
            elif stem == "params":
                site.params.setdefault("params", {}).update(data)
            elif stem in ("markup", "module"):  # config/_default/markup.yaml: body settings
                site.params.setdefault(stem, {}).update(data)
            elif stem == "menus":
                for name, items in data.items():
                    if isinstance(items, list):
                        site.menus.setdefault(name, []).extend(
                            i for i in items if isinstance(i, dict)
                        )
            elif stem == "languages":
                site.params.setdefault("languages", {}).update(data)
        menu = site.params.get("menu")
        if isinstance(menu, dict):
            for name, items in menu.items():
                if isinstance(items, list):
                    site.menus.setdefault(name, []).extend(i for i in items if isinstance(i, dict))

    def _language_dirs(self, site: Site) -> set[str]:
        languages = site.params.get("languages")
        if not isinstance(languages, dict):
            return set()
        dirs = set()
        for code, conf in languages.items():
            content_dir = conf.get("contentDir") if isinstance(conf, dict) else None
            if isinstance(content_dir, str):
                dirs.add(PurePosixPath(content_dir).name)
            elif len(languages) > 1:
                dirs.add(str(code))
        return dirs

    def read_authors(self, site: Site) -> None:
        for page in site.pages:
            if page.kind == "author":
                name = page.fields.get("title") or page.slug
                site.authors.setdefault(
                    page.slug, Author(page.slug, str(name), page.fields, page.path)
                )
        data_dir = site.root / "data" / "authors"
        if data_dir.is_dir():
            for f in sorted(data_dir.iterdir()):
                if f.suffix not in CONFIG_SUFFIXES or leaves_site(f, site.root):
                    continue
                try:
                    data, _ = load_front_matter(CONFIG_SUFFIXES[f.suffix], decode(f.read_bytes()))
                except ConversionError as e:
                    site.problems.append(Problem(_rel(f, site.root), e.message, e.line))
                    continue
                name = data.get("name")
                display = name.get("display") if isinstance(name, dict) else name
                slug = str(data.get("slug") or f.stem)
                site.authors.setdefault(
                    slug, Author(slug, str(display or slug), data, _rel(f, site.root))
                )


@cache
def resource_patterns() -> dict[str, re.Pattern[str]]:
    table: dict[str, str] = load_table("hugo")["resources"]
    return {role: re.compile(rx, re.IGNORECASE) for role, rx in table.items()}


def max_page_bytes() -> int:
    value = os.environ.get(MAX_PAGE_BYTES_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else MAX_PAGE_BYTES


def read_page_bytes(file: Path, then: str = "not read, copied unchanged") -> bytes:
    """A page file's bytes, refusing what no page is: a file over the size limit (read no
    further than the limit, so a huge or endless file costs nothing) or one with NUL bytes
    (an image or archive saved as `.md`; UTF-8 text never holds NUL). `then` tells the user
    what becomes of such a file."""
    limit = max_page_bytes()
    try:
        with open(file, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as e:
        raise ConversionError(f"cannot be read: {e.strerror or e}") from None
    if len(raw) > limit:
        raise ConversionError(
            f"page is larger than the limit of {limit:,} bytes; {then} "
            f"(set {MAX_PAGE_BYTES_ENV} to a larger number of bytes to read it)"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError("UTF-16 text, not UTF-8; re-save the file as UTF-8", line=1)
    nul = raw.find(b"\0")
    if nul >= 0:
        raise EncodingError(
            f"a binary file, not a text page (NUL byte at offset {nul}); {then}",
            line=raw[:nul].count(b"\n") + 1,
        )
    return raw


def _has_index(folder: Path) -> bool:
    """Whether `folder` holds an `index.*` page file (a leaf bundle's index, of any format)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(
        n.startswith("index.") and (formats.hugo_format(n) is not None or formats.is_rmarkdown(n))
        for n in names
    )


def org_front_matter(file: Path, text: str) -> OrgFrontMatter | None:
    """An `.org` page's `#+KEY:` front matter (None for any other page, or none there)."""
    return split_org(text) if formats.hugo_format(file.name) == "org" else None
