"""The reader's folder walk (`_files`, one `os.scandir` per folder) finds what the `rglob` walk
it replaced found, in the same order: on a tree with every case (hidden and skipped folders,
links to files, folders and nowhere, `.DS_Store`, names that sort differently as text and as
paths) and on the fixture sites and the corpora.
"""

from __future__ import annotations

import os
from pathlib import Path

from converter.model import Problem
from converter.readers.site_files import (
    SKIP_DIRS,
    _files,
    _rel,
    _skipped,
    files_inside,
    leaves_site,
    links_outside,
)
from tests.conftest import FIXTURES, corpus_roots


def _files_before(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.is_file() and not _skipped(p, base))


def test_walk_finds_what_rglob_found(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel in [
        "a/b/index.md",
        "a/b/c.png",
        "a-b/x.md",
        "a.b/y.md",
        "A/z.md",
        ".hidden/h.md",
        "a/.git/config",
        "public/p.html",
        "node_modules/m.js",
        "resources/r.css",
        "a/.DS_Store",
        ".dotfile",
        "a/b/nested/index.md",
        "é/ü.md",
    ]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "f.md").write_text("x")
    (outside / "g.md").write_text("x")
    os.symlink(outside, site / "linked-folder")
    os.symlink(outside / "g.md", site / "a" / "linked-file.md")
    os.symlink(tmp_path / "nowhere", site / "a" / "broken.md")
    os.symlink(site / "a" / "b", site / "inner-link")
    for base in [site, site / "a", site / "a" / "b"]:
        assert _files(base) == _files_before(base), base
    assert site / "a" / "linked-file.md" in _files(site)


def test_walk_on_the_fixtures_and_corpora() -> None:
    roots = [p for p in sorted(FIXTURES.iterdir()) if p.is_dir()] + corpus_roots()
    for root in roots:
        assert _files(root) == _files_before(root), root


# -- links: found from the folder listing, not an lstat per file ---------------------------------


def _links_outside_before(root: Path) -> list[Problem]:
    """The `os.walk` version `links_outside` replaced, kept as the reference."""
    problems: list[Problem] = []
    base = Path(os.path.realpath(root))
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
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


def _tree_with_links(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel in ["content/a/index.md", "content/b.md", "static/x.png", "c/d/e/f.md", "z.md"]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "g.md").write_text("x")
    links = {
        "content/out.md": outside / "g.md",
        "content/a/out-folder": outside,
        "content/broken.md": tmp_path / "nowhere",
        "content/.hidden-out.md": outside / "g.md",  # a hidden file link: still reported
        "content/.hidden-folder-link": outside,  # a hidden folder (link): not looked at
        "content/in.md": site / "z.md",
        "content/in-folder": site / "c",
        "static/public": outside,  # a skipped name, linking to a folder: not looked at
        "static/node_modules": outside / "g.md",  # the same name, a file: reported
        "c/d/e/deep-out.md": outside / "g.md",
        "c/d/Zed.md": tmp_path / "nowhere",
        "c/d/alpha.md": outside / "g.md",
    }
    for rel, target in links.items():
        os.symlink(target, site / rel)
    return site


def test_links_found_as_the_walk_found_them(tmp_path: Path) -> None:
    site = _tree_with_links(tmp_path)
    found = links_outside(site)
    assert found == _links_outside_before(site)
    assert len(found) == 8 and "static/node_modules" in {p.path for p in found}
    for base in (site, site / "content"):
        assert files_inside(base, site) == [p for p in _files(base) if not leaves_site(p, site)]
    assert site / "content" / "in.md" in files_inside(site / "content", site)
    assert site / "content" / "out.md" not in files_inside(site / "content", site)


def test_links_on_the_fixtures_and_corpora() -> None:
    roots = [p for p in sorted(FIXTURES.iterdir()) if p.is_dir()] + corpus_roots()
    for root in roots:
        assert links_outside(root) == _links_outside_before(root), root
        assert files_inside(root, root) == [p for p in _files(root) if not leaves_site(p, root)]
