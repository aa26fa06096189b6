"""TOML's fast paths held to tomlkit, the reference path they short-cut
(converter/frontmatter/tomlcodec): the same values, types and comments read, the same bytes
written, or a `Fallback` to tomlkit.

The paths: reading, tomllib's values with comments found by line (`_fast_load`); writing,
tomlkit's rules for the shapes front matter takes (`_fast_emit`). Each is compared with
tomlkit (`_roundtrip`) on the inputs of tests/codec_inputs.py, on tricky cases and on
generated front matter; a failure names the library and its release. This is the one test
module that looks behind `tomlcodec.load` and `tomlcodec.dump`.

No timing here: the benchmark (bench/run.py) measures what the fast paths save.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.frontmatter import lowering, tomlcodec
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.tomlcodec import _fast_emit, _fast_load, _roundtrip
from converter.frontmatter.values import differences, same
from converter.keypath import KeyPath, walk
from tests.codec_inputs import (
    TOMLKIT,
    disagreement,
    first_difference,
    front_matter_texts,
    loaded_fixture_front_matter,
    written_front_matter,
)
from tests.conftest import CORPORA

READER = "the fast TOML reader (tomlcodec._fast_load, over tomllib)"
WRITER = "the fast TOML writer (tomlcodec._fast_emit)"

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
    # arrays of tables (author profiles' `[[social]]`): comments between, before and after
    "# x\n\n[[s]]\n  b = 2 # i\n\n# y\n\n[[s]]\nc = 3\n[[s]]\n# z\n\n# end\n",
    "a = 1\n\n[[s]]\nb = 1\n\n# t\n\n[t]\nc = 1\n\n[[u]]\n[[u]]\nd = 1\n",
    "[[s]] # head\nb = 1\n[[s]]  # two\nb = 2\n",
    "[[s]]\nb = 1\n[t]\nc = 1\n[[s]]\nb = 2\n",
    "[t]\nb = 1\n[[t]]\nb = 2\n",
    "[[s]]\n[s.t]\nb = 1\n",
    "s = 1\n[[s]]\nb = 2\n",
]


def _check_read(where: str, text: str) -> bool:
    """Fails on any difference from tomlkit; True when the fast reader read the text."""
    try:
        reference: object = _roundtrip.load(text)
    except Exception as e:
        reference = type(e).__name__, str(e)
    try:
        got: object = tomlcodec.load(text)
    except Exception as e:
        got = type(e).__name__, str(e)
    if repr(got) != repr(reference):
        detail: object = f"the library reads {reference!r:.300}, the fast path {got!r:.300}"
        if isinstance(got, tuple) and isinstance(reference, tuple) and isinstance(got[0], dict):
            if not same(got[0], reference[0]):
                detail = differences(reference[0], got[0])[:3]
            else:
                detail = "comments placed differently"
        pytest.fail(disagreement(READER, TOMLKIT, where, detail))
    try:
        _fast_load.load(text)
    except Exception:
        return False
    return True


def _check_write(where: str, data: dict[str, Any], comments: Comments | None) -> bool:
    """Fails on any difference from tomlkit; True when the fast writer wrote the text (False
    too when tomlkit refuses the data, a NaN in an array say: nothing to compare)."""
    try:
        reference = _roundtrip.dump(data, comments)
    except Exception:
        return False
    got = tomlcodec.dump(data, comments)
    assert got == reference, disagreement(WRITER, TOMLKIT, where, first_difference(reference, got))
    try:
        _fast_emit.dump(data, comments)
    except Fallback:
        return False
    return True


def test_fast_paths_read_and_write_what_tomlkit_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every TOML text the Hugo-TOML writer produces for the fixtures, a synthetic site and the
    corpora, and every fixture front matter written as TOML, written; those texts, every TOML
    front matter and config of the same sites and the tricky cases, read; the same results on
    every path."""
    from bench import synth

    synth.generate(tmp_path / "synth", 200, seed=3)
    written = written_front_matter(monkeypatch, "toml", tmp_path / "synth")
    for where, data, comments in loaded_fixture_front_matter():
        written.append((f"{where}, written as TOML", *lowering.lower("toml", data, comments)))
    fast = sum(_check_write(where, data, comments) for where, data, comments in written)
    # the fixtures and the synthetic site alone give about 300; the corpora about 900 more
    assert len(written) > (1000 if CORPORA else 250), "fewer TOML texts than the sites give"
    assert fast > len(written) * 0.9, "the fast writer wrote too little"

    texts = [(f"tricky text {i}", t) for i, t in enumerate(TRICKY_TOML)]
    texts += front_matter_texts("toml", tmp_path / "synth")
    for where, data, comments in written:
        if "fixtures/" in where:
            texts.append((where, tomlcodec.dump(data, comments)))
    taken = {where: _check_read(where, text) for where, text in texts}
    # the share is counted over the sites' texts: the tricky ones are there to be declined
    sites = [w for w in taken if not w.startswith("tricky text")]
    assert len(sites) > 150, "fewer TOML texts than the sites give"
    assert sum(taken[w] for w in sites) > len(sites) * 0.6, "the fast reader read too little"


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


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.data())
def test_generated_front_matter_written(data: dict[str, Any], draw: st.DataObject) -> None:
    comments = None
    paths = _paths(data)
    if paths and draw.draw(st.booleans()):
        comments = Comments()
        for p in draw.draw(st.lists(st.sampled_from(paths), max_size=3)):
            comments.before[p] = draw.draw(LINES)
        for p in draw.draw(st.lists(st.sampled_from(paths), max_size=2)):
            comments.inline[p] = draw.draw(st.sampled_from(["# i", "i", "#j", "  # k"]))
        comments.trailing = draw.draw(LINES)
    _check_write("generated front matter", data, comments)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(KEYS, VALUES, max_size=6),
    st.lists(st.sampled_from(["", "# c", "  # d", "\t"]), max_size=4),
    st.data(),
)
def test_generated_front_matter_read(
    data: dict[str, Any], extra: list[str], draw: st.DataObject
) -> None:
    """Front matter as the TOML writer writes it, with comment and blank lines added here and
    there."""
    comments = Comments(before={(k,): ["# k", ""] for k in list(data)[:2]}, trailing=["# end"])
    try:
        text = tomlcodec.dump(data, comments)
    except Exception:
        return
    lines = text.split("\n")
    for line in extra:
        lines.insert(draw.draw(st.integers(0, len(lines))), line)
    _check_read("generated front matter", "\n".join(lines))


def test_front_matter_shapes_take_the_fast_paths() -> None:
    """The shapes real pages have are written and read by the fast paths, not declined (else
    the comparisons would pass while saving nothing)."""
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
    assert _check_write("a page", page, comments) and _check_write("a page", page, None)
    assert _check_read("a page", 'title = "x" # t\n\n# c\n[header]\nimage = "y"\n')
    profile = '# Social\n\n[[social]]\n  icon = "x"  # c\n\n# between\n[[social]]\n  icon = "y"\n'
    assert _check_read("a profile", profile)


def test_a_disagreement_names_the_library_its_release_and_the_file() -> None:
    message = disagreement(WRITER, TOMLKIT, "fixtures/academic-v2-toml/config.toml", "line 2")
    assert TOMLKIT in message and "fixtures/academic-v2-toml/config.toml" in message
    assert "give tomlkit an upper bound below" in message
