"""The Hugo reader: what is a page, of which kind, and how every era reaches the neutral model."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from converter import read_site
from converter.readers.hugo import HugoReader, find_root
from tests.conftest import FIXTURES


def pages_by_path(site_name: str) -> dict[str, object]:
    site = read_site(FIXTURES / site_name)
    assert not site.problems, site.problems
    return {p.path: p for p in site.pages}


def test_v2_talk_times_become_the_neutral_event_dates():
    talk = pages_by_path("academic-v2-toml")["talk/register-allocation-on-a-budget.md"]
    assert talk.kind == "event"
    # v2: date = publish date, time_start/time_end = the talk; neutral: publishDate, date, date_end
    assert talk.fields["publishDate"] == dt.date(2018, 3, 20)
    assert talk.fields["date"] == dt.datetime(
        2018, 4, 5, 14, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert "date_end" in talk.fields and "time_start" not in talk.fields
    assert talk.fields["featured"] is True and "selected" not in talk.fields
    assert "summary" in talk.fields and "abstract_short" not in talk.fields
    assert [link["name"] for link in talk.fields["links"]] and "url_custom" not in talk.fields
    assert "banner" in talk.fields and "header" not in talk.fields
    rules = {u.rule for u in talk.upgrades}
    assert {
        "talk-times-v2",
        "selected-v3",
        "abstract-short-v4.0",
        "url-custom-v4.0",
        "header-v5.4",
    } <= rules


def test_upgrade_keeps_key_positions_and_moves_comments_with_keys():
    talk = pages_by_path("academic-v2-toml")["talk/register-allocation-on-a-budget.md"]
    source_keys = list(talk.source.data)
    neutral_keys = list(talk.fields)
    assert neutral_keys.index("featured") == source_keys.index("selected")
    renamed = {("time_start",): ("date",)}
    for old, new in renamed.items():
        if old in talk.source.comments.before:
            assert talk.comments.before[new] == talk.source.comments.before[old]


def test_numeric_publication_types_become_csl_names():
    pubs = pages_by_path("academic-v2-toml")
    assert pubs["publication/ssa-destruction-without-copies.md"].fields["publication_types"] == [
        "paper-conference"
    ]
    assert pubs["publication/vectoriser-cost-model.md"].fields["publication_types"] == ["article"]
    v5 = pages_by_path("academic-v5-yaml")
    assert v5["publication/sediment-pulses/index.md"].fields["publication_types"] == [
        "article-journal"
    ]
    assert v5["publication/gravel-bar-mapping/index.md"].upgrades == []  # already CSL


def test_v4_author_profile_name_becomes_title():
    admin = pages_by_path("academic-v2-toml")["author/admin/_index.md"]
    assert admin.kind == "author" and admin.slug == "admin"
    assert admin.fields["title"] and "name" not in admin.fields


def test_hugoblox_2026_event_fields_and_ids():
    pages = pages_by_path("hugoblox-2026")
    event = pages["events/snowmelt-floods-seminar/index.md"]
    assert event.kind == "event"
    src = event.source.data
    assert event.fields["event"] == src["event_name"]
    assert event.fields["date"] == src["event_start"]
    assert event.fields["publishDate"] == src["date"]  # the 2026 page date
    assert event.fields["date_end"] == src["event_end"] and event.fields["all_day"] is False
    pub = pages["publications/hybrid-lstm-routing/index.md"]
    assert pub.kind == "publication"
    assert pub.fields["doi"] == src_doi(pub)
    assert "doi" not in pub.fields["hugoblox"]["ids"] and "arxiv" in pub.fields["hugoblox"]["ids"]


def src_doi(page: object) -> str:
    return page.source.data["hugoblox"]["ids"]["doi"]  # type: ignore[attr-defined, no-any-return]


def test_data_authors_profiles_are_read():
    site = read_site(FIXTURES / "hugoblox-2026")
    me = site.authors["me"]
    assert me.name == me.fields["name"]["display"] and me.source == "data/authors/me.yaml"


def test_bundles_resources_and_nested_markdown():
    pages = pages_by_path("academic-v5-yaml")
    pub = pages["publication/sediment-pulses/index.md"]
    roles = {r.name: r.role for r in pub.resources}
    assert roles == {"cite.bib": "bib", "featured.png": "featured", "sediment-pulses.pdf": "pdf"}
    other = pages["publication/edna-decay-temperature/index.md"]
    assert {r.name: r.role for r in other.resources}["notes.md"] == "page-resource"
    assert "publication/edna-decay-temperature/notes.md" not in pages  # a resource, not a page
    assert pages["publication/_index.md"].kind == "section"
    assert pages["home/index.md"].kind == "widget"
    assert pages["authors/admin/_index.md"].kind == "author"
    assert pages["post/writing-with-shortcodes.md"].bundle is None
    assert pages["privacy.md"].kind == "page"


@pytest.mark.parametrize(
    ("site", "path", "kind"),
    [
        ("academic-v2-toml", "talk/why-your-vectoriser-gives-up.md", "event"),
        ("academic-v5-yaml", "event/edna-field-workshop/index.md", "event"),
        ("hugoblox-2026", "events/snowmelt-floods-seminar/index.md", "event"),
        ("hugoblox-2026", "blog/forecast-verification-notes/index.md", "post"),
        ("hugoblox-2026", "projects/open-flood-bench/index.md", "project"),
        ("hugoblox-2026", "courses/demo/intro.md", "docs"),
        ("hugoblox-2026", "_index.md", "home"),
        ("academic-v5-yaml", "slides/edna-workshop/index.md", "slides"),
    ],
)
def test_kinds_follow_folders_of_every_era(site, path, kind):
    assert pages_by_path(site)[path].kind == kind


def test_language_folders():
    pages = pages_by_path("multilingual")
    en = pages["en/post/dawn-chorus-in-traffic/index.md"]
    ja = pages["ja/post/dawn-chorus-in-traffic/index.md"]
    assert (en.lang, ja.lang) == ("en", "ja")
    assert en.kind == ja.kind == "post"
    assert pages["ja/post/梅雨の録音/index.md"].slug == "梅雨の録音"


def test_config_menus_and_params_are_read():
    site = read_site(FIXTURES / "academic-v5-yaml")
    assert site.title and site.base_url
    assert site.menus["main"] and all("name" in item for item in site.menus["main"])
    assert {c.path for c in site.config} >= {
        "config/_default/config.yaml",
        "config/_default/menus.yaml",
    }
    v2 = read_site(FIXTURES / "academic-v2-toml")
    assert [c.path for c in v2.config] == ["config.toml"]
    assert v2.menus["main"]  # [[menu.main]] in the single config file


def test_source_can_be_root_content_folder_or_one_page(tmp_path: Path):
    root = FIXTURES / "academic-v5-yaml"
    assert find_root(root)[0] == root.resolve()
    assert find_root(root / "content")[0] == root.resolve()
    one = read_site(root / "content" / "post" / "writing-with-shortcodes.md")
    assert [p.path for p in one.pages] == ["post/writing-with-shortcodes.md"]
    page = HugoReader().read_page(root / "content" / "privacy.md")
    assert page.kind == "page" and page.fields["title"]
    # a bare content folder with no config anywhere above it
    bare = tmp_path / "notes"
    shutil.copytree(root / "content" / "post", bare)
    site = read_site(bare)
    assert {p.path for p in site.pages} >= {"writing-with-shortcodes.md"}


def test_hugo_yaml_and_config_dir_roots_are_detected(tmp_path: Path):
    (tmp_path / "hugo.yaml").write_text("title: T\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A\n---\n")
    site = read_site(tmp_path)
    assert site.title == "T" and [p.path for p in site.pages] == ["a.md"]


def test_reading_never_modifies_the_source():
    root = FIXTURES / "academic-v2-toml"
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    site = read_site(root)
    for page in site.pages:
        page.fields["title"] = "changed"
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert before == after


def test_a_page_read_is_unchanged_until_its_fields_or_body_change():
    """`Page.unchanged` is what an API user asks before writing a page they may have edited."""
    for page in read_site(FIXTURES / "academic-v5-yaml").pages:
        assert page.unchanged, page.path
    pages = read_site(FIXTURES / "academic-v5-yaml").pages
    post = next(p for p in pages if p.kind == "post" and "tags" in p.fields)
    post.fields["tags"] = [*post.fields["tags"], "new"]  # a nested value edited in place
    assert not post.unchanged
    post.fields["tags"] = post.fields["tags"][:-1]
    assert post.unchanged  # edited back: equal again
    first = next(iter(post.fields))
    value = post.fields.pop(first)
    post.fields[first] = value  # the same keys, in another order
    assert not post.unchanged
    other = next(p for p in pages if p is not post and p.kind == "post")
    other.body += "\nMore."
    assert not other.unchanged
    dated = next(p for p in pages if isinstance(p.fields.get("date"), dt.datetime))
    dated.fields["date"] = dated.fields["date"].date()  # the same day, another type
    assert not dated.unchanged
