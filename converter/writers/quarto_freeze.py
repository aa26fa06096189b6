"""Quarto's freezer filled from blogdown's renderings, so an R Markdown page shows on the
first `quarto render` without R.

With `execute: freeze: auto`, Quarto reuses a page's stored execution result while the
page's source is unchanged (quarto-cli src/command/render/freeze.ts): the result lives at
`_freeze/<folder>/<stem>/execute-results/html.json` as `{"hash", "result"}`, `hash` the MD5
of the source text with LF line ends, `result` what knitr returned (the page's Markdown with
chunk outputs in place, the `<stem>_files` folder of figures). blogdown's rendering is that
Markdown already: the `.markdown` it wrote, or its `.html` as a raw HTML block. Edit the
page and Quarto runs R for it, as for any page.
"""

from __future__ import annotations

import hashlib
import json
import posixpath

from converter import formats
from converter.model import Page
from converter.pages import parse_page
from converter.plan import FileAction
from converter.writers import bodies
from converter.writers.quarto_blocks import CLASS

FACTS_OPEN = f"::: {{.{CLASS}}}\n"


def freeze_path(dest: str) -> str:
    """Where Quarto looks for the frozen result of the page written at `dest`."""
    folder, name = posixpath.split(dest)
    stem = posixpath.splitext(name)[0]
    return posixpath.join("_freeze", folder, stem, "execute-results", "html.json")


def _lead(body: str) -> str:
    """What the writer put before the source's own text: the featured image and facts."""
    at = body.find(FACTS_OPEN)
    end = body.find("\n:::\n\n", at) if at >= 0 else -1
    return body[: end + len("\n:::\n\n")] if end >= 0 else ""


def frozen(page: Page, dest: str, qmd: bytes) -> FileAction | None:
    """The freezer entry for `page`, written at `dest` as `qmd`, from its rendering; None for
    a page with no rendering Quarto can show as it is."""
    if not bodies.uses_source(page, "quarto"):
        return None
    fmt = formats.page_format(page)
    rendered = bodies.without_page_address(page.body)
    if fmt == formats.HTML:
        shown = bodies.fenced(rendered.strip("\n"), "{=html}")
    elif fmt == formats.MARKDOWN:
        shown = rendered
    else:
        return None
    text = qmd.decode("utf-8").replace("\r\n", "\n")
    body = parse_page(text.encode("utf-8")).split.body
    front = text[: len(text) - len(body)]
    stem = posixpath.splitext(posixpath.basename(dest))[0]
    figures = f"{stem}_files"
    result = {
        "engine": "knitr",
        "markdown": front + "\n" + _lead(body) + shown.lstrip("\n"),
        "supporting": [figures]
        if any(r.name.startswith(f"{figures}/") for r in page.resources)
        else [],
        "filters": [],
        "includes": {},
        "engineDependencies": {},
        "preserve": {},
        "postProcess": False,
    }
    record = {"hash": hashlib.md5(text.encode("utf-8")).hexdigest(), "result": result}
    data = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return FileAction(freeze_path(dest), data.encode("utf-8"), origin=f"{dest}:freeze")
