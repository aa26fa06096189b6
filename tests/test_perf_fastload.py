"""The one-walk YAML reader (`fastload`) against the full path it short-cuts (`frontmatter.load`:
libyaml or ruamel composing, the safety checks, ruamel's round-trip constructor, `plain`, the
comment placement, `lowering.lift`): the same data with the same types, the same comments and
the same warnings, or a `Fallback` to that path; on every YAML front matter and config of the
fixtures and the corpora, on the tricky cases, and on generated front matter.

No timing here: the benchmark (bench/run.py) measures what the fast path saves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter import frontmatter
from converter.frontmatter import fastload, fastyaml
from converter.frontmatter.comments import Comments
from converter.pages import parse_page
from tests.test_bench import TRICKY_YAML, _yaml_texts

MORE_TRICKY = [
    "a: 1\na: 2\n",  # a duplicate key: warned about by the slow path
    "date: 2021-23-29\n",  # an impossible date: kept as text, with a warning
    "a: 012\nb: 0o17\nc: 1_000\nd: -0.0\ne: .inf\nf: 1e3\ng: +5\n",
    "? [a]\n: 1\n",
    "1: one\ntrue: yes\n~: null\n",
    "a: !!str 1\nb: !!int '2'\nc: ! 3\n",
    "base: &b {x: 1}\nuse:\n  <<: *b\n",
    "- a\n- b\n",
    "just text\n",
    "a:\n  # inside\n  b: 1  # after b\n# before c\nc: [1, 2]  # flow\n",
    "d: |\n  x\n  # not a comment\ne: 1\ne: |\n  # dropped\n",
    "a: 1\nb: {c: 1, c: 2}\na: [x]\nd: 2021-23-29\ne: {f: 2021-13-01, f: 2}\n",
    "a: {b: [1, {c: 2}]}\ne:\n- {f: 1}\n- - 2\n  - 3\n",
    "t: 10:00\nu: 2021-01-02 03:04:05.5 +02:00\nv: 2021-01-02t03:04:05Z\n",
    "x: null\ny:\nz: ''\n",
    'k: >\n  folded\n  text\n\nl: "esc\\u00e9\\n"\n',
]


def _load_both(text: str) -> tuple[object, object, bool]:
    def slow() -> object:
        warnings: list[str] = []
        try:
            data, comments = frontmatter.load("yaml", text, warnings)
        except Exception as e:
            return type(e).__name__, str(e)
        return repr(data), repr(comments), warnings

    warnings: list[str] = []
    try:
        data, comments = fastload.load(text, warnings)
    except fastload.Fallback:
        return slow(), slow(), False
    except Exception as e:
        return slow(), (type(e).__name__, str(e)), True
    return slow(), (repr(data), repr(comments), warnings), True


def test_fast_load_reads_what_the_full_path_reads() -> None:
    if not fastyaml.AVAILABLE:
        pytest.skip("PyYAML has no libyaml here: the fast path is off")
    texts = _yaml_texts() + [(f"more-{i}", t) for i, t in enumerate(MORE_TRICKY)]
    assert len(texts) > len(TRICKY_YAML) + 20
    used = 0
    for name, text in texts:
        slow, fast, taken = _load_both(text)
        assert fast == slow, name
        used += taken
    assert used > len(texts) * 0.8  # real front matter takes the fast path


KEYS = st.sampled_from(["title", "date", "a b", "x-y", "tags", "image", "1", "yes", "é"])
SCALARS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["yes", "10:00", "0x1F", "1_000", "012", "~", "null", "", "# x", "a: b"]),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
    st.none(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.lists(st.sampled_from(["", "# c"])))
def test_fast_load_on_generated_front_matter(data: dict[str, Any], lines: list[str]) -> None:
    """Front matter as the YAML writer writes it (every quoting rule, blocks, comments)."""
    if not fastyaml.AVAILABLE:
        pytest.skip("PyYAML has no libyaml here: the fast path is off")
    comments = Comments(before={(k,): list(lines) for k in list(data)[:2]}, trailing=lines)
    text = frontmatter.dump("yaml", data, comments)
    slow, fast, _ = _load_both(text)
    assert fast == slow


def test_pages_read_through_the_fast_path_are_the_same_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`parse_page` with and without the fast path: the same parsed page, warnings' lines
    included (they are shifted to the file's lines after reading)."""
    raw = b"---\n# c\ntitle: x\ndate: 2021-23-29\n---\nbody\n"
    fast = parse_page(raw)

    def declined(text: str, warnings: list[str]) -> Any:
        raise fastload.Fallback

    monkeypatch.setattr(fastload, "load", declined)
    slow = parse_page(raw)
    assert repr(fast) == repr(slow)
    assert fast.warnings and fast.warnings[0].startswith("line 4:")
