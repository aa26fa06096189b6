"""read(write(page)) == page: the `roundtrip` command, `--mapping`, and generated pages."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from converter import convert, read_site, roundtrip
from converter.cli import main
from converter.frontmatter.comments import Comments
from converter.frontmatter.values import differences, same
from converter.model import Page
from converter.registry import writers
from converter.roundtrip import normalize_body
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_params

HUGO_TARGETS = ["hugo-yaml", "hugo-toml"]
# the targets whose own tests do not already take every corpus site through them and back
TRIP_TARGETS = [*HUGO_TARGETS, "jekyll"]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("via", TRIP_TARGETS)
def test_roundtrip_command_reports_every_page_equal(via):
    code, out, _ = cli("roundtrip", str(FIXTURES / "academic-v2-toml"), "--via", via)
    assert code == 0 and "every page equal" in out


def test_roundtrip_json_has_equal_per_page_and_in_the_summary():
    code, out, _ = cli(
        "roundtrip", str(FIXTURES / "hugoblox-2026"), "--via", "hugo-toml", "--report", "json"
    )
    report = json.loads(out)
    assert code == 0 and report["summary"]["equal"] is True and report["target"] == "hugo-toml"
    assert all(p["equal"] is True and p["differences"] == [] for p in report["pages"])
    assert {
        "source",
        "outputs",
        "status",
        "mapped",
        "kept",
        "dropped",
        "warnings",
        "error",
    } <= report["pages"][0].keys()


def test_roundtrip_shows_each_difference_and_exits_1(tmp_path: Path):
    drop = tmp_path / "drop.yaml"
    drop.write_text("fields:\n  url_video: drop\n")
    code, out, _ = cli(
        "roundtrip",
        str(FIXTURES / "academic-v5-yaml"),
        "--via",
        "hugo-yaml",
        "--mapping",
        str(drop),
    )
    assert code == 1
    assert "content/project/riverscape-atlas/index.md: url_video: '' -> '<missing>'" in out
    assert "pages differ" in out


def test_mapping_override_sends_a_field_where_asked(tmp_path: Path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("fields:\n  url_slides: slides_link\n")
    code, _, _ = cli(
        "convert",
        str(FIXTURES / "academic-v5-yaml"),
        "--to",
        "hugo-toml",
        "--out",
        str(tmp_path / "out"),
        "--mapping",
        str(mine),
    )
    assert code == 0
    text = (tmp_path / "out/content/event/stoneflies-in-floods/index.md").read_text(
        encoding="utf-8"
    )
    assert (
        'slides_link = "stoneflies-slides.pdf"' in text
        and "url_slides" not in text.split("[hugo_academic")[0]
    )
    code, out, _ = cli(
        "roundtrip",
        str(FIXTURES / "academic-v5-yaml"),
        "--via",
        "hugo-toml",
        "--mapping",
        str(mine),
    )
    assert code == 0, out


def test_malformed_mapping_fails_with_path_and_entry(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("fields:\n  url_slides: {to: x, transform: likn}\n")
    code, _, err = cli(
        "convert",
        str(FIXTURES / "academic-v5-yaml"),
        "--to",
        "hugo-yaml",
        "--dry-run",
        "--mapping",
        str(bad),
    )
    assert code == 2
    assert f"{bad}: entry fields.url_slides: unknown transform 'likn'" in err


def test_body_normalization_is_only_what_is_documented():
    assert normalize_body("a  \r\nb\t\n\n\n") == "a\nb"
    assert normalize_body("  indented\n") == "  indented"  # leading space is content
    assert normalize_body("{{<figure src='a' >}}") == normalize_body('{{< figure  src="a" >}}')
    assert normalize_body("{{< figure src=a >}}") != normalize_body("{{< figure src=b >}}")


@pytest.mark.parametrize("site_name", FIXTURE_SITES)
@pytest.mark.parametrize("via", TRIP_TARGETS)
def test_fixture_sites_round_trip(site_name, via):
    trip = roundtrip(FIXTURES / site_name, via)
    assert trip.equal, [(p.source, p.differences) for p in trip.pages if not p.equal]


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
@pytest.mark.parametrize("via", TRIP_TARGETS)
def test_corpus_sites_round_trip(root, via):
    trip = roundtrip(root, via)
    bad = [
        (p.source, [(d.field, d.before, d.after) for d in p.differences][:3])
        for p in trip.pages
        if not p.equal
    ]
    assert trip.equal, bad[:5]


# -- property: generated Academic pages survive every writer/reader pair --------------------

text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029\ufeff"
    ),
    max_size=25,
)
tz = st.sampled_from(
    [
        None,
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=2)),
        dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
    ]
)
when = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=tz
    ).map(lambda d: d.replace(microsecond=0)),
    st.sampled_from(["2021-05-01", "2021-23-29", ""]),  # quoted date strings stay strings
)
special = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "off",
        "10:00",
        "1e3",
        "094305",
        "null",
        "~",
        "",
        "true",
        "# not a comment",
        "a: b",
        "- x",
    ]
)
scalar = st.one_of(
    text,
    special,
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
    when,
)
link = st.fixed_dictionaries(
    {"name": text, "url": text},
    optional={"icon": text, "icon_pack": st.sampled_from(["fas", "fab", "ai"])},
)
address = st.fixed_dictionaries(
    {},
    optional={
        k: st.one_of(text, st.none()) for k in ["street", "city", "region", "postcode", "country"]
    },
)
fields = st.fixed_dictionaries(
    {"title": text},
    optional={
        "date": when,
        "date_end": when,
        "publishDate": when,
        "lastmod": st.one_of(when, st.booleans()),
        "authors": st.lists(st.one_of(st.sampled_from(["admin", "me"]), text), max_size=3),
        "tags": st.lists(text, max_size=3),
        "categories": st.lists(text, max_size=3),
        "summary": text,
        "abstract": st.text(max_size=80).filter(lambda s: "\r" not in s and "\ufeff" not in s),
        "featured": st.booleans(),
        "draft": st.booleans(),
        "url_pdf": st.one_of(text, st.none()),
        "url_slides": st.one_of(text, st.none()),
        "links": st.lists(link, max_size=2),
        "address": address,
        "image": st.fixed_dictionaries(
            {}, optional={"caption": text, "focal_point": text, "preview_only": st.booleans()}
        ),
        "publication_types": st.lists(
            st.sampled_from(["article-journal", "paper-conference", "0", "thesis"]), max_size=1
        ),
        "extra": st.recursive(
            scalar,
            lambda c: st.one_of(
                st.lists(c, max_size=3), st.dictionaries(text.filter(bool), c, max_size=3)
            ),
            max_leaves=8,
        ),
        "weight": st.integers(-5, 100),
    },
)
comment_text = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "Zs", "P")), max_size=20
).map(lambda s: ("# " + s.strip()).rstrip())


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, dict[str, object], Comments]:
    kind = draw(st.sampled_from(["event", "publication", "post", "project", "page"]))
    data = draw(fields)
    comments = Comments()
    for key in draw(st.lists(st.sampled_from(list(data)), max_size=3, unique=True)):
        comments.before[(key,)] = [draw(comment_text)]
    return kind, data, comments


FOLDER = {
    "event": "event",
    "publication": "publication",
    "post": "post",
    "project": "project",
    "page": "misc",
}


@settings(max_examples=60, deadline=None)
@given(pages())
def test_generated_pages_survive_every_writer_and_reader(page_spec):
    kind, data, comments = page_spec
    for name in writers():
        with tempfile.TemporaryDirectory() as tmp:
            site_root = Path(tmp) / "site"
            content = site_root / "content" / FOLDER[kind] / "generated"
            content.mkdir(parents=True)
            (site_root / "config.yaml").write_text("title: generated\n")
            page = Page(
                kind=kind,
                slug="generated",
                path=f"{FOLDER[kind]}/generated/index.md",
                fields=data,
                body="Body with {{< x >}}\n",
                comments=comments,
            )
            site = read_site(site_root)
            site.pages = [page]
            convert(site, name, Path(tmp) / "out")
            back = read_site(Path(tmp) / "out")
            assert not back.problems, back.problems
            (after,) = back.pages
            assert after.kind == kind
            assert same(after.fields, data), (name, differences(data, after.fields))
            assert after.body == page.body
            assert after.comments.canonical(after.fields) == comments.canonical(data), name
