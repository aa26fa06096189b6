"""Home page, widget pages, the CV and the people, in academicpages' idiom.

An Academic home page is not one page but sections (converter/home.py reads them into
`site.sections`). academicpages has one: `_pages/about.md` at `/`, a Markdown page beside the
author sidebar, and `_pages/cv.md` at `/cv/`. So the writer makes those, and a page of the
same kind for every other widget page or landing page (people, contact...), at its address:

- a biography: the profile's role and organizations as a lead line, its bio (the profile
  page's body, else `bio`), interests and education as lists, its buttons;
- every other section under a level-2 heading carrying its anchor (`{: #publications}`), so
  `/#publications` still lands on it: the text rendered as page bodies are, items
  (experience, accomplishments, awards, skills) as lists, buttons as `btn` links, people as
  lists of names linked to their person pages, a listing as a Liquid loop over the collection
  its pages went to (newest first, `limit:` its count) through academicpages' own
  `archive-single` includes (the writer's layouts ship includes of the same names);
- a widget it does not know as its title and text, with a warning.

These pages are the writer's own (their record files say so, converter/sidecar.py; with
`--keep inline`, `generated_by: academic-migrate` in the page): the reader skips them,
and the Hugo files they come from keep going where the round trip finds them (widget files
and landing pages under `_hugo_academic/content/`). A profile with no page of its own
(`data/authors/<id>.yaml`) gets a person page at `/authors/<id>/`, as Hugo Blox serves it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from converter import sidecar
from converter.body.links import remembered, urlize
from converter.conventions.jekyll import MARK, collection_of
from converter.home import listed_pages, profile, served_as
from converter.model import Author, Listing, Page, Section, Site
from converter.plan import FileAction
from converter.visible import plain_text, present, words
from converter.writers import jekyll_blocks as blocks
from converter.writers.target import hidden

# the include academicpages lists a collection's items by (and the writer's layouts too); not
# its archive-single-talk.html, which leaves a <p> open and kramdown then takes the rest of
# the page for raw HTML
INCLUDE = "archive-single.html"

Render = Callable[[str, str], str]  # (Markdown, source path) -> the body in Jekyll's idiom


@dataclass
class OwnPage:
    dest: str
    url: str
    title: str
    body: str
    front: dict[str, Any] = field(default_factory=dict)


def _by_served_address(site: Site) -> dict[str, Page]:
    """The first page served at each address (`served_as`)."""
    index: dict[str, Page] = {}
    for page in site.pages:
        index.setdefault(served_as(page.path), page)
    return index


def section_address(site: Site, key: str, url_of: Callable[[Page], str]) -> tuple[str, str | None]:
    """(the address a widget or landing page is served at, its language)."""
    page = remembered("served_as", site, _by_served_address).get(key)
    if page is not None:
        url, lang = url_of(page), page.lang
    else:
        url, lang = "/" + key.strip("/") + "/" if key else "/", None
    if posixpath.basename(key) == "home":  # Academic serves its home widgets at the home page
        url = posixpath.dirname(url.rstrip("/")).rstrip("/") + "/"
    return url, lang


def page_file(url: str, lang: str | None = None) -> str:
    """`_pages/about.md` for `/`, `_pages/ja/about.md` for a language's home `/ja/`,
    `_pages/people.md` for `/people/`."""
    path = url.strip("/")
    if not path or path == lang:
        return posixpath.join("_pages", path, "about.md")
    return f"_pages/{path}.md"


def day(value: Any) -> dt.date | None:
    return blocks.day(value)


def when(item: dict[str, Any]) -> str:
    """A range of an item's dates as Academic printed them (month and year)."""
    start = day(item.get("date_start") or item.get("start") or item.get("date"))
    end = day(item.get("date_end") or item.get("end"))
    if start is None:
        return ""
    text = f"{start:%B %Y}"
    if item.get("date_start") or item.get("start"):
        text += f" \u2013 {end:%B %Y}" if end else " \u2013 Present"
    return text


# -- the people -------------------------------------------------------------------------------


def person_pages(
    site: Site, url_of: Callable[[Page], str], taken: set[str]
) -> tuple[dict[tuple[str, str | None], str], list[Author]]:
    """((profile id, language) -> the address of its person page, the profiles that need a
    page made for them: those with no page of their own, as `data/authors/<id>.yaml`)."""
    people: dict[tuple[str, str | None], str] = {}
    for page in site.pages:
        if page.kind == "author" and not hidden(page) and page.fields.get("draft") is not True:
            slug = posixpath.basename(posixpath.dirname(page.path)) or page.slug
            people.setdefault((slug, page.lang), url_of(page))
    made = []
    for author in site.authors.values():
        if any(slug == author.slug for slug, _ in people):
            continue
        url = f"/authors/{urlize(author.slug).strip('/')}/"
        if url in taken:
            continue
        people[(author.slug, None)] = url
        made.append(author)
    return people, made


def person_url(
    people: dict[tuple[str, str | None], str], author: Any, lang: str | None
) -> str | None:
    if not isinstance(author, str):
        return None
    url = people.get((author, lang)) or people.get((author, None))
    return url or next((u for (slug, _), u in people.items() if slug == author), None)


def profile_body(site: Site, author: Author) -> str:
    """The profile's biography: its page's body, else its `bio`."""
    page = next(
        (
            p
            for p in site.pages
            if p.kind == "author" and posixpath.basename(posixpath.dirname(p.path)) == author.slug
        ),
        None,
    )
    if page is not None and page.body.strip():
        return page.body
    bio = author.fields.get("bio")
    return bio if isinstance(bio, str) else ""


def person_page(site: Site, author: Author, url: str, render: Render) -> OwnPage:
    f = author.fields
    parts = []
    lines = blocks._profile({k: v for k, v in f.items() if k not in ("interests", "education")})
    if lines:
        parts.append("  \n".join(lines))
    body = profile_body(site, author)
    if body.strip():
        parts.append(render(body, author.source))
    parts += _interests_education(f)
    social = _social(f)
    if social:
        parts.append(social)
    return OwnPage(
        dest=f"_pages/authors/{url.strip('/').rsplit('/', 1)[-1]}.md",
        url=url,
        title=author.name,
        body="\n\n".join(parts),
        front={"author_profile": False},
    )


def _interests_education(f: dict[str, Any]) -> list[str]:
    parts = []
    interests = [i for i in f.get("interests") or [] if present(i)]
    if interests:
        parts.append("**Interests**\n\n" + "\n".join(f"- {blocks.text(i)}" for i in interests))
    education = f.get("education")
    courses = education.get("courses") if isinstance(education, dict) else education
    rows = []
    for course in courses if isinstance(courses, list) else []:
        if not isinstance(course, dict):
            continue
        keys = ("course", "degree", "area", "studyType", "institution", "year")
        shown = [blocks.text(course[k]) for k in keys if present(course.get(k))]
        dates = when(course)
        if dates:
            shown.append(dates)
        if shown:
            rows.append("- " + ", ".join(shown))
    if rows:
        parts.append("**Education**\n\n" + "\n".join(rows))
    return parts


def _social(f: dict[str, Any]) -> str:
    return " ".join(
        f"[{blocks.text(label)}]({blocks.target(url)}){blocks.BUTTON}"
        for label, url in blocks.social_links(f)
    )


# -- sections ---------------------------------------------------------------------------------


@dataclass
class Context:
    site: Site
    render: Render
    people: dict[tuple[str, str | None], str]
    dest_of: Callable[[Page], str]  # where a page went (its file)
    url_of: Callable[[Page], str]  # its Jekyll address
    lang: str | None = None
    title: str = ""  # the title of the page being made
    warnings: list[str] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # every published page with its collection and day (`_published`), made on first use
    published: list[tuple[Page, str, dt.date | None]] | None = field(default=None, repr=False)


def heading(section: Section, page_title: str = "") -> str:
    """The section's title as a level-2 heading with its anchor; only the anchor where it
    has no title, or the title is the page's (a hero repeating the site's name)."""
    anchor = f"{{: #{section.id}}}" if _anchor_ok(section.id) else ""
    same = words(plain_text(section.title)) == words(plain_text(page_title))
    if present(section.title) and not same:
        return f"## {blocks.text(section.title)}\n{anchor}".rstrip()
    return f'<a id="{section.id}"></a>' if anchor else ""


def _anchor_ok(value: str) -> bool:
    return bool(value) and all(c.isalnum() or c in "-_." for c in value) and value[0].isalpha()


def render_section(section: Section, ctx: Context) -> str:
    parts = [heading(section, ctx.title)]
    if present(section.subtitle):
        parts.append(f"{blocks.text(section.subtitle)}\n{{: .page__lead}}")
    if section.kind == "biography" and section.author:
        parts += _biography(section, ctx)
    elif section.text.strip():
        parts.append(ctx.render(section.text, section.source.split("#")[0]))
    if section.kind == "people":
        parts += _people(section, ctx)
    elif section.items and section.kind != "biography":
        parts.append(_items(section, ctx))
    if section.kind == "contact":
        parts += blocks.contact(ctx.site)
    if section.kind == "tag_cloud":
        parts.append(blocks.tag_cloud(section, ctx.site))
    if section.listing is not None:
        parts.append(listing_loop(section.listing, ctx))
    if section.buttons:
        parts.append(_buttons(section.buttons))
    folder = section.data.get("folder")
    if not section.known and isinstance(folder, str) and folder.strip("/"):
        parts.append(_folder(folder.strip("/"), ctx))
    if not section.known:
        ctx.warnings.append(
            f"{section.source}: widget {section.widget!r} is not known; its title and text "
            "are shown, the rest is not"
        )
    return "\n\n".join(p for p in parts if p.strip())


def _folder(folder: str, ctx: Context) -> str:
    """The pages of the content folder an unknown widget names (`folder = "people"`), newest
    first, each linked, with its role where it has one: what such custom widgets list."""
    pages = [
        p
        for p in ctx.site.pages
        if p.path.startswith(folder + "/")
        and not hidden(p)
        and p.fields.get("draft") is not True
        and p.kind not in ("section", "home")
        and present(p.fields.get("title"))
    ]
    pages.sort(key=lambda p: day(p.fields.get("date")) or dt.date.min, reverse=True)
    rows = []
    for page in pages:
        row = f"- [{blocks.text(page.fields['title'])}]({blocks.target(ctx.url_of(page))})"
        if present(page.fields.get("role")):
            row += f", {blocks.text(page.fields['role'])}"
        rows.append(row)
    return "\n".join(rows)


def _buttons(buttons: list[dict[str, str]]) -> str:
    out = []
    for b in buttons:
        url = blocks.address(b.get("url"), {})
        if url:
            label = b.get("text") or url
            out.append(f"[{blocks.text(label)}]({blocks.target(url)}){blocks.BUTTON}")
    return " ".join(out)


def _biography(section: Section, ctx: Context) -> list[str]:
    author = profile(ctx.site, section.author, section.lang)
    if author is None:
        return [ctx.render(section.text, section.source)] if section.text.strip() else []
    f = author.fields
    lead = []
    url = person_url(ctx.people, author.slug, ctx.lang)
    name = blocks.text(author.name)
    if ctx.title != author.name:  # else the page's title names them already
        lead.append(f"[**{name}**]({blocks.target(url)})" if url else f"**{name}**")
    if present(f.get("role")):
        lead.append(blocks.text(f["role"]))
    orgs = [o for o in f.get("organizations") or f.get("affiliations") or [] if isinstance(o, dict)]
    for org in orgs:
        if present(org.get("name")):
            link = blocks.address(org.get("url"), {})
            org_name = blocks.text(org["name"])
            lead.append(f"[{org_name}]({blocks.target(link)})" if link else org_name)
    parts = ["  \n".join(lead)] if lead else []
    body = profile_body(ctx.site, author)
    if body.strip():
        parts.append(ctx.render(body, author.source))
    parts += _interests_education(f)
    social = _social(f)
    if social:
        parts.append(social)
    return parts


_HEAD_KEYS = ("title", "name", "role", "degree", "organization", "group", "course", "label", "area")
_SIDE_KEYS = (
    "company",
    "org",
    "organization",
    "awarder",
    "institution",
    "location",
    "studyType",
    "label",
)


def _items(section: Section, ctx: Context) -> str:
    """The items as a list; a Hugo Blox resume block's experience and education (`list:`)
    each under its own heading."""
    lists = list(dict.fromkeys(str(i.get("list")) for i in section.items if i.get("list")))
    if len(lists) > 1:
        return "\n\n".join(
            f"### {name.capitalize()}\n\n"
            + _list([i for i in section.items if i.get("list") == name], section, ctx)
            for name in lists
        )
    return _list(section.items, section, ctx)


def _list(items: list[dict[str, Any]], section: Section, ctx: Context) -> str:
    rows = []
    for item in items:
        head = next((k for k in _HEAD_KEYS if present(item.get(k))), None)
        line = []
        if head:
            text = blocks.text(item[head])
            url = blocks.address(item.get("url") or item.get("company_url"), {})
            line.append(f"**[{text}]({blocks.target(url)})**" if url else f"**{text}**")
        for key in _SIDE_KEYS:
            if key != head and isinstance(item.get(key), str) and present(item[key]):
                line.append(blocks.text(item[key]))
        dates = when(item)
        if dates:
            line.append(dates)
        if isinstance(item.get("percent"), (int, float)) and not isinstance(item["percent"], bool):
            line.append(f"{item['percent']}%")
        if not line:
            continue
        certificate = blocks.address(item.get("certificate_url"), {})
        if certificate:
            line.append(f"[See certificate]({blocks.target(certificate)})")
        row = "- " + ", ".join(line)
        description = item.get("description") or item.get("summary")
        if isinstance(description, str) and description.strip():
            text = ctx.render(description, section.source.split("#")[0]).strip("\n")
            row += "\n\n" + "\n".join(("  " + x) if x.strip() else "" for x in text.split("\n"))
        sub = [i for i in item.get("items") or [] if isinstance(i, dict)]  # Hugo Blox skills
        for s in sub:
            name = s.get("name") or s.get("label")
            if present(name):
                row += f"\n  - {blocks.text(name)}"
        rows.append(row)
    return "\n".join(rows) if all("\n\n" not in r for r in rows) else "\n\n".join(rows)


def _people(section: Section, ctx: Context) -> list[str]:
    """The profiles of each user group, linked to their person pages, with their roles (as
    Academic's people widget: a group with no one in it is not shown)."""
    parts = []
    for item in section.items:
        group = item.get("group")
        members = [
            a for a in ctx.site.authors.values() if group in (a.fields.get("user_groups") or [])
        ]
        rows = []
        for a in sorted(members, key=lambda a: str(a.fields.get("last_name") or a.name)):
            url = person_url(ctx.people, a.slug, ctx.lang)
            name = blocks.text(a.name)
            row = f"- [{name}]({blocks.target(url)})" if url else f"- {name}"
            if present(a.fields.get("role")):
                row += f", {blocks.text(a.fields['role'])}"
            rows.append(row)
        if rows:  # Academic's people widget shows a group only when someone is in it
            parts.append(f"### {blocks.text(group)}\n\n" + "\n".join(rows))
    return parts


# -- listings ---------------------------------------------------------------------------------


def listing_loop(listing: Listing, ctx: Context) -> str:
    """A Liquid loop over the collections the listed pages went to, newest first, `limit:`
    the listing's count: the pages a visitor sees there now, and the new ones to come."""
    everything = listed_pages(ctx.site, replace(listing, count=0, offset=0), ctx.today)
    names: list[str] = []
    for page in everything:
        name = collection_of(ctx.dest_of(page)) or "pages"
        if name not in names:
            names.append(name)
    if not names:
        return ""
    source = " | concat: ".join(f"site.{n}" for n in names)
    chain = f'{source} | sort: "date"' + ("" if listing.ascending else " | reverse")
    wanted = [ctx.url_of(p) for p in everything]
    generic = _generic(listing, names, ctx)
    filters = ""
    if listing.exclude_past:
        filters += ' | where_exp: "post", "post.date >= site.time"'
    if listing.exclude_future:
        filters += ' | where_exp: "post", "post.date <= site.time"'
    include = INCLUDE
    if generic != wanted or "pages" in names:
        # the loop cannot pick them by itself: name the pages the listing showed, in order
        pages = listed_pages(ctx.site, listing, ctx.today)
        shown = [ctx.url_of(p) for p in pages]
        quoted = ",".join(shown)
        if any(c in url for url in shown for c in "\"',\n%{}"):  # not for a Liquid string
            return "\n".join(
                f"- [{blocks.text(p.fields.get('title') or url)}]({blocks.target(url)})"
                for p, url in zip(pages, shown, strict=True)
            )
        return "\n".join(
            [
                f'{{% assign listed = "{quoted}" | split: "," %}}',
                f"{{% assign items = {source} %}}",
                '{% for url in listed %}{% assign post = items | where: "url", url | first %}'
                f"{{% if post %}}{{% include {include} %}}{{% endif %}}{{% endfor %}}",
            ]
        )
    loop = "{% for post in items"
    if listing.count > 0:
        loop += f" limit: {listing.count}"
    if listing.offset > 0:
        loop += f" offset: {listing.offset}"
    loop += " %}"
    return "\n".join(
        [
            f"{{% assign items = {chain}{filters} %}}",
            f"{loop}{{% include {include} %}}{{% endfor %}}",
        ]
    )


def _generic(listing: Listing, names: list[str], ctx: Context) -> list[str]:
    """What the loop without a list of addresses would show (all of it, before `limit:`):
    every published page of the collections, by date, past or future as filtered."""
    pages: list[tuple[Page, dt.date]] = []
    for page, name, d in _published(ctx):
        if name not in names:
            continue
        if d is None:
            return []  # Jekyll dates it by the build: the order is not the listing's
        if listing.exclude_past and d < ctx.today:
            continue
        if listing.exclude_future and d > ctx.today:
            continue
        pages.append((page, d))
    pages.sort(key=lambda item: item[1], reverse=not listing.ascending)
    if listing.featured_only or listing.exclude_featured or listing.tag or listing.category:
        return []  # filters the loop cannot see: name the pages
    if listing.author or listing.publication_type:
        return []
    return [ctx.url_of(p) for p, _ in pages]


def _published(ctx: Context) -> list[tuple[Page, str, dt.date | None]]:
    """Every page Jekyll publishes (not hidden, not a draft), in the site's order, with its
    collection and day: what each generic loop looks at, worked out once for all of them."""
    if ctx.published is None:
        ctx.published = [
            (page, collection_of(ctx.dest_of(page)) or "pages", day(page.fields.get("date")))
            for page in ctx.site.pages
            if not hidden(page) and page.fields.get("draft") is not True
        ]
    return ctx.published


# -- pages ------------------------------------------------------------------------------------


def section_page(
    key: str, sections: list[Section], url: str, absorbed: list[Page], ctx: Context
) -> OwnPage:
    """The page of one widget or landing page: its sections in order, then the body of a
    page Hugo served at the same address (a landing page's own text)."""
    bio = next((s for s in sections if s.kind == "biography" and s.author), None)
    title = next((str(p.fields["title"]) for p in absorbed if present(p.fields.get("title"))), "")
    person = profile(ctx.site, bio.author, bio.lang) if bio is not None else None
    if not title and person is not None:
        title = person.name
    if not title:
        title = ctx.site.title or "Home"
    ctx.title = title
    parts = [render_section(s, ctx) for s in sections]
    for page in absorbed:
        if page.body.strip():
            parts.append(ctx.render(page.body, page.path))
    front: dict[str, Any] = {"author_profile": True}
    return OwnPage(
        dest="", url=url, title=title, body="\n\n".join(p for p in parts if p), front=front
    )


def cv_page(site: Site, keys: list[str], main: Author | None, ctx: Context) -> OwnPage | None:
    """`/cv/`: education of the main profile, then every experience, accomplishments and
    awards section of the home page and the other widget pages of its language."""
    parts = []
    if main is not None:
        edu = _interests_education({"education": main.fields.get("education")})
        if edu:
            parts.append("## Education\n\n" + edu[0].split("\n\n", 1)[1])
    seen = set()
    for key in keys:
        for section in site.sections.get(key, []):
            if section.kind not in ("experience", "accomplishments", "awards") or not section.items:
                continue
            items = [i for i in section.items if i.get("list") != "education"]
            if not items or (section.source, section.id) in seen:
                continue
            seen.add((section.source, section.id))
            title = section.title or section.kind.capitalize()
            parts.append(
                f"## {blocks.text(title)}\n\n" + _items(replace(section, items=items), ctx)
            )
    if not parts:
        return None
    return OwnPage(
        dest="_pages/cv.md",
        url="/cv/",
        title="CV",
        body="\n\n".join(parts),
        front={"author_profile": True},
    )


def page_files(page: OwnPage, dump: Callable[[dict[str, Any]], str], mode: str) -> list[FileAction]:
    """The page's file (and its record, which says the writer made it; `--keep inline`:
    `generated_by: academic-migrate` in the page instead), as keep `mode` says."""

    def text(front: dict[str, Any]) -> bytes:
        return ("---\n" + dump(front) + "---\n\n" + page.body.strip("\n") + "\n").encode("utf-8")

    front = {"title": page.title, "permalink": page.url, **page.front}
    return sidecar.made_up(page.dest, front, text, mode, {"generated_by": MARK})
