"""Read a Quarto website back into the model.

`mappings/quarto.yaml` is read backwards: `description` is the summary, `categories` the tags,
`other-links` the `url_*` buttons, `citation.type` the publication type. A site this tool
wrote also gets back, from each page's `hugo_academic` record and from `_hugo_academic/`,
everything Quarto had no place for, so writing it to Hugo again gives the site it came from.
Pages the writer made up (listings of sections Hugo had no page for, `about.qmd`) say so in
their record and are not read as pages.

A Quarto site made by hand is read by Quarto's own rules: every `.qmd`/`.md` outside folders
and files starting with `_` or `.` is a page; its kind comes from its first folder
(`talks/` -> event) and its Hugo path from its folder (`talks/x/index.qmd` -> `event/x/index.md`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath
from typing import Any

from converter import fieldmap
from converter.conventions import KEEP_DIR
from converter.conventions.quarto import OWN, RENDERED, served_url
from converter.errors import UsageError
from converter.frontmatter import load as load_front_matter
from converter.interfaces import ReadOptions
from converter.keep import KEEP_KEY
from converter.model import Page, Site
from converter.pages import decode
from converter.readers import target

CONFIG_NAMES = ("_quarto.yml", "_quarto.yaml")
NOT_PAGES = {"readme", "license", "claude", "agents"}  # Quarto renders none of these


def find_root(path: Path) -> Path | None:
    start = path.resolve() if path.is_dir() else path.resolve().parent
    for candidate in [start, *start.parents]:
        if any((candidate / name).is_file() for name in CONFIG_NAMES):
            return candidate
    return None


def no_address(dest: str) -> str | None:
    """Bundle files stay beside their page: a field naming one keeps its relative name."""
    return None


class QuartoReader:
    name = "quarto"
    description = "Quarto websites (_quarto.yml; .qmd pages, talks/ publications/ posts/...)"

    def detect(self, path: Path) -> bool:
        return find_root(path) is not None

    def read(self, path: Path, options: ReadOptions | None = None) -> Site:
        root = target.site_root(path, find_root, "a Quarto project (no _quarto.yml found)")
        options = options or ReadOptions()
        table = fieldmap.load("quarto", options.mappings)
        site = Site(root=root, reader=self.name)
        target.read_kept_config(site)
        self._read_quarto_config(site)
        pages, taken = target.read_pages(
            site,
            self._page_files(root),
            table,
            lambda f: "page",  # every page this reader reads has its kind in its record
            no_address,
            prepare=lambda f: self._with_place(f, table),
            page_url=served_url,
        )
        site.files = self._files(root, taken | {f.rel for f in pages}, site)
        return site

    def read_page(self, path: Path) -> Page:
        root = find_root(path) or path.parent
        site = Site(root=root)
        f = target.parse(path.resolve(), root, site)
        if f is None:
            raise UsageError(str(site.problems[0]))
        table = fieldmap.load("quarto")
        f = self._with_place(f, table)
        return target.to_page(f, root, "page", table, fieldmap.Context(), no_address)

    # -- pages --------------------------------------------------------------------------------

    def _with_place(self, found: target.Found, table: fieldmap.Table) -> target.Found:
        """A page with no record gets one saying its kind and Hugo path, from its folder, as
        Quarto lays out a site: `talks/x/index.qmd` is the event `event/x/index.md`."""
        if found.record.get("kind") and found.record.get("path"):
            return found
        rel = PurePosixPath(found.rel)
        folders: dict[str, str] = dict(table.data.get("folders") or {})
        sections: dict[str, str] = dict(table.data.get("sections") or {})
        kind = folders.get(rel.parts[0], "page") if len(rel.parts) > 1 else "page"
        name = rel.name.split(".")[0]
        if rel.parent == PurePosixPath(".") and name == "index":
            kind, path = "home", "_index.md"
        elif name == "index" and len(rel.parts) == 2:
            kind, path = (
                "section",
                f"{sections.get(folders.get(rel.parts[0], ''), rel.parts[0])}/_index.md",
            )
        elif name == "index":
            section = sections.get(kind, rel.parts[0]) if kind != "page" else None
            inner = rel.parent.parts[1:] if section is not None else rel.parent.parts
            path = "/".join([*([section] if section else []), *inner, "index.md"])
        else:
            path = str(rel.with_suffix(".md"))
        record = {**found.record, "kind": kind, "path": path}
        return dataclasses.replace(found, data={**found.data, KEEP_KEY: record})

    def _page_files(self, root: Path) -> list[Path]:
        out: list[Path] = []
        for f in target.files_under(root, root):
            if f.suffix.lower() not in RENDERED:
                continue
            parts = f.relative_to(root).parts
            if parts[0] == KEEP_DIR:
                if len(parts) > 1 and parts[1] == "content":
                    out.append(f)
                continue
            if any(p.startswith(("_", ".")) for p in parts):
                continue
            if f.stem.lower() in NOT_PAGES or f.suffix.lower() in (".ipynb", ".rmd"):
                continue
            out.append(f)
        return out

    # -- files --------------------------------------------------------------------------------

    def _files(self, root: Path, taken: set[str], site: Site) -> list[str]:
        """What Quarto serves as it is (no `_` or `.` folder on the way) is Hugo's static
        files."""

        def static(rel: str) -> str | None:
            parts = PurePosixPath(rel).parts
            if parts[0] in OWN or any(p.startswith(("_", ".")) for p in parts):
                return None
            return f"static/{rel}"

        return target.other_files(site, taken, static)

    def _read_quarto_config(self, site: Site) -> None:
        for name in CONFIG_NAMES:
            file = site.root / name
            if not file.is_file():
                continue
            data, _ = load_front_matter("yaml", decode(file.read_bytes()))
            found = data.get("website")
            website: dict[str, Any] = found if isinstance(found, dict) else {}
            if website.get("title"):
                site.params.setdefault("title", website["title"])
            if website.get("site-url"):
                site.params.setdefault("baseURL", str(website["site-url"]).rstrip("/") + "/")
            return
