"""Fast paths found profiling the real-site replica (issue 23), each held to the code it
replaced: same results on the fixtures and the corpora, and the fast path really taken."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter import apply as apply_module
from converter import commented, parallel, shown
from converter import frontmatter as fm
from converter.api import plan_conversion, read_site
from converter.frontmatter import lowering, yamlcodec
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.tomlcodec import _fast_load as toml_fast_load
from converter.frontmatter.yamlcodec import _fast_emit, _roundtrip
from converter.keep import KEEP_KEY
from converter.model import Site
from converter.readers import content_files
from converter.readers.hugo import HugoReader, find_root
from converter.writers import mkdocs as mkdocs_writer
from converter.writers.mkdocs import MkDocsWriter
from tests.codec_inputs import loaded_fixture_front_matter
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


# -- lowering for YAML: a plain copy when there is no time of day ---------------------------------


def _lower_by_the_walk(
    monkeypatch: pytest.MonkeyPatch, data: dict[str, Any], comments: Comments
) -> tuple[dict[str, Any], Comments]:
    def declined(value: Any) -> Any:
        raise lowering._Declined

    with monkeypatch.context() as m:
        m.setattr(lowering, "_plain_copy", declined)
        return lowering.lower("yaml", data, comments)


class _Map(dict):  # type: ignore[type-arg]
    pass


def test_yaml_lowering_copies_as_the_walk_does(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [(where, data, comments) for where, data, comments in loaded_fixture_front_matter()]
    shared = {"x": 1}
    cases += [
        ("a time", {"a": {"t": dt.time(3, 4)}, "b": [dt.time(1, 2), None]}, Comments()),
        ("a map of a subclass", {"a": _Map(k=[1, None])}, Comments()),
        ("keys not text", {1: "a", None: [{True: dt.date(2020, 1, 2)}]}, Comments()),
        ("one map twice", {"a": shared, "b": [shared]}, Comments({("a",): ["# c"]})),
        ("a record", {KEEP_KEY: {"nulls": {"/x": 1}}, "n": None}, Comments()),
    ]
    assert len(cases) > 50
    for where, data, comments in cases:
        before = copy.deepcopy(data)
        got, got_comments = lowering.lower("yaml", data, comments)
        want, want_comments = _lower_by_the_walk(monkeypatch, data, comments)
        assert got == want and type(got) is type(want), where
        assert got_comments == want_comments and got_comments is not comments, where
        assert repr(got) == repr(want), where  # the same types all the way down
        assert data == before, where  # the source is left as it was
        got["new"] = 1
        assert "new" not in data, where
    assert lowering._plain_copy({"a": [{"b": 1}]}) == {"a": [{"b": 1}]}
    with pytest.raises(lowering._Declined):
        lowering._plain_copy({"a": [dt.time(1, 2)]})


# -- commented-out fields: each text read once -------------------------------------------------


def test_commented_fields_read_once_as_before() -> None:
    lines = ["# links:", "#   - name: Slides", "#     url: 'https://example.org/s.pdf'"]
    cases = [
        ("links", lines),
        ("url_pdf", ["#url_pdf: ''"]),
        ("url_pdf", ["# url_pdf: [unclosed"]),  # no YAML: None
        ("other", ["# url_pdf: x"]),  # not the key it says: None
    ]
    for key, run in cases:
        body = [ln[1:] for ln in run]
        indent = len(body[0]) - len(body[0].lstrip(" "))
        text = "\n".join(b[indent:] for b in body) + "\n"
        try:
            want: Any = fm.load("yaml", text)[0]
        except Exception:
            want = None
        if want is not None and list(want) != [key]:
            want = None
        first = commented._parse(key, run)
        assert first == want, run
        if first is not None:  # a copy each time: a caller may change what it got
            first[key] = "changed"
            assert commented._parse(key, run) == want
    commented._parsed.cache_clear()
    for _ in range(3):
        commented._parse("links", lines)
    assert commented._parsed.cache_info().hits == 2


# -- MkDocs: the fields mapped a second time only for a fact Material may show ---------------------


def _mkdocs_outputs(site: Any) -> dict[str, bytes | None]:
    plan = plan_conversion(site, "mkdocs", jobs=1)
    return {a.dest: a.content for a in plan.actions}


def test_mkdocs_front_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    every = ("tags", "date", "lastmod", "authors", "categories")
    calls: list[str] = []
    front = MkDocsWriter._front

    def counted(self: MkDocsWriter, page: Any, table: Any) -> Any:
        calls.append(page.path)
        return front(self, page, table)

    monkeypatch.setattr(MkDocsWriter, "_front", counted)
    for root in _hugo_sites():
        site = read_site(root, jobs=1)
        calls.clear()
        now = _mkdocs_outputs(site)
        fewer = len(calls)
        with monkeypatch.context() as m:  # as before: the fields mapped for every page
            m.setattr(mkdocs_writer, "material_shows", lambda page, dest: every)
            calls.clear()
            assert _mkdocs_outputs(site) == now, root
        assert fewer <= len(calls), root


# -- floats written by the fast YAML emitter, as ruamel writes them --------------------------------


@given(st.lists(st.floats(), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_floats_written_as_ruamel_writes_them(values: list[float]) -> None:
    data = {"f": values[0], "l": values, "m": {"x": values[-1]}}
    reference = _roundtrip.dump(data, None, libyaml=False)
    assert yamlcodec.dump(data) == reference


def test_usual_floats_take_the_fast_emitter() -> None:
    usual = [0.4, 0.5, -2.5, 1e17, 1e-7, 0.0, -0.0, 3.14159, 5e-324, 1.7976931348623157e308]
    for value in usual:
        data = {"weight": value, "l": [value]}
        assert _fast_emit.dump(data) == _roundtrip.dump(data, None, libyaml=False), value
    for odd in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(Fallback):
            _fast_emit.dump({"x": odd})


# -- workers: one pool at a time, so no more workers hold memory than asked --------------------


def _siblings(i: int) -> tuple[int, int]:
    """(i, how many worker processes the parent has now), from a worker."""
    parent = os.getppid()
    with open(f"/proc/{parent}/task/{parent}/children") as fh:
        return i, len(fh.read().split())


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_no_more_workers_than_asked_between_waves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    monkeypatch.setattr(parallel, "WAVE_PAGES", 10)
    got = parallel.map_pages(_siblings, 300, jobs=2)
    assert [i for i, _ in got] == list(range(300))
    assert max(n for _, n in got) <= 2  # two pools side by side had four


def test_a_wave_ends_on_short_chunks() -> None:
    for count, workers in ((5220, 2), (1000, 4), (7, 2), (300, 1)):
        ranges = parallel.chunks(count, workers)
        for wave in parallel.waves(ranges, parallel.WAVE_PAGES):
            cut = parallel.tapered(wave, workers)
            pages = [i for a, b in cut for i in range(a, b)]
            assert pages == [i for a, b in wave for i in range(a, b)]  # every page once, in order
            assert all(b > a for a, b in cut)
            longest = max(b - a for a, b in wave)
            tail = cut[-2 * workers :]
            assert all(b - a <= max(1, -(-longest // 4)) for a, b in tail), (count, workers)


# -- the fast YAML emitter's scalar analysis, key texts and the comments' truth ----------------

_TRICKY = " :#-?.,[]{}&*!|>'\"%@`ab\t\0\x85\u2028\u2029\ufeff\xa0é\x7f\x01\U0001f600\r\n"


@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=8) | st.text(max_size=12))
@settings(max_examples=3000, deadline=None)
def test_scalar_analysis_is_ruamels(text: str) -> None:
    assert vars(_fast_emit._analyze_scalar(text)) == vars(_fast_emit._ANALYZER.analyze_scalar(text))


def test_scalar_analysis_of_usual_text() -> None:
    for text in ["---x", "... y", "-", "- a", "-a", "?", "? a", "?a", ":", ": a", "a:", "a: b",
                 "a:b", "#a", "a #b", "a#b", "a,b", "[a]", "a b ", " a", "x" * 3000,
                 "Lorem: ipsum, dolor (2020) — sit amet # not a comment"]:  # fmt: skip
        assert vars(_fast_emit._analyze_scalar(text)) == vars(
            _fast_emit._ANALYZER.analyze_scalar(text)
        ), text


@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=8) | st.text(max_size=12))
@settings(max_examples=500, deadline=None)
def test_key_text_once_as_each_time(key: str) -> None:
    _fast_emit._KEY_TEXT.clear()
    try:
        want = _fast_emit._key_text(key)
    except Fallback:
        with pytest.raises(Fallback):
            _fast_emit._key(key)
        return
    assert _fast_emit._key(key) == want == _fast_emit._key(key)  # the second one remembered
    assert _fast_emit._KEY_TEXT[key] == want


_LINES = st.lists(st.sampled_from(["", " ", "# c", "  #", "\t"]), max_size=3)


@given(
    st.dictionaries(st.tuples(st.sampled_from("ab")), _LINES, max_size=2),
    st.dictionaries(st.tuples(st.sampled_from("ab")), st.sampled_from(["", "# i"]), max_size=2),
    _LINES,
)
def test_comments_truth_is_that_of_their_texts(
    before: dict[Any, list[str]], inline: dict[Any, str], trailing: list[str]
) -> None:
    comments = Comments(before, inline, trailing)
    assert bool(comments) == bool(comments.texts())


# -- dates: "no digit before" asked after the first digits, not before them ----------------------


@given(st.text(alphabet=st.sampled_from("0123456789-/ a٣"), max_size=30))
@settings(max_examples=2000, deadline=None)
def test_numeric_date_patterns_match_as_looking_behind_first(text: str) -> None:
    before = {
        shown._ISO: r"(?<!\d)(\d{4})-(\d\d)-(\d\d)(?!\d)",
        shown._SLASHED: r"(?<!\d)(\d{4})/(\d\d)/(\d\d)(?!\d)",
        shown._DAY_MONTH_YEAR: r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\.?\s+"
        + shown._MONTH
        + r",?\s+(\d{4})",
    }
    for now, was in before.items():
        assert now.findall(text) == re.findall(was, text), now.pattern
        assert now.findall(text + " may 2020") == re.findall(was, text + " may 2020")


# -- TOML: a value with no `#` and nothing left open is not scanned character by character -------


def _outcome(read: Any, rest: str) -> Any:
    try:
        return read(rest)
    except Fallback:
        return Fallback


@given(st.text(alphabet=st.sampled_from("\"'\\[]{}# a,1="), max_size=14))
@settings(max_examples=5000, deadline=None)
def test_toml_value_ends_as_the_scan_finds(rest: str) -> None:
    assert _outcome(toml_fast_load._value_and_comment, rest) == _outcome(toml_fast_load._scan, rest)


def test_toml_usual_values_take_the_short_way(monkeypatch: pytest.MonkeyPatch) -> None:
    usual = ['"A title"', "2020-01-02T00:00:00Z", "true", '["a", "b"]', "[]", "'it'", "1.5"]
    monkeypatch.setattr(toml_fast_load, "_scan", lambda rest: pytest.fail(rest))
    for rest in usual:
        assert toml_fast_load._value_and_comment(rest) is None


# -- output files: a temporary made as mkstemp makes one, without its random names ----------------


def test_temporary_is_made_as_mkstemp_makes_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "docs" / "page.md"
    dest.parent.mkdir()
    fd, tmp = apply_module._temporary(dest)
    os.close(fd)
    made = Path(tmp)
    assert made.is_absolute() and made.parent == dest.parent and made.is_file()
    assert made.name.startswith(".page.md" + apply_module.TEMP_MARK)
    assert made.name.endswith(apply_module.TEMP_SUFFIX)
    mask = os.umask(0o022)
    os.umask(mask)
    assert made.stat().st_mode & 0o777 == 0o666 & ~mask  # the finished file's mode, at once
    assert made in apply_module.remove_stale_temporaries(tmp_path)  # found as a leftover
    # a name that exists (another run's, of the same process id) is skipped, not opened
    taken = made.parent / made.name.replace(made.name.split("-")[-1], "1000.tmp")
    taken.write_bytes(b"theirs")
    monkeypatch.setattr(apply_module, "_SERIAL", itertools.count(1000))
    fd, other = apply_module._temporary(dest)
    os.close(fd)
    assert Path(other) != taken and taken.read_bytes() == b"theirs"
    assert Path(other).name.endswith("-1001" + apply_module.TEMP_SUFFIX)
    relative = Path(os.path.relpath(dest, Path.cwd()))
    fd, third = apply_module._temporary(relative)
    os.close(fd)
    assert Path(third).is_absolute() and Path(third).parent == dest.parent


# -- comments renamed key by key, skipping keys no comment is under ------------------------------

_PATHS = st.lists(st.sampled_from("abcxy"), min_size=0, max_size=3).map(tuple)


@given(
    st.dictionaries(_PATHS, st.lists(st.just("# c"), max_size=2), max_size=5),
    st.dictionaries(_PATHS, st.just("# i"), max_size=3),
    st.lists(st.tuples(st.sampled_from("abcz"), _PATHS), max_size=5),
)
def test_rename_keys_as_rename_one_by_one(
    before: dict[Any, list[str]], inline: dict[Any, str], renames: list[tuple[str, Any]]
) -> None:
    one_by_one = Comments({k: list(v) for k, v in before.items()}, dict(inline))
    for key, new in renames:
        one_by_one.rename((key,), new)
    batched = Comments({k: list(v) for k, v in before.items()}, dict(inline))
    batched.rename_keys(renames)
    assert batched == one_by_one
    assert list(batched.before) == list(one_by_one.before)  # the same order too
    assert list(batched.inline) == list(one_by_one.inline)


# -- field mapping copies with copy_data, as deepcopy copied ------------------------------------


def test_forward_maps_as_with_deepcopy(monkeypatch: pytest.MonkeyPatch) -> None:
    from converter import fieldmap
    from converter.fieldmap import engine

    pages = [p for root in _hugo_sites()[:6] for p in read_site(root, jobs=1).pages]
    assert len(pages) > 50
    for target in ("jekyll", "quarto", "mkdocs", "hugo-yaml"):
        table = fieldmap.load(target)
        now = [fieldmap.forward(p.fields, p.kind, table) for p in pages]
        with monkeypatch.context() as m:
            m.setattr(engine, "copy_data", copy.deepcopy)
            before = [fieldmap.forward(p.fields, p.kind, table) for p in pages]
        assert [vars(f) for f in now] == [vars(f) for f in before], target


# -- the page index made before the workers fork ----------------------------------------------


def test_page_index_is_made_before_the_pages_are_planned(monkeypatch: pytest.MonkeyPatch) -> None:
    site = read_site(FIXTURES / "academic-v5-yaml", jobs=1)
    want = _mkdocs_outputs(site)
    site.forget_page_index()
    seen: list[bool] = []
    real = parallel.map_pages

    def spying(work: Any, count: int, **kwargs: Any) -> Any:
        if kwargs.get("stage") == "plan":
            seen.append(site._refs is not None)  # what a forked worker would inherit
        return real(work, count, **kwargs)

    monkeypatch.setattr(parallel, "map_pages", spying)
    assert _mkdocs_outputs(site) == want  # the same plan as with the index made on first use
    assert seen == [True]
    assert site.get_page("") is None  # the call that makes it finds nothing
