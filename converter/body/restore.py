"""The way back from a converted body to the Hugo body it came from.

A target body is the Hugo body in the target's idiom: shortcodes became callouts, `ref` links
became paths, `$` math became `$$`. No reader can guess the Hugo spelling back from that, so the
writer records it: a line patch from the written body to the original, plus a digest of the
written body. Reading the target back, the reader applies the patch only while the body still
has that digest; a body edited in the target is taken as it now is (with a warning), never
patched blindly.

The patch is a list of hunks `{at, lines, was}`: replace `lines` lines of the written body,
starting at line `at` (0-based, in the written body), with the text `was`. Most pages need a few
short hunks, far smaller than a second copy of the body.
"""

from __future__ import annotations

import difflib
import hashlib
from bisect import bisect_left
from typing import Any

DIGEST = "sha256"


def _normal(text: str) -> str:
    """What is compared: a target may store CRLF and lose trailing blank lines and spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip(" \t") for line in lines).rstrip("\n")


def digest(text: str) -> str:
    return hashlib.sha256(_normal(text).encode("utf-8")).hexdigest()[:16]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def record(original: str, written: str) -> dict[str, Any] | None:
    """The keep record that turns `written` back into `original`; None when they are equal.

    Lines are compared as they are (trailing spaces are a hard line break in Markdown), only
    line endings are unified."""
    a = _lines(written)
    b = _lines(original)
    if a == b:
        return None
    hunks: list[dict[str, Any]] = []
    matcher = Matcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        was = "".join(line + "\n" for line in b[j1:j2])
        hunks.append({"at": i1, "lines": i2 - i1, "was": was})
    return {DIGEST: digest(written), "patch": hunks}


MIN_KNOWN = 4  # the shortest run at either end of the ranges worth searching from


class Matcher(difflib.SequenceMatcher[str]):
    """difflib's matcher, the same matches found for less: its longest match (the longest
    run of equal lines, the first in `a`, then in `b`) is looked for from a run it knows is
    there, the lines the two ranges start or end with. Any run at least that long (`least`)
    crosses one in every `least` lines of `a` (one in every so many as the longest run found
    so far, once one is longer), so only those lines are looked up in `b`, each match there
    followed up and down its diagonal to the run it is part of; difflib tries every pair of
    equal lines (a blank line against every other blank line). For no junk only
    (`autojunk=False`, no `isjunk`), as `record` asks; tests/test_perf_plancpu2.py holds it
    to difflib's answers."""

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        # difflib's own fields, which typeshed leaves out: the sequences, b's lines by value
        state = vars(self)
        a: list[str] = state["a"]
        b: list[str] = state["b"]
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        head = 0
        while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
            head += 1
        tail = 0
        while ahi - tail > alo and bhi - tail > blo and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
            tail += 1
        least = max(head, tail)
        if least < MIN_KNOWN or state["bjunk"] or state["bpopular"]:
            return super().find_longest_match(alo, ahi, blo, bhi)
        best_size, best_i, best_j = 0, ahi, bhi
        runs: dict[int, list[tuple[int, int]]] = {}  # diagonal (j - i) -> runs (first i, end)
        b2j: dict[str, list[int]] = state["b2j"]
        i = alo + least - 1
        while i < ahi:
            js = b2j.get(a[i], [])
            for j in js[bisect_left(js, blo) :]:
                if j >= bhi:
                    break
                on = runs.setdefault(j - i, [])
                if any(first <= i < end for first, end in on):
                    continue  # met on a line looked up before
                first, end = i, i + 1
                while first > alo and first + j - i > blo and a[first - 1] == b[first + j - i - 1]:
                    first -= 1
                while end < ahi and end + j - i < bhi and a[end] == b[end + j - i]:
                    end += 1
                on.append((first, end))
                size, at = end - first, (first, first + j - i)
                if size > best_size or (size == best_size and at < (best_i, best_j)):
                    best_size, best_i, best_j = size, *at
            # a run as long as the longest found so far crosses one in so many lines from here
            # (one that starts before this line and reaches past it crosses this one)
            i += max(least, best_size)
        return difflib.Match(best_i, best_j, best_size)


def restore(written: str, rec: Any) -> tuple[str, str | None]:
    """(the original body, or `written` with a warning when it was edited or the record is bad)."""
    if not isinstance(rec, dict):
        return written, None
    if rec.get(DIGEST) != digest(written):
        return written, "body edited in the target since conversion: taken as it is now"
    lines = _lines(written)
    hunks = rec.get("patch")
    if not isinstance(hunks, list):
        return written, "body record has no patch: body taken as written"
    out: list[str] = []
    pos = 0
    try:
        for hunk in hunks:
            at, count, was = int(hunk["at"]), int(hunk["lines"]), str(hunk["was"])
            if at < pos or at + count > len(lines):
                raise ValueError(f"hunk at line {at} is out of order or range")
            out += lines[pos:at]
            if was:
                out += was[:-1].split("\n") if was.endswith("\n") else was.split("\n")
            pos = at + count
    except (KeyError, TypeError, ValueError) as e:
        return written, f"body record is damaged ({e}): body taken as written"
    out += lines[pos:]
    return "\n".join(out), None
