"""Fixes for Python-Markdown with pymdownx (MkDocs Material): what Goldmark reads one way
and Python-Markdown another.

- `raw_fences` (Python-Markdown, MkDocs): a fence inside an HTML block (a `<div><pre>` that
  shows Markdown source) is raw text to Goldmark; pymdownx.superfences finds fences anywhere
  and drops its fence lines. Their backticks are written as `&#96;`. (Applied by the
  renderer only to code that starts inside an HTML block.)
- `four_space_lists` (Python-Markdown): nested list items and their content need 4 spaces per
  level; CommonMark nests at the parent's content column (often 2 or 3). And an item right
  after a fenced block gets a blank line: superfences leaves a paragraph where the block was,
  and Python-Markdown would read the item as more of that paragraph; so does an item after
  a blank line inside the list (a loose item). `1)` becomes `1.`, the only delimiter it knows,
  and where CommonMark starts another list (`-` then `*`, `1.` then `1)`), an HTML comment
  keeps Python-Markdown from going on with the first.
- `display_math_blocks` (Python-Markdown, MkDocs): MathJax in Hugo typesets `$$...$$` wherever
  it stands; pymdownx.arithmatex only a `$$` block set apart by blank lines (and no inline
  `$$`), so a formula right under a line of text stayed raw dollars. Blank lines go around it.
- `markdown_in_html_blocks` (Python-Markdown, MkDocs): `<div>` on a line of its own, then a
  blank line: CommonMark's HTML block ends there, and what follows (up to `</div>`) is read
  as Markdown (Hugo Blox slides lay out columns so). Python-Markdown reads the whole element
  as raw HTML unless its tag says `markdown="1"` (md_in_html), which it then gets.
- `math_blocks_at_margin` (Python-Markdown, MkDocs): arithmatex takes a `$$` block only
  when it starts at its container's margin; a block indented 2 columns more inside a list
  item (text lines Goldmark would have joined to the item's paragraph) stayed raw dollars.
  Its lines lose the columns past the last list level. (Run it after `four_space_lists`.)
- `arithmatex_dollars` (Python-Markdown, MkDocs): MathJax in Hugo reads `$ x $` as math;
  arithmatex wants no space inside the dollars. A TeX-looking span loses those spaces, and
  a `$` alone on a line, TeX lines and a `$` alone on a line become one `$...$` span.
  MathJax sets `$$x$$` inside a line (a table cell, say) as display math; arithmatex knows
  no such span, and reads its dollars wrongly. It becomes `$\\displaystyle x$`; so does
  `\\[x\\]` inside a line, which arithmatex takes only as a block of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.body.dialects.structure import (
    FENCE,
    ITEM,
    PROSE,
    QUOTE_MARKS,
    Body,
    columns,
    in_quotes,
    on_prose,
    unless,
)
from converter.body.dialects.tex import (
    join_dollar_lines,
    loose_dollars,
)


def raw_fences(text: str) -> str:
    """A fenced block Goldmark read as raw text of an HTML block, its fence lines written
    with `&#96;` so that a parser that finds fences anywhere (pymdownx.superfences) shows
    them as text too; the browser shows the backticks either way."""
    lines = text.split("\n")
    for i in (0, len(lines) - 1):
        lines[i] = re.sub(
            r"^([ \t]*)(`{3,}|~{3,})", lambda m: m.group(1) + _entities(m.group(2)), lines[i]
        )
    return "\n".join(lines)


def _entities(marks: str) -> str:
    return marks.replace("`", "&#96;").replace("~", "&#126;")


def four_space_lists(text: str) -> str:
    return in_quotes(text, _four_space_lists)


# a line that starts a block of its own, and so is no lazy continuation of a paragraph
_BLOCK_START = re.compile(r"^[ \t]*(?:#|>|`{3}|~{3}|<[A-Za-z/!?]|([-*_])[ \t]*(?:\1[ \t]*){2,}$)")


def _four_space_lists(text: str) -> str:
    # Python-Markdown expands every tab to 4-column stops before it reads a line (its
    # NormalizeWhitespace step); indentation made of tabs is measured and moved as spaces
    lines = [_LEADING.sub(lambda m: m.group(0).expandtabs(4), line) for line in text.split("\n")]
    out: list[str] = []
    # open items: source marker indent, source content column, target marker indent, and
    # whether a blank line came inside it (Python-Markdown then reads it as loose)
    stack: list[_OpenItem] = []
    # an open fence: its marker, its indent shift, its indent in the source
    fence: tuple[str, int, int] | None = None
    after_fence = False
    indented_code = False  # in an indented code block inside a list item
    for line in lines:
        if fence is not None:
            marker, shift, indent = fence
            stripped = line.strip()
            closes = stripped.startswith(marker) and not stripped.strip(marker[0])
            out.append(_fence_line(line, indent, shift, closes))
            if closes:
                fence = None
                after_fence = True
            continue
        if not line.strip():
            out.append(line)
            after_fence = False
            for open_item in stack:
                open_item.loose = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = ITEM.match(line)
        # 4 columns past the item's text after a blank line, and on to a line less indented:
        # an indented code block, whose lines are no items
        code_edge = stack[-1].content + 4 if stack else None
        if code_edge is None or indent < code_edge:
            indented_code = False
        elif indented_code or (out and not out[-1].strip()):
            indented_code = True
            item = None
        if item:
            content = len(item.group(1)) + len(item.group(2)) + max(1, len(item.group(3)))
            loose = False  # of the items this one closes or follows
            sibling: _OpenItem | None = None  # the item before it in the same list, if any
            while stack and indent < stack[-1].content and indent <= stack[-1].indent:
                loose = loose or stack[-1].loose
                sibling = stack.pop()  # the last one closed: the item it follows
            # what is left open contains it (the loop closed the rest): 4 columns in from it
            target = stack[-1].target + 4 if stack else indent
            kind = item.group(2)[-1]  # `-`, `*`, `+`, or the delimiter of a number
            if sibling and sibling.kind != kind:
                # another list to CommonMark; Python-Markdown would go on with the same one
                # (it tells no bullet or delimiter apart), unless something stands between
                out += ["", " " * target + "<!-- -->", ""]
                for open_item in stack:
                    open_item.loose = True
            elif out and out[-1].strip() and (after_fence or loose):
                # after a fenced block (superfences leaves a paragraph there) or in a loose
                # item, Python-Markdown reads an item with no blank line before it as more of
                # the paragraph above it
                out.append("")
                for open_item in stack:  # and now a blank line is inside them
                    open_item.loose = True
            after_fence = False
            stack.append(_OpenItem(indent, indent + (content - len(item.group(1))), target, kind))
            marker = item.group(2).replace(")", ".")  # Python-Markdown knows only `1.`
            out.append(" " * target + marker + line[item.end(2) :])
            continue
        after_fence = False
        lazy = stack and out and out[-1].strip() and not _BLOCK_START.match(line)
        if lazy and indent < stack[-1].content and not FENCE.match(out[-1]):
            # a lazy continuation line: more of the item's paragraph to both engines
            out.append(line)
            continue
        while stack and indent < stack[-1].content:  # less indented than the item's content
            stack.pop()
        if stack:  # content of the innermost item it is indented under
            shift = stack[-1].target + 4 - stack[-1].content
            m = FENCE.match(line)
            if m:
                fence = (m.group(2), shift, indent)
            out.append(_shift(line, shift))
            continue
        m = FENCE.match(line)
        if m:  # code outside any list: left as it is, but for lines left of its fence
            fence = (m.group(2), 0, indent)
        out.append(line)
    return "\n".join(out)


@dataclass
class _OpenItem:
    indent: int
    content: int
    target: int
    kind: str  # `-`, `*`, `+`, `.` or `)`: a change of it starts another list
    loose: bool = False


_LEADING = re.compile(r"^[ \t]*\t[ \t]*")


def _fence_line(line: str, indent: int, shift: int, closes: bool) -> str:
    """A line of a fenced block whose opening fence was indented `indent` columns, moved by
    `shift`. CommonMark takes up to `indent` columns off each content line, so one indented
    less simply starts at the margin; superfences wants every line (and the closing fence)
    at least as far in as the opening fence, else the block is no code to it."""
    if not line.strip():  # blank, or spaces that are the code's own past the fence's indent
        if len(line) <= indent or shift == 0:
            return line
        return " " * shift + line if shift > 0 else line[min(-shift, len(line)) :]
    lead = len(line) - len(line.lstrip(" "))
    if closes:
        return " " * (indent + shift) + line.lstrip(" ")
    if lead >= indent:
        return _shift(line, shift)
    return " " * (indent + shift) + line[lead:]


def _shift(line: str, shift: int) -> str:
    if shift >= 0:
        return " " * shift + line if line.strip() else line
    remove = min(-shift, len(line) - len(line.lstrip(" ")))
    return line[remove:]


def display_math_blocks(text: str) -> str:
    if "$$" not in text:
        return text
    # the whole text is read, fences included, so that a list item holds across a fence
    body = Body.read(text)
    lines = list(body.lines)  # lazy lines around a block are moved in (_indent_lazy_lines)
    prose = [kind == PROSE for kind in body.kind]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        code = not prose[i] or (body.indented[i] and not _in_admonition(lines, i))
        j = None if code else _math_block_end(lines, prose, i)
        if j is None:
            out.append(line)
            i += 1
            continue
        if out and out[-1].strip() and QUOTE_MARKS.sub("", out[-1]).strip():
            out.append(_quote_prefix(line))
            if not QUOTE_MARKS.match(line):
                edge = body.paragraph_column(body.paragraph_start(i - 1))
                _indent_lazy_lines(lines, i, edge, j + 1)
                line = lines[i]
        out += lines[i : j + 1]
        after = lines[j + 1] if j + 1 < len(lines) else ""
        if QUOTE_MARKS.sub("", after).strip():
            out.append(_quote_prefix(line))
            _indent_lazy_lines(lines, j + 1, columns(line))
        i = j + 1
    return "\n".join(out)


def _math_block_end(lines: list[str], prose: list[bool], i: int) -> int | None:
    """The line that closes the `$$` block opening at line i (i itself for `$$x$$`), or None
    when line i opens none: no `$$` at its start, `$$x$$ and text` (inline), never closed."""
    bare = QUOTE_MARKS.sub("", lines[i]).strip()
    if not bare.startswith("$$"):
        return None
    if bare.count("$$") >= 2 and not bare.endswith("$$"):
        return None
    if bare.endswith("$$") and len(bare) > 2 and bare.count("$$") % 2 == 0:
        return i
    j = i + 1
    while j < len(lines) and "$$" not in lines[j] and lines[j].strip() and prose[j]:
        j += 1
    return j if j < len(lines) and "$$" in lines[j] and prose[j] else None


_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]")


def _in_admonition(lines: list[str], i: int) -> bool:
    """Whether line i is in the body of an admonition (`!!! note`, what our renderer writes for
    a callout), which Python-Markdown reads 4 columns in, where CommonMark would see code."""
    indent = columns(lines[i])
    for j in range(i - 1, -1, -1):
        if lines[j].strip() and columns(lines[j]) < indent:
            return bool(_ADMONITION.match(lines[j])) and columns(lines[j]) <= indent - 4
    return False


def _indent_lazy_lines(lines: list[str], start: int, indent: int, end: int = -1) -> None:
    """Lines from `start` (to `end`, or the paragraph's end) that continue a paragraph lazily,
    left of its list item's edge, moved in to `indent`: once a blank line stands before them,
    they would leave the item they were part of."""
    k = start
    while k < len(lines) and (k < end or lines[k].strip()):
        line = lines[k]
        if k >= end and (ITEM.match(line) or _BLOCK_START.match(line)):
            return
        if line.strip() and columns(line) < indent:
            lines[k] = " " * indent + line.lstrip(" \t")
        elif k >= end:
            return
        k += 1


# block elements whose content Python-Markdown's md_in_html reads as Markdown blocks
_MD_CONTAINER = re.compile(
    r"^( {0,3}<(?:div|section|article|aside|header|footer|main|nav|blockquote|figure|details"
    r"|form|fieldset|dialog)(?:\s[^<>]*?)?)(\s*>\s*)$",
    re.IGNORECASE,
)


_MD_CONTAINER_LINE = re.compile(_MD_CONTAINER.pattern, re.IGNORECASE | re.MULTILINE)


def markdown_in_html_blocks(text: str) -> str:
    if not _MD_CONTAINER_LINE.search(text):
        return text  # most pages: no such tag alone on a line, nothing to read
    body = Body.read(text)
    lines = list(body.lines)
    for i, line in enumerate(lines):
        m = _MD_CONTAINER.match(line)
        if not m or body.kind[i] != PROSE or body.indented[i] or "markdown=" in line:
            continue
        if i + 1 == len(lines) or not lines[i + 1].strip():  # the HTML block is this line
            lines[i] = m.group(1) + ' markdown="1"' + m.group(2)
    return "\n".join(lines)


# a `$$` line indented by a space (blockquotes' marks before it): what math_blocks_at_margin moves
_INDENTED_MATH = re.compile(r"^[ \t>]* \$\$", re.MULTILINE)


@unless(lambda text: not _INDENTED_MATH.search(text))
def math_blocks_at_margin(text: str) -> str:
    return in_quotes(text, lambda t: on_prose(t, _math_blocks_at_margin))


def _math_blocks_at_margin(lines: list[str]) -> list[str]:
    out = list(lines)
    i = 0
    while i < len(lines):
        bare = lines[i].lstrip(" ")
        indent = len(lines[i]) - len(bare)
        if not bare.startswith("$$") or indent % 4 == 0 or (i > 0 and lines[i - 1].strip()):
            i += 1
            continue
        j = i  # the line that closes the block
        if not (bare.rstrip().endswith("$$") and bare.count("$$") >= 2):
            j = i + 1
            while j < len(lines) and lines[j].strip() and "$$" not in lines[j]:
                j += 1
            if j >= len(lines) or "$$" not in lines[j]:
                i += 1
                continue
        extra = indent % 4  # columns past the last list level Python-Markdown strips
        for k in range(i, j + 1):
            lead = len(lines[k]) - len(lines[k].lstrip(" "))
            out[k] = lines[k][min(lead, extra) :]
        i = j + 1
    return out


def _quote_prefix(line: str) -> str:
    """The blank line that keeps `line`'s blockquote going: `>` marks, or nothing."""
    m = QUOTE_MARKS.match(line)
    return m.group(0).rstrip() if m else ""


@unless(lambda text: "$" not in text and "\\[" not in text)
def arithmatex_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [_arithmatex_line(line) for line in join_dollar_lines(lines)]

    return on_prose(text, fix)


def _arithmatex_line(line: str) -> str:
    """A line of `arithmatex_dollars`; most have neither `$` nor `\\[`, and stay."""
    return line if "$" not in line and "\\[" not in line else _arithmatex_math(line)


def _arithmatex_math(line: str) -> str:
    """The line with `$$x$$` and `\\[x\\]` inside it as `$\\displaystyle x$`, and each
    TeX-looking `$ x $` as `$x$` (`arithmatex_dollars`)."""
    if not _LONE_DISPLAY.fullmatch(QUOTE_MARKS.sub("", line)):
        parts = re.split(r"(`[^`\n]*`)", line)  # code spans stay as they are
        parts[::2] = [
            _INLINE_BRACKETS.sub(_display_style, _INLINE_DISPLAY.sub(_display_style, part))
            for part in parts[::2]
        ]
        line = "".join(parts)
    return loose_dollars(line, _arithmatex_tight)


def _arithmatex_tight(m: re.Match[str]) -> str:
    """`$ x $` as `$x$`, unless it ends in `\\` (`\\$` is a dollar sign, not its end)."""
    math = m.group("math").strip()
    return "$" + math + "$" if math and not math.endswith("\\") else m.group(0)


_LONE_DISPLAY = re.compile(r"[ \t]*(?:\$\$[^$]*\$\$|\\\[.*\\\])[ \t]*")
_INLINE_BRACKETS = re.compile(r"(?<!\\)\\\[(.*?[^\s\\].*?)(?<!\\)\\\]")
_INLINE_DISPLAY = re.compile(r"(?<![\\$])\$\$([^$\n]*[^$\s][^$\n]*)\$\$(?!\$)")


def _display_style(m: re.Match[str]) -> str:
    """`$$x$$` inside a line as `$\\displaystyle x$`: arithmatex has no inline display math."""
    return "$\\displaystyle " + m.group(1).strip() + "$"
