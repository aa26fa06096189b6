"""What Material cannot show from front matter, written into the page: a talk's or a paper's
date, venue and links, and a section's list of its pages.

Material shows a page's title and, for blog posts, the date; it has no template for an event
or a publication, and no listing of an ordinary section (target-conventions.md 4.4: "event /
publication data rendered into the body"). So the writer adds these blocks to the body; the
body patch (body/restore.py) takes them out again when the site is read back, so they never
reach the Hugo page.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from typing import Any

from converter.model import Page

# Hugo Academic's link buttons, in the order its templates draw them
BUTTONS = (
    ("url_pdf", "PDF"),
    ("url_preprint", "Preprint"),
    ("url_code", "Code"),
    ("url_dataset", "Dataset"),
    ("url_poster", "Poster"),
    ("url_project", "Project"),
    ("url_slides", "Slides"),
    ("url_source", "Source Document"),
    ("url_video", "Video"),
)
HEADED = ("event", "publication", "project")  # kinds that get the block of facts
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def day(value: Any) -> str | None:
    """A date as YYYY-MM-DD (text that is not a date is shown as it is)."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        return value.strip()[:10] if re.match(r"^\d{4}-\d\d-\d\d", value.strip()) else None
    return None


def text(value: Any) -> str:
    """Text safe inside a Markdown link label or a line of the block. A NUL becomes U+FFFD,
    as CommonMark and browsers show it (and a file with a NUL is no text page to read back)."""
    plain = " ".join(str(value).replace("\0", "\ufffd").split())
    return re.sub(r"([\[\]\\`*_<>])", r"\\\1", plain)


def target(url: str) -> str:
    """A link destination Python-Markdown reads whole (spaces and parentheses included). A NUL
    is written `%00`, as a browser sends it (a file with a NUL is no text page to read back)."""
    url = url.replace("\0", "%00")
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def address(value: Any, resources: dict[str, str]) -> str | None:
    """Where a Hugo Academic link field points, as a link in the page: a bundle file by its
    path beside the page, a path without a scheme from the site root, as Academic reads it.
    Academic draws a button for any value that is not empty, the starters' `#` included."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    if url in resources:
        return resources[url]
    if SCHEME.match(url) or url.startswith(("/", "#")):
        return url
    return "/" + url


def links(page: Page, resources: dict[str, str]) -> list[tuple[str, str]]:
    """(label, address) of every link button the page has in Hugo Academic."""
    f = page.fields
    out: list[tuple[str, str]] = []
    for key, label in BUTTONS:
        url = address(f.get(key), resources)
        if url:
            out.append((label, url))
    doi = f.get("doi")
    if isinstance(doi, str) and doi.strip():
        out.append(("DOI", "https://doi.org/" + doi.strip()))
    for item in f.get("links") or []:
        if isinstance(item, dict):
            url = address(item.get("url"), resources)
            name = item.get("name") or item.get("label") or item.get("type") or "Link"
            if url:
                out.append((str(name), url))
    return out


def header(page: Page, resources: dict[str, str], authors: Callable[[str], str]) -> str:
    """The facts block of a talk, paper or project: date, event, place, authors, venue, links;
    empty when the page has none of them."""
    if page.kind not in HEADED:
        return ""
    f = page.fields
    facts: list[str] = []
    start, end = day(f.get("date")), day(f.get("date_end"))
    if start:
        facts.append(f"**Date:** {start}" + (f" to {end}" if end and end != start else ""))
    event = f.get("event")
    if isinstance(event, str) and event.strip():
        url = address(f.get("event_url"), {})
        facts.append(
            f"**Event:** [{text(event)}]({target(url)})" if url else f"**Event:** {text(event)}"
        )
    location = f.get("location")
    if isinstance(location, str) and location.strip():
        facts.append(f"**Location:** {text(location)}")
    names = [authors(a) for a in f.get("authors") or [] if isinstance(a, str)]
    if names:
        facts.append("**Authors:** " + ", ".join(text(n) for n in names))
    venue = f.get("publication")
    if isinstance(venue, str) and venue.strip():
        facts.append(f"**Published in:** {venue.strip()}")
    buttons = [
        f"[{text(label)}]({target(url)}){{ .md-button }}" for label, url in links(page, resources)
    ]
    lines = [f"{fact}  " for fact in facts]
    if lines:
        lines[-1] = lines[-1].rstrip()
    block = "\n".join(lines)
    if buttons:
        block += ("\n\n" if block else "") + " ".join(buttons)
    return block + "\n\n" if block else ""


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
