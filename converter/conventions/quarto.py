"""Quarto's conventions, as the Quarto writer writes and the Quarto reader reads them."""

from __future__ import annotations

import posixpath

# files Quarto renders as pages (a bundle file with one of these suffixes would become one)
RENDERED = {".qmd", ".md", ".markdown", ".ipynb", ".rmd"}
# what a Quarto project has that is the engine's own, not the Hugo site's
OWN = ("_quarto.yml", "_quarto.yaml", "_site", "_freeze", "_extensions", "_metadata.yml")


def served_url(dest: str) -> str:
    """The address Quarto serves a page written at `dest`: `x/index.qmd` -> `/x/`."""
    stem = posixpath.splitext(dest)[0]
    if stem == "index":
        return "/"
    if stem.endswith("/index"):
        return "/" + stem[: -len("index")]
    return f"/{stem}.html"
