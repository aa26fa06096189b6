"""Fixes that more than one target's parser needs (each names its targets).

- `plain_fence_info` (pandoc, Quarto; Python-Markdown, MkDocs): Goldmark takes a fence's
  language from the first word of its info string and ignores the rest (```` ```sas proc ````);
  pandoc and superfences read a fence with more words (other than a `{...}` attribute block)
  as a code span. The language alone is kept.
- `blank_line_before_lists` (pandoc, Python-Markdown): a list right after a paragraph line is
  a list to Goldmark, but a continuation of the paragraph to pandoc and Python-Markdown. The
  other way round, a line CommonMark keeps in the paragraph though it looks like an item
  (`2. b` right under `- a`'s text: an ordered list may only interrupt one at 1) gets its
  marker escaped (`2\\. b`), or pandoc would start a sublist there.
- `emoji_to_unicode` (pandoc, kramdown, Python-Markdown): Hugo's `enableEmoji` turns `:tada:`
  into 🎉; the targets need an extension for that, so we write the emoji itself.
- `close_paragraphs` (kramdown, Jekyll; Python-Markdown, MkDocs): HTML lets a `<p>` go
  unclosed: the browser ends it at the next block tag, at its parent's end tag
  (`<td><p>3</td>`), and Goldmark ends the HTML block holding it at a blank line. kramdown
  reads the element to a `</p>` instead, and all that follows (headings, lists, the rest of
  the table) becomes text inside it. The `</p>` goes where the browser would have put it.
- `heading_indent` (pandoc, Quarto; Python-Markdown, MkDocs): ` ### x` (1 to 3 spaces) is a
  heading to CommonMark even after a list; pandoc may read it as part of the list item, and
  Python-Markdown as text. Headings start at column 0.
"""

from __future__ import annotations

import re

import emoji

from converter.body.dialects.structure import (
    ITEM,
    Body,
    in_quotes,
    no_fence,
    on_prose,
    segments,
    unless,
)

# a line that is a list item, at the top level or inside blockquotes (`> - x`)
_ITEM_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)


_FENCE_INFO = re.compile(r"^([ \t]*(?:`{3,}|~{3,})[ \t]*)([^\s{`]+)[ \t]+([^{\s].*)$")


@unless(no_fence)
def plain_fence_info(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2)

    out: list[str] = []
    for is_code, lines in segments(text):
        if is_code:
            lines = [_FENCE_INFO.sub(fix, lines[0]), *lines[1:]]
        out.extend(lines)
    return "\n".join(out)


@unless(lambda text: not _ITEM_LINE.search(text))
def blank_line_before_lists(text: str) -> str:
    return in_quotes(text, _blank_line_before_lists)


def _blank_line_before_lists(text: str) -> str:
    body = Body.read(text)
    out: list[str] = []
    for i, line in enumerate(body.lines):
        if body.items[i] and i > 0 and body.para[i - 1] and not body.in_item(i - 1):
            out.append("")
        elif body.para[i] and not body.items[i]:
            marker = ITEM.match(line)
            if marker and line[marker.end() :].strip():
                end = marker.start(2) + len(marker.group(2)) - 1
                line = line[:end] + "\\" + line[end:]
        out.append(line)
    return "\n".join(out)


@unless(lambda text: ":" not in text)
def emoji_to_unicode(text: str) -> str:
    # the `emoji` package knows GitHub's (gemoji) shortcodes, the list Hugo uses
    return on_prose(
        text, lambda lines: emoji.emojize("\n".join(lines), language="alias").split("\n")
    )


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


@unless(lambda text: not _OPEN_P.search(text))
def close_paragraphs(text: str) -> str:
    body = Body.read(text)
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


_INDENTED_HEADING = re.compile(r"^ {1,3}#{1,6}(?:\s|$)", re.MULTILINE)


@unless(lambda text: not _INDENTED_HEADING.search(text))
def heading_indent(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return [
            line.lstrip(" ")
            if _INDENTED_HEADING.match(line) and not _under_list_item(lines, i)
            else line
            for i, line in enumerate(lines)
        ]

    return on_prose(text, fix)


def _under_list_item(lines: list[str], i: int) -> bool:
    """Whether line i is indented to the content of a list item above it (then it stays)."""
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    j = i - 1
    while j >= 0:
        m = ITEM.match(lines[j])
        if m:
            return indent >= len(m.group(1)) + len(m.group(2)) + max(1, len(m.group(3)))
        if lines[j].strip() and not lines[j].startswith(" "):
            return False
        j -= 1
    return False
