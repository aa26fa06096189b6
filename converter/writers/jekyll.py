"""Jekyll writer: a site in the academicpages conventions that Debian's Jekyll builds as it is.

academicpages is the Jekyll twin of Hugo Academic, so its collections (`_talks`,
`_publications`, `_posts`, `_portfolio`, `_teaching`, `_pages`) and keys (`venue`, `paperurl`,
`slidesurl`, `citation`...) are where a Jekyll user expects a migrated site. Every page keeps
its Hugo address as its `permalink`, so links from elsewhere keep working; old `aliases` become
`redirect_from` (for academicpages' plugin) and, in a whole site, small redirect pages.

A whole site comes with its own few layouts (`mappings/sites/jekyll`), so it builds with no
theme and no gem download; `content_only` writes just the collections and the files they link
to, for dropping into an existing academicpages checkout that has its own layouts and config.
Bundle files move to `images/` and `files/` (Jekyll has no page bundles) and body links follow.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from converter import fieldmap, sidecar, visible
from converter import frontmatter as fm
from converter.body.links import LinkMap, hugo_url
from converter.body.render import BodyRules
from converter.conventions import KEEP_DIR
from converter.conventions.jekyll import collection_of, served
from converter.home import served_as
from converter.interfaces import WriteOptions
from converter.model import Author, Page, Resource, Site
from converter.plan import FileAction, PageReport, Plan
from converter.tables import data_dir
from converter.visible import present
from converter.writers import bodies
from converter.writers import jekyll_blocks as blocks
from converter.writers import jekyll_home as home
from converter.writers.target import Placement, TargetWriter, hidden, unique

IMAGE = re.compile(r"\.(jpe?g|png|gif|webp|svg|avif|bmp|ico)$", re.IGNORECASE)
SKELETON = "sites/jekyll"

# academicpages author-block keys, by Hugo Academic social icon name
SOCIAL = {
    "github": "github",
    "google-scholar": "googlescholar",
    "graduation-cap": "googlescholar",
    "orcid": "orcid",
    "ai-orcid": "orcid",
    "twitter": "twitter",
    "x-twitter": "twitter",
    "linkedin": "linkedin",
    "researchgate": "researchgate",
}
BY_USERNAME = {"github", "twitter", "linkedin"}  # academicpages wants a user name, not a URL


def permalink(page: Page, site: Site) -> str:
    """The page's Hugo address, as far as Jekyll can serve it: Jekyll's URL#sanitize_url drops
    dots that end a folder name (`/talk/on-ai./`), which Hugo's title slugs can have."""
    return sanitized(hugo_url(page, site))


def sanitized(url: str) -> str:
    """`url` without the dots that end a folder name; as it is when no name ends so (most:
    asked about 6 times a page, `re.sub` cost a pattern lookup each time)."""
    return re.sub(r"\.+/", "/", url) if "./" in url else url


def absorbed_at(site: Site, absorbed: frozenset[int]) -> dict[str, list[Page]]:
    """Address -> the pages of `absorbed` (ids) Jekyll served there, in site order: what
    each generated page takes in, from one pass over the pages (one per address before)."""
    out: dict[str, list[Page]] = {}
    for p in site.pages:
        if id(p) in absorbed:
            out.setdefault(permalink(p, site), []).append(p)
    return out


def citation(data: dict[str, Any], names: list[str]) -> str | None:
    """academicpages' `citation`, from the page's Jekyll keys and its authors' names:
    'Authors (Year). "Title." <i>Venue</i>.'"""
    title, venue = data.get("title"), data.get("venue")
    if not title:
        return None
    date = data.get("date")  # a date, or the wall time as text (`format: wall`)
    if isinstance(date, dt.date):
        year = f" ({date.year})"
    else:
        m = re.match(r"(\d{4})-\d\d-\d\d", str(date or ""))
        year = f" ({m.group(1)})" if m else ""
    who = ", ".join(names)
    text = f'{who}{year}. "{title}."' if who else f'"{title}."{year}'
    if venue:
        text += f" <i>{venue}</i>."
    return text


def author_name(author: Any, site: Site) -> str:
    """An author as the theme named them: the profile's display name, else the id."""
    if isinstance(author, str) and author in site.authors:
        return site.authors[author].name
    return str(author)


class JekyllWriter(TargetWriter):
    name = "jekyll"
    reader = "jekyll"
    description = (
        "Jekyll site in the academicpages conventions (_talks, _publications, _posts...), "
        "built by Jekyll 4 with strict Liquid"
    )

    # The site of the plan being made: the body hook needs the author profiles, and
    # TargetWriter passes it only the page.
    _site: Site | None = None
    # pages whose address a widget or landing page's generated page now serves (id(page))
    _absorbed: frozenset[int] = frozenset()
    # (profile id, language) -> its person page's address
    _people: dict[tuple[str, str | None], str] | None = None
    # files of the generated pages and the person pages, for --content-only
    _own: frozenset[str] = frozenset()
    # folder -> (id, collection) of the pages below it (`_collections_below`)
    _below: dict[str, list[tuple[int, str]]] = {}  # noqa: RUF012 (replaced per plan, never changed)

    def place(self, site: Site, table: fieldmap.Table) -> Placement:
        self._site = site
        urls = {home.section_address(site, k, self._url_of(site))[0] for k in site.sections}
        self._absorbed = frozenset(
            id(p)
            for p in site.pages
            if not hidden(p) and (served_as(p.path) in site.sections or permalink(p, site) in urls)
        )
        placement = super().place(site, table)
        self._below = self._collections_below(site, placement)
        taken = {permalink(p, site) for p in site.pages if not hidden(p)}
        self._people, _ = home.person_pages(site, self._url_of(site), taken)
        return placement

    def _url_of(self, site: Site) -> Any:
        return lambda p: permalink(p, site)

    def pattern(self, page: Page, site: Site, table: fieldmap.Table) -> str:
        if id(page) in self._absorbed:  # its address is the generated page's now
            return table.layout_for("hidden") or f"{KEEP_DIR}/content/{{path}}"
        return super().pattern(page, site, table)

    def _body(
        self,
        page: Page,
        rules: BodyRules,
        links: LinkMap,
        moved: dict[str, str],
        report: PageReport,
    ) -> str:
        """The body, under a block of what academicpages' layouts do not print (see
        jekyll_blocks); the body patch takes the block out again on the way back."""
        body = super()._body(page, rules, links, moved, report)
        site = self._site
        if site is None or hidden(page) or id(page) in self._absorbed:
            return body
        abstract = page.fields.get("abstract")
        shown = None
        if page.kind in ("publication", "event") and present(abstract):
            # rendered as the body is: kramdown, Liquid-safe, links followed
            one = bodies.markdown_page(page, str(abstract))
            shown = super()._body(one, rules, links, moved, PageReport(source=report.source))
        here = {r.name: moved.get(r.name, r.name) for r in page.resources}
        people = self._people or {}
        head = blocks.header(
            page,
            here,
            lambda a: author_name(a, site),
            shown,
            lambda a: home.person_url(people, a, page.lang),
            visible.page_links(page, site, links.new_url),
            visible.shown_times(page, site),
        )
        return head + body

    def raw_html(self, html: str) -> str:
        """The raw block, its `{{`/`{%` printed as written (Liquid reads raw HTML too)."""
        block = super().raw_html(html)
        if "{{" in block or "{%" in block:
            return "{% raw %}" + block.rstrip("\n") + "{% endraw %}\n"
        return block

    def url(self, page: Page, site: Site, dest: str) -> str:
        return permalink(page, site)

    def resource_dest(self, page: Page, res: Resource, dest: str) -> str:
        if dest.startswith(f"{KEEP_DIR}/") or res.role == "page-resource":
            # not served: a widget page or a file of a page Hugo does not render either
            return f"{KEEP_DIR}/content/{posixpath.dirname(page.path)}/{res.name}"
        folder = "images" if IMAGE.search(res.name) else "files"
        return f"{folder}/{posixpath.dirname(page.path)}/{res.name}"

    def resource_url(self, page: Page, dest: str, rdest: str) -> str | None:
        return served(rdest)

    def static_dest(self, rel: str) -> str | None:
        first = PurePosixPath(rel).parts[0]
        if first.startswith(("_", ".")) or first in ("Gemfile", "Gemfile.lock"):
            return None  # Jekyll would skip it, or read it as its own
        return rel

    def generated(
        self, page: Page, data: dict[str, Any], site: Site, placement: Placement, links: LinkMap
    ) -> dict[str, Any]:
        dest = placement.dest(page)
        out: dict[str, Any] = {}
        if id(page) in self._absorbed:
            return out
        name = collection_of(dest)
        if name and name != "posts":
            out["collection"] = name
        if page.kind == "event":
            out["type"] = "Talk"  # the talks listing prints `type`, a talk's page `talk_type`
            if blocks.venue_shown(page):  # "Talk at <venue>, <location>": not without a venue
                out["talk_type"] = "Talk"
        out["permalink"] = permalink(page, site)
        if page.kind == "publication":
            names = [
                site.authors[a].name if isinstance(a, str) and a in site.authors else str(a)
                for a in page.fields.get("authors") or []
            ]
            cite = citation(data, names)
            if cite:
                out["citation"] = cite
        cite = placement.resources.get((id(page), "cite.bib"))
        if cite and served(cite):
            out["bibtexurl"] = served(cite)
        featured = next((r for r in page.resources if r.role == "featured"), None)
        if featured is not None:
            rdest = placement.resources[(id(page), featured.name)]
            out["header"] = {"teaser": "/" + rdest}
        if page.kind in ("section", "home"):
            listed = self._listing(page, site, placement)
            if listed:
                out["listing"] = listed
        return out

    def _listing(self, page: Page, site: Site, placement: Placement) -> str | None:
        """The collection a section page lists: the one most of the pages below it went to
        (the first of them in page order, on a tie)."""
        folder = posixpath.dirname(page.path)
        counts: dict[str, int] = {}
        for other, name in self._below.get(folder, ()):
            if other != id(page):
                counts[name] = counts.get(name, 0) + 1
        return max(counts, key=lambda k: counts[k]) if counts and folder else None

    @staticmethod
    def _collections_below(site: Site, placement: Placement) -> dict[str, list[tuple[int, str]]]:
        """Folder -> (id, collection) of every page below it that went to a collection, in
        page order. Made once, before the workers fork: a section page asking every page of
        the site for its collection made the worker that planned it copy the memory of the
        whole site (copy-on-write), 100 MB at 20,000 pages."""
        below: dict[str, list[tuple[int, str]]] = {}
        for other in site.pages:
            name = collection_of(placement.dest(other))
            folder = posixpath.dirname(other.path)
            while name and folder:
                below.setdefault(folder, []).append((id(other), name))
                folder = posixpath.dirname(folder)
        return below

    # -- the site around the pages -----------------------------------------------------------

    def plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        options = options or WriteOptions()
        try:
            plan = super().plan(site, options)
        finally:
            self._site = None
            self._absorbed = frozenset()
            self._people = None
            self._below = {}
        for page, report in zip(site.pages, plan.pages, strict=False):
            old, new = hugo_url(page, site), permalink(page, site)
            if old != new and not hidden(page):
                report.warnings.append(f"Jekyll cannot serve {old}: the page is at {new}")
        if options.content_only:
            served = [
                a
                for a in plan.actions
                if collection_of(a.dest)
                or a.dest.startswith(("images/", "files/"))
                or a.dest in self._own
            ]
            plan.actions = served
            kept = f"{KEEP_DIR}/"  # what is not written is not worth a word
            plan.warnings = [w for w in plan.warnings if not w.startswith(kept)]
        return plan

    def site_actions(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        self._own_pages(site, plan, placement, options)
        if options.content_only:
            return
        collections = sorted(
            {
                name
                for page in site.pages
                if (name := collection_of(placement.dest(page))) and name != "posts"
            }
        )
        config = self._config(site, collections, placement)
        header = (
            "# Written by academic-migrate from a Hugo Academic site. The original Hugo\n"
            f"# configuration is kept, unchanged, under {KEEP_DIR}/.\n"
        )
        plan.actions.append(
            FileAction("_config.yml", (header + fm.dump("yaml", config)).encode("utf-8"))
        )
        nav = self._navigation(site)
        if nav:
            plan.actions.append(
                FileAction("_data/navigation.yml", fm.dump("yaml", {"main": nav}).encode("utf-8"))
            )
        for rel, data in _skeleton():
            plan.actions.append(FileAction(rel, data))
        self._redirects(site, plan, placement)

    def _own_pages(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        """The home page, the other widget and landing pages, the CV and the person pages
        of profiles with no page (jekyll_home.py)."""
        table = fieldmap.load(self.name, options.mappings)
        rules = BodyRules.from_table(self.name, table.data.get("body"))
        rules.math_escapes = not site.math_passthrough
        url_of = self._url_of(site)
        served_urls = {permalink(p, site) for p in site.pages if not hidden(p)}
        people, made = home.person_pages(site, url_of, served_urls)
        authors = {placement.dest(p) for p in site.pages if p.kind == "author" and not hidden(p)}
        self._own = frozenset(authors)
        if not site.sections and not made:
            return  # nothing to make: no link map to build

        links = self.plan_links(site, placement)  # `url` is url_of; `resource_url`, served
        report = PageReport(source="")

        def render(text: str, where: str) -> str:
            page = Page(kind="page", slug="", path=where.removeprefix("content/"), body=text)
            return TargetWriter._body(self, page, rules, links, {}, report).strip("\n")

        taken = {a.dest.lower() for a in plan.actions}
        taken |= {d.lower() for d in placement.pages.values()}
        ctx = home.Context(site, render, people, placement.dest, url_of)
        own: list[home.OwnPage] = []
        by_url: dict[str, list[str]] = {}
        for key in site.sections:
            url, lang = home.section_address(site, key, url_of)
            by_url.setdefault(url, []).append(key)
        main_keys: list[str] = []
        absorbed = absorbed_at(site, self._absorbed)
        for url, keys in by_url.items():
            key = keys[0]
            _, lang = home.section_address(site, key, url_of)
            ctx.lang = lang
            page = home.section_page(key, site.sections[key], url, absorbed.get(url, []), ctx)
            page.dest = unique(home.page_file(url, lang), taken)
            own.append(page)
            if url == "/":
                main_keys = [
                    k for k in site.sections if home.section_address(site, k, url_of)[1] == lang
                ]
        main = site.authors.get("admin") or next(iter(site.authors.values()), None)
        ctx.lang = None
        cv = home.cv_page(site, main_keys, main, ctx)
        if cv is not None and "/cv/" not in served_urls and cv.dest not in taken:
            taken.add(cv.dest)
            own.append(cv)
        for author in made:
            url = people[(author.slug, None)]
            person = home.person_page(site, author, url, render)
            person.dest = unique(person.dest, taken)
            own.append(person)
        for w in ctx.warnings + report.warnings:
            plan.warnings.append(w)
        for page in own:
            mode = sidecar.keep_mode(options.keep)
            plan.actions += home.page_files(page, lambda d: fm.dump("yaml", d), mode)
        self._own = frozenset({p.dest for p in own} | authors)

    def _config(self, site: Site, collections: list[str], placement: Placement) -> dict[str, Any]:
        base = urlsplit(site.base_url)
        config: dict[str, Any] = {
            "title": site.title or "Site",
            "url": f"{base.scheme}://{base.netloc}" if base.netloc else "",
            "baseurl": base.path.rstrip("/") if base.netloc else "",
        }
        description = (site.params.get("params") or {}).get("description")
        if isinstance(description, str):
            config["description"] = description
        author = self._author(site, placement)
        if author:
            config["author"] = author
        config.update(
            {
                "timezone": str(site.params.get("timeZone") or "UTC"),
                "future": True,  # upcoming talks are published, as Hugo Academic shows them
                "liquid": {"error_mode": "strict"},
                "excerpt_separator": "<!--more-->",
                "markdown": "kramdown",
                "kramdown": {
                    "input": "GFM",
                    "math_engine": "mathjax",
                    "hard_wrap": False,
                    # Goldmark reads Markdown between HTML block tags (after a blank line)
                    "parse_block_html": True,
                },
                "include": ["_pages"],
                "exclude": [KEEP_DIR, "Gemfile", "Gemfile.lock", "vendor"],
                "collections": {
                    name: {"output": True, "permalink": "/:collection/:path/"}
                    for name in [*collections, "hugo_aliases"]
                },
                "defaults": [
                    {"scope": {"path": ""}, "values": {"layout": "single"}},
                    {"scope": {"path": "", "type": "talks"}, "values": {"layout": "talk"}},
                    {
                        "scope": {"path": "", "type": "hugo_aliases"},
                        "values": {"layout": "redirect", "sitemap": False},
                    },
                ],
            }
        )
        return config

    def _author(self, site: Site, placement: Placement) -> dict[str, Any]:
        """academicpages' author block, from the main profile (`admin`, else the first)."""
        if not site.authors:
            return {}
        profile: Author = site.authors.get("admin") or next(iter(site.authors.values()))
        f = profile.fields
        block: dict[str, Any] = {"name": profile.name}
        orgs = f.get("organizations")
        if isinstance(f.get("role"), str):
            block["bio"] = f["role"]
        if isinstance(f.get("bio"), str):
            block["bio"] = f["bio"]
        if isinstance(orgs, list) and orgs and isinstance(orgs[0], dict) and orgs[0].get("name"):
            block["employer"] = str(orgs[0]["name"])
        if isinstance(f.get("email"), str) and f["email"]:
            block["email"] = f["email"]
        page = next((p for p in site.pages if p.kind == "author" and p.slug == profile.slug), None)
        avatar = (
            next((r for r in page.resources if r.name.startswith("avatar")), None) if page else None
        )
        if page is not None and avatar is not None:
            block["avatar"] = "/" + placement.resources[(id(page), avatar.name)]
        for item in f.get("social") or f.get("profiles") or []:
            if not isinstance(item, dict):
                continue
            key = SOCIAL.get(str(item.get("icon", "")).split("/")[-1])
            link = item.get("link") or item.get("url")
            if key and isinstance(link, str) and key not in block:
                block[key] = link.rstrip("/").rsplit("/", 1)[-1] if key in BY_USERNAME else link
        return block

    def _navigation(self, site: Site) -> list[dict[str, Any]]:
        items = [i for i in site.menus.get("main", []) if isinstance(i, dict)]
        items.sort(key=lambda i: i.get("weight", 0) if isinstance(i.get("weight"), int) else 0)
        return [
            {
                "title": str(i.get("name") or i.get("title") or i.get("url")),
                "url": self._nav_url(site, str(i["url"])),
            }
            for i in items
            if i.get("url")
        ]

    def _nav_url(self, site: Site, url: str) -> str:
        """A menu address as Jekyll serves it: `#publications` and `/#publications` at the
        section that holds that anchor now (the home page's, else another generated page's);
        a path from the site root (Hugo reads `post/` from the base URL)."""
        if urlsplit(url).scheme or url.startswith("//"):
            return url
        path, _, anchor = url.partition("#")
        if anchor and path.strip("/") == "":
            places = [
                home.section_address(site, key, lambda p: permalink(p, site))[0]
                for key, sections in site.sections.items()
                if any(s.id == anchor for s in sections)
            ]
            at = "/" if "/" in places or not places else places[0]
            return f"{at}#{anchor}"
        return url if url.startswith("/") else "/" + url

    def _redirects(self, site: Site, plan: Plan, placement: Placement) -> None:
        """One small page per Hugo alias (jekyll-redirect-from is not in Debian's Jekyll)."""
        targets = [permalink(p, site) for p in site.pages]
        served = set(targets)
        done: set[str] = set()
        names: set[str] = set()  # `/a_b/` and `/A-b/` make one file name: number the second
        for page, target in zip(site.pages, targets, strict=True):
            if hidden(page):
                continue
            for alias in page.fields.get("aliases") or []:
                if not isinstance(alias, str) or not alias.strip("/"):
                    continue
                url = alias if alias.startswith("/") else posixpath.join(target, "..", alias)
                url = "/" + posixpath.normpath(url).strip("/")
                url = url if PurePosixPath(url).suffix else url + "/"
                if url in served or url in done:
                    continue
                done.add(url)
                name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "root"
                name = unique(f"_hugo_aliases/{name}.md", names)
                text = fm.join(
                    "yaml", fm.dump("yaml", {"permalink": url, "redirect_to": target}), ""
                )
                plan.actions.append(FileAction(name, text.encode("utf-8"), origin=page.path))


def _skeleton() -> list[tuple[str, bytes]]:
    """The layouts a whole site ships with (mappings/sites/jekyll), as (path, bytes)."""
    root = data_dir(SKELETON)
    return [
        (f.relative_to(root).as_posix(), f.read_bytes())
        for f in sorted(root.rglob("*"))
        if f.is_file()
    ]
