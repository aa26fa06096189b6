"""The MkDocs project around the pages: `mkdocs.yml`, the blog's `.authors.yml`, the index
pages Hugo generated on its own (section listings, blog index, home), and redirects.

The pages written here are marked as the writer's own (a record file saying `generated: true`,
or `hugo_academic: {generated: true}` in the page with `--keep inline`; converter/sidecar.py):
the reader skips them, since they are not pages of the Hugo site. Conventions checked against
Material 9.8's `material/plugins/blog/{config.py,author.py,plugin.py}` and MkDocs 1.6's
`config/defaults.py` (validation levels): a nav entry or body link to a missing file is a
warning (fatal with --strict), an absolute link (`/x/`) only an info message.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from converter import frontmatter as fm
from converter import sidecar
from converter.body.links import hugo_url, urlize
from converter.conventions.mkdocs import (
    AUTHORS_FILE,
    AVATARS,
    BLOG_INDEX,
    DOCS,
    MATHJAX,
    POSTS,
    STYLE,
    served,
)
from converter.keep import KEEP_KEY
from converter.model import Page, Site
from converter.plan import FileAction, Plan
from converter.tables import data_dir
from converter.writers import mkdocs_blocks as blocks
from converter.writers import mkdocs_home, mkdocs_widgets
from converter.writers.target import Placement, hidden, page_stem

SKELETON = "sites/mkdocs"
GENERATED = {KEEP_KEY: {sidecar.GENERATED: True}}  # the mark in the page (--keep inline)
SECTION_TITLES = {"event": "Talks", "publication": "Publications", "project": "Projects"}
# Material requires an avatar for every blog author; a profile without a picture gets this
AVATAR = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E"
    "%3Ccircle cx='12' cy='8' r='5' fill='%23999'/%3E"
    "%3Cpath d='M3 22a9 9 0 0 1 18 0z' fill='%23999'/%3E%3C/svg%3E"
)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

Url = Callable[[Page, Site, str], str]


def author_name(site: Site, slug: str) -> str:
    author = site.authors.get(slug)
    return author.name if author is not None else slug


def listed(page: Page, dest: str) -> bool:
    """Whether a page is one a section lists: published under docs/, not a section itself."""
    return dest.startswith(DOCS) and not hidden(page) and page.kind not in ("section", "home")


def children(
    section: Page,
    site: Site,
    placement: Placement,
    by_folder: dict[str, list[tuple[Page, str]]] | None = None,
) -> list[tuple[Page, str]]:
    """The pages directly inside a section page's folder, with their files under docs/;
    `by_folder` (from `listed_by_folder`) saves a scan of every page per section."""
    if by_folder is None:
        by_folder = listed_by_folder(site, placement)
    folder = posixpath.dirname(section.path)
    return [(p, dest) for p, dest in by_folder.get(folder, []) if p is not section]


def listed_by_folder(site: Site, placement: Placement) -> dict[str, list[tuple[Page, str]]]:
    """The pages a section lists, with their files, by the folder they are in (site order)."""
    out: dict[str, list[tuple[Page, str]]] = {}
    for p in site.pages:
        dest = placement.dest(p)
        if listed(p, dest):
            out.setdefault(posixpath.dirname(page_stem(p)), []).append((p, dest))
    return out


def _docs_rel(dest: str) -> str:
    return dest[len(DOCS) :]


def page_files(dest: str, title: str, body: str, mode: str) -> list[FileAction]:
    """A page the writer makes up at `dest`, marked as keep `mode` says."""

    def text(front: dict[str, Any]) -> bytes:
        return fm.join("yaml", fm.dump("yaml", front), body).encode("utf-8")

    return sidecar.made_up(dest, {"title": title}, text, mode, GENERATED)


def avatars(site: Site) -> dict[str, tuple[str, str]]:
    """Author id -> (the Hugo file of its picture, the copy under docs/ home pages show):
    `content/authors/<id>/avatar.*` (Academic, in any language), `assets/media/authors/<id>.*`
    (Hugo Blox). Hugo's file stays where the writer keeps it; this copy is the writer's own."""
    out: dict[str, tuple[str, str]] = {}
    for rel in sorted(site.files):
        parts = rel.split("/")
        name, ext = posixpath.splitext(parts[-1])
        if ext.lower() not in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"):
            continue
        slug = None
        if len(parts) >= 3 and parts[-3] == "authors" and name.lower() == "avatar":
            slug = parts[-2]
        elif rel.startswith("assets/media/authors/") and len(parts) == 4:
            slug = name
        if slug is not None and slug in site.authors:
            out.setdefault(slug, (rel, f"{AVATARS}{urlize(slug)}{ext.lower()}"))
    return out


def docs_files(site: Site, placement: Placement, homes: list[mkdocs_home.Home]) -> set[str]:
    """Every file that will be under docs/ (known before any is written): published pages and
    their bundle files, Hugo's static files, the listings and home pages the writer adds."""
    files = {d for p in site.pages if (d := placement.dest(p)).startswith(DOCS) and not hidden(p)}
    files |= {d for d in placement.resources.values() if d.startswith(DOCS)}
    files |= {DOCS + f[len("static/") :] for f in site.files if f.startswith("static/")}
    files |= {index for index, _ in _listing_folders(site, placement).values()}
    if any(placement.dest(p).startswith(POSTS) for p in site.pages):
        files.add(BLOG_INDEX)
    files |= {h.dest for h in homes}
    files |= {dest for _, dest in avatars(site).values()}
    files.add("docs/index.md")
    return files


def _listing_folders(
    site: Site, placement: Placement
) -> dict[str, tuple[str, list[tuple[Page, str]]]]:
    """Folder -> (its index file, its talks, publications and projects with their files)."""
    folders: dict[str, tuple[str, list[tuple[Page, str]]]] = {}
    for page in site.pages:
        dest = placement.dest(page)
        if listed(page, dest) and page.kind in SECTION_TITLES and not dest.startswith(POSTS):
            folder = posixpath.dirname(page_stem(page))
            index = f"{DOCS}{folder}/index.md" if folder else "docs/index.md"
            folders.setdefault(folder, (index, []))[1].append((page, dest))
    return folders


def add(
    site: Site,
    plan: Plan,
    placement: Placement,
    url: Url,
    homes: list[mkdocs_home.Home] | None = None,
    mode: str = sidecar.DEFAULT_KEEP,
    files: set[str] | None = None,
) -> None:
    """Everything of the project beyond pages and copied files, appended to `plan`; the
    pages it makes up are marked as keep `mode` says. `files`: `docs_files` of the same
    site, placement and homes, when the caller has it (worked out again otherwise)."""
    taken = {a.dest.lower() for a in plan.actions}
    sections = _listings(site, plan, placement, taken, mode)
    posts = [p for p in site.pages if placement.dest(p).startswith(POSTS)]
    if posts and BLOG_INDEX not in taken:
        # the blog plugin would create it inside docs/ during the build otherwise
        # with its title as a heading: the blog's template shows no title of its own
        plan.actions += page_files(BLOG_INDEX, "Blog", "# Blog\n", mode)
        taken.add(BLOG_INDEX)
    if posts:
        sections.append(("Blog", BLOG_INDEX))
    if "docs/index.md" not in taken:
        body = "".join(
            f"- [{blocks.text(t)}]({blocks.target(_docs_rel(d))})\n" for t, d in sections
        )
        plan.actions += page_files("docs/index.md", site.title or "Home", body, mode)
        taken.add("docs/index.md")
    if posts:
        persons = {
            h.key.split("/", 1)[1]: h.dest
            for h in homes or []
            if h.sections is not None and h.key.startswith("authors/")
        }
        plan.actions.append(
            FileAction(AUTHORS_FILE, _authors_file(site, posts, placement, persons))
        )
    skeleton = data_dir(SKELETON)
    plan.actions.append(FileAction(MATHJAX, (skeleton / "assets" / "mathjax.js").read_bytes()))
    plan.actions.append(
        FileAction(STYLE, (skeleton / "assets" / "academic-migrate.css").read_bytes())
    )
    for rel, dest in avatars(site).values():
        if dest.lower() not in taken:
            plan.actions.append(FileAction(dest, None, site.file_path(rel), origin=rel))
    redirects = _redirects(site, placement)
    config = _config(site, placement, sections, bool(posts), redirects, homes or [], files)
    text = (
        "# Written by academic-migrate from a Hugo Academic site. The original Hugo\n"
        "# configuration is kept, unchanged, under _hugo_academic/.\n"
        + fm.dump("yaml", config)
        + (skeleton / "mkdocs.yml").read_text("utf-8")
    )
    plan.actions.append(FileAction("mkdocs.yml", text.encode("utf-8")))


def _listings(
    site: Site, plan: Plan, placement: Placement, taken: set[str], mode: str
) -> list[tuple[str, str]]:
    """(title, file) of every section index of talks, publications and projects; an index
    page is written for each such folder that has none in Hugo."""
    out: list[tuple[str, str]] = []
    indexes: dict[str, Page] = {}  # file -> the first section or home page there (a scan
    for p in site.pages:  # of every page per listing folder was 13 scans on a real site)
        if p.kind in ("section", "home") and not hidden(p):
            indexes.setdefault(placement.dest(p), p)
    for folder, (index, entries) in sorted(_listing_folders(site, placement).items()):
        kinds = [p.kind for p, _ in entries]
        title = SECTION_TITLES[max(set(kinds), key=kinds.count)]
        existing = indexes.get(index)
        if existing is not None:
            out.append((str(existing.fields.get("title") or title), index))
            continue
        if index.lower() in taken or not folder:
            continue
        plan.actions += page_files(index, title, blocks.listing(entries, index), mode)
        taken.add(index.lower())
        out.append((title, index))
    return out


def _authors_file(
    site: Site, posts: list[Page], placement: Placement, persons: dict[str, str]
) -> bytes:
    """`.authors.yml`: every author a post names, with the profile's name, role and picture
    (Material requires name, description and avatar for each)."""
    ids: list[str] = []
    for post in posts:
        names = post.fields.get("authors")
        if isinstance(names, list):
            ids += [a for a in names if isinstance(a, str) and a not in ids]
    authors: dict[str, Any] = {}
    pictures = avatars(site)
    for slug in ids:
        author = site.authors.get(slug)
        entry: dict[str, Any] = {"name": author.name if author else slug}
        role = author.fields.get("role") if author else None
        entry["description"] = str(role) if isinstance(role, str) else ""
        entry["avatar"] = _docs_rel(pictures[slug][1]) if slug in pictures else AVATAR
        page = next((p for p in site.pages if p.kind == "author" and p.slug == slug), None)
        where = served(placement.dest(page)) if page is not None and not hidden(page) else None
        where = where or (served(persons[slug]) if slug in persons else None)
        if where:  # the post's author names link to the person page (the `url` filter of
            entry["url"] = where.lstrip("/")  # blog-post.html makes it relative to the page)
        if page is not None:
            avatar = next((r for r in page.resources if r.name.startswith("avatar")), None)
            rdest = placement.resources.get((id(page), avatar.name)) if avatar else None
            if rdest and rdest.startswith(DOCS):
                entry["avatar"] = _docs_rel(rdest)
        authors[slug] = entry
    return fm.dump("yaml", {"authors": authors}).encode("utf-8")


def _nav(
    site: Site,
    placement: Placement,
    sections: list[tuple[str, str]],
    homes: list[mkdocs_home.Home] | None = None,
    files: set[str] | None = None,
) -> list[Any]:
    """`nav` from the Hugo main menu, then the sections the menu does not name. A menu entry
    that pointed at a section of a home page (`/#publications`) points at the page that lists
    its pages when it is a listing, at the page itself for its first section, else at the
    section's anchor there (an absolute link: MkDocs checks no anchors in `nav`). A menu entry
    that is no page here (a taxonomy) stays an absolute link, which MkDocs reports only as
    information."""
    by_url: dict[str, str] = {}
    pages = {id(p): d for p in site.pages if listed(p, d := placement.dest(p))}
    if files is None:
        files = docs_files(site, placement, homes or [])
    anchors = mkdocs_home.nav_anchors(site, homes or [], pages, files)
    for home in homes or []:
        by_url.setdefault(mkdocs_home.home_address(site, home.key).lower(), _docs_rel(home.dest))
    for page in site.pages:
        dest = placement.dest(page)
        if dest.startswith(DOCS) and not hidden(page) and not dest.startswith(POSTS):
            by_url.setdefault(hugo_url(page, site).lower(), _docs_rel(dest))
    for _, dest in sections:
        folder = posixpath.dirname(_docs_rel(dest))
        by_url.setdefault(f"/{folder}/".lower(), _docs_rel(dest))
    if any(d == BLOG_INDEX for _, d in sections):
        for page in site.pages:  # Hugo's post section, when it has no page of its own
            if placement.dest(page).startswith(POSTS):
                folder = posixpath.dirname(page_stem(page))
                by_url.setdefault(f"/{folder}/".lower(), _docs_rel(BLOG_INDEX))
    nav: list[Any] = []
    used: set[str] = set()
    if "/" in by_url:
        nav.append({"Home": by_url["/"]})
        used.add(by_url["/"])
    items: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for i in site.menus.get("main", []):  # one item per name, address and parent
        key = (str(i.get("name")), str(i.get("url")), str(i.get("parent")))
        if isinstance(i, dict) and i.get("url") and key not in seen:
            seen.add(key)
            items.append(i)
    items.sort(key=lambda i: i.get("weight", 0) if isinstance(i.get("weight"), int) else 0)

    def target(item: dict[str, Any]) -> tuple[str, bool]:
        """(nav target, whether it is a page of this project) of a menu item."""
        link = str(item["url"])
        if SCHEME.match(link):
            return link, False
        path, _, anchor = link.partition("#")
        key = "/" + path.strip("/") + "/" if path.strip("/") else "/"
        rel = by_url.get(key.lower())
        if rel is not None and not anchor:
            return rel, True
        moved = anchors.get(f"{key}#{anchor}".lower()) if anchor else None
        if moved is not None:
            return moved, not moved.startswith("/")
        return (link if link.startswith("/") else "/" + link), False

    def name(item: dict[str, Any]) -> str:
        return str(item.get("name") or item.get("title") or item["url"])

    # Hugo nests an item under the one whose identifier (or name) its `parent` gives
    ids = {str(i.get("identifier") or i.get("name")) for i in items}
    children: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item.get("parent") is not None and str(item["parent"]) in ids:
            children.setdefault(str(item["parent"]), []).append(item)
    for item in items:
        if item.get("parent") is not None and str(item["parent"]) in ids:
            continue
        link, is_page = target(item)
        kids = children.get(str(item.get("identifier") or item.get("name")), [])
        if kids:
            inner: list[Any] = [link] if is_page else []  # the section's own page comes first
            for kid in kids:
                kid_link, kid_page = target(kid)
                inner.append({name(kid): kid_link})
                used.update([kid_link] if kid_page else [])
            nav.append({name(item): inner})
        elif not is_page or link not in used:
            nav.append({name(item): link})
        used.update([link] if is_page else [])
    for title, dest in sections:
        if _docs_rel(dest) not in used:
            nav.append({title: _docs_rel(dest)})
            used.add(_docs_rel(dest))
    return nav


def _redirects(site: Site, placement: Placement) -> dict[str, str]:
    """Old Hugo address (as the docs path mkdocs-redirects takes) -> the page's file now."""
    published = [
        (page, dest) for page in site.pages if (dest := placement.dest(page)).startswith(DOCS)
    ]
    news = [_served(dest) for _, dest in published]  # once a file: asked twice before
    served_now = set(news)
    out: dict[str, str] = {}
    for (page, dest), new in zip(published, news, strict=True):
        if hidden(page):
            continue
        olds = [hugo_url(page, site)]
        base = olds[0]
        for alias in page.fields.get("aliases") or []:
            if isinstance(alias, str) and alias.strip("/"):
                olds.append(alias if alias.startswith("/") else posixpath.join(base, "..", alias))
        for old in olds:
            old = "/" + _normal(old).strip("/")
            key = old.strip("/")
            key = key if posixpath.splitext(key)[1] else f"{key}/index.md".lstrip("/")
            old_url = old if posixpath.splitext(old)[1] else old.rstrip("/") + "/"
            if old_url in served_now or old_url == new or key in out:
                continue
            out[key] = _docs_rel(dest)
    return out


def _normal(address: str) -> str:
    """`posixpath.normpath(address)`; an address from the root with no `//` and no segment
    starting with a dot is its own, less a trailing slash (most: every page's address)."""
    if address.startswith("/") and "//" not in address and "/." not in address:
        return address.rstrip("/") or "/"
    return posixpath.normpath(address)


def _served(dest: str) -> str:
    return served(dest) or ""


def _config(
    site: Site,
    placement: Placement,
    sections: list[tuple[str, str]],
    blog: bool,
    redirects: dict[str, str],
    homes: list[mkdocs_home.Home],
    files: set[str] | None = None,
) -> dict[str, Any]:
    config: dict[str, Any] = {"site_name": site.title or mkdocs_widgets.owner_name(site) or "Site"}
    if re.match(r"^https?://", site.base_url or ""):
        config["site_url"] = site.base_url
    description = (site.params.get("params") or {}).get("description")
    if isinstance(description, str) and description.strip():
        config["site_description"] = " ".join(description.split())
    nav = _nav(site, placement, sections, homes, files)
    if nav:
        config["nav"] = nav
    plugins: list[Any] = ["search"]
    if blog:
        # posts at /blog/<file name>/; drafts are left out, as Hugo leaves them out
        plugins.append({"blog": {"post_url_format": "{file}", "post_excerpt": "optional"}})
    plugins.append("tags")
    if redirects:  # whatever is installed here: requirements.txt names mkdocs-redirects
        plugins.append({"redirects": {"redirect_maps": redirects}})
    config["plugins"] = plugins
    return config
