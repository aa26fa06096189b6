"""Markdown dialect fixes: what Goldmark (Hugo) reads one way and the target's parser another.

Each fix is a pure function on Markdown text that leaves code alone, and a target's table
lists the ones it needs (`body.dialect`). They are deliberately small and line-based rather
than a round trip through pandoc, which would re-flow and re-escape every page.

- `lone_image_inline` (pandoc, Quarto): pandoc makes an image alone in a paragraph a figure
  captioned with its alt text; Goldmark shows a plain image. A trailing `\\ ` (non-breaking
  space) keeps it inline, as the pandoc manual advises.
- `blank_line_before_lists` (pandoc, Python-Markdown): a list right after a paragraph line is
  a list to Goldmark, but a continuation of the paragraph to pandoc and Python-Markdown. The
  other way round, a line CommonMark keeps in the paragraph though it looks like an item
  (`2. b` right under `- a`'s text: an ordered list may only interrupt one at 1) gets its
  marker escaped (`2\\. b`), or pandoc would start a sublist there.
- `blank_line_before_headings` (pandoc, Quarto): an ATX heading may interrupt a paragraph in
  CommonMark (`text` then `<br>` then `## Methods`, as blogdown pages have it); pandoc wants a
  blank line before a heading (its `blank_before_header`) and reads the `##` line as more of
  the paragraph. A blank line goes before every heading that has none.
- `blank_line_before_fences` (pandoc, Quarto): a fence indented 1 to 3 columns may interrupt a
  paragraph in CommonMark; pandoc reads it as a code span continuing the paragraph unless it
  starts at the paragraph's container edge, so a blank line goes before it there.
- `plain_fence_info` (pandoc, Quarto; Python-Markdown, MkDocs): Goldmark takes a fence's
  language from the first word of its info string and ignores the rest (```` ```sas proc ````);
  pandoc and superfences read a fence with more words (other than a `{...}` attribute block)
  as a code span. The language alone is kept.
- `one_word_fence_info` (kramdown, Jekyll): kramdown's GFM fences take one word of info and
  nothing else; ```` ```markmap {height="200px"} ```` or ```` ```{.python} ```` is no fence to
  it, and the code becomes paragraphs and lists. The language alone is kept.
- `close_paragraphs` (kramdown, Jekyll): HTML lets a `<p>` go unclosed: the browser ends it
  at the next block tag, at its parent's end tag (`<td><p>3</td>`), and Goldmark ends the
  HTML block holding it at a blank line. kramdown reads the element to a `</p>` instead, and
  all that follows (headings, lists, the rest of the table) becomes text inside it. The
  `</p>` goes where the browser would have put it.
- `fences_end_lists` (kramdown, Jekyll): a fence left of a list item's text, right under it,
  ends the list in CommonMark; kramdown takes it into the item and strips the item's
  indentation from the code. A blank line before the fence ends the list there too.
- `url_underscores` (kramdown, Jekyll): Goldmark never reads the underscores of a URL written
  as text (`[https://x.org/a_1638_%28.png](...)`, or bare) as emphasis, by CommonMark's
  flanking rules; kramdown does (`_1638_`). Underscores in such URLs are escaped.
- `markdown_in_spans` (kramdown, Jekyll): Goldmark reads Markdown around and inside inline
  HTML such as `<font size="-1">[a link](...)</font>`; kramdown reads the content of a span
  element it does not know (`font`, `mark`, `time`...) as raw text, unless it carries
  `markdown="span"`, which it then removes.
- `header_only_tables` (kramdown, Jekyll): a GFM table may have a header row and no body
  (a row of images, say); kramdown reads it as a paragraph of pipes. It becomes the same
  table in HTML, its cells still read as Markdown (`markdown="span"`).
- `display_math_blocks` (Python-Markdown, MkDocs): MathJax in Hugo typesets `$$...$$` wherever
  it stands; pymdownx.arithmatex only a `$$` block set apart by blank lines (and no inline
  `$$`), so a formula right under a line of text stayed raw dollars. Blank lines go around it.
- `math_blocks_at_margin` (Python-Markdown, MkDocs): arithmatex takes a `$$` block only
  when it starts at its container's margin; a block indented 2 columns more inside a list
  item (text lines Goldmark would have joined to the item's paragraph) stayed raw dollars.
  Its lines lose the columns past the last list level. (Run it after `four_space_lists`.)
- `markdown_in_html_blocks` (Python-Markdown, MkDocs): `<div>` on a line of its own, then a
  blank line: CommonMark's HTML block ends there, and what follows (up to `</div>`) is read
  as Markdown (Hugo Blox slides lay out columns so). Python-Markdown reads the whole element
  as raw HTML unless its tag says `markdown="1"` (md_in_html), which it then gets.
- `raw_fences` (Python-Markdown, MkDocs): a fence inside an HTML block (a `<div><pre>` that
  shows Markdown source) is raw text to Goldmark; pymdownx.superfences finds fences anywhere
  and drops its fence lines. Their backticks are written as `&#96;`. (Applied by the
  renderer only to code that starts inside an HTML block.)
- `arithmatex_dollars` (Python-Markdown, MkDocs): MathJax in Hugo reads `$ x $` as math;
  arithmatex wants no space inside the dollars. A TeX-looking span loses those spaces, and
  a `$` alone on a line, TeX lines and a `$` alone on a line become one `$...$` span.
  MathJax sets `$$x$$` inside a line (a table cell, say) as display math; arithmatex knows
  no such span, and reads its dollars wrongly. It becomes `$\\displaystyle x$`; so does
  `\\[x\\]` inside a line, which arithmatex takes only as a block of its own.
- `footnote_labels` (kramdown, Jekyll): Goldmark takes `[^ 2]` for a footnote; kramdown
  wants a label without spaces. The label (never shown: notes are numbered) loses them.
- `pipes_outside_tables` (kramdown, Jekyll): kramdown reads any line with a `|` as a table
  row (`- [A | B](url)` in a list becomes a table); GFM only a header row over a delimiter
  row. A pipe in prose outside such a table is escaped (`\\|`), which both show as `|`.
- `four_space_lists` (Python-Markdown): nested list items and their content need 4 spaces per
  level; CommonMark nests at the parent's content column (often 2 or 3). And an item right
  after a fenced block gets a blank line: superfences leaves a paragraph where the block was,
  and Python-Markdown would read the item as more of that paragraph; so does an item after
  a blank line inside the list (a loose item). `1)` becomes `1.`, the only delimiter it knows,
  and where CommonMark starts another list (`-` then `*`, `1.` then `1)`), an HTML comment
  keeps Python-Markdown from going on with the first.
- `goldmark_math` (every target whose math is raw TeX, for a site without Goldmark's
  passthrough): Goldmark reads Markdown escapes inside `$...$` like anywhere else, so authors
  wrote `x\\_1` and `\\\\` for MathJax to see `x_1` and `\\`. kramdown, pandoc and arithmatex
  hand math over as written: the escapes are read first, as Goldmark did. (Applied by the
  writer from the site's settings, not listed in a table.)
- `brackets_to_dollars` (pandoc, Quarto): `\\(x\\)` and `\\[x\\]` are not pandoc math; `$x$` and
  `$$x$$` are. So are the Blackfriday-era `\\\\[x\\\\]`, which Goldmark leaves as `\\[x\\]`.
- `rule_not_yaml` (pandoc, Quarto): a `---` line after a blank line and before text opens a
  YAML metadata block to pandoc; `***` is the same thematic break with no such reading.
- `emoji_to_unicode` (pandoc, kramdown, Python-Markdown): Hugo's `enableEmoji` turns `:tada:`
  into 🎉; the targets need an extension for that, so we write the emoji itself.
- `raw_svg` (pandoc, Quarto): pandoc reads the `<div>`s of an inline `<svg>` (draw.io
  exports) as its own divs and can swallow what follows; a ```` ```{=html} ```` raw block passes
  the SVG through untouched, as Goldmark did.
- `raw_html_in_cells` (pandoc, Quarto): in a pipe table cell Goldmark passes `<li>` through
  as raw HTML; pandoc reads a block-level tag there as the end of the cell's text and drops
  the rest. A raw inline (`` `<li>`{=html} ``) gives pandoc the same tag with nothing lost.
- `html_block_indent` (pandoc, Quarto): a CommonMark HTML block (`<p>`, `<div>`, `<table>`...)
  runs to the next blank line and Goldmark passes it through whole; pandoc reads the HTML
  element by element, and a tag line indented 4 columns after one closes is an indented code
  block to it. Such lines lose their indentation, which HTML ignores (outside `<pre>`).
- `heading_indent` (pandoc, Quarto; Python-Markdown, MkDocs): ` ### x` (1 to 3 spaces) is a
  heading to CommonMark even after a list; pandoc may read it as part of the list item, and
  Python-Markdown as text. Headings start at column 0.
- `tight_dollars` (pandoc, Quarto): `$ \\alpha $` is math to MathJax in Hugo, but pandoc
  wants no space inside the dollars (and then drops `\\text{}` as raw TeX); TeX-looking spans
  are trimmed, prices such as "$ 5 and $ 10" are not. For the same reason a `$` alone on a
  line, TeX lines and a `$` alone on a line become one span, and a span right before a digit
  (`$x =$70`, not closed there to pandoc) gets an empty `[]{}` after it.
- `literal_backslashes` (pandoc, Quarto): Goldmark shows `C:\\SAS` and `l (\\ell)` as written;
  pandoc reads `\\SAS` as a raw TeX command, dropped from HTML, and `\\ ` as a non-breaking
  space. Outside math, code, tags and verbatim elements such a backslash is doubled. (Run it
  after `raw_svg` and `tight_dollars`, whose output it then knows as raw HTML and math.)
- `kramdown_math` (Jekyll): kramdown's only math delimiter is `$$` (inline inside a line,
  display as its own paragraph); `$x$`, `\\(x\\)` and `\\[x\\]` become `$$x$$`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import emoji

# a backtick fence's info string has no backtick: "```a, b```" is a code span (CommonMark)
_FENCE = re.compile(r"^([ \t]*)(`{3,}(?=[^`]*$)|~{3,})")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
# a line that is a list item, at the top level or inside blockquotes (`> - x`)
_ITEM_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)

_Fix = Callable[[str], str]


def _unless(cannot_change: Callable[[str], bool]) -> Callable[[_Fix], _Fix]:
    """The fix, but returning the text as it is when `cannot_change(text)`: a check of the
    whole text for what every change of the fix needs (a `|`, a fence, a `$`...), far
    cheaper than the fix's reading of it line by line, and most pages have none. The check
    may pass a text the fix leaves alone, never stop one it would change: the tests hold
    each fix to its `__wrapped__` self, which reads every text."""

    def wrap(fix: _Fix) -> _Fix:
        @functools.wraps(fix)
        def checked(text: str) -> str:
            return text if cannot_change(text) else fix(text)

        return checked

    return wrap


def _no_fence(text: str) -> bool:
    return "```" not in text and "~~~" not in text


_QUOTE_START = re.compile(r"^([ \t]*>) ?")
_QUOTE_LINE = re.compile(r"^[ \t]*>", re.MULTILINE)  # a line `_QUOTE_START` matches


def _in_quotes(text: str, fix: Callable[[str], str]) -> str:
    """`fix` applied to the text, then to the inside of each blockquote in its prose, its
    `>` marks taken off and put back: a blockquote holds a document of its own (lists,
    math blocks), which both engines read as they would at the top level."""
    fixed = fix(text)
    return _fix_quotes(fixed, fix) if _QUOTE_LINE.search(fixed) else fixed  # most: no quote


def _fix_quotes(text: str, fix: Callable[[str], str]) -> str:
    """`fix` applied to the inside of each blockquote of the text (`_in_quotes`)."""
    out: list[str] = []
    for is_code, lines in _segments(text):
        if is_code:
            out += lines
            continue
        i = 0
        while i < len(lines):
            m = _QUOTE_START.match(lines[i])
            if not m:
                out.append(lines[i])
                i += 1
                continue
            mark = m.group(1)
            j = i
            while j < len(lines) and lines[j].startswith(mark):
                j += 1
            run = lines[i:j]
            inner = [_QUOTE_START.sub("", line, count=1) for line in run]
            fixed = _in_quotes("\n".join(inner), fix).split("\n")
            out += run if fixed == inner else [mark + (" " + x if x else "") for x in fixed]
            i = j
    return "\n".join(out)


def _segments(text: str) -> Iterator[tuple[bool, list[str]]]:
    """(is_code, lines) runs of the text: fenced blocks are code, the rest prose."""
    if "```" not in text and "~~~" not in text:
        yield False, text.split("\n")  # no line can open a fence (most pages): one run
        return
    yield from _scan_segments(text)


def _scan_segments(text: str) -> Iterator[tuple[bool, list[str]]]:
    """`_segments`, line by line: the reading for a text that may hold a fence."""
    lines = text.split("\n")
    prose: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m:
            if prose:
                yield False, prose
                prose = []
            fence = m.group(2)
            block = [lines[i]]
            i += 1
            while i < len(lines):
                block.append(lines[i])
                if lines[i].strip().startswith(fence[0] * len(fence)) and not lines[
                    i
                ].strip().strip(fence[0]):
                    i += 1
                    break
                i += 1
            yield True, block
            continue
        prose.append(lines[i])
        i += 1
    if prose:
        yield False, prose


def _on_prose(text: str, fix: Callable[[list[str]], list[str]]) -> str:
    out: list[str] = []
    for is_code, lines in _segments(text):
        out.extend(lines if is_code else fix(lines))
    return "\n".join(out)


_FENCE_INFO = re.compile(r"^([ \t]*(?:`{3,}|~{3,})[ \t]*)([^\s{`]+)[ \t]+([^{\s].*)$")


@_unless(_no_fence)
def plain_fence_info(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2)

    out: list[str] = []
    for is_code, lines in _segments(text):
        if is_code:
            lines = [_FENCE_INFO.sub(fix, lines[0]), *lines[1:]]
        out.extend(lines)
    return "\n".join(out)


_FENCE_WORDS = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*(\S*?)[ \t]+\S.*$")
_FENCE_ATTRS = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*\{\s*\.?([\w+-]*)[^}]*\}[ \t]*$")


@_unless(_no_fence)
def one_word_fence_info(text: str) -> str:
    out: list[str] = []
    for is_code, lines in _segments(text):
        if is_code:
            first = _FENCE_ATTRS.sub(r"\1\2", lines[0])
            lines = [_FENCE_WORDS.sub(r"\1\2", first), *lines[1:]]
        out.extend(lines)
    return "\n".join(out)


_LONE_IMAGE = re.compile(r"^[ \t]*!\[[^\]\n]*\]\([^)\n]*\)[ \t]*$")


@_unless(lambda text: "![" not in text)
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

    return _on_prose(text, fix)


def _is_paragraph_line(line: str) -> bool:
    s = line.strip()
    if not s or _ITEM.match(line):
        return False
    return not s.startswith(
        ("#", ">", "|", "<", "---", "***", "___", "=", "{{", ":::", "!!!", "???")
    )


@_unless(lambda text: not _ITEM_LINE.search(text))
def blank_line_before_lists(text: str) -> str:
    return _in_quotes(text, _blank_line_before_lists)


def _blank_line_before_lists(text: str) -> str:
    body = _Body.read(text)
    out: list[str] = []
    for i, line in enumerate(body.lines):
        if body.items[i] and i > 0 and body.para[i - 1] and not body.in_item(i - 1):
            out.append("")
        elif body.para[i] and not body.items[i]:
            marker = _ITEM.match(line)
            if marker and line[marker.end() :].strip():
                end = marker.start(2) + len(marker.group(2)) - 1
                line = line[:end] + "\\" + line[end:]
        out.append(line)
    return "\n".join(out)


# an ATX heading's opening: up to 3 columns in, 1 to 6 `#`, then a blank or the line's end
_ATX_HEADING = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")
# a line that may be an ATX heading, at the top level or inside blockquotes
_ATX_HEADING_LINE = re.compile(r"^[ \t>]*#{1,6}(?:[ \t]|$)", re.MULTILINE)


@_unless(lambda text: not _ATX_HEADING_LINE.search(text))
def blank_line_before_headings(text: str) -> str:
    return _in_quotes(text, _blank_line_before_headings)


def _blank_line_before_headings(text: str) -> str:
    body = _Body.read(text)
    out: list[str] = []
    for i, line in enumerate(body.lines):
        if (
            i > 0
            and body.kind[i - 1] == _PROSE
            and body.lines[i - 1].strip()
            and _is_heading(body, i)
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _is_heading(body: _Body, i: int) -> bool:
    """Whether line i is an ATX heading to CommonMark: prose outside HTML blocks and indented
    code, its `#` less than 4 columns past its container's edge."""
    line = body.lines[i]
    return (
        body.kind[i] == _PROSE
        and not body.html[i]
        and not body.indented[i]
        and _ATX_HEADING.match(line) is not None
        and _columns(line) - body.containers[i] < 4
    )


def _blank_before_fences(text: str, needs_blank: Callable[[_Body, int], bool]) -> str:
    """`text` with a blank line before each fence right under a paragraph line that
    `needs_blank(body, i)` picks."""
    body = _Body.read(text)
    out: list[str] = []
    for i, line in enumerate(body.lines):
        opens = body.kind[i] == _FENCE_LINE and i > 0 and body.kind[i - 1] == _PROSE
        if opens and body.para[i - 1] and needs_blank(body, i):
            out.append("")
        out.append(line)
    return "\n".join(out)


@_unless(_no_fence)
def blank_line_before_fences(text: str) -> str:
    return _blank_before_fences(text, _fence_needs_blank)


@_unless(_no_fence)
def fences_end_lists(text: str) -> str:
    return _blank_before_fences(text, _fence_ends_list)


def _fence_ends_list(body: _Body, i: int) -> bool:
    """Whether the fence at line i, right under a list item's paragraph, sits left of the
    item's content: CommonMark ends the list there, kramdown would take it into the item."""
    edge = body.paragraph_column(body.paragraph_start(i - 1))
    return _columns(body.lines[i]) < edge and (body.in_item(i - 1) or edge > 0)


def _fence_needs_blank(body: _Body, i: int) -> bool:
    """Whether pandoc would read the fence at line i as a code span continuing the paragraph
    above it.

    CommonMark lets a fence indented 0 to 3 columns interrupt a paragraph; pandoc only one at
    the left edge of the paragraph's container (column 0, or the content column of the list
    item holding the paragraph): `text` then `  ```` is a code span to pandoc. A blank line
    is only added there, since inside a list it would also make the list loose. Paragraphs in
    an HTML block are left alone: a blank line would end the block, changing Goldmark's view.
    """
    base = body.paragraph_column(body.paragraph_start(i - 1))
    return base < _columns(body.lines[i]) < base + 4  # 4 past the edge: text, not a fence


_PROSE, _FENCE_LINE, _CODE = 0, 1, 2


def _kinds(is_code: bool, n: int) -> list[int]:
    """The kind of each of the n lines of a segment: a fenced block's first and last lines
    are its fences (they close lists like any line at their indentation), the rest code."""
    if not is_code:
        return [_PROSE] * n
    return [_FENCE_LINE] + [_CODE] * (n - 2) + [_FENCE_LINE][: n - 1]


def _line_kinds(text: str) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    kind: list[int] = []
    for is_code, segment in _segments(text):
        lines.extend(segment)
        kind.extend(_kinds(is_code, len(segment)))
    return lines, kind


_BLANK_LINE = re.compile(r"(?!)")  # an HTML block that a blank line ends
_HTML_TAG_LINE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>\s*")


def _html_block(text: str, follows_text: bool) -> re.Pattern[str] | None:
    """If a line (its indentation removed) opens a CommonMark HTML block, what ends the block;
    None otherwise. A block may end on the line that opens it."""
    if not text.startswith("<"):
        return None  # every start condition begins with `<` (most lines: text)
    return _html_block_start(text, follows_text)


def _html_block_start(text: str, follows_text: bool) -> re.Pattern[str] | None:
    """`_html_block`, each start condition tried in turn."""
    m = re.match(r"<(pre|script|style|textarea)(?=[\s>]|$)", text, re.IGNORECASE)
    if m:
        end = re.compile(r"</(pre|script|style|textarea)>", re.IGNORECASE)
    elif text.startswith("<!--"):
        end = re.compile(r"-->")
    elif text.startswith("<?"):
        end = re.compile(r"\?>")
    elif text.startswith("<![CDATA["):
        end = re.compile(r"\]\]>")
    elif re.match(r"<![A-Za-z]", text):
        end = re.compile(r">")
    elif _HTML_BLOCK_6.match(text) or (not follows_text and _HTML_TAG_LINE.fullmatch(text)):
        return _BLANK_LINE
    else:
        return None
    return None if end.search(text, 2) else end  # closed on its own line: nothing more


@dataclass
class _Body:
    """A body's lines as CommonMark blocks them, as far as the list fixes need: which lines are
    fences or code, which are list items, which hold paragraph text."""

    lines: list[str]
    kind: list[int]  # _PROSE, _FENCE_LINE or _CODE
    items: list[re.Match[str] | None]  # the marker of each line that opens a list item
    para: list[bool]  # whether the line is paragraph text (an item's first line included)
    indented: list[bool]  # whether the line is in an indented code block
    html: list[bool]  # whether the line is in an HTML block, which Goldmark passes through
    # the content column of the open list item each line belongs to (`container_column`)
    containers: list[int]

    @staticmethod
    def read(text: str) -> _Body:
        """The blocks of `text`, shared with the last caller that read the same text: a
        target's fixes run one after another and mostly hand the text on unchanged, so the
        next one would read it again (about 5 reads a page). Hence no one changes a body
        once it is read."""
        last = _last_read[0] if _last_read else None
        if last is not None and last[0] == text:
            return last[1]
        body = _Body.parse(text)
        _last_read[:] = [(text, body)]
        return body

    @staticmethod
    def parse(text: str) -> _Body:
        """`read` without the sharing: the text read anew."""
        lines: list[str] = []
        kind: list[int] = []
        starts: set[int] = set()  # the first line of each fenced block
        for is_code, segment in _segments(text):
            if is_code:
                starts.add(len(lines))
            lines.extend(segment)
            kind.extend(_kinds(is_code, len(segment)))
        n = len(lines)
        body = _Body(lines, kind, [None] * n, [False] * n, [False] * n, [False] * n, [0] * n)
        html_end: re.Pattern[str] | None = None  # what ends the HTML block the line is in
        # the content columns of the items a line below may still be in, innermost last, so
        # that each line's container is known in one pass instead of a walk back per line
        # (`_container_column_walk`). Each is left of the one after it: an item's marker line
        # pops what its indentation closes, and its content column is right of that.
        open_items: list[int] = []
        for i, line in enumerate(lines):
            if i:  # line i-1 is read (its kind and item are final): what it closes or opens
                above = lines[i - 1]
                if kind[i - 1] != _CODE and above.strip():
                    if open_items:
                        indent = _columns(above)
                        while open_items and open_items[-1] > indent:
                            open_items.pop()
                    item = body.items[i - 1]
                    if item:
                        open_items.append(_content_column(item))
            if open_items:
                limit = _columns(line)
                for column in reversed(open_items):
                    if column <= limit:
                        body.containers[i] = column
                        break
            if i in starts and i > 0 and body.para[i - 1] and body._fence_is_text(i):
                j = i  # the whole block continues the paragraph
                while j < len(lines) and (j == i or kind[j] != _FENCE_LINE):
                    kind[j] = _PROSE
                    j += 1
                if j < len(lines):
                    kind[j] = _PROSE
            if kind[i] != _PROSE:
                continue
            if not line.strip():
                html_end = None if html_end is _BLANK_LINE else html_end
                continue
            if html_end is not None:
                body.html[i] = True
                html_end = None if html_end.search(line) else html_end
                continue
            follows_text = i > 0 and body.para[i - 1]
            if not follows_text and _columns(line) - body.container_column(i) >= 4:
                body.indented[i] = True  # cannot interrupt a paragraph, can follow the rest
                continue
            html_end = _html_block(line.lstrip(" \t"), follows_text)
            if html_end is not None:
                body.html[i] = True
                continue
            item = _ITEM.match(line)
            if item and (not follows_text or body._interrupts(item, i)):
                body.items[i] = item
                body.para[i] = bool(line[item.end() :].strip())
            else:
                body.para[i] = item is not None or _is_paragraph_line(line)
        return body

    def paragraph_start(self, i: int) -> int:
        """The first line of the paragraph line i is in (an item's line, if it starts one)."""
        while i > 0 and self.para[i - 1] and not self.items[i]:
            i -= 1
        return i

    def paragraph_column(self, first: int) -> int:
        """The left edge of the container of the paragraph starting at line `first`."""
        item = self.items[first]
        return _content_column(item) if item else self.container_column(first)

    def _fence_is_text(self, i: int) -> bool:
        """Whether the fence at line i, right after a paragraph line, is indented 4 columns
        or more past the paragraph's container: then it is text of the paragraph (a fence may
        only interrupt one indented 0 to 3), and so is everything up to its closing fence."""
        base = self.paragraph_column(self.paragraph_start(i - 1))
        return _columns(self.lines[i]) - base >= 4

    def in_item(self, i: int) -> bool:
        """Whether paragraph line i is a list item's text (its next item needs no blank line)."""
        return self.items[self.paragraph_start(i)] is not None

    def _interrupts(self, item: re.Match[str], i: int) -> bool:
        """Whether item line i, right after a paragraph line, opens a list item to CommonMark.

        A new list may interrupt a paragraph only with a non-empty item, an ordered one only
        when it starts at 1, and only indented less than 4 columns past the paragraph's
        container; any other such line is text of the paragraph (`the 2. of May`, an
        over-indented `    - x`). A line left of the paragraph's list item belongs to an
        outer list, where none of these rules apply.
        """
        base = self.paragraph_column(self.paragraph_start(i - 1))
        indent = _columns(self.lines[i])
        if indent < base:
            return True
        number = item.group(2)[:-1]
        empty = not self.lines[i][item.end() :].strip()
        return not empty and (not number or int(number) == 1) and indent - base < 4

    def container_column(self, first: int) -> int:
        """The content column of the open list item that line `first` (the first line of a
        paragraph, not an item's) belongs to, 0 at the top level. An item contains the line
        when the line is indented at least to the item's content column and no line between
        them was indented less (which would have closed the item)."""
        return self.containers[first]


# the last text `_Body.read` read, and its body (one per process)
_last_read: list[tuple[str, _Body]] = []


def _container_column_walk(body: _Body, first: int) -> int:
    """`_Body.container_column` by a walk back from line `first`, as it was computed before
    `parse` kept every line's in one pass: the tests hold the two to the same answer."""
    limit = _columns(body.lines[first])
    for j in range(first - 1, -1, -1):
        if body.kind[j] == _CODE or not body.lines[j].strip():
            continue
        item = body.items[j]
        if item and _content_column(item) <= limit:
            return _content_column(item)
        limit = min(limit, _columns(body.lines[j]))
    return 0


def ends_in_html_block(before: str) -> bool:
    """Whether text that follows `before` is still inside a CommonMark HTML block that a
    blank line ends (`<div>` ... to the blank line): a fence there is raw text, not code."""
    para = re.split(r"\n[ \t]*\n", before)[-1].lstrip("\n")
    first = para.split("\n", 1)[0]
    return "\n" in para and _html_block(first.lstrip(" \t"), False) is _BLANK_LINE


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


def indented_code_lines(text: str) -> frozenset[int]:
    """The 1-based lines of `text` that CommonMark reads as indented code blocks."""
    if not _FOUR_COLUMNS.search(text):
        return frozenset()  # no line starts 4 columns in: none can be code (most pages)
    return frozenset(i + 1 for i, code in enumerate(_Body.read(text).indented) if code)


# a line whose text starts 4 columns in or more: 4 spaces, or a tab after fewer
_FOUR_COLUMNS = re.compile(r"^(?: {4}| {0,3}\t)", re.MULTILINE)


def _content_column(item: re.Match[str]) -> int:
    """CommonMark's content column of a list item: after the marker and 1 to 4 spaces."""
    marker_end = _width(item.group(1) + item.group(2))
    space = _width(item.group(0)) - marker_end
    return marker_end + (space if 1 <= space <= 4 else 1)


def _width(prefix: str) -> int:
    """Columns `prefix` takes, a tab advancing to the next multiple of 4 (CommonMark)."""
    col = 0
    for ch in prefix:
        col += 4 - col % 4 if ch == "\t" else 1
    return col


def _columns(line: str) -> int:
    """The column the line's text starts at."""
    return _width(line[: len(line) - len(line.lstrip(" \t"))])


def four_space_lists(text: str) -> str:
    return _in_quotes(text, _four_space_lists)


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
        item = _ITEM.match(line)
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
        if lazy and indent < stack[-1].content and not _FENCE.match(out[-1]):
            # a lazy continuation line: more of the item's paragraph to both engines
            out.append(line)
            continue
        while stack and indent < stack[-1].content:  # less indented than the item's content
            stack.pop()
        if stack:  # content of the innermost item it is indented under
            shift = stack[-1].target + 4 - stack[-1].content
            m = _FENCE.match(line)
            if m:
                fence = (m.group(2), shift, indent)
            out.append(_shift(line, shift))
            continue
        m = _FENCE.match(line)
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
    if not line.strip():
        return line
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


# a `$` right after a Latin letter or digit (US$5) opens no math; after CJK text it does, since
# Japanese or Chinese prose has no spaces before it
_INLINE_DOLLAR = re.compile(
    r"(?<![\\$A-Za-z0-9])\$(?!\$)(?=\S)(?P<math>(?:\\\$|[^$\n])*?\S)(?<!\\)\$(?!\$)(?!\d)"
)
# a formula over several lines of one paragraph (MathJax reads it so), when it looks like TeX
_LINES_DOLLAR = re.compile(
    r"(?<![\\$A-Za-z0-9])\$(?!\$)(?=\S)(?P<math>[^$\n]*\n(?:[^$\n]|\n(?![ \t>]*\n))*?\S)"
    r"\$(?!\$)(?!\d)"
)


def _lines_math(m: re.Match[str]) -> str:
    return "$$" + m.group("math") + "$$" if re.search(r"[\\^_{]", m.group("math")) else m.group(0)


# `\\[x\\]` (the Blackfriday-era spelling) is `\[x\]` once Goldmark has read the escapes
_PAREN = re.compile(r"(?<!\\)\\\\\((?P<dbl>.+?)\\\\\)|\\\((?P<math>.+?)\\\)")
_BRACKET = re.compile(r"(?<!\\)\\\\\[(?P<dbl>.+?)\\\\\]|\\\[(?P<math>.+?)\\\]", re.DOTALL)


def _math(m: re.Match[str]) -> str:
    return m.group("dbl") if m.group("dbl") is not None else m.group("math")


@_unless(lambda text: "$" not in text and "\\" not in text)
def kramdown_math(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(_join_dollar_lines(lines, block=True))
        joined = _BRACKET.sub(lambda m: "$$" + _math(m) + "$$", joined)
        joined = _PAREN.sub(lambda m: "$$" + _math(m) + "$$", joined)
        parts = re.split(r"(\$\$.*?\$\$|`[^`\n]*`)", joined, flags=re.DOTALL)
        for i in range(0, len(parts), 2):  # only outside $$..$$ and inline code
            parts[i] = _LINES_DOLLAR.sub(_lines_math, parts[i])
            parts[i] = _INLINE_DOLLAR.sub(lambda m: "$$" + m.group("math") + "$$", parts[i])
            parts[i] = _LOOSE_DOLLAR.sub(lambda m: "$$" + m.group("math") + "$$", parts[i])
        joined = "".join(parts)
        return _DOLLARS.sub(_no_pipes, joined).split("\n")

    return _on_prose(text, fix)


_DOLLARS = re.compile(r"\$\$(?P<math>.+?)\$\$", re.DOTALL)


def _no_pipes(m: re.Match[str]) -> str:
    """kramdown reads a line with a `|` as a table row, inside inline math too (kramdown
    issue 107); `\\vert` is the same symbol in TeX. Display math (alone on its lines) is
    safe: kramdown reads it before tables."""
    text, start, end = m.string, m.start(), m.end()
    before = text[text.rfind("\n", 0, start) + 1 : start]
    after_end = text.find("\n", end)
    after = text[end : after_end if after_end >= 0 else len(text)]
    if not before.strip() and not after.strip():
        return m.group(0)
    return "$$" + re.sub(r"(?<!\\)\|", r"\\vert ", m.group("math")) + "$$"


_NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>|\$\$.*?\$\$|^\[[^\]\n]+\]:.*$", re.M)
_URL = re.compile(r"https?://[^\s<>()\[\]]+")


@_unless(lambda text: "://" not in text)
def url_underscores(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        parts = _NOT_PROSE.split("\n".join(lines))
        kept = _NOT_PROSE.findall("\n".join(lines))
        for i, part in enumerate(parts):
            parts[i] = _URL.sub(lambda m: re.sub(r"(?<!\\)_", r"\\_", m.group(0)), part)
        out = [parts[0]]
        for k, part in zip(kept, parts[1:], strict=True):
            out += [k, part]
        return "".join(out).split("\n")

    return _on_prose(text, fix)


# phrasing elements missing from kramdown's list of span elements (HTML_SPAN_ELEMENTS)
_UNKNOWN_SPAN = re.compile(r"<(font|mark|time|data|bdi|ins)\b(?![^>]*\bmarkdown=)([^>]*)>", re.I)


@_unless(lambda text: not _UNKNOWN_SPAN.search(text))
def markdown_in_spans(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [_UNKNOWN_SPAN.sub(r'<\1\2 markdown="span">', line) for line in lines]

    return _on_prose(text, fix)


_MATH_SPAN = re.compile(
    r"(?P<open>\$\$|\\\\\[|\\\\\()(?P<dmath>.+?)(?P<close>\$\$|\\\\\]|\\\\\))"
    r"|(?<![\\$])(?P<o1>\$)(?P<imath>(?:\\\\\$|[^$\n]|\n(?![ \t>]*\n))+?)(?P<c1>\$)",
    re.DOTALL,
)
# CommonMark's escapable ASCII punctuation, but for braces: Goldmark's `\{` is a `{`, which
# leaves `\left\{` unbalanced (a MathJax error in Hugo) or `\{0, 1\}` without its braces;
# the target keeps TeX's literal brace, the formula the author meant
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`|~])")


def _unescaped_span(m: re.Match[str]) -> str:
    if m.group("imath") is not None:
        return "$" + _MD_ESCAPE.sub(r"\1", m.group("imath")) + "$"
    return m.group("open") + _MD_ESCAPE.sub(r"\1", m.group("dmath")) + m.group("close")


@_unless(lambda text: "$" not in text and "\\" not in text)
def goldmark_math(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return _MATH_SPAN.sub(_unescaped_span, "\n".join(lines)).split("\n")

    return _on_prose(text, fix)


_SPACED_NOTE = re.compile(r"\[\^([^\]\n]*\s[^\]\n]*)\]")


@_unless(lambda text: "[^" not in text)
def footnote_labels(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [
            _SPACED_NOTE.sub(lambda m: "[^s-" + "-".join(m.group(1).split()) + "]", line)
            for line in lines
        ]

    return _on_prose(text, fix)


def display_math_blocks(text: str) -> str:
    if "$$" not in text:
        return text
    # the whole text is read, fences included, so that a list item holds across a fence
    body = _Body.read(text)
    lines = list(body.lines)  # lazy lines around a block are moved in (_indent_lazy_lines)
    prose = [kind == _PROSE for kind in body.kind]
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
        if out and out[-1].strip() and _QUOTE_MARKS.sub("", out[-1]).strip():
            out.append(_quote_prefix(line))
            if not _QUOTE_MARKS.match(line):
                edge = body.paragraph_column(body.paragraph_start(i - 1))
                _indent_lazy_lines(lines, i, edge, j + 1)
                line = lines[i]
        out += lines[i : j + 1]
        after = lines[j + 1] if j + 1 < len(lines) else ""
        if _QUOTE_MARKS.sub("", after).strip():
            out.append(_quote_prefix(line))
            _indent_lazy_lines(lines, j + 1, _columns(line))
        i = j + 1
    return "\n".join(out)


def _math_block_end(lines: list[str], prose: list[bool], i: int) -> int | None:
    """The line that closes the `$$` block opening at line i (i itself for `$$x$$`), or None
    when line i opens none: no `$$` at its start, `$$x$$ and text` (inline), never closed."""
    bare = _QUOTE_MARKS.sub("", lines[i]).strip()
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
    indent = _columns(lines[i])
    for j in range(i - 1, -1, -1):
        if lines[j].strip() and _columns(lines[j]) < indent:
            return bool(_ADMONITION.match(lines[j])) and _columns(lines[j]) <= indent - 4
    return False


def _indent_lazy_lines(lines: list[str], start: int, indent: int, end: int = -1) -> None:
    """Lines from `start` (to `end`, or the paragraph's end) that continue a paragraph lazily,
    left of its list item's edge, moved in to `indent`: once a blank line stands before them,
    they would leave the item they were part of."""
    k = start
    while k < len(lines) and (k < end or lines[k].strip()):
        line = lines[k]
        if k >= end and (_ITEM.match(line) or _BLOCK_START.match(line)):
            return
        if line.strip() and _columns(line) < indent:
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
    body = _Body.read(text)
    lines = list(body.lines)
    for i, line in enumerate(lines):
        m = _MD_CONTAINER.match(line)
        if not m or body.kind[i] != _PROSE or body.indented[i] or "markdown=" in line:
            continue
        if i + 1 == len(lines) or not lines[i + 1].strip():  # the HTML block is this line
            lines[i] = m.group(1) + ' markdown="1"' + m.group(2)
    return "\n".join(lines)


# a `$$` line indented by a space (blockquotes' marks before it): what math_blocks_at_margin moves
_INDENTED_MATH = re.compile(r"^[ \t>]* \$\$", re.MULTILINE)


@_unless(lambda text: not _INDENTED_MATH.search(text))
def math_blocks_at_margin(text: str) -> str:
    return _in_quotes(text, lambda t: _on_prose(t, _math_blocks_at_margin))


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
    m = _QUOTE_MARKS.match(line)
    return m.group(0).rstrip() if m else ""


@_unless(lambda text: "\\" not in text)
def brackets_to_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(lines)
        joined = _BRACKET.sub(lambda m: "$$" + _math(m) + "$$", joined)
        joined = _PAREN.sub(lambda m: "$" + _math(m).strip() + "$", joined)
        return joined.split("\n")

    return _on_prose(text, fix)


@_unless(lambda text: "---" not in text)
def rule_not_yaml(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = []
        for i, line in enumerate(lines):
            after_blank = i == 0 or not lines[i - 1].strip()
            if after_blank and re.fullmatch(r"[ \t]{0,3}-{3,}[ \t]*", line):
                line = line.replace("-", "*")
            out.append(line)
        return out

    return _on_prose(text, fix)


@_unless(lambda text: ":" not in text)
def emoji_to_unicode(text: str) -> str:
    # the `emoji` package knows GitHub's (gemoji) shortcodes, the list Hugo uses
    return _on_prose(
        text, lambda lines: emoji.emojize("\n".join(lines), language="alias").split("\n")
    )


@_unless(lambda text: "<svg" not in text)
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

    return _on_prose(text, fix)


_SVG_TAG = re.compile(r"<svg\b|</svg\s*>", re.IGNORECASE)


def _svg_depth(line: str, depth: int) -> int:
    """How many <svg> elements are open after `line`, `depth` being open before it."""
    for m in _SVG_TAG.finditer(line):
        depth += -1 if m.group(0).startswith("</") else 1
    return depth


# CommonMark's HTML block start 6: one of these tags opens a block that runs to a blank line
_HTML_BLOCK_6 = re.compile(
    r"^ {0,3}</?(address|article|aside|base|basefont|blockquote|body|caption|center|col"
    r"|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame"
    r"|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav"
    r"|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th"
    r"|thead|title|tr|track|ul)(?=[ \t>]|/>|$)",
    re.IGNORECASE,
)
_HTML_BLOCK_6_LINE = re.compile(_HTML_BLOCK_6.pattern, re.IGNORECASE | re.MULTILINE)
_VERBATIM_TAG = re.compile(r"<(/?)(pre|textarea|script|style)\b", re.IGNORECASE)


@_unless(lambda text: not _HTML_BLOCK_6_LINE.search(text))
def html_block_indent(text: str) -> str:
    body = _Body.read(text)
    out: list[str] = []
    in_block = False
    verbatim = 0  # open <pre>-like elements, whose whitespace shows
    for i, line in enumerate(body.lines):
        if body.kind[i] != _PROSE or not line.strip():
            in_block = False
            verbatim = 0
        elif not in_block and _HTML_BLOCK_6.match(line):
            in_block = body.container_column(i) == 0
        if in_block and not verbatim and _columns(line) >= 4 and line.lstrip().startswith("<"):
            line = line.lstrip(" \t")
        if in_block:
            for m in _VERBATIM_TAG.finditer(line):
                verbatim = max(0, verbatim + (-1 if m.group(1) else 1))
        out.append(line)
    return "\n".join(out)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_OPEN_P = re.compile(r"<[pP](?=[\s/>])")  # what `_TAG` finds of a <p> start tag
# elements whose start tag closes an open <p> (HTML's optional end tag rule), and phrasing
# elements, whose end tag does not: any other end tag closes it too (its parent's, </td>)
_CLOSES_P = frozenset(
    re.findall(
        r"\w+",
        "address article aside blockquote details dialog div dl fieldset figcaption figure "
        "footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section "
        "table ul",
    )
)
_PHRASING = frozenset(
    re.findall(
        r"\w+",
        "a abbr b bdi bdo br cite code data dfn em font i img kbd mark q s samp small span "
        "strong sub sup time u var",
    )
)


@_unless(lambda text: not _OPEN_P.search(text))
def close_paragraphs(text: str) -> str:
    body = _Body.read(text)
    lines = list(body.lines)
    open_p = False  # whether the HTML block has a <p> open
    for i, line in enumerate(lines):
        if not body.html[i]:
            open_p = False
            continue
        out: list[str] = []
        pos = 0
        for m in _TAG.finditer(line):
            closing, name = m.group(1) == "/", m.group(2).lower()
            implied = (name in _CLOSES_P) if not closing else (name not in _PHRASING)
            if open_p and implied and not (closing and name == "p"):
                out.append(line[pos : m.start()] + "</p>")
                pos = m.start()
                open_p = False
            if name == "p":
                open_p = not closing
        out.append(line[pos:])
        lines[i] = "".join(out)
        if open_p and (i + 1 >= len(lines) or not body.html[i + 1]):
            lines[i] += "</p>"
            open_p = False
    return "\n".join(lines)


_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


@_unless(lambda text: "|" not in text or "-" not in text)
def header_only_tables(text: str) -> str:
    body = _Body.read(text)
    lines = body.lines
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        is_table = (
            body.kind[i] == _PROSE
            and "|" in line
            and i + 1 < len(lines)
            and body.kind[i + 1] == _PROSE
            and _DELIMITER_ROW.match(lines[i + 1])
            and "|" in lines[i + 1]
            and (i + 2 >= len(lines) or "|" not in lines[i + 2] or not lines[i + 2].strip())
            and (i == 0 or not lines[i - 1].strip())
        )
        heads, delims = (_cells(line), _cells(lines[i + 1])) if is_table else ([], [])
        if not is_table or len(heads) != len(delims):
            out.append(line)
            i += 1
            continue
        cells = []
        for head, delim in zip(heads, delims, strict=True):
            align = {(True, True): "center", (True, False): "left", (False, True): "right"}.get(
                (delim.startswith(":"), delim.endswith(":"))
            )
            style = f' style="text-align: {align}"' if align else ""
            cells.append(f'      <th{style} markdown="span">{head}</th>')
        out += ["<table>", "  <thead>", "    <tr>", *cells, "    </tr>", "  </thead>", "</table>"]
        i += 2
    return "\n".join(out)


_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_PIPE_SAFE = re.compile(r"`+[^`\n]*`+|\$\$.*?\$\$|<[^>\n]*>|\]\([^)\n]*\)|\{%.*?%\}")


@_unless(lambda text: "|" not in text)
def pipes_outside_tables(text: str) -> str:
    body = _Body.read(text)
    lines = body.lines
    bare = [_QUOTE_MARKS.sub("", line) for line in lines]  # a table may be in a blockquote
    in_table = [False] * len(lines)
    i = 0
    while i < len(lines):
        is_head = (
            "|" in bare[i]
            and i + 1 < len(lines)
            and "|" in bare[i + 1]
            and _DELIMITER_ROW.match(bare[i + 1])
        )
        if is_head:
            j = i
            while j < len(lines) and bare[j].strip() and "|" in bare[j]:
                in_table[j] = True
                j += 1
            i = j
        else:
            i += 1
    out: list[str] = []
    for i, line in enumerate(lines):
        plain = body.kind[i] == _PROSE and not body.indented[i] and not body.html[i]
        if plain and not in_table[i] and "|" in line:
            parts = _PIPE_SAFE.split(line)
            kept = _PIPE_SAFE.findall(line)
            parts = [re.sub(r"(?<!\\)\|", r"\\|", part) for part in parts]
            line = parts[0] + "".join(k + p for k, p in zip(kept, parts[1:], strict=True))
        out.append(line)
    return "\n".join(out)


_INDENTED_HEADING = re.compile(r"^ {1,3}#{1,6}(?:\s|$)", re.MULTILINE)


@_unless(lambda text: not _INDENTED_HEADING.search(text))
def heading_indent(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [
            line.lstrip(" ")
            if _INDENTED_HEADING.match(line) and not _under_list_item(lines, i)
            else line
            for i, line in enumerate(lines)
        ]

    return _on_prose(text, fix)


def _under_list_item(lines: list[str], i: int) -> bool:
    """Whether line i is indented to the content of a list item above it (then it stays)."""
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    j = i - 1
    while j >= 0:
        m = _ITEM.match(lines[j])
        if m:
            return indent >= len(m.group(1)) + len(m.group(2)) + max(1, len(m.group(3)))
        if lines[j].strip() and not lines[j].startswith(" "):
            return False
        j -= 1
    return False


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
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


@_unless(lambda text: "|" not in text)
def raw_html_in_cells(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = list(lines)
        for i in range(1, len(lines)):
            if "|" not in lines[i] or not _DELIMITER_ROW.match(lines[i]):
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

    return _on_prose(text, fix)


def _raw_if_block(m: re.Match[str]) -> str:
    return f"`{m.group(0)}`{{=html}}" if m.group(1).lower() in _PANDOC_BLOCK_TAGS else m.group(0)


_LOOSE_DOLLAR = re.compile(
    r"(?<![\\$])\$(?!\$)([ \t]*)(?P<math>[^$\n]*?[\\^_{][^$\n]*?)([ \t]*)\$(?!\$)"
)


def _loose_dollars(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`line` with each TeX-looking `$ x $` replaced, outside code spans and `$$` spans."""
    return line if "$" not in line else _each_loose_dollar(line, replace)  # most lines: text


def _each_loose_dollar(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`_loose_dollars`, the line taken apart."""
    parts = re.split(r"(`[^`\n]*`|\$\$.*?\$\$)", line)
    for i in range(0, len(parts), 2):
        parts[i] = _LOOSE_DOLLAR.sub(replace, parts[i])
    return "".join(parts)


@_unless(lambda text: "$" not in text)
def tight_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [_loose_dollars(line, _tight) for line in _join_dollar_lines(lines)]

    return _on_prose(text, fix)


@_unless(lambda text: "$" not in text and "\\[" not in text)
def arithmatex_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [_arithmatex_line(line) for line in _join_dollar_lines(lines)]

    return _on_prose(text, fix)


def _arithmatex_line(line: str) -> str:
    """A line of `arithmatex_dollars`; most have neither `$` nor `\\[`, and stay."""
    return line if "$" not in line and "\\[" not in line else _arithmatex_math(line)


def _arithmatex_math(line: str) -> str:
    """The line with `$$x$$` and `\\[x\\]` inside it as `$\\displaystyle x$`, and each
    TeX-looking `$ x $` as `$x$` (`arithmatex_dollars`)."""
    if not _LONE_DISPLAY.fullmatch(_QUOTE_MARKS.sub("", line)):
        parts = re.split(r"(`[^`\n]*`)", line)  # code spans stay as they are
        parts[::2] = [
            _INLINE_BRACKETS.sub(_display_style, _INLINE_DISPLAY.sub(_display_style, part))
            for part in parts[::2]
        ]
        line = "".join(parts)
    return _loose_dollars(line, _arithmatex_tight)


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


def _tight(m: re.Match[str]) -> str:
    """A TeX-looking `$ x $` as `$x$`; and before a digit (`$x =$70`, which pandoc would not
    close there) an empty span `[]{}` between the two."""
    math = m.group("math").strip()
    if not math:
        return m.group(0)
    after = m.string[m.end() : m.end() + 1]
    closed = not math.endswith("\\")  # `\$` is a dollar sign inside the formula, not its end
    return "$" + math + "$" + ("[]{}" if closed and after.isdigit() else "")


_LONE_DOLLAR = re.compile(r"[ \t]*\$[ \t]*")


def _join_dollar_lines(lines: list[str], block: bool = False) -> list[str]:
    """A `$` alone on a line, TeX lines, and a `$` alone on a line (no blank line between) as
    one `$...$` span. MathJax in Hugo reads it as math across the line breaks; pandoc needs the
    dollars against the formula, else it drops `\\begin{aligned}` and the like as raw TeX.
    With `block`, the lone dollars become `$$` lines instead (kramdown's only delimiter)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _LONE_DOLLAR.fullmatch(lines[i]):
            j = i + 1
            while j < len(lines) and lines[j].strip() and "$" not in lines[j]:
                j += 1
            inner = lines[i + 1 : j]
            if (
                j < len(lines)
                and inner
                and _LONE_DOLLAR.fullmatch(lines[j])
                and re.search(r"[\\^_{]", "".join(inner))
            ):
                if block:
                    out += [lines[i].replace("$", "$$"), *inner, lines[j].replace("$", "$$")]
                    i = j + 1
                    continue
                joined = [lines[i].rstrip() + inner[0].lstrip(), *inner[1:]]
                joined[-1] = joined[-1].rstrip() + "$"
                out += joined
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return out


@_unless(lambda text: "\\" not in text)
def literal_backslashes(text: str) -> str:
    body = _Body.read(text)
    out: list[str] = []
    run: list[str] = []  # prose lines, handled together (a code span may cross lines)

    def flush() -> None:
        if run:
            out.extend(_double_backslashes("\n".join(run)).split("\n"))
            run.clear()

    for i, line in enumerate(body.lines):
        if body.kind[i] != _PROSE or body.indented[i]:
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


DIALECT_FIXES: dict[str, Callable[[str], str]] = {
    "tight_dollars": tight_dollars,
    "raw_svg": raw_svg,
    "raw_html_in_cells": raw_html_in_cells,
    "plain_fence_info": plain_fence_info,
    "one_word_fence_info": one_word_fence_info,
    "close_paragraphs": close_paragraphs,
    "fences_end_lists": fences_end_lists,
    "raw_fences": raw_fences,
    "header_only_tables": header_only_tables,
    "pipes_outside_tables": pipes_outside_tables,
    "url_underscores": url_underscores,
    "footnote_labels": footnote_labels,
    "markdown_in_spans": markdown_in_spans,
    "literal_backslashes": literal_backslashes,
    "html_block_indent": html_block_indent,
    "heading_indent": heading_indent,
    "emoji_to_unicode": emoji_to_unicode,
    "rule_not_yaml": rule_not_yaml,
    "brackets_to_dollars": brackets_to_dollars,
    "lone_image_inline": lone_image_inline,
    "blank_line_before_lists": blank_line_before_lists,
    "blank_line_before_fences": blank_line_before_fences,
    "blank_line_before_headings": blank_line_before_headings,
    "four_space_lists": four_space_lists,
    "display_math_blocks": display_math_blocks,
    "math_blocks_at_margin": math_blocks_at_margin,
    "markdown_in_html_blocks": markdown_in_html_blocks,
    "arithmatex_dollars": arithmatex_dollars,
    "kramdown_math": kramdown_math,
}
