"""What academicpages' layouts do not print, written at the top of a page's body.

academicpages (README-THEME.md, "What the layouts display") prints a page's title, date,
`venue`, a talk's `talk_type` line, a publication's `citation` (with `paperurl`), `link`,
tags and categories, and the body; nothing else. The Academic theme showed more (its facts are
in `mappings/theme/visible.yaml`): authors, a subtitle, an event's end date, its web site and
address, the type of a publication, the abstract, and a row of link buttons. So the writer
writes those into the body the way an academicpages user would by hand: a lead paragraph
(`{: .page__lead}`), a few bold-labelled lines, kramdown links with the theme's own button
classes (`{: .btn .btn--inverse}`), the abstract under its heading. The block ends with an
HTML comment, so a reader (and the tests) can tell it from the page's own text; the body patch
(body/restore.py) takes it out again when the site is read back.

The writer's own layouts (mappings/sites/jekyll) print what academicpages' layouts print, so
the same block completes both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from converter.event_time import time_line
from converter.model import Page, Section, Site
from converter.visible import (
    Fact,
    doi_url,
    featured_image,
    link_address,
    link_label,
    present,
    rules_for,
    theme_table,
)
from converter.writers.target import hidden

END = "<!-- end of the page facts -->"
BUTTON = "{: .btn .btn--inverse}"
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# the Academic theme's buttons, in its order (visible.yaml `buttons`)
BUTTONS = (
    "url_pdf",
    "url_preprint",
    "url_code",
    "url_dataset",
    "url_poster",
    "url_project",
    "url_slides",
    "url_source",
    "url_video",
)


def venue_shown(page: Page) -> bool:
    """Whether the page gets a `venue` academicpages prints: a talk's event, a paper's venue."""
    name = "event" if page.kind == "event" else "publication"
    return page.kind in ("event", "publication") and present(page.fields.get(name))


def day(value: Any) -> dt.date | None:
    """The day a date value names, as the Academic theme printed it (in its own offset)."""
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4})-(\d\d)-(\d\d)", value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def long_date(when: dt.date) -> str:
    return f"{when:%B %d, %Y}"  # as academicpages prints dates


def text(value: Any) -> str:
    """One line of Markdown that shows `value` as it is written: Markdown's and kramdown's
    active characters escaped, Liquid's kept from running."""
    plain = " ".join(str(value).replace("\0", "\ufffd").split())
    return liquid_safe(plain.translate(_ACTIVE))


# Markdown's and kramdown's active characters, each backslash-escaped (`str.translate`, a
# fifth of the time of a `re.sub` for the same text)
_ACTIVE = {ord(c): "\\" + c for c in "\\`*_[]<>|$#"}


def liquid_safe(line: str) -> str:
    if "{{" in line or "{%" in line:
        return "{% raw %}" + line + "{% endraw %}"
    return line


def target(url: str) -> str:
    """A link address kramdown reads whole (spaces and parentheses percent-encoded)."""
    for char, code in (("\0", "%00"), (" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C")):
        url = url.replace(char, code)
    return liquid_safe(url.replace(">", "%3E"))


def address(value: Any, resources: dict[str, str]) -> str | None:
    """Where a link field points (visible.link_address), for a value the theme showed."""
    return link_address(value, resources) if present(value) else None


def labels(kind: str) -> dict[str, str]:
    """The buttons' texts as the theme wrote them (visible.yaml)."""
    return {r["field"]: str(r["label"]) for r in rules_for(kind) if r.get("label")}


# a social link's button text, by Academic's icon name
ICONS = {
    "envelope": "Email",
    "cv": "CV",
    "google-scholar": "Google Scholar",
    "graduation-cap": "Google Scholar",
    "github": "GitHub",
    "orcid": "ORCID",
    "twitter": "Twitter",
    "x-twitter": "X",
    "x": "X",
    "linkedin": "LinkedIn",
    "researchgate": "ResearchGate",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "youtube": "YouTube",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "rss": "RSS",
}


def social_links(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, address) of a profile's social links (v4/v5 `social`, Hugo Blox `links`)."""
    out = []
    for item in f.get("social") or f.get("profiles") or f.get("links") or []:
        if not isinstance(item, dict):
            continue
        url = address(item.get("link") or item.get("url"), {})
        if not url:
            continue
        icon = str(item.get("icon") or "").split("/")[-1]
        out.append((str(item.get("label") or ICONS.get(icon) or icon or "Link"), url))
    return out


def buttons(
    page: Page, resources: dict[str, str], pages: Sequence[Fact] = ()
) -> list[tuple[str, str]]:
    """(label, address) of every link button Academic drew that academicpages does not:
    everything but a project's `external_link` (its `link`, the layout's "Direct Link");
    `pages` are the buttons to other pages of the site (visible.page_links)."""
    f = page.fields
    names = labels(page.kind)
    out: list[tuple[str, str]] = []
    if page.kind != "project":
        url = address(f.get("external_link"), resources)
        if url:
            out.append(("Link", url))
    for key in BUTTONS:
        url = address(f.get(key), resources)
        if url:
            out.append((names.get(key, key), url))
    doi = f.get("doi")
    if isinstance(doi, str) and present(doi):
        out.append(("DOI", doi_url(doi)))
    for item in f.get("links") or []:
        if isinstance(item, dict):
            url = address(item.get("url"), resources)
            if url:
                out.append((link_label(item), url))
    out += [(fact.label, fact.value) for fact in pages]
    cite = resources.get("cite.bib")
    if cite:
        out.append(("Cite", cite))
    if page.kind == "author":  # a profile's page shows its social links
        out += [link for link in social_links(f) if link not in out]
    return out


def _address_text(value: Any) -> str:
    if isinstance(value, dict):
        street, city = value.get("street"), value.get("city")
        region, code = value.get("region"), value.get("postcode")
        tail = " ".join(str(v).strip() for v in (region, code) if present(v))
        parts = [str(v).strip() for v in (street, city) if present(v)]
        if tail:
            parts.append(tail)
        country = value.get("country")
        if present(country):
            parts.append(str(country).strip())
        return ", ".join(parts)
    return str(value).strip() if present(value) else ""


def _type_label(page: Page) -> str | None:
    codes = page.fields.get("publication_types")
    table = theme_table()["labels"]["publication_types"]
    for code in codes if isinstance(codes, list) else [codes]:
        if str(code) in table:
            return str(table[str(code)])
    return None


def facts(
    page: Page,
    resources: dict[str, str],
    author: Callable[[Any], str],
    person: Callable[[Any], str | None] | None = None,
    times: Sequence[str] = (),
) -> list[str]:
    """The lines of facts academicpages does not print, each '**Label:** value'; an author
    with a person page (`person` gives its address) is a link to it; `times` the times of
    day beside an event's dates (talk.html prints the day only)."""
    f = page.fields
    lines: list[str] = []
    ids = [a for a in f.get("authors") or [] if present(a)]
    if ids and page.kind != "publication":  # a paper's citation names its authors
        names = []
        for a in ids:
            url = person(a) if person else None
            names.append(f"[{text(author(a))}]({target(url)})" if url else text(author(a)))
        lines.append("**Authors:** " + ", ".join(names))
    start, end = day(f.get("date")), day(f.get("date_end"))
    venue = f.get("publication")
    if page.kind == "publication" and start and venue is not None and venue is not False:
        # a `venue`, even empty (Liquid counts "" as true): academicpages prints "Published
        # in <venue>, <year>", and the month is Academic's
        lines.append(f"**Date:** {start:%B} {start.year}")
    elif page.kind == "event" and start and present(f.get("lastmod")):
        # talk.html prints `modified` in place of the date
        when = long_date(start) + (f" \u2013 {long_date(end)}" if end and end != start else "")
        lines.append(f"**Date:** {when}")
    elif page.kind == "event" and end and end != start:
        lines.append(f"**Ends:** {long_date(end)}")
    if clock := time_line(list(times)):
        lines.append(f"**Time:** {text(clock)}")
    if page.kind == "event":
        event, url = f.get("event"), address(f.get("event_url"), {})
        if present(event) and url:
            lines.append(f"**Event:** [{text(event)}]({target(url)})")
        elif url:
            lines.append(f"**Event:** <{target(url)}>")
        if present(f.get("location")) and not present(event):
            lines.append(f"**Location:** {text(f['location'])}")  # no talk_type line then
        if present(f.get("location")) and _address_text(f.get("address")):
            lines.append(f"**Address:** {text(_address_text(f['address']))}")
    if page.kind == "publication":
        label = _type_label(page)
        if label:
            lines.append(f"**Publication type:** {label}")
    if page.kind == "author":
        lines += _profile(f)
    return lines


def _profile(f: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if isinstance(f.get("role"), str) and present(f["role"]):
        lines.append(f"**Role:** {text(f['role'])}")
    orgs = [o.get("name") for o in f.get("organizations") or [] if isinstance(o, dict)]
    orgs = [o for o in orgs if present(o)]
    if orgs:
        lines.append("**Organizations:** " + "; ".join(text(o) for o in orgs))
    interests = [i for i in f.get("interests") or [] if present(i)]
    if interests:
        lines.append("**Interests:** " + "; ".join(text(i) for i in interests))
    education = f.get("education")
    courses = education.get("courses") if isinstance(education, dict) else None
    for course in courses if isinstance(courses, list) else []:
        if isinstance(course, dict):
            parts = [course.get(k) for k in ("course", "institution", "year")]
            shown = ", ".join(text(p) for p in parts if present(p))
            if shown:
                lines.append(f"**Education:** {shown}")
    return lines


# kinds whose page shows its featured image atop it (page_header.html: every single page)
FEATURED = ("publication", "event", "post", "project")


def header(
    page: Page,
    resources: dict[str, str],
    author: Callable[[Any], str],
    abstract: str | None,
    person: Callable[[Any], str | None] | None = None,
    pages: Sequence[Fact] = (),
    times: Sequence[str] = (),
) -> str:
    """The block for the top of the body (empty when academicpages prints all of it).
    `abstract` is the abstract already rendered as the body is (kramdown, Liquid-safe);
    `pages` the buttons to other pages of the site."""
    parts: list[str] = []
    subtitle = page.fields.get("subtitle")
    if present(subtitle):
        parts.append(f"{text(subtitle)}\n{{: .page__lead}}")
    image = featured_image(page) if page.kind in FEATURED else None
    if image and image[0] in resources:  # the theme's featured image, with its caption
        name, caption = image
        figure = f"![{text(caption) or 'Featured image'}]({target(resources[name])})"
        parts.append(figure + (f"\n\n{text(caption)}\n{{: .small}}" if caption.strip() else ""))
    lines = facts(page, resources, author, person, times)
    if lines:
        parts.append("  \n".join(lines))
    links = [
        f"[{text(label)}]({target(url)}){BUTTON}" for label, url in buttons(page, resources, pages)
    ]
    if links:
        parts.append(" ".join(links))
    if abstract and abstract.strip():
        # a NUL as CommonMark and browsers show it (a page with a NUL reads back as binary)
        parts.append("## Abstract\n\n" + abstract.replace("\0", "\ufffd").strip("\n"))
    if not parts:
        return ""
    return "\n\n".join(parts) + "\n\n" + END + "\n\n"


# -- widgets of the home page that are the site's (contact details, tag cloud) ---------------


def contact(site: Site) -> list[str]:
    """The contact widget's details (the site's `params`) as lines, links where Academic linked."""
    params = site.params.get("params")
    p = params if isinstance(params, dict) else {}
    lines = []
    email = p.get("email")
    if isinstance(email, str) and email.strip():
        mailto = target("mailto:" + email.strip())
        lines.append(f"**Email:** [{text(email.strip())}]({mailto})")
    phone = p.get("phone")
    if isinstance(phone, (str, int)) and str(phone).strip():
        lines.append(f"**Phone:** {text(phone)}")
    where = p.get("address")
    shown = _address_text(where) if where else ""
    if shown:
        lines.append(f"**Address:** {text(shown)}")
    if present(p.get("directions")):
        lines.append(f"**Directions:** {text(p['directions'])}")
    hours = p.get("office_hours")
    hours = [h for h in (hours if isinstance(hours, list) else [hours]) if present(h)]
    if hours:
        lines.append("**Office hours:** " + "; ".join(text(h) for h in hours))
    url = address(p.get("appointment_url"), {})
    if url:
        lines.append(f"[Book an appointment]({target(url)})")
    for item in p.get("contact_links") or []:
        link = address(item.get("link"), {}) if isinstance(item, dict) else None
        if link:
            name = text(item.get("name") or link)
            lines.append(f"[{name}]({target(link)})")
    return ["  \n".join(lines)] if lines else []


def tag_cloud(section: Section, site: Site) -> str:
    """A tag cloud as the list of its terms, the most used first (Academic sized them)."""
    content = section.data.get("content")
    content = content if isinstance(content, dict) else {}
    count = content.get("count", 20)
    taxonomy = str(content.get("taxonomy") or "tags")
    used: dict[str, int] = {}
    for page in site.pages:
        if hidden(page) or page.fields.get("draft") is True:
            continue
        terms = page.fields.get(taxonomy)
        for term in terms if isinstance(terms, list) else []:
            if isinstance(term, str) and term.strip():
                used[term.strip()] = used.get(term.strip(), 0) + 1
    top = sorted(used, key=lambda t: (-used[t], t.lower()))
    if isinstance(count, int) and not isinstance(count, bool) and count > 0:
        top = top[:count]
    return " \u00b7 ".join(text(t) for t in sorted(top, key=str.lower))
