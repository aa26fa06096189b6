"""The widgets of a home page in Material's idiom, one function per widget kind: the
biography as a profile card beside the bio, experience as a list, accomplishments, awards,
skills and people as Material's grid cards, contact, tags, and a listing as the titles of the
pages it listed (mkdocs_home.py places the pages they go on and calls `section`).
"""

import collections
import dataclasses
import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from converter.conventions.mkdocs import BLOG_INDEX, DOCS, POSTS
from converter.home import listed_pages, profile
from converter.model import Author, Page, Section, Site
from converter.visible import words
from converter.writers import mkdocs_blocks as blocks
from converter.writers.mkdocs_icons import LABELS, icon

# Markdown of a section's text (a Hugo body: shortcodes, links), ready for the page `dest`
Render = Callable[[str], str]


def languages(site: Site) -> set[str]:
    langs = {p.lang for p in site.pages if p.lang}
    configured = site.params.get("languages")
    if isinstance(configured, dict):
        langs |= {str(k) for k in configured}
    return {str(x) for x in langs}


# -- links --------------------------------------------------------------------------------------


@dataclass
class Links:
    """What a home page links to, as MkDocs checks links: a file under docs/ by its path from
    the page (checked by `mkdocs build --strict`), anything else by its address."""

    here: str  # the page's file under docs/
    pages: dict[int, str]  # id(page) -> its file under docs/, for published pages
    files: set[str]  # every file that will be under docs/
    profiles: dict[str, str]  # author id -> profile page file
    by_url: dict[str, str]  # Hugo address of a published page -> its file
    avatars: dict[str, str] = field(default_factory=dict)  # author id -> picture file
    lang: str | None = None

    def rel(self, dest: str) -> str:
        return posixpath.relpath(dest, posixpath.dirname(self.here))

    def page(self, page: Page) -> str | None:
        dest = self.pages.get(id(page))
        return self.rel(dest) if dest else None

    def url(self, url: str) -> str:
        """A link field of a widget or profile as a link of this page: a scheme as it is, a
        path (Academic reads a path without a scheme from the site root) to the file that
        serves it now, relative, else as an absolute address."""
        url = url.strip()
        if blocks.SCHEME.match(url) or url.startswith("//"):
            return url
        path, _, anchor = url.partition("#")
        anchor = f"#{anchor}" if anchor else ""
        bare = path.split("?", 1)[0].strip("/")
        if not bare and anchor:
            return (self.rel("docs/index.md") if self.here != "docs/index.md" else "") + anchor
        if f"{DOCS}{bare}" in self.files:
            return self.rel(f"{DOCS}{bare}") + anchor
        dest = self.by_url.get("/" + bare.lower() + "/" if bare else "/")
        if dest:
            return self.rel(dest) + anchor
        return "/" + bare + ("/" if bare and not posixpath.splitext(bare)[1] else "") + anchor


# -- sections -----------------------------------------------------------------------------------


def site_title(site: Site, lang: str | None) -> str:
    """The site's title in `lang` (`languages.<lang>.title`), else its title, else the
    owner's name (Hugo Blox leaves `title` empty for the profile's name)."""
    languages = site.params.get("languages")
    own = languages.get(lang) if isinstance(languages, dict) and lang else None
    if isinstance(own, dict) and isinstance(own.get("title"), str) and own["title"].strip():
        return str(own["title"]).strip()
    return site.title or owner_name(site)


def same_words(a: str, b: str) -> bool:
    return bool(words(a)) and words(a) == words(b)


def owner_name(site: Site) -> str:
    """The site owner's name (Hugo Blox titles a site by it when its `title` is empty): the
    profile marked `is_owner` or `superuser`, else `me` or `admin`."""
    for author in site.authors.values():
        if author.fields.get("is_owner") is True or author.fields.get("superuser") is True:
            return author.name
    for slug in ("me", "admin"):
        if slug in site.authors:
            return site.authors[slug].name
    return ""


def _heading(title: str, anchor: str, level: int = 2) -> str:
    attr = f" {{ #{anchor} }}" if re.fullmatch(r"[A-Za-z][\w.:-]*", anchor or "") else ""
    return f"{'#' * level} {blocks.heading(title)}{attr}"


def _anchor(anchor: str) -> str:
    """A place a link to `#anchor` lands on, for a section without a title."""
    ok = re.fullmatch(r"[A-Za-z][\w.:-]*", anchor or "")
    return f'<span id="{anchor}"></span>' if ok else ""


def section(site: Site, s: Section, links: Links, text: Render, warn: Callable[[str], None]) -> str:
    out: list[str] = []
    profile = _profile(site, s.author, links.lang) if s.author else None
    title = plain(s.title)
    if title:
        out.append(_heading(title, s.id))
    elif s.kind == "biography" and profile is not None:
        out.append(_heading(profile.name, s.id))
    elif _anchor(s.id):
        out.append(_anchor(s.id))
    if plain(s.subtitle):
        out.append(blocks.inline(s.subtitle) + "\n{: .am-subtitle }")
    if s.kind == "biography":
        out.append(_biography(site, s, profile, links, text))
    elif s.text.strip():
        out.append(text(s.text).strip("\n"))
    if s.kind == "experience":
        lists = list(dict.fromkeys(str(i.get("list") or "") for i in s.items))
        if len(lists) > 1:  # a Hugo Blox resume: the profile's experience, then education
            for name in lists:
                items = [i for i in s.items if str(i.get("list") or "") == name]
                level = "###" if title else "##"  # under the section's heading, if any
                out.append(
                    f"{level} {blocks.heading(name.title())}\n\n" + _experience(items, links)
                )
        else:
            out.append(_experience(s.items, links))
    elif s.kind in ("accomplishments", "awards"):
        out.append(_cards([_accomplishment(i, links) for i in s.items]))
    elif s.kind in ("skills", "languages"):
        out.append(_skills(s.items))
    elif s.kind == "hero" and s.items:
        out.append(_cards([_feature(i) for i in s.items]))
    elif s.kind == "people":
        out.append(_people(site, s, links))
    elif s.kind == "contact":
        out.append(_contact(site))
    elif s.kind == "tag_cloud":
        out.append(_tags(site))
    elif s.kind == "listing" and s.listing is not None:
        out.append(_listing(site, s, links))
    elif not s.known:
        warn(
            f"{s.source}: widget {s.widget!r} is not one academic-migrate knows; "
            "its title and text are shown"
        )
    if s.buttons and s.kind != "biography":
        out.append(_buttons(s.buttons, links))
    return "\n\n".join(p for p in out if p.strip())


def _profile(site: Site, slug: str, lang: str | None = None) -> Author | None:
    """The profile a biography shows: in a language's home page, that language's profile page
    (`content/ja/authors/admin/_index.md`), as Hugo shows it; else the site's profile."""
    author = profile(site, slug)
    own = _profile_page(site, author.slug if author else slug, lang) if lang else None
    if own is not None and own.lang == lang:
        name = own.fields.get("title") or own.fields.get("name")
        shown = str(name).strip() if isinstance(name, str) and name.strip() else own.slug
        return Author(own.slug, shown, own.fields, own.path)
    return author


def _site_name(url: str) -> str:
    """A link's site by name where its icon says nothing (`www.scopus.com`: Scopus)."""
    host = urlsplit(url.strip()).netloc.lower().split(":")[0]
    parts = [p for p in host.split(".") if p not in ("www", "com", "org", "net", "edu", "io")]
    return parts[-1].capitalize() if parts else ""


def _profile_page(site: Site, slug: str, lang: str | None) -> Page | None:
    """The author's profile page (`content/authors/<id>/_index.md`), in `lang` if it has one."""
    pages = [p for p in site.pages if p.kind == "author" and p.slug.lower() == slug.lower()]
    return next((p for p in pages if p.lang == lang), pages[0] if pages else None)


def plain(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _buttons(buttons: list[dict[str, str]], links: Links) -> str:
    out = []
    for b in buttons:
        url = str(b.get("url") or "").strip()
        if not url or url == "#":
            continue
        label = b.get("text") or url
        out.append(f"[{blocks.text(label)}]({blocks.target(links.url(url))}){{ .md-button }}")
    return " ".join(out)


def _biography(site: Site, s: Section, profile: Author | None, links: Links, text: Render) -> str:
    """The About widget / resume-biography block: a card of the person beside the bio."""
    if profile is None:
        return text(s.text).strip("\n") if s.text.strip() else ""
    f = profile.fields
    card: list[str] = []
    avatar = links.avatars.get(profile.slug)
    if avatar:
        card.append(
            f"![{blocks.text(profile.name)}]({blocks.target(links.rel(avatar))}){{ .am-avatar }}"
        )
    page = links.profiles.get(profile.slug)
    name = blocks.text(profile.name)
    lines = [
        f"**[{name}]({blocks.target(links.rel(page))})**"
        if page is not None and page != links.here
        else f"**{name}**"
    ]
    role = f.get("role")
    if isinstance(role, str) and role.strip():
        lines.append(blocks.inline(role))
    for org in f.get("organizations") or f.get("affiliations") or []:
        if isinstance(org, dict) and plain(org.get("name")):
            url = org.get("url")
            label = blocks.text(org["name"])
            lines.append(
                f"[{label}]({blocks.target(links.url(url))})"
                if isinstance(url, str) and url.strip()
                else label
            )
    card.append("  \n".join(lines))
    social = []
    for item in f.get("social") or f.get("links") or []:
        if not isinstance(item, dict):
            continue
        url = item.get("link") or item.get("url")
        if not isinstance(url, str) or not url.strip() or url.strip() == "#":
            continue
        name_ = str(item.get("icon") or "")
        mark = icon(name_, str(item.get("icon_pack") or ""))
        bare = name_.rsplit("/", 1)[-1]
        label = plain(item.get("label")) or LABELS.get(bare) or _site_name(url)
        label = label or bare.replace("-", " ").title()
        shown = f"{mark} {blocks.text(label)}".strip() if label else mark
        social.append(f"[{shown or 'Link'}]({blocks.target(links.url(url))}){{ .md-button }}")
    social += [b for b in [_buttons(s.buttons, links)] if b]
    if social:
        card.append(" ".join(social))
    bio: list[str] = []
    own = _profile_page(site, profile.slug, links.lang)
    body = own.body if own is not None else ""
    if s.text.strip():
        bio.append(text(s.text).strip("\n"))
    elif body.strip():
        bio.append(text(body).strip("\n"))
    elif isinstance(f.get("bio"), str) and f["bio"].strip():
        bio.append(text(f["bio"]).strip("\n"))
    columns = []
    interests = [i for i in f.get("interests") or [] if isinstance(i, str) and i.strip()]
    if interests:
        columns.append("**Interests**\n\n" + "\n".join(f"- {blocks.inline(i)}" for i in interests))
    education = _education(f.get("education"))
    if education:
        columns.append("**Education**\n\n" + "\n".join(f"- {e}" for e in education))
    if columns:
        bio.append(_div("grid", [_div("am-column", [c]) for c in columns]))
    return _div("am-bio grid", [_div("am-bio__card", card), _div("am-bio__text", bio)])


def _div(name: str, parts: list[str]) -> str:
    inner = "".join(p.strip("\n") + "\n\n" for p in parts if p.strip())
    return f'<div class="{name}" markdown>\n\n{inner}</div>'


def _education(value: Any) -> list[str]:
    """v4/v5 `education: {courses: [{course, institution, year}]}`, Hugo Blox `education:
    [{degree, institution, start, end}]`."""
    courses = value.get("courses") if isinstance(value, dict) else value
    out = []
    for c in courses if isinstance(courses, list) else []:
        if not isinstance(c, dict):
            continue
        what = c.get("course") or c.get("degree") or c.get("area")
        when = c.get("year") or _years(c.get("start"), c.get("end"))
        parts = [blocks.text(x) for x in (what, c.get("institution"), when) if plain(str(x or ""))]
        if parts:
            out.append(", ".join(parts))
    return out


def _years(start: Any, end: Any) -> str:
    a, b = _day(start), _day(end)
    if a and b:
        return f"{a[:4]}\N{EN DASH}{b[:4]}" if a[:4] != b[:4] else a[:4]
    return a[:4] if a else ""


def _day(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str) and re.match(r"^\d{4}", value.strip()):
        return value.strip()[:10]
    return ""


def _span(start: Any, end: Any) -> str:
    a, b = _day(start)[:7], _day(end)[:7]
    if not a and not b:
        return ""
    return f"{a} \N{EN DASH} {b or 'present'}" if a else b


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line.strip() else "" for line in text.split("\n"))


def _experience(items: list[dict[str, Any]], links: Links) -> str:
    """Academic's experience items (title, company, location, dates, description) and Hugo Blox
    resume items (role, org or degree, institution), as a list, newest as the site ordered."""
    out = []
    for i in items:
        title = i.get("title") or i.get("role") or i.get("degree") or i.get("area")
        org = i.get("company") or i.get("org") or i.get("institution") or i.get("organization")
        url = i.get("company_url") or i.get("org_url") or i.get("url")
        head = f"**{blocks.text(title)}**" if plain(str(title or "")) else ""
        if plain(str(org or "")):
            shown = blocks.text(org)
            if isinstance(url, str) and url.strip():
                shown = f"[{shown}]({blocks.target(links.url(url))})"
            head = f"{head}, {shown}" if head else shown
        meta = [
            x
            for x in (
                _span(i.get("date_start") or i.get("start"), i.get("date_end") or i.get("end")),
                blocks.text(i.get("location") or ""),
            )
            if x
        ]
        entry = head + ("  \n    " + " · ".join(meta) if meta else "")
        desc = i.get("description") or i.get("summary")
        if isinstance(desc, str) and desc.strip():
            entry += "\n\n" + _indent(desc.strip())
        if entry.strip():
            out.append("- " + entry)
    return "\n\n".join(out)  # a loose list: an item's description stays in its item


def _cards(cards: list[str]) -> str:
    cards = [c for c in cards if c.strip()]
    if not cards:
        return ""
    items = "\n\n".join(
        "-   " + c.replace("\n", "\n    ").replace("\n    \n", "\n\n") for c in cards
    )
    return f'<div class="grid cards" markdown>\n\n{items}\n\n</div>'


def _accomplishment(i: dict[str, Any], links: Links) -> str:
    title = i.get("title") or i.get("name")
    org = i.get("organization") or i.get("awarder")
    url = i.get("url") or i.get("organization_url")
    head = f"**{blocks.text(title)}**" if plain(str(title or "")) else ""
    lines = [head] if head else []
    if plain(str(org or "")):
        shown = blocks.text(org)
        org_url = i.get("organization_url")
        if isinstance(org_url, str) and org_url.strip():
            shown = f"[{shown}]({blocks.target(links.url(org_url))})"
        lines.append(shown)
    when = _span(i.get("date_start"), i.get("date_end")) or _day(i.get("date"))[:7]
    if when:
        lines.append(when)
    out = "  \n".join(lines)
    desc = i.get("description") or i.get("summary")
    if isinstance(desc, str) and desc.strip():
        out += "\n\n" + " ".join(desc.split())
    cert = i.get("certificate_url")
    buttons = [
        f"[{label}]({blocks.target(links.url(u))})"
        for label, u in (("See", url), ("Certificate", cert))
        if isinstance(u, str) and u.strip() and u.strip() != "#"
    ]
    if buttons:
        out += "\n\n" + " · ".join(buttons)
    return out


def _feature(i: dict[str, Any]) -> str:
    name = i.get("name") or i.get("title") or i.get("label")
    mark = icon(str(i.get("icon") or ""), str(i.get("icon_pack") or "")) if i.get("icon") else ""
    out = f"{mark} **{blocks.text(name)}**".strip() if plain(str(name or "")) else mark
    desc = i.get("description") or i.get("text") or i.get("summary")
    if isinstance(desc, str) and desc.strip():
        out += "\n\n" + " ".join(desc.split())
    return out


def _skills(items: list[dict[str, Any]]) -> str:
    """Featurettes (name, icon, description) as cards; Hugo Blox skill groups and languages
    (name, items of label and level) likewise, each level as filled dots."""
    cards = []
    for i in items:
        sub = i.get("items")
        if isinstance(sub, list):
            lines = (
                [f"**{blocks.text(i.get('name') or '')}**"]
                if plain(str(i.get("name") or ""))
                else []
            )
            for x in sub:
                if isinstance(x, dict):
                    label = blocks.text(x.get("label") or x.get("name") or "")
                    lines.append(f"{label} {_level(x.get('level'))}".strip())
            cards.append("  \n".join(lines))
        elif i.get("level") is not None and not i.get("description"):
            note = i.get("label")
            extra = f" ({blocks.text(note)})" if plain(str(note or "")) else ""
            cards.append(
                f"**{blocks.text(i.get('name') or '')}**{extra}  \n{_level(i.get('level'))}"
            )
        else:
            cards.append(_feature(i))
    return _cards(cards)


def _level(level: Any) -> str:
    if isinstance(level, bool) or not isinstance(level, (int, float)):
        return ""
    n = max(0, min(5, int(level)))
    return "●" * n + "○" * (5 - n)


def _people(site: Site, s: Section, links: Links) -> str:
    """The people widget: for each user group, a card per profile in it."""
    out = []
    for item in s.items:
        group = item.get("group")
        if not isinstance(group, str):
            continue
        members = [a for a in site.authors.values() if group in (a.fields.get("user_groups") or [])]
        members.sort(key=lambda a: (str(a.fields.get("last_name") or a.name), a.name))
        cards = []
        for a in members:
            lines = []
            avatar = links.avatars.get(a.slug)
            if avatar:
                lines.append(
                    f"![{blocks.text(a.name)}]({blocks.target(links.rel(avatar))}){{ .am-avatar }}"
                )
            page = links.profiles.get(a.slug)
            name = blocks.text(a.name)
            head = [f"**[{name}]({blocks.target(links.rel(page))})**" if page else f"**{name}**"]
            role = a.fields.get("role")
            if isinstance(role, str) and role.strip():
                head.append(blocks.inline(role))
            lines.append("  \n".join(head))
            cards.append("\n\n".join(lines))
        if cards:  # Academic's people.html shows no empty group
            out.append(f"### {blocks.heading(group)}\n\n" + _cards(cards))
    return "\n\n".join(out)


def _contact(site: Site) -> str:
    """The contact widget's details, from the site's params (v4/v5 `email`, `phone`,
    `address`, `directions`, `office_hours`, `appointment_url`, `contact_links`)."""
    p = site.params.get("params")
    p = p if isinstance(p, dict) else {}
    lines = []
    email = p.get("email")
    if isinstance(email, str) and email.strip():
        lines.append(
            f":fontawesome-solid-envelope: [{blocks.text(email)}](mailto:{email.strip()})"
            if icon("envelope")
            else f"[{blocks.text(email)}](mailto:{email.strip()})"
        )
    phone = p.get("phone")
    if isinstance(phone, (str, int)) and str(phone).strip():
        lines.append(f"Phone: {blocks.text(phone)}")
    where = p.get("address")
    if isinstance(where, dict):
        parts = [
            blocks.text(where[k])
            for k in ("street", "city", "region", "postcode", "country")
            if isinstance(where.get(k), (str, int)) and str(where[k]).strip()
        ]
        if parts:
            lines.append(", ".join(parts))
    directions = p.get("directions")
    if isinstance(directions, str) and directions.strip():
        lines.append(blocks.inline(directions))
    hours = p.get("office_hours")
    hours = [hours] if isinstance(hours, str) else hours
    if isinstance(hours, list) and any(isinstance(h, str) and h.strip() for h in hours):
        lines.append(
            "Office hours: " + "; ".join(blocks.text(h) for h in hours if isinstance(h, str))
        )
    appointment = p.get("appointment_url")
    if isinstance(appointment, str) and appointment.strip() and blocks.SCHEME.match(appointment):
        lines.append(f"[Book an appointment]({blocks.target(appointment.strip())})")
    for link in p.get("contact_links") or []:
        if (
            isinstance(link, dict)
            and isinstance(link.get("link"), str)
            and blocks.SCHEME.match(link["link"])
        ):
            label = link.get("name") or link["link"]
            lines.append(f"[{blocks.text(label)}]({blocks.target(link['link'].strip())})")
    return "  \n".join(lines)


def _tags(site: Site) -> str:
    """The tag cloud: the site's most used tags, most used first."""
    counts: collections.Counter[str] = collections.Counter()
    for page in site.pages:
        tags = page.fields.get("tags")
        for t in tags if isinstance(tags, list) else []:
            if isinstance(t, str) and t.strip():
                counts[t.strip()] += 1
    top = [t for t, _ in counts.most_common(20)]
    return " · ".join(blocks.text(t) for t in top)


def _listing(site: Site, s: Section, links: Links) -> str:
    """The pages a listing showed, as Academic chose them, linked to their pages."""
    assert s.listing is not None
    shown = listed_pages(site, s.listing)
    lines = []
    for page in shown:
        title = blocks.text(page.fields.get("title") or page.slug)
        rel = links.page(page)
        when = _day(page.fields.get("date"))
        extra = []
        venue = page.fields.get("publication") or page.fields.get("event")
        if isinstance(venue, str) and venue.strip():
            extra.append(blocks.inline(venue))
        tail = f" — {', '.join(extra)}" if extra else ""
        lines.append(
            f"- {when + ': ' if when else ''}[{title}]({blocks.target(rel)}){tail}"
            if rel
            else f"- {when + ': ' if when else ''}{title}{tail}"
        )
    out = "\n".join(lines)
    index = listing_index(site, s, links)
    if index:
        out += f"\n\n[See all]({blocks.target(links.rel(index))}){{ .md-button }}"
    return out


@functools.lru_cache(maxsize=8192)
def section_index(dest: str) -> str:
    """The index page that lists the page written at `dest` (the blog's, for a post). Made
    once per file: every listing of a home page asks it of each page it lists, once more
    for each home page and for the nav."""
    if dest.startswith(POSTS):
        return BLOG_INDEX
    return posixpath.join(posixpath.dirname(posixpath.dirname(dest)), "index.md")


def lang_folder(site: Site, dest: str) -> bool:
    """Whether `dest` is inside a language's folder (`docs/ja/...`)."""
    parts = dest.split("/")
    return len(parts) > 2 and parts[1] in languages(site)


def listing_index(site: Site, s: Section, links: Links) -> str | None:
    """The index page that lists all the pages a listing showed the first of, if one does."""
    if s.listing is None:
        return None
    listing = dataclasses.replace(s.listing, count=0, offset=0)
    index = None
    for p in listed_pages(site, listing):
        dest = links.pages.get(id(p))
        if dest is None:
            continue
        here = section_index(dest)
        if index is None:
            index = here
        elif here != index:  # pages of several listings: none of them lists them all
            return None
    if index is None:
        return None
    if index.count("/") > 2 + (1 if lang_folder(site, index) else 0):
        return None  # a folder inside a section (Hugo's pages nested in folders of their own)
    return index if index in links.files and index != links.here else None
