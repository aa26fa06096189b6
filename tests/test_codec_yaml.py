"""YAML's fast paths held to ruamel.yaml, the reference path they short-cut
(converter/frontmatter/yamlcodec): the same data, types, comments, warnings and errors read,
the same bytes written, or a `Fallback` to ruamel.

The paths: reading, the one walk over libyaml's nodes (`_fast_load`) and, where it declines,
libyaml composing nodes for ruamel's constructor (`_libyaml`); writing, the fast emitter
(`_fast_emit`) with the key lines it records for comment placement. Each is compared with
ruamel alone (`_roundtrip` with libyaml off) on the inputs of tests/codec_inputs.py, on
tricky cases and on generated front matter; a failure names the library and its release.
This is the one test module that looks behind `yamlcodec.load` and `yamlcodec.dump`.

No timing here: the benchmark (bench/run.py) measures what the fast paths save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.frontmatter import lowering, yamlcodec
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.yamlcodec import _comments, _fast_emit, _fast_load, _libyaml, _roundtrip
from converter.keypath import KeyPath, walk
from converter.pages import parse_page
from tests.codec_inputs import (
    PYYAML,
    RUAMEL,
    disagreement,
    first_difference,
    front_matter_texts,
    loaded_fixture_front_matter,
    written_front_matter,
)

ONE_WALK = f"the one-walk reader (yamlcodec._fast_load, over {PYYAML}'s libyaml)"
COMPOSER = f"libyaml composing for ruamel (yamlcodec._libyaml, {PYYAML})"
EMITTER = "the fast emitter (yamlcodec._fast_emit)"

needs_libyaml = pytest.mark.skipif(
    not _libyaml.AVAILABLE, reason="PyYAML has no libyaml here: the fast reading paths are off"
)

TRICKY_YAML = [
    "a: yes\nb: on\nc: 10:00\nd: 0o17\ne: 017\nf: 1_000\ng: .inf\nh: ~\ni: null\n",
    "j: 2021-23-29\nk: 2021-01-02T03:04:05+02:00\nl: 2021-01-02\nm: 2021-01-02 03:04:05\n",
    "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  z: 3\nlist: [*b, *b]\n",
    "a: 1\na: 2  # dup\n",
    "title:   # inline after an empty value\nurl_pdf:\n# before next\nnext: 1\n",
    "items:\n  -\n  - a # c\n  - \n",
    "x: !!python/object/apply:os.system ['ls']\n",
    "x: !local thing\n",
    "folded: >\n  one\n  two\n\n  three\nlit: |-\n  a\n   b\n",
    "bad: [1, 2\nnext: 3\n",
    "a: 'unterminated\n",
    "- just\n- a list\n",
    "%YAML 1.1\n---\na: yes\n",
    'a: "esc \\/ \\u00e9 \\x41"\n',
    "a: b\n---\nc: d\n",
    "deep: " + "[" * 300 + "]" * 300 + "\n",
    "a:\tb\n",
    "k: v #c\n# trailing\n\n",
    "? complex\n: value\n",
    "a: |\n  text # not a comment\nb: 2 # a comment\n",
    "nested:\n  - name: x\n    url: ''\n  - {a: 1}\nempty_map: {}\nempty_seq: []\n",
    "a: 1\n\u2028b: 2\n",
    "",
    "# only a comment\n",
    "a: &x [*x]\n",
    "a: 1.0\nb: 1e3\nc: -0\nd: +12\ne: 0x1F\nf: 0b101\n",
    "a: 'it''s'\nb: \"q\"\nc: Yes\nd: NO\n",
    "date: 2021-23-29\n",  # an impossible date: kept as text, with a warning
    "a: 012\nb: 0o17\nc: 1_000\nd: -0.0\ne: .inf\nf: 1e3\ng: +5\n",
    "? [a]\n: 1\n",
    "1: one\ntrue: yes\n~: null\n",
    "a: !!str 1\nb: !!int '2'\nc: ! 3\n",
    "just text\n",
    "a:\n  # inside\n  b: 1  # after b\n# before c\nc: [1, 2]  # flow\n",
    "d: |\n  x\n  # not a comment\ne: 1\ne: |\n  # dropped\n",
    "a: 1\nb: {c: 1, c: 2}\na: [x]\nd: 2021-23-29\ne: {f: 2021-13-01, f: 2}\n",
    "a: {b: [1, {c: 2}]}\ne:\n- {f: 1}\n- - 2\n  - 3\n",
    "t: 10:00\nu: 2021-01-02 03:04:05.5 +02:00\nv: 2021-01-02t03:04:05Z\n",
    "x: null\ny:\nz: ''\n",
    'k: >\n  folded\n  text\n\nl: "esc\\u00e9\\n"\n',
]

TRICKY_STRINGS = [
    *("tab\there", "ctrl\x01x", "nbsp\xa0x", "bom\ufeffx", "emoji 😀 it's", "q\"uote's"),
    *("back\\slash's", "a: b's", "x\ny  ", " lead's", "it's", "line\n", "ends with space "),
    *("ünïcode: 'x'", "\x7f del's", "#hash's", "- dash's", "yes", "10:00", "", "a\n\nb\n"),
    *("https://x.org/a#b", "a #b", "[not a list]", "{not: a map}", "@at", "`tick`", "%pct"),
]

Read = tuple[object, ...]


def _read(load: Callable[[str, list[str]], tuple[dict[str, Any], Comments]], text: str) -> Read:
    """What a reading path gives: data, comments and warnings, or the error it raises."""
    warnings: list[str] = []
    try:
        data, comments = load(text, warnings)
    except Exception as e:
        return type(e).__name__, str(e)
    return repr(data), repr(comments), warnings


def _ruamel_alone(text: str, warnings: list[str]) -> tuple[dict[str, Any], Comments]:
    return _roundtrip.load(text, warnings, libyaml=False)


def _detail(reference: Read, got: Read) -> str:
    if len(reference) == len(got):
        for part, a, b in zip(("data", "comments", "warnings"), reference, got, strict=False):
            if a != b:
                return f"{part}: the library reads {a!r:.300}, the fast path {b!r:.300}"
    return f"the library reads {reference!r:.300}, the fast path {got!r:.300}"


def _check_read(where: str, text: str) -> bool:
    """Fails on any difference from ruamel alone; True when the one walk read the text."""
    reference = _read(_ruamel_alone, text)
    got = _read(yamlcodec.load, text)
    assert got == reference, disagreement(ONE_WALK, RUAMEL, where, _detail(reference, got))
    composed = _read(_roundtrip.load, text)
    assert composed == reference, disagreement(
        COMPOSER, RUAMEL, where, _detail(reference, composed)
    )
    try:
        _fast_load.load(text, [])
    except Exception:
        return False
    return True


def _check_write(where: str, data: dict[str, Any], comments: Comments | None) -> bool:
    """Fails on any difference from ruamel alone; True when the fast emitter wrote the text."""
    reference = _roundtrip.dump(data, comments, libyaml=False)
    got = yamlcodec.dump(data, comments)
    assert got == reference, disagreement(EMITTER, RUAMEL, where, first_difference(reference, got))
    try:
        _fast_emit.dump(data)
    except Fallback:
        return False
    return True


@needs_libyaml
def test_fast_paths_read_and_write_what_ruamel_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every YAML front matter and config of the fixtures, a synthetic site and the corpora,
    and the tricky cases, read; every YAML the five writers produce for them, and every
    fixture front matter written as YAML, written; the same results on every path."""
    from bench import synth

    synth.generate(tmp_path / "synth", 150, seed=9)
    written = written_front_matter(monkeypatch, "yaml", tmp_path / "synth")
    for where, data, comments in loaded_fixture_front_matter():
        written.append((f"{where}, written as YAML", *lowering.lower("yaml", data, comments)))
    for s in TRICKY_STRINGS:
        for data in ({"k": s}, {s or "k": 1}, {"l": [s, {"m": s}]}):
            written.append((f"tricky string {s!r}", data, None))
    dates = {"d": dt.date(2020, 1, 2), "t": dt.datetime(2020, 1, 2, 3, 4, 5), "n": None}
    odd = {"i": -3, "b": True, "e": [], "m": {}, "l": [None, [], {}], "f": 1.5}
    written += [("dates", dates, None), ("odd values", odd, None)]
    fast = 0
    for where, data, comments in written:
        fast += _check_write(where, data, comments)
        if comments:
            fast += _check_write(f"{where} (no comments)", data, None)
    assert len(written) > 500 and fast > len(written) * 0.8, "the fast emitter wrote too little"

    texts = [(f"tricky text {i}", t) for i, t in enumerate(TRICKY_YAML)]
    texts += front_matter_texts("yaml", tmp_path / "synth")
    taken = sum(_check_read(where, text) for where, text in texts)
    assert len(texts) > len(TRICKY_YAML) + 100
    assert taken > len(texts) * 0.8, "the one walk read too little: real front matter takes it"


KEYS = st.one_of(
    st.sampled_from(["title", "a b", "x-y", "tags", "1", "yes", "é", "", "#k", "- k", "k: v"]),
    st.text(max_size=5),
)
SCALARS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(TRICKY_STRINGS),
    st.sampled_from(["a\nb", "a\nb\n", "x\n\ny", "|", "> x", "'q'", '"d"', "\tt\n  u", "0x1F"]),
    st.sampled_from(["1_000", "012", "~", "null", "# x", "a: b"]),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=12,
)
COMMENT = st.lists(st.sampled_from(["", "# c", "#d", "# two words"]), max_size=2)


def _paths(value: Any) -> list[KeyPath]:
    return [path for path, _ in walk(value)]


@needs_libyaml
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.data())
def test_generated_front_matter(data: dict[str, Any], draw: st.DataObject) -> None:
    """Front matter as the YAML writer writes it (every quoting rule, blocks, comments, and
    comments on keys no longer there), written and read back on every path."""
    paths = [*_paths(data), ("gone",), ("title", "gone", 3)]
    before = draw.draw(st.dictionaries(st.sampled_from(paths), COMMENT, max_size=4))
    inline = draw.draw(st.dictionaries(st.sampled_from(paths), st.just("# in"), max_size=3))
    comments = Comments(before, inline, draw.draw(COMMENT))
    _check_write("generated front matter", data, comments)
    _check_read("generated front matter", yamlcodec.dump(data, comments))


def test_tricky_strings_and_layouts() -> None:
    """Each tricky string as key and value, in maps and lists, a comment on every key path."""
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
        fast += _check_write(f"tricky string {s!r}", data, comments)
    assert fast > len(TRICKY_STRINGS) * 0.7


def test_recorded_lines_are_wrong_when_they_are_wrong() -> None:
    """The comparison can fail: a key line recorded one off places a comment elsewhere."""
    data = {"a": 1, "b": {"c": [1, {"d": 2, "e": "x\ny"}]}, "f": 3}
    comments = Comments(before={("b", "c", 1, "e"): ["# on e"]}, inline={("f",): "# f"})
    lines: dict[KeyPath, int] = {}
    text = _fast_emit.dump(data, lines)
    assert lines[("b", "c", 1)] == lines[("b", "c", 1, "d")] == 4  # `- d: 2` on one line
    reference = _roundtrip.dump(data, comments, libyaml=False)
    assert _comments.insert(text, comments, lines) == reference == yamlcodec.dump(data, comments)
    shifted = {**lines, ("b", "c", 1, "e"): lines[("b", "c", 1, "e")] + 1}
    assert _comments.insert(text, comments, shifted) != reference


def test_a_disagreement_names_the_library_its_release_and_the_file() -> None:
    """The message a maintainer reads when a release breaks a fast path (here: one made up)."""
    message = disagreement(EMITTER, RUAMEL, "fixtures/academic-v5-yaml/post/x.md", "line 2")
    assert RUAMEL in message and RUAMEL.split()[1][0].isdigit()
    assert "fixtures/academic-v5-yaml/post/x.md" in message and "upper bound below" in message
    assert "PyYAML" in ONE_WALK and "_fast_load" in ONE_WALK


def test_a_yaml_1_1_page_does_not_change_how_later_pages_read() -> None:
    """ruamel's loader keeps the version a `%YAML 1.1` directive set for every text it reads
    after; the page after such a page would read `yes` as a boolean and `10:00` as 600 on
    ruamel's path (the libyaml paths read it right, so the two disagreed)."""
    before = _ruamel_alone("a: yes\nb: 10:00\n", [])[0]
    assert _ruamel_alone("%YAML 1.1\n---\na: yes\n", [])[0] == {"a": True}  # 1.1 where asked
    assert _ruamel_alone("a: yes\nb: 10:00\n", [])[0] == before == {"a": "yes", "b": "10:00"}


def test_pages_read_through_the_fast_path_are_the_same_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`parse_page` with and without the one walk: the same parsed page, warnings' lines
    included (they are shifted to the file's lines after reading)."""
    raw = b"---\n# c\ntitle: x\ndate: 2021-23-29\n---\nbody\n"
    fast = parse_page(raw)

    def declined(text: str, warnings: list[str]) -> Any:
        raise Fallback

    monkeypatch.setattr(_fast_load, "load", declined)
    slow = parse_page(raw)
    assert repr(fast) == repr(slow)
    assert fast.warnings and fast.warnings[0].startswith("line 4:")
