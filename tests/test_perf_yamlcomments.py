"""Comment placement from the lines the fast YAML writer records (`fastemit.dump(..., lines)`)
against the path it short-cuts (composing the text just written again and scanning its nodes,
`yamlcodec._key_lines`): the same line for every key path, and the same text with comments,
on generated front matter and on every YAML front matter the five writers produce for the
fixtures, the corpora and a synthetic site.

No timing here: the benchmark (bench/run.py) measures what the fast path saves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.frontmatter import fastemit, fastyaml, yamlcodec
from converter.frontmatter.comments import Comments
from converter.keypath import KeyPath, walk
from tests.test_bench import TRICKY_STRINGS


def _recorded(data: dict[str, Any]) -> tuple[str, dict[KeyPath, int]] | None:
    lines: dict[KeyPath, int] = {}
    try:
        text = fastemit.dump(data, yamlcodec.needs_quotes, yamlcodec._literal_ok, lines)
    except fastyaml.Fallback:
        return None
    return text, lines


def _slow_dump(data: dict[str, Any], comments: Comments | None) -> str:
    """`yamlcodec.dump` as it was: the comments placed by composing the written text again."""
    text = fastemit.dump(data, yamlcodec.needs_quotes, yamlcodec._literal_ok) if data else ""
    return yamlcodec._insert_comments(text, comments) if comments else text


def _paths(value: Any) -> list[KeyPath]:
    return [path for path, _ in walk(value)]


def _check(data: dict[str, Any], comments: Comments | None) -> bool:
    """True when the fast writer took `data`; fails the test on any difference."""
    got = _recorded(data)
    if got is None:
        return False
    text, lines = got
    assert lines == yamlcodec._key_lines(text), text
    assert list(lines) == _paths(data)  # every key path, in the order written
    assert yamlcodec.dump(data, comments) == _slow_dump(data, comments)
    return True


def test_recorded_lines_are_wrong_when_they_are_wrong() -> None:
    """The comparison can fail: one line off places a comment elsewhere."""
    data = {"a": 1, "b": {"c": [1, {"d": 2, "e": "x\ny"}]}, "f": 3}
    comments = Comments(before={("b", "c", 1, "e"): ["# on e"]}, inline={("f",): "# f"})
    text, lines = _recorded(data) or ("", {})
    assert lines == yamlcodec._key_lines(text)
    assert lines[("b", "c", 1)] == lines[("b", "c", 1, "d")] == 4  # `- d: 2` on one line
    shifted = {**lines, ("b", "c", 1, "e"): lines[("b", "c", 1, "e")] + 1}
    assert yamlcodec._insert_comments(text, comments, shifted) != _slow_dump(data, comments)
    assert yamlcodec.dump(data, comments) == _slow_dump(data, comments)


KEYS = st.one_of(
    st.sampled_from(["title", "a b", "x-y", "tags", "1", "yes", "é", "", "#k", "- k", "k: v"]),
    st.text(max_size=5),
)
SCALARS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(TRICKY_STRINGS),
    st.sampled_from(["a\nb", "a\nb\n", "x\n\ny", "|", "> x", "'q'", '"d"', "\tt\n  u"]),
    st.none(),
    st.booleans(),
    st.integers(),
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=12,
)
COMMENT = st.lists(st.sampled_from(["", "# c", "#d", "# two words"]), max_size=2)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=5), st.data())
def test_generated_front_matter(data: dict[str, Any], draw: st.DataObject) -> None:
    paths = [*_paths(data), ("gone",), ("title", "gone", 3)]  # and keys no longer there
    before = draw.draw(st.dictionaries(st.sampled_from(paths), COMMENT, max_size=4))
    inline = draw.draw(st.dictionaries(st.sampled_from(paths), st.just("# in"), max_size=3))
    trailing = draw.draw(COMMENT)
    _check(data, Comments(before, inline, trailing))


def test_tricky_strings_and_layouts() -> None:
    fast = 0
    for s in TRICKY_STRINGS:
        data: dict[str, Any] = {
            "k": s,
            s or "e": {"l": [s, {"m": s, "n": [s]}, None, {}, []]},
            "z": [{"a": {"b": s}}, {}],
        }
        comments = Comments(
            before={p: ["# before"] for p in _paths(data)},
            inline={p: "# inline" for p in _paths(data)[::2]},
            trailing=["# end"],
        )
        fast += _check(data, comments)
    fast += _check({"d": dt.date(2020, 1, 2), "t": dt.datetime(2020, 1, 2, 3, 4, 5)}, None)
    assert fast > len(TRICKY_STRINGS) * 0.7


def test_every_page_of_the_fixtures_corpora_and_a_synthetic_site(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the writers dump for real sites: the same lines and text either way."""
    from tests.conftest import record_yaml_dumps

    dumped = record_yaml_dumps(monkeypatch, tmp_path, 120, seed=5)
    with_comments = [(d, c) for d, c in dumped if d and c]
    assert len(with_comments) > 100
    fast = sum(_check(d, c) for d, c in with_comments)
    assert fast > len(with_comments) * 0.8  # the recorded lines are the usual path
