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


def record_yaml_dumps(
    monkeypatch: pytest.MonkeyPatch, workdir: Path, pages: int, seed: int
) -> list[tuple[dict, object]]:
    """(data, comments) of every YAML front matter the writers dump while planning every
    target for the fixture sites and a synthetic site of `pages` pages, and hugo-yaml and
    Jekyll (whose keep records are YAML too) for the real corpora: real inputs for the tests
    of the fast YAML paths."""
    from bench import synth
    from bench.run import TARGETS
    from converter import frontmatter
    from converter.api import plan_conversion, read_site
    from converter.frontmatter import yamlcodec

    dumped: list[tuple[dict, object]] = []
    real_dump = yamlcodec.dump

    def recording(data: dict, comments: object = None) -> str:
        dumped.append((data, comments))
        return real_dump(data, comments)  # type: ignore[arg-type]

    monkeypatch.setitem(frontmatter._DUMP, "yaml", recording)
    synth.generate(workdir / "synth", pages, seed=seed)
    for root in [*(FIXTURES / n for n in FIXTURE_SITES), workdir / "synth"]:
        site = read_site(root, jobs=1)
        for target in TARGETS:
            plan_conversion(site, target, jobs=1)
    for root in corpus_roots():
        site = read_site(root, jobs=1)
        for target in ("hugo-yaml", "jekyll"):
            plan_conversion(site, target, jobs=1)
    monkeypatch.setitem(frontmatter._DUMP, "yaml", real_dump)
    return dumped
