"""The reader's folder walk (`_files`, one `os.scandir` per folder) finds what the `rglob` walk
it replaced found, in the same order: on a tree with every case (hidden and skipped folders,
links to files, folders and nowhere, `.DS_Store`, names that sort differently as text and as
paths) and on the fixture sites and the corpora.
"""

from __future__ import annotations

import os
from pathlib import Path

from converter.readers.hugo import _files, _skipped
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
