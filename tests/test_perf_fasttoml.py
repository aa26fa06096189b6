"""The fast TOML writer (`fasttoml`) against tomlkit, which it replaces where it can: the same
text for the same data and comments, byte for byte, on generated front matter and on every TOML
front matter and config the Hugo-TOML writer produces for the fixtures and the corpora.

No timing here: the benchmark (bench/run.py) measures what the fast path saves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.frontmatter import fasttoml, tomlcodec
from converter.frontmatter.comments import Comments
from converter.keypath import KeyPath, walk

KEYS = st.one_of(
    st.sampled_from(["a", "b", "title", "image", "x-y", "a b", "ü", "", "a.b", 'q"', "k_1"]),
    st.text(max_size=4),
)
TZ = st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5, minutes=-30))])
SCALARS = st.one_of(
    st.text(max_size=8),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(timezones=TZ),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=10,
)
LINES = st.lists(st.sampled_from(["", "# c", "#d", "x", "# two\nlines"]), max_size=3)


def _paths(value: Any) -> list[KeyPath]:
    return [path for path, _ in walk(value)]


def _same_or_fallback(data: dict[str, Any], comments: Comments | None) -> bool:
    """True when the fast writer wrote the text; fails the test if it wrote another one."""
    try:
        slow = tomlcodec.slow_dump(data, comments)
    except Exception:  # tomlkit refuses it (a NaN in an array...): nothing to compare
        return False
    try:
        fast = fasttoml.dump(data, comments)
    except fasttoml.Fallback:
        return False
    assert fast == slow, (data, comments)
    return True


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.data())
def test_fast_toml_writes_tomlkits_bytes(data: dict[str, Any], draw: st.DataObject) -> None:
    comments = None
    paths = _paths(data)
    if paths and draw.draw(st.booleans()):
        comments = Comments()
        for p in draw.draw(st.lists(st.sampled_from(paths), max_size=3)):
            comments.before[p] = draw.draw(LINES)
        for p in draw.draw(st.lists(st.sampled_from(paths), max_size=2)):
            comments.inline[p] = draw.draw(st.sampled_from(["# i", "i", "#j", "  # k"]))
        comments.trailing = draw.draw(LINES)
    _same_or_fallback(data, comments)


def test_front_matter_shapes_take_the_fast_path() -> None:
    """The shapes real pages have are written by the fast path, not declined (else the test
    above would pass while saving nothing)."""
    page = {
        "title": 'A "quoted" title\twith a tab',
        "date": dt.datetime(2021, 3, 4, 10, 0, tzinfo=dt.timezone.utc),
        "publishDate": dt.date(2021, 3, 4),
        "authors": ["admin", "Ines Varga"],
        "weight": 10,
        "ratio": 1.5,
        "draft": False,
        "image": {"caption": "", "focal_point": "Smart"},
        "links": [{"name": "Code", "url": "https://example.org"}],
        "header": {"image": "x.png"},
        "sections": [{"name": "a", "weight": 1}, {"name": "b"}],
    }
    comments = Comments(
        before={("title",): ["# Title", ""], ("image",): ["# Featured image"], ("header",): [""]},
        inline={("weight",): "# order", ("header",): "# the header"},
        trailing=["", "# end"],
    )
    assert _same_or_fallback(page, comments)
    assert _same_or_fallback(page, None)


def test_every_toml_the_writer_produces(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_site: Any
) -> None:
    """Every TOML text the Hugo-TOML writer asks for on the fixture sites, the corpora and a
    synthetic site: the fast writer's bytes are tomlkit's."""
    from bench import synth
    from converter import convert
    from tests.conftest import FIXTURE_SITES, corpus_roots

    asked: list[tuple[dict[str, Any], Comments | None]] = []
    real = tomlcodec.dump

    def recording(data: dict[str, Any], comments: Comments | None = None) -> str:
        asked.append((data, comments))
        return real(data, comments)

    monkeypatch.setattr(tomlcodec, "dump", recording)
    monkeypatch.setitem(tomlcodec.__dict__, "dump", recording)
    from converter import frontmatter

    monkeypatch.setitem(frontmatter._DUMP, "toml", recording)
    synth.generate(tmp_path / "synth", 200, seed=3)
    corpora = corpus_roots()
    sites = [fixture_site(n) for n in FIXTURE_SITES] + corpora + [tmp_path / "synth"]
    for site in sites:
        convert(site, "hugo-toml", dry_run=True, jobs=1)
    # the fixtures and the synthetic site alone give about 230; the corpora about 900 more
    assert len(asked) > (1000 if corpora else 200)
    fast = sum(_same_or_fallback(data, comments) for data, comments in asked)
    assert fast > len(asked) * 0.9


# -- reading -------------------------------------------------------------------------------------


def _load_both(text: str) -> tuple[object, object, bool]:
    """(full path's result, fast path's result or the full path's again, fast path taken)."""
    from converter.frontmatter.values import same

    def slow() -> object:
        try:
            real = fasttoml.load
            fasttoml.load = _declined  # type: ignore[assignment]
            try:
                return tomlcodec.load(text)
            finally:
                fasttoml.load = real  # type: ignore[assignment]
        except Exception as e:
            return type(e).__name__, str(e)

    reference = slow()
    try:
        data, comments = fasttoml.load(text)
    except fasttoml.Fallback:
        return reference, reference, False
    assert isinstance(reference, tuple) and len(reference) == 2, (text, reference)
    assert same(reference[0], data), text  # values and types
    return repr(reference), repr((data, comments)), True


def _declined(text: str) -> Any:
    raise fasttoml.Fallback


TRICKY_TOML = [
    'a = 1 # one\n\n\n# c\n[t] # head\n\nb = "x # not a comment" # real\n\n# end\n\n',
    "a = 'lit # x'\nb = [1, [2, 3]] # arr\nc = {x = 1, y = \"#\"}\n",
    'a = """\nmulti\n"""\n',
    "a = [\n  1, # one\n  2,\n]\n",
    "a.b = 1\n",
    '"q" = 1\n',
    "[a.b]\nx = 1\n",
    "[[a]]\nx = 1\n",
    "a = 1\na = 2\n",
    "a = 2021-01-02T03:04:05+02:00\nb = 1979-05-27\nc = 07:32:00\nd = inf\ne = 0x1F\n",
    "  # indented\n  a = 1\n\t[t]\n",
    "a = 1\n[t]\n[u]\nb = 2\n",
    'a = "unclosed\n',
    "a = [1, 2\n",
]


def test_fast_toml_reads_what_tomlkit_reads(tmp_path: Path) -> None:
    """Every TOML front matter and config of the fixtures, a synthetic site (both of which a
    lone clone has) and the corpora, and the tricky cases: the same values, types and
    comments, or the full path."""
    from bench import synth
    from converter.frontmatter.split import split
    from converter.pages import decode
    from tests.conftest import CORPORA, FIXTURES

    synth.generate(tmp_path / "synth", 300, seed=5)
    texts = list(TRICKY_TOML)
    for root in [FIXTURES, tmp_path / "synth", CORPORA]:
        for f in sorted(root.rglob("*")) if root else []:
            if f.suffix not in (".md", ".toml") or not f.is_file():
                continue
            try:
                text = decode(f.read_bytes())
                parts = split(text) if f.suffix == ".md" else None
            except Exception:
                continue
            if parts is None or parts.format == "toml":
                texts.append(parts.text if parts else text)
    assert len(texts) > (500 if CORPORA else 100)
    taken = 0
    for text in texts:
        reference, fast, used = _load_both(text)
        assert fast == reference, text
        taken += used
    assert taken > len(texts) * 0.6


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(KEYS, VALUES, max_size=6),
    st.lists(st.sampled_from(["", "# c", "  # d", "\t"]), max_size=4),
    st.data(),
)
def test_fast_toml_reads_written_front_matter(
    data: dict[str, Any], extra: list[str], draw: st.DataObject
) -> None:
    """Front matter as the TOML writer writes it, with comment and blank lines added here and
    there: the same values, types and comments as tomlkit reads."""
    from converter import frontmatter

    comments = Comments(before={(k,): ["# k", ""] for k in list(data)[:2]}, trailing=["# end"])
    try:
        text = frontmatter.dump("toml", data, comments)
    except Exception:
        return
    lines = text.split("\n")
    for line in extra:
        lines.insert(draw.draw(st.integers(0, len(lines))), line)
    reference, fast, _ = _load_both("\n".join(lines))
    assert fast == reference
