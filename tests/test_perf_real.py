"""Fast paths found profiling the real-site replica (issue 23), each held to the code it
replaced: same results on the fixtures and the corpora, and the fast path really taken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from converter.model import Site
from converter.readers import content_files
from converter.readers.hugo import HugoReader, find_root
from tests.conftest import FIXTURES, corpus_roots


def _hugo_sites() -> list[Path]:
    roots = [p for p in sorted(FIXTURES.iterdir()) if (p / "content").is_dir()]
    return roots + [r for r in corpus_roots() if (r / "content").is_dir()]


# -- a leaf bundle's resources: the site's page files as one set, not a set per bundle -----------


def test_resources_with_the_page_set_are_those_with_the_list() -> None:
    reader = HugoReader()
    bundles = 0
    for root in _hugo_sites():
        _, content = find_root(root)
        site = Site(root=root)
        reader.read_config(site)
        ignore = content_files.Ignore.from_params(site.params)
        pages, _ = reader._scan_content(content, ignore, {})
        for page in pages:
            if page.name.startswith("index."):
                bundles += 1
                listed = reader._resources(page.parent, list(pages), root)
                assert reader._resources(page.parent, frozenset(pages), root) == listed, page
    assert bundles > 10


def test_read_hands_the_resources_one_set(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    before = HugoReader._resources

    def spy(self: HugoReader, folder: Path, page_files: Any, *rest: Any) -> Any:
        assert isinstance(page_files, frozenset)
        seen.append(id(page_files))
        return before(self, folder, page_files, *rest)

    monkeypatch.setattr(HugoReader, "_resources", spy)
    site = HugoReader().read(FIXTURES / "academic-v5-yaml")
    assert site.pages and len(seen) > 1 and len(set(seen)) == 1  # one set for every bundle
