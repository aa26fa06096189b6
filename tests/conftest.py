"""Shared paths and fixtures: the bundled fixture sites and the real corpora in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
CORPORA = REPO.parent / "shared" / "corpora"

FIXTURE_SITES = ["academic-v5-yaml", "academic-v2-toml", "hugoblox-2026", "multilingual"]


def corpus_roots() -> list[Path]:
    """Site roots of the real corpora (empty when ../shared is absent)."""
    if not CORPORA.is_dir():
        return []
    roots = []
    for d in sorted(p for p in CORPORA.iterdir() if p.is_dir()):
        root = d / "templates" / "academic-cv" if d.name == "HugoBlox__hugo-blox-builder" else d
        roots.append(root)
    return roots


def corpus_params() -> list[object]:
    roots = corpus_roots()
    if not roots:
        return [
            pytest.param(
                None,
                marks=pytest.mark.skip(
                    reason=f"real corpora not found at {CORPORA} (../shared absent)"
                ),
                id="no-corpora",
            )
        ]
    return [
        pytest.param(r, id=r.parent.parent.name if r.name == "academic-cv" else r.name)
        for r in roots
    ]


@pytest.fixture
def fixture_site() -> object:
    def get(name: str) -> Path:
        return FIXTURES / name

    return get
