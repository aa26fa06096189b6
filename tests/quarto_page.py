"""A converted Quarto page as its visitor sees it, built from Quarto's own rules (no Quarto
binary can be installed here).

Quarto renders an HTML page as pandoc's `markdown` reader reads the body, inside a title block
built from the front matter, with the page navigation in the margin. This module builds that
page's visible HTML from the same rules, and nothing else counts as shown:

Title block (quarto-cli `src/resources/formats/html/templates/title-block.html` and
`title-metadata.html`; `src/format/html/format-html-title.ts`; quarto-web
`docs/authoring/title-blocks.qmd`, "The title block contains the title, subtitle, authors,
date, doi, and abstract")
    `title`, `subtitle`; `categories` (shown unless `title-block-categories: false`);
    `description`; each `author` by name (a link where it has a `url`) with its
    `affiliation(s)` (names, linked where they have a `url`; quarto-web
    `docs/journals/authors.qmd`); `date` and `date-modified` in the "long" style
    (`March 7, 2005`, quarto-web `docs/reference/dates.qmd`; the title block formats with
    `formattedDocumentDate(format, "long")`); `doi` as a link to `https://doi.org/<doi>`;
    `abstract` under its heading.
Page navigation (quarto-web `docs/output-formats/html-basics.qmd`, "Code Links and Other
Links")
    `other-links` and `code-links`: each item's `text` linked to its `href`, under "Other
    Links" and "Code Links" (the special `repo`/`binder` items need a project repository and
    are left out).
About pages (quarto-cli `src/project/types/website/about/website-about.ts`, `jolla.ejs.html`,
`_links.ejs.html`)
    the title block and the body as above, and each `about.links` item's text and `href`.
Body
    what Quarto does first, then pandoc's `markdown` reader to HTML: `{{< video URL >}}`
    becomes the video's frame (quarto-web `docs/authoring/videos.qmd`), `{{{< x >}}}` prints
    `{{< x >}}` (`docs/extensions/shortcodes.qmd`, escaping). Math is left as TeX for MathJax,
    Quarto's default `html-math-method` (`docs/output-formats/html-basics.qmd`).

Listings (quarto-web `docs/websites/website-listings.qmd`)
    each `listing` entry's `contents` (globs relative to the page, `/` the project root, a
    folder meaning everything under it; the page itself and drafts left out), sorted by its
    `sort` (`date desc`...; by title when none), cut to `max-items`; each item shows its title
    linked to the page, then the fields its type shows (default: subtitle, author,
    description, date; table: author, date; grid: author, description, date) or the listing's
    own `fields`. The items go inside the div whose id is the listing's `id`, else at the end
    of the page's content.

Everything else in the front matter is not on the page: `image` (listings and social cards
only), `citation` (the appendix's citation is not emulated, so not counted), `event`,
`location`, `venue`, `keywords` (only the newest title blocks print them), and the
`hugo_academic` record. A date is shown by its written day: the time and zone are not
applied, where Quarto would format it in the building machine's zone.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pypandoc

from converter.pages import parse_page
from converter.visible import Shown, shown_in_html

_MARK = "qp-split-{}"
_MARK_RE = re.compile(r"<!-- qp-split-(\d+) -->")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:", re.MULTILINE)
_VIDEO = re.compile(r"(?<!\{)\{\{<\s*video\s+(\S+)[^>]*>\}\}(?!\})")
_ESCAPED = re.compile(r"\{\{\{<(.*?)>\}\}\}", re.DOTALL)
_OTHER_CALL = re.compile(r"(?<!\{)\{\{<\s*[A-Za-z][\w-]*[^>]*>\}\}(?!\})")


def _pandoc_html(text: str) -> str:
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html", "--mathjax", "--sandbox"],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=600,
    )
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else ""


def render_markdown(texts: list[str], batch: int = 80) -> list[str]:
    """Each text as pandoc's `markdown` reader reads it, to HTML. Many texts go to one pandoc
    call between marker comments; a text defining footnotes or link references (labels are
    global to a document) is read alone, as is any batch a text swallowed a marker of."""
    out = [""] * len(texts)
    alone = [i for i, t in enumerate(texts) if _DEFINITION.search(t)]
    skip = set(alone)
    together = [i for i in range(len(texts)) if i not in skip]
    chunks = [together[s : s + batch] for s in range(0, len(together), batch)]

    def run_chunk(chunk: list[int]) -> dict[int, str]:
        joined = "".join(
            (f"\n\n<!-- {_MARK.format(n)} -->\n\n" if n else "") + texts[i]
            for n, i in enumerate(chunk)
        )
        parts = _MARK_RE.split(_pandoc_html(joined))
        # split gives [part0, n1, part1, n2, part2...]: the numbers must run in order
        numbers = [int(n) for n in parts[1::2]]
        if numbers != list(range(1, len(chunk))):
            return {i: _pandoc_html(texts[i]) for i in chunk}
        return dict(zip(chunk, parts[0::2], strict=True))

    with ThreadPoolExecutor(max_workers=2) as pool:
        for i, text in zip(alone, pool.map(lambda i: _pandoc_html(texts[i]), alone), strict=True):
            out[i] = text
        for done in pool.map(run_chunk, chunks):
            for i, text in done.items():
                out[i] = text
    return out


def quarto_body(body: str) -> str:
    """The body after Quarto's own shortcodes ran: videos as frames, escaped calls printed,
    any other Quarto call (none of which the writer emits) gone."""
    body = _VIDEO.sub(lambda m: f'<iframe src="{html.escape(m.group(1))}"></iframe>', body)
    escaped: list[str] = []

    def hold(m: re.Match[str]) -> str:
        escaped.append("{{<" + m.group(1) + ">}}")
        return f"QPESCAPED{len(escaped) - 1}Q"

    body = _ESCAPED.sub(hold, body)
    body = _OTHER_CALL.sub("", body)
    return re.sub(r"QPESCAPED(\d+)Q", lambda m: escaped[int(m.group(1))], body)


MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def long_date(value: Any) -> str:
    """A date as the title block shows it by default ("long": `March 7, 2005`)."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    m = re.match(r"^\s*(\d{4})-(\d\d)-(\d\d)", text)
    if not m:
        return text  # Quarto shows what it cannot parse as it is
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return text
    return f"{MONTH_NAMES[month - 1]} {day}, {year}"


def _text(value: Any) -> str:
    return html.escape(str(value))


def _link(text: str, href: Any) -> str:
    if isinstance(href, str) and href:
        return f'<a href="{html.escape(href, quote=True)}">{text}</a>'
    return text


def _name(value: Any) -> str:
    """An author's name: a string, or a CSL name (`literal`, else given and family)."""
    if isinstance(value, dict):
        if value.get("literal"):
            return str(value["literal"])
        parts = [value.get(k) for k in ("given", "dropping-particle", "non-dropping-particle")]
        parts.append(value.get("family"))
        return " ".join(str(p) for p in parts if p)
    return str(value) if value is not None else ""


def _affiliations(author: dict[str, Any]) -> list[tuple[str, Any]]:
    found = author.get("affiliations", author.get("affiliation"))
    items = found if isinstance(found, list) else [found] if found else []
    out: list[tuple[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            if item.get("name"):
                out.append((str(item["name"]), item.get("url")))
        elif isinstance(item, str) and item:
            out.append((item, None))
    return out


def _links(items: Any) -> list[tuple[str, str]]:
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("href"), str):
            out.append((str(item.get("text") or item["href"]), item["href"]))
    return out


class _Page:
    """One page's pieces waiting for pandoc: the markdown texts and how to put them back."""

    def __init__(self, data: dict[str, Any], body: str) -> None:
        self.data = data
        self.texts: dict[str, str] = {}
        for key in ("title", "subtitle", "description", "abstract"):
            if isinstance(data.get(key), str) and data[key].strip():
                self.texts[key] = data[key]
        self.texts["(body)"] = quarto_body(body)

    def html(self, rendered: dict[str, str]) -> str:
        d = self.data
        parts = ['<header id="title-block-header">']
        if "title" in rendered:
            parts.append(f'<h1 class="title">{_inline(rendered["title"])}</h1>')
        if "subtitle" in rendered:
            parts.append(f'<p class="subtitle lead">{_inline(rendered["subtitle"])}</p>')
        categories = d.get("categories")
        if d.get("title-block-categories") is not False and categories:
            cats = categories if isinstance(categories, list) else [categories]
            parts.append(
                '<div class="quarto-categories">'
                + "".join(f'<div class="quarto-category">{_text(c)}</div>' for c in cats)
                + "</div>"
            )
        if "description" in rendered:
            parts.append(f'<div class="description">{rendered["description"]}</div>')
        author = d.get("author")
        authors = author if isinstance(author, list) else [author] if author else []
        for a in authors:
            if isinstance(a, dict):
                parts.append(
                    f'<p class="author">{_link(_text(_name(a.get("name"))), a.get("url"))}</p>'
                )
                for name, url in _affiliations(a):
                    parts.append(f'<p class="affiliation">{_link(_text(name), url)}</p>')
            elif isinstance(a, str):
                parts.append(f'<p class="author">{_text(a)}</p>')
        for key, heading in (("date", "Published"), ("date-modified", "Modified")):
            if d.get(key):
                parts.append(f'<div>{heading}</div><p class="{key}">{_text(long_date(d[key]))}</p>')
        if isinstance(d.get("doi"), str) and d["doi"].strip():
            doi = d["doi"]
            parts.append(f'<p class="doi">{_link(_text(doi), "https://doi.org/" + doi)}</p>')
        if "abstract" in rendered:
            parts.append(f'<div class="abstract"><div>Abstract</div>{rendered["abstract"]}</div>')
        parts.append("</header>")
        parts.append(f'<main class="content">{rendered["(body)"]}</main>')
        about = d.get("about")
        if isinstance(about, dict):
            parts.append(
                '<div class="about-links">'
                + "".join(_link(_text(t), h) for t, h in _links(about.get("links")))
                + "</div>"
            )
        nav = []
        for key, heading in (("other-links", "Other Links"), ("code-links", "Code Links")):
            links = _links(d.get(key))
            if links:
                nav.append(f"<h2>{heading}</h2><ul>")
                nav += [f"<li>{_link(_text(t), h)}</li>" for t, h in links]
                nav.append("</ul>")
        if nav:
            parts.append('<nav id="quarto-margin-sidebar">' + "".join(nav) + "</nav>")
        return "\n".join(parts)


_ONE_ITEM = re.compile(r'<ol(?: start="(\d+)")?[^>]*>\s*<li>(.*)</li>\s*</ol>', re.DOTALL)


def _inline(rendered: str) -> str:
    """A one-paragraph value without its <p>, as pandoc puts MetaInlines in a template. A
    value pandoc reads as a one-item ordered list (`2. Konferenz`) shows its number: a
    browser draws the list marker."""
    text = rendered.strip()
    m = re.fullmatch(r"<p>(.*)</p>", text, re.DOTALL)
    if m:
        return m.group(1)
    m = _ONE_ITEM.fullmatch(text)
    return f"{m.group(1) or 1}. {m.group(2)}" if m else text


LISTING_FIELDS = {
    "default": ["title", "subtitle", "author", "description", "date"],
    "table": ["title", "author", "date"],
    "grid": ["title", "author", "description", "date"],
}


def glob_regex(glob: str) -> re.Pattern[str]:
    """Quarto's glob syntax (docs/reference/globs.qmd) as a regular expression on paths."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "{" and "}" in glob[i:]:
            end = glob.index("}", i)
            out.append("(?:" + "|".join(re.escape(a) for a in glob[i + 1 : end].split(",")) + ")")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


class Listings:
    """The listings of a site's pages, each item read from its page's front matter."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: list[str] | None = None
        self._data: dict[str, dict[str, Any]] = {}

    def files(self) -> list[str]:
        if self._files is None:
            self._files = [f.relative_to(self.root).as_posix() for f in page_files(self.root)]
        return self._files

    def data(self, rel: str) -> dict[str, Any]:
        if rel not in self._data:
            parsed = parse_page((self.root / rel).read_bytes())
            self._data[rel] = parsed.data if parsed.split.format == "yaml" else {}
        return self._data[rel]

    def items(self, rel: str, entry: dict[str, Any]) -> list[str]:
        """The pages a listing of page `rel` shows, in order."""
        here = posixpath.dirname(rel)
        contents = entry.get("contents", ".")
        globs = contents if isinstance(contents, list) else [contents]
        patterns = []
        for glob in globs:
            if not isinstance(glob, str):
                continue
            path = glob[1:] if glob.startswith("/") else posixpath.join(here, glob)
            path = posixpath.normpath(path)
            if not re.search(r"[*?{\[]", path) and (self.root / path).is_dir():
                path = "**" if path == "." else path + "/**"
            patterns.append(glob_regex(path))
        found = [
            f
            for f in self.files()
            if f != rel
            and any(p.fullmatch(f) for p in patterns)
            and self.data(f).get("draft") is not True
        ]
        sort = entry.get("sort")
        keys = sort if isinstance(sort, list) else [sort] if isinstance(sort, str) else []
        if not keys:
            found.sort(key=lambda f: str(self.data(f).get("title", "")))
        for key in reversed(keys):  # the first key last: Python's sort is stable
            name, _, order = str(key).partition(" ")
            present = [f for f in found if self.data(f).get(name) not in (None, "")]
            absent = [f for f in found if f not in present]
            present.sort(key=lambda f: str(self.data(f)[name]), reverse=order.strip() == "desc")
            found = present + absent
        most = entry.get("max-items")
        return found[:most] if isinstance(most, int) else found

    def html(self, rel: str, entry: dict[str, Any]) -> str:
        shown = entry.get("fields") or LISTING_FIELDS.get(str(entry.get("type", "default")))
        here = posixpath.dirname(rel)
        parts = []
        for item in self.items(rel, entry):
            d = self.data(item)
            href = html.escape(posixpath.relpath(item, here or "."), quote=True)
            cells = [f'<a href="{href}">{_text(d.get("title", ""))}</a>']
            for name in shown or []:
                value = d.get(name)
                if name == "title" or value in (None, ""):
                    continue
                if name in ("date", "date-modified"):
                    cells.append(f"<span>{_text(long_date(value))}</span>")
                elif name == "author":
                    authors = value if isinstance(value, list) else [value]
                    names = [
                        _name(a.get("name")) if isinstance(a, dict) else _name(a) for a in authors
                    ]
                    cells.append(f"<span>{_text(', '.join(names))}</span>")
                elif isinstance(value, list):
                    cells.append(f"<span>{_text(' '.join(str(v) for v in value))}</span>")
                elif isinstance(value, (str, int, float)):
                    cells.append(f"<span>{_text(value)}</span>")
            parts.append('<div class="quarto-listing-item">' + " ".join(cells) + "</div>")
        return "".join(parts)


def with_listings(rel: str, data: dict[str, Any], body_html: str, listings: Listings) -> str:
    """The body with each listing's items in the div of its id (else at the end)."""
    found = data.get("listing")
    entries = found if isinstance(found, list) else [found] if found else []
    for n, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"type": entry}
        elif entry is True:
            entry = {}
        if not isinstance(entry, dict):
            continue
        items = listings.html(rel, entry)
        ident = str(entry.get("id") or f"listing-{n}")
        opening = f'<div id="{html.escape(ident, quote=True)}">'
        if opening in body_html:
            body_html = body_html.replace(opening, opening + items, 1)
        else:
            body_html += f"{opening}{items}</div>"
    return body_html


def page_files(root: Path) -> list[Path]:
    """The pages Quarto renders in a site (as tests/quarto_checker.py finds them)."""
    return sorted(
        f
        for f in root.rglob("*")
        if f.suffix in (".qmd", ".md")
        and not any(p.startswith(("_", ".")) for p in f.relative_to(root).parts)
    )


def build_pages(root: Path, rels: Iterable[str] | None = None) -> dict[str, str]:
    """The visible HTML of each page (relative path -> HTML) of a Quarto site at `root`."""
    files = [root / r for r in rels] if rels is not None else page_files(root)
    pages: list[tuple[str, _Page]] = []
    for f in files:
        parsed = parse_page(f.read_bytes())
        data = parsed.data if parsed.split.format == "yaml" else {}
        pages.append((f.relative_to(root).as_posix(), _Page(data, parsed.split.body)))
    keys = [(n, k) for n, (_, p) in enumerate(pages) for k in p.texts]
    rendered = render_markdown([pages[n][1].texts[k] for n, k in keys])
    by_page: list[dict[str, str]] = [{} for _ in pages]
    for (n, k), text in zip(keys, rendered, strict=True):
        by_page[n][k] = text
    listings = Listings(root)
    for n, (rel, page) in enumerate(pages):
        if page.data.get("listing"):
            by_page[n]["(body)"] = with_listings(rel, page.data, by_page[n]["(body)"], listings)
    return {rel: page.html(by_page[n]) for n, (rel, page) in enumerate(pages)}


def shown_pages(root: Path, rels: Iterable[str] | None = None) -> dict[str, Shown]:
    """What a visitor sees of each page of the Quarto site at `root`."""
    return {rel: shown_in_html(page) for rel, page in build_pages(root, rels).items()}
