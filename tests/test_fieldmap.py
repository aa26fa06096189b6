"""The mapping engine: tables as data, transforms, the keep-namespace, overrides, validation."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from converter import read_site
from converter.fieldmap import (
    MISSING,
    TRANSFORMS,
    Context,
    MappingError,
    Table,
    forward,
    inverse,
    load,
)
from converter.fieldmap.table import validate
from converter.frontmatter.values import differences, same
from tests.conftest import FIXTURE_SITES, FIXTURES

CTX = Context(
    authors={"admin": "Ines Varga", "bob": "Bob Stone"},
    profiles={"admin": {"organizations": [{"name": "Harrowgate University"}]}},
)

# A table shaped like a real target's (Quarto-like): renames, shared link lists, merges, joins.
RICH = {
    "target": "test",
    "unmapped": "keep",
    "generated": ["layout"],
    "fields": {
        "title": "same",
        "summary": "description",
        "date": {"to": "date", "transform": "date", "format": "iso"},
        "lastmod": {"to": "date-modified", "transform": "date", "format": "day"},
        "url_pdf": {"to": "other-links", "transform": "link", "text": "PDF"},
        "url_slides": {"to": "other-links", "transform": "link", "text": "Slides", "icon": "easel"},
        "url_code": {"to": "code-links", "transform": "link", "text": "Code", "icon": "github"},
        "links": {"to": "other-links", "transform": "links"},
        "address": {"to": "location", "transform": "join_address"},
        "tags": {"to": "categories", "transform": "merge"},
        "categories": {"to": "categories", "transform": "merge"},
        "publication_types": {"to": "citation.type", "transform": "csl_type"},
        "publication": "citation.container-title",
        "authors": {"to": "author", "transform": "authors", "as": "profiles"},
        "draft": "same",
        "image": "keep",
        "math": "drop",
    },
}


def table(data: dict[str, object] = RICH) -> Table:
    validate(data, "<test>")
    return Table("test", copy.deepcopy(data), [])


def test_link_transforms_share_a_list_and_claim_their_own_items():
    link = TRANSFORMS["link"]
    item = link.forward("s.pdf", {"text": "Slides", "icon": "easel"}, CTX)
    assert item == [{"text": "Slides", "href": "s.pdf", "icon": "easel"}]
    shared = [{"text": "PDF", "href": "p.pdf"}, *item, {"text": "Mine", "href": "m"}]
    value, rest = link.inverse(shared, {"text": "Slides"}, CTX)
    assert value == "s.pdf" and rest == [
        {"text": "PDF", "href": "p.pdf"},
        {"text": "Mine", "href": "m"},
    ]
    assert link.forward("", {"text": "PDF"}, CTX) is MISSING  # no button for an empty url


def test_page_links_are_items_to_the_pages_addresses_and_claim_only_their_own():
    from converter.fieldmap.transforms import TRANSFORMS, Context

    ctx = Context(page_url={"slides/deck": "/slides/deck/"}.get)
    t = TRANSFORMS["page_links"]
    params = {"section": "slides", "text": "Slides", "icon": "file-slides"}
    mine = {"text": "Slides", "href": "/slides/deck/", "icon": "file-slides"}
    assert t.forward("deck", params, ctx) == [mine]
    assert t.forward(["nowhere"], params, ctx) is MISSING  # no page, no button
    other = {"text": "Slides", "href": "deck.pdf", "icon": "easel"}  # a url_slides button
    assert t.inverse([other, mine], params, ctx) == (MISSING, [other])
    link = TRANSFORMS["link"]
    url_params = {"text": "Slides", "icon": "easel"}
    assert link.inverse([mine, other], url_params, ctx) == ("deck.pdf", [mine])


def test_address_join_csl_type_authors_and_dates():
    address = {"street": "450 Serra Mall", "city": "Stanford", "region": "CA", "postcode": "94305"}
    assert (
        TRANSFORMS["join_address"].forward(address, {}, CTX)
        == "450 Serra Mall, Stanford, CA, 94305"
    )
    assert TRANSFORMS["csl_type"].forward(["article-journal"], {}, CTX) == "article-journal"
    assert (
        TRANSFORMS["csl_type"].forward(
            ["paper-conference"], {"map": {"paper-conference": "conferences"}}, CTX
        )
        == "conferences"
    )
    assert TRANSFORMS["csl_type"].inverse(
        "conferences", {"map": {"paper-conference": "conferences"}}, CTX
    )[0] == ["paper-conference"]
    profiles = TRANSFORMS["authors"].forward(["admin", "Jo Free"], {"as": "profiles"}, CTX)
    assert profiles == [
        {"name": "Ines Varga", "affiliation": "Harrowgate University"},
        {"name": "Jo Free"},
    ]
    assert TRANSFORMS["authors"].inverse(profiles, {"as": "profiles"}, CTX)[0] == [
        "admin",
        "Jo Free",
    ]
    when = dt.datetime(2030, 6, 1, 13, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    date = TRANSFORMS["date"]
    assert date.forward(when, {"format": "jekyll"}, CTX) == "2030-06-01 13:00:00 +0200"
    assert date.inverse("2030-06-01 13:00:00 +0200", {}, CTX)[0] == when
    assert date.forward(when, {"format": "iso"}, CTX) == "2030-06-01T13:00:00+02:00"
    assert date.forward(when, {"format": "day"}, CTX) == "2030-06-01"
    assert date.forward(True, {"format": "iso"}, CTX) is True  # `lastmod: true` passes through


PAGE = {
    "title": "Flood pulses",
    "date": dt.datetime(2030, 6, 1, 13, tzinfo=dt.timezone.utc),
    "summary": "Short",
    "authors": ["admin", "Jo Free"],
    "url_pdf": "",
    "url_slides": "slides.pdf",
    "url_code": None,
    "links": [
        {"name": "Site", "url": "https://x.example.org", "icon_pack": "fas", "icon": "globe"}
    ],
    "address": {"city": "Stanford", "postcode": "94305"},
    "tags": ["b", "a"],
    "categories": ["a", "c"],
    "publication_types": ["article-journal"],
    "publication": "*Journal of Rivers*",
    "image": {"caption": "x", "focal_point": "Right"},
    "math": True,
    "custom_field": {"nested": [1, 2.5, None]},
}


def test_forward_places_fields_and_keeps_what_the_target_cannot_say():
    out = forward(PAGE, "publication", table(), CTX)
    target = out.fields
    assert target["description"] == "Short"
    assert target["other-links"] == [
        {"text": "Slides", "href": "slides.pdf", "icon": "easel"},
        {"text": "Site", "href": "https://x.example.org", "icon": "globe"},
    ]
    assert "code-links" not in target
    assert target["citation"] == {
        "type": "article-journal",
        "container-title": "*Journal of Rivers*",
    }
    assert target["categories"] == ["b", "a", "c"]
    assert target["location"] == "Stanford, 94305"
    kept = target["hugo_academic"]["fields"]
    # lossy or inexpressible: kept verbatim; exact: not duplicated
    assert {
        "image",
        "custom_field",
        "address",
        "url_pdf",
        "url_code",
        "links",
        "tags",
        "categories",
    } <= kept.keys()
    assert "summary" not in kept and "url_slides" not in kept and "publication" not in kept
    assert "math" not in target and "math" not in kept
    assert out.dropped == ["math (dropped by the mapping table)"]


def test_inverse_of_forward_is_the_page_without_what_was_dropped():
    out = forward(PAGE, "publication", table(), CTX)
    back = inverse(out.fields, "publication", table(), CTX)
    expected = {k: v for k, v in PAGE.items() if k != "math"}
    assert same(back.fields, expected), differences(expected, back.fields)
    assert back.warnings == []


def test_a_value_edited_in_the_target_wins_over_the_kept_original():
    out = forward(PAGE, "publication", table(), CTX)
    edited = copy.deepcopy(out.fields)
    edited["location"] = "Online"
    edited["description"] = "Longer summary"
    edited["categories"] = ["b", "a", "c", "new"]
    back = inverse(edited, "publication", table(), CTX)
    assert back.fields["address"] == {"street": "Online"}
    assert back.fields["summary"] == "Longer summary"
    assert back.fields["tags"] == ["b", "a", "c", "new"]  # a merged list edited comes back whole
    assert any("address: edited" in w for w in back.warnings)
    assert back.fields["image"] == PAGE["image"]  # untouched kept fields still come back


def test_no_keep_lists_every_field_left_out():
    out = forward(PAGE, "publication", table(), CTX, keep=False)
    assert "hugo_academic" not in out.fields
    left_out = {d.split(" ")[0] for d in out.dropped}
    assert {"image", "custom_field", "math", "url_pdf"} <= left_out


def test_inverse_does_not_invent_fields():
    page = {"title": "Only categories", "categories": ["x"]}
    out = forward(page, "post", table(), CTX)
    assert same(inverse(out.fields, "post", table(), CTX).fields, page)


def test_generated_target_keys_are_ignored_by_the_reader():
    out = forward({"title": "t"}, "post", table(), CTX)
    out.fields["layout"] = "single"
    assert inverse(out.fields, "post", table(), CTX).fields == {"title": "t"}


@pytest.mark.parametrize("site_name", FIXTURE_SITES)
def test_every_fixture_page_survives_the_rich_table(site_name):
    site = read_site(FIXTURES / site_name)
    ctx = Context(authors={s: a.name for s, a in site.authors.items()})
    for page in site.pages:
        out = forward(page.fields, page.kind, table(), ctx)
        back = inverse(out.fields, page.kind, table(), ctx)
        expected = {k: v for k, v in page.fields.items() if k != "math"}
        assert same(back.fields, expected), (page.path, differences(expected, back.fields))


# -- tables: validation, overrides ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"target": "t", "fields": {"url_slides": {"to": "x", "transform": "likn"}}},
            "entry fields.url_slides: unknown transform 'likn'",
        ),
        (
            {
                "target": "t",
                "fields": {"url_slides": {"to": "x", "transform": "link", "txet": "S"}},
            },
            "has no parameter txet",
        ),
        ({"target": "t", "fieldz": {}}, "entry (top level): Additional properties"),
        ({"target": "t", "fields": {"title": 3}}, "entry fields.title"),
        ({"target": "t", "unmapped": "sometimes"}, "entry unmapped"),
        (
            {
                "target": "t",
                "per_kind": {"event": {"fields": {"x": {"transform": "nope", "to": "y"}}}},
            },
            "per_kind.event.fields.x",
        ),
    ],
)
def test_malformed_tables_name_the_entry(data, message):
    with pytest.raises(MappingError) as e:
        validate(data, "my.yaml")
    assert message in str(e.value) and str(e.value).startswith("my.yaml: ")


def test_the_shipped_tables_are_valid_and_hugo_is_identity():
    """A run does not validate the shipped tables (`load`): this test is what does."""
    from converter.tables import available_tables, load_table, table_path

    names = available_tables()
    assert {"hugo", "jekyll", "mkdocs", "quarto"} <= set(names)
    for name in names:
        validate(load_table(name), str(table_path(name)))
    hugo = load("hugo-yaml")
    assert hugo.is_identity and hugo.sources[0].endswith("hugo.yaml")


def test_override_file_merges_over_the_shipped_table(tmp_path: Path):
    override = tmp_path / "mine.yaml"
    override.write_text("fields:\n  url_slides: slides_link\n  url_video: drop\n")
    merged = load("hugo-toml", [override])
    assert not merged.is_identity
    rules = merged.rules_for("event")
    assert rules["url_slides"].to == "slides_link" and rules["url_video"].policy == "drop"
    assert merged.unmapped == "same" and merged.data["folders"]["talk"] == "event"  # the rest kept
    assert merged.sources[-1] == str(override)


def test_override_file_errors_name_the_file(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("fields:\n  url_slides: [unclosed\n")
    with pytest.raises(MappingError) as e:
        load("hugo-yaml", [broken])
    assert str(broken) in str(e.value)
