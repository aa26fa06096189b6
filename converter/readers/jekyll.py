"""Read a Jekyll site (academicpages conventions, or plain Jekyll with `_posts`) into the model.

The mapping table `mappings/jekyll.yaml` is read backwards: `venue` is a talk's `event` and a
publication's `publication`, `published: false` is `draft: true`. A site this tool wrote also
gets back, from each page's `hugo_academic` record and from `_hugo_academic/`, everything Jekyll
had no place for, so writing it to Hugo again gives the site it came from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

from converter import fieldmap
from converter.conventions import KEEP_DIR
from converter.conventions.jekyll import is_generated, served
from converter.errors import UsageError
from converter.frontmatter import load as load_front_matter
from converter.interfaces import ReadOptions
from converter.model import Page, Site
from converter.pages import decode
from converter.readers import target

PAGE_SUFFIXES = {".md", ".markdown", ".html"}
# what a Jekyll site has that is the engine's or ours, not the Hugo site's
OWN = (
    "_config.yml",
    "_config.yaml",
    "_data",
    "_layouts",
    "_includes",
    "_sass",
    "_site",
    "_hugo_aliases",
    ".jekyll-cache",
    ".sass-cache",
    "Gemfile",
    "Gemfile.lock",
    "vendor",
)


def find_root(path: Path) -> Path | None:
    start = path.resolve() if path.is_dir() else path.resolve().parent
    for candidate in [start, *start.parents]:
        if (candidate / "_config.yml").is_file() or (candidate / "_config.yaml").is_file():
            return candidate
    return None


def _date_from_name(page: Page, rel: str) -> None:
    """A post with no `date` is dated by its file name, as Jekyll dates it."""
    m = target.DATED.match(PurePosixPath(rel).stem)
    if m is None or "date" in page.fields or page.kind != "post":
        return
    try:
        when = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return
    fields = dict(page.fields)
    page.fields = {}
    if "title" in fields:
        page.fields["title"] = fields.pop("title")
    page.fields["date"] = when
    page.fields.update(fields)
    page.snapshot()


def _generated(path: Path) -> bool:
    """A page the writer made from others (a home page, a CV, a person page): not the Hugo
    site's, which has the pages it came from (writers/jekyll_home.py)."""
    if path.parent.name != "_pages" and "_pages" not in path.parts:
        return False
    try:
        with path.open("rb") as f:
            head = f.read(4000)
    except OSError:
        return False
    return is_generated(head.decode("utf-8", "replace"))


class JekyllReader:
    name = "jekyll"
    description = "Jekyll sites: academicpages collections (_talks, _publications...) or _posts"

    def detect(self, path: Path) -> bool:
        return find_root(path) is not None

    def read(self, path: Path, options: ReadOptions | None = None) -> Site:
        root = target.site_root(path, find_root, "a Jekyll site (no _config.yml found)")
        options = options or ReadOptions()
        table = fieldmap.load("jekyll", options.mappings)
        site = Site(root=root, reader=self.name)
        target.read_kept_config(site)
        self._read_jekyll_config(site)
        kinds: dict[str, str] = dict(table.data.get("folders") or {})

        def kind(f: target.Found) -> str:
            return kinds.get(PurePosixPath(f.rel).parts[0], "page")

        pages, taken = target.read_pages(site, self._page_files(root, kinds), table, kind, served)
        for f, page in zip(pages, site.pages, strict=True):
            if not f.record:
                _date_from_name(page, f.rel)
        site.files = self._files(root, taken | {f.rel for f in pages}, site)
        return site

    def read_page(self, path: Path) -> Page:
        root = find_root(path) or path.parent
        site = Site(root=root)
        f = target.parse(path.resolve(), root, site)
        if f is None:
            raise UsageError(str(site.problems[0]))
        table = fieldmap.load("jekyll")
        first = PurePosixPath(f.rel).parts[0]
        kinds: dict[str, str] = dict(table.data.get("folders") or {})
        return target.to_page(f, root, kinds.get(first, "page"), table, fieldmap.Context(), served)

    # -- files --------------------------------------------------------------------------------

    def _page_files(self, root: Path, kinds: dict[str, str]) -> list[Path]:
        out: list[Path] = []
        for folder in [*kinds, f"{KEEP_DIR}/content"]:
            base = root / folder
            if base.is_dir():
                out += [
                    f
                    for f in target.files_under(root, base)
                    if f.suffix in PAGE_SUFFIXES and not _generated(f)
                ]
        return out

    def _files(self, root: Path, taken: set[str], site: Site) -> list[str]:
        """What Jekyll serves as it is (not its own `_` folders) is Hugo's static files."""

        def static(rel: str) -> str | None:
            first = PurePosixPath(rel).parts[0]
            return None if first in OWN or first.startswith(("_", ".")) else f"static/{rel}"

        return target.other_files(site, taken, static)

    def _read_jekyll_config(self, site: Site) -> None:
        for name in ("_config.yml", "_config.yaml"):
            file = site.root / name
            if not file.is_file():
                continue
            data, _ = load_front_matter("yaml", decode(file.read_bytes()))
            if "title" in data:
                site.params.setdefault("title", data["title"])
            if data.get("url"):
                base = str(data["url"]).rstrip("/") + str(data.get("baseurl") or "") + "/"
                site.params.setdefault("baseURL", base)
            return
