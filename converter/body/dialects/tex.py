"""Math spans as MathJax in Hugo found them, for the fixes of every target: TeX between
`$`, `$$`, `\\(..\\)` and `\\[..\\]`, and formulas spread over several lines.

- `goldmark_math` (every target whose math is raw TeX, for a site without Goldmark's
  passthrough): Goldmark reads Markdown escapes inside `$...$` like anywhere else, so authors
  wrote `x\\_1` and `\\\\` for MathJax to see `x_1` and `\\`. kramdown, pandoc and arithmatex
  hand math over as written: the escapes are read first, as Goldmark did. (Applied by the
  writer from the site's settings, not listed in a table.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from converter.body.dialects.structure import (
    on_prose,
    unless,
)

# `\\[x\\]` (the Blackfriday-era spelling) is `\[x\]` once Goldmark has read the escapes
PAREN = re.compile(r"(?<!\\)\\\\\((?P<dbl>.+?)\\\\\)|\\\((?P<math>.+?)\\\)")
BRACKET = re.compile(r"(?<!\\)\\\\\[(?P<dbl>.+?)\\\\\]|\\\[(?P<math>.+?)\\\]", re.DOTALL)


def bracketed_math(m: re.Match[str]) -> str:
    return m.group("dbl") if m.group("dbl") is not None else m.group("math")


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


@unless(lambda text: "$" not in text and "\\" not in text)
def goldmark_math(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        return _MATH_SPAN.sub(_unescaped_span, "\n".join(lines)).split("\n")

    return on_prose(text, fix)


LOOSE_DOLLAR = re.compile(
    r"(?<![\\$])\$(?!\$)([ \t]*)(?P<math>[^$\n]*?[\\^_{][^$\n]*?)([ \t]*)\$(?!\$)"
)


def loose_dollars(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`line` with each TeX-looking `$ x $` replaced, outside code spans and `$$` spans."""
    return line if "$" not in line else each_loose_dollar(line, replace)  # most lines: text


def each_loose_dollar(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`loose_dollars`, the line taken apart."""
    parts = re.split(r"(`[^`\n]*`|\$\$.*?\$\$)", line)
    for i in range(0, len(parts), 2):
        parts[i] = LOOSE_DOLLAR.sub(replace, parts[i])
    return "".join(parts)


_LONE_DOLLAR = re.compile(r"[ \t]*\$[ \t]*")


def join_dollar_lines(lines: list[str], block: bool = False) -> list[str]:
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
