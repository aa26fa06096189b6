"""What Material cannot show from front matter, written into the page: everything else the
Academic theme showed on it (converter/visible.py says what), and a section's list of its pages.

Material shows a page's title (as the page's level-1 heading, unless the body has one or the
nav names the page otherwise), its tags (the tags plugin) and, for blog posts, the date,
authors and categories; it has no template for an event, a publication or an author profile,
and no listing of an ordinary section (target-conventions.md 4.4: "event / publication data
rendered into the body"). So the writer adds, from Material's own parts, a header to the body:
the title as the level-1 heading (a blog post's only where the body has its own: the blog names
a post by its title elsewhere), the subtitle, a metadata line, `{ .md-button }` links, the
abstract as an `!!! abstract` admonition; and, for a profile, its interests and education after
the body. A link field holding the starters' `#` placeholder is no fact (visible.py): no
button. The body patch (body/restore.py) takes them out again when the site is read back, so
they never reach the Hugo page.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from converter.event_time import time_line
from converter.model import Page
from converter.visible import Fact, featured_image, link_address, rules_for

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# the label of a metadata entry, by the neutral field it shows (others: the field's name)
LABELS = {
    "date": "Date",
    "lastmod": "Last updated",
    "event": "Event",
    "location": "Location",
    "authors": "Authors",
    "publication": "Published in",
    "publication_types": "Type",
    "categories": "Categories",
    "tags": "Tags",
    "time": "Time",
}
# the fields each part of the header shows; a field the table adds and no part names is shown
# by its kind of fact: text and dates in the metadata line, links as buttons
LEAD = ("subtitle", "role", "organizations")
JOINED = {"date_end": "date", "event_url": "event", "address": "location"}
# an event's address as the theme's (en-us) format writes it
ADDRESS = ("street", "city", "region", "postcode", "country")


def day(value: Any) -> str | None:
    """A date as YYYY-MM-DD (text that is not a date is shown as it is)."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        return value.strip()[:10] if re.match(r"^\d{4}-\d\d-\d\d", value.strip()) else None
    return None


# each character Markdown would read as markup, backslash-escaped (`str.translate`: a fifth of
# the time of the `re.sub` it replaced on a name with markup, for the same text)
_LABEL_SPECIAL = {ord(c): "\\" + c for c in "[]\\`*_<>"}
_HEADING_SPECIAL = {ord(c): "\\" + c for c in "#{}"}


def text(value: Any) -> str:
    """Text safe inside a Markdown link label or a line of the block. A NUL becomes U+FFFD,
    as CommonMark and browsers show it (and a file with a NUL is no text page to read back)."""
    plain = " ".join(str(value).replace("\0", "\ufffd").split())
    return plain.translate(_LABEL_SPECIAL)


def heading(value: Any) -> str:
    """Text safe as a level-1 heading: also no closing `#`s and no `{ attr_list }`."""
    return text(value).translate(_HEADING_SPECIAL)


def inline(value: Any) -> str:
    """A field's Markdown (the theme ran it through `markdownify`) as one line of inline
    Markdown: whitespace joined, a NUL as U+FFFD, and a start that would open a block (a list,
    a heading, a quote) escaped."""
    line = " ".join(str(value).replace("\0", "\ufffd").split())
    line = re.sub(r"^([#>]|[+*-](?=\s|$))", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def target(url: str) -> str:
    """A link destination Python-Markdown reads whole (spaces and parentheses included). A NUL
    is written `%00`, as a browser sends it (a file with a NUL is no text page to read back)."""
    url = url.replace("\0", "%00")
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def address(value: Any, resources: dict[str, str]) -> str | None:
    """Where a Hugo Academic link field points, as a link in the page (visible.link_address).
    Academic draws a button for any value that is not empty, the starters' `#` included."""
    return link_address(value, resources)


def base(fact: Fact) -> str:
    """The neutral field a fact is of: `authors` for `authors[1]`, `address` for `address.city`."""
    return _base(fact.field)


@functools.lru_cache(maxsize=4096)
def _base(field: str) -> str:
    """`base` by the field's text: a page's header asks it of each fact several times, and a
    site's facts name few fields (36 calls a page on the corpora replicated, 1.5% of
    MkDocs' planning as a `re.split` each)."""
    return _FIELD_END.split(field, maxsplit=1)[0]


_FIELD_END = re.compile(r"[\[.]")


def index(fact: Fact) -> int:
    m = re.match(r"^\w+\[(\d+)\]", fact.field)
    return int(m.group(1)) if m else 0


# a level-1 heading as Python-Markdown reads one (`#x` too, and inside a quote or an
# admonition), a setext `===` underline, or raw HTML: Material then shows no title of its own
_ATX_H1 = re.compile(r"^[ \t>]*#(?!#)")
_SETEXT_H1 = re.compile(r"^[ \t>]*=+[ \t]*$")
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")


def has_h1(body: str) -> bool:
    """Whether Material would find an `<h1` in the page's content (and so show no title of its
    own): generous outside fenced code, where a wrong yes costs only a repeated title."""
    fence = ""
    previous = ""
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        if _ATX_H1.match(line) or (_SETEXT_H1.match(line) and previous.strip()):
            return True
        previous = line
    return re.search(r"<h1[\s>]", body, re.IGNORECASE) is not None


@dataclass
class Header:
    """The parts of a page's header, in the order they are shown."""

    figure: str = ""  # the featured image, with its caption
    lead: list[str] = field(default_factory=list)  # paragraphs under the title
    meta: list[tuple[str, str]] = field(default_factory=list)  # (label, Markdown)
    buttons: list[str] = field(default_factory=list)
    abstract: str = ""
    tail: list[str] = field(default_factory=list)  # sections after the body

    def head(self) -> str:
        """The parts above the body, in one `<div class="am-header">` (md_in_html reads the
        Markdown inside): one place to style, and to tell the header from the body by."""
        parts = ([self.figure] if self.figure else []) + list(self.lead)
        if self.meta:
            parts.append("  \n".join(f"**{label}:** {value}" for label, value in self.meta))
        if self.buttons:
            parts.append(" ".join(self.buttons))
        if self.abstract:
            parts.append(self.abstract)
        return wrap("am-header", parts)

    def after(self) -> str:
        """The parts after the body (a profile's interests and education), likewise."""
        return wrap("am-profile", self.tail)


def wrap(name: str, parts: list[str]) -> str:
    if not parts:
        return ""
    inner = "".join(part + "\n\n" for part in parts)
    return f'<div class="{name}" markdown>\n\n{inner}</div>\n\n'


AuthorLink = Callable[[str], tuple[str, str | None]]  # id -> (display name, link or None)


def header(
    page: Page,
    facts: list[Fact],
    resources: dict[str, str],
    authors: AuthorLink,
    abstract: Callable[[str], str] = lambda s: s,
) -> Header:
    """The header of `page` that shows each of `facts` (those the theme showed and Material
    does not show by itself), from the page's own fields: dates as YYYY-MM-DD, the event
    linked to its site, the authors by name (linked to their profiles), the venue's Markdown,
    links as buttons, the abstract (Markdown made ready for the page by `abstract`)."""
    f = page.fields
    out = Header()
    # only what the table says the theme showed on this kind of page: the table is the one
    # place that decides, whoever made the list of facts
    table = {str(rule["field"]) for rule in rules_for(page.kind)}
    facts = [fact for fact in facts if base(fact) in table]
    by_field: dict[str, list[Fact]] = {}
    for fact in facts:
        by_field.setdefault(base(fact), []).append(fact)
    done: set[str] = set()

    def meta(label: str, value: str) -> None:
        out.meta.append((label, value))

    for fact in facts:
        name = base(fact)
        name = JOINED.get(name, name) if JOINED.get(name) in by_field else name
        if name in done:
            continue
        done.add(name)
        group = by_field.get(name, [])
        if name == "title":
            continue  # Material's heading, or the writer's
        if name == "image":  # the featured image atop the page, its caption under it
            image = featured_image(page)
            if image and image[0] in resources:
                caption = text(image[1])
                out.figure = f"![{caption}]({target(resources[image[0]])})" + (
                    f"\n\n*{caption}*" if caption else ""
                )
            continue
        if name in LEAD:
            out.lead.append(_lead(name, group, f))
        elif name == "date":
            start = day(f.get("date")) or group[0].value
            end = day(f.get("date_end")) if "date_end" in by_field else None
            meta(LABELS["date"], start + (f" to {end}" if end and end != start else ""))
        elif name == "time":  # an event's times of day (converter/event_time.py)
            meta(LABELS["time"], text(time_line([x.value for x in group]) or ""))
        elif name == "event":
            url = address(f.get("event_url"), {}) if "event_url" in by_field else None
            shown = text(f.get("event")) if "event" in by_field else text(url or "")
            meta(LABELS["event"], f"[{shown}]({target(url)})" if url else shown)
        elif name == "location":
            parts = [text(f["location"])] if "location" in by_field else []
            where = f.get("address")
            if "address" in by_field and isinstance(where, dict):
                parts += [text(where[p]) for p in ADDRESS if _text(where.get(p))]
            elif "address" in by_field:
                parts.append(text(where))
            meta(LABELS["location"], ", ".join(parts))
        elif name == "authors":
            ids = f.get("authors")
            ids = ids if isinstance(ids, list) else [ids]
            names = []
            for fact_ in group:
                i = index(fact_)
                who, link = (
                    authors(ids[i])
                    if i < len(ids) and isinstance(ids[i], str)
                    else (
                        fact_.value,
                        None,
                    )
                )
                names.append(f"[{text(who)}]({target(link)})" if link else text(who))
            meta(LABELS["authors"], ", ".join(names))
        elif name == "publication":
            meta(LABELS["publication"], inline(f.get("publication")))
        elif name == "abstract":
            # a NUL as CommonMark and browsers show it (a page with a NUL reads back as binary)
            body = abstract(str(f.get("abstract"))).replace("\0", "\ufffd").strip("\n")
            indented = "\n".join(f"    {line}" if line.strip() else "" for line in body.split("\n"))
            out.abstract = f'!!! abstract "Abstract"\n\n{indented}'
        elif name in ("interests", "education"):
            out.tail.append(_section(name, group, f))
        elif all(x.show == "href" for x in group):
            for x in group:
                url = address(x.value, resources) if name != "doi" else x.value
                if url:
                    label = x.label or name.replace("_", " ").capitalize()
                    out.buttons.append(f"[{text(label)}]({target(url)}){{ .md-button }}")
        else:  # text, dates, lists: a metadata entry in the table's words
            label = LABELS.get(name) or name.replace("_", " ").capitalize()
            meta(
                label,
                ", ".join(
                    day(f.get(name)) or x.value if x.show == "date" else text(x.value)
                    for x in group
                ),
            )
    return out


def _text(value: Any) -> bool:
    return isinstance(value, (str, int)) and bool(str(value).strip())


def _lead(name: str, group: list[Fact], f: dict[str, Any]) -> str:
    """A line under the title: the subtitle, a profile's role, its organizations (linked)."""
    if name == "organizations":
        orgs = [o for o in f.get("organizations") or [] if isinstance(o, dict)]
        shown = []
        for org in orgs:
            if not _text(org.get("name")):
                continue
            url = org.get("url")
            label = text(org["name"])
            shown.append(f"[{label}]({target(str(url).strip())})" if _text(url) else label)
        return "  \n".join(shown)
    if name == "subtitle":  # a lead line, styled by the shipped academic-migrate.css
        return inline(f.get(name)) + "\n{: .am-subtitle }"
    return text(f.get(name))


def _section(name: str, group: list[Fact], f: dict[str, Any]) -> str:
    """A profile's interests or education, as the About widget listed them after the bio."""
    if name == "interests":
        items = [text(x.value) for x in group]
        return "## Interests\n\n" + "\n".join(f"- {i}" for i in items)
    courses = (f.get("education") or {}).get("courses") or []
    items = []
    for course in courses:
        if isinstance(course, dict):
            parts = [
                text(course[p]) for p in ("course", "institution", "year") if _text(course.get(p))
            ]
            if parts:
                items.append(", ".join(parts))
    return "## Education\n\n" + "\n".join(f"- {i}" for i in items)


def listing(entries: list[tuple[Page, str]], here: str) -> str:
    """A Markdown list of `entries` (page, its file under docs/), newest first, each linked by
    its path relative to `here` (the listing's own file) so MkDocs checks every link."""
    if not entries:
        return ""

    def order(entry: tuple[Page, str]) -> tuple[int, str, str]:
        when = day(entry[0].fields.get("date")) or ""
        return (0 if when else 1, _reverse(when), str(entry[0].fields.get("title") or ""))

    lines = []
    for page, dest in sorted(entries, key=order):
        rel = posixpath.relpath(dest, posixpath.dirname(here))
        title = text(page.fields.get("title") or page.slug)
        when = day(page.fields.get("date"))
        lines.append(f"- {when + ': ' if when else ''}[{title}]({target(rel)})")
    return "\n".join(lines) + "\n"


def _reverse(when: str) -> str:
    """A key that sorts dates newest first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in when)
