"""Home pages and other widget or landing pages (converter/home.py's sections) as Quarto pages.

Academic built its home page from widgets, Hugo Blox from a landing page's blocks: a
biography, text sections, experience, accomplishments, the latest posts, papers and talks,
a contact section. In Quarto the same page is one `.qmd`:

- the biography is Quarto's about template (`trestles`: the photo, the name and the links
  beside the text, as Academic laid it out; quarto-web docs/websites/website-about.qmd) on
  the part of the page it names (`about: {id: ...}`): the profile's role and organizations,
  its bio, interests and education, and the widget's buttons;
- every other section is a Markdown section under its title with the anchor Academic gave it
  (`## Experience {#experience}`), so menu links to `/#experience` still land on it;
  experience, accomplishments, awards, skills and languages as lists, buttons as links;
- a listing is a Quarto listing (docs/websites/website-listings.qmd) with an id and a div
  where it shows: the globs of the folders its pages went to, newest first, `max-items` the
  widget's count; where a filter (featured, a tag, upcoming...) picks pages no glob can, the
  pages it picked, by name;
- a widget this converter does not know is shown as its title and text, and reported.

`HomeBuilder.build` returns the page's front matter keys and body; the writer decides where
they go (a page of the Hugo site that holds the sections, or a page of its own).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import posixpath
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from converter.body.links import remembered
from converter.home import listed_pages
from converter.home import profile as find_profile
from converter.model import Author, Page, Section, Site

ABOUT_TEMPLATE = "trestles"
BUTTON = "{.btn .btn-outline-primary}"
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


@dataclass
class Home:
    """A widget or landing page as Quarto front matter keys and a body."""

    front: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)  # section id -> anchor on the page


@dataclass
class HomeContext:
    """What the builder needs of the site and the writer."""

    site: Site
    dest: str  # where the page is written (project path)
    page_dest: Callable[[Page], str | None]  # a page's project path; None: not served
    markdown: Callable[[str], str]  # Hugo Markdown -> Quarto Markdown
    about_links: Callable[[dict[str, Any]], list[dict[str, Any]]]  # profile -> about links
    avatar: Callable[[str], str | None]  # profile slug -> project path of its photo
    person: Callable[[str], str | None]  # profile slug -> project path of its page
    listing_options: Callable[[str], dict[str, Any]]  # content kind -> the table's options
    title: str = ""  # the page's own title (a person named there needs no heading)
    lang: str | None = None  # the language of the page, on a multilingual site


def anchor_id(text: str) -> str:
    """A section id pandoc reads as an identifier: letters, digits, `-_:.`, from a letter."""
    out = re.sub(r"[^\w\-:.]+", "-", text, flags=re.UNICODE).strip("-")
    if not out or not out[0].isalpha():
        out = "s-" + out
    return out


def plain(value: Any) -> str:
    """Text pandoc shows as written."""
    text = " ".join(str(value).replace("\0", "\ufffd").split())
    return re.sub(r"([\\`*_{}\[\]<>#$|~^@])", r"\\\1", text)


def target(url: str) -> str:
    url = url.strip().replace("\0", "%00")
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip()) and value.strip() != "#"
    return value not in (None, False, [], {})


def _text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip() if _present(value) else ""


def month(value: Any) -> str:
    """A date as Academic's resume widgets showed it: `January 2020`."""
    text = _text(value)
    m = re.match(r"^(\d{4})-(\d\d)", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return plain(text)


def period(start: Any, end: Any, ongoing: str = "Present") -> str:
    a, b = month(start), month(end)
    if a and b:
        return f"{a} \u2013 {b}"
    if a:
        return f"{a} \u2013 {ongoing}" if ongoing else a
    return b


def indent(text: str, by: str = "  ") -> str:
    """Markdown continuing a list item: its common indentation taken off, then `by` added."""
    text = textwrap.dedent(text.replace("\t", "    ")).strip("\n")
    return "\n".join(by + line if line.strip() else "" for line in text.split("\n"))


class HomeBuilder:
    def __init__(self, ctx: HomeContext) -> None:
        self.ctx = ctx
        self.here = posixpath.dirname(ctx.dest)
        self.used: set[str] = set()
        self.about_done = False

    # -- links from this page ------------------------------------------------------------

    def rel(self, dest: str) -> str:
        """A project path as a link from this page (Quarto resolves `.qmd` links)."""
        return posixpath.relpath(dest, self.here or ".")

    def url(self, url: str) -> str:
        """A widget's link: Hugo read a path without a scheme from the site root."""
        url = url.strip()
        if SCHEME.match(url) or url.startswith(("/", "#")):
            return url
        return "/" + url

    def link(self, text: str, url: Any) -> str:
        if isinstance(url, str) and _present(url):
            return f"[{text}]({target(self.url(url))})"
        return text

    def buttons(self, section: Section) -> str:
        out = []
        for b in section.buttons:
            text = plain(b.get("text") or b["url"])
            out.append(f"[{text}]({target(self.url(b['url']))}){BUTTON}")
        return " ".join(out)

    # -- the page ------------------------------------------------------------------------

    def build(self, sections: list[Section]) -> Home:
        home = Home()
        listings: list[dict[str, Any]] = []
        parts: list[str] = []
        for section in sections:
            sid = self.unique(anchor_id(section.id or section.kind))
            home.anchors[section.id] = sid
            if section.kind == "biography" and not self.about_done:
                text, about = self.biography(section, sid)
                if about is not None:
                    home.front["about"] = about
                    home.anchors[section.id] = ""  # the page itself: the template moves the div
                parts.append(text)
                continue
            if not section.known:
                home.warnings.append(
                    f"{section.source}: widget {section.widget!r} is not one this converter "
                    "knows; shown as its title and text"
                )
            body, listing = self.section(section, sid)
            if listing is not None:
                listings.append(listing)
            parts.append(body)
        if listings:
            home.front["listing"] = listings
        home.body = "\n".join(p.rstrip("\n") + "\n" for p in parts if p.strip())
        return home

    def unique(self, sid: str) -> str:
        candidate, n = sid, 1
        while candidate in self.used:
            n += 1
            candidate = f"{sid}-{n}"
        self.used.add(candidate)
        return candidate

    def heading(self, section: Section, sid: str, level: str = "##") -> str:
        if _present(section.title):
            title = " ".join(self.ctx.markdown(section.title).split())
            return f"{level} {title} {{#{sid}}}\n"
        return f"[]{{#{sid}}}\n"

    def section(self, section: Section, sid: str) -> tuple[str, dict[str, Any] | None]:
        out = [self.heading(section, sid)]
        if _present(section.subtitle):
            out.append(f"*{plain(section.subtitle)}*\n")
        if section.text.strip():
            out.append(self.ctx.markdown(section.text).strip("\n") + "\n")
        kind = section.kind
        listing = None
        if kind in ("experience",):
            out.append(self.experience(section.items))
        elif kind in ("accomplishments", "awards"):
            out.append(self.accomplishments(section.items))
        elif kind in ("skills", "languages"):
            out.append(self.skills(section.items))
        elif kind == "hero":
            out.append(self.slides(section))
        elif kind == "contact":
            out.append(self.contact(section))
        elif kind == "tag_cloud":
            out.append(self.tags(section))
        elif kind == "people":
            out.append(self.people(section))
        elif kind == "listing" and section.listing is not None:
            div, listing = self.listing(section, sid)
            out.append(div)
        buttons = self.buttons(section)
        if buttons:
            out.append(buttons + "\n")
        return "\n".join(p for p in out if p.strip()), listing

    # -- the biography -------------------------------------------------------------------

    def biography(self, section: Section, sid: str) -> tuple[str, dict[str, Any] | None]:
        site = self.ctx.site
        profile = find_profile(site, section.author, section.lang)
        if profile is None:  # no such profile: the section's own words
            body, _ = self.section(section, sid)
            return body, None
        self.about_done = True
        f = profile.fields
        about: dict[str, Any] = {"id": sid, "template": ABOUT_TEMPLATE}
        avatar = self.ctx.avatar(profile.slug)
        if avatar:
            about["image"] = self.rel(avatar)
        links = self.ctx.about_links(f)
        if links:
            about["links"] = links
        out = [f"::: {{#{sid}}}\n"]
        if profile.name.strip() != self.ctx.title.strip():
            out.append(f"## {plain(profile.name)}\n")
        lines = []
        role = f.get("role")
        if _present(role):
            lines.append(" ".join(self.ctx.markdown(str(role)).split()))
        orgs = f.get("organizations") or f.get("affiliations")
        for org in orgs if isinstance(orgs, list) else []:
            if isinstance(org, dict) and _present(org.get("name")):
                lines.append(self.link(plain(org["name"]), org.get("url")))
        if lines:
            out.append("\\\n".join(lines) + "\n")
        if _present(section.title):
            out.append(f"### {plain(section.title)}\n")
        if section.text.strip():
            out.append(self.ctx.markdown(section.text).strip("\n") + "\n")
        bio = self.bio(profile)
        if bio:
            out.append(bio + "\n")
        columns = [c for c in (self.interests(f), self.education(f)) if c]
        if columns:
            width = 12 // len(columns)
            cells = "".join(f"::: {{.g-col-12 .g-col-md-{width}}}\n{c}\n:::\n\n" for c in columns)
            out.append("::: {.grid}\n\n" + cells + ":::\n")
        buttons = self.buttons(section)
        if buttons:
            out.append(buttons + "\n")
        out.append(":::\n")
        return "\n".join(out), about

    def bio(self, profile: Author) -> str:
        page = next(
            (p for p in self.ctx.site.pages if p.kind == "author" and p.slug == profile.slug),
            None,
        )
        text = page.body if page is not None and page.body.strip() else ""
        if not text and isinstance(profile.fields.get("bio"), str):
            text = profile.fields["bio"]
        return self.ctx.markdown(text).strip("\n") if text.strip() else ""

    def interests(self, f: dict[str, Any]) -> str:
        items = [i for i in f.get("interests") or [] if _present(i)]
        if not items:
            return ""
        return "**Interests**\n\n" + "\n".join(f"- {plain(i)}" for i in items) + "\n"

    def education(self, f: dict[str, Any]) -> str:
        value = f.get("education")
        courses = value.get("courses") if isinstance(value, dict) else value
        lines = []
        for c in courses if isinstance(courses, list) else []:
            if not isinstance(c, dict):
                continue
            name = c.get("course") or c.get("degree") or c.get("area")
            if not _present(name):
                continue
            line = f"- {plain(name)}"
            where = [plain(c["institution"])] if _present(c.get("institution")) else []
            when = _text(c.get("year")) or period(c.get("start"), c.get("end"), "")
            if when:
                where.append(plain(when) if _present(c.get("year")) else when)
            if where:
                line += "\\\n  " + ", ".join(where)
            lines.append(line)
        return "**Education**\n\n" + "\n".join(lines) + "\n" if lines else ""

    # -- lists of items ------------------------------------------------------------------

    def experience(self, items: list[dict[str, Any]]) -> str:
        out = []
        for item in items:
            title = item.get("title") or item.get("role") or item.get("degree")
            org = item.get("company") or item.get("org") or item.get("institution")
            if not _present(title) and not _present(org):
                continue
            head = f"**{plain(title)}**" if _present(title) else ""
            if _present(org):
                org_text = self.link(plain(org), item.get("company_url") or item.get("org_url"))
                head = f"{head}, {org_text}" if head else org_text
            lines = [head]
            when = period(
                item.get("date_start") or item.get("start"), item.get("date_end") or item.get("end")
            )
            place = plain(item["location"]) if _present(item.get("location")) else ""
            meta = " · ".join(x for x in (when, place) if x)
            if meta:
                lines.append(meta)
            entry = "- " + "\\\n  ".join(lines)
            text = item.get("description") or item.get("summary")
            if isinstance(text, str) and text.strip():
                entry += "\n\n" + indent(self.ctx.markdown(text))
            out.append(entry)
        return "\n\n".join(out) + "\n" if out else ""

    def accomplishments(self, items: list[dict[str, Any]]) -> str:
        out = []
        for item in items:
            title = item.get("title") or item.get("name")
            if not _present(title):
                continue
            head = self.link(f"**{plain(title)}**", item.get("url"))
            org = item.get("organization") or item.get("awarder")
            if _present(org):
                head += ", " + self.link(plain(org), item.get("organization_url"))
            lines = [head]
            when = (
                period(item.get("date_start"), item.get("date_end"), "")
                if _present(item.get("date_start"))
                else month(item.get("date"))
            )
            if when:
                lines.append(when)
            if _present(item.get("certificate_url")):
                lines.append(self.link("See certificate", item["certificate_url"]))
            entry = "- " + "\\\n  ".join(lines)
            text = item.get("description") or item.get("summary")
            if isinstance(text, str) and text.strip():
                entry += "\n\n" + indent(self.ctx.markdown(text))
            out.append(entry)
        return "\n\n".join(out) + "\n" if out else ""

    def skills(self, items: list[dict[str, Any]]) -> str:
        out = []
        for item in items:
            name = item.get("name") or item.get("label") or item.get("title")
            if not _present(name):
                continue
            head = self.link(f"**{plain(name)}**", item.get("url") or item.get("link"))
            inner = item.get("items")
            if isinstance(inner, list):  # Hugo Blox: a skill group and its skills
                labels = [
                    plain(i.get("label") or i.get("name"))
                    for i in inner
                    if isinstance(i, dict) and _present(i.get("label") or i.get("name"))
                ]
                detail = ", ".join(labels)
            else:
                detail = " ".join(
                    plain(item[k]) for k in ("description", "label") if _present(item.get(k))
                )
            out.append(f"- {head}: {detail}" if detail else f"- {head}")
        return "\n".join(out) + "\n" if out else ""

    def slides(self, section: Section) -> str:
        content = section.data.get("content")
        slides = content.get("slides") if isinstance(content, dict) else None
        out = []
        for item in [*(section.items or []), *(slides if isinstance(slides, list) else [])]:
            if not isinstance(item, dict):
                continue
            title = item.get("title")
            text = item.get("content") or item.get("text")
            if _present(title):
                out.append(f"**{plain(title)}**\n")
            if isinstance(text, str) and text.strip():
                out.append(self.ctx.markdown(text).strip("\n") + "\n")
        return "\n".join(out)

    def contact(self, section: Section) -> str:
        content = section.data.get("content")
        c: dict[str, Any] = content if isinstance(content, dict) else {}
        params = self.ctx.site.params.get("params")
        p: dict[str, Any] = params if isinstance(params, dict) else {}

        def value(key: str) -> Any:
            return c.get(key) if key in c else p.get(key)

        lines = []
        email = value("email")
        if _present(email):
            shown = plain(email)
            lines.append(
                f"[{shown}](mailto:{email})" if "@" in str(email) and " " not in email else shown
            )
        if _present(value("phone")):
            lines.append(plain(value("phone")))
        address = value("address")
        if isinstance(address, dict):
            parts = [
                plain(address[k])
                for k in ("street", "city", "region", "postcode", "country")
                if _present(address.get(k))
            ]
            if parts:
                lines.append(", ".join(parts))
        elif _present(address):
            lines.append(plain(address))
        for key in ("directions", "office_hours"):
            v = value(key)
            if _present(v):
                items = v if isinstance(v, list) else [v]
                lines.append("; ".join(plain(i) for i in items if _present(i)))
        if _present(value("appointment_url")):
            lines.append(self.link("Book an appointment", value("appointment_url")))
        return "\\\n".join(lines) + "\n" if lines else ""

    def tags(self, section: Section) -> str:
        content = section.data.get("content")
        count = content.get("count") if isinstance(content, dict) else None
        counted: Counter[str] = Counter()
        for page in self.ctx.site.pages:
            for tag in page.fields.get("tags") or []:
                if isinstance(tag, str) and tag.strip():
                    counted[tag.strip()] += 1
        top = counted.most_common(count if isinstance(count, int) and count > 0 else 20)
        return " · ".join(plain(t) for t, _ in sorted(top)) + "\n" if top else ""

    def people(self, section: Section) -> str:
        out = []
        for item in section.items:
            group = item.get("group")
            if not isinstance(group, str):
                continue
            members = [
                a
                for a in self.ctx.site.authors.values()
                if group in (a.fields.get("user_groups") or [])
            ]
            out.append(f"### {plain(group)}\n")
            lines = []
            for a in members:
                page = self.ctx.person(a.slug)
                name = f"[{plain(a.name)}]({target(self.rel(page))})" if page else plain(a.name)
                role = a.fields.get("role")
                lines.append(f"- {name}" + (f", {plain(role)}" if _present(role) else ""))
            if lines:
                out.append("\n".join(lines) + "\n")
        return "\n".join(out)

    # -- listings ------------------------------------------------------------------------

    def _served(self, site: Site) -> frozenset[str]:
        """Every page the site serves in the page's language: what a listing's globs could
        also match. The same for every home page of a plan (its placement does not change)."""
        lang = self.ctx.lang
        return frozenset(
            d
            for p in site.pages
            if (d := self.ctx.page_dest(p)) and (lang is None or p.lang in (None, lang))
        )

    def listing(self, section: Section, sid: str) -> tuple[str, dict[str, Any] | None]:
        assert section.listing is not None
        site = self.ctx.site
        every = dataclasses.replace(section.listing, count=0, offset=0)
        lang = self.ctx.lang
        # Hugo lists the pages of the page's own language
        pool = [
            (p, d)
            for p in listed_pages(site, every)
            if (d := self.ctx.page_dest(p)) and (lang is None or p.lang in (None, lang))
        ]
        chosen = pool[section.listing.offset :]
        if section.listing.count > 0:
            chosen = chosen[: section.listing.count]
        if not chosen:
            return "", None
        candidates = {d for _, d in pool}
        globs = sorted(
            {
                posixpath.join(posixpath.dirname(posixpath.dirname(d)), "*", d.rsplit("/", 1)[-1])
                for _, d in chosen
            }
        )
        served = remembered(f"quarto-served:{lang}", site, self._served)  # once per plan
        matched = _matching(globs, served)
        entry: dict[str, Any] = {"id": f"listing-{sid}"}
        if matched == candidates and section.listing.offset == 0 and not section.listing.ascending:
            entry["contents"] = [self.rel(g) for g in globs]
            entry["sort"] = "date desc"
            if section.listing.count > 0:
                entry["max-items"] = section.listing.count
        else:  # what a filter picked, by name, in the order the widget showed them
            entry["contents"] = [self.rel(d) for _, d in chosen]
            entry["sort"] = "date asc" if section.listing.ascending else "date desc"
        kinds = {p.kind for p, _ in chosen}
        options = self.ctx.listing_options(kinds.pop()) if len(kinds) == 1 else {}
        entry["type"] = str(options.get("type", "default"))
        if options.get("fields"):
            entry["fields"] = list(options["fields"])
        entry["categories"] = False
        entry["sort-ui"] = False
        entry["filter-ui"] = False
        return f"::: {{#listing-{sid}}}\n:::\n", entry


def _matching(globs: list[str], paths: Iterable[str]) -> set[str]:
    """The paths some glob matches (`_glob_match`): one expression of all the globs, each
    path matched once, where a listing matched every glob against every page served."""
    if not globs:
        return set()
    either = _either_pattern(tuple(globs))
    return {p for p in paths if either.fullmatch(p) is not None}


@functools.lru_cache(maxsize=256)
def _either_pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_glob_pattern(g).pattern})" for g in globs))


def _glob_match(glob: str, path: str) -> bool:
    """Quarto's `*` (one path segment) against a project path."""
    return _glob_pattern(glob).fullmatch(path) is not None


@functools.lru_cache(maxsize=1024)
def _glob_pattern(glob: str) -> re.Pattern[str]:
    """A glob's expression, made once: a listing matches each of its globs against every
    page the site serves."""
    return re.compile("".join("[^/]*" if ch == "*" else re.escape(ch) for ch in glob))
