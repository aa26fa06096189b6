"""converter.visible: the facts the Academic theme showed on a page, and a built page read as
its visitor reads it (text, link addresses, dates in any spelling)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from converter import read_site
from converter.visible import (
    Fact,
    dates_in,
    hidden,
    page_facts,
    rules_for,
    same_address,
    shown_in_html,
    theme_table,
)

PAPER = """---
title: Gravel and *grit*
authors: [admin, "Jo Outsider"]
date: 2021-09-14
publication: "*Journal of Fluvial Studies*, 12(3)"
publication_types: ["2"]
abstract: "We measured [gravel](https://example.org/g) in **38** bars."
doi: 10.1234/jfs.2021.7
url_pdf: paper.pdf
url_code: https://github.com/example/gravel
links:
  - name: Data
    url: https://zenodo.example.org/r/42
tags: [Sediment]
---
Body.
"""

TALK = """---
title: Stoneflies in floods
event: River Days
event_url: https://riverdays.example.org
location: Oslo
address:
  street: 1 Quay
  city: Oslo
  country: Norway
date: 2030-06-01T09:00:00
date_end: 2030-06-03T17:00:00
---
"""

AUTHOR = """---
title: Ines Varga
role: Professor of *River* Ecology
organizations: [{name: Harrowgate University, url: ""}]
interests: [eDNA]
education:
  courses: [{course: PhD Ecology, institution: Millrace, year: 2012}]
---
"""


@pytest.fixture
def site(tmp_path: Path):
    files = {
        "config.yaml": "title: Lab\nbaseURL: https://lab.example.org/\n",
        "content/publication/gravel/index.md": PAPER,
        "content/publication/gravel/paper.pdf": "%PDF-1.4\n",
        "content/event/floods/index.md": TALK,
        "content/authors/admin/_index.md": AUTHOR,
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return read_site(tmp_path, jobs=1)


def _page(site, path):
    return next(p for p in site.pages if p.path == path)


def test_a_publications_facts_are_what_its_theme_page_shows(site) -> None:
    facts = {f.field: f for f in page_facts(_page(site, "publication/gravel/index.md"), site)}
    assert facts["title"] == Fact("title", "text", "Gravel and *grit*")
    # ids through the profile's display name; a name that is no id as written
    assert facts["authors[0]"].value == "Ines Varga"
    assert facts["authors[1]"].value == "Jo Outsider"
    assert facts["date"] == Fact("date", "date", "2021-09")  # the theme shows month and year
    assert facts["publication_types"].value == "Journal article"  # code 2, upgraded to CSL
    assert facts["doi"] == Fact("doi", "href", "https://doi.org/10.1234/jfs.2021.7", "DOI")
    assert facts["url_pdf"] == Fact("url_pdf", "href", "paper.pdf", "PDF")
    assert facts["links[0]"] == Fact("links[0]", "href", "https://zenodo.example.org/r/42", "Data")
    assert "gravel" in facts["abstract"].value and "example.org" not in facts["abstract"].value


def test_an_events_facts_include_its_dates_place_and_address(site) -> None:
    facts = {f.field: f for f in page_facts(_page(site, "event/floods/index.md"), site)}
    assert facts["date"].value == "2030-06-01" and facts["date_end"].value == "2030-06-03"
    assert facts["event"].value == "River Days"
    assert facts["event_url"].value == "https://riverdays.example.org"
    assert facts["address.street"].value == "1 Quay"
    assert "address.country" not in facts  # the theme's default address format leaves it out


def test_an_author_profiles_facts(site) -> None:
    page = next(p for p in site.pages if p.kind == "author")
    values = {f.value for f in page_facts(page, site)}
    assert {"Ines Varga", "eDNA", "Harrowgate University", "PhD Ecology", "2012"} <= values


def test_a_built_page_is_read_as_a_visitor_reads_it() -> None:
    page = """<html><head><title>Secret title</title><script>var x = "hidden words";</script>
    </head><body><h1>Gravel and <em>grit</em></h1>
    <p>Published September 2021 in <i>Journal of Fluvial Studies</i>, 12(3)</p>
    <a class="btn" href="/files/publication/gravel/paper.pdf">PDF</a>
    <a href="https://doi.org/10.1234/JFS.2021.7">DOI</a></body></html>"""
    shown = shown_in_html(page)
    assert shown.has(Fact("title", "text", "Gravel and *grit*"))
    assert not shown.has(Fact("x", "text", "Secret title"))  # <head> is not on the page
    assert not shown.has(Fact("x", "text", "hidden words"))
    assert shown.has(Fact("date", "date", "2021-09"))
    assert not shown.has(Fact("date", "date", "2021-09-14"))  # the day was not shown
    assert shown.has(Fact("url_pdf", "href", "paper.pdf"))
    assert shown.has(Fact("publication", "text", "*Journal of Fluvial Studies*, 12(3)"))
    # a link must point where the theme's did
    assert not shown.has(Fact("doi", "href", "https://doi.org/10.9999/other"))


@pytest.mark.parametrize(
    "text",
    [
        "2030-06-01",
        "June 1, 2030",
        "Jun 1, 2030",
        "1 June 2030",
        "1st June, 2030",
        "Date: 2030/06/01",
        "Sat, Jun. 1 2030",
    ],
)
def test_a_date_in_any_common_spelling(text: str) -> None:
    days, months = dates_in(text)
    assert "2030-06-01" in days and "2030-06" in months


def test_a_month_alone_is_no_day() -> None:
    days, months = dates_in("Published in March, 2021")
    assert days == set() and months == {"2021-03"}


def test_addresses_match_where_the_target_moved_the_file() -> None:
    assert same_address("paper.pdf", "/files/publication/gravel/paper.pdf")
    assert same_address("/uploads/cv.pdf", "https://lab.example.org/uploads/cv.pdf/")
    assert same_address("https://Example.org/a/", "https://example.org/a")
    assert not same_address("https://example.org/a", "https://example.org/b")
    assert not same_address("paper.pdf", "/files/other-paper.pdf")
    assert same_address("https://x.org/?a=1&b=2", "https://x.org/?a=1&amp;b=2")


def test_hidden_lists_what_the_page_lacks(site) -> None:
    page = _page(site, "event/floods/index.md")
    facts = page_facts(page, site)
    built = shown_in_html(
        "<body><h1>Stoneflies in floods</h1><p>June 1, 2030 to June 3, 2030</p>"
        "<p>Time: 9:00 AM \u2013 5:00 PM</p>"
        '<p><a href="https://riverdays.example.org/">River Days</a>, Oslo</p></body>'
    )
    assert [f.field for f in hidden(facts, built)] == ["address.street"]
    # the day without the times of day: the visitor no longer knows when the talk is
    built = shown_in_html(
        "<body><h1>Stoneflies in floods</h1><p>June 1, 2030 to June 3, 2030</p>"
        '<p><a href="https://riverdays.example.org/">River Days</a>, Oslo, 1 Quay</p></body>'
    )
    assert [(f.field, f.value) for f in hidden(facts, built)] == [
        ("time[0]", "9:00 AM"),
        ("time[1]", "5:00 PM"),
    ]


def test_every_rule_of_the_table_has_a_known_show_and_cites_its_eras() -> None:
    kinds = theme_table()["kinds"]
    assert {"publication", "event", "post", "project", "author", "docs"} <= set(kinds)
    for kind in kinds:
        for rule in rules_for(kind):
            assert rule["show"] in {
                "text",
                "label",
                "date",
                "names",
                "each",
                "href",
                "doi",
                "links",
                "address",
                "orgs",
                "courses",
                "featured",
                "bundle",
                "pages",
                "time",
            }, rule
            assert set(rule["eras"]) <= {"v4", "v5", "blox", "blox11"}, rule


def test_a_datetime_value_gives_its_day() -> None:
    from converter.visible import iso_day

    assert iso_day(dt.datetime(2030, 6, 1, 9, 0)) == "2030-06-01"
    assert iso_day("2021-03-04T10:00:00Z") == "2021-03-04"
    assert iso_day("soon") is None


def test_a_planned_page_shows_displayed_keys_and_its_body() -> None:
    from converter.visible import planned_shown

    data = {
        "title": "Gravel",
        "doi": "10.1/x",
        "author": [{"name": "Ines Varga", "url": "https://iv.example.org"}],
        "secret": "never displayed",
        "date": dt.date(2021, 9, 14),
    }
    body = "Read [the paper](files/paper.pdf) or <https://code.example.org/g>.\n"
    shown = planned_shown(data, body, "quarto")
    assert shown.has(Fact("doi", "href", "https://doi.org/10.1/x"))
    assert shown.has(Fact("authors[0]", "text", "Ines Varga"))
    assert shown.has(Fact("date", "date", "2021-09-14"))
    assert shown.has(Fact("url_pdf", "href", "paper.pdf"))
    assert shown.has(Fact("url_code", "href", "https://code.example.org/g"))
    assert not shown.has(Fact("x", "text", "never displayed"))  # Quarto shows no such key
    assert not planned_shown(data, "", "jekyll").has(Fact("d", "href", "https://doi.org/10.1/x"))


@pytest.mark.parametrize("target", ["jekyll", "quarto", "mkdocs"])
def test_the_report_lists_what_a_visitor_will_no_longer_see(
    site, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fact no target can show (added to every page's facts here) is listed per page as
    `hidden` in the JSON report, and counted in its summary."""
    import json

    from click.testing import CliRunner

    from converter import visible
    from converter.cli import main

    real = visible.page_facts
    monkeypatch.setattr(
        visible,
        "page_facts",
        lambda page, s, address=None: [
            *real(page, s, address),
            Fact("motto", "text", "zebras never sleep"),
        ],
    )
    root = site.root
    result = CliRunner().invoke(
        main, ["convert", str(root), "--to", target, "--dry-run", "--report", "json", "-j", "1"]
    )
    report = json.loads(result.stdout)
    pages = {p["source"]: p for p in report["pages"]}
    paper = pages["content/publication/gravel/index.md"]
    assert "motto (text 'zebras never sleep')" in paper["hidden"]
    assert report["summary"]["hidden"] == sum(len(p["hidden"]) for p in report["pages"])
    assert report["summary"]["hidden"] >= len(report["pages"]) - 1


def test_underscore_emphasis_is_markdown_not_part_of_a_word() -> None:
    shown = shown_in_html("<p>Memory, <em>pp. 302\u2013317</em></p>")  # an en dash
    assert shown.has(Fact("publication", "text", "Memory, _pp. 302--317_"))


@pytest.mark.parametrize("target", ["jekyll", "quarto", "mkdocs"])
def test_the_report_agrees_with_the_built_fixtures(target: str) -> None:
    """The engine tests (test_visible_jekyll/_mkdocs/_quarto) find every fact shown on the
    built fixture pages; the report, which reads the planned pages without building them,
    must not say otherwise."""
    from converter import convert
    from tests.conftest import FIXTURE_SITES, FIXTURES

    for name in FIXTURE_SITES:
        result = convert(FIXTURES / name, target, dry_run=True, jobs=1)
        hidden_facts = [(p.source, h) for p in result.plan.pages for h in p.hidden]
        assert hidden_facts == [], (name, hidden_facts[:5])


def test_slides_and_projects_are_buttons_to_the_pages_hugo_finds(tmp_path: Path) -> None:
    """`slides: id` and `projects: [id]` were buttons to the site's own pages (page_links.html:
    `site.GetPage "slides/id"`, "project/id"): a fact where Hugo finds the page, in any case
    and as a bundle or a file, none for a draft or a missing one; the fact's address is where
    the target put that page."""
    files = {
        "config.yaml": "title: Lab\n",
        "content/event/floods/index.md": (
            "---\ntitle: Floods\nslides: Flood-Deck\nprojects: [atlas, gone, secret]\n---\n"
        ),
        "content/event/other/index.md": "---\ntitle: Other\nslides: gone\n---\n",
        "content/slides/flood-deck/index.md": "---\ntitle: Deck\n---\n",
        "content/project/atlas.md": "---\ntitle: Atlas\n---\n",
        "content/project/secret/index.md": "---\ntitle: Secret\ndraft: true\n---\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    site = read_site(tmp_path, jobs=1)
    talk = _page(site, "event/floods/index.md")
    facts = {f.field: f for f in page_facts(talk, site)}
    assert facts["slides"] == Fact("slides", "href", "/slides/flood-deck/", "Slides")
    assert facts["projects[0]"] == Fact("projects[0]", "href", "/project/atlas/", "Project")
    assert "projects[1]" not in facts and "projects[2]" not in facts  # missing, draft
    moved = {f.field: f.value for f in page_facts(talk, site, lambda p: f"/new/{p.slug}/")}
    assert moved["slides"] == "/new/flood-deck/" and moved["projects[0]"] == "/new/atlas/"
    other = _page(site, "event/other/index.md")
    assert not [f for f in page_facts(other, site) if f.field == "slides"]
    assert site.get_page("PROJECT/Atlas") is _page(site, "project/atlas.md")
