"""Where every page was in Hugo, and where a target puts it: one map for every link in a site.

Hugo reaches a page three ways, and bodies use all of them: `ref`/`relref` with a content path
(`../x.md`, `/post/x/index.md`, or just `x.md`, which Hugo looks up by name), and root-relative
URLs (`[text](/publication/foo/)`) as Hugo built them from folders, `slug`, `url`, `aliases`
and the site's `permalinks`. A target writer gives `new_url(page)`; every link is rewritten
through this map in constant time per link.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeVar

from converter.model import Page, Resource, Site

_SPACES = re.compile(r"\s+")
_NOT_URL = re.compile(r"[^\w\-./~]")


@functools.lru_cache(maxsize=4096)  # folder names: a site has few, asked for on every page
def urlize(text: str) -> str:
    """Hugo's urlize, closely enough for addresses: lower case, spaces to '-', no punctuation."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    return _NOT_URL.sub("", _SPACES.sub("-", text))


def _section_parts(page: Page) -> list[str]:
    parts = _parts(page.path)
    if page.lang and parts and parts[0] == page.lang:
        parts = parts[1:]
    return parts


# PurePosixPath's parts, stem and suffix as plain string work: `hugo_url` is asked several
# times for every page of a site, in the one process that plans the site's shared files.
def _parts(path: str) -> list[str]:
    """`PurePosixPath(path).parts` of a relative path."""
    return [p for p in path.split("/") if p and p != "."]


def _stem(name: str) -> str:
    """`PurePosixPath(name).stem` of one path segment."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def _suffix(path: str) -> str:
    """`PurePosixPath(path).suffix`."""
    parts = _parts(path)
    name = parts[-1] if parts else ""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


# hugo_url's answers while a site is planned (`remembering`): the writers ask it about nine
# times a page (links, permalinks, listings, redirects), with pages that do not change then.
# Each entry holds its page and site, so no other object can take their ids meanwhile.
_REMEMBERED: dict[int, tuple[Page, Site, str]] | None = None


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """`hugo_url` answers each page once for the duration: for a plan, whose pages and site
    settings stay as they are while it is made (`api.plan_conversion`)."""
    global _REMEMBERED, _INDEXES
    outer = _REMEMBERED, _INDEXES
    if _REMEMBERED is None:
        _REMEMBERED, _INDEXES = {}, {}
    try:
        yield
    finally:
        _REMEMBERED, _INDEXES = outer


# Indexes over a site's pages made once while a plan is made (`remembered`), by kind and site.
_INDEXES: dict[tuple[str, int], tuple[Site, object]] | None = None

T = TypeVar("T")


def remembered(kind: str, site: Site, make: Callable[[Site], T]) -> T:
    """`make(site)`, made once per `kind` and site while a plan is made (`remembering`), and
    afresh each time outside one (when the pages may have changed since)."""
    indexes = _INDEXES
    if indexes is None:
        return make(site)
    hit = indexes.get((kind, id(site)))
    if hit is not None and hit[0] is site:
        return hit[1]  # type: ignore[return-value]
    made = make(site)
    indexes[(kind, id(site))] = (site, made)
    return made


def hugo_url(page: Page, site: Site) -> str:
    """The address Hugo gave `page`: `url`, else the section's permalink, else its folders."""
    memo = _REMEMBERED
    if memo is None:
        return _hugo_url(page, site)
    hit = memo.get(id(page))
    if hit is not None and hit[0] is page and hit[1] is site:
        return hit[2]
    url = _hugo_url(page, site)
    memo[id(page)] = (page, site, url)
    return url


def _hugo_url(page: Page, site: Site) -> str:
    fields = page.fields
    if isinstance(fields.get("url"), str) and fields["url"]:
        return _slashes(fields["url"])
    parts = _section_parts(page)
    name = parts[-1]
    dirs = parts[:-1] if page.bundle in ("leaf", "branch") else [*parts[:-1], _stem(name)]
    title = str(fields.get("title") or "")
    slug = str(fields.get("slug") or "")
    permalinks = site.params.get("permalinks")
    section = dirs[0] if dirs else ""
    pattern = None
    if isinstance(permalinks, dict) and page.bundle != "branch" and len(dirs) > 1:
        pattern = permalinks.get(section) or permalinks.get(str(fields.get("type", "")))
        if isinstance(pattern, dict):  # Hugo 0.112+: permalinks: {page: {...}, section: {...}}
            pattern = pattern.get("page")
    if isinstance(pattern, str):
        url = _expand(pattern, page, dirs, title, slug)
    else:
        if slug and dirs:
            dirs = [*dirs[:-1], slug]
        url = "/" + "/".join(urlize(d) for d in dirs)
    prefix = _lang_prefix(page, site)
    # a page's own address is a folder (pretty URLs), even when its name has a dot: 01.2-intro/
    return "/" + (prefix + url).strip("/") + "/" if (prefix + url).strip("/") else "/"


def _expand(pattern: str, page: Page, dirs: list[str], title: str, slug: str) -> str:
    date = page.fields.get("date")
    when = date if isinstance(date, dt.date) else None
    tokens: dict[str, str] = {
        ":year": f"{when.year:04d}" if when else "",
        ":month": f"{when.month:02d}" if when else "",
        ":day": f"{when.day:02d}" if when else "",
        ":title": urlize(title),
        ":slug": urlize(slug or title),
        ":filename": urlize(dirs[-1]) if dirs else "",
        ":contentbasename": urlize(dirs[-1]) if dirs else "",
        ":section": urlize(dirs[0]) if dirs else "",
        ":sections": "/".join(urlize(d) for d in dirs[:-1]),
    }
    return _TOKEN.sub(lambda m: tokens.get(m.group(0), m.group(0)), pattern)


_TOKEN = re.compile(r":[a-z]+")


def _lang_prefix(page: Page, site: Site) -> str:
    if not page.lang:
        return ""
    default = str(site.params.get("defaultContentLanguage", "en"))
    in_subdir = bool(site.params.get("defaultContentLanguageInSubdir", False))
    return f"/{page.lang}" if page.lang != default or in_subdir else ""


def _slashes(url: str) -> str:
    url = "/" + url.strip("/")
    return url if url == "/" or _suffix(url) else url + "/"


def _beside(page_url: str, name: str) -> str:
    """A bundle file left beside its page: in the page's folder, or the folder of its file."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    return folder + name


def _key(url: str) -> str:
    return _slashes(url.split("#", 1)[0].split("?", 1)[0]).lower()


@dataclass
class LinkMap:
    site: Site
    new_url: Callable[[Page], str]
    by_path: dict[str, Page] = field(default_factory=dict)
    by_url: dict[str, Page] = field(default_factory=dict)
    by_name: dict[str, list[Page]] = field(default_factory=dict)
    static: set[str] = field(default_factory=set)
    resources: dict[str, str] = field(default_factory=dict)  # old address -> new address

    @staticmethod
    def build(
        site: Site,
        new_url: Callable[[Page], str],
        resource_url: Callable[[Page, Resource], str | None] | None = None,
    ) -> LinkMap:
        """`resource_url` gives the new address of a bundle file, for writers that move bundle
        files away from their page (Jekyll has no page bundles); None keeps it beside the page."""
        links = LinkMap(site, new_url)
        for page in site.pages:
            path = page.path
            for key in (
                path,
                posixpath.splitext(path)[0],
                *([posixpath.dirname(path)] if page.bundle else []),
            ):
                links.by_path.setdefault(key.lower(), page)  # Hugo looks pages up ignoring case
            url = hugo_url(page, site)
            links.by_url.setdefault(_key(url), page)
            for alias in page.fields.get("aliases") or []:
                if isinstance(alias, str):
                    links.by_url.setdefault(_key(alias), page)
            parts = _parts(path)
            name = parts[-1] if parts else ""
            keys = {name, _stem(name)}
            if page.bundle:
                folder = parts[-2] if len(parts) > 1 else ""
                keys |= {folder, f"{folder}/{name}"}
            for k in keys:
                links.by_name.setdefault(k.lower(), []).append(page)
            if page.bundle == "leaf":
                base = _slashes(url)
                for res in page.resources:
                    new = resource_url(page, res) if resource_url else None
                    links.resources[_key(base + res.name)] = new or _beside(new_url(page), res.name)
        for rel in site.files:
            if rel.startswith("static/"):
                links.static.add("/" + rel[len("static/") :])
        return links

    def page_for_ref(self, ref: str, from_page: Page | None) -> Page | None:
        """The page a `ref`/`relref` argument names, the way Hugo looks it up."""
        target = ref.split("#", 1)[0].strip()
        if not target:
            return from_page
        if target.startswith("/"):
            found = self._by_content(target.lstrip("/"), from_page)
            if found:
                return found
        elif from_page is not None:
            base = posixpath.dirname(from_page.path)
            if from_page.bundle:  # a bundle's own folder is where relative refs start
                base = posixpath.dirname(base) if from_page.bundle == "leaf" else base
                joined = posixpath.normpath(
                    posixpath.join(posixpath.dirname(from_page.path), target)
                )
                found = self._by_content(joined, from_page)
                if found:
                    return found
            joined = posixpath.normpath(posixpath.join(base, target))
            found = self._by_content(joined, from_page)
            if found:
                return found
            found = self._by_content(target, from_page)
            if found:
                return found
        candidates = self.by_name.get(target.rstrip("/")) or self.by_name.get(
            PurePosixPath(target).name
        )
        if candidates and len(candidates) == 1:
            return candidates[0]
        if candidates and from_page is not None and from_page.lang:
            same_lang = [c for c in candidates if c.lang == from_page.lang]
            if len(same_lang) == 1:
                return same_lang[0]
        return None

    def _by_content(self, path: str, from_page: Page | None) -> Page | None:
        path = path.strip("/").lower()
        for candidate in (path, posixpath.splitext(path)[0]):
            if from_page is not None and from_page.lang:
                found = self.by_path.get(f"{from_page.lang}/{candidate}")
                if found:
                    return found
            found = self.by_path.get(candidate)
            if found:
                return found
        return None

    def resolve_ref(self, ref: str, from_page: Page | None) -> str | None:
        page = self.page_for_ref(ref, from_page)
        if page is None:
            return None
        anchor = "#" + ref.split("#", 1)[1] if "#" in ref else ""
        return self.new_url(page) + anchor

    def resolve_url(self, url: str) -> tuple[str | None, str]:
        """(new address, kind) of a root-relative link: kind is page, static or missing."""
        page = self.by_url.get(_key(url))
        anchor = "#" + url.split("#", 1)[1] if "#" in url else ""
        if page is not None:
            return self.new_url(page) + anchor, "page"
        resource = self.resources.get(_key(url))
        if resource is not None:
            return resource + anchor, "resource"
        bare = url.split("#", 1)[0].split("?", 1)[0]
        if bare in self.static:
            return url, "static"
        if bare.strip("/").split("/", 1)[0] in self.taxonomies():
            return None, "taxonomy"
        return None, "missing"

    def taxonomies(self) -> set[str]:
        """Plural taxonomy names (tags, categories, authors...): Hugo's generated list pages."""
        configured = self.site.params.get("taxonomies")
        pairs = {"tag": "tags", "category": "categories"}
        if isinstance(configured, dict):
            pairs.update({str(k): str(v) for k, v in configured.items()})
        names = set(pairs.values())
        permalinks = self.site.params.get("permalinks")
        if isinstance(permalinks, dict):  # tag: /tag/:slug/ moves the term pages
            for key in (*pairs, *pairs.values()):
                pattern = permalinks.get(key)
                if isinstance(pattern, str) and pattern.strip("/"):
                    names.add(pattern.strip("/").split("/", 1)[0])
        return names


_MD_LINK = re.compile(r"(?P<pre>!?\[[^\]\n]*\]\()(?P<url>/[^)\s]*)(?P<post>(?:\s+\"[^\"]*\")?\))")
_HTML_LINK = re.compile(r"(?P<pre>\b(?:href|src)=\")(?P<url>/[^\"]*)(?P<post>\")")


def rewrite_root_links(
    text: str, links: LinkMap, done: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """Root-relative links to pages, rewritten to their new address; a link to nothing known
    (neither a page nor a static file) is kept as written and reported. `done`: addresses
    already in the target's form (what `ref`/`relref` calls resolved to), left as they are."""
    warnings: list[str] = []

    def replace(m: re.Match[str]) -> str:
        url = m.group("url")
        if url.startswith("//") or url in done:
            return m.group(0)  # protocol-relative: another site
        new, kind = links.resolve_url(url)
        if kind in ("missing", "taxonomy"):
            line = text.count("\n", 0, m.start()) + 1
            what = (
                "is a taxonomy page Hugo generated"
                if kind == "taxonomy"
                else "matches no page or static file"
            )
            warnings.append(f"line {line}: link to {url} {what}; kept as written")
            return m.group(0)
        return m.group("pre") + (new or url) + m.group("post")

    # each pattern only where the text has what every match of it holds (`](/`, `="/`): the
    # Markdown one, which opens with an optional `!`, is otherwise tried at every character
    if "](/" in text:
        text = _MD_LINK.sub(replace, text)
    if '="/' in text:
        text = _HTML_LINK.sub(replace, text)
    return text, warnings


_REL_MD_LINK = re.compile(
    r"(?P<pre>!?\[[^\]\n]*\]\()(?P<url>(?:\./)?[^)\s/:#?][^)\s:]*)(?P<post>(?:\s+\"[^\"]*\")?\))"
)
_REL_HTML_LINK = re.compile(
    r"(?P<pre>\b(?:href|src)=\")(?P<url>(?:\./)?[^\"/:#?][^\":]*)(?P<post>\")"
)


def rewrite_resource_links(text: str, moved: dict[str, str]) -> str:
    """Links relative to a page bundle (`![](diagram.png)`, `src="paper.pdf"`) pointed at where
    each bundle file now lives, for targets that serve bundle files away from their page."""
    if not moved:
        return text

    def replace(m: re.Match[str]) -> str:
        url = m.group("url")
        name = url[2:] if url.startswith("./") else url
        bare, sep, rest = name.partition("#")
        new = moved.get(bare)
        if new is None:
            return m.group(0)
        return m.group("pre") + new + sep + rest + m.group("post")

    return _REL_HTML_LINK.sub(replace, _REL_MD_LINK.sub(replace, text))


def ref_resolver(
    links: LinkMap, page: Page, resolved: set[str] | None = None
) -> Callable[[str], str | None]:
    """The resolver `render_body` takes: `ref`/`relref` arguments relative to `page`; each
    new address it gives is added to `resolved`."""

    def resolve(ref: str) -> str | None:
        new = links.resolve_ref(ref, page)
        if new and resolved is not None:
            resolved.add(new)
        return new

    return resolve


__all__ = [
    "LinkMap",
    "hugo_url",
    "ref_resolver",
    "rewrite_resource_links",
    "rewrite_root_links",
    "urlize",
]
