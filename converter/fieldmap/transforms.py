"""Named transforms a mapping table may ask for: each a forward and an inverse.

A transform only says how a value is spelled in the target and how to read it back. Whether
that is lossless is not its business: the engine inverts every forward value and keeps the
original under `hugo_academic:` whenever the two differ.

Accumulating transforms (`link`, `links`) add items to a list shared by several fields (all
buttons of a page go to Quarto's `other-links`); their inverse claims its own items and leaves
the rest for the next rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from converter.frontmatter.values import lexical, plain


class Missing:
    """No value: the field is absent in the target (not the same as None)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = Missing()


@dataclass
class Context:
    """What transforms may consult beyond the value: the site's author profiles."""

    authors: dict[str, str] = field(default_factory=dict)  # slug -> display name
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> fields
    # the page's bundle files by name -> their address in the target (one page's context)
    resources: dict[str, str] = field(default_factory=dict)
    # a content path of the site (`project/foo`) -> the target's address of the page Hugo
    # finds there from this page, or None where it finds none (one page's context)
    page_url: Callable[[str], str | None] = lambda ref: None


def context_for(site: Any) -> Context:
    """The transform context of a site: its author profiles by username."""
    authors = getattr(site, "authors", {}) or {}
    return Context(
        authors={slug: a.name for slug, a in authors.items()},
        profiles={slug: a.fields for slug, a in authors.items()},
    )


class Transform:
    name = ""
    params: tuple[str, ...] = ()
    accumulates = False
    links_pages = False  # its forward asks `Context.page_url` where other pages are
    # its inverse takes every item the other rules of its list left: it reads after them, so
    # that a url_* or event_url item is its own field's, not one of `links`
    greedy = False
    doc = ""

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        raise NotImplementedError

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        """(neutral value or MISSING, what is left of the target value for other rules)."""
        raise NotImplementedError


class Rename(Transform):
    name = "rename"
    doc = "The value as it is, under another name."

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        return value

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return value, MISSING


class Date(Transform):
    name = "date"
    params = ("format", "strict")
    doc = (
        "A date in the target's form. format: native (a YAML date/timestamp, the default), "
        "iso (ISO 8601 text), day (YYYY-MM-DD text), jekyll (YYYY-MM-DD HH:MM:SS +ZZZZ text), "
        "wall (YYYY-MM-DD HH:MM:SS text, the time as written without its offset: an engine that "
        "shows dates in the site's time zone, as Jekyll does, then shows the day the page said). "
        "strict: true keeps a value that is not a date out of the target (under hugo_academic), "
        "for engines that stop on a date they cannot parse."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        fmt = params.get("format", "native")
        if isinstance(value, str) and params.get("strict"):
            value = parse_date(value)  # a quoted date is still a date to the engine
        if not isinstance(value, (dt.date, dt.time)):
            if params.get("strict"):
                return MISSING
            return value  # text that is not a date (`lastmod: true`) passes as it is
        if params.get("strict") and isinstance(value, dt.time):
            return MISSING
        if fmt == "native":
            return value
        if fmt == "iso":
            return lexical(value)
        if fmt == "day":
            return value.isoformat()[:10] if isinstance(value, dt.date) else lexical(value)
        if fmt == "wall":
            if isinstance(value, dt.datetime):
                return value.strftime("%Y-%m-%d %H:%M:%S")
            return value
        if fmt == "jekyll":
            if isinstance(value, dt.datetime):
                text = value.strftime("%Y-%m-%d %H:%M:%S")
                return text + (value.strftime(" %z") if value.tzinfo else "")
            return value.isoformat() if isinstance(value, dt.date) else lexical(value)
        raise ValueError(f"unknown date format {fmt!r}")

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed is not None:
                return parsed, MISSING
        return value, MISSING


def parse_date(text: str) -> Any:
    t = text.strip()
    try:
        if len(t) == 10:
            return dt.date.fromisoformat(t)
        if len(t) >= 19 and t[4] == "-" and t[10] in "T ":
            t2 = t.replace("Z", "+00:00")
            if len(t2) > 20 and t2[-5] in "+-" and t2[-3] != ":" and t2[-6] == " ":
                t2 = t2[:-6] + t2[-5:-2] + ":" + t2[-2:]  # jekyll's " +0200"
            return plain(dt.datetime.fromisoformat(t2.replace(" ", "T", 1).replace(" ", "")))
    except ValueError:
        return None
    return None


class Link(Transform):
    name = "link"
    accumulates = True
    params = ("text", "icon", "text_key", "url_key", "icon_key")
    doc = "A url_* string as one item {text, href, icon} of a shared list of links."

    def _keys(self, params: Mapping[str, Any]) -> tuple[str, str, str]:
        return (
            str(params.get("text_key", "text")),
            str(params.get("url_key", "href")),
            str(params.get("icon_key", "icon")),
        )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        if value in (None, ""):
            return MISSING  # no button: the empty original is kept aside
        text_key, url_key, icon_key = self._keys(params)
        item: dict[str, Any] = {text_key: params.get("text", "Link"), url_key: value}
        if params.get("icon"):
            item[icon_key] = params["icon"]
        return [item]

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        if not isinstance(value, list):
            return MISSING, value
        text_key, url_key, icon_key = self._keys(params)
        mine = {text_key: params.get("text", "Link"), icon_key: params.get("icon")}
        for i, item in enumerate(value):  # its text and icon: a Slides button may be another's
            if isinstance(item, dict) and _is(item, mine) and url_key in item:
                return item[url_key], value[:i] + value[i + 1 :]
        return MISSING, value


class Links(Transform):
    name = "links"
    accumulates = True
    greedy = True
    params = ("text_key", "url_key", "icon_key")
    doc = "Academic `links` [{name, url, icon, icon_pack}] as items of a shared list of links."

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        if not isinstance(value, list):
            return []
        text_key = str(params.get("text_key", "text"))
        url_key = str(params.get("url_key", "href"))
        icon_key = str(params.get("icon_key", "icon"))
        out = []
        for link in value:
            if not isinstance(link, dict):
                continue
            item: dict[str, Any] = {
                text_key: link.get("name") or link.get("label") or link.get("type") or "Link"
            }
            item[url_key] = link.get("url", "")
            if link.get("icon"):
                item[icon_key] = link["icon"]
            out.append(item)
        return out

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        if not isinstance(value, list) or not value:
            return MISSING, value
        text_key = str(params.get("text_key", "text"))
        url_key = str(params.get("url_key", "href"))
        icon_key = str(params.get("icon_key", "icon"))
        links = []
        for item in value:
            if not isinstance(item, dict):
                continue
            link: dict[str, Any] = {"name": item.get(text_key, ""), "url": item.get(url_key, "")}
            if item.get(icon_key):
                link["icon"] = item[icon_key]
            links.append(link)
        return links, []


class PageLinks(Transform):
    name = "page_links"
    accumulates = True
    links_pages = True
    params = ("section", "text", "icon", "text_key", "url_key", "icon_key")
    doc = (
        "Ids of pages of a `section` (a talk's `slides`, a paper's `projects`), each an item "
        "{text, href, icon} of a shared list of links to where that page is in the target; an "
        "id the site has no page for gives no item, as the theme drew no button for it."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        text_key, url_key, icon_key = Link()._keys(params)
        out = []
        for ref in _as_list(value):
            url = (
                ctx.page_url(f"{params.get('section', '')}/{ref}") if isinstance(ref, str) else None
            )
            if url:
                item: dict[str, Any] = {text_key: params.get("text", "Link"), url_key: url}
                if params.get("icon"):
                    item[icon_key] = params["icon"]
                out.append(item)
        return out or MISSING

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        """Its items taken out of the list; the ids are not in them (the page keeps its own
        `slides:` or `projects:` in the keep record, the table marks the rule lossy)."""
        if not isinstance(value, list):
            return MISSING, value
        text_key, _, icon_key = Link()._keys(params)
        mine = {text_key: params.get("text", "Link"), icon_key: params.get("icon")}
        return MISSING, [item for item in value if not (isinstance(item, dict) and _is(item, mine))]


def _is(item: dict[str, Any], mine: dict[str, Any]) -> bool:
    """Whether a link item is one a rule writes: its text, and its icon where it sets one."""
    return all(item.get(k) == v for k, v in mine.items() if v is not None)


class JoinAddress(Transform):
    name = "join_address"
    params = ("order",)
    doc = "An address map {street, city, region, postcode, country} as one line of text."

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        if not isinstance(value, dict):
            return value
        order = params.get("order", ["street", "city", "region", "postcode", "country"])
        parts = [str(value[k]) for k in order if value.get(k) not in (None, "")]
        parts += [str(v) for k, v in value.items() if k not in order and v not in (None, "")]
        return ", ".join(parts)

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        if isinstance(value, str):
            return {"street": value}, MISSING  # a joined line cannot be split reliably
        return value, MISSING


class Merge(Transform):
    name = "merge"
    doc = (
        "Several list fields (tags and categories, each with this transform and the same `to`) "
        "as one list, duplicates removed; an edited list comes back whole to the first field."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        return _as_list(value)

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return _as_list(value), MISSING


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list) else [value]


class CslType(Transform):
    name = "csl_type"
    params = ("map", "list")
    doc = (
        "publication_types (a list of CSL names) as one type; `map` renames CSL names to the "
        "target's vocabulary, `list: true` keeps a list."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        names = _as_list(value)
        table = params.get("map") or {}
        mapped = [table.get(str(n), n) for n in names]
        if params.get("list"):
            return mapped
        return mapped[0] if mapped else MISSING

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        back = {v: k for k, v in (params.get("map") or {}).items()}
        return [back.get(v, v) for v in _as_list(value)], MISSING


class Authors(Transform):
    name = "authors"
    params = ("as",)
    doc = (
        "Author usernames resolved through the site's profiles: `as: names` gives display "
        "names, `as: profiles` gives {name, affiliation} maps (Quarto)."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        out: list[Any] = []
        for author in _as_list(value):
            name = ctx.authors.get(str(author), author) if isinstance(author, str) else author
            if params.get("as") == "profiles":
                entry: dict[str, Any] = {"name": name}
                org = _affiliation(ctx.profiles.get(str(author), {}))
                if org:
                    entry["affiliation"] = org
                out.append(entry)
            else:
                out.append(name)
        return out

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        by_name = {name: slug for slug, name in ctx.authors.items()}
        out = []
        for entry in _as_list(value):
            name = entry.get("name") if isinstance(entry, dict) else entry
            out.append(by_name.get(name, name) if isinstance(name, str) else name)
        return out, MISSING


def _affiliation(profile: Mapping[str, Any]) -> str | None:
    orgs = profile.get("organizations") or profile.get("affiliations")
    if isinstance(orgs, list) and orgs and isinstance(orgs[0], dict) and orgs[0].get("name"):
        return str(orgs[0]["name"])
    return None


class Url(Transform):
    name = "url"
    doc = (
        "A link as Hugo Academic resolves it: the name of a bundle file becomes that file's "
        "address in the target, a path without a leading slash is relative to the site root."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        if not isinstance(value, str) or not value:
            return value
        if value in ctx.resources:
            return ctx.resources[value]
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", value, re.IGNORECASE):
            return value
        return "/" + value

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return value, MISSING


class MarkdownText(Transform):
    name = "markdown_text"
    doc = (
        "Text with its Markdown emphasis (*a*, _a_, **a**) taken out, for a plain-text key; "
        "a map with a `name` (Hugo Blox's publication) gives its name."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            value = value["name"]
        if not isinstance(value, str):
            return MISSING
        return _EMPHASIS.sub(lambda m: m.group(2), value)

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return value, MISSING


_EMPHASIS = re.compile(r"(\*\*|\*|__|\b_)(\S(?:.*?\S)?)\1")


class Negate(Transform):
    name = "negate"
    doc = "A boolean turned over: Hugo's `draft: true` is Jekyll's `published: false`."

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        return (not value) if isinstance(value, bool) else MISSING

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return ((not value) if isinstance(value, bool) else value), MISSING


class First(Transform):
    name = "first"
    doc = "The first item of a list."

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        items = _as_list(value)
        return items[0] if items else MISSING

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return [value], MISSING


class Typed(Transform):
    name = "typed"
    params = ("type",)
    doc = (
        "The value as it is when it has the type an engine checks, else left out of the target "
        "(kept under hugo_academic). type: bool, str, int, or strings (a list of distinct "
        "strings, as Material's blog plugin wants for authors and categories)."
    )

    def forward(self, value: Any, params: Mapping[str, Any], ctx: Context) -> Any:
        kind = params.get("type", "str")
        if kind == "strings":
            ok = (
                isinstance(value, list)
                and all(isinstance(v, str) for v in value)
                and len(set(value)) == len(value)
            )
        elif kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "str":
            ok = isinstance(value, str)
        else:
            raise ValueError(f"unknown type {kind!r}")
        return value if ok else MISSING

    def inverse(self, value: Any, params: Mapping[str, Any], ctx: Context) -> tuple[Any, Any]:
        return value, MISSING


TRANSFORMS: dict[str, Transform] = {
    t.name: t
    for t in (
        Rename(),
        Date(),
        Link(),
        Links(),
        PageLinks(),
        JoinAddress(),
        Merge(),
        CslType(),
        Authors(),
        First(),
        Negate(),
        Url(),
        MarkdownText(),
        Typed(),
    )
}
