"""Home pages as content: Academic's widget pages and Hugo Blox landing pages, read into an
ordered list of sections that any writer can show in its own idiom.

On a Hugo Academic site the home page is the site (biography, experience, the latest posts,
publications and talks), and it is not one page: Academic v2-v5.7 build it from widget files
(`content/home/*.md`, each `widget: about|experience|pages|...` with a `weight`), and Hugo Blox
from a landing page's `sections:` list (`- block: resume-biography-3`, `collection`,
`markdown`...). Other pages are built the same way (a people page of widget files, a courses
page with sections). This module reads every such page into `Section`s: a kind common to all
eras, the title, text, items and buttons the widget showed, and for a listing what it listed
(`Listing`, resolved against the site by `listed_pages`). A widget it does not know keeps its
title and text and is marked `known=False`, to be shown and reported, never dropped.

What Hugo does not show is left out as Hugo leaves it out: `active: false` widgets and blocks,
and commented-out blocks (the YAML reader never sees them).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from typing import Any

from converter.body.links import remembered
from converter.model import Author, Listing, Page, Resource, Section, Site
from converter.pages import parse_page

# widget / block name -> section kind (the kinds writers know)
KINDS: dict[str, str] = {
    "about": "biography",
    "resume-biography": "biography",
    "resume-biography-2": "biography",
    "resume-biography-3": "biography",
    "biography": "biography",
    "blank": "markdown",
    "custom": "markdown",
    "markdown": "markdown",
    "text": "markdown",
    "experience": "experience",
    "resume-experience": "experience",
    "accomplishments": "accomplishments",
    "resume-awards": "awards",
    "awards": "awards",
    "featurette": "skills",
    "skills": "skills",
    "resume-skills": "skills",
    "resume-languages": "languages",
    "languages": "languages",
    "contact": "contact",
    "tag_cloud": "tag_cloud",
    "cat_tag_cloud": "tag_cloud",
    "tag-cloud": "tag_cloud",
    "people": "people",
    "hero": "hero",
    "hero_carousel": "hero",
    "slider": "hero",
    "cta": "cta",
    "cta-card": "cta",
    "cta-button-list": "cta",
    "cta-image-paragraph": "cta",
    "stats": "stats",
    "features": "skills",
    # listings: what they list is in `Listing`
    "pages": "listing",
    "posts": "listing",
    "publications": "listing",
    "publications_featured": "listing",
    "talks": "listing",
    "talks_featured": "listing",
    "talks_selected": "listing",
    "projects": "listing",
    "portfolio": "listing",
    "featured": "listing",
    "collection": "listing",
    "upcoming-talks": "listing",
    "featured-talks": "listing",
    "current-projects": "listing",
}

# what an old listing widget lists when it names no page type (Academic v2-v4 widgets)
WIDGET_LISTS: dict[str, str] = {
    "posts": "post",
    "publications": "publication",
    "publications_featured": "publication",
    "talks": "event",
    "talks_featured": "event",
    "talks_selected": "event",
    "projects": "project",
    "portfolio": "project",
    "upcoming-talks": "event",
    "featured-talks": "event",
    "current-projects": "project",
}
# a Hugo section folder (or page type) -> the content kind of its pages
FOLDER_KINDS: dict[str, str] = {
    "post": "post",
    "posts": "post",
    "blog": "post",
    "news": "post",
    "publication": "publication",
    "publications": "publication",
    "talk": "event",
    "talks": "event",
    "event": "event",
    "events": "event",
    "project": "project",
    "projects": "project",
}


# -- reading ---------------------------------------------------------------------------------


def read_sections(site: Site) -> dict[str, list[Section]]:
    """Every widget page and landing page of `site`: where it is served, as a content path
    without its file name (`home` for Academic's home page, `''` for a root landing page,
    `people`, `experience` for a landing page `experience.md`) -> its sections in the order
    Hugo shows them."""
    out: dict[str, list[Section]] = {}
    flat: dict[str, list[Page]] = {}  # folder -> widget files that are pages of their own
    for page in site.pages:
        sections = page.fields.get("sections")
        if page.fields.get("type") == "landing" or (
            isinstance(sections, list) and page.kind in ("home", "section", "page")
        ):
            out[served_as(page.path)] = _in_language(_landing(page, site), page.lang)
            continue
        if page.kind == "widget" and _is_widget_page(page):
            out[served_as(page.path)] = _in_language(_widget_bundle(page, site), page.lang)
            continue
        if page.kind == "widget" or "widget" in page.fields:
            flat.setdefault(posixpath.dirname(page.path), []).append(page)
    for folder, pages in flat.items():
        if folder in out:
            continue
        sections = [
            s
            for p in pages
            if (s := _widget(p.fields, p.body, posixpath.basename(p.path), p.path, site))
        ]
        out[folder] = _in_language(sorted(sections, key=lambda s: s.weight), pages[0].lang)
    return {k: v for k, v in out.items() if v}


def _in_language(sections: list[Section], lang: str | None) -> list[Section]:
    """Each listing of a page in `lang` lists that language's pages, as Hugo's do."""
    for section in sections:
        section.lang = lang
        if section.listing is not None:
            section.listing.lang = lang
    return sections


def served_as(path: str) -> str:
    """A page's content path as the address it is served at, without slashes: `_index.md`
    and `home/index.md` are their folders, `experience.md` is `experience`."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    if stem in ("index", "_index"):
        return posixpath.dirname(path)
    return posixpath.splitext(path)[0]


def _is_widget_page(page: Page) -> bool:
    """A bundle of widget files: `type: widget_page`, or a headless index whose bundle holds
    Markdown files (Academic's `content/home/index.md`)."""
    if page.fields.get("type") == "widget_page":
        return True
    return bool(page.fields.get("headless")) and any(_is_markdown(r) for r in page.resources)


def _is_markdown(res: Resource) -> bool:
    return res.name.lower().endswith((".md", ".markdown")) and "/" not in res.name


def _widget_bundle(page: Page, site: Site) -> list[Section]:
    folder = posixpath.dirname(page.path)
    sections = []
    for res in page.resources:
        if not _is_markdown(res) or res.source is None:
            continue
        try:
            parsed = parse_page(res.source.read_bytes())
        except Exception:
            continue  # the reader reported what it could not read
        where = posixpath.join(folder, res.name)
        section = _widget(parsed.data, parsed.split.body, res.name, where, site)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda s: s.weight)


def _widget(fm: dict[str, Any], body: str, name: str, where: str, site: Site) -> Section | None:
    """One Academic widget file as a section; None when Hugo does not show it."""
    widget = fm.get("widget") or fm.get("block")
    if not isinstance(widget, str) or fm.get("active") is False:
        return None
    content = _map(fm.get("content"))
    section = Section(
        kind=KINDS.get(widget, "unknown"),
        widget=widget,
        id=posixpath.splitext(name)[0],
        source=where,
        title=_text(fm.get("title")),
        subtitle=_text(fm.get("subtitle")),
        text=body.strip("\n"),
        weight=_number(fm.get("weight")),
        known=widget in KINDS,
        data=fm,
    )
    _fill(section, fm, content, site)
    return section


def _landing(page: Page, site: Site) -> list[Section]:
    """A Hugo Blox landing page's `sections:`, in their order."""
    out = []
    for i, block in enumerate(page.fields.get("sections") or []):
        if not isinstance(block, dict) or block.get("active") is False:
            continue
        name = block.get("block") or block.get("widget")
        if not isinstance(name, str):
            continue
        content = _map(block.get("content"))
        section = Section(
            kind=KINDS.get(name, "unknown"),
            widget=name,
            id=_text(block.get("id")) or f"section-{i + 1}",
            source=f"{page.path}#sections[{i}]",
            title=_text(content.get("title") or block.get("title")),
            subtitle=_text(content.get("subtitle") or block.get("subtitle")),
            text=_text(content.get("text")),
            weight=i,
            known=name in KINDS,
            data=block,
        )
        _fill(section, block, content, site)
        out.append(section)
    return out


def _fill(section: Section, fm: dict[str, Any], content: dict[str, Any], site: Site | None) -> None:
    """The kind's own content: whose biography, which items, buttons, what is listed."""
    kind, name = section.kind, section.widget
    user = _text(content.get("username") or content.get("user") or fm.get("author"))
    if kind == "biography":
        section.author = user or "admin"
    elif name.startswith("resume-") and user:
        # Hugo Blox resume blocks show the profile's own lists (data/authors/<user>.yaml)
        section.author = user
        profile = site.authors.get(user) if site else None
        key = {"awards": "awards", "skills": "skills", "languages": "languages"}.get(kind)
        if profile is not None:
            lists = [key] if key else ["experience", "education"]
            section.items = [
                {"list": k, **i}
                for k in lists
                for i in profile.fields.get(k) or []
                if isinstance(i, dict)
            ]
        return
    items_key = {
        "experience": "experience",
        "accomplishments": "item",
        "awards": "item",
        "skills": "feature",
        "hero": "item",
        "people": "",
    }.get(kind)
    if items_key:
        items = fm.get(items_key) or content.get("items") or content.get(items_key)
        section.items = [i for i in items or [] if isinstance(i, dict)]
    if kind == "people":
        groups = content.get("user_groups") or fm.get("user_groups")
        section.items = [{"group": g} for g in groups or [] if isinstance(g, str)]
    buttons = []
    for key in ("cta", "cta_alt", "button"):
        b = content.get(key) if isinstance(content.get(key), dict) else fm.get(key)
        if isinstance(b, dict):
            text, url = b.get("label") or b.get("text"), b.get("url")
            if isinstance(url, str) and url.strip():
                buttons.append({"text": _text(text) or url, "url": url})
    for b in content.get("buttons") or []:
        if isinstance(b, dict) and isinstance(b.get("url"), str):
            buttons.append({"text": _text(b.get("text") or b.get("label")), "url": b["url"]})
    section.buttons = buttons
    if kind == "listing":
        section.listing = _listing(name, fm, content)


def _listing(name: str, fm: dict[str, Any], content: dict[str, Any]) -> Listing:
    filters = _map(content.get("filters"))
    listing = Listing(
        count=int(_number(content.get("count", fm.get("count", 5)))),
        offset=int(_number(content.get("offset", fm.get("offset", 0)))),
        ascending=str(content.get("order", "desc")).lower() == "asc"
        or content.get("sort_ascending") is True,
        featured_only=name in ("featured", "publications_featured", "talks_featured")
        or "featured" in name
        or filters.get("featured_only") is True,
        exclude_featured=filters.get("exclude_featured") is True,
        exclude_past=filters.get("exclude_past") is True or name == "upcoming-talks",
        exclude_future=filters.get("exclude_future") is True,
        tag=_text(filters.get("tag")),
        category=_text(filters.get("category")),
        author=_text(filters.get("author")),
        publication_type=_text(filters.get("publication_type")),
    )
    page_type = content.get("page_type") or fm.get("page_type")
    folders = filters.get("folders") or content.get("folders")
    if isinstance(page_type, str) and page_type:
        listing.kinds = [FOLDER_KINDS.get(page_type, page_type)]
    if isinstance(folders, list):
        listing.folders = [str(f).strip("/") for f in folders if isinstance(f, str) and f]
    if isinstance(filters.get("kinds"), list):
        listing.hugo_kinds = [str(k) for k in filters["kinds"]]
    if not listing.kinds and not listing.folders and name in WIDGET_LISTS:
        listing.kinds = [WIDGET_LISTS[name]]
    return listing


def profile(site: Site, author: str | None, lang: str | None = None) -> Author | None:
    """The profile an author id names, as Hugo finds its page: case aside (`author = "Admin"`
    is `content/authors/admin/`), and on a multilingual site the page of `lang`'s
    (`content/ja/authors/admin/`) where it has one."""
    if not author:
        return None
    if lang is not None:
        for page in site.pages:
            folder = posixpath.basename(posixpath.dirname(page.path))
            if (
                page.kind == "author"
                and page.lang == lang
                and folder.casefold() == author.casefold()
            ):
                name = page.fields.get("title") or page.fields.get("name") or folder
                return Author(folder, str(name), page.fields, page.path)
    return site.authors.get(author) or next(
        (a for slug, a in site.authors.items() if slug.casefold() == author.casefold()), None
    )


def listed_pages(site: Site, listing: Listing, today: dt.date | None = None) -> list[Page]:
    """The pages a listing showed, as Academic selected them: its kinds or folders, its
    filters, newest first (or oldest), `offset` skipped, `count` kept (0: all)."""
    today = today or dt.date.today()
    chosen: list[tuple[Page, dt.date | None]] = []
    hugo_kinds = set(listing.hugo_kinds or ["page"])
    for page, hugo_kind, folder, day in _of_kinds_or_folders(site, listing):
        if hugo_kind not in hugo_kinds:
            continue
        if listing.lang is not None and page.lang != listing.lang:
            continue
        in_kind = page.kind in listing.kinds
        in_folder = folder in listing.folders or FOLDER_KINDS.get(folder) in listing.folders
        anywhere = not listing.kinds and not listing.folders  # a filter alone (a tag)
        if not (in_kind or in_folder or anywhere):
            continue
        f = page.fields
        featured = f.get("featured") is True
        if (listing.featured_only and not featured) or (listing.exclude_featured and featured):
            continue
        if listing.exclude_past and day is not None and day < today:
            continue
        if listing.exclude_future and day is not None and day > today:
            continue
        if listing.tag and listing.tag not in _strings(f.get("tags")):
            continue
        if listing.category and listing.category not in _strings(f.get("categories")):
            continue
        if listing.author and listing.author not in _strings(f.get("authors")):
            continue
        if listing.publication_type and listing.publication_type not in _strings(
            f.get("publication_types")
        ):
            continue
        chosen.append((page, day))
    chosen.sort(key=lambda c: c[1] or dt.date.min, reverse=not listing.ascending)
    pages = [page for page, _ in chosen[listing.offset :]]
    return pages[: listing.count] if listing.count > 0 else pages


Listable = tuple[Page, str, str, dt.date | None]


def _of_kinds_or_folders(site: Site, listing: Listing) -> list[Listable]:
    """The listable pages of the listing's kinds or folders, in site order; all of them when
    it names neither. Each listing picked them from every page in turn (a site's widgets list
    some forty times), where the pages of a kind or folder are known once per plan."""
    listable = remembered("listable", site, _listable)
    if not listing.kinds and not listing.folders:
        return listable
    by_kind, by_folder = remembered("listable-by", site, lambda _: _listable_by(listable))
    picked: set[int] = set()
    for kind in listing.kinds:
        picked.update(by_kind.get(kind, ()))
    for folder, found in by_folder.items():
        if folder in listing.folders or FOLDER_KINDS.get(folder) in listing.folders:
            picked.update(found)
    return [listable[i] for i in sorted(picked)]


def _listable_by(listable: list[Listable]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The listable pages (their places in `listable`) by kind and by top folder."""
    by_kind: dict[str, list[int]] = {}
    by_folder: dict[str, list[int]] = {}
    for i, (page, _, folder, _) in enumerate(listable):
        by_kind.setdefault(page.kind, []).append(i)
        by_folder.setdefault(folder, []).append(i)
    return by_kind, by_folder


def _listable(site: Site) -> list[Listable]:
    """The pages any listing may show, each with its Hugo kind, top folder and day: what
    `listed_pages` asks of every page whatever the listing, worked out once per plan (a
    site's widgets list its pages some forty times)."""
    out = []
    for page in site.pages:
        if page.kind in ("widget", "home"):
            continue
        if page.fields.get("draft") is True or page.fields.get("headless") is True:
            continue
        hugo_kind = "section" if page.kind == "section" else "page"
        out.append((page, hugo_kind, page.path.split("/", 1)[0], _day(page.fields.get("date"))))
    return out


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _strings(value: Any) -> list[str]:
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    return [str(v) for v in items if v is not None]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        return 0


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
