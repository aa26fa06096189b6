"""Org mode front matter as Hugo reads it: the `#+KEY: value` lines an `.org` page opens with.

Hugo (parser/metadecoders, ORG) lower-cases each key; `#+KEY[]: a b` is a list of the
words, as are `tags`, `categories` and `aliases` written without `[]` (deprecated there);
any other value is a string. A key given twice keeps its values joined by a newline, as
go-org's buffer settings do. The body is everything after those lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_KEYWORD = re.compile(r"^#\+([A-Za-z0-9_\-]+(?:\[\])?):[ \t]*(.*?)[ \t]*$")
_WORD_LISTS = {"tags", "categories", "aliases"}


@dataclass
class OrgFrontMatter:
    data: dict[str, Any]
    head: str  # the keyword lines as written, with their line ends
    body: str


def split_org(text: str) -> OrgFrontMatter | None:
    """The keywords an Org page opens with, or None when it opens with none."""
    lines = text.splitlines(keepends=True)
    raw: dict[str, str] = {}
    used = 0
    for line in lines:
        m = _KEYWORD.match(line.rstrip("\r\n"))
        if m is None:
            if line.strip() == "" and raw:
                break
            if line.strip() == "":
                used += 1
                continue
            break
        key, value = m.group(1).lower(), m.group(2)
        raw[key] = f"{raw[key]}\n{value}" if key in raw else value
        used += 1
    if not raw:
        return None
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key.endswith("[]"):
            data[key[:-2]] = value.split()
        elif key in _WORD_LISTS:
            data[key] = value.split()
        else:
            data[key] = value
    head = "".join(lines[:used])
    return OrgFrontMatter(data, head, text[len(head) :])
