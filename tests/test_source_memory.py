"""What a read page holds, held once (issue 23, memory): a page's source keeps none of its
file's bytes but reads them again when asked (checked against the size and digest taken
when the file was read: a file changed since fails its page, saying so), its comments are
parsed from those bytes again when asked, and field names and report texts are one string
per distinct text. Each is held here to what it replaced: the same bytes, the same
comments, the same plan, on the fixtures and every page of the corpora.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from converter import api, parallel
from converter.frontmatter.values import same
from converter.model import Page, Site, SourceChanged, SourceInfo, fields_digest
from converter.pages import parse_page, share_keys
from converter.readers.hugo import HugoReader
from converter.registry import ReadOptions
from converter.writers.hugo import page_data
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
    pages hold none of their file's bytes (the saving taken: all of them)."""
    held_nothing = told = by_digest = 0
    for page in site.pages:
        source = page.source
        assert source is not None
        raw = (site.root / source.path).read_bytes()
        assert source.raw == raw, source.path
        assert source.size == len(raw) and source.is_raw(raw), source.path
        assert not source.is_raw(raw + b"\n") and not source.is_raw(b"x" * len(raw))
        parsed = parse_page(raw)
        if source.record is None:
            assert source.comments == parsed.comments, source.path
        if source._data is None:  # not held: parsed again, told by their digest
            assert source.record is None and source.format != "org", source.path
            assert same(source.data, parsed.data) and source.data is not source.data
            assert source._data_digest == fields_digest(parsed.data), source.path
            if not page.upgrades:  # the digest taken once: the fields' is the data's
                assert source._data_digest is page._read_fields
            # what a Hugo writer makes of the page's fields is the data, by digest alone for
            # nearly every page (one whose copy pickles otherwise is compared by value)
            made = page_data(page, upgrade=False)[0]
            assert source.is_data(made), source.path
            told += 1
            by_digest += fields_digest(made) == source._data_digest
        else:
            assert source.record or source.format == "org", source.path
        if source._head == b"" and source._body is None and source._root is not None:
            held_nothing += 1
    assert by_digest >= told * 0.9, (by_digest, told)
    return held_nothing


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_a_fixture_page_source_is_its_file_as_read(name: str) -> None:
    site = _read(FIXTURES / name)
    assert _check_sources(site) == len(site.pages) > 0
    assert len({id(p.source._root) for p in site.pages if p.source}) == 1  # one root string
    again = pickle.loads(pickle.dumps(site.pages))  # as a reading worker sends them back
    assert [p.source.raw for p in again] == [p.source.raw for p in site.pages]
    assert all(p.source._head == b"" for p in again if p.source)


@pytest.mark.parametrize("root", corpus_params())
def test_every_corpus_page_source_is_its_file_as_read(root: Path) -> None:
    site = _read(root)
    assert _check_sources(site) == len(site.pages) > 0


@pytest.mark.parametrize("name", FIXTURE_SITES)
@pytest.mark.parametrize("target", TARGETS)
def test_the_plan_is_the_one_of_sources_held_whole(name: str, target: str) -> None:
    site = _read(FIXTURES / name)
    held = api.plan_conversion(site, target, jobs=1)
    whole = api.plan_conversion(_whole(_read(FIXTURES / name)), target, jobs=1)
    assert held.pages == whole.pages
    assert held.actions == whole.actions
    if target.startswith("hugo"):  # a page is unchanged when its file is written as read
        written = {a.dest: a.content for a in held.actions}
        for report in held.pages[: len(site.pages)]:
            same = written.get(report.source) == (site.root / report.source).read_bytes()
            assert (report.status == "unchanged") == same, report.source


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


def test_a_page_whose_data_are_not_held_is_written_as_its_fields_say() -> None:
    """Edited in memory: the edit is written. Its fields told from the ones read by their
    digest: a page whose digest differs is compared with its data parsed again, and one whose
    fields are still the same is written as read, as when the source held its data."""
    site = _read(FIXTURES / "academic-v5-yaml")
    pages = [p for p in site.pages if p.source and p.source._data is None and "title" in p.fields]
    assert len(pages) > 2
    edited, other, unheld = pages[:3]
    upgraded = next(p for p in pages[3:] if p.upgrades)  # its data are not its fields
    pages = [edited, other, unheld, upgraded]
    edited.fields["title"] += " (edited)"
    assert other.source is not None and unheld.source is not None
    other.source._data_digest = b"not the digest"  # told apart by the digest, the same by value
    unheld.source.data = unheld.source.data  # held again: what `_unmap` does
    plan = api.plan_conversion(site, "hugo-yaml", jobs=1)
    written = {a.dest: a.content for a in plan.actions}
    status = {r.source: r.status for r in plan.pages}
    for page in pages:
        assert page.source is not None
        raw = (site.root / page.source.path).read_bytes()
        assert (written[page.source.path] == raw) == (page is not edited), page.path
        assert status[page.source.path] == ("converted" if page is edited else "unchanged")
    assert b"(edited)" in (written[edited.source.path] or b"")
    assert unheld.source._data is not None and unheld.source._data_digest is None


def test_a_site_read_with_a_mapping_holds_the_data_it_read(tmp_path: Path) -> None:
    """Its pages' fields are no longer those read: the data are held, not parsed again."""
    mine = tmp_path / "mine.yaml"
    mine.write_text("fields:\n  url_slides: slides_link\n")
    plain = _read(FIXTURES / "academic-v5-yaml")
    mapped = HugoReader().read(FIXTURES / "academic-v5-yaml", ReadOptions(mappings=[mine]))
    assert any(p.source and p.source._data is None for p in plain.pages)
    for page, before in zip(mapped.pages, plain.pages, strict=True):
        assert page.source is not None and before.source is not None
        assert page.source._data is not None and page.source._data_digest is None
        assert same(page.source.data, before.source.data), page.path
    assert any(p.upgrades for p in mapped.pages)  # held as the upgrades undone give them
    source = next(p.source for p in plain.pages if p.source and p.source._data is None)
    data = source.data
    source.hold_data({"not": "the data"})  # told by the digest: parsed again instead
    assert source._data is not None and same(source._data, data)


def test_a_page_read_with_its_keep_record_holds_its_data(tmp_path: Path) -> None:
    """The record's fields are in its data: not what parsing the file again gives (a null,
    which TOML cannot hold, is in the record)."""
    seed = _copy_site(tmp_path, "seed-talk")
    page = seed / "content/event/seed-talk/index.md"
    page.write_text(page.read_text().replace("---\n", "---\nnothing: null\n", 1))
    assert api.convert(seed, "hugo-toml", tmp_path / "out").exit_code == 0
    site = _read(tmp_path / "out")
    recorded = [p for p in site.pages if p.source and p.source.record]
    assert recorded and _check_sources(site) == len(site.pages)
    for page in recorded:
        assert page.source is not None and page.source._data is not None
        assert not same(page.source.data, parse_page(page.source.raw).data)


@pytest.mark.parametrize("target", ["jekyll", "quarto", "mkdocs"])
def test_a_page_read_back_from_a_target_holds_none_of_its_file(tmp_path: Path, target: str) -> None:
    """Read back from another convention, a page's source is its file, read again when asked
    (its data are held: the target's front matter, not the page's fields), and the way back
    to Hugo is the one of sources held whole."""
    assert api.convert(FIXTURES / "academic-v5-yaml", target, tmp_path / "out").exit_code == 0
    site = api.read_site(tmp_path / "out", jobs=1)
    assert len(site.pages) > 2
    for page in site.pages:
        source = page.source
        assert source is not None and source._root is not None and source._head == b""
        raw = (site.root / source.path).read_bytes()
        assert source.raw == raw and source.is_raw(raw) and source.holds_data, source.path
    held = api.plan_conversion(site, "hugo-yaml", jobs=1)
    whole = api.plan_conversion(_whole(api.read_site(tmp_path / "out", jobs=1)), "hugo-yaml")
    assert held.pages == whole.pages and held.actions == whole.actions


def test_an_edited_body_is_written_and_the_source_stays_as_read(tmp_path: Path) -> None:
    site = _read(FIXTURES / "academic-v5-yaml")
    page = next(p for p in site.pages if p.body.strip() and p.source)
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
    assert held._body == "body\n" and len(held._head) == len(raw) - 5  # no file: bytes kept
    for source in (held, whole, other):
        assert source.size == len(raw) and source.is_raw(raw) and not source.is_raw(raw[1:])
        assert not source.is_raw(raw.replace(b"x", b"y"))  # same size, other bytes
        assert source.raw_if_unchanged() == raw
    held.raw = b"new"
    assert held.raw == b"new" and held.size == 3 and held.is_raw(b"new")


def _copy_site(tmp_path: Path, name: str = "academic-v5-yaml") -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return root


def test_a_source_read_from_a_file_is_read_again_and_set_like_any(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    page = next(p for p in _read(root).pages if p.source and p.source.size)
    source = page.source
    assert source is not None and source._head == b"" and source._root is not None
    file = root / source.path
    raw = file.read_bytes()
    assert source.raw == raw and source.raw is not source.raw  # read each time, not kept
    source.raw = b"set"  # a source given bytes holds them: the file is not read any more
    file.unlink()
    assert source.raw == b"set" and source.is_raw(b"set") and source._root is None


def test_a_file_read_again_in_short_reads_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_site(tmp_path)
    source = next(p.source for p in _read(root).pages if p.source and p.source.size > 3)
    raw = (root / source.path).read_bytes()
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 3)))
    assert source.raw == raw  # (a network file system may return less than asked)


@pytest.mark.parametrize("change", ["longer", "same size", "gone"])
def test_a_file_changed_after_reading_says_so_and_gives_no_other_bytes(
    tmp_path: Path, change: str
) -> None:
    root = _copy_site(tmp_path)
    site = _read(root)
    page = next(p for p in site.pages if p.source and p.source.format == "yaml" and p.body)
    source = page.source
    assert source is not None
    file = root / source.path
    raw = file.read_bytes()
    if change == "gone":
        file.unlink()
    else:
        file.write_bytes(raw + b"\nmore\n" if change == "longer" else raw.upper())
    with pytest.raises(SourceChanged) as caught:
        source.raw  # noqa: B018  (the property is what is tested)
    assert str(caught.value).startswith(f"{source.path}: ")
    assert ("cannot be read again" if change == "gone" else "changed since it was read") in str(
        caught.value
    )
    assert source.raw_if_unchanged() is None
    assert source.is_raw(raw) and source.size == len(raw)  # what was read, still told apart


@pytest.mark.parametrize("target", ["hugo-yaml", "hugo-toml", "mkdocs"])
def test_a_page_whose_file_changed_before_it_was_planned_fails_alone(
    tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file's bytes were to be written back (a YAML page to hugo-yaml), the change
    is said on the page (file named), nothing of the file is written as the page's bytes,
    and the other pages are planned as before. A target that does not write the bytes back
    converts the page as it was read, from its fields and body. A page that fails in any
    writer keeps its bytes as read, or none when its file changed."""
    root = _copy_site(tmp_path)
    site = _read(root)
    before = api.plan_conversion(_read(root), target, jobs=1)
    page = next(p for p in site.pages if p.source and p.source.format == "yaml" and p.body)
    assert page.source is not None
    path = page.source.path
    file = root / path
    raw = file.read_bytes()
    file.write_bytes(raw.replace(b"---\n", b"---\nedited: true\n", 1))
    plan = api.plan_conversion(site, target, jobs=1)
    changed = [r for r in plan.pages if r.status == "failed"]
    if target == "hugo-yaml":
        assert [r.source for r in changed] == [path]
        assert changed[0].error == (
            f"{path}: changed since it was read (during the conversion); convert the site again"
        )
        assert changed[0].outputs == [] and path in {a.origin for a in before.actions}
        assert path not in {a.origin for a in plan.actions}
        others = [r for r in before.pages if r.source != path]
        assert [r for r in plan.pages if r.source != path] == others
    else:
        assert not changed and plan.pages == before.pages and plan.actions == before.actions
    writer = "_HugoWriter" if target.startswith("hugo") else "TargetWriter"
    module = "hugo" if target.startswith("hugo") else "target"
    monkeypatch.setattr(f"converter.writers.{module}.{writer}._page", _raises)
    file.write_bytes(raw)
    site = _read(root)
    file.write_bytes(raw + b"more\n")
    plan = api.plan_conversion(site, target, jobs=1)
    assert len(plan.pages) >= len(site.pages) > 2
    for report in plan.pages[: len(site.pages)]:
        assert report.status == "failed" and "a writer's bug" in str(report.error)
        assert (report.outputs == []) == (report.source == path), report.source
    kept = {a.origin: a.content for a in plan.actions}
    assert path not in kept
    other = next(p.source for p in site.pages if p.source and p.source.path != path)
    assert kept[other.path] == (root / other.path).read_bytes()


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


def _raises(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a writer's bug, for the test")
