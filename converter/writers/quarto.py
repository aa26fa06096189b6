"""Quarto writer: a Quarto website (`_quarto.yml`, one `.qmd` per page, listings, an about page).

Quarto is where many Hugo Academic users go, and its blog layout is Hugo's page bundle under
another name: `posts/<slug>/index.qmd` with its images beside it. So every page gets a folder
of its own (`talks/`, `publications/`, `posts/`, `projects/` for the Academic kinds, its Hugo
path for the rest), its bundle files stay beside it and relative links keep working. What
follows from a page's place rather than from one field (the preview `image`, `aliases` for the
Hugo addresses, a section's `listing`, a profile's `about`) is added here; the fields
themselves go through `mappings/quarto.yaml`.

Quarto stops on a known key with the wrong type, so nothing reaches the top level of a page
unless the table says what it is in Quarto; everything else waits under `hugo_academic`.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from converter import fieldmap, sidecar
from converter import frontmatter as fm
from converter.body.links import (
    LinkMap,
    hugo_url,
    ref_resolver,
    remembered,
    rewrite_root_links,
)
from converter.body.render import BodyRules, render_body
from converter.conventions import KEEP_DIR
from converter.conventions.quarto import RENDERED, fenced_div_blank_lines, served_url
from converter.home import served_as
from converter.interfaces import WriteOptions
from converter.keep import KEEP_KEY
from converter.model import Page, Resource, Section, Site
from converter.plan import FileAction, PageReport, Plan
from converter.visible import shown_times, theme_table
from converter.writers import bodies, quarto_about, quarto_freeze, quarto_site
from converter.writers.quarto_about import main_author
from converter.writers.quarto_blocks import facts_block
from converter.writers.quarto_home import Home, HomeBuilder, HomeContext
from converter.writers.quarto_site import (
    ABOUT,
    kind_folder,
    listed_kinds,
    listing_options,
    relative_url,
)
from converter.writers.target import (
    Placement,
    TargetWriter,
    hidden,
    layout_pattern,
    page_stem,
)


def _by_top_folder(site: Site) -> dict[str, list[Page]]:
    """The pages by the first folder of their content path, in site order: a page below a
    folder is below its first folder."""
    out: dict[str, list[Page]] = {}
    for p in site.pages:
        out.setdefault(p.path.split("/", 1)[0], []).append(p)
    return out


def alias_path(url: str) -> str:
    """A Hugo address as Quarto wants an alias: the HTML file a browser asked for."""
    path = urlsplit(url).path or "/"
    if not path.startswith("/"):
        path = "/" + path
    if path.endswith("/"):
        return path + "index.html"
    return path if PurePosixPath(path).suffix else path + "/index.html"


class QuartoWriter(TargetWriter):
    name = "quarto"
    reader = "quarto"
    description = "Quarto website: .qmd pages in folders, listings per section, _quarto.yml"
    # pandoc (and so Quarto) reads no metadata block whose `---` a blank line follows: the
    # page would show a rule and its YAML as text, and lose its title
    leading_blank_lines = False

    def __init__(self) -> None:
        self._table: fieldmap.Table | None = None
        self._served: set[str] = set()
        # widget and landing pages: where Hugo served them -> (our page, the Hugo page that
        # holds them or None: a page of our own)
        self._homes: dict[str, tuple[str, Page | None]] = {}
        self._persons: dict[str, str] = {}  # profile slug -> its person page
        self._placement: Placement | None = None
        self._site: Site | None = None
        self._built: dict[str, Home] = {}
        self._anchors: dict[str, str] = {}  # a home section's Hugo id -> its anchor on index.qmd

    # -- hooks -------------------------------------------------------------------------------

    def url(self, page: Page, site: Site, dest: str) -> str:
        return hugo_url(page, site) if dest.startswith(f"{KEEP_DIR}/") else served_url(dest)

    def resource_dest(self, page: Page, res: Resource, dest: str) -> str:
        if PurePosixPath(res.name).suffix.lower() in RENDERED and not dest.startswith(KEEP_DIR):
            return f"{KEEP_DIR}/content/{posixpath.dirname(page.path)}/{res.name}".replace(
                "//", "/"
            )
        return super().resource_dest(page, res, dest)

    def static_dest(self, rel: str) -> str | None:
        path = PurePosixPath(rel)
        if any(p.startswith(("_", ".")) for p in path.parts) or path.suffix.lower() in RENDERED:
            return None  # Quarto would skip it, or render it as a page
        return rel

    def _body(
        self,
        page: Page,
        rules: BodyRules,
        links: LinkMap,
        moved: dict[str, str],
        report: PageReport,
    ) -> str:
        body = fenced_div_blank_lines(super()._body(page, rules, links, moved, report))
        if hidden(page):
            return body
        labels = theme_table()["labels"]
        times = shown_times(page, self._site) if self._site is not None else []
        body = facts_block(page, labels, lambda url: moved.get(url, url), times) + body
        built = self._home_of(page, rules, links)
        if built is not None:
            report.warnings += built.warnings
            body = body.rstrip("\n") + "\n\n" + built.body if body.strip() else built.body
        return body

    def raw_html(self, html: str) -> str:
        """pandoc's raw HTML block (```{=html}), which Quarto passes through as written."""
        return bodies.fenced(html.strip("\n"), "{=html}")

    # -- placement ---------------------------------------------------------------------------

    def place(self, site: Site, table: fieldmap.Table) -> Placement:
        """Like every target's, but the home page is `index.qmd` and a section page is the
        index of the folder its pages went to (`event/_index.md` -> `talks/index.qmd`)."""
        self._table = table
        self._site = site
        placement = super().place(site, table)
        self._served = {self.url(p, site, placement.dest(p)) for p in site.pages}
        self._placement = placement
        self._homes = self._home_targets(site, placement)
        self._persons = self._person_pages(site, placement)
        self._built = {}
        return placement

    def pattern(self, page: Page, site: Site, table: fieldmap.Table) -> str:
        if hidden(page):
            return layout_pattern(page, table)
        if page.kind == "home":
            return "index.qmd" if page_stem(page) == "index" else "{stem}/index.qmd"
        if page.kind == "section":
            folder = self._section_folder(page, site, table)
            if folder:
                return f"{folder}/index.qmd"
        return layout_pattern(page, table)

    def _section_folder(self, page: Page, site: Site, table: fieldmap.Table) -> str | None:
        """The folder a top-level section's pages go to, when they are of one listed kind."""
        folder = posixpath.dirname(page.path)
        parts = folder.split("/") if folder else []
        if page.lang and parts and parts[0] == page.lang:
            parts = parts[1:]
        if len(parts) != 1:
            return None
        top = remembered("pages-by-top-folder", site, _by_top_folder)  # (a scan per section)
        kinds = Counter(
            p.kind
            for p in top.get(folder.split("/", 1)[0], [])
            if p.path.startswith(f"{folder}/") and p.kind not in ("section", "home")
        )
        if not kinds:
            return None
        kind = kinds.most_common(1)[0][0]
        return kind_folder(table, kind)

    # -- keys from a page's place ------------------------------------------------------------

    def generated(
        self, page: Page, data: dict[str, Any], site: Site, placement: Placement, links: LinkMap
    ) -> dict[str, Any]:
        dest = placement.dest(page)
        here = posixpath.dirname(dest)
        out: dict[str, Any] = {}
        venue = self._venue(page)
        if venue:
            out["venue"] = venue
        featured = next((r for r in page.resources if r.role == "featured"), None)
        if featured is not None:
            rdest = placement.resources[(id(page), featured.name)]
            out["image"] = posixpath.relpath(rdest, here or ".")
            image = page.fields.get("image")
            alt = None
            if isinstance(image, dict):
                alt = image.get("alt_text") or image.get("caption")
            if isinstance(alt, str) and alt.strip():
                out["image-alt"] = alt
        aliases = self._aliases(page, site, dest)
        if aliases:
            out["aliases"] = aliases
        if page.kind == "section":
            listing = self._listing(page, site, placement)
            if listing:
                out["listing"] = listing
        if page.kind == "author":
            about = quarto_about.profile_about(page, placement, here, self._table)
            if about:
                out["about"] = about
        built = self._built.get(dest)
        if built is not None:  # a Hugo page that holds widgets or blocks: theirs, not Hugo's list
            for key in ("about", "listing"):
                out.pop(key, None)
                if key in built.front:
                    out[key] = built.front[key]
        self._link_authors(page, data, here)
        out.update(bodies.quarto_keys(page))  # R Markdown: format, bibliography, params
        return out

    def _link_authors(self, page: Page, data: dict[str, Any], here: str) -> None:
        """Each author of the page with a person page of their own links to it (Quarto's
        `author: [{name, url}]`); the reader reads the names back, as before."""
        authors = page.fields.get("authors")
        written = data.get("author")
        if not isinstance(authors, list) or not isinstance(written, list):
            return
        if len(authors) != len(written):
            return
        for slug, entry in zip(authors, written, strict=True):
            dest = self._persons.get(slug) if isinstance(slug, str) else None
            if dest is None or not isinstance(entry, dict) or "url" in entry:
                continue
            entry["url"] = relative_url(served_url(dest), here)

    # -- widget and landing pages (converter/home.py, quarto_home.py) ------------------------

    def _home_targets(self, site: Site, placement: Placement) -> dict[str, tuple[str, Page | None]]:
        """Where each widget or landing page goes: the Hugo page that holds its sections
        (a landing page, a home page), else a page of our own at its Hugo address, a
        language's home page in the language's folder."""
        langs = {p.lang for p in site.pages if p.lang}
        default = str(site.params.get("defaultContentLanguage", "en"))
        in_subdir = bool(site.params.get("defaultContentLanguageInSubdir", False))
        shown = [p for p in site.pages if not hidden(p)]
        by_dest = {placement.dest(p): p for p in shown}
        served = {served_as(p.path): p for p in shown}
        out: dict[str, tuple[str, Page | None]] = {}
        for where in site.sections:
            parts = where.split("/") if where else []
            lang = parts[0] if parts and parts[0] in langs else None
            rest = parts[1:] if lang else parts
            prefix = f"{lang}/" if lang and (lang != default or in_subdir) else ""
            if rest in ([], ["home"]):
                dest = prefix + "index.qmd"
            else:
                dest = prefix + "/".join(rest) + "/index.qmd"
            page = served.get(where) or by_dest.get(dest)
            out[where] = (placement.dest(page), page) if page is not None else (dest, None)
        return out

    def _person_pages(self, site: Site, placement: Placement) -> dict[str, str]:
        """Profile slug -> the page that shows the person: their profile page, or for the
        site owner with no profile page (Hugo Blox `data/authors`), the about page."""
        out = {
            p.slug: placement.dest(p)
            for p in site.pages
            if p.kind == "author" and not hidden(p) and p.slug in site.authors
        }
        owner = main_author(site)
        dests = {d.lower() for d in placement.pages.values()}
        if owner is not None and owner.slug not in out and ABOUT not in dests:
            out[owner.slug] = ABOUT
        return out

    def before_pages(
        self, site: Site, placement: Placement, rules: BodyRules, links: LinkMap
    ) -> None:
        """The homes Hugo pages hold, built once for their pages' bodies and the menu's
        anchors (`_own_homes`)."""
        for _, page in self._homes.values():
            if page is not None:
                self._home_of(page, rules, links)

    def _home_of(self, page: Page, rules: BodyRules, links: LinkMap) -> Home | None:
        """The sections a Hugo page holds, built (once) for its body and front matter."""
        placement = self._placement
        if placement is None:
            return None
        dest = placement.dest(page)
        wheres = [w for w, (d, p) in self._homes.items() if p is page and d == dest]
        if not wheres:
            return None
        site = self._site
        if site is None:
            return None
        if dest not in self._built:
            title = page.fields.get("title")
            self._built[dest] = self._build_home(
                site, wheres, dest, rules, links, page, title if isinstance(title, str) else ""
            )
        return self._built[dest]

    def _build_home(
        self,
        site: Site,
        wheres: list[str],
        dest: str,
        rules: BodyRules,
        links: LinkMap,
        page: Page,
        title: str,
    ) -> Home:
        placement = self._placement
        assert placement is not None
        table = self._table

        def page_dest(p: Page) -> str | None:
            d = placement.pages.get(id(p))
            return None if d is None or hidden(p) else d

        base = "/" + posixpath.dirname(dest) + "/" if posixpath.dirname(dest) else "/"

        def markdown(text: str) -> str:
            # a widget's relative link was read from the page it showed on: from its folder
            text = _RELATIVE_LINK.sub(lambda m: m.group(1) + base, text)
            resolved: set[str] = set()
            rendered = render_body(text, rules, ref_resolver(links, page, resolved))
            out, _ = rewrite_root_links(rendered.text, links, frozenset(resolved))
            return fenced_div_blank_lines(out)

        ctx = HomeContext(
            site=site,
            dest=dest,
            page_dest=page_dest,
            markdown=markdown,
            about_links=lambda fields: quarto_about.social_links(fields, self._table),
            avatar=self._avatar_of,
            person=self._persons.get,
            listing_options=lambda kind: dict(
                ((table.data.get("listings") or {}) if table else {}).get(kind) or {}
            ),
            title=title,
        )
        langs = {p.lang for p in site.pages if p.lang}
        first = wheres[0].split("/")[0]
        ctx.lang = first if first in langs else None
        return HomeBuilder(ctx).build(self._sections(site, wheres))

    def _sections(self, site: Site, wheres: list[str]) -> list[Section]:
        return [s for w in wheres for s in site.sections.get(w, [])]

    def _avatar_of(self, slug: str) -> str | None:
        """The project path of a profile's photo: a bundle file of its page, or the copy the
        about page makes of a branch bundle's."""
        placement, site = self._placement, self._site
        if site is None or placement is None:
            return None
        page = next((p for p in site.pages if p.kind == "author" and p.slug == slug), None)
        if page is None:
            return None
        avatar = next((r for r in page.resources if r.name.startswith("avatar")), None)
        if avatar is not None:
            return placement.resources[(id(page), avatar.name)]
        owner = main_author(site)
        if owner is None or owner.slug != slug:
            return None
        rel = quarto_about.bundle_avatar(site, page)
        if rel is None:
            return None
        return posixpath.join(posixpath.dirname(placement.dest(page)), rel.split("/")[-1])

    def _venue(self, page: Page) -> str | None:
        value = page.fields.get("event" if page.kind == "event" else "publication")
        if page.kind not in ("event", "publication") or not isinstance(value, str):
            return None
        text: Any = fieldmap.TRANSFORMS["markdown_text"].forward(value, {}, fieldmap.Context())
        return str(text).strip() or None

    def _aliases(self, page: Page, site: Site, dest: str) -> list[str]:
        """The Hugo address (and Hugo's own aliases) as HTML paths, where they moved."""
        new = served_url(dest)
        old = hugo_url(page, site)
        urls = [old]
        for alias in page.fields.get("aliases") or []:
            if isinstance(alias, str) and alias.strip("/"):
                urls.append(alias if alias.startswith("/") else posixpath.join(old, alias))
        out: list[str] = []
        for url in urls:
            if url.startswith(("http://", "https://", "//")):
                continue
            url = "/" + posixpath.normpath(url).strip("/") + ("/" if url.endswith("/") else "")
            url = url.replace("//", "/")
            if url in self._served or url == new:
                continue
            path = alias_path(url)
            if path not in out and path != alias_path(new):
                out.append(path)
        return out

    def _listing(self, page: Page, site: Site, placement: Placement) -> dict[str, Any] | None:
        """Listing options for a section page placed at a kind's folder index."""
        dest = placement.dest(page)
        folder = posixpath.dirname(dest)
        table = self._table
        if table is None or not folder or posixpath.basename(dest).split(".")[0] != "index":
            return None
        kind = next(
            (k for k in listed_kinds(table) if kind_folder(table, k) == folder.split("/")[0]),
            None,
        )
        if kind is None:
            return None
        return listing_options(table, kind, page.lang)

    # -- the site around the pages -----------------------------------------------------------

    def plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        self._table = None
        return super().plan(site, options)

    def site_actions(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        table = self._table or fieldmap.load(self.name, options.mappings)
        taken = {a.dest.lower() for a in plan.actions}
        generated = self._listing_pages(site, placement, table, taken)
        generated += self._own_homes(site, plan, placement, table, taken)
        if "index.qmd" not in taken and all(d != "index.qmd" for d, _ in generated):
            generated.append(("index.qmd", self._home(site, table, placement)))
        about = quarto_about.about_page(site, plan, placement, self._table)
        if about is not None and ABOUT not in taken:
            generated.append((ABOUT, about))
        mode = sidecar.keep_mode(options.keep)
        copies = [a.dest for a in plan.actions if a.origin == f"{ABOUT}:avatar"]
        for dest, (data, body) in generated:
            files = copies if dest == ABOUT else []  # not Hugo's: the reader leaves them
            mark = {KEEP_KEY: {"generated": True, **({"files": files} if files else {})}}

            def text(front: dict[str, Any], body: str = body) -> bytes:
                return fm.join("yaml", fm.dump("yaml", front), body).encode("utf-8")

            plan.actions += sidecar.made_up(dest, data, text, mode, mark, files)
            taken.add(dest.lower())
        self._freeze(site, plan, placement)
        rooms = quarto_site.Rooms(self._table, [d for d, _ in self._homes.values()], self._anchors)
        config = quarto_site.config(site, plan, placement, taken, rooms)
        header = (
            "# Written by academic-migrate from a Hugo Academic site. The original Hugo\n"
            f"# configuration is kept, unchanged, under {KEEP_DIR}/.\n"
        )
        plan.actions.append(
            FileAction("_quarto.yml", (header + fm.dump("yaml", config)).encode("utf-8"))
        )

    def _freeze(self, site: Site, plan: Plan, placement: Placement) -> None:
        """blogdown's renderings as Quarto's frozen results (quarto_freeze.py)."""
        written = {a.dest: a for a in plan.actions if not a.copies}
        for page in site.pages:
            if page.alternate is None:
                continue
            action = written.get(placement.dest(page))
            content = action.content if action is not None else None
            entry = quarto_freeze.frozen(page, placement.dest(page), content) if content else None
            if entry is not None:
                plan.actions.append(entry)

    def _own_homes(
        self,
        site: Site,
        plan: Plan,
        placement: Placement,
        table: fieldmap.Table,
        taken: set[str],
    ) -> list[tuple[str, tuple[dict[str, Any], str]]]:
        """A page of our own for each widget page no Hugo page holds (Academic's home page,
        a `widget_page` bundle), and the anchors of the home page's sections for the menu."""
        rules = BodyRules.from_table(self.name, table.data.get("body"))
        rules.math_escapes = not site.math_passthrough
        links = self.plan_links(site, placement)  # (no bundle file moves: `resource_url`)
        out: list[tuple[str, tuple[dict[str, Any], str]]] = []
        by_dest: dict[str, list[str]] = {}
        for where, (dest, _) in self._homes.items():
            by_dest.setdefault(dest, []).append(where)
        self._anchors = {}
        homes = {  # language -> its home page, for the language chooser
            lang: dest
            for where, (dest, _) in self._homes.items()
            if (lang := where.split("/")[0]) in {p.lang for p in site.pages if p.lang}
            and where.split("/")[1:] in ([], ["home"])
        }
        for dest, wheres in by_dest.items():
            page = self._homes[wheres[0]][1]
            if page is not None:  # the Hugo page holds them: built with its body
                if dest == "index.qmd":
                    own = page.fields.get("title")
                    title = own if isinstance(own, str) else ""
                    built = self._built.get(dest) or self._build_home(
                        site, wheres, dest, rules, links, page, title
                    )
                    self._anchors = built.anchors
                continue
            if dest.lower() in taken:
                plan.warnings.append(f"{dest}: taken by another page; {wheres[0]} not written")
                continue
            stand_in = Page(kind="home", slug="", path=posixpath.join(wheres[0], "_index.md"))
            bio = next(
                (
                    s
                    for s in self._sections(site, wheres)
                    if s.kind == "biography" and (s.author or "") in site.authors
                ),
                None,
            )
            title = (
                site.authors[bio.author or ""].name
                if bio is not None
                else quarto_site.widget_page_title(site, wheres[0]) or site.title or "Home"
            )
            built = self._build_home(site, wheres, dest, rules, links, stand_in, title)
            plan.warnings += built.warnings
            data: dict[str, Any] = {"title": title, **built.front}
            chooser = quarto_site.language_chooser(site, dest, homes)
            if chooser:
                built.body = chooser + "\n" + built.body
            if dest == "index.qmd":
                self._anchors = built.anchors
            out.append((dest, (data, built.body)))
        return out

    def _listing_pages(
        self, site: Site, placement: Placement, table: fieldmap.Table, taken: set[str]
    ) -> list[tuple[str, tuple[dict[str, Any], str]]]:
        """A listing page for every kind folder that has pages but no Hugo section page."""
        out: list[tuple[str, tuple[dict[str, Any], str]]] = []
        used = {
            placement.dest(p).split("/")[0]
            for p in site.pages
            if not hidden(p) and "/" in placement.dest(p)
        }
        for kind in listed_kinds(table):
            folder = kind_folder(table, kind)
            dest = f"{folder}/index.qmd"
            if not folder or folder not in used or dest in taken:
                continue
            data = {
                "title": folder.replace("-", " ").title(),
                "listing": listing_options(table, kind, None),
            }
            out.append((dest, (data, "")))
        return out

    def _home(
        self, site: Site, table: fieldmap.Table, placement: Placement
    ) -> tuple[dict[str, Any], str]:
        """A home page when Hugo's was made of widgets: the latest of every listed section."""
        folders = sorted(
            {
                f
                for k in listed_kinds(table)
                if (f := kind_folder(table, k))
                and any(placement.dest(p).startswith(f"{f}/") for p in site.pages)
            }
        )
        data: dict[str, Any] = {"title": site.title or "Home"}
        if folders:
            data["listing"] = {
                "contents": [f"{f}/*/index*.qmd" for f in folders],
                "sort": "date desc",
                "max-items": 10,
                "fields": ["date", "title", "categories"],
                "type": "table",
            }
        return data, ""


_RELATIVE_LINK = re.compile(r"(\]\(\s*<?)\./")
