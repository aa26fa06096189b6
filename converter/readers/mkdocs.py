"""Read an MkDocs project (Material, blog plugin) into the model.

`mappings/mkdocs.yaml` is read backwards (`description` is `summary`, a post's
`date.created`/`date.updated` are `date`/`lastmod`). A project this tool wrote also gets back,
from each page's `hugo_academic` record and from `_hugo_academic/`, everything MkDocs had no
place for; the pages and files the writer generated (listings, `mkdocs.yml`, `.authors.yml`)
are skipped, since Hugo generated those itself.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from converter import fieldmap
from converter.conventions import KEEP_DIR
from converter.conventions.mkdocs import AVATARS, OWN_FILES
from converter.errors import UsageError
from converter.interfaces import ReadOptions
from converter.model import Page, Site
from converter.pages import decode
from converter.readers import target

CONFIG = "mkdocs.yml"
PAGE_SUFFIXES = {".md", ".markdown"}
POSTS = "blog/posts/"  # under docs_dir


def find_root(path: Path) -> Path | None:
    """The folder holding mkdocs.yml: `path` itself, or the folder above a page inside it."""
    start = path.resolve() if path.is_dir() else path.resolve().parent
    for candidate in [start, *start.parents]:
        if (candidate / CONFIG).is_file():
            return candidate
    return None


def docs_dir(root: Path) -> str:
    """mkdocs.yml's docs_dir (default docs), read as a line: the file has Python tags that a
    plain YAML load rejects."""
    text = decode((root / CONFIG).read_bytes())
    m = re.search(r"^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", text, re.MULTILINE)
    return m.group(1).strip().strip("/") if m else "docs"


class MkDocsReader:
    name = "mkdocs"
    description = "MkDocs projects (mkdocs.yml; Material's blog posts under docs/blog/posts)"

    def detect(self, path: Path) -> bool:
        return find_root(path) is not None

    def read(self, path: Path, options: ReadOptions | None = None) -> Site:
        root = target.site_root(path, find_root, "an MkDocs project (no mkdocs.yml found)")
        options = options or ReadOptions()
        table = fieldmap.load("mkdocs", options.mappings)
        docs = docs_dir(root)
        site = Site(root=root, reader=self.name)
        target.read_kept_config(site)
        self._read_mkdocs_config(site)
        folders: dict[str, str] = dict(table.data.get("folders") or {})

        def kind(f: target.Found) -> str:
            rel = f.rel[len(docs) + 1 :] if f.rel.startswith(f"{docs}/") else f.rel
            if rel.startswith(POSTS):
                return "post"
            return folders.get(PurePosixPath(rel).parts[0], "page")

        pages, taken = target.read_pages(site, self._page_files(root, docs), table, kind)
        site.files = self._files(root, docs, taken | {f.rel for f in pages}, site)
        return site

    def read_page(self, path: Path) -> Page:
        root = find_root(path) or path.parent
        site = Site(root=root)
        f = target.parse(path.resolve(), root, site)
        if f is None:
            raise UsageError(str(site.problems[0]))
        table = fieldmap.load("mkdocs")
        kind = "post" if f"/{POSTS}" in f"/{f.rel}" else "page"
        return target.to_page(f, root, kind, table, fieldmap.Context())

    # -- files --------------------------------------------------------------------------------

    def _page_files(self, root: Path, docs: str) -> list[Path]:
        out: list[Path] = []
        for folder in (docs, f"{KEEP_DIR}/content"):
            base = root / folder
            if base.is_dir():
                out += [f for f in target.files_under(root, base) if f.suffix in PAGE_SUFFIXES]
        return out

    def _files(self, root: Path, docs: str, taken: set[str], site: Site) -> list[str]:
        """What MkDocs copies as it is (under docs/) is Hugo's static files."""
        own = {f"{docs}/{o[len('docs/') :]}" if o.startswith("docs/") else o for o in OWN_FILES}
        avatars = f"{docs}/{AVATARS[len('docs/') :]}"  # the writer's copies of profile pictures

        def static(rel: str) -> str | None:
            if rel in own or not rel.startswith(f"{docs}/") or rel.startswith(avatars):
                return None
            return f"static/{rel[len(docs) + 1 :]}"

        return target.other_files(site, taken, static)

    def _read_mkdocs_config(self, site: Site) -> None:
        text = decode((site.root / CONFIG).read_bytes())
        for key, param in (("site_name", "title"), ("site_url", "baseURL")):
            m = re.search(rf"^{key}:\s*(.+?)\s*$", text, re.MULTILINE)
            if m:
                site.params.setdefault(param, m.group(1).strip("'\""))
