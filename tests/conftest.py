"""Shared paths and fixtures: the bundled fixture sites and the real corpora in ../shared.

The real sites are other people's words and live beside the clone, never in it: a clone on its
own has no ``../shared``, and every test that reads it either skips, saying why, or asks only
what the fixtures can give. ``ACADEMIC_MIGRATE_SHARED`` points the tests at another shared
folder, or hides it (``none``) so that a machine which has it can run the suite as a lone clone
does; ``.ci/run`` runs the suite that way a second time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"

#: Environment variable naming the shared folder; "none" (or empty) hides it.
SHARED_ENV = "ACADEMIC_MIGRATE_SHARED"


def _shared() -> tuple[Path | None, str]:
    """(the shared folder or None, why it is absent)."""
    value = os.environ.get(SHARED_ENV)
    if value is None:
        shared = REPO.parent / "shared"
        return (shared, "") if shared.is_dir() else (None, f"{shared} is absent")
    if value.strip().lower() in ("", "none", "off", "0"):
        return None, f"hidden by {SHARED_ENV}={value!r}"
    shared = Path(value).resolve()
    return (shared, "") if shared.is_dir() else (None, f"{SHARED_ENV}={value!r} is no folder")


SHARED, SHARED_ABSENT = _shared()
#: The real corpora, or None: a lone clone has none.
CORPORA: Path | None = SHARED / "corpora" if SHARED and (SHARED / "corpora").is_dir() else None
#: Why the corpora are not there (the reason every corpus test skips with).
NO_CORPORA = (
    ""
    if CORPORA
    else f"real corpora not found ({SHARED_ABSENT or 'no corpora/ in ' + str(SHARED)}); "
    "tests of the real sites need ../shared beside the clone"
)
#: Skips a test that has nothing to ask without the corpora.
needs_corpora = pytest.mark.skipif(CORPORA is None, reason=NO_CORPORA or "corpora present")

FIXTURE_SITES = ["academic-v5-yaml", "academic-v2-toml", "hugoblox-2026", "multilingual"]

#: Corpus folders whose Hugo site is not at the folder's top.
SITE_ROOTS = {"HugoBlox__hugo-blox-builder": "templates/academic-cv"}


def corpus_roots() -> list[Path]:
    """Site roots of the real corpora (empty when ../shared is absent or hidden)."""
    if CORPORA is None:
        return []
    return [d / SITE_ROOTS.get(d.name, ".") for d in sorted(CORPORA.iterdir()) if d.is_dir()]


def corpus_id(root: Path) -> str:
    """The corpus folder's name, for test ids and lists of known pages."""
    for name, sub in SITE_ROOTS.items():
        if root.parts[-len(Path(sub).parts) - 1 :] == (name, *Path(sub).parts):
            return name
    return root.name


def corpus_site(name: str) -> Path:
    """The site root of one named corpus, or a skip saying why it is not there."""
    if CORPORA is None:
        pytest.skip(NO_CORPORA)
    folder = CORPORA / name
    if not folder.is_dir():
        pytest.skip(f"real corpus {name} not found in {CORPORA}")
    return folder / SITE_ROOTS.get(name, ".")


def corpus_params() -> list[object]:
    roots = corpus_roots()
    if not roots:
        return [pytest.param(None, marks=pytest.mark.skip(reason=NO_CORPORA), id="no-corpora")]
    return [pytest.param(r, id=corpus_id(r)) for r in roots]


@pytest.fixture
def fixture_site() -> object:
    def get(name: str) -> Path:
        return FIXTURES / name

    return get


def small_hugo_site(root: Path) -> Path:
    """A small Hugo Academic site written at `root`, with what the fixtures do not have: an
    alias, a bundle file a field and the body link to, a draft."""
    (root / "content" / "talk" / "old-talk").mkdir(parents=True)
    (root / "content" / "post").mkdir(parents=True)
    (root / "config.yaml").write_text(
        "title: Small Lab\nbaseURL: https://lab.example.org/\n", encoding="utf-8"
    )
    (root / "content" / "talk" / "old-talk" / "index.md").write_text(
        "---\ntitle: A talk that moved\nevent: Spring Meeting\nlocation: Oslo\n"
        "date: 2021-03-04\naliases: [/talks/2021/old-talk/]\nurl_slides: slides.pdf\n---\n"
        "Slides are [here](slides.pdf).\n",
        encoding="utf-8",
    )
    (root / "content" / "talk" / "old-talk" / "slides.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "content" / "post" / "unfinished.md").write_text(
        "---\ntitle: Not yet\ndate: 2022-01-01\ndraft: true\n---\nDraft text.\n",
        encoding="utf-8",
    )
    return root
