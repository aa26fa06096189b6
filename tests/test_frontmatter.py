"""Front matter codecs: splitting, parsing, and lossless writing across YAML, TOML and JSON."""

from __future__ import annotations

import datetime as dt

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from converter import frontmatter as fm
from converter.errors import ConversionError, FrontMatterError
from converter.frontmatter.values import same

YAML_PAGE = """\
# Archetype header comment

title: "Flood pulses"  # the talk title
event: River Days
# Talk start and end times.
date: 2030-06-01T13:00:00+02:00
date_end: '2030-06-01T15:00:00Z'
published_on: 2021-05-01
quoted_date: "2021-05-01"
all_day: false
# url_code: ""
url_pdf:
url_slides: ''
address:
  # Street comes first.
  street: 450 Serra Mall
  postcode: '94305'
traps: ['yes', 'no', 'on', '10:00', '1e3', '0712', 'null', '~']
links:
  - name: Slides
    url: https://example.org/s.pdf
tags: []
"""


def test_split_detects_each_format_and_keeps_the_body():
    for text, fmt in [
        ("---\na: 1\n---\nbody\n", "yaml"),
        ("+++\na = 1\n+++\nbody\n", "toml"),
        ('{"a": 1}\nbody\n', "json"),
        ("\ufeff---\na: 1\n---\nbody\n", "yaml"),
        ("just text\n", None),
    ]:
        parts = fm.split(text)
        assert parts.format == fmt
        assert parts.body == ("body\n" if fmt else text)


def test_split_crlf_front_matter_has_no_stray_carriage_returns():
    parts = fm.split("---\r\ntitle: x\r\n---\r\nbody\r\n")
    data, _ = fm.load("yaml", parts.text)
    assert data == {"title": "x"}
    assert parts.body == "body\r\n" and parts.newline == "\r\n"


def test_unclosed_fence_names_its_line():
    with pytest.raises(FrontMatterError) as e:
        fm.split("\n\n---\ntitle: x\nbody\n")
    assert e.value.line == 3


@pytest.mark.parametrize(
    ("fmt", "text", "line"),
    [
        ("yaml", "a: 1\nb: [unclosed\nc: 2\n", 2),
        ("toml", 'a = 1\nb = "x\n', 2),
        ("json", '{"a": 1,,}', 1),
    ],
)
def test_invalid_front_matter_reports_a_line(fmt, text, line):
    with pytest.raises(FrontMatterError) as e:
        fm.load(fmt, text)
    assert e.value.line == line


def test_yaml_values_keep_their_types():
    data, _ = fm.load("yaml", YAML_PAGE)
    assert isinstance(data["date"], dt.datetime) and data["date"].utcoffset() == dt.timedelta(
        hours=2
    )
    assert data["date_end"] == "2030-06-01T15:00:00Z"  # quoted: a string, not a date
    assert type(data["published_on"]) is dt.date
    assert data["quoted_date"] == "2021-05-01"
    assert data["url_pdf"] is None and data["url_slides"] == ""
    assert data["traps"] == ["yes", "no", "on", "10:00", "1e3", "0712", "null", "~"]


def test_yaml_comments_attach_to_the_key_they_annotate():
    _, comments = fm.load("yaml", YAML_PAGE)
    assert comments.before[("title",)] == ["# Archetype header comment", ""]
    assert comments.inline[("title",)] == "# the talk title"
    assert comments.before[("date",)] == ["# Talk start and end times."]
    assert comments.before[("url_pdf",)] == ['# url_code: ""']
    assert comments.before[("address", "street")] == ["# Street comes first."]


def test_yaml_to_toml_keeps_order_comments_dates_and_nulls():
    data, comments = fm.load("yaml", YAML_PAGE)
    toml_text = fm.dump("toml", data, comments)
    parsed = tomllib.loads(toml_text)  # a strict, independent TOML reader accepts it
    assert parsed["date"] == dt.datetime(2030, 6, 1, 13, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert parsed["published_on"] == dt.date(2021, 5, 1)
    assert parsed["quoted_date"] == "2021-05-01"
    assert "url_pdf" not in parsed and parsed["url_slides"] == ""
    assert parsed["hugo_academic"]["nulls"]["/url_pdf"]["at"] == list(data).index("url_pdf")
    assert '# url_code: ""' in toml_text and "# the talk title" in toml_text
    # key order of the source, map in the middle included
    assert list(parsed)[:6] == ["title", "event", "date", "date_end", "published_on", "quoted_date"]
    back, back_comments = fm.load("toml", toml_text)
    assert same(back, data)
    assert list(back) == list(data)
    assert back_comments.canonical(back) == comments.canonical(data)


def test_toml_to_yaml_keeps_literals_and_comments():
    toml_text = (
        "# header\n"
        'title = "x"\n'
        "date = 2019-02-22  # Schedule page publish date.\n"
        "time = 2019-04-25T21:19:56+02:00\n"
        "local = 2019-04-25T21:19:56\n"
        "# all_day = true\n"
        'tags = ["a", "b"]\n'
        "\n[image]\n"
        "  # Caption (optional)\n"
        '  caption = ""\n'
    )
    data, comments = fm.load("toml", toml_text)
    yaml_text = fm.dump("yaml", data, comments)
    strict = YAML(typ="safe").load(yaml_text)
    assert strict["date"] == dt.date(2019, 2, 22)
    assert strict["time"] == dt.datetime(
        2019, 4, 25, 21, 19, 56, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert strict["local"] == dt.datetime(2019, 4, 25, 21, 19, 56)  # a local time stays local
    assert "# Schedule page publish date." in yaml_text and "# all_day = true" in yaml_text
    back, back_comments = fm.load("yaml", yaml_text)
    assert same(back, data)
    assert back_comments.canonical(back) == comments.canonical(data)


TRAPS = ["yes", "No", "on", "OFF", "y", "10:00", "1e3", "094305", "1_000", "2021-05-01", "true"]
TRAPS += ["null", "~", ""]


def test_yaml_traps_are_quoted_for_every_reader():
    text = fm.dump("yaml", {"v": TRAPS})
    # PyYAML-style YAML 1.1 reading and ruamel's 1.2 reading both give the strings back
    for typ in ("safe", "rt"):
        yaml = YAML(typ=typ)
        if typ == "safe":
            yaml.version = (1, 1)
        assert yaml.load(text)["v"] == TRAPS


def test_duplicate_yaml_keys_keep_the_later_value_like_hugo():
    warnings: list[str] = []
    data, _ = fm.load("yaml", 'summary: ""\ntitle: t\nsummary: "second"\n', warnings)
    assert data == {"title": "t", "summary": "second"}
    assert (
        warnings and "duplicate key 'summary'" in warnings[0] and warnings[0].startswith("line 3")
    )


def test_impossible_date_is_kept_as_text_with_a_warning():
    warnings: list[str] = []
    data, _ = fm.load("yaml", "date: 2021-23-29\n", warnings)
    assert data == {"date": "2021-23-29"}
    assert "not a valid date" in warnings[0]
    assert fm.load("yaml", fm.dump("yaml", data))[0] == data  # and it stays a string


def test_json_front_matter_round_trips_dates_through_the_keep_namespace():
    data = {
        "title": "x",
        "date": dt.datetime(2020, 1, 1, 10, tzinfo=dt.timezone.utc),
        "d": dt.date(2020, 1, 2),
    }
    text = fm.dump("json", data)
    assert '"2020-01-01T10:00:00Z"' in text
    back, _ = fm.load("json", text)
    assert same(back, data)


def test_python_frontmatter_handlers_keep_order_and_types():
    import frontmatter

    from converter.frontmatter.handlers import TOMLHandler, YAMLHandler

    post = frontmatter.loads("+++\nb = 1\na = 2019-01-01 # c\n+++\nbody\n", handler=TOMLHandler())
    assert list(post.metadata) == ["b", "a"] and post.metadata["a"] == dt.date(2019, 1, 1)
    assert frontmatter.dumps(post, handler=YAMLHandler()).startswith(
        "---\nb: 1\na: 2019-01-01\n---"
    )


# -- property: generated front matter survives YAML -> TOML -> YAML and TOML -> YAML -> TOML ------

keys = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029"
        ),
        max_size=30,
    ),
    st.sampled_from(
        ["yes", "no", "on", "off", "10:00", "1e3", "094305", "2021-05-01", "null", "~", ""]
    ),
    st.dates(),
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        timezones=st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5))]),
    ).map(lambda d: d.replace(microsecond=0)),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(keys.filter(lambda k: k != "hugo_academic"), values, max_size=8)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_any_front_matter_survives_every_format_pair(data):
    for first, second in [("yaml", "toml"), ("toml", "yaml"), ("yaml", "json"), ("json", "toml")]:
        a, _ = fm.load(first, fm.dump(first, data))
        b, _ = fm.load(second, fm.dump(second, a))
        assert same(a, data), (first, a, data)
        assert same(b, data), (second, b, data)


# -- keys that are not text (YAML `1:`, `2020-01-01:`), which TOML and JSON cannot hold -------

NUMBER_KEYS = (
    "ratings:\n  # one\n  1: good # inline\n  2.5: half\n  2020-01-01: day\n  null: none\n"
    "  nested:\n    7: seven\n"
)


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_keys_that_are_not_text_come_back_as_they_were(fmt):
    data, comments = fm.load("yaml", NUMBER_KEYS)
    assert list(data["ratings"]) == [1, 2.5, dt.date(2020, 1, 1), None, "nested"]
    text = fm.dump(fmt, data, comments)
    back, back_comments = fm.load(fmt, text)
    assert back == data
    assert all(type(a) is type(b) for a, b in zip(back["ratings"], data["ratings"], strict=True))
    assert list(back["ratings"]["nested"]) == [7]
    if fmt == "toml":  # written as the YAML spelled them, comments in their places
        assert '1 = "good" # inline' in text and "2020-01-01 = " in text
        assert fm.dump("yaml", back, back_comments) == fm.dump("yaml", data, comments)


def test_keys_that_become_one_key_in_toml_are_a_clear_error():
    with pytest.raises(ConversionError, match=r"keys 1 and '1' would be one key in TOML"):
        fm.dump("toml", {"ratings": {1: "a", "1": "b"}})


def test_number_keys_are_reported_when_not_kept():
    data, comments = fm.load("yaml", "ratings:\n  1: good\n")
    text, affected = fm.dump_dropping("toml", data, comments, keep=False)
    assert affected == ["/ratings/1 (int key, written as text)"] and "hugo_academic" not in text
