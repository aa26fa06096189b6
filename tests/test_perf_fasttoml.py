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
from converter.keypath import KeyPath

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


def _paths(value: Any, prefix: KeyPath = ()) -> list[KeyPath]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


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
    synth.generate(tmp_path / "synth", 120, seed=3)
    sites = [fixture_site(n) for n in FIXTURE_SITES] + corpus_roots() + [tmp_path / "synth"]
    for site in sites:
        convert(site, "hugo-toml", dry_run=True, jobs=1)
    assert len(asked) > 200
    fast = sum(_same_or_fallback(data, comments) for data, comments in asked)
    assert fast > len(asked) * 0.9
