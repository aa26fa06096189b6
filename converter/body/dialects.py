"""Markdown dialect fixes: what Goldmark (Hugo) reads one way and the target's parser another.

Each fix is a pure function on Markdown text that leaves code alone, and a target's table
lists the ones it needs (`body.dialect`). They are deliberately small and line-based rather
than a round trip through pandoc, which would re-flow and re-escape every page.

- `lone_image_inline` (pandoc, Quarto): pandoc makes an image alone in a paragraph a figure
  captioned with its alt text; Goldmark shows a plain image. A trailing `\\ ` (non-breaking
  space) keeps it inline, as the pandoc manual advises.
- `blank_line_before_lists` (pandoc, Python-Markdown): a list right after a paragraph line is
  a list to Goldmark, but a continuation of the paragraph to pandoc and Python-Markdown.
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
- `heading_indent` (pandoc, Quarto): ` ### x` (1 to 3 spaces) is a heading to CommonMark even
  after a list; pandoc may read it as part of the list item. Headings start at column 0.
- `tight_dollars` (pandoc, Quarto): `$ \\alpha $` is math to MathJax in Hugo, but pandoc
  wants no space inside the dollars (and then drops `\\text{}` as raw TeX); TeX-looking spans
  are trimmed, prices such as "$ 5 and $ 10" are not.
- `kramdown_math` (Jekyll): kramdown's only math delimiter is `$$` (inline inside a line,
  display as its own paragraph); `$x$`, `\\(x\\)` and `\\[x\\]` become `$$x$$`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import emoji

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})")
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
    def fix(lines: list[str]) -> list[str]:
        out: list[str] = []
        for i, line in enumerate(lines):
            m = _ITEM.match(line)
            if m and i > 0 and _is_paragraph_line(lines[i - 1]) and not _in_list(lines, i - 1):
                out.append("")
            out.append(line)
        return out

    return _on_prose(text, fix)


def _in_list(lines: list[str], i: int) -> bool:
    """Whether line i continues a list item (then the next item needs no blank line)."""
    while i >= 0 and lines[i].strip():
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
_PAREN = re.compile(r"\\\((?P<math>.+?)\\\)")
_BRACKET = re.compile(r"\\\[(?P<math>.+?)\\\]", re.DOTALL)


def kramdown_math(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(lines)
        joined = _BRACKET.sub(lambda m: "$$" + m.group("math") + "$$", joined)
        joined = _PAREN.sub(lambda m: "$$" + m.group("math") + "$$", joined)
        parts = re.split(r"(\$\$.*?\$\$|`[^`\n]*`)", joined, flags=re.DOTALL)
        for i in range(0, len(parts), 2):  # only outside $$..$$ and inline code
            parts[i] = _INLINE_DOLLAR.sub(lambda m: "$$" + m.group("math") + "$$", parts[i])
        return "".join(parts).split("\n")

    return _on_prose(text, fix)


def brackets_to_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        joined = "\n".join(lines)
        joined = _BRACKET.sub(lambda m: "$$" + m.group("math") + "$$", joined)
        joined = _PAREN.sub(lambda m: "$" + m.group("math").strip() + "$", joined)
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
                j = i
                while j < len(lines) and "</svg>" not in lines[j]:
                    j += 1
                if j < len(lines):
                    out += ["```{=html}", *lines[i : j + 1], "```"]
                    i = j + 1
                    continue
            out.append(line)
            i += 1
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


_LOOSE_DOLLAR = re.compile(
    r"(?<![\\$])\$(?!\$)([ \t]*)(?P<math>[^$\n]*?[\\^_{][^$\n]*?)([ \t]*)\$(?!\$)"
)


def tight_dollars(text: str) -> str:
    def fix(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            parts = re.split(r"(`[^`\n]*`|\$\$.*?\$\$)", line)
            for i in range(0, len(parts), 2):
                parts[i] = _LOOSE_DOLLAR.sub(
                    lambda m: (
                        "$" + m.group("math").strip() + "$"
                        if m.group("math").strip()
                        else m.group(0)
                    ),
                    parts[i],
                )
            out.append("".join(parts))
        return out

    return _on_prose(text, fix)


DIALECT_FIXES: dict[str, Callable[[str], str]] = {
    "tight_dollars": tight_dollars,
    "raw_svg": raw_svg,
    "heading_indent": heading_indent,
    "emoji_to_unicode": emoji_to_unicode,
    "rule_not_yaml": rule_not_yaml,
    "brackets_to_dollars": brackets_to_dollars,
    "lone_image_inline": lone_image_inline,
    "blank_line_before_lists": blank_line_before_lists,
    "four_space_lists": four_space_lists,
    "kramdown_math": kramdown_math,
}
