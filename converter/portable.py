"""Output names that every system can check out: what Linux accepts and Windows or macOS do not.

A converted site is pushed to a repository and cloned elsewhere. Windows refuses a file or
folder named `con`, `aux`, `nul`, `com1`... (with any extension, in any case) and drops the
dots and spaces that end a name; macOS and Windows see `Café.md` and `café.md`, or `café.md`
in NFC and in NFD, as one file. Hugo itself has no such limits, so real sites hold such
names (a talk slug `con`, a title ending in a dot). New names are made portable here: NFC,
no trailing dots or spaces, a reserved name gets `_` (`con` -> `con_`, `nul.md` ->
`nul_.md`), and `key` is the identity two names share on a case-insensitive, normalizing file
system, for the `-2` rule of colliding names. What is kept of the Hugo site as it was (under
`_hugo_academic/`) keeps its names, as the Hugo targets do: the way back restores the site from
them; each such name that would not check out everywhere is said (`kept_warnings`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
    | {"com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"}
)
# paths longer than this from the output folder fail on Windows (MAX_PATH, 260, less a
# drive and a folder of reasonable length)
MAX_LENGTH = 240

# What PurePosixPath changes in a relative path (`//`, a `.` segment, a trailing `/`): a path
# without any is its own normal form, its parts the text between its slashes
UNNORMAL = re.compile(r"//|(?:^|/)\.(?:/|$)|/$")


# What can make an ASCII path not portable: a name that ends with a dot or a space, or
# whose stem is a reserved name (`_name`); an ASCII path without either is portable as it is
_MAYBE = re.compile(r"[. ](?:/|$)|(?:^|/)(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:[./]|$)", re.I)


def portable(path: str) -> str:
    """`path` (POSIX, relative) with every name made portable; the same path for the same
    input, so a page and the files beside it move together."""
    if path.isascii() and not _MAYBE.search(path):  # (most: NFC leaves ASCII as it is)
        return path
    return "/".join(_name(part) for part in unicodedata.normalize("NFC", path).split("/"))


def _name(part: str) -> str:
    if part in ("", ".", ".."):
        return part
    trimmed = part.rstrip(". ") or part
    stem, dot, ext = trimmed.partition(".")
    if stem.casefold() in RESERVED:
        trimmed = f"{stem}_{dot}{ext}"
    return trimmed


def key(path: str) -> str:
    """What two paths share when a case-insensitive, normalizing file system sees one file."""
    if path.isascii():  # NFC leaves it as it is, and casefold is lower
        return path.lower()
    return unicodedata.normalize("NFC", path).casefold()


def problems(path: str) -> list[str]:
    """Why `path` would not check out everywhere (empty: it would)."""
    if path.isascii() and not _MAYBE.search(path) and len(path) <= MAX_LENGTH:
        return []  # (most: NFC leaves ASCII as it is, and no name ends or starts badly)
    out = []
    if unicodedata.normalize("NFC", path) != path:
        out.append("is not in Unicode NFC (macOS and Windows may see it as another name)")
    for part in path.split("/"):
        if part not in (".", "..") and part != part.rstrip(". "):
            out.append(f"{part!r} ends with a dot or a space (Windows drops them)")
        if part.partition(".")[0].casefold() in RESERVED:
            out.append(f"{part!r} is a name Windows reserves")
    if len(path) > MAX_LENGTH:
        out.append(f"is {len(path)} characters long (over {MAX_LENGTH}: too long for Windows)")
    return out


def kept_warnings(dests: Iterable[str], folder: str) -> list[str]:
    """A word for each file kept under `folder` with a name that would not check out
    everywhere: it keeps the Hugo site's name, since the way back restores the site from it."""
    return [
        f"{dest}: {'; '.join(found)}; kept under its Hugo name, which the way back needs "
        "(rename it in the Hugo site to check the output out on Windows and macOS)"
        for dest in dests
        if dest.startswith(f"{folder}/") and (found := problems(dest))
    ]
