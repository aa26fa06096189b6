"""MkDocs (Material, blog plugin) conventions, as the MkDocs writer writes and the MkDocs
reader reads them."""

from __future__ import annotations

import posixpath

DOCS = "docs/"
POSTS = "docs/blog/posts/"
BLOG_INDEX = "docs/blog/index.md"
AUTHORS_FILE = "docs/blog/.authors.yml"
MATHJAX = "docs/assets/academic-migrate/mathjax.js"
STYLE = "docs/assets/academic-migrate/academic-migrate.css"  # the header's subtitle
AVATARS = "docs/assets/academic-migrate/avatars/"  # profile pictures the home pages show
OWN_FILES = ("mkdocs.yml", AUTHORS_FILE, MATHJAX, STYLE)  # what the reader must not take for Hugo's


def served_file(dest: str) -> str | None:
    """The address MkDocs serves a file (not a page) written at `dest`: the blog plugin
    serves a post's files from its folder without `posts/`."""
    if dest.startswith(POSTS):
        return "/blog/" + dest[len(POSTS) :]
    if dest.startswith(DOCS):
        return "/" + dest[len(DOCS) :]
    return None


def served(dest: str) -> str | None:
    """The address MkDocs serves a file written at `dest` (None: not published)."""
    if not dest.startswith(DOCS):
        return None
    rel = dest[len(DOCS) :]
    if rel.endswith(".md"):
        if dest.startswith(POSTS):  # post_url_format: "{file}"
            return f"/blog/{posixpath.splitext(posixpath.basename(rel))[0]}/"
        stem = rel[: -len(".md")]
        if stem == "index":
            return "/"
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        return f"/{stem}/"
    if dest.startswith(POSTS):  # the blog plugin moves a post's media from posts/ to blog/
        return "/blog/" + dest[len(POSTS) :]
    return "/" + rel
