"""Find a page's front matter: its format, its exact text, and the body after it.

We keep every byte around the front matter (BOM, leading blank lines, the fence lines as
written, line endings) so that a page whose data did not change is written back unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from converter.errors import FrontMatterError
from converter.frontmatter import limits

BOM = "\ufeff"
_FENCES = {"---": "yaml", "+++": "toml"}
_FENCE_LINE = {"yaml": re.compile(r"^---[ \t]*\r?$"), "toml": re.compile(r"^\+\+\+[ \t]*\r?$")}
# The closing fence found by one search where every line ends in LF (see `_closed_by_lf`).
_FENCE_SEARCH = {
    "yaml": re.compile(r"^---[ \t]*$", re.MULTILINE),
    "toml": re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE),
}
# Line ends as Hugo's page parser reads them: LF, CRLF and a lone CR (old Mac files; Hugo reads
# their front matter). Not str.splitlines, which also splits at \x0c, \x85, U+2028 and more,
# and so would find a closing fence where no line begins.
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
# The same line ends matched rather than split at (CRLF as one), and a first line's text.
_LINE_BREAK = re.compile(r"\r\n?|\n")
_FIRST_BREAK = re.compile(r"[\r\n]")


def _lines(text: str) -> list[str]:
    """Every line of `text` with its line end: the lines `split` and `detect` read, one at a
    time and only as far as they need (tests/test_perf_split.py holds them to this)."""
    parts = _LINE_END.split(text)
    return parts[:-1] if parts and parts[-1] == "" else parts


@dataclass(frozen=True)
class Split:
    format: str | None  # "yaml", "toml", "json", or None for a page without front matter
    prefix: str  # BOM and blank lines before the opening fence
    open_fence: str  # the opening fence line with its line ending ("" for JSON / none)
    text: str  # the front matter text itself, line endings normalized to "\n"
    close_fence: str  # the closing fence line with its line ending
    body: str  # everything after, exactly as in the file
    body_line: int  # 1-based line number where the body starts
    newline: str  # "\r\n" when the front matter used CRLF

    @property
    def has_front_matter(self) -> bool:
        return self.format is not None


def detect(text: str) -> str | None:
    """The front matter format by the first non-blank line, as Hugo and the corpora survey do."""
    stripped = text.lstrip(BOM).lstrip("\r\n\t ")
    # the first line without its end: `_lines(stripped)[0].rstrip("\r\n \t")`, without
    # splitting the whole page into lines to read one
    end = _FIRST_BREAK.search(stripped)
    first = (stripped[: end.start()] if end is not None else stripped).rstrip(" \t")
    if first in _FENCES:
        return _FENCES[first]
    if stripped.startswith("{"):
        return "json"
    return None


def split(text: str) -> Split:
    fmt = detect(text)
    if fmt is None:
        return Split(None, "", "", "", "", text, 1, "\n")
    start = len(text) - len(text.lstrip(BOM).lstrip("\r\n\t "))
    prefix = text[:start]
    line0 = prefix.count("\n")  # 0-based line of the opening fence
    rest = text[start:]
    if fmt == "json":
        return _split_json(prefix, rest, line0)
    fast = _closed_by_lf(fmt, prefix, rest, line0)
    if fast is not None:
        return fast
    # Lines as `_lines(rest)` gives them, taken one at a time up to the closing fence: the
    # body after it is never split (tests/test_perf_split.py holds this to `_lines`).
    size = len(rest)
    ends = _LINE_BREAK.finditer(rest)
    m = next(ends, None)
    pos = m.end() if m is not None else size
    open_fence = rest[:pos]
    fm_start = pos
    pattern = _FENCE_LINE[fmt]
    i = 0
    while pos < size:
        i += 1
        m = next(ends, None)
        end = m.end() if m is not None else size
        line = rest[pos:end]
        if pattern.match(line.rstrip("\n").rstrip("\r") + "\r"):
            newline = "\r\n" if open_fence.endswith("\r\n") else "\n"
            if open_fence.endswith("\r") and not open_fence.endswith("\r\n"):
                newline = "\r"
            text_fm = re.sub(r"\r\n?", "\n", rest[fm_start:pos])
            return Split(
                fmt,
                prefix,
                open_fence,
                text_fm,
                line,
                rest[end:],
                line0 + i + 2,
                newline,
            )
        pos = end
    fence = open_fence.strip()
    raise FrontMatterError(
        f"front matter opened with '{fence}' is never closed (no closing '{fence}' line)",
        line=line0 + 1,
    )


def _closed_by_lf(fmt: str, prefix: str, rest: str, line0: int) -> Split | None:
    """`split` of a page whose lines up to the closing fence all end in LF (nearly every
    page), or None for the line by line walk: one search finds the fence line that the walk
    would, as no CR can end a line or hide in one before it."""
    first = rest.find("\n")
    if first < 0:
        return None
    found = _FENCE_SEARCH[fmt].search(rest, first + 1)
    if found is None:
        return None
    end = found.end() + 1 if found.end() < len(rest) else found.end()  # with its LF
    if rest.find("\r", 0, end) >= 0:
        return None
    lines = rest.count("\n", first + 1, found.start()) + 1  # the fence is the walk's i-th
    return Split(
        fmt,
        prefix,
        rest[: first + 1],
        rest[first + 1 : found.start()],
        rest[found.start() : end],
        rest[end:],
        line0 + lines + 2,
        "\n",
    )


def _split_json(prefix: str, rest: str, line0: int) -> Split:
    try:
        _, end = json.JSONDecoder().raw_decode(rest)
    except json.JSONDecodeError as e:
        raise FrontMatterError(
            f"invalid JSON front matter: {e.msg}", line=line0 + e.lineno
        ) from None
    except RecursionError:  # `{"x": [[[[...` past the decoder's recursion limit
        raise FrontMatterError(
            f"front matter is nested more than {limits.MAX_DEPTH} levels deep; not read",
            line=line0 + 1,
        ) from None
    fm = rest[:end]
    body = rest[end:]
    eol = re.match(r"[ \t]*\r?\n", body)
    close = eol.group(0) if eol else ""
    body = body[len(close) :]
    body_line = line0 + fm.count("\n") + 1 + (1 if close else 0)
    return Split("json", prefix, "", fm.replace("\r\n", "\n"), close, body, body_line, "\n")


def fence_for(fmt: str) -> str:
    return {"yaml": "---", "toml": "+++"}.get(fmt, "")


def join(fmt: str | None, fm_text: str, body: str, prefix: str = "", newline: str = "\n") -> str:
    """A page's text from its parts; the inverse of `split` for a page we re-encoded."""
    if fmt is None:
        return prefix + body
    if fmt == "json":
        return prefix + fm_text.rstrip("\n") + "\n" + body
    fence = fence_for(fmt)
    fm = fm_text if fm_text.endswith("\n") or not fm_text else fm_text + "\n"
    text = f"{fence}\n{fm}{fence}\n"
    if newline != "\n":
        text = text.replace("\n", newline)
    return prefix + text + body
