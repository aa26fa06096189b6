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
from typing import Any

from converter import fieldmap, sidecar
from converter.body.links import LinkMap, hugo_url
from converter.body.render import BodyRules
from converter.conventions import KEEP_DIR
from converter.conventions.mkdocs import DOCS, POSTS, served, served_file
from converter.home import served_as
from converter.interfaces import WriteOptions
from converter.model import Page, Resource, Site
from converter.plan import PageReport, Plan
from converter.visible import Fact
from converter.writers import bodies, mkdocs_home, mkdocs_site, mkdocs_widgets
from converter.writers import mkdocs_blocks as blocks
from converter.writers.target import Placement, TargetWriter, hidden

PAGE_SUFFIXES = (".md", ".markdown")


def is_post(dest: str) -> bool:
    return dest.startswith(POSTS) and dest.endswith(".md")


def material_shows(page: Page, dest: str) -> tuple[str, ...]:
    """The facts (by base name) Material may show by itself on `page`: `shown_by_material`
    looks at the front matter for these only."""
    if is_post(dest) and page.kind == "post":
        return ("tags", "date", "lastmod", "authors", "categories")
    return ("tags",)


def shown_by_material(page: Page, dest: str, fact: Fact, front: dict[str, Any]) -> bool:
    """Whether Material shows `fact` by itself: the tags (tags plugin) of any page; a blog
    post's date, last update, authors and categories (blog plugin), each where the page's
    front matter has it (a value the plugin cannot take waits under hugo_academic)."""
    name = blocks.base(fact)
    if name not in material_shows(page, dest):
        return False
    date = front.get("date")
    if name == "date":
        return isinstance(date, dict) and "created" in date
    if name == "lastmod":
        return isinstance(date, dict) and "updated" in date
    value = front.get(name)
    return isinstance(value, list) and bool(value)


class MkDocsWriter(TargetWriter):
    name = "mkdocs"
    reader = "mkdocs"
    description = (
        "MkDocs with Material: posts in the blog plugin, talks, publications and projects as "
        "pages with listings; built by `mkdocs build --strict`"
    )

    # The site, placement and table of the plan being made: the body hook needs the other pages
    # (to list a section, to link an author's profile) and the front matter Material will get,
    # and TargetWriter passes it only the page.
    _site: Site | None = None
    _placement: Placement | None = None
    _table: fieldmap.Table | None = None
    _profiles: dict[tuple[str, str | None], str] | None = None
    # the widget and landing pages (mkdocs_home.py), and what their links may point at
    _homes: list[mkdocs_home.Home] | None = None
    _docs: set[str] | None = None
    # (ids of the site and placement, what their home pages' links share): see _site_links
    _links_cache: (
        tuple[tuple[int, int], tuple[dict[int, str], dict[str, str], dict[str, str]]] | None
    ) = None
    _listed: dict[str, list[tuple[Page, str]]] | None = None  # mkdocs_site.listed_by_folder
    _facts: tuple[Page, Site, LinkMap, list[Fact]] | None = None  # see page_facts
    # id(home) -> the sections of a landing page a Hugo page holds, and their warnings
    _tails: dict[int, tuple[str, list[str]]] | None = None
    # the plan's link map (before_pages, for `_site`): the home pages no page holds link with
    # it too, where building another took a tenth of a second on a large site
    _links: LinkMap | None = None

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

    def pattern(self, page: Page, site: Site, table: fieldmap.Table) -> str:
        """A landing page away from the root (`experience.md`, `type: landing`, read as a home
        page) is a page at its own address, not the site's index."""
        if page.kind == "home" and not hidden(page):
            key = served_as(page.path)
            if key and key.split("/")[-1] not in (page.lang or "",):
                return table.layout_for("default") or "docs/{stem}/index.md"
        return super().pattern(page, site, table)

    def place(self, site: Site, table: fieldmap.Table) -> Placement:
        placement = super().place(site, table)
        self._site, self._placement, self._table = site, placement, table
        self._profiles = {}
        self._links_cache = self._listed = self._links = None
        for page in site.pages:  # the published profile page of each author, by language
            dest = placement.dest(page)
            if page.kind == "author" and dest.startswith(DOCS) and not hidden(page):
                self._profiles.setdefault((page.slug, page.lang), dest)
        self._homes = mkdocs_home.homes(
            site, placement.dest, lambda p: placement.dest(p).startswith(DOCS) and not hidden(p)
        )
        taken = {placement.dest(p) for p in site.pages}
        for person in mkdocs_home.person_pages(site, taken):
            self._homes.append(person)
            self._profiles.setdefault((person.key.split("/", 1)[1], None), person.dest)
        self._docs = mkdocs_site.docs_files(site, placement, self._homes)
        return placement

    def home_links(
        self, site: Site, placement: Placement, dest: str, lang: str | None
    ) -> mkdocs_widgets.Links:
        """What a home page at `dest` links to (pages, profiles and their pictures, files)."""
        pages, avatars, by_url = self._site_links(site, placement)
        profiles: dict[str, str] = {}
        for (slug, plang), file in (self._profiles or {}).items():
            if plang == lang or slug not in profiles:
                profiles[slug] = file
        return mkdocs_widgets.Links(
            dest, pages, self._docs or set(), profiles, by_url, avatars, lang
        )

    def before_pages(
        self, site: Site, placement: Placement, rules: BodyRules, links: LinkMap
    ) -> None:
        """What section and home pages read of every page (the pages each section lists, the
        files home pages link to), made once for all the workers."""
        self._listed = mkdocs_site.listed_by_folder(site, placement)
        self._links = links
        if self._homes:
            self._site_links(site, placement)
        self._tails = {
            id(home): self._home_tail(
                site,
                placement,
                home,
                home.holder,
                (rules, links, self.moved_resources(home.holder, placement)),
            )
            for home in self._homes or []
            if home.holder is not None
        }

    def _home_tail(
        self,
        site: Site,
        placement: Placement,
        home: mkdocs_home.Home,
        page: Page,
        rendering: tuple[BodyRules, LinkMap, dict[str, str]],
    ) -> tuple[str, list[str]]:
        """The sections of a landing page the Hugo page `page` holds, after its body, and
        the warnings they gave."""
        source = page.source.path if page.source else f"{site.content_dir}/{page.path}"
        said = PageReport(source=source, outputs=[])
        title = home.title if page.kind == "home" else ""  # else the page's own heading
        return self._home_sections(
            site, placement, home, page, rendering, said, title
        ), said.warnings

    def _site_links(
        self, site: Site, placement: Placement
    ) -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
        """What every home page's links share, made once per plan (a site has a home page per
        language and widget folder, and each would scan every page): the published pages'
        files by id, the avatars' copies by author id, the files by Hugo address."""
        key = (id(site), id(placement))
        if self._links_cache is not None and self._links_cache[0] == key:
            return self._links_cache[1]
        pages = {
            id(p): file
            for p in site.pages
            if (file := placement.dest(p)).startswith(DOCS) and not hidden(p)
        }
        avatars = {slug: dest for slug, (_, dest) in mkdocs_site.avatars(site).items()}
        by_url = {
            hugo_url(p, site).lower(): d
            for p in site.pages
            if (d := pages.get(id(p))) is not None and not d.startswith(POSTS)
        }
        for home in self._homes or []:
            by_url.setdefault(mkdocs_home.home_address(site, home.key).lower(), home.dest)
        self._links_cache = (key, (pages, avatars, by_url))
        return pages, avatars, by_url

    def plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        try:
            return super().plan(site, options)
        finally:
            self._site = self._placement = self._table = self._profiles = None
            self._homes = self._docs = self._links_cache = self._listed = self._facts = None
            self._tails = self._links = None

    def _from_served_page(
        self, page: Page, placement: Placement, moved: dict[str, str]
    ) -> dict[str, str]:
        """Bundle file links for an HTML body: MkDocs rewrites no link in raw HTML, so each
        is relative to the address the page is served at, not to its Markdown file (a blog
        post is served at /blog/<name>/, its files under /blog/<date>/<name>/)."""
        here = served(placement.dest(page))
        if here is None:
            return moved
        out = dict(moved)
        for res in page.resources:
            rdest = placement.resources.get((id(page), res.name))
            address = served_file(rdest) if rdest else None
            if address is not None:
                out[res.name] = posixpath.relpath(address, here)
        return out

    def _body(
        self,
        page: Page,
        rules: BodyRules,
        links: LinkMap,
        moved: dict[str, str],
        report: PageReport,
    ) -> str:
        if self._placement is not None and bodies.body_source(page, self.name).format == "html":
            moved = self._from_served_page(page, self._placement, moved)
        body = super()._body(page, rules, links, moved, report)
        site, placement, table = self._site, self._placement, self._table
        if site is None or placement is None or table is None or hidden(page):
            return body
        dest = placement.dest(page)
        if not dest.startswith(DOCS):
            return body
        here = {r.name: moved.get(r.name, r.name) for r in page.resources}
        all_facts = self.page_facts(page, site, links)
        # the fields mapped a second time only when a fact Material may show asks for them
        shows = material_shows(page, dest)
        asks = any(blocks.base(f) in shows for f in all_facts)
        front = self._front(page, table) if asks else {}
        facts = [f for f in all_facts if not shown_by_material(page, dest, f, front)]

        def author(slug: str) -> tuple[str, str | None]:
            profiles = self._profiles or {}
            profile = profiles.get((slug, page.lang)) or profiles.get((slug, None))
            link = posixpath.relpath(profile, posixpath.dirname(dest)) if profile else None
            return mkdocs_site.author_name(site, slug), (link if profile != dest else None)

        def abstract(text: str) -> str:  # the abstract's Markdown, made ready as the body is
            scratch = PageReport(source=report.source, outputs=[])
            rendered = super(MkDocsWriter, self)._body(
                bodies.markdown_page(page, text), rules, links, moved, scratch
            )
            report.warnings.extend(f"abstract: {w}" for w in scratch.warnings)
            return rendered

        parts = blocks.header(page, facts, here, author, abstract)
        picture = mkdocs_site.avatars(site).get(page.slug) if page.kind == "author" else None
        if picture is not None:  # a profile's picture, as the About widget showed it
            rel = posixpath.relpath(picture[1], posixpath.dirname(dest))
            name = blocks.text(page.fields.get("title") or page.slug)
            parts.lead.insert(0, f"![{name}]({blocks.target(rel)}){{ .am-avatar }}")
        head = parts.head()
        title = page.fields.get("title")
        if any(f.field == "title" for f in all_facts) and (
            not is_post(dest) or blocks.has_h1(head + body)
        ):
            # Material's heading is the nav's name for the page (Hugo's menu name, `linktitle`)
            # where it has one, none on the blog's index, and none when the content has a
            # level-1 heading of its own; Hugo showed the title, above the body's own heading.
            # A blog post has no nav name: there, only when the body has such a heading.
            head = f"# {blocks.heading(title)}\n\n" + head
        tails = [parts.after()]
        holds = [h for h in self._homes or [] if h.holder is page]
        if page.kind in ("section", "home") and dest.endswith("/index.md") and not holds:
            if self._listed is None:
                self._listed = mkdocs_site.listed_by_folder(site, placement)
            listed = mkdocs_site.children(page, site, placement, self._listed)
            tails.append(blocks.listing(listed, dest))
        for home in holds:  # a landing page: its sections after its body
            made = (self._tails or {}).get(id(home))  # made by before_pages, for a plan
            if made is None:
                made = self._home_tail(site, placement, home, page, (rules, links, moved))
            tails.append(made[0])
            report.warnings += made[1]
        tail = "\n\n".join(t.rstrip("\n") for t in tails if t)
        if tail:
            body = body.rstrip("\n") + ("\n\n" if body.strip() else "") + tail + "\n"
        return head + body

    def _home_sections(
        self,
        site: Site,
        placement: Placement,
        home: mkdocs_home.Home,
        page: Page,
        rendering: tuple[BodyRules, LinkMap, dict[str, str]],
        report: PageReport,
        title: str,
    ) -> str:
        """The sections of the widget or landing page `home`, on the page `page` at its file:
        texts rendered as a body of `page` is, their warnings in `report`; `title` the page's
        level-1 heading, if it needs one."""
        rules, links, moved = rendering

        def text(markdown: str) -> str:
            scratch = PageReport(source=report.source, outputs=[])
            rendered = super(MkDocsWriter, self)._body(
                bodies.markdown_page(page, markdown), rules, links, moved, scratch
            )
            report.warnings.extend(f"{home.key or 'home'}: {w}" for w in scratch.warnings)
            return rendered

        return mkdocs_home.render(
            site,
            home.sections if home.sections is not None else site.sections[home.key],
            self.home_links(site, placement, home.dest, page.lang),
            text,
            report.warnings.append,
            title,
        )

    def page_facts(self, page: Page, site: Site, links: LinkMap) -> list[Fact]:
        """The page's facts, made once for its header (`_body`) and its report (`_page`
        asks next, for the same page): the last page's list is kept (facts are frozen)."""
        last = self._facts
        if last is not None and last[0] is page and last[1] is site and last[2] is links:
            return list(last[3])
        facts = super().page_facts(page, site, links)
        self._facts = (page, site, links, facts)
        return list(facts)

    def _front(self, page: Page, table: fieldmap.Table) -> dict[str, Any]:
        """The front matter fields the page gets (as the mapping table writes them)."""
        ctx = fieldmap.context_for(self._site) if self._site else fieldmap.Context()
        front: dict[str, Any] = fieldmap.forward(page.fields, page.kind, table, ctx).fields
        return front

    def site_actions(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        self._write_homes(site, plan, placement, options)
        mode = sidecar.keep_mode(options.keep)
        # the files under docs/ that `place` listed, for the nav: the same site, placement
        # and home pages (a second listing cost a scan of every page and bundle file)
        files = self._docs if self._site is site and self._placement is placement else None
        mkdocs_site.add(site, plan, placement, self.url, self._homes or [], mode, files)

    def _write_homes(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        """A page for each widget page Hugo had no page file of its own for (Academic's home
        page, a people page of widget files): made up, so the reader skips it."""
        table = fieldmap.load(self.name, options.mappings)
        rules = BodyRules.from_table(self.name, table.data.get("body"))
        rules.math_escapes = not site.math_passthrough

        def res_url(page: Page, res: Resource) -> str | None:
            rdest = placement.resources.get((id(page), res.name))
            return self.resource_url(page, placement.dest(page), rdest) if rdest else None

        if self._links is not None and self._site is site:
            links = self._links  # the pages' own (TargetWriter.plan: the same arguments)
        else:
            links = LinkMap.build(
                site, lambda p: self.url(p, site, placement.dest(p)), resource_url=res_url
            )
        taken = {a.dest.lower() for a in plan.actions}
        for home in self._homes or []:
            if home.holder is not None or home.dest.lower() in taken:
                continue
            taken.add(home.dest.lower())
            page = Page(kind="page", slug="index", path=f"{home.key}/_index.md", lang=home.lang)
            report = PageReport(source=home.key, outputs=[])
            body = self._home_sections(
                site, placement, home, page, (rules, links, {}), report, home.title
            )
            plan.warnings += report.warnings
            mode = sidecar.keep_mode(options.keep)
            plan.actions += mkdocs_site.page_files(home.dest, home.title, body, mode)
