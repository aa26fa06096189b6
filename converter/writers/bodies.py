"""Bodies other than Markdown in the targets, and a page's second body (its R Markdown source).

Which body a target gets (issue 21): Jekyll and MkDocs cannot run R, so they get what blogdown
rendered (HTML passed through as one raw block, Markdown as any page's), and the R Markdown
source is kept, byte for byte, under `_hugo_academic/` beside the Hugo files. Quarto runs R:
it gets the source as the page (chunks in Quarto's form) and keeps the rendered file there
instead. A body of a format the target cannot render (Org, AsciiDoc, reST, pandoc; R Markdown
never rendered, outside Quarto) is shown as its source, in a code block, with a warning.
Either way the keep record says where the kept file went, and the reader restores both.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass

from converter import formats
from converter.body import rmarkdown
from converter.model import Page, Site
from converter.plan import FileAction, PageReport, Plan

KEEP_DIR = "_hugo_academic"  # as writers/target.py: engines publish no `_` folder
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)


@dataclass
class Source:
    """The body a target writes a page from: its text and format, and from which file."""

    text: str
    format: str
    name: str  # the file it is the body of (index.html, index.Rmd)


def uses_source(page: Page, target: str) -> bool:
    """Whether `target` writes `page` from its R Markdown source rather than its rendering."""
    return page.alternate is not None and formats.renders(target, formats.RMARKDOWN)


def body_source(page: Page, target: str) -> Source:
    name = posixpath.basename(page.path)
    if page.alternate is not None and uses_source(page, target):
        return Source(page.alternate.body, formats.RMARKDOWN, page.alternate.name)
    return Source(page.body, formats.page_format(page), name)


def kept_path(page: Page, name: str) -> str:
    """Where a page's other body waits in a target: beside its Hugo path, under ours."""
    return posixpath.join(KEEP_DIR, "content", posixpath.dirname(page.path), name)


def keep_other_body(
    page: Page, target: str, plan: Plan, report: PageReport, rendered: bytes
) -> dict[str, object]:
    """The file of the body the target does not write, kept under `_hugo_academic/`, and the
    keep record's entry naming it. `rendered` is the page's own file as Hugo has it."""
    alt = page.alternate
    if alt is None:
        return {}
    source = page.source.path if page.source else page.path
    if uses_source(page, target):  # the page is the source: keep the rendering
        name = posixpath.basename(page.path)
        at = kept_path(page, name)
        plan.actions.append(FileAction(at, rendered, origin=source))
        report.outputs.append(at)
        report.kept.append(f"{name} (the rendering; the page is its source {alt.name}) at {at}")
        # the head line by line: pandoc ends a metadata block at any `---` line, indented
        # or not, so the text must not appear as a block scalar inside the front matter
        head = alt.head.split("\n")
        return {"rendered": at, "alternate": {"name": alt.name, "head": head}}
    at = kept_path(page, alt.name)
    plan.actions.append(FileAction(at, alt.data(), origin=f"{source}:{alt.name}"))
    report.outputs.append(at)
    report.kept.append(f"{alt.name} (the R Markdown source of this rendering) at {at}")
    return {"alternate": {"name": alt.name, "at": at}}


def without_page_address(text: str) -> str:
    """`text` without the calls that print the page's own address (blogdown's postref): the
    relative name that follows is the bundle file's, which the target keeps beside the page
    or links where it moved it."""
    names = formats.table().get("page_address_shortcodes") or []
    if not names or "{{" not in text:
        return text
    alternatives = "|".join(re.escape(str(n)) for n in names)
    return re.sub(r"\{\{[<%]\s*(?:" + alternatives + r")\s*[>%]\}\}", "", text)


def as_markdown(source: Source, target: str, report: PageReport) -> str:
    """A body that is not HTML as Markdown the target renders: R Markdown chunks in Quarto's
    form (Quarto) or as code (elsewhere), a format the target cannot render as its source."""
    if source.format == formats.MARKDOWN:
        return without_page_address(source.text)
    if source.format == formats.RMARKDOWN:
        if formats.renders(target, formats.RMARKDOWN):
            return without_page_address(rmarkdown.to_quarto(source.text).text)
        converted = rmarkdown.to_code(source.text)
        report.warnings += converted.warnings
        return converted.text
    if formats.renders(target, source.format):
        return source.text
    report.warnings.append(
        f"{source.name}: {target} cannot render a body in {formats.label(source.format)}: "
        "shown as its source in a code block (convert it to Markdown to have it rendered)"
    )
    return fenced(source.text, formats.fence(source.format))


def fenced(text: str, lang: str) -> str:
    """`text` in a code block whose fence no line of it closes."""
    longest = max((len(m.group(1)) for m in _FENCE.finditer(text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text.rstrip(chr(10))}\n{fence}\n"


def site_notes(site: Site, target: str) -> list[str]:
    """What the report says once for the site: how many R Markdown pages, which body the
    target used, and (Quarto) the R packages their chunks load."""
    pages = [p for p in site.pages if p.alternate or formats.page_format(p) == formats.RMARKDOWN]
    if not pages:
        return []
    paired = [p for p in pages if p.alternate]
    alone = len(pages) - len(paired)
    if formats.renders(target, formats.RMARKDOWN) and target.startswith("hugo"):
        used = "both files kept as they are"
    elif formats.renders(target, formats.RMARKDOWN):
        used = (
            "the R Markdown source is the page (chunks run on `quarto render`, "
            "`execute: freeze: auto` in _quarto.yml); the rendered files are kept under "
            f"{KEEP_DIR}/"
        )
    else:
        used = f"the rendered output is the page; the sources are kept under {KEEP_DIR}/" + (
            f"; {alone} never rendered are shown as code, outputs missing" if alone else ""
        )
    notes = [f"R Markdown: {len(pages)} page(s) ({len(paired)} with a rendered file): {used}"]
    if target == "quarto":
        found: dict[str, None] = {}
        for p in pages:
            for name in rmarkdown.packages(p.alternate.body if p.alternate else p.body):
                found.setdefault(name, None)
        if found:
            notes.append(
                "R packages the R Markdown chunks load (install them before `quarto render`): "
                + ", ".join(found)
            )
    return notes


def has_rmarkdown(site: Site) -> bool:
    return any(p.alternate or formats.page_format(p) == formats.RMARKDOWN for p in site.pages)


def markdown_page(page: Page, text: str) -> Page:
    """`page` with `text` (Markdown: an abstract, a block) as its only body, for rendering a
    piece of it as a page body is rendered."""
    stem, _ = posixpath.splitext(page.path)
    return dataclasses.replace(page, body=text, alternate=None, path=f"{stem}.md")


def quarto_keys(page: Page) -> dict[str, object]:
    """What a page Quarto runs as R Markdown needs at the top of its front matter: `format`
    from rmarkdown's `output`, and what knitr and pandoc read alike (bibliography, csl,
    params). The fields themselves stay in the keep record, as every Hugo field does."""
    if not (uses_source(page, "quarto") or formats.page_format(page) == formats.RMARKDOWN):
        return {}
    fields = page.alternate.fields if page.alternate else page.fields
    out: dict[str, object] = {}
    fmt, _ = rmarkdown.quarto_format(fields.get("output"))
    if fmt is not None:
        out["format"] = fmt
    for key in rmarkdown.table()["kept_fields"]:
        if key in fields:
            out[key] = fields[key]
    return out
