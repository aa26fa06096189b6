"""Home pages in Material's idiom: Academic's widget pages and Hugo Blox landing pages
(`site.sections`, read by converter/home.py) written as Markdown sections of a page.

Each widget page or landing page becomes the page it was served as: `home` (Academic's home
page) and `''` (a Hugo Blox root landing page) are `docs/index.md`, a language's home
(`ja/home`) that language's index (`docs/ja/index.md`, the default language's at the root), any
other (`people`, `experience`) `docs/<folder>/index.md`. A landing page that is a page of the
Hugo site (`_index.md` with `sections:`) holds its sections after its body, inside one
`<div class="am-home" markdown>` that the body patch takes out again when the site is read
back; a widget page Hugo had no page file for (a headless bundle of widget files) is a page the
writer makes up (its record file says `generated: true`, converter/sidecar.py), which the
reader skips.

Every section keeps the anchor Academic gave it (`## Title { #id }`, attr_list), so that a
menu entry that pointed at `/#publications` finds it. The biography is a card of the profile
(avatar, name linked to the person page, role, organizations, links as buttons with Material's
icons) beside the bio, interests and education; experience a list, accomplishments, awards,
skills and people Material's grid cards (md_in_html and attr_list are in the shipped
mkdocs.yml), buttons `{ .md-button }`, a listing the titles of the pages it listed, newest
first and as many as the widget showed, linked to their pages, with a link to all of them. A
widget kind this module does not know is shown as its title and text, and reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from converter.body.links import urlize
from converter.conventions.mkdocs import DOCS
from converter.home import served_as
from converter.model import Page, Section, Site
from converter.writers import mkdocs_blocks as blocks
from converter.writers.mkdocs_widgets import (
    Links,
    languages,
    listing_index,
    plain,
    same_words,
    site_title,
)
from converter.writers.mkdocs_widgets import section as render_section

WRAP = "am-home"

# Markdown of a section's text (a Hugo body: shortcodes, links), ready for the page `dest`
Render = Callable[[str], str]


def home_dest(site: Site, key: str) -> str:
    """The file under docs/ a widget or landing page served as `key` is written to."""
    parts = key.split("/") if key else []
    langs = languages(site)
    lang = parts[0] if parts and parts[0] in langs else None
    rest = parts[1:] if lang else parts
    if rest in ([], ["home"]):
        default = str(site.params.get("defaultContentLanguage", "en"))
        in_subdir = bool(site.params.get("defaultContentLanguageInSubdir", False))
        if lang is None or (lang == default and not in_subdir):
            return "docs/index.md"
        return f"docs/{lang}/index.md"
    return f"docs/{key}/index.md"


@dataclass
class Home:
    """One widget or landing page: where it is written, and the Hugo page holding it (a
    landing page that is a page of its own), if any."""

    key: str
    dest: str
    holder: Page | None
    title: str
    lang: str | None
    sections: list[Section] | None = None  # its own, for a page not in site.sections


def home_address(site: Site, key: str) -> str:
    """The address Hugo served the widget or landing page `key` at: `/`, `/ja/`, `/people/`."""
    parts = key.split("/") if key else []
    lang = parts[0] if parts and parts[0] in languages(site) else None
    rest = parts[1:] if lang else parts
    if rest == ["home"]:
        rest = []
    default = str(site.params.get("defaultContentLanguage", "en"))
    in_subdir = bool(site.params.get("defaultContentLanguageInSubdir", False))
    if lang and (lang != default or in_subdir):
        rest = [lang, *rest]
    return "/" + "".join(f"{p}/" for p in rest)


def homes(
    site: Site, dest_of: Callable[[Page], str], published: Callable[[Page], bool]
) -> list[Home]:
    """Every entry of `site.sections` as the page that shows it."""
    out = []
    by_dest = {dest_of(p): p for p in site.pages if published(p)}
    by_address: dict[str, Page] = {}  # the first page served at each address
    for p in site.pages:
        by_address.setdefault(served_as(p.path), p)
    for key in site.sections:
        dest = home_dest(site, key)
        source = by_address.get(key)
        title = str((source.fields.get("title") if source else "") or "").strip()
        lang = source.lang if source else None
        if home_address(site, key) == "/" or key.split("/")[-1] == "home" or not key:
            # the site's name: a home page's own title was only the browser tab's
            title = site_title(site, lang) or title
        title = title or key.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").title()
        out.append(Home(key, dest, by_dest.get(dest), title or "Home", lang))
    return out


def nav_anchors(
    site: Site, homes_: list[Home], pages: dict[int, str], files: set[str]
) -> dict[str, str]:
    """`/address/#anchor` (lower case) of every section of a home page -> where a menu entry
    that pointed at it points now: the page itself for its first section (after any hero), the
    index of what a listing listed, else the section's anchor on the page (an absolute address
    under the site's own path)."""
    base = urlsplit(site.base_url).path.rstrip("/") if "://" in site.base_url else ""
    out: dict[str, str] = {}
    for home in homes_:
        address = home_address(site, home.key)
        links = Links(home.dest, pages, files, {}, {})
        for i, section in enumerate(site.sections.get(home.key, [])):
            if not section.id:
                continue
            index = listing_index(site, section, links)
            sections = site.sections[home.key]
            if all(s.kind == "hero" for s in sections[:i]):  # the top of the page
                moved = home.dest[len(DOCS) :]
            elif index:
                moved = index[len(DOCS) :]
            else:
                moved = f"{base}{address}#{section.id}"
            out.setdefault(f"{address}#{section.id}".lower(), moved)
    return out


def person_pages(site: Site, taken: set[str]) -> list[Home]:
    """A person page for each profile that is data, not a page (Hugo Blox `data/authors/`):
    Hugo served its author page at `/authors/<id>/`; the page shows the profile as the
    biography block does. `taken`: files under docs/ that pages hold already."""
    with_pages = {p.slug.lower() for p in site.pages if p.kind == "author"}
    out = []
    for slug, author in site.authors.items():
        if slug.lower() in with_pages or not author.source.startswith("data/"):
            continue
        dest = f"docs/authors/{urlize(slug)}/index.md"
        if dest in taken:
            continue
        person = Section(kind="biography", widget="person", id="", source=author.source)
        person.author = slug
        out.append(Home(f"authors/{slug}", dest, None, author.name, None, [person]))
    return out


def render(
    site: Site,
    sections: list[Section],
    links: Links,
    text: Render,
    warn: Callable[[str], None],
    title: str = "",
) -> str:
    """The Markdown of a widget or landing page's sections, inside one div.am-home; `title`
    its level-1 heading (Material would show the nav's name, `Home`, in its place), unless
    the page opens with a biography without a title: the person's name is its heading."""
    parts = [render_section(site, s, links, text, warn) for s in sections]
    first = sections[0] if sections else None
    if first is not None and first.kind == "biography" and not plain(first.title) and parts:
        parts[0] = re.sub(r"^## ", "# ", parts[0], count=1)
    elif first is not None and parts and same_words(first.title, title):
        parts[0] = re.sub(r"^## ", "# ", parts[0], count=1)  # a hero titled as the site
    elif title.strip():
        parts.insert(0, f"# {blocks.heading(title)}")
    inner = "".join(p.rstrip("\n") + "\n\n" for p in parts if p.strip())
    return f'<div class="{WRAP}" markdown>\n\n{inner}</div>\n' if inner else ""
