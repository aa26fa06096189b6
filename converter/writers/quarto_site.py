"""The Quarto website's own parts: `_quarto.yml` (project, website, navbar from Hugo's main
menu) and the language chooser of a multilingual home page, from what the Quarto writer
planned (converter/writers/quarto.py), and the listing options its tables give per kind.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from converter import fieldmap
from converter.body.links import hugo_url
from converter.conventions import KEEP_DIR
from converter.home import served_as
from converter.model import Site
from converter.plan import Plan
from converter.writers import bodies
from converter.writers.target import Placement, hidden

ABOUT = "about.qmd"


@dataclass
class Rooms:
    """What the writer knows of the site's own pages when it writes the config: its table,
    the pages widget pages went to, and where each home-page section's anchor is now."""

    table: fieldmap.Table | None
    homes: list[str]
    anchors: dict[str, str]


def config(
    site: Site, plan: Plan, placement: Placement, taken: set[str], state: Rooms
) -> dict[str, Any]:
    """`_quarto.yml`: the project, the website (title, address, description, navbar) and
    what R Markdown pages need."""
    project: dict[str, Any] = {"type": "website"}
    static = sorted(
        {
            a.dest.split("/")[0] + ("/**" if "/" in a.dest else "")
            for a in plan.actions
            if a.origin and a.origin.startswith("static/") and not a.dest.startswith(KEEP_DIR)
        }
    )
    if static:
        project["resources"] = static
    website: dict[str, Any] = {"title": site.title or "Site"}
    base = site.base_url
    if base.startswith(("http://", "https://")):
        website["site-url"] = base
    params = site.params.get("params")
    description = params.get("description") if isinstance(params, dict) else None
    if isinstance(description, str) and description:
        website["description"] = description
    nav = navbar(site, placement, taken, state)
    if nav:
        website["navbar"] = {"left": nav}
    config: dict[str, Any] = {
        "project": project,
        "website": website,
        "format": {"html": {"theme": "cosmo", "toc": True}},
    }
    if bodies.has_rmarkdown(site):  # render R pages once; no R needed for unchanged ones
        config["execute"] = {"freeze": "auto"}
    return config


def navbar(site: Site, placement: Placement, taken: set[str], state: Rooms) -> list[dict[str, Any]]:
    """Hugo's main menu as Quarto navbar items; home-page anchors go to the section or
    the about page they stood for."""
    by_url: dict[str, str] = {}
    table = state.table
    for page in site.pages:
        if not hidden(page):
            by_url.setdefault(hugo_url(page, site), placement.dest(page))
    for page in site.pages:  # a Hugo section with no page of its own: our listing
        folder = kind_folder(table, page.kind) if table and not hidden(page) else None
        parts = [p for p in hugo_url(page, site).split("/") if p]
        if folder and len(parts) > 1 and f"{folder}/index.qmd" in taken:
            by_url.setdefault(f"/{parts[0]}/", f"{folder}/index.qmd")
    for dest in state.homes:  # widget pages at their Hugo address
        folder = posixpath.dirname(dest)
        by_url.setdefault(f"/{folder}/" if folder else "/", dest)
    items = [i for i in site.menus.get("main", []) if isinstance(i, dict) and i.get("url")]
    items.sort(key=lambda i: i.get("weight", 0) if isinstance(i.get("weight"), int) else 0)
    out: list[dict[str, Any]] = []
    for item in items:
        text = str(item.get("name") or item.get("title") or item["url"])
        href = _href(str(item["url"]), by_url, taken, state.anchors)
        entry = {"text": text, "href": href}
        if entry not in out:
            out.append(entry)
    return out


def _href(url: str, by_url: dict[str, str], taken: set[str], anchors: dict[str, str]) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        return url
    path, _, anchor = url.partition("#")
    path = path.strip()
    if path in ("", "/") and anchor:
        return _anchor(anchor, taken, anchors)
    if path in ("", "/"):
        return "index.qmd"
    key = "/" + path.strip("/") + ("/" if not PurePosixPath(path).suffix else "")
    dest = by_url.get(key)
    if dest is not None:
        return dest + (f"#{anchor}" if anchor else "")
    return path.lstrip("/") + (f"#{anchor}" if anchor else "")


def _anchor(anchor: str, taken: set[str], anchors: dict[str, str]) -> str:
    if anchor in anchors:  # a section of the home page: where it is now
        held = anchors[anchor]
        return f"index.qmd#{held}" if held else "index.qmd"
    a = anchor.lower()
    guesses = [
        ("about", ABOUT),
        ("bio", ABOUT),
        ("contact", ABOUT),
        ("publication", "publications/index.qmd"),
        ("paper", "publications/index.qmd"),
        ("featured", "publications/index.qmd"),
        ("talk", "talks/index.qmd"),
        ("event", "talks/index.qmd"),
        ("post", "posts/index.qmd"),
        ("news", "posts/index.qmd"),
        ("blog", "posts/index.qmd"),
        ("project", "projects/index.qmd"),
    ]
    for word, dest in guesses:
        if word in a and dest.lower() in taken:
            return dest
    return f"index.qmd#{anchor}"


def language_chooser(site: Site, dest: str, homes: dict[str, str]) -> str:
    """Academic's language chooser on a multilingual home page: a link to the home page
    of every other language, by the language's name."""
    if dest not in homes.values() or len(homes) < 2:
        return ""
    config = site.params.get("languages")
    languages: dict[str, Any] = config if isinstance(config, dict) else {}
    here = posixpath.dirname(dest)
    links = []
    for lang, other in sorted(homes.items(), key=lambda kv: _weight(languages, kv[0])):
        if other == dest:
            continue
        own = languages.get(lang)
        name = own.get("languageName") if isinstance(own, dict) else None
        name = str(name) if name else LANGUAGE_NAMES.get(lang.split("-")[0], lang)
        links.append(f"[{name}]({posixpath.relpath(other, here or '.')})")
    return "::: {.language-chooser}\n" + " · ".join(links) + "\n:::\n" if links else ""


# a language's own name, where the Hugo config gives no `languageName`
LANGUAGE_NAMES = {
    "en": "English",
    "ja": "日本語",
    "zh": "中文",
    "ko": "한국어",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "nl": "Nederlands",
    "ru": "Русский",
}


def _weight(languages: dict[str, Any], lang: str) -> tuple[float, str]:
    own = languages.get(lang)
    weight = own.get("weight") if isinstance(own, dict) else None
    return (float(weight) if isinstance(weight, (int, float)) else 0.0, lang)


def relative_url(url: str, here: str) -> str:
    """A site address (`/authors/admin/`) as a link from a page in folder `here`, so that it
    works wherever the site is served from."""
    rel = posixpath.relpath(url.lstrip("/") or ".", here or ".")
    if url.endswith("/"):
        return "./" if rel == "." else rel.rstrip("/") + "/"
    return rel


def listed_kinds(table: fieldmap.Table) -> list[str]:
    return [str(k) for k in (table.data.get("listings") or {})]


def kind_folder(table: fieldmap.Table, kind: str) -> str | None:
    """`talks` for events: the fixed first folder of a kind's layout pattern."""
    layout = table.data.get("layout") or {}
    pattern = layout.get(kind)
    if not isinstance(pattern, str):
        return None
    first = pattern.split("/")[0]
    return None if "{" in first or first.startswith("_") else first


def listing_options(table: fieldmap.Table, kind: str, lang: str | None) -> dict[str, Any]:
    options = dict((table.data.get("listings") or {}).get(kind) or {})
    contents = f"*/index.{lang}.qmd" if lang else "*/index.qmd"
    return {"contents": contents, **options}


def widget_page_title(site: Site, where: str) -> str:
    """The title of the widget page's own index (`people/index.md`: `People`)."""
    for page in site.pages:
        if served_as(page.path) == where and hidden(page):
            title = page.fields.get("title")
            if isinstance(title, str) and title.strip():
                return title.strip()
    return ""
