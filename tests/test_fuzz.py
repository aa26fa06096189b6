"""Fuzzing (issue 10) of what reads untrusted text: the front matter codecs (split, YAML, TOML,
JSON parse and dump) and the shortcode parser. Whatever the input: no exception but the
`ConversionError` a page is reported with; what parses writes back to text that parses to the
same data; the shortcode tree gives back every byte.

Inputs come from token soups (fragments of each syntax, the characters parsers trip on, the
hostile constructs of test_adversarial) as well as from arbitrary text and bytes: a random
string is almost never YAML with an anchor in it, a soup of `&a`, `*a`, `[`, `!!` often is.

A few hundred examples per test by default, to keep the suite fast. The long run:

    FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py

atheris (coverage-guided, libFuzzer) is not part of the suite, being a compiled extension that
is not a dependency: `tests/fuzz_atheris.py` is the optional run of the same properties with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter import frontmatter as fm
from converter.body.shortcodes import Shortcode, canonical, parse, serialize
from converter.errors import ConversionError
from converter.frontmatter.split import split
from converter.frontmatter.values import same
from converter.pages import parse_page

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def soup(tokens: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(tokens), st.text(max_size=3)), max_size=max_size).map(
        "".join
    )


YAML_TOKENS = [
    "a", "b", "title", ":", ": ", "- ", "? ", "[", "]", "{", "}", ",", "&x ", "*x", "&y ", "*y",
    "<<: ", "!!str ", "!!int ", "!!binary ", "!!python/object/apply:os.system ", "!t ", "!",
    '"', "'", "\\", "#", " #c", "\n", "\r\n", "\r", "  ", "    ", "\t", "|", "|-", ">", "---",
    "...", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "2020-01-01", "2021-23-29", "10:00", "1e3",
    "yes", "on", "~", "null", "0x1F", "0o17", ".inf", "\ufeff", "\x00", "\x85", "\u2028", "é",
    "@", "`", "%", "=",
]  # fmt: skip
TOML_TOKENS = [
    "a", "b", "title", " = ", "=", '"', "'", "'''", '"""', "[", "]", "[[", "]]", "{", "}", ",",
    ".", "\n", "\r\n", "\r", "#", " ", "\t", "1", "-1", "1_000", "0x1F", "inf", "nan", "+",
    "true", "false", "2020-01-01", "2020-01-01T10:00:00Z", "10:00:00", "1979-05-27 07:32:00",
    "\\", "\\u00e9", "\\x", "é", "\x00", "\ufeff", ":", "a.b", '"a.b"',
]  # fmt: skip
JSON_TOKENS = [
    "{", "}", "[", "]", ",", ":", '"a"', '"b"', '"', "1", "-0", "1e400", "true", "false",
    "null", "NaN", "Infinity", "\\u0000", "\\ud800", "\\", " ", "\n", "\r", "\x00", "é",
]  # fmt: skip
FENCES = ["---\n", "+++\n", "---\r\n", "+++\r\n", "---\r", "\ufeff---\n", "\n\n---\n", "{", ""]
SHORTCODE_TOKENS = [
    "{{<", "{{%", ">}}", "%}}", "/>}}", "{{</*", "*/>}}", "{{%/*", "*/%}}", " ", "figure",
    "/figure", "callout", "/callout", "x", "src=", '"', "'", "`", "=", '"a b"', "`raw`", "\\",
    "\n", "```", "~~~", "    ", "`code`", "<", ">", "%", "{{", "}}", "{", "}", ".", "-", "é",
]  # fmt: skip


def load_or_report(fmt: str, text: str) -> dict | None:
    """Parse; the only acceptable failure is a ConversionError (a page reported, with a line
    where one is known)."""
    try:
        data, _ = fm.load(fmt, text)
    except ConversionError as e:
        assert e.message and (e.line is None or e.line >= 1)
        return None
    assert isinstance(data, dict)
    return data


def string_keys(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and string_keys(v) for k, v in value.items())
    if isinstance(value, list):
        return all(string_keys(v) for v in value)
    return True


def formats_for(fmt: str, data: dict) -> tuple[str, ...]:
    """Every format, for data with string keys only. YAML keys may be null, numbers, booleans
    or dates (`: x`, `1: x`), which TOML and JSON keys cannot be: those are checked in YAML."""
    return fm.FORMATS if string_keys(data) else (fmt,)


def assert_stable(fmt: str, data: dict) -> None:
    """Written back, it reads as the same data; written again, as the same text."""
    text = fm.dump(fmt, data)
    back, _ = fm.load(fmt, text)
    assert same(back, data), (fmt, text, back, data)
    assert fm.dump(fmt, back) == text


@FUZZ
@given(soup(YAML_TOKENS))
def test_yaml_soup(text):
    data = load_or_report("yaml", text)
    if data is not None:
        for fmt in formats_for("yaml", data):
            assert_stable(fmt, data)


@FUZZ
@given(soup(TOML_TOKENS))
def test_toml_soup(text):
    data = load_or_report("toml", text)
    if data is not None:
        for fmt in formats_for("toml", data):
            assert_stable(fmt, data)


@FUZZ
@given(soup(JSON_TOKENS))
def test_json_soup(text):
    data = load_or_report("json", text)
    if data is not None:
        for fmt in formats_for("json", data):
            assert_stable(fmt, data)


@FUZZ
@given(st.sampled_from(fm.FORMATS), st.text(max_size=200))
def test_any_text_in_any_format(fmt, text):
    data = load_or_report(fmt, text)
    if data is not None:
        assert_stable(fmt, data)


@FUZZ
@given(
    st.sampled_from(FENCES),
    st.one_of(soup(YAML_TOKENS), soup(TOML_TOKENS), soup(JSON_TOKENS)),
    st.sampled_from(["---\n", "+++\n", "---\r\n", "---", "", "}\n"]),
    st.text(max_size=40),
)
def test_whole_pages_split_and_parse(open_fence, front, close_fence, body):
    text = open_fence + front + close_fence + body
    try:
        parsed = parse_page(text.encode("utf-8", "surrogatepass"))
    except ConversionError as e:
        assert e.line is None or e.line >= 1
        return
    parts = parsed.split
    assert text.endswith(parts.body)  # the body is the page's own text, never rewritten
    if parts.format is None:
        assert parts.body == text
        return
    # written back the way a writer joins a page, it splits and parses to the same
    page = fm.join(parts.format, fm.dump(parts.format, parsed.data), parts.body, parts.prefix)
    again = parse_page(page.encode("utf-8", "surrogatepass"))
    assert same(again.data, parsed.data)
    assert again.split.body == parts.body


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_a_page(raw):
    with contextlib.suppress(ConversionError):  # the only way it may fail
        parse_page(raw)


@FUZZ
@given(st.text(max_size=300))
def test_split_never_fails_but_on_an_unclosed_fence(text):
    try:
        parts = split(text)
    except ConversionError as e:
        assert "never closed" in e.message or "JSON" in e.message or "nested" in e.message
        return
    assert text.endswith(parts.body) and text.startswith(parts.prefix)


# -- generated data, every format ---------------------------------------------------------

keys = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.sampled_from(YAML_TOKENS + TOML_TOKENS),
    st.dates(),
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        timezones=st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=5))]),
    ).map(lambda d: d.replace(microsecond=0)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=15,
)
documents = st.dictionaries(keys.filter(lambda k: k != "hugo_academic"), values, max_size=8)


@FUZZ
@given(documents)
def test_generated_data_is_stable_in_every_format(data):
    for fmt in fm.FORMATS:
        text = fm.dump(fmt, data)
        back, _ = fm.load(fmt, text)
        assert same(back, data), (fmt, text)
        assert fm.dump(fmt, back) == text


# -- the shortcode parser ---------------------------------------------------------------------


@FUZZ
@given(st.one_of(soup(SHORTCODE_TOKENS, max_size=60), st.text(max_size=200)))
def test_shortcode_parser_keeps_every_byte_and_is_stable(text):
    doc = parse(text)  # never raises
    assert serialize(doc.nodes) == text
    again = parse(serialize(doc.nodes))
    assert canonical(again.nodes) == canonical(doc.nodes)
    for call in doc.shortcodes():
        assert isinstance(call, Shortcode) and call.name
        assert call.line >= 1


@FUZZ
@given(soup(SHORTCODE_TOKENS, max_size=60))
def test_canonical_spelling_is_a_fixpoint(text):
    once = canonical(parse(text).nodes)
    assert canonical(parse(once).nodes) == once
