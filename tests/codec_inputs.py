"""What the codec tests (test_codec_yaml.py, test_codec_toml.py) hold each format's fast paths
to the reference path on, and the message they fail with.

The inputs are real: every front matter and config of the fixtures, a synthetic site and the
corpora (read), and every front matter the writers ask a codec for while converting them
(written). A failure names the library whose rules the fast path copies and its installed
release: a fresh install takes the newest release, and when one changes an output or reading
rule, the first question a red run asks is which library, which version, which file.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from converter.frontmatter.comments import Comments
from tests.conftest import CORPORA, FIXTURE_SITES, FIXTURES, corpus_roots

RUAMEL = f"ruamel.yaml {version('ruamel.yaml')}"
PYYAML = f"PyYAML {version('PyYAML')}"
TOMLKIT = f"tomlkit {version('tomlkit')}"


def disagreement(fast: str, library: str, where: str, detail: object) -> str:
    """The failure message: which fast path, which library release, which input, what."""
    name, release = library.split()[0], library.split()[1]
    return (
        f"{fast} and {library} disagree on {where}: {detail}. The fast path copies {name}'s "
        f"rules, which this release seems to have changed: update {fast} to the new rules, "
        f"or give {name} an upper bound below {release} in pyproject.toml, saying why"
    )


def first_difference(reference: str, fast: str) -> str:
    ref_lines, fast_lines = reference.split("\n"), fast.split("\n")
    for n, (a, b) in enumerate(zip(ref_lines, fast_lines, strict=False), 1):
        if a != b:
            return f"line {n}: the library writes {a!r}, the fast path {b!r}"
    return f"the library writes {len(ref_lines)} lines, the fast path {len(fast_lines)}"


def front_matter_texts(
    fmt: str, synthetic: Path | None = None, corpora: bool = True
) -> list[tuple[str, str]]:
    """(where, text) of every `fmt` front matter and config file of the fixtures (the broken
    ones of the bad site included: errors must be the same too), `synthetic` and the corpora."""
    from converter.frontmatter.split import split
    from converter.pages import decode

    suffixes = (".toml",) if fmt == "toml" else (".yaml", ".yml")
    texts = []
    for root in [FIXTURES, synthetic, CORPORA if corpora else None]:
        for f in sorted(root.rglob("*")) if root else []:
            if not f.is_file() or f.suffix not in (".md", *suffixes):
                continue
            try:
                text = decode(f.read_bytes())
                if f.suffix == ".md":
                    parts = split(text)
                    if parts.format != fmt:
                        continue
                    text = parts.text
            except Exception:
                continue
            texts.append((_where(f, root), text))
    return texts


def _where(f: Path, root: Path) -> str:
    if root == FIXTURES:
        return f"fixtures/{f.relative_to(FIXTURES)}"
    if root == CORPORA:
        return f"corpus {f.relative_to(root)}"
    return f"synthetic {f.relative_to(root)}"


def written_front_matter(
    monkeypatch: pytest.MonkeyPatch, fmt: str, synthetic: Path
) -> list[tuple[str, dict[str, Any], Comments | None]]:
    """(where, data, comments) of every `fmt` front matter and config the writers ask the codec
    for while planning the fixture sites and `synthetic` (every target that writes `fmt`: all
    five for YAML, whose keep records and configs are YAML too) and the corpora (Hugo-YAML and
    Jekyll; Hugo-TOML)."""
    from bench.run import TARGETS
    from converter import frontmatter
    from converter.api import plan_conversion, read_site

    asked: list[tuple[str, dict[str, Any], Comments | None]] = []
    real = frontmatter._DUMP[fmt]
    where = ""

    def recording(data: dict[str, Any], comments: Comments | None = None) -> str:
        asked.append((where, data, comments))
        return real(data, comments)

    monkeypatch.setitem(frontmatter._DUMP, fmt, recording)
    own = [*(FIXTURES / n for n in FIXTURE_SITES), synthetic]
    own_targets = ("hugo-toml",) if fmt == "toml" else tuple(TARGETS)
    corpus_targets = ("hugo-toml",) if fmt == "toml" else ("hugo-yaml", "jekyll")
    runs = [*((r, own_targets) for r in own), *((r, corpus_targets) for r in corpus_roots())]
    for root, targets in runs:
        site = read_site(root, jobs=1)
        for target in targets:
            where = f"{root.name} converted to {target}"
            plan_conversion(site, target, jobs=1)
    monkeypatch.setitem(frontmatter._DUMP, fmt, real)
    return asked


def loaded_fixture_front_matter() -> Iterator[tuple[str, dict[str, Any], Comments]]:
    """(where, data, comments) of every YAML and TOML front matter of the fixtures that reads
    as front matter, as `frontmatter.load` gives it: data to write in the other format."""
    from converter import frontmatter
    from converter.errors import FrontMatterError

    for fmt in ("yaml", "toml"):
        for where, text in front_matter_texts(fmt, corpora=False):
            if where.startswith("fixtures/bad-site"):
                continue
            try:
                data, comments = frontmatter.load(fmt, text)
            except FrontMatterError:  # a data file that is a list, say: not front matter
                continue
            yield where, data, comments
