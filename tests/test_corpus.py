"""The real sites in ../shared/corpora: every page read, re-encoded both ways, and read back.

These pages are other people's words: they are read from ../shared, never copied here, and
every test skips with its reason when that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import convert, read_site
from converter import frontmatter as fm
from converter.frontmatter.values import differences, same
from converter.pages import parse_page
from tests.conftest import corpus_params

pytestmark = pytest.mark.corpus


def front_matter_files(root: Path) -> list[tuple[Path, str, dict[str, object], fm.Comments]]:
    """Every page, bundle resource and config file with front matter, parsed."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix == ".md":
            try:
                parsed = parse_page(path.read_bytes())
            except Exception:
                continue  # reported by the reader test below
            if parsed.split.format in ("yaml", "toml"):
                found.append((path, parsed.split.format, parsed.data, parsed.comments))
        elif (
            path.suffix in (".toml", ".yaml", ".yml")
            and "content" not in path.relative_to(root).parts
        ):
            fmt = "toml" if path.suffix == ".toml" else "yaml"
            data, comments = fm.load(fmt, path.read_text(encoding="utf-8"))
            found.append((path, fmt, data, comments))
    return found


@pytest.mark.parametrize("root", corpus_params())
def test_every_page_is_read(root):
    site = read_site(root)
    assert site.problems == []
    content = root / "content"
    # what Hugo renders of these sites: Markdown, under either suffix (blogdown writes
    # `.markdown` beside the `.Rmarkdown` source, which Hugo's ignoreFiles leaves out)
    md_files = {p for p in content.rglob("*") if p.suffix in (".md", ".markdown")}
    pages = {root / p.source.path for p in site.pages}
    resources = {r.source for p in site.pages for r in p.resources}
    assert pages | (md_files & resources) == md_files  # every page file is a page or a resource
    assert len(pages) > 10


@pytest.mark.parametrize("root", corpus_params())
def test_yaml_toml_yaml_and_toml_yaml_toml_keep_data_types_and_comments(root):
    failures = []
    for path, fmt, data, comments in front_matter_files(root):
        other = "toml" if fmt == "yaml" else "yaml"
        d1, c1 = fm.load(other, fm.dump(other, data, comments))
        d2, c2 = fm.load(fmt, fm.dump(fmt, d1, c1))
        if not (same(d1, data) and same(d2, data)):
            failures.append((path, "data", differences(data, d1)[:3] or differences(data, d2)[:3]))
        expected = comments.canonical(data)
        if c1.canonical(d1) != expected or c2.canonical(d2) != expected:
            failures.append((path, "comments", None))
    assert failures == []


@pytest.mark.parametrize("root", corpus_params())
@pytest.mark.parametrize("target", ["hugo-yaml", "hugo-toml"])
def test_converted_corpus_reads_back_as_the_same_model(root, target, tmp_path):
    original = read_site(root)
    result = convert(original, target, tmp_path / "out")
    assert result.exit_code == 0
    back = {p.path: p for p in read_site(tmp_path / "out").pages}
    fmt = target.removeprefix("hugo-")
    for page in original.pages:
        other = back[page.path]
        assert same(page.fields, other.fields), (
            page.path,
            differences(page.fields, other.fields)[:3],
        )
        assert page.body == other.body, page.path
        if page.alternate is not None:  # blogdown's pair: kept as it is (issue 21)
            assert other.source.raw == page.source.raw, page.path
            assert other.alternate is not None
            assert other.alternate.text == page.alternate.text, page.path
            continue
        assert other.source.format in (fmt, None)
        if page.source.format == fmt:  # already in the target format: byte for byte
            assert other.source.raw == page.source.raw, page.path
