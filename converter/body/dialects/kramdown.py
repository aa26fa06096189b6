"""Fixes for kramdown (Jekyll): what Goldmark reads one way and kramdown another.

- `one_word_fence_info` (kramdown, Jekyll): kramdown's GFM fences take one word of info and
  nothing else; ```` ```markmap {height="200px"} ```` or ```` ```{.python} ```` is no fence to
  it, and the code becomes paragraphs and lists. The language alone is kept.
- `fences_end_lists` (kramdown, Jekyll): a fence left of a list item's text, right under it,
  ends the list in CommonMark; kramdown takes it into the item and strips the item's
  indentation from the code. A blank line before the fence ends the list there too.
- `kramdown_math` (Jekyll): kramdown's only math delimiter is `$$` (inline inside a line,
  display as its own paragraph); `$x$`, `\\(x\\)` and `\\[x\\]` become `$$x$$`.
- `url_underscores` (kramdown, Jekyll): Goldmark never reads the underscores of a URL written
  as text (`[https://x.org/a_1638_%28.png](...)`, or bare) as emphasis, by CommonMark's
  flanking rules; kramdown does (`_1638_`). Underscores in such URLs are escaped.
- `markdown_in_spans` (kramdown, Jekyll): Goldmark reads Markdown around and inside inline
  HTML such as `<font size="-1">[a link](...)</font>`; kramdown reads the content of a span
  element it does not know (`font`, `mark`, `time`...) as raw text, unless it carries
  `markdown="span"`, which it then removes.
- `footnote_labels` (kramdown, Jekyll): Goldmark takes `[^ 2]` for a footnote; kramdown
  wants a label without spaces. The label (never shown: notes are numbered) loses them.
- `header_only_tables` (kramdown, Jekyll): a GFM table may have a header row and no body
  (a row of images, say); kramdown reads it as a paragraph of pipes. It becomes the same
  table in HTML, its cells still read as Markdown (`markdown="span"`).
- `pipes_outside_tables` (kramdown, Jekyll): kramdown reads any line with a `|` as a table
  row (`- [A | B](url)` in a list becomes a table); GFM only a header row over a delimiter
  row. A pipe in prose outside such a table is escaped (`\\|`), which both show as `|`.
"""

from __future__ import annotations

import re

from converter.body.dialects.structure import (
    DELIMITER_ROW,
    PROSE,
    QUOTE_MARKS,
    Body,
    blank_before_fences,
    columns,
    no_fence,
    on_prose,
    segments,
    unless,
)
from converter.body.dialects.tex import (
    BRACKET,
    LOOSE_DOLLAR,
    PAREN,
    bracketed_math,
    join_dollar_lines,
)

_FENCE_WORDS = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*(\S*?)[ \t]+\S.*$")
_FENCE_ATTRS = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*\{\s*\.?([\w+-]*)[^}]*\}[ \t]*$")


@unless(no_fence)
def one_word_fence_info(text: str) -> str:
    out: list[str] = []
    for is_code, lines in segments(text):
        if is_code:
            first = _FENCE_ATTRS.sub(r"\1\2", lines[0])
            lines = [_FENCE_WORDS.sub(r"\1\2", first), *lines[1:]]
        out.extend(lines)
    return "\n".join(out)


@unless(no_fence)
def fences_end_lists(text: str) -> str:
    return blank_before_fences(text, _fence_ends_list)


def _fence_ends_list(body: Body, i: int) -> bool:
    """Whether the fence at line i, right under a list item's paragraph, sits left of the
    item's content: CommonMark ends the list there, kramdown would take it into the item."""
    edge = body.paragraph_column(body.paragraph_start(i - 1))
    return columns(body.lines[i]) < edge and (body.in_item(i - 1) or edge > 0)


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


@unless(lambda text: "$" not in text and "\\" not in text)
def kramdown_math(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(join_dollar_lines(lines, block=True))
        joined = BRACKET.sub(lambda m: "$$" + bracketed_math(m) + "$$", joined)
        joined = PAREN.sub(lambda m: "$$" + bracketed_math(m) + "$$", joined)
        parts = re.split(r"(\$\$.*?\$\$|`[^`\n]*`)", joined, flags=re.DOTALL)
        for i in range(0, len(parts), 2):  # only outside $$..$$ and inline code
            parts[i] = _LINES_DOLLAR.sub(_lines_math, parts[i])
            parts[i] = _INLINE_DOLLAR.sub(lambda m: "$$" + m.group("math") + "$$", parts[i])
            parts[i] = LOOSE_DOLLAR.sub(lambda m: "$$" + m.group("math") + "$$", parts[i])
        joined = "".join(parts)
        return _DOLLARS.sub(_no_pipes, joined).split("\n")

    return on_prose(text, fix)


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


@unless(lambda text: "://" not in text)
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

    return on_prose(text, fix)


# phrasing elements missing from kramdown's list of span elements (HTML_SPAN_ELEMENTS)
_UNKNOWN_SPAN = re.compile(r"<(font|mark|time|data|bdi|ins)\b(?![^>]*\bmarkdown=)([^>]*)>", re.I)


@unless(lambda text: not _UNKNOWN_SPAN.search(text))
def markdown_in_spans(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [_UNKNOWN_SPAN.sub(r'<\1\2 markdown="span">', line) for line in lines]

    return on_prose(text, fix)


_SPACED_NOTE = re.compile(r"\[\^([^\]\n]*\s[^\]\n]*)\]")


@unless(lambda text: "[^" not in text)
def footnote_labels(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [
            _SPACED_NOTE.sub(lambda m: "[^s-" + "-".join(m.group(1).split()) + "]", line)
            for line in lines
        ]

    return on_prose(text, fix)


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


@unless(lambda text: "|" not in text or "-" not in text)
def header_only_tables(text: str) -> str:
    body = Body.read(text)
    lines = body.lines
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        is_table = (
            body.kind[i] == PROSE
            and "|" in line
            and i + 1 < len(lines)
            and body.kind[i + 1] == PROSE
            and DELIMITER_ROW.match(lines[i + 1])
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


_PIPE_SAFE = re.compile(r"`+[^`\n]*`+|\$\$.*?\$\$|<[^>\n]*>|\]\([^)\n]*\)|\{%.*?%\}")


@unless(lambda text: "|" not in text)
def pipes_outside_tables(text: str) -> str:
    body = Body.read(text)
    lines = body.lines
    bare = [QUOTE_MARKS.sub("", line) for line in lines]  # a table may be in a blockquote
    in_table = [False] * len(lines)
    i = 0
    while i < len(lines):
        is_head = (
            "|" in bare[i]
            and i + 1 < len(lines)
            and "|" in bare[i + 1]
            and DELIMITER_ROW.match(bare[i + 1])
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
        plain = body.kind[i] == PROSE and not body.indented[i] and not body.html[i]
        if plain and not in_table[i] and "|" in line:
            parts = _PIPE_SAFE.split(line)
            kept = _PIPE_SAFE.findall(line)
            parts = [re.sub(r"(?<!\\)\|", r"\\|", part) for part in parts]
            line = parts[0] + "".join(k + p for k, p in zip(kept, parts[1:], strict=True))
        out.append(line)
    return "\n".join(out)
