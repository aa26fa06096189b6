"""Quarto's conventions, as the Quarto writer writes and the Quarto reader reads them."""

from __future__ import annotations

import posixpath
import re

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


_CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_DIV_FENCE = re.compile(r"^ {0,3}:{3,}")


def fenced_div_blank_lines(text: str) -> str:
    """A blank line before and after every `:::` fence outside code: pandoc (so Quarto) reads
    a fenced Div only when it is set off from the paragraph or math block next to it, and
    would print the colons of a callout written right after a `$$` line."""
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _CODE_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and _DIV_FENCE.match(line):
            if out and out[-1].strip() and not _DIV_FENCE.match(out[-1]):
                out.append("")
            out.append(line)
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt.strip() and not _DIV_FENCE.match(nxt):
                out.append("")
            continue
        out.append(line)
    return "\n".join(out)
