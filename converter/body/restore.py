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
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        was = "".join(line + "\n" for line in b[j1:j2])
        hunks.append({"at": i1, "lines": i2 - i1, "was": was})
    return {DIGEST: digest(written), "patch": hunks}


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
