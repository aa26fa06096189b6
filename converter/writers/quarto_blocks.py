"""What Quarto's title block has no field for, written at the top of the page's body.

Quarto's HTML title block shows the title, subtitle, categories, description, authors with
their affiliations, the date, the date modified, the DOI and the abstract
(quarto-cli `src/resources/formats/html/templates/title-block.html` and
`title-metadata.html`; quarto-web `docs/authoring/title-blocks.qmd`), and the page navigation
shows `other-links` and `code-links` (quarto-web `docs/output-formats/html-basics.qmd`). The
Academic theme showed more (mappings/theme/visible.yaml): a talk's event, its end date, its
location and address; a paper's venue and type; a profile's role, organizations, interests
and education. Front matter keys such as `event` or `location` are kept for listings, but no
Quarto template prints them.

So the writer adds a short block in Pandoc Markdown, a fenced Div of class `page-facts` with
one line a fact, as a person would write it by hand:

    ::: {.page-facts}
    **Event:** [River Days](https://riverdays.example.org)\\
    **Date:** June 1, 2030 to June 3, 2030\\
    **Location:** Oslo, 1 Quay, Oslo
    :::

The body patch (body/restore.py) takes it out again when the site is read back, as it does
MkDocs' facts block, so it never reaches the Hugo page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from converter.event_time import time_line
from converter.model import Page
from converter.visible import featured_image

CLASS = "page-facts"
# kinds whose page shows its featured image atop it (page_header.html: every single page)
FEATURED = ("publication", "event", "post", "project")
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
BARE_DOI = re.compile(r"^10\.\d{3,}/")

# Per kind of page, the lines of the block: (label, field, how it is shown). Only what the
# theme showed (mappings/theme/visible.yaml) and Quarto's title block cannot: `event` with
# its `event_url`, the end of an event's dates, `location` with the `address` the theme
# printed inside it, a paper's venue and first type, a profile's role, organizations,
# interests and courses; and a DOI that is a whole address, which Quarto's `doi` field would
# print as https://doi.org/https://...
LINES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "event": (
        ("Event", "event", "event"),
        ("Date", "date_end", "range"),
        ("Location", "location", "place"),
        ("DOI", "doi", "doi_url"),
    ),
    "publication": (
        ("Published in", "publication", "markdown"),
        ("Type", "publication_types", "label"),
        ("DOI", "doi", "doi_url"),
    ),
    "post": (("DOI", "doi", "doi_url"),),
    "project": (("DOI", "doi", "doi_url"),),
    "author": (
        ("Role", "role", "markdown"),
        ("Organizations", "organizations", "orgs"),
        ("Interests", "interests", "each"),
        ("Education", "education", "courses"),
    ),
}


def one_line(value: Any) -> str:
    """Text on one line of the block: line breaks joined, a NUL shown as U+FFFD."""
    return " ".join(str(value).replace("\0", "\ufffd").split())


def plain(value: Any) -> str:
    """Text that pandoc shows as written (no emphasis, link or list read into it)."""
    return re.sub(r"([\\`*_{}\[\]<>#$|~^@])", r"\\\1", one_line(value))


def target(url: str) -> str:
    """A link destination pandoc reads whole: spaces and parentheses inside <...>."""
    url = url.strip().replace("\0", "%00")
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def long_date(value: Any) -> str | None:
    """A date as Quarto's title block writes it by default ("long": June 1, 2030)."""
    if isinstance(value, dt.date):
        y, m, d = value.year, value.month, value.day
    elif isinstance(value, str) and (found := re.match(r"^\s*(\d{4})-(\d\d)-(\d\d)", value)):
        y, m, d = (int(g) for g in found.groups())
    else:
        return None
    return f"{MONTHS[m - 1]} {d}, {y}" if 1 <= m <= 12 else None


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip()) and value.strip() != "#"
    return value not in (None, False, [], {})


def _line(
    how: str, field: str, page: Page, labels: dict[str, dict[str, str]], link: Callable[[str], str]
) -> str | None:
    f = page.fields
    value = f.get(field)
    if not _present(value):
        return None
    if how == "event":
        url = f.get("event_url")
        text = one_line(value)
        return f"[{text}]({target(link(str(url)))})" if _present(url) else text
    if how == "range":
        start, end = long_date(f.get("date")), long_date(value)
        if end is None or end == start:
            return None  # one day: the title block's date says it
        return f"{start} to {end}" if start else end
    if how == "place":
        parts = [plain(value)]
        address = f.get("address")
        if isinstance(address, dict):
            parts += [
                plain(address[k])
                for k in ("street", "city", "region", "postcode", "country")
                if _present(address.get(k))
            ]
        elif _present(address):
            parts.append(plain(address))
        return ", ".join(parts)
    if how == "markdown":
        return one_line(value)
    if how == "label":
        codes = value if isinstance(value, list) else [value]
        known = labels.get("publication_types", {})
        shown = [known[str(c)] for c in codes if str(c) in known]
        return shown[0] if shown else None
    if how == "doi_url":
        doi = str(value).strip()
        if BARE_DOI.match(doi) or not SCHEME.match(doi):
            return None  # Quarto's own `doi` field shows it
        return f"[{plain(doi)}]({target(doi)})"
    if how == "orgs":
        names = []
        for org in value if isinstance(value, list) else []:
            if isinstance(org, dict) and _present(org.get("name")):
                name = plain(org["name"])
                url = org.get("url")
                names.append(f"[{name}]({target(str(url))})" if _present(url) else name)
        return ", ".join(names) or None
    if how == "each":
        items = value if isinstance(value, list) else [value]
        return ", ".join(plain(i) for i in items if _present(i)) or None
    if how == "courses":
        courses = value.get("courses") if isinstance(value, dict) else value
        out = []
        for c in courses if isinstance(courses, list) else []:
            if isinstance(c, dict):
                bits = [
                    plain(c[k]) for k in ("course", "institution", "year") if _present(c.get(k))
                ]
                if bits:
                    out.append(", ".join(bits))
        return "; ".join(out) or None
    raise ValueError(f"quarto_blocks: unknown line kind {how!r}")


def facts_block(
    page: Page,
    labels: dict[str, dict[str, str]],
    link: Callable[[str], str] = lambda u: u,
    times: Sequence[str] = (),
) -> str:
    """The block of `page`'s facts Quarto's title block cannot show, ending in a blank line;
    empty when there is none. `labels` are the theme's names for codes (publication types);
    `link` turns a field's address into the page's (a bundle file where it went); `times`
    the times of day beside an event's dates (converter/event_time.py), after its dates."""
    figure = ""
    image = featured_image(page) if page.kind in FEATURED else None
    if image:  # the theme's featured image atop the page; pandoc makes its alt the caption
        name, caption = image
        figure = f"![{one_line(caption)}]({target(link(name))})\n\n"
    lines = []
    for label, field, how in LINES.get(page.kind, ()):
        text = _line(how, field, page, labels, link)
        if text:
            lines.append(f"**{label}:** {text}")
        if how == "range" and (when := time_line(list(times))):
            lines.append(f"**Time:** {plain(when)}")
    bib = next((r for r in page.resources if r.role == "bib"), None)
    if bib is not None and page.kind in FEATURED:  # the theme's Cite button
        lines.append(f"**Cite:** [BibTeX]({target(link(bib.name))})")
    if not lines:
        return figure
    return figure + f"::: {{.{CLASS}}}\n" + "\\\n".join(lines) + "\n:::\n\n"
