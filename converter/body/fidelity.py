"""Did a body survive? Visible text and structure of a source body against its rendering.

For tests and reports: pandoc parses the source as CommonMark with Goldmark's extensions and
the target as the target's engine reads it (pandoc's own `markdown` for Quarto, HTML from
Python-Markdown for MkDocs, HTML from a real build otherwise), and we compare what a reader
sees: every word, headings, list depth, links, images, code blocks, tables and math.

pandoc is called for many bodies at once (about 30 ms a call, a few ms a page in a batch):
bodies are joined with marker comments and the parsed document split at them again.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pypandoc

from converter.body.shortcodes import Code, Escaped, Shortcode, Text, parse

_MARK = "am-split-{}"


@dataclass
class Structure:
    words: Counter[str] = field(default_factory=Counter)
    headings: list[tuple[int, str]] = field(default_factory=list)
    list_depth: int = 0
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    tables: int = 0
    math: list[str] = field(default_factory=list)
    error: str | None = None  # pandoc could not read it at all
    tex: set[str] = field(default_factory=set)  # \commands in the text: math, not prose


def visible_source(body: str, passthrough: bool = True) -> str:
    """A Hugo body as its reader sees it: calls replaced by their inner text, escaped calls
    printed, code as it is. (What a shortcode renders to is the target's business.) Without
    `passthrough`, formulas are what MathJax got after Goldmark read their escapes."""
    from converter.body.dialects import brackets_to_dollars, goldmark_math, tight_dollars

    codes: list[str] = []

    def text(nodes: list[object], raw_math: bool = passthrough) -> str:
        out = []
        for n in nodes:
            if isinstance(n, Shortcode):
                shown = n.children if n.name not in _UNSEEN else None
                out.append(text(shown, raw_math or n.name == "math") if shown else "")
            elif isinstance(n, Escaped):
                out.append(n.printed)
            elif isinstance(n, Code):  # set aside: the rewrites below are about prose
                codes.append(_ESCAPED_IN_CODE.sub(r"{{\1\2\3}}", n.text))
                out.append(_CODE_SLOT.format(len(codes) - 1))
            elif isinstance(n, Text):  # as the writers read it: node by node
                out.append(n.text if raw_math else _no_breaks(goldmark_math(n.text)))
        return "".join(out)

    # a GitHub alert's [!NOTE] marker is the callout's chrome in Hugo, not text; \( \) and
    # \[ \] are math to Hugo Blox (Goldmark passthrough), as $ and $$ are to pandoc
    # (and `$ x $` is math to MathJax, whatever pandoc thinks of the spaces)

    seen = _ALERT_MARK.sub(r"\1", text(parse(body).nodes))
    seen = _without_svg(seen)  # a drawing, not prose (CommonMark splits it into junk text)
    seen = _STYLE.sub("", seen)
    seen = tight_dollars(brackets_to_dollars(seen))
    return re.sub(_CODE_SLOT.format(r"(\d+)"), lambda m: codes[int(m.group(1))], seen)


_DISPLAY = re.compile(r"\$\$.+?\$\$", re.DOTALL)


def _no_breaks(text: str) -> str:
    """A formula line ending in one backslash (`y=1 \\` read by Goldmark) is a control space
    to MathJax, but a hard line break to pandoc's CommonMark reader, which then ends the
    formula there: give pandoc the space MathJax reads."""
    return _DISPLAY.sub(lambda m: re.sub(r"(?<!\\)\\\n", "\\ \n", m.group(0)), text)


# calls whose inner text the page does not show: slides keep speaker notes for the speaker view
_UNSEEN = {"speaker_note"}

_CODE_SLOT = "\ue000{}\ue001"  # private-use characters: no page has them

# Hugo runs shortcodes in code too, so it prints `{{</* x */>}}` there as `{{< x >}}`
_ESCAPED_IN_CODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)

# A style sheet is not prose. Jupyter exports put a `<style scoped>` with blank lines in a
# `<div>`: CommonMark ends that HTML block at the first blank line, so Goldmark shows the rest
# of the CSS as an indented code block, while pandoc (Quarto) keeps the element whole, as its
# author meant. That accident of Hugo's is not something the target should reproduce.
_STYLE = re.compile(r"<style\b.*?</style\s*>", re.DOTALL | re.IGNORECASE)


_SVG_TAG = re.compile(r"<svg\b|</svg\s*>", re.IGNORECASE)


def _without_svg(text: str) -> str:
    """`text` without its outermost <svg> elements. Balanced, not the shortest match: draw.io
    exports nest an <svg> per formula inside the drawing's own, and a lazy `<svg.*?</svg>`
    stopped at the first inner end, counting the rest of the drawing as prose."""
    out: list[str] = []
    depth, start = 0, 0
    for m in _SVG_TAG.finditer(text):
        if not m.group(0).startswith("</"):
            if depth == 0:
                out.append(text[start : m.start()])
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                start = m.end()
    out.append(text[start:] if depth == 0 else "")
    return "".join(out)


_ALERT_MARK = re.compile(r"^([ \t]*>[ \t]*)\[![A-Za-z]+\][+-]?", re.MULTILINE)


_CELL = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))\{([\w-]+)\}", re.MULTILINE)


def structures(bodies: list[str], reader: str) -> list[Structure]:
    """The structure of each body, read by pandoc's `reader` (commonmark_x, markdown, html),
    or `quarto`: pandoc's markdown after what Quarto's engine does first (```{mermaid} cells)."""
    if not bodies:
        return []
    if reader == "quarto":
        bodies = [_CELL.sub(r"\1\2", b) for b in bodies]
    elif reader.startswith("html"):
        bodies = [_math_before_digits(_NOTE_ROLE.sub("", b)) for b in bodies]
    # footnote and link-reference labels are global in pandoc: [^1] of one page would find
    # another page's definition in a batch, so pages that define any are read alone
    alone = {i for i, b in enumerate(bodies) if _DEFINITION.search(b)}
    batched = [i for i in range(len(bodies)) if i not in alone]
    results: dict[int, Structure] = {i: _one(bodies[i], reader) for i in alone}
    results.update(zip(batched, _batch([bodies[i] for i in batched], reader), strict=True))
    for i, body in enumerate(bodies):
        tex = {w.lower() for w in re.findall(r"\\([A-Za-z]+)", body)}
        for span in re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$", body, flags=re.DOTALL):
            # read as math by one parser, as text by another (Blackfriday-era `\_` escapes too)
            tex.update(_words(span.replace("\\_", "_").replace("\\*", "*")))
        results[i].tex = tex
    return [results[i] for i in range(len(bodies))]


def _math_before_digits(html: str) -> str:
    """`\\(x =\\)70` with a space before the digit: MathJax typesets it, pandoc's reader takes
    no `\\)` right before a digit as the end of math (its rule for `$`), and reads text."""
    parts = re.split(r"(<(pre|code)\b.*?</\2>)", html, flags=re.DOTALL | re.IGNORECASE)
    parts[::3] = [re.sub(r"\\\)(?=\d)", r"\\) ", part) for part in parts[::3]]
    return "".join(part for i, part in enumerate(parts) if i % 3 != 2)


# pandoc's HTML reader drops a footnote list marked `role="doc-endnotes"` whose note ids it does
# not pair with the references (kramdown's `fn:1`), though a browser shows it: read it as a list
_NOTE_ROLE = re.compile(r'\srole="doc-(?:endnotes|endnote|noteref|backlink)"')

_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:", re.MULTILINE)


def _batch(bodies: list[str], reader: str) -> list[Structure]:
    if not bodies:
        return []
    joined = join_batch(bodies)
    try:
        parts = split_batch(_ast(joined, reader), len(bodies))
    except RuntimeError:
        parts = None
    if parts is None:  # a body swallowed a marker, or pandoc failed: one call each
        return [_one(b, reader) for b in bodies]
    return [_structure(p) for p in parts]


def _one(body: str, reader: str) -> Structure:
    try:
        return _structure(_ast(body, reader))
    except RuntimeError as e:
        return Structure(error=str(e).strip().splitlines()[-1][:300])


def _ast(text: str, reader: str) -> list[Any]:
    fmt = "markdown" if reader == "quarto" else reader
    if fmt == "commonmark_x":
        # Goldmark makes no link of `[A heading]`; and in a batch, pandoc would find the
        # heading on another page
        fmt += "-implicit_header_references"
    out = pypandoc.convert_text(text, "json", format=fmt, extra_args=["--sandbox"])
    blocks = list(json.loads(out)["blocks"])
    if reader == "quarto":
        _quarto_escapes(blocks)
    return blocks


_QUARTO_CALL = re.compile(r"(\{\{\{*<)(.*?)(>\}\}\}*)", re.DOTALL)


def _quarto_escapes(node: Any) -> None:
    """What Quarto's shortcode pass shows of code: `{{{< x >}}}` printed as `{{< x >}}`.

    Quarto reads shortcodes in code blocks, code spans and raw blocks too (its filter
    quarto-pre/shortcodes.lua, `transformShortcodeCode`), and prints an escaped call there
    with one brace less each side, unless the block says `shortcodes="false"`; pandoc alone
    would show the braces the writer added to keep the call from running."""
    if isinstance(node, list):
        for n in node:
            _quarto_escapes(n)
        return
    if not isinstance(node, dict):
        return
    t = node.get("t")
    c: Any = node.get("c")
    if t in ("CodeBlock", "Code", "RawBlock", "RawInline"):
        keyed = dict(c[0][2]) if t in ("CodeBlock", "Code") else {}
        if keyed.get("shortcodes") != "false":
            c[1] = _QUARTO_CALL.sub(_unescape_call, c[1])
    elif isinstance(c, (list, dict)):
        _quarto_escapes(c)


def _unescape_call(m: re.Match[str]) -> str:
    begin, code, end = m.groups()
    if len(begin) > 3 or len(end) > 3:
        return begin[1:] + code + end[:-1]
    return m.group(0)  # a call Quarto runs (or leaves, when it has no such shortcode)


def join_batch(bodies: list[str]) -> str:
    """Bodies as one document for one pandoc call, with a marker comment between them."""
    return "".join(
        (f"\n\n<!-- {_MARK.format(i)} -->\n\n" if i else "") + body for i, body in enumerate(bodies)
    )


def split_batch(blocks: list[Any], n: int) -> list[list[Any]] | None:
    """The blocks of a `join_batch` document, body by body; None if a body swallowed a
    marker (an open HTML block, a fence left open), when each must be read alone."""
    parts: list[list[Any]] = [[]]
    for block in blocks:
        if block.get("t") == "RawBlock" and _MARK.format(len(parts)) in block["c"][1]:
            parts.append([])
        else:
            parts[-1].append(block)
    return parts if len(parts) == n else None


def _structure(blocks: Iterable[Any]) -> Structure:
    s = Structure()

    def inline_text(inlines: list[Any]) -> str:
        words: list[str] = []
        for i in inlines:
            t = i.get("t")
            if t == "Str":
                words.append(i["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                words.append(" ")
            elif t in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps"):
                words.append(inline_text(i["c"]))
            elif t in ("Superscript", "Subscript"):  # a footnote mark is not part of a word
                words.append(" " + inline_text(i["c"]) + " ")
            elif t in ("Link", "Image", "Span", "Quoted", "Cite"):
                words.append(inline_text(i["c"][1]))
            elif t == "Code":
                words.append(i["c"][1])
        return "".join(words)

    def walk(node: Any, depth: int) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n, depth)
            return
        if not isinstance(node, dict):
            return
        t = node.get("t")
        c: Any = node.get("c")
        if t == "Str":
            s.words.update(_words(c))
        elif t == "Code":
            s.words.update(_words(c[1]))
        elif t == "Header":
            s.headings.append((c[0], " ".join(inline_text(c[2]).split())))  # pandoc's nbsp
            walk(c[2], depth)
        elif t in ("BulletList", "OrderedList"):
            s.list_depth = max(s.list_depth, depth + 1)
            items = c if t == "BulletList" else c[1]
            for item in items:
                walk(item, depth + 1)
        elif t == "Link":
            s.links.append(c[2][0])
            walk(c[1], depth)
        elif t == "Image":
            s.images.append(c[2][0])
            walk(c[1], depth)
        elif t == "CodeBlock":
            s.code.append(_code_block(c[1]))
            s.words.update(_words(c[1]))
        elif t == "Table":
            s.tables += 1
            walk(c, depth)
        elif t == "Div":  # a callout's title travels as an attribute
            for key, value in c[0][2]:
                if key == "title":
                    s.words.update(_words(value))
            walk(c[1], depth)
        elif t == "Math":
            # spacing, and GFM's `\|` escape in table cells, do not change the formula
            # (and `\vert` is `|`: what kramdown needs inside inline math); `\displaystyle`
            # sets inline math as display math is set, all an inline-only parser can do
            math = " ".join(_VERT.sub("|", c[1].replace("\\|", "|")).split())
            math = math.removeprefix("\\displaystyle ")
            s.math.append(re.sub(r" ?\| ?", "|", math))
        elif t == "RawInline" or t == "RawBlock":
            if c[0] == "html" and not c[1].lstrip().startswith("<!--"):
                # text Goldmark swallowed into an HTML block; TeX in it is math, not prose
                prose = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", c[1], flags=re.DOTALL)
                prose = re.sub(r"<(style|script)\b.*?</\1>", " ", prose, flags=re.DOTALL | re.I)
                # what a browser shows: `&nbsp;` is a space and `&lt;` a `<`, not words
                s.words.update(_words(html.unescape(re.sub(r"<[^>]*>", " ", prose))))
        elif isinstance(c, (list, dict)):
            walk(c, depth)

    walk(list(blocks), 0)
    return s


_VERT = re.compile(r"\\vert(?![A-Za-z])\s*")


def _code_block(code: str) -> str:
    """A code block as compared: its lines, with blanks inside a line as one space, and
    indentation as nesting levels. Tab widths differ (kramdown expands a tab to the next
    4-column stop, Goldmark keeps it and the browser shows 8, pandoc expands what is left of
    a tab a list item's indentation cut into), and so does the indentation of a fence inside
    a list; which lines are deeper than which does not. pandoc's HTML reader also drops the
    first line's indentation (`<code>\t{`), so that line's is not compared."""
    lines = code.strip("\n").split("\n")
    widths = [len(ln.expandtabs(4)) - len(ln.expandtabs(4).lstrip()) for ln in lines]
    shown = {w for line, w in zip(lines[1:], widths[1:], strict=True) if line.strip()}
    levels = {w: i for i, w in enumerate(sorted(shown))}
    out = []
    for n, (line, width) in enumerate(zip(lines, widths, strict=True)):
        text = re.sub(r"[ \t]+", " ", line.strip())
        out.append(("  " * levels[width] if n and text else "") + text)
    return "\n".join(out).strip("\n")


def _words(text: str) -> list[str]:
    """Words, compared in NFC: `ü` and `u` + combining diaeresis are the same word."""
    return [w for w in re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()) if w]


@dataclass
class Comparison:
    lost_words: Counter[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.lost_words and not self.notes


def compare(source: Structure, target: Structure) -> Comparison:
    """What a reader of the target misses: words, headings, depth, links, images, code, math."""
    lost = Counter(
        {
            w: n
            for w, n in (source.words - target.words).items()
            if w not in source.tex and len(w) > 1 and not w.isdigit()  # TeX read as text
        }
    )
    notes = [f"the target could not be read: {target.error}"] if target.error else []
    # a heading is kept when the target has one of that level holding all its words
    target_heads = [(lvl, set(_words(t))) for lvl, t in target.headings]
    missing_headings = [
        h
        for h in source.headings
        if not any(lvl == h[0] and set(_words(h[1])) <= words for lvl, words in target_heads)
    ]
    if missing_headings:
        notes.append(f"headings lost or changed: {missing_headings[:5]}")
    if target.list_depth < source.list_depth:
        notes.append(f"lists nest {target.list_depth} deep, not {source.list_depth}")
    for label, a, b in (
        ("code blocks", source.code, target.code),
        ("math", source.math, target.math),
    ):
        lost_items = [x for x in a if x not in b]
        if lost_items:
            notes.append(f"{label} lost or changed: {len(lost_items)} of {len(a)}")
    if target.tables < source.tables:
        notes.append(f"tables: {target.tables} of {source.tables}")
    if len(target.links) < len(source.links):
        notes.append(f"links: {len(target.links)} of {len(source.links)}")
    if len(target.images) < len(source.images):
        notes.append(f"images: {len(target.images)} of {len(source.images)}")
    return Comparison(lost, notes)


def check_bodies(
    bodies: list[str], rendered: list[str], target_reader: str, passthrough: bool = True
) -> list[Comparison]:
    """Compare each source body with its rendering, read as `target_reader` reads it."""
    sources = structures([visible_source(b, passthrough) for b in bodies], "commonmark_x")
    targets = structures(rendered, target_reader)
    return [compare(a, b) for a, b in zip(sources, targets, strict=True)]
