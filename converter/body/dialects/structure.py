"""How CommonMark blocks a body, as far as the dialect fixes need it: which lines are fences
or code, list items (and the content column of the item each line is in), paragraph text,
indented code, HTML blocks; blockquotes are read by taking their marks off and reading the
inside as a document of its own (`in_quotes`).

A hand scanner, not a CommonMark parser such as markdown-it-py: tried for issue 20 and
measured on the 1,467 bodies of tests/test_perf_dialects.py (every corpus page and a
synthetic site's), markdown-it-py's block parse alone (commonmark preset, inline rules off)
takes 5 to 6 times the scanner's time. A target's fixes read 576 (Jekyll) to 1,848 (Quarto)
texts there, each fix that changes the text handing a new one on: 0.15 to 0.64 s of reading
by the scanner, 0.8 to 2.6 s by markdown-it-py, against 1.0 to 1.2 s for a target's whole
body renderer today, which would take 1.6 to 2.8 times as long on real pages (on the
benchmark's 5,000 synthetic pages, 4 to 8 % more CPU for a target short of 1,000 pages a
second already). Nor would it be much simpler: its fences, indented code and HTML blocks
give the same output (1 body of 1,339 renders otherwise), but what the list fixes need,
each line's item and content column with lazy lines, is not in its tokens, so the reading
of lists below stays, and the fixes, which rewrite lines, stay as they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# a backtick fence's info string has no backtick: "```a, b```" is a code span (CommonMark)
FENCE = re.compile(r"^([ \t]*)(`{3,}(?=[^`]*$)|~{3,})")
ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")


Fix = Callable[[str], str]


def unless(cannot_change: Callable[[str], bool]) -> Callable[[Fix], Fix]:
    """The fix, but returning the text as it is when `cannot_change(text)`: a check of the
    whole text for what every change of the fix needs (a `|`, a fence, a `$`...), far
    cheaper than the fix's reading of it line by line, and most pages have none. The check
    may pass a text the fix leaves alone, never stop one it would change: the tests hold
    each fix to its `__wrapped__` self, which reads every text."""

    def wrap(fix: Fix) -> Fix:
        @functools.wraps(fix)
        def checked(text: str) -> str:
            return text if cannot_change(text) else fix(text)

        return checked

    return wrap


def no_fence(text: str) -> bool:
    return "```" not in text and "~~~" not in text


_QUOTE_START = re.compile(r"^([ \t]*>) ?")
_QUOTE_LINE = re.compile(r"^[ \t]*>", re.MULTILINE)  # a line `_QUOTE_START` matches


def in_quotes(text: str, fix: Callable[[str], str]) -> str:
    """`fix` applied to the text, then to the inside of each blockquote in its prose, its
    `>` marks taken off and put back: a blockquote holds a document of its own (lists,
    math blocks), which both engines read as they would at the top level."""
    fixed = fix(text)
    return fix_quotes(fixed, fix) if _QUOTE_LINE.search(fixed) else fixed  # most: no quote


def fix_quotes(text: str, fix: Callable[[str], str]) -> str:
    """`fix` applied to the inside of each blockquote of the text (`in_quotes`)."""
    out: list[str] = []
    for is_code, lines in segments(text):
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
            fixed = in_quotes("\n".join(inner), fix).split("\n")
            out += run if fixed == inner else [mark + (" " + x if x else "") for x in fixed]
            i = j
    return "\n".join(out)


def segments(text: str) -> Iterator[tuple[bool, list[str]]]:
    """(is_code, lines) runs of the text: fenced blocks are code, the rest prose."""
    if "```" not in text and "~~~" not in text:
        yield False, text.split("\n")  # no line can open a fence (most pages): one run
        return
    yield from scan_segments(text)


def scan_segments(text: str) -> Iterator[tuple[bool, list[str]]]:
    """`segments`, line by line: the reading for a text that may hold a fence."""
    lines = text.split("\n")
    prose: list[str] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
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


def on_prose(text: str, fix: Callable[[list[str]], list[str]]) -> str:
    out: list[str] = []
    for is_code, lines in segments(text):
        out.extend(lines if is_code else fix(lines))
    return "\n".join(out)


def _is_paragraph_line(line: str) -> bool:
    s = line.strip()
    if not s or ITEM.match(line):
        return False
    return not s.startswith(
        ("#", ">", "|", "<", "---", "***", "___", "=", "{{", ":::", "!!!", "???")
    )


def blank_before_fences(text: str, needs_blank: Callable[[Body, int], bool]) -> str:
    """`text` with a blank line before each fence right under a paragraph line that
    `needs_blank(body, i)` picks."""
    body = Body.read(text)
    out: list[str] = []
    for i, line in enumerate(body.lines):
        opens = body.kind[i] == FENCE_LINE and i > 0 and body.kind[i - 1] == PROSE
        if opens and body.para[i - 1] and needs_blank(body, i):
            out.append("")
        out.append(line)
    return "\n".join(out)


PROSE, FENCE_LINE, CODE = 0, 1, 2


def _kinds(is_code: bool, n: int) -> list[int]:
    """The kind of each of the n lines of a segment: a fenced block's first and last lines
    are its fences (they close lists like any line at their indentation), the rest code."""
    if not is_code:
        return [PROSE] * n
    return [FENCE_LINE] + [CODE] * (n - 2) + [FENCE_LINE][: n - 1]


_BLANK_LINE = re.compile(r"(?!)")  # an HTML block that a blank line ends
_HTML_TAG_LINE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>\s*")


def html_block(text: str, follows_text: bool) -> re.Pattern[str] | None:
    """If a line (its indentation removed) opens a CommonMark HTML block, what ends the block;
    None otherwise. A block may end on the line that opens it."""
    if not text.startswith("<"):
        return None  # every start condition begins with `<` (most lines: text)
    return html_block_start(text, follows_text)


def html_block_start(text: str, follows_text: bool) -> re.Pattern[str] | None:
    """`html_block`, each start condition tried in turn."""
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
    elif HTML_BLOCK_6.match(text) or (not follows_text and _HTML_TAG_LINE.fullmatch(text)):
        return _BLANK_LINE
    else:
        return None
    return None if end.search(text, 2) else end  # closed on its own line: nothing more


@dataclass
class Body:
    """A body's lines as CommonMark blocks them, as far as the list fixes need: which lines are
    fences or code, which are list items, which hold paragraph text."""

    lines: list[str]
    kind: list[int]  # PROSE, FENCE_LINE or CODE
    items: list[re.Match[str] | None]  # the marker of each line that opens a list item
    para: list[bool]  # whether the line is paragraph text (an item's first line included)
    indented: list[bool]  # whether the line is in an indented code block
    html: list[bool]  # whether the line is in an HTML block, which Goldmark passes through
    # the content column of the open list item each line belongs to (`container_column`)
    containers: list[int]

    @staticmethod
    def read(text: str) -> Body:
        """The blocks of `text`, shared with the last caller that read the same text: a
        target's fixes run one after another and mostly hand the text on unchanged, so the
        next one would read it again (about 5 reads a page). Hence no one changes a body
        once it is read."""
        last = _last_read[0] if _last_read else None
        if last is not None and last[0] == text:
            return last[1]
        body = Body.parse(text)
        _last_read[:] = [(text, body)]
        return body

    @staticmethod
    def parse(text: str) -> Body:
        """`read` without the sharing: the text read anew."""
        lines: list[str] = []
        kind: list[int] = []
        starts: set[int] = set()  # the first line of each fenced block
        for is_code, segment in segments(text):
            if is_code:
                starts.add(len(lines))
            lines.extend(segment)
            kind.extend(_kinds(is_code, len(segment)))
        n = len(lines)
        body = Body(lines, kind, [None] * n, [False] * n, [False] * n, [False] * n, [0] * n)
        html_end: re.Pattern[str] | None = None  # what ends the HTML block the line is in
        # the content columns of the items a line below may still be in, innermost last, so
        # that each line's container is known in one pass instead of a walk back per line
        # (`container_column_walk`). Each is left of the one after it: an item's marker line
        # pops what its indentation closes, and its content column is right of that.
        open_items: list[int] = []
        for i, line in enumerate(lines):
            if i:  # line i-1 is read (its kind and item are final): what it closes or opens
                above = lines[i - 1]
                if kind[i - 1] != CODE and above.strip():
                    if open_items:
                        indent = columns(above)
                        while open_items and open_items[-1] > indent:
                            open_items.pop()
                    item = body.items[i - 1]
                    if item:
                        open_items.append(content_column(item))
            if open_items:
                limit = columns(line)
                for column in reversed(open_items):
                    if column <= limit:
                        body.containers[i] = column
                        break
            if i in starts and i > 0 and body._under_text(i) and body._fence_is_text(i):
                j = i  # the whole block continues the paragraph
                while j < len(lines) and (j == i or kind[j] != FENCE_LINE):
                    kind[j] = PROSE
                    j += 1
                if j < len(lines):
                    kind[j] = PROSE
            if kind[i] != PROSE:
                continue
            if not line.strip():
                html_end = None if html_end is _BLANK_LINE else html_end
                continue
            if html_end is not None:
                body.html[i] = True
                html_end = None if html_end.search(line) else html_end
                continue
            follows_text = i > 0 and body.para[i - 1]
            if not follows_text and columns(line) - body.container_column(i) >= 4:
                body.indented[i] = True  # cannot interrupt a paragraph, can follow the rest
                continue
            html_end = html_block(line.lstrip(" \t"), follows_text)
            if html_end is not None:
                body.html[i] = True
                continue
            item = ITEM.match(line)
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
        return content_column(item) if item else self.container_column(first)

    def _under_text(self, i: int) -> bool:
        """Whether line i is right under a paragraph line, or a line of `|` text (a table's
        row, or a paragraph when no delimiter row follows: the GFM table would take an
        over-indented fence as a row, CommonMark as the paragraph's text, never as code)."""
        above = self.lines[i - 1]
        return self.para[i - 1] or (
            self.kind[i - 1] == PROSE
            and above.lstrip(" \t").startswith("|")
            and not self.indented[i - 1]
            and not self.html[i - 1]
        )

    def _fence_is_text(self, i: int) -> bool:
        """Whether the fence at line i, right after a paragraph line, is indented 4 columns
        or more past the paragraph's container: then it is text of the paragraph (a fence may
        only interrupt one indented 0 to 3), and so is everything up to its closing fence."""
        base = self.paragraph_column(self.paragraph_start(i - 1))
        return columns(self.lines[i]) - base >= 4

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
        indent = columns(self.lines[i])
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


# the last text `Body.read` read, and its body (one per process)
_last_read: list[tuple[str, Body]] = []


def container_column_walk(body: Body, first: int) -> int:
    """`Body.container_column` by a walk back from line `first`, as it was computed before
    `parse` kept every line's in one pass: the tests hold the two to the same answer."""
    limit = columns(body.lines[first])
    for j in range(first - 1, -1, -1):
        if body.kind[j] == CODE or not body.lines[j].strip():
            continue
        item = body.items[j]
        if item and content_column(item) <= limit:
            return content_column(item)
        limit = min(limit, columns(body.lines[j]))
    return 0


def ends_in_html_block(before: str) -> bool:
    """Whether text that follows `before` is still inside a CommonMark HTML block that a
    blank line ends (`<div>` ... to the blank line): a fence there is raw text, not code."""
    para = re.split(r"\n[ \t]*\n", before)[-1].lstrip("\n")
    first = para.split("\n", 1)[0]
    return "\n" in para and html_block(first.lstrip(" \t"), False) is _BLANK_LINE


def indented_code_lines(text: str) -> frozenset[int]:
    """The 1-based lines of `text` that CommonMark reads as indented code blocks."""
    if not _FOUR_COLUMNS.search(text):
        return frozenset()  # no line starts 4 columns in: none can be code (most pages)
    return frozenset(i + 1 for i, code in enumerate(Body.read(text).indented) if code)


# a line whose text starts 4 columns in or more: 4 spaces, or a tab after fewer
_FOUR_COLUMNS = re.compile(r"^(?: {4}| {0,3}\t)", re.MULTILINE)


def content_column(item: re.Match[str]) -> int:
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


def columns(line: str) -> int:
    """The column the line's text starts at."""
    return _width(line[: len(line) - len(line.lstrip(" \t"))])


# CommonMark's HTML block start 6: one of these tags opens a block that runs to a blank line
HTML_BLOCK_6 = re.compile(
    r"^ {0,3}</?(address|article|aside|base|basefont|blockquote|body|caption|center|col"
    r"|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame"
    r"|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav"
    r"|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th"
    r"|thead|title|tr|track|ul)(?=[ \t>]|/>|$)",
    re.IGNORECASE,
)


DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+")
