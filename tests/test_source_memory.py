"""What a read page holds, held once (issue 23, memory): a page's source keeps the bytes
before its body and the page's own body string instead of a second copy of the file, its
comments are parsed from those bytes again when asked, and field names and report texts are
one string per distinct text. Each is held here to what it replaced: the same bytes, the
same comments, the same plan, on the fixtures and every page of the corpora.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from pathlib import Path

import pytest

from converter import api, parallel
from converter.model import Page, Site, SourceInfo
from converter.pages import parse_page, share_keys
from converter.readers.hugo import HugoReader
from converter.registry import ReadOptions
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_params

TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]


def _read(root: Path, jobs: int = 1) -> Site:
    return HugoReader().read(root, ReadOptions(jobs=jobs))


def _held_whole(source: SourceInfo) -> SourceInfo:
    """`source` as it was held before: the whole file, its comments parsed once and kept."""
    return SourceInfo(
        source.path,
        source.format,
        raw=bytes(source.raw),
        data=source.data,
        comments=source.comments.copy(),
        prefix=source.prefix,
        newline=source.newline,
        body_line=source.body_line,
        record=source.record,
        comments_format=source.comments_format,
    )


def _whole(site: Site) -> Site:
    pages = [
        dataclasses.replace(p, source=_held_whole(p.source)) if p.source else p for p in site.pages
    ]
    for before, after in zip(site.pages, pages, strict=True):
        after.snapshot()
        assert after.unchanged and before.unchanged
    return dataclasses.replace(site, pages=pages)


def _check_sources(site: Site) -> int:
    """Every page's `raw` is its file, its comments those of the file; returns how many
    pages hold only the bytes before their body (the saving taken)."""
    shared = 0
    for page in site.pages:
        source = page.source
        assert source is not None
        raw = (site.root / source.path).read_bytes()
        assert source.raw == raw, source.path
        if source.record is None:
            assert source.comments == parse_page(raw).comments, source.path
        if page.body and raw.endswith(page.body.encode("utf-8")):
            # the page's own string, not a copy: what makes `raw` cost only its front matter
            assert source._body is page.body, source.path
            assert len(source._head) == len(raw) - len(page.body.encode("utf-8"))
            shared += 1
    return shared


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_a_fixture_page_source_is_its_file_as_read(name: str) -> None:
    site = _read(FIXTURES / name)
    assert _check_sources(site) > 0
    again = pickle.loads(pickle.dumps(site.pages))  # as a reading worker sends them back
    assert [p.source.raw for p in again] == [p.source.raw for p in site.pages]
    assert all(p.source._body is p.body for p in again if p.source._body is not None)


@pytest.mark.parametrize("root", corpus_params())
def test_every_corpus_page_source_is_its_file_as_read(root: Path) -> None:
    site = _read(root)
    assert _check_sources(site) > 0  # every page with a body that ends its file, checked


@pytest.mark.parametrize("name", FIXTURE_SITES)
@pytest.mark.parametrize("target", TARGETS)
def test_the_plan_is_the_one_of_sources_held_whole(name: str, target: str) -> None:
    site = _read(FIXTURES / name)
    held = api.plan_conversion(site, target, jobs=1)
    whole = api.plan_conversion(_whole(_read(FIXTURES / name)), target, jobs=1)
    assert held.pages == whole.pages
    assert held.actions == whole.actions


@pytest.mark.parametrize("root", corpus_params())
def test_a_corpus_plan_in_workers_is_the_one_of_sources_held_whole(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    if not parallel.can_fork():
        pytest.skip("no fork here: the workers' path is not taken")
    site = _read(root, jobs=2)  # pages pickled back from the reading workers
    unchanged = 0
    for target in ("hugo-yaml", "hugo-toml"):
        held = api.plan_conversion(site, target, jobs=2)
        whole = api.plan_conversion(_whole(_read(root)), target, jobs=1)
        assert held.pages == whole.pages
        assert held.actions == whole.actions
        unchanged += sum(r.status == "unchanged" for r in held.pages)
    assert unchanged  # pages written back as their bytes: `raw` put together again


def test_an_edited_body_is_written_and_the_source_stays_as_read(tmp_path: Path) -> None:
    site = _read(FIXTURES / "academic-v5-yaml")
    page = next(p for p in site.pages if p.body.strip() and p.source and p.source._body)
    assert page.source is not None
    raw = (site.root / page.source.path).read_bytes()
    page.body = page.body + "\nAn added line.\n"
    plan = api.plan_conversion(site, "hugo-yaml", jobs=1)
    written = next(a for a in plan.actions if a.dest == page.source.path)
    assert written.content is not None and written.content.endswith(b"An added line.\n")
    assert page.source.raw == raw  # the body as read, not the page's new one


def test_a_source_made_without_a_body_holds_the_file_whole() -> None:
    raw = b"---\ntitle: x\n# note\nauthors: [a]\n---\nbody\n"
    held = SourceInfo("p.md", "yaml", raw=raw, body="body\n")
    whole = SourceInfo("p.md", "yaml", raw=raw)
    other = SourceInfo("p.md", "yaml", raw=raw, body="another body\n")  # not raw's end
    assert held.raw == whole.raw == other.raw == raw
    assert held == whole and held.comments == parse_page(raw).comments
    assert held.comments.before[("authors",)] == ["# note"]
    held.raw = b"new"
    assert held.raw == b"new"


def test_field_names_are_one_string_each_and_the_pages_read_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    site = _read(FIXTURES / "academic-v5-yaml", jobs=2)
    titled = [p for p in site.pages if "title" in p.fields]
    assert len(titled) > 2
    names = {id(k) for p in titled for k in p.fields if k == "title"}
    assert len(names) < len(titled)  # shared, within a batch of pages at least
    alone = _read(FIXTURES / "academic-v5-yaml")
    keys = {id(k) for p in alone.pages for k in p.fields if k == "title"}
    assert len(keys) == 1  # in one process: one object
    for page in site.pages + alone.pages:
        assert page.unchanged, page.path  # the digest taken after the keys were shared
        assert pickle.loads(pickle.dumps(page)).unchanged, page.path


def test_sharing_keys_keeps_a_shared_map_one_map_and_the_key_order() -> None:
    raw = b"---\nb:\n  k: 1\n  j: 2\na: 0\nlist:\n  - {k: 3}\n---\n"
    data = parse_page(raw).data
    assert list(data) == ["b", "a", "list"] and list(data["b"]) == ["k", "j"]
    keys = [k for k in data["b"]] + [k for k in data["list"][0]]
    assert keys[0] is keys[2]  # `k` of both maps: one string
    inner = {"".join(["ti", "tle"]): 1, "x": [{"".join(["ti", "tle"]): 2}]}
    outer = {"".join(["a", "b"]): inner, "cd": inner}  # one map twice (as an alias gives)
    share_keys(outer)
    assert outer["ab"] is outer["cd"] is inner and list(outer) == ["ab", "cd"]
    assert next(iter(inner)) is next(iter(inner["x"][0])) is sys.intern("title")


def test_report_texts_repeated_from_page_to_page_are_one_string() -> None:
    site = _read(FIXTURES / "academic-v5-yaml")
    plan = api.plan_conversion(site, "jekyll", jobs=1)
    for field in ("summary -> excerpt", "date under hugo_academic"):
        texts = [t for r in plan.pages for t in r.mapped + r.kept if t == field]
        assert len(texts) > 1 and len({id(t) for t in texts}) == 1, field


def test_a_page_is_a_slotted_object() -> None:
    page = Page(kind="post", slug="x", path="post/x.md")
    with pytest.raises(AttributeError):
        page.unknown = 1  # type: ignore[attr-defined]
