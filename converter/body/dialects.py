"""Markdown dialect fixes: what Goldmark (Hugo) reads one way and the target's parser another.

Each fix is a pure function on Markdown text that leaves code alone, and a target's table
lists the ones it needs (`body.dialect`). They are deliberately small and line-based rather
than a round trip through pandoc, which would re-flow and re-escape every page.

- `lone_image_inline` (pandoc, Quarto): pandoc makes an image alone in a paragraph a figure
  captioned with its alt text; Goldmark shows a plain image. A trailing `\\ ` (non-breaking
  space) keeps it inline, as the pandoc manual advises.
- `blank_line_before_lists` (pandoc, Python-Markdown): a list right after a paragraph line is
  a list to Goldmark, but a continuation of the paragraph to pandoc and Python-Markdown.
- `blank_line_before_fences` (pandoc, Quarto): a fence indented 1 to 3 columns may interrupt a
  paragraph in CommonMark; pandoc reads it as a code span continuing the paragraph unless it
  starts at the paragraph's container edge, so a blank line goes before it there.
- `plain_fence_info` (pandoc, Quarto): Goldmark takes a fence's language from the first word
  of its info string and ignores the rest (```` ```sas proc ````); pandoc reads a fence with
  more words (other than a `{...}` attribute block) as a code span. The language alone is kept.
- `four_space_lists` (Python-Markdown): nested list items and their content need 4 spaces per
  level; CommonMark nests at the parent's content column (often 2 or 3).
- `brackets_to_dollars` (pandoc, Quarto): `\\(x\\)` and `\\[x\\]` are not pandoc math; `$x$` and
  `$$x$$` are.
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
- `heading_indent` (pandoc, Quarto): ` ### x` (1 to 3 spaces) is a heading to CommonMark even
  after a list; pandoc may read it as part of the list item. Headings start at column 0.
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

import re
from collections.abc import Callable, Iterator

import emoji

# a backtick fence's info string has no backtick: "```a, b```" is a code span (CommonMark)
_FENCE = re.compile(r"^([ \t]*)(`{3,}(?=[^`]*$)|~{3,})")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")


def _segments(text: str) -> Iterator[tuple[bool, list[str]]]:
    """(is_code, lines) runs of the text: fenced blocks are code, the rest prose."""
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


def plain_fence_info(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2)

    out: list[str] = []
    for is_code, lines in _segments(text):
        if is_code:
            lines = [_FENCE_INFO.sub(fix, lines[0]), *lines[1:]]
        out.extend(lines)
    return "\n".join(out)


_LONE_IMAGE = re.compile(r"^[ \t]*!\[[^\]\n]*\]\([^)\n]*\)[ \t]*$")


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


def blank_line_before_lists(text: str) -> str:
    lines, kind = _line_kinds(text)
    out: list[str] = []
    for i, line in enumerate(lines):
        m = _ITEM.match(line) if kind[i] == _PROSE else None
        if (
            m
            and i > 0
            and kind[i - 1] == _PROSE
            and _is_paragraph_line(lines[i - 1])
            and not _in_list(lines, kind, i - 1)
            and _starts_list(m, lines, kind, i)
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _starts_list(item: re.Match[str], lines: list[str], kind: list[int], i: int) -> bool:
    """Whether the item line `i`, right after a paragraph line, starts a list to CommonMark.

    A new list may interrupt a paragraph only with a non-empty item, an ordered one only when
    it starts at 1, and only indented less than 4 columns past the paragraph's container; any
    other such line is text of the paragraph (`the 2. of May`, an over-indented `    - x`),
    which a blank line would turn into a list (or an indented code block) for pandoc. A line
    left of the paragraph's list item is an item of an outer list, where no rule applies.
    """
    first = i - 1
    while first > 0 and lines[first - 1].strip() and kind[first - 1] == _PROSE:
        first -= 1
    base = _container_column(lines, kind, first)
    indent = _columns(lines[i])
    if indent < base:
        return True
    number = item.group(2)[:-1]
    empty = not lines[i][item.end() :].strip()
    return not empty and (not number or int(number) == 1) and indent - base < 4


def blank_line_before_fences(text: str) -> str:
    out: list[str] = []
    kind: list[int] = []  # of each line of `out`: _PROSE, _FENCE_LINE or _CODE
    for is_code, lines in _segments(text):
        if is_code and _fence_needs_blank(out, kind, lines[0]):
            out.append("")
            kind.append(_PROSE)
        out.extend(lines)
        kind.extend(_kinds(is_code, len(lines)))
    return "\n".join(out)


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


def _fence_needs_blank(before: list[str], kind: list[int], fence: str) -> bool:
    """Whether pandoc would read `fence` as a code span continuing the paragraph above it.

    CommonMark lets a fence indented 0 to 3 columns interrupt a paragraph; pandoc only one at
    the left edge of the paragraph's container (column 0, or the content column of the list
    item holding the paragraph): `text` then `  ```` is a code span to pandoc. A blank line
    is only added there, since inside a list it would also make the list loose. Paragraphs in
    an HTML block are left alone: a blank line would end the block, changing Goldmark's view.
    """
    first = len(before)
    while first > 0 and before[first - 1].strip() and kind[first - 1] == _PROSE:
        first -= 1
    if first == len(before):  # a blank line, a fence or nothing above
        return False
    run = before[first:]
    if not (_is_paragraph_line(run[-1]) or _ITEM.match(run[-1])):
        return False
    if any(line.lstrip().startswith("<") for line in run):
        return False
    base = 0
    for i in range(len(run) - 1, -1, -1):  # the list item the paragraph starts in, if any
        item = _ITEM.match(run[i])
        if item:
            base = _content_column(item)
            break
    else:
        base = _container_column(before, kind, first)
    return _columns(fence) > base


def _content_column(item: re.Match[str]) -> int:
    """CommonMark's content column of a list item: after the marker and 1 to 4 spaces."""
    marker_end = _width(item.group(1) + item.group(2))
    space = _width(item.group(0)) - marker_end
    return marker_end + (space if 1 <= space <= 4 else 1)


def _container_column(lines: list[str], kind: list[int], first: int) -> int:
    """The content column of the open list item that line `first` (the first line of a
    paragraph after a blank line) belongs to, 0 at the top level. An item contains the line
    when the line is indented at least to the item's content column and no line between them
    was indented less (which would have closed the item)."""
    limit = _columns(lines[first])
    for j in range(first - 1, -1, -1):
        if kind[j] == _CODE or not lines[j].strip():
            continue
        item = _ITEM.match(lines[j])
        if item and _content_column(item) <= limit:
            return _content_column(item)
        limit = min(limit, _columns(lines[j]))
    return 0


def _width(prefix: str) -> int:
    """Columns `prefix` takes, a tab advancing to the next multiple of 4 (CommonMark)."""
    col = 0
    for ch in prefix:
        col += 4 - col % 4 if ch == "\t" else 1
    return col


def _columns(line: str) -> int:
    """The column the line's text starts at."""
    return _width(line[: len(line) - len(line.lstrip(" \t"))])


def _in_list(lines: list[str], kind: list[int], i: int) -> bool:
    """Whether line i continues a list item (then the next item needs no blank line)."""
    while i >= 0 and lines[i].strip() and kind[i] == _PROSE:
        if _ITEM.match(lines[i]):
            return True
        i -= 1
    return False


def four_space_lists(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    # open items: (source marker indent, source content column, target marker indent)
    stack: list[tuple[int, int, int]] = []
    fence: tuple[str, int] | None = None  # an open fence inside a list, and its indent shift
    for line in lines:
        if fence is not None:
            marker, shift = fence
            out.append(_shift(line, shift))
            stripped = line.strip()
            if stripped.startswith(marker) and not stripped.strip(marker[0]):
                fence = None
            continue
        if not line.strip():
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _ITEM.match(line)
        if item:
            content = len(item.group(1)) + len(item.group(2)) + max(1, len(item.group(3)))
            while stack and indent < stack[-1][1] and indent <= stack[-1][0]:
                stack.pop()
            if (stack and indent >= stack[-1][1]) or (stack and indent > stack[-1][0]):
                target = stack[-1][2] + 4
            else:
                target = (
                    stack[-1][2]
                    if stack and indent == stack[-1][0]
                    else (stack[-1][2] if stack else indent)
                )
                if stack and indent == stack[-1][0]:
                    stack.pop()
            stack.append((indent, indent + (content - len(item.group(1))), target))
            new = " " * target + line.lstrip(" ")
            out.append(new)
            continue
        while stack and indent < stack[-1][1]:  # less indented than the item's content
            stack.pop()
        if stack:  # content of the innermost item it is indented under
            _, content_col, target = stack[-1]
            shift = target + 4 - content_col
            m = _FENCE.match(line)
            if m:
                fence = (m.group(2), shift)
            out.append(_shift(line, shift))
            continue
        out.append(line)
    return "\n".join(out)


def _shift(line: str, shift: int) -> str:
    if shift >= 0:
        return " " * shift + line if line.strip() else line
    remove = min(-shift, len(line) - len(line.lstrip(" ")))
    return line[remove:]


_INLINE_DOLLAR = re.compile(r"(?<![\\$\w])\$(?!\$)(?=\S)(?P<math>[^$\n]*?\S)\$(?!\$)(?!\d)")
# `\\[x\\]` (the Blackfriday-era spelling) is `\[x\]` once Goldmark has read the escapes
_PAREN = re.compile(r"(?<!\\)\\\\\((?P<dbl>.+?)\\\\\)|\\\((?P<math>.+?)\\\)")
_BRACKET = re.compile(r"(?<!\\)\\\\\[(?P<dbl>.+?)\\\\\]|\\\[(?P<math>.+?)\\\]", re.DOTALL)


def _math(m: re.Match[str]) -> str:
    return m.group("dbl") if m.group("dbl") is not None else m.group("math")


def kramdown_math(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(lines)
        joined = _BRACKET.sub(lambda m: "$$" + _math(m) + "$$", joined)
        joined = _PAREN.sub(lambda m: "$$" + _math(m) + "$$", joined)
        parts = re.split(r"(\$\$.*?\$\$|`[^`\n]*`)", joined, flags=re.DOTALL)
        for i in range(0, len(parts), 2):  # only outside $$..$$ and inline code
            parts[i] = _INLINE_DOLLAR.sub(lambda m: "$$" + m.group("math") + "$$", parts[i])
        return "".join(parts).split("\n")

    return _on_prose(text, fix)


def brackets_to_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(lines)
        joined = _BRACKET.sub(lambda m: "$$" + _math(m) + "$$", joined)
        joined = _PAREN.sub(lambda m: "$" + _math(m).strip() + "$", joined)
        return joined.split("\n")

    return _on_prose(text, fix)


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


def emoji_to_unicode(text: str) -> str:
    # the `emoji` package knows GitHub's (gemoji) shortcodes, the list Hugo uses
    return _on_prose(
        text, lambda lines: emoji.emojize("\n".join(lines), language="alias").split("\n")
    )


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
_VERBATIM_TAG = re.compile(r"<(/?)(pre|textarea|script|style)\b", re.IGNORECASE)


def html_block_indent(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out: list[str] = []
        in_block = False
        verbatim = 0  # open <pre>-like elements, whose whitespace shows
        for i, line in enumerate(lines):
            if not line.strip():
                in_block = False
                verbatim = 0
            elif not in_block and _HTML_BLOCK_6.match(line):
                in_block = _container_column(lines, [_PROSE] * len(lines), i) == 0
            if in_block and not verbatim and _columns(line) >= 4 and line.lstrip().startswith("<"):
                line = line.lstrip(" \t")
            if in_block:
                for m in _VERBATIM_TAG.finditer(line):
                    verbatim = max(0, verbatim + (-1 if m.group(1) else 1))
            out.append(line)
        return out

    return _on_prose(text, fix)


def heading_indent(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [
            line.lstrip(" ")
            if re.match(r"^ {1,3}#{1,6}(\s|$)", line) and not _under_list_item(lines, i)
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


def tight_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = []
        for line in _join_dollar_lines(lines):
            parts = re.split(r"(`[^`\n]*`|\$\$.*?\$\$)", line)
            for i in range(0, len(parts), 2):
                parts[i] = _LOOSE_DOLLAR.sub(_tight, parts[i])
            out.append("".join(parts))
        return out

    return _on_prose(text, fix)


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


def _join_dollar_lines(lines: list[str]) -> list[str]:
    """A `$` alone on a line, TeX lines, and a `$` alone on a line (no blank line between) as
    one `$...$` span. MathJax in Hugo reads it as math across the line breaks; pandoc needs the
    dollars against the formula, else it drops `\\begin{aligned}` and the like as raw TeX."""
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
                joined = [lines[i].rstrip() + inner[0].lstrip(), *inner[1:]]
                joined[-1] = joined[-1].rstrip() + "$"
                out += joined
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def literal_backslashes(text: str) -> str:
    lines, kind = _line_kinds(text)
    out: list[str] = []
    run: list[str] = []  # prose lines, handled together (a code span may cross lines)
    in_code = False  # inside an indented code block

    def flush() -> None:
        if run:
            out.extend(_double_backslashes("\n".join(run)).split("\n"))
            run.clear()

    for i, line in enumerate(lines):
        if kind[i] != _PROSE:
            flush()
            out.append(line)
            in_code = False
            continue
        if line.strip():
            starts_block = i == 0 or not lines[i - 1].strip() or kind[i - 1] != _PROSE
            in_code = (in_code or starts_block) and (
                _columns(line) - _container_column(lines, kind, i) >= 4
            )
        if in_code:
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
    "literal_backslashes": literal_backslashes,
    "html_block_indent": html_block_indent,
    "heading_indent": heading_indent,
    "emoji_to_unicode": emoji_to_unicode,
    "rule_not_yaml": rule_not_yaml,
    "brackets_to_dollars": brackets_to_dollars,
    "lone_image_inline": lone_image_inline,
    "blank_line_before_lists": blank_line_before_lists,
    "blank_line_before_fences": blank_line_before_fences,
    "four_space_lists": four_space_lists,
    "kramdown_math": kramdown_math,
}
