"""Jekyll's conventions, as the Jekyll writer writes and the Jekyll reader reads them."""

from __future__ import annotations

from pathlib import PurePosixPath

from converter.conventions import KEEP_DIR

MARK = "academic-migrate"  # `generated_by:` of a page the writer made (the reader skips it)


def served(dest: str) -> str | None:
    """The address Jekyll serves a bundle file written at `dest` (None: not served). The
    reader needs the same answer to read fields that named the file back."""
    return None if dest.startswith(f"{KEEP_DIR}/") else "/" + dest


def is_generated(text: str) -> bool:
    """Whether a page file's front matter says the writer made it."""
    head = text[:4000]
    return (
        head.startswith("---") and f"\ngenerated_by: {MARK}\n" in head.split("\n---", 2)[0] + "\n"
    )


def collection_of(dest: str) -> str | None:
    """`talks` for `_talks/x.md`: a folder that is a collection (not _pages, not ours).

    Asked for every page of every listing (tens of thousands of times on a large site), so
    the first part of the path is found as PurePosixPath finds it, without making one."""
    if dest.startswith("/") or not dest:
        first = PurePosixPath(dest).parts[0]
    else:
        first = next((p for p in dest.split("/") if p and p != "."), "")
        if not first:
            first = PurePosixPath(dest).parts[0]
    if first.startswith("_") and first not in ("_pages", KEEP_DIR):
        return first[1:]
    return None
