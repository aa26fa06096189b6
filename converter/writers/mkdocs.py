"""MkDocs writer: a Material for MkDocs project that `mkdocs build --strict` builds as it is.

Everything MkDocs reads lives under `docs/`: each page as the `index.md` of its own folder, its
bundle files beside it, so a talk or a paper keeps its Hugo address (`/publication/foo/`); blog
posts under `docs/blog/posts/`, where Material's blog plugin wants them, served at
`/blog/<slug>/` (`post_url_format: "{file}"`) with their files in a folder named after them.
What MkDocs must not publish (Hugo config, widget pages, pages that failed to read) goes to
`_hugo_academic/` beside `docs/`, outside the docs_dir. `mkdocs.yml`, the blog's
`.authors.yml` and the section listings are written by `mkdocs_site.py`.
"""

from __future__ import annotations

import posixpath

from converter import fieldmap
from converter.body.links import LinkMap
from converter.body.render import BodyRules
from converter.model import Page, Resource, Site
from converter.plan import PageReport, Plan
from converter.registry import WriteOptions
from converter.writers import mkdocs_blocks as blocks
from converter.writers import mkdocs_site
from converter.writers.mkdocs_site import DOCS, POSTS, served
from converter.writers.target import KEEP_DIR, Placement, TargetWriter, hidden

PAGE_SUFFIXES = (".md", ".markdown")


def is_post(dest: str) -> bool:
    return dest.startswith(POSTS) and dest.endswith(".md")


class MkDocsWriter(TargetWriter):
    name = "mkdocs"
    reader = "mkdocs"
    description = (
        "MkDocs with Material: posts in the blog plugin, talks, publications and projects as "
        "pages with listings; built by `mkdocs build --strict`"
    )

    # The site and placement of the plan being made: the body hook needs the other pages to
    # list a section, and TargetWriter passes it only the page.
    _site: Site | None = None
    _placement: Placement | None = None

    def url(self, page: Page, site: Site, dest: str) -> str:
        return served(dest) or "/" + dest

    def resource_dest(self, page: Page, res: Resource, dest: str) -> str:
        if (
            not dest.startswith(DOCS)
            or res.role == "page-resource"
            or res.name.endswith(PAGE_SUFFIXES)
        ):
            # not for MkDocs to publish (a Markdown file would become a page of its own)
            return f"{KEEP_DIR}/content/{posixpath.dirname(page.path)}/{res.name}"
        if is_post(dest):  # posts share folders: each keeps its files in its own
            return f"{dest[: -len('.md')]}/{res.name}"
        return posixpath.join(posixpath.dirname(dest), res.name)

    def resource_url(self, page: Page, dest: str, rdest: str) -> str | None:
        if is_post(dest) and rdest.startswith(DOCS):
            return posixpath.relpath(rdest, posixpath.dirname(dest))
        return None

    def static_dest(self, rel: str) -> str | None:
        if rel.endswith(PAGE_SUFFIXES):
            return None  # MkDocs would render it as a page
        return DOCS + rel

    def place(self, site: Site, table: fieldmap.Table) -> Placement:
        placement = super().place(site, table)
        self._site, self._placement = site, placement
        return placement

    def plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        try:
            return super().plan(site, options)
        finally:
            self._site = self._placement = None

    def _body(
        self,
        page: Page,
        rules: BodyRules,
        links: LinkMap,
        moved: dict[str, str],
        report: PageReport,
    ) -> str:
        body = super()._body(page, rules, links, moved, report)
        site, placement = self._site, self._placement
        if site is None or placement is None or hidden(page):
            return body
        dest = placement.dest(page)
        if not dest.startswith(DOCS):
            return body
        here = {r.name: moved.get(r.name, r.name) for r in page.resources}
        head = blocks.header(page, here, lambda a: mkdocs_site.author_name(site, a))
        tail = ""
        if page.kind in ("section", "home") and dest.endswith("/index.md"):
            tail = blocks.listing(mkdocs_site.children(page, site, placement), dest)
        if tail:
            body = body.rstrip("\n") + ("\n\n" if body.strip() else "") + tail
        return head + body

    def site_actions(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        mkdocs_site.add(site, plan, placement, self.url)
