"""What a visitor saw: the facts the Academic theme showed on a page, and whether a built page
of the target shows them too.

Data-lossless is not enough: a field the converter keeps only in its record is, for a visitor,
a field lost. `mappings/theme/visible.yaml` says, per kind of page, which fields the theme's
templates showed and how (text, a date, a link, author names...); `page_facts` turns one page
into that list of facts, and `hidden` says which of them a target's built page does not show,
reading the page as its visitor would: the text a browser shows, the addresses of its links.

A fact is judged by what it means, not by how it is spelt: a date in any common spelling, a
bundle file by its name wherever the target moved it, text by its words (emphasis, links and
spacing aside). The writers use the same facts to decide what to show, so the table is the one
place that says what "everything the theme showed" is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from functools import cache
from typing import Any

from ruamel.yaml import YAML

from converter.body.links import hugo_url
from converter.event_time import event_times, time_format
from converter.model import Page, Site
from converter.shown import (
    Fact,
    Shown,
    Spelt,
    dates_in,
    has_words,
    hidden,
    phrase,
    plain_text,
    same_address,
    shown_in_html,
    shown_in_text,
    words,
)
from converter.tables import data_file

# the reading half of the check lives in converter/shown.py; its names are this module's too
__all__ = [
    "Fact",
    "Shown",
    "dates_in",
    "hidden",
    "phrase",
    "plain_text",
    "same_address",
    "shown_in_html",
    "shown_in_text",
    "words",
]


@cache
def theme_table() -> dict[str, Any]:
    """The table of what the theme shows (mappings/theme/visible.yaml)."""
    data: dict[str, Any] = YAML(typ="safe").load(
        data_file("theme/visible.yaml").read_text(encoding="utf-8")
    )
    return data


def rules_for(kind: str) -> list[dict[str, Any]]:
    """The facts rules of a kind of page, the shared groups (header, buttons) spread out."""
    table = theme_table()
    done = _SPREAD.get(kind)
    if done is None or done[0] is not table:  # spread once per table (asked often per page)
        done = _SPREAD[kind] = (table, _spread(table["kinds"].get(kind) or []))
    return list(done[1])


# kind -> (the table its rules were spread from, the rules)
_SPREAD: dict[str, tuple[dict[str, Any], tuple[dict[str, Any], ...]]] = {}


def _spread(rules: Iterable[Any]) -> tuple[dict[str, Any], ...]:
    out: list[dict[str, Any]] = []

    def add(items: Iterable[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                add(item)
            elif isinstance(item, dict):
                out.append(item)

    add(rules)
    return tuple(out)


# -- the source page's facts ------------------------------------------------------------------


def page_facts(page: Page, site: Site, address: Callable[[Page], str] | None = None) -> list[Fact]:
    """The facts the Academic theme showed on `page`'s own page, in the table's order. A link
    to another page of the site (`projects:`, `slides:`) is a fact about where that page is
    now: `address` gives a page's address on the target (by default, Hugo's own)."""
    fields = page.fields
    facts: list[Fact] = []
    for rule in rules_for(page.kind):
        name = rule["field"]
        when = rule.get("when")
        if when and not present(fields.get(when)):
            continue
        if rule["show"] == "time":  # no field of its own: the dates' (converter/event_time.py)
            times = event_times(fields, time_format(site.params, page.lang))
            facts += [Fact(f"time[{i}]", "text", t, "Time") for i, t in enumerate(times)]
            continue
        value = fields.get(name)
        if not present(value):
            continue
        if rule["show"] == "pages":
            facts += _page_links(page, name, rule, value, site, address)
            continue
        facts.extend(_facts(name, rule, value, site))
    for rule in rules_for(page.kind):
        if rule["show"] == "featured":
            facts += _featured(page)
        elif rule["show"] == "bundle":  # a button for a bundle file of that role (cite.bib)
            res = next((r for r in page.resources if r.role == rule["role"]), None)
            if res is not None:
                facts.append(Fact(str(rule["field"]), "href", res.name, str(rule.get("label", ""))))
    return facts


def shown_times(page: Page, site: Site) -> list[str]:
    """The times of day the theme printed beside `page`'s dates (an event's), if the table
    says its kind shows them: for the writers' lines of facts."""
    if not any(rule["show"] == "time" for rule in rules_for(page.kind)):
        return []
    return event_times(page.fields, time_format(site.params, page.lang))


def page_links(page: Page, site: Site, address: Callable[[Page], str]) -> list[Fact]:
    """The buttons the theme drew to other pages of the site (`show: pages` rules: a talk's
    `slides`, a paper's `projects`), each an href fact to the page's `address` on the target."""
    out: list[Fact] = []
    for rule in rules_for(page.kind):
        value = page.fields.get(rule["field"])
        if rule["show"] == "pages" and present(value):
            out += _page_links(page, rule["field"], rule, value, site, address)
    return out


def linked_pages(page: Page, value: Any, section: str, site: Site) -> list[tuple[int, Page]]:
    """(index, page) of each id of `value` (one id or a list) that names a page of `section`
    Hugo finds from `page` (`site.GetPage "section/id"`); the others showed no button."""
    ids = value if isinstance(value, list) else [value]
    out = []
    for i, ref in enumerate(ids):
        if isinstance(ref, str) and ref.strip():
            found = site.get_page(f"{section}/{ref.strip()}", page.lang)
            if found is not None:
                out.append((i, found))
    return out


def _page_links(
    page: Page,
    name: str,
    rule: dict[str, Any],
    value: Any,
    site: Site,
    address: Callable[[Page], str] | None,
) -> list[Fact]:
    if address is None:

        def address(p: Page) -> str:
            return hugo_url(p, site)

    label = str(rule.get("label") or "")
    found = linked_pages(page, value, str(rule["section"]), site)
    many = isinstance(value, list)
    return [Fact(f"{name}[{i}]" if many else name, "href", address(p), label) for i, p in found]


def _featured(page: Page) -> list[Fact]:
    shown = featured_image(page)
    if shown is None:
        return []
    name, caption = shown
    facts = [Fact("image", "href", name, "featured image")]
    if has_words(caption):  # (the phrase `Shown.has` asks for next: made once)
        facts.append(Fact("image.caption", "text", caption))
    return facts


def present(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and value.strip() != "#"
    if isinstance(value, (list, dict)):
        return any(present(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


def _facts(name: str, rule: dict[str, Any], value: Any, site: Site) -> list[Fact]:
    show = rule["show"]
    label = str(rule.get("label") or "")
    if show == "text":
        if isinstance(value, dict):  # Hugo Blox `publication: {name: ..., volume: ...}`
            value = value.get("name") or value.get("title") or ""
        text = plain_text(value)
        return [Fact(name, "text", text, label)] if has_words(text) else []
    if show == "label":
        codes = value if isinstance(value, list) else [value]
        labels = theme_table()["labels"][rule["labels"]]
        shown = [str(c) for c in codes if str(c) in labels]
        if rule.get("first"):
            shown = shown[:1]
        return [Fact(name, "text", labels[c], label) for c in shown]
    if show == "date":
        day = iso_day(value)
        if day is None:
            return []
        return [Fact(name, "date", day[:7] if rule.get("precision") == "month" else day, label)]
    if show == "names":
        ids = value if isinstance(value, list) else [value]
        return [
            Fact(f"{name}[{i}]", "text", author_name(a, site))
            for i, a in enumerate(ids)
            if present(a)
        ]
    if show == "each":
        items = value if isinstance(value, list) else [value]
        return [
            Fact(f"{name}[{i}]", "text", plain_text(v))
            for i, v in enumerate(items)
            if present(v) and has_words(plain_text(v))
        ]
    if show == "href":
        return [Fact(name, "href", str(value).strip(), label)] if isinstance(value, str) else []
    if show == "doi":
        return [Fact(name, "href", doi_url(str(value)), label or "DOI")]
    if show == "links":
        out = []
        for i, item in enumerate(value if isinstance(value, list) else []):
            url = item.get("url") if isinstance(item, dict) else None
            if isinstance(url, str) and present(url):
                out.append(Fact(f"{name}[{i}]", "href", url.strip(), link_label(item)))
        return out
    if show == "address":
        if not isinstance(value, dict):
            return [Fact(name, "text", plain_text(value))] if has_words(plain_text(value)) else []
        # the theme's default (en-us) address format: street, city, region, postcode
        return [
            Fact(f"{name}.{part}", "text", plain_text(value[part]))
            for part in ("street", "city", "region", "postcode")
            if present(value.get(part))
        ]
    if show in ("featured", "bundle", "pages"):
        return []  # a bundle file, not a field: see `_bundle_facts` in page_facts
    if show == "orgs":
        return [
            Fact(f"{name}[{i}]", "text", plain_text(org.get("name")))
            for i, org in enumerate(value if isinstance(value, list) else [])
            if isinstance(org, dict) and present(org.get("name"))
        ]
    if show == "courses":
        courses = value.get("courses") if isinstance(value, dict) else None
        out = []
        for i, course in enumerate(courses if isinstance(courses, list) else []):
            if not isinstance(course, dict):
                continue
            for part in ("course", "institution", "year"):
                if present(course.get(part)):
                    out.append(Fact(f"{name}.courses[{i}].{part}", "text", str(course[part])))
        return out
    raise ValueError(f"theme/visible.yaml: unknown show {show!r} for {name}")


# how much of a home page section counts as its facts: the first items of a list, the first
# words of a text, the first pages of a listing (what a visitor sees at a glance)
FIRST_ITEMS = 3
FIRST_WORDS = 8


def home_facts(site: Site, where: str) -> list[Fact]:
    """The facts a widget page or landing page showed (`site.sections[where]`, see
    converter/home.py): each section's title, the first words of its text, the first items of
    its lists, the titles of the first pages it listed, its buttons; a biography's person."""
    from converter.home import listed_pages  # home reads pages; visible stays a leaf

    facts: list[Fact] = []
    for n, section in enumerate(site.sections.get(where, [])):
        at = f"{section.id or n}"
        if words(plain_text(section.title)):
            facts.append(Fact(f"{at}.title", "text", plain_text(section.title)))
        first = " ".join(words(plain_text(section.text))[:FIRST_WORDS])
        if first and section.kind not in ("biography",):
            facts.append(Fact(f"{at}.text", "text", first))
        if section.kind == "biography" and section.author:
            facts += _person_facts(site, section.author, at, section.lang)
        items = section.items
        if section.kind == "people":  # a group shows only with someone in it (people.html)
            items = [i for i in items if _members(site, i.get("group"))]
        for i, item in enumerate(items[:FIRST_ITEMS]):
            name = next(
                (
                    item[k]
                    for k in ("title", "name", "organization", "group", "course", "label")
                    if isinstance(item.get(k), str) and item[k].strip()
                ),
                None,
            )
            if name and words(plain_text(name)):
                facts.append(Fact(f"{at}.items[{i}]", "text", plain_text(name)))
        for i, button in enumerate(section.buttons):
            facts.append(Fact(f"{at}.buttons[{i}]", "href", button["url"], button.get("text", "")))
        if section.listing is not None:
            for i, page in enumerate(listed_pages(site, section.listing)[:FIRST_ITEMS]):
                title = plain_text(page.fields.get("title") or "")
                if words(title):
                    facts.append(Fact(f"{at}.listed[{i}]", "text", title))
    return facts


def _members(site: Site, group: Any) -> bool:
    return any(group in (a.fields.get("user_groups") or []) for a in site.authors.values())


def _person_facts(site: Site, author: str, at: str, lang: str | None = None) -> list[Fact]:
    """A biography section's person: the name, the role, the first interests. The id as Hugo
    finds the profile page: case aside (`author = "Admin"` is `content/authors/admin`)."""
    from converter.home import profile as profile_of

    profile = profile_of(site, author, lang)
    if profile is None:
        return []
    facts = [Fact(f"{at}.name", "text", profile.name)] if words(profile.name) else []
    role = profile.fields.get("role")
    if isinstance(role, str) and words(plain_text(role)):
        facts.append(Fact(f"{at}.role", "text", plain_text(role)))
    interests = profile.fields.get("interests")
    for i, interest in enumerate(interests[:FIRST_ITEMS] if isinstance(interests, list) else []):
        if isinstance(interest, str) and words(interest):
            facts.append(Fact(f"{at}.interests[{i}]", "text", plain_text(interest)))
    return facts


def featured_image(page: Page) -> tuple[str, str] | None:
    """(the bundle file, its caption) of the image the theme shows atop the page: the bundle's
    `featured.*`, unless `image.preview_only` keeps it for listings (page_header.html)."""
    image = page.fields.get("image")
    image = image if isinstance(image, dict) else {}
    if image.get("preview_only") is True:
        return None
    res = next((r for r in page.resources if r.role == "featured"), None)
    if res is None:
        return None
    caption = image.get("caption")
    return res.name, plain_text(caption) if isinstance(caption, str) else ""


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def link_address(value: Any, resources: dict[str, str]) -> str | None:
    """Where a link field points, as Academic reads it: a bundle file where the writer put it
    (`resources`: bundle name -> address), a path without a scheme from the site root, a URL
    as it is; None for no text."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    if url in resources:
        return resources[url]
    if _SCHEME.match(url) or url.startswith(("/", "#")):
        return url
    return "/" + url


def author_name(author: Any, site: Site) -> str:
    """An author as the theme named them: the profile's display name, else the id as written."""
    if isinstance(author, str) and author in site.authors:
        return site.authors[author].name
    return str(author)


def link_label(item: dict[str, Any]) -> str:
    """A `links` item's button text: v4/v5 `name`, Hugo Blox `label`, else its `type`."""
    for key in ("name", "label", "type"):
        if isinstance(item.get(key), str) and item[key].strip():
            return str(item[key]).strip()
    return "Link"


def doi_url(doi: str) -> str:
    doi = doi.strip()
    return doi if re.match(r"^https?://", doi) else "https://doi.org/" + doi


def iso_day(value: Any) -> str | None:
    """A date value as YYYY-MM-DD (text that does not start with one: None)."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4}-\d\d-\d\d)", value)
        return m.group(1) if m else None
    return None


# -- a planned page, before any engine builds it ---------------------------------------------

_BODY_HREF = re.compile(
    r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"  # [text](url "title")
    r"|<((?:https?|mailto|ftp):[^>\s]+)>"  # <https://...>
    r"|\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']"  # HTML attributes
    r"|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)",  # [label]: url
    re.MULTILINE,
)


def displayed(target: str) -> list[dict[str, Any]]:
    """The front-matter keys `target`'s page displays, each as {key, href?, with?}."""
    rules = (theme_table().get("targets") or {}).get(target) or []
    return [r if isinstance(r, dict) else {"key": r} for r in rules]


def planned_shown(
    data: dict[str, Any],
    body: str,
    target: str,
    site: Site | None = None,
    shows: Collection[str] | None = None,
) -> Shown:
    """What the page the writer planned will show: the front-matter keys the target displays,
    and the body's text and link addresses (its Markdown read for both). A key marked
    `names: true` holds author ids the target shows by their display names.

    `shows`: the kinds of facts that will be asked (`Fact.show`), when known; what no fact
    asks is not read (a page without a date fact has its dates left unsought), as `Shown.has`
    reads only the part of its fact's kind."""
    text, hrefs = _planned(data, body, target, site, shows is None or "href" in shows)
    if shows is None or ("text" in shows and "date" in shows):
        return shown_in_text(text, hrefs)
    days, months = dates_in(text) if "date" in shows else (set(), set())
    said = f" {' '.join(words(text))} " if "text" in shows else "  "
    return Shown(said, hrefs, days, months)


def planned_hidden(
    facts: list[Fact], data: dict[str, Any], body: str, target: str, site: Site | None = None
) -> list[Fact]:
    """`hidden(facts, planned_shown(...))`, the kinds asked those of `facts`, with the text
    read lazily (`Spelt`): the words of the page made only for a fact not spelt as it is."""
    if not facts:
        return []
    shows = {f.show for f in facts}
    text, hrefs = _planned(data, body, target, site, "href" in shows)
    said = Spelt(text, hrefs)
    return [f for f in facts if not said.has(f)]


def _planned(
    data: dict[str, Any], body: str, target: str, site: Site | None, links: bool
) -> tuple[str, list[str]]:
    """The text a planned page shows, and (`links`) its link addresses."""
    texts: list[str] = []
    hrefs = [m.group(m.lastindex or 0) for m in _BODY_HREF.finditer(body)] if links else []
    for rule in displayed(target):
        key = rule["key"]
        if key not in data or (rule.get("with") and not data.get(rule["with"])):
            continue
        for name, value in _leaves(data[key]):
            if rule.get("names") and site is not None:
                value = author_name(value, site)
            texts.append(value)
            if not links:
                continue
            if rule.get("href"):
                hrefs.append(str(rule["href"]).replace("{value}", value))
            elif name in _LINK_KEYS or _ADDRESS.match(value):
                hrefs.append(value)
    texts.append(plain_text(body))
    return "\n".join(texts), hrefs


_ADDRESS = re.compile(r"^(?:https?://|/|mailto:)")  # a displayed value that is a link's address
# keys whose value is a link's address in a displayed item (`other-links: [{text, href}]`)
_LINK_KEYS = frozenset({"href", "url", "link"})


def _leaves(value: Any, name: str = "") -> list[tuple[str, str]]:
    """Every scalar of a front-matter value as text (dates as ISO), with the key it is under."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, str(k))]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v, name)]
    if isinstance(value, dt.date):
        return [(name, value.isoformat()[:10])]
    if value is None or isinstance(value, bool):
        return []
    return [(name, str(value))]
