"""Fixes for pandoc (Quarto): what Goldmark reads one way and pandoc another.

- `lone_image_inline` (pandoc, Quarto): pandoc makes an image alone in a paragraph a figure
  captioned with its alt text; Goldmark shows a plain image. A trailing `\\ ` (non-breaking
  space) keeps it inline, as the pandoc manual advises.
- `blank_line_before_headings` (pandoc, Quarto): an ATX heading may interrupt a paragraph in
  CommonMark (`text` then `<br>` then `## Methods`, as blogdown pages have it); pandoc wants a
  blank line before a heading (its `blank_before_header`) and reads the `##` line as more of
  the paragraph. A blank line goes before every heading that has none.
- `blank_line_before_fences` (pandoc, Quarto): a fence indented 1 to 3 columns may interrupt a
  paragraph in CommonMark; pandoc reads it as a code span continuing the paragraph unless it
  starts at the paragraph's container edge, so a blank line goes before it there.
- `brackets_to_dollars` (pandoc, Quarto): `\\(x\\)` and `\\[x\\]` are not pandoc math; `$x$` and
  `$$x$$` are. So are the Blackfriday-era `\\\\[x\\\\]`, which Goldmark leaves as `\\[x\\]`.
- `rule_not_yaml` (pandoc, Quarto): a `---` line after a blank line and before text opens a
  YAML metadata block to pandoc; `***` is the same thematic break with no such reading.
- `raw_svg` (pandoc, Quarto): pandoc reads the `<div>`s of an inline `<svg>` (draw.io
  exports) as its own divs and can swallow what follows; a ```` ```{=html} ```` raw block passes
  the SVG through untouched, as Goldmark did.
- `html_block_indent` (pandoc, Quarto): a CommonMark HTML block (`<p>`, `<div>`, `<table>`...)
  runs to the next blank line and Goldmark passes it through whole; pandoc reads the HTML
  element by element, and a tag line indented 4 columns after one closes is an indented code
  block to it. Such lines lose their indentation, which HTML ignores (outside `<pre>`).
- `raw_html_in_cells` (pandoc, Quarto): in a pipe table cell Goldmark passes `<li>` through
  as raw HTML; pandoc reads a block-level tag there as the end of the cell's text and drops
  the rest. A raw inline (`` `<li>`{=html} ``) gives pandoc the same tag with nothing lost.
- `tight_dollars` (pandoc, Quarto): `$ \\alpha $` is math to MathJax in Hugo, but pandoc
  wants no space inside the dollars (and then drops `\\text{}` as raw TeX); TeX-looking spans
  are trimmed, prices such as "$ 5 and $ 10" are not. For the same reason a `$` alone on a
  line, TeX lines and a `$` alone on a line become one span, and a span right before a digit
  (`$x =$70`, not closed there to pandoc) gets an empty `[]{}` after it.
- `literal_backslashes` (pandoc, Quarto): Goldmark shows `C:\\SAS` and `l (\\ell)` as written;
  pandoc reads `\\SAS` as a raw TeX command, dropped from HTML, and `\\ ` as a non-breaking
  space. Outside math, code, tags and verbatim elements such a backslash is doubled. (Run it
  after `raw_svg` and `tight_dollars`, whose output it then knows as raw HTML and math.)
"""

from __future__ import annotations

import re

from converter.body.dialects.structure import (
    DELIMITER_ROW,
    HTML_BLOCK_6,
    PROSE,
    Body,
    blank_before_fences,
    columns,
    in_quotes,
    no_fence,
    on_prose,
    unless,
)
from converter.body.dialects.tex import (
    BRACKET,
    PAREN,
    bracketed_math,
    join_dollar_lines,
    loose_dollars,
)

_LONE_IMAGE = re.compile(r"^[ \t]*!\[[^\]\n]*\]\([^)\n]*\)[ \t]*$")


@unless(lambda text: "![" not in text)
def lone_image_inline(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = []
        for i, line in enumerate(lines):
            before = lines[i - 1].strip() if i > 0 else ""
            after = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if _LONE_IMAGE.match(line) and not before and not after:
                line = line.rstrip() + "\\ "
            out.append(line)
        return out

    return on_prose(text, fix)


# an ATX heading's opening: up to 3 columns in, 1 to 6 `#`, then a blank or the line's end
_ATX_HEADING = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")
# a line that may be an ATX heading, at the top level or inside blockquotes
_ATX_HEADING_LINE = re.compile(r"^[ \t>]*#{1,6}(?:[ \t]|$)", re.MULTILINE)


@unless(lambda text: not _ATX_HEADING_LINE.search(text))
def blank_line_before_headings(text: str) -> str:
    return in_quotes(text, _blank_line_before_headings)


def _blank_line_before_headings(text: str) -> str:
    body = Body.read(text)
    out: list[str] = []
    for i, line in enumerate(body.lines):
        if (
            i > 0
            and body.kind[i - 1] == PROSE
            and body.lines[i - 1].strip()
            and _is_heading(body, i)
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _is_heading(body: Body, i: int) -> bool:
    """Whether line i is an ATX heading to CommonMark: prose outside HTML blocks and indented
    code, its `#` less than 4 columns past its container's edge."""
    line = body.lines[i]
    return (
        body.kind[i] == PROSE
        and not body.html[i]
        and not body.indented[i]
        and _ATX_HEADING.match(line) is not None
        and columns(line) - body.containers[i] < 4
    )


@unless(no_fence)
def blank_line_before_fences(text: str) -> str:
    return blank_before_fences(text, _fence_needs_blank)


def _fence_needs_blank(body: Body, i: int) -> bool:
    """Whether pandoc would read the fence at line i as a code span continuing the paragraph
    above it.

    CommonMark lets a fence indented 0 to 3 columns interrupt a paragraph; pandoc only one at
    the left edge of the paragraph's container (column 0, or the content column of the list
    item holding the paragraph): `text` then `  ```` is a code span to pandoc. A blank line
    is only added there, since inside a list it would also make the list loose. Paragraphs in
    an HTML block are left alone: a blank line would end the block, changing Goldmark's view.
    """
    base = body.paragraph_column(body.paragraph_start(i - 1))
    return base < columns(body.lines[i]) < base + 4  # 4 past the edge: text, not a fence


@unless(lambda text: "\\" not in text)
def brackets_to_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(lines)
        joined = BRACKET.sub(lambda m: "$$" + bracketed_math(m) + "$$", joined)
        joined = PAREN.sub(lambda m: "$" + bracketed_math(m).strip() + "$", joined)
        return joined.split("\n")

    return on_prose(text, fix)


@unless(lambda text: "---" not in text)
def rule_not_yaml(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = []
        for i, line in enumerate(lines):
            after_blank = i == 0 or not lines[i - 1].strip()
            if after_blank and re.fullmatch(r"[ \t]{0,3}-{3,}[ \t]*", line):
                line = line.replace("-", "*")
            out.append(line)
        return out

    return on_prose(text, fix)


@unless(lambda text: "<svg" not in text)
def raw_svg(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.lstrip().startswith("<svg") and (i == 0 or not lines[i - 1].strip()):
                j, depth = i, _svg_depth(line, 0)
                while depth > 0 and j + 1 < len(lines):  # draw.io nests <svg> in <svg>
                    j += 1
                    depth = _svg_depth(lines[j], depth)
                if depth > 0:
                    j = len(lines)  # never closed: leave it as it is
                if j < len(lines):
                    out += ["```{=html}", *lines[i : j + 1], "```"]
                    i = j + 1
                    continue
            out.append(line)
            i += 1
        return out

    return on_prose(text, fix)


_SVG_TAG = re.compile(r"<svg\b|</svg\s*>", re.IGNORECASE)


def _svg_depth(line: str, depth: int) -> int:
    """How many <svg> elements are open after `line`, `depth` being open before it."""
    for m in _SVG_TAG.finditer(line):
        depth += -1 if m.group(0).startswith("</") else 1
    return depth


_HTML_BLOCK_6_LINE = re.compile(HTML_BLOCK_6.pattern, re.IGNORECASE | re.MULTILINE)
_VERBATIM_TAG = re.compile(r"<(/?)(pre|textarea|script|style)\b", re.IGNORECASE)


@unless(lambda text: not _HTML_BLOCK_6_LINE.search(text))
def html_block_indent(text: str) -> str:
    body = Body.read(text)
    out: list[str] = []
    in_block = False
    verbatim = 0  # open <pre>-like elements, whose whitespace shows
    for i, line in enumerate(body.lines):
        if body.kind[i] != PROSE or not line.strip():
            in_block = False
            verbatim = 0
        elif not in_block and HTML_BLOCK_6.match(line):
            in_block = body.container_column(i) == 0
        if in_block and not verbatim and columns(line) >= 4 and line.lstrip().startswith("<"):
            line = line.lstrip(" \t")
        if in_block:
            for m in _VERBATIM_TAG.finditer(line):
                verbatim = max(0, verbatim + (-1 if m.group(1) else 1))
        out.append(line)
    return "\n".join(out)


# pandoc's block-level HTML tags (Text.Pandoc.Readers.HTML.TagCategories.blockHtmlTags)
_PANDOC_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "canvas",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "isindex",
        "main",
        "menu",
        "meta",
        "noframes",
        "nav",
        "ol",
        "output",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "textarea",
        "thead",
        "tfoot",
        "ul",
        "frameset",
        "li",
        "td",
        "th",
        "tr",
        "script",
        "style",
    }
)
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)\b[^<>`]*>")


@unless(lambda text: "|" not in text)
def raw_html_in_cells(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = list(lines)
        for i in range(1, len(lines)):
            if "|" not in lines[i] or not DELIMITER_ROW.match(lines[i]):
                continue
            if not lines[i - 1].strip() or "|" not in lines[i - 1]:
                continue
            rows = [i - 1]
            j = i + 1
            while j < len(lines) and lines[j].strip():
                rows.append(j)
                j += 1
            for r in rows:
                parts = re.split(r"(`+[^`]*`+)", out[r])  # code spans stay as they are
                for k in range(0, len(parts), 2):
                    parts[k] = _HTML_TAG.sub(_raw_if_block, parts[k])
                out[r] = "".join(parts)
        return out

    return on_prose(text, fix)


def _raw_if_block(m: re.Match[str]) -> str:
    return f"`{m.group(0)}`{{=html}}" if m.group(1).lower() in _PANDOC_BLOCK_TAGS else m.group(0)


@unless(lambda text: "$" not in text)
def tight_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [loose_dollars(line, _tight) for line in join_dollar_lines(lines)]

    return on_prose(text, fix)


def _tight(m: re.Match[str]) -> str:
    """A TeX-looking `$ x $` as `$x$`; and before a digit (`$x =$70`, which pandoc would not
    close there) an empty span `[]{}` between the two."""
    math = m.group("math").strip()
    if not math:
        return m.group(0)
    after = m.string[m.end() : m.end() + 1]
    closed = not math.endswith("\\")  # `\$` is a dollar sign inside the formula, not its end
    return "$" + math + "$" + ("[]{}" if closed and after.isdigit() else "")


@unless(lambda text: "\\" not in text)
def literal_backslashes(text: str) -> str:
    body = Body.read(text)
    out: list[str] = []
    run: list[str] = []  # prose lines, handled together (a code span may cross lines)

    def flush() -> None:
        if run:
            out.extend(_double_backslashes("\n".join(run)).split("\n"))
            run.clear()

    for i, line in enumerate(body.lines):
        if body.kind[i] != PROSE or body.indented[i]:
            flush()
            out.append(line)
        else:
            run.append(line)
    flush()
    return "\n".join(out)


# Left as written: what pandoc reads literally (HTML comments, verbatim elements, code spans,
# shortcodes, tags, link destinations), `\\` (already an escaped backslash), and whatever
# MathJax takes for math (any `$` pair in a paragraph, `\(..\)`, `\[..\]`, `\begin{env}..\end{env}`)
# even where pandoc does not: doubling a backslash there would print TeX that Hugo typeset.
_VERBATIM = re.compile(
    r"<!--.*?-->"
    r"|<(pre|code|script|style|textarea)\b.*?</\1\s*>"
    r"|(`+).*?(?<!`)\2(?!`)"
    r"|\$\$.+?\$\$"
    r"|(?<!\\)\$(?:\\\$|[^$\n]|\n(?![ \t]*\n))+?(?<!\\)\$"
    r"|\\\(.*?\\\)|\\\[.*?\\\]"
    r"|\\begin\{(\w+\*?)\}.*?\\end\{\3\}"
    r"|\{\{<.*?>\}\}"
    r"|<[A-Za-z/!][^<>]*>"
    r"|\]\([^)\s]*"
    r"|\\\\",
    re.DOTALL | re.IGNORECASE,
)


def _double_backslashes(text: str) -> str:
    r"""`\` before a letter or a space doubled where pandoc would not show it as written. (Not
    before a space that ends the line: that is `lone_image_inline`'s non-breaking space.)"""
    out: list[str] = []
    start = 0
    for m in _VERBATIM.finditer(text):
        out.append(_LONE_BACKSLASH.sub(r"\\\\", text[start : m.start()]))
        out.append(m.group(0))
        start = m.end()
    out.append(_LONE_BACKSLASH.sub(r"\\\\", text[start:]))
    return "".join(out)


_LONE_BACKSLASH = re.compile(r"\\(?=[A-Za-z]|[ \t]+\S)")
