"""Which files a Hugo site holds, as the reader walks them: one `os.scandir` per folder,
skipped and hidden folders left out, links judged by where they lead; and a file's path
relative to a folder, as text.

Split out of the Hugo reader (which the target reader shares these with) to keep each module
to one job.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from converter.model import Problem

SKIP_DIRS = {".git", "public", "node_modules", ".hugo_build.lock", "resources"}


def _rel(path: Path, base: Path) -> str:
    """`path.relative_to(base).as_posix()`. A path below `base` is the text after
    `base`'s and a slash (both paths are normalized by pathlib: no `//`, `.` or trailing
    slash), without the two Paths `relative_to` makes: three calls per page read."""
    whole, head = str(path), str(base)
    cut = len(head)
    if (
        os.sep == "/"
        and cut > 1
        and len(whole) > cut + 1
        and whole[cut] == "/"
        and whole.startswith(head)
    ):
        return whole[cut + 1 :]
    return path.relative_to(base).as_posix()


def _files(base: Path, links: set[Path] | None = None) -> list[Path]:
    """`sorted(p for p in base.rglob("*") if p.is_file() and not _skipped(p, base))`, from one
    `os.scandir` per folder: rglob makes a Path and a `stat` for every entry, which at 10,000
    pages was a second per walk. The same files in the same order: folders entered as rglob
    enters them (real folders, not links to one), skipped folders not entered at all, links
    to files kept (callers judge where they lead; `links`, when given, gets those that are
    links, which the folder listing tells without a call per file)."""
    return [path for _, path in _walk(base, links)]


# A folder as `_links` sees it: its path, the names of the symbolic links it reports there,
# the folders it enters from there (in the order it enters them)
Node = tuple[Path, list[str], list["Node"]]


def _walk(
    base: Path, links: set[Path] | None, node: Node | None = None
) -> list[tuple[tuple[str, ...], Path]]:
    """`_files` with each file's path below `base` as parts, in the same order; `node`
    (`base`'s, when given) gets what `_links` would find from there (`_tree_links`)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    todo: list[tuple[Path, tuple[str, ...], Node | None]] = [(base, (), node)]
    while todo:
        folder, rel, here = todo.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:  # unreadable: rglob passes it by too
            continue
        for entry in entries:
            if here is not None and entry.is_symlink() and not _skipped_link(entry):
                here[1].append(entry.name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS and not entry.name.startswith("."):
                        child = folder / entry.name
                        sub: Node | None = None
                        if here is not None:  # in the listing's order, as `_links` enters
                            sub = (child, [], [])
                            here[2].append(sub)
                        todo.append((child, (*rel, entry.name), sub))
                elif entry.is_file() and entry.name != ".DS_Store":
                    found.append(((*rel, entry.name), folder / entry.name))
                    if links is not None and entry.is_symlink():
                        links.add(folder / entry.name)
            except OSError:
                continue
    found.sort(key=lambda item: item[0])
    return found


def _skipped_link(entry: os.DirEntry[str]) -> bool:
    """Whether `_links` passes the link `entry` by: a link to a folder of a skipped or
    hidden name, which it does not look at."""
    try:
        is_dir = entry.is_dir()
    except OSError:
        is_dir = False
    return is_dir and (entry.name in SKIP_DIRS or entry.name.startswith("."))


def _tree_links(node: Node) -> list[Path]:
    """The links of `node`'s folder and those below it, in the order `_links` lists them:
    a folder's own links (by name), then each folder it enters, in turn."""
    out: list[Path] = []
    todo = [node]
    while todo:
        folder, names, below = todo.pop()
        out += [folder / name for name in sorted(names)]
        todo += reversed(below)
    return out


@dataclass
class SiteWalk:
    """What the reader lists of a site, from one walk of it (`walk_site`)."""

    content: list[Path]  # files_inside(content, content)
    root: list[Path]  # files_inside(root, root)
    in_content: set[Path]  # the files of `root` below the content folder
    links: list[Path]  # list(_links(str(root))): what `links_outside` judges


def walk_site(root: Path, content: Path) -> SiteWalk | None:
    """The content folder's files and the site's, as `files_inside` lists them, from one walk
    of the site (the reader walked the content folder twice: for the pages, then within the
    site's for the other files). None where the site's walk does not enter the content
    folder as a walk of its own would: a link to it, a hidden or skipped folder on the way."""
    parts = _parts_below(root, content)
    if parts is None:
        return None
    links: set[Path] = set()
    top: Node = (root, [], [])
    found = _walk(root, links, top)
    depth = len(parts)
    below = [p for rel, p in found if rel[:depth] == parts]
    return SiteWalk(
        content=[p for p in below if p not in links or not leaves_site(p, content)],
        root=[p for _, p in found if p not in links or not leaves_site(p, root)],
        in_content=set(below),
        links=_tree_links(top),  # (a second walk of the site found them)
    )


def _parts_below(root: Path, content: Path) -> tuple[str, ...] | None:
    """`content`'s parts below `root` when a walk of `root` enters it as it is (each folder
    on the way a real folder, neither hidden nor skipped); None otherwise."""
    if content == root:
        return ()
    try:
        parts = content.relative_to(root).parts
    except ValueError:
        return None
    folder = root
    for name in parts:
        folder = folder / name
        if name in SKIP_DIRS or name.startswith(".") or name == "..":
            return None
        if folder.is_symlink() or not folder.is_dir():
            return None
    return parts


def _skipped(path: Path, base: Path) -> bool:
    rel = path.relative_to(base).parts
    return any(part in SKIP_DIRS or part.startswith(".") for part in rel[:-1]) or rel[-1] in {
        ".DS_Store"
    }


def files_inside(base: Path, root: Path) -> list[Path]:
    """`[p for p in _files(base) if not leaves_site(p, root)]`, asking only of the links."""
    links: set[Path] = set()
    return [p for p in _files(base, links) if p not in links or not leaves_site(p, root)]


def leaves_site(path: Path, root: Path) -> bool:
    """Whether `path` is a symbolic link to something outside `root` (or to nothing)."""
    if not path.is_symlink():
        return False
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    return not real.exists() or (real != base and base not in real.parents)


def links_outside(root: Path, links: list[Path] | None = None) -> list[Problem]:
    """Every symbolic link in the site that points outside it, or nowhere: reported, never
    followed, read or copied (a link to `~/.ssh` must not end up in a site to publish).

    Links inside the site are left to the walk (files read, folders not entered, as before).
    One `os.walk` that never follows links; `DirEntry` knows a link without another call.
    `links`: the links as `_links` lists them, when a walk of the site found them already.
    """
    problems: list[Problem] = []
    base = Path(os.path.realpath(root))
    for path in links if links is not None else _links(str(root)):
        target = os.readlink(path)
        real = Path(os.path.realpath(path))
        if not real.exists():
            why = f"symbolic link to {target}, which does not exist; not followed"
        elif real != base and base not in real.parents:
            why = f"symbolic link to {real}, outside the site; not followed or copied"
        else:
            continue
        problems.append(Problem(_rel(path, root), why))
    return problems


def _links(top: str) -> Iterator[Path]:
    """The symbolic links under `top` in the order `os.walk(top)` (top down, links not
    followed, skipped and hidden folders left out) with each folder's names sorted would give
    them: the folder listing tells a link without an `lstat` per entry."""
    try:
        with os.scandir(top) as it:
            entries = list(it)
    except OSError:  # unreadable: os.walk passes it by too
        return
    names: list[str] = []
    below: list[str] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # as os.walk sorts them: a link to a folder is a folder
        except OSError:
            is_dir = False
        if is_dir and (entry.name in SKIP_DIRS or entry.name.startswith(".")):
            continue
        if entry.is_symlink():
            names.append(entry.name)
        elif is_dir:
            below.append(entry.path)
    for name in sorted(names):
        yield Path(top) / name
    for folder in below:
        yield from _links(folder)
