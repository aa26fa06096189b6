"""The Jekyll reader and writer through the public API and CLI, on small sites written by hand.

The real-engine builds are in test_engine_jekyll.py and the round trips of every fixture and
corpus site in test_roundtrip.py; this file holds what those do not show: a Jekyll site that
this tool did not write, the front matter academicpages expects, and the file layout.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import convert, read_site
from converter.cli import main
from converter.frontmatter import load
from converter.sidecar import read_record
from tests.conftest import FIXTURES

PLAIN = FIXTURES / "jekyll-plain"


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return load("yaml", text.split("---\n")[1])[0]


def test_a_plain_jekyll_site_is_detected_and_read_as_academic_kinds() -> None:
    site = read_site(PLAIN)
    assert site.reader == "jekyll"
    by_path = {p.path: p for p in site.pages}
    assert set(by_path) == {
        "post/hello-world.md",
        "post/not-yet.md",
        "talk/talk-1.md",
        "publication/paper-title-number-1.md",
        "about.md",
    }
    talk = by_path["talk/talk-1.md"]
    assert talk.kind == "event"
    assert talk.fields["event"] == "UC San Francisco, Department of Testing"
    assert talk.fields["location"] == "San Francisco, California"
    assert talk.fields["date"] == dt.date(2012, 3, 1)
    assert talk.fields["url_slides"] == "/files/slides1.pdf"
    # what the writer of the site generated from other keys is not a field of the page
    assert not {"collection", "type", "permalink"} & set(talk.fields)
    paper = by_path["publication/paper-title-number-1.md"]
    assert paper.kind == "publication"
    assert paper.fields["publication"] == "Journal 1"
    assert paper.fields["url_pdf"] == "http://academicpages.github.io/files/paper1.pdf"
    assert paper.fields["summary"] == "This paper is about the number 1."
    assert paper.fields["publication_types"] == ["article-journal"]
    assert "citation" not in paper.fields
    post = by_path["post/hello-world.md"]
    assert post.fields["tags"] == ["welcome", "news"]
    draft = by_path["post/not-yet.md"]
    assert draft.fields["draft"] is True
    # Jekyll dates a post by its file name when its front matter does not
    assert draft.fields["date"] == dt.date(2021, 5, 6)
    assert site.title == "Plain Jekyll Lab"
    assert site.base_url == "https://plain.example.org/lab/"
    assert "static/files/slides1.pdf" in site.files


def test_a_plain_jekyll_site_converts_to_hugo(tmp_path: Path) -> None:
    result = convert(PLAIN, "hugo-yaml", out=tmp_path / "hugo")
    assert result.exit_code == 0
    talk = _front(tmp_path / "hugo" / "content" / "talk" / "talk-1.md")
    assert talk["event"] == "UC San Francisco, Department of Testing"
    assert (tmp_path / "hugo" / "static" / "files" / "slides1.pdf").read_bytes() == b"%PDF-1.4\n"


def test_academicpages_front_matter_and_file_names(tmp_path: Path) -> None:
    convert(FIXTURES / "academic-v5-yaml", "jekyll", out=tmp_path / "j")
    out = tmp_path / "j"
    talk = _front(out / "_talks" / "2030-06-01-edna-field-workshop.md")
    assert talk["collection"] == "talks"
    assert talk["permalink"] == "/talk/hands-on-workshop-edna-sampling-in-small-streams/"
    assert "venue" in talk and "date" in talk
    keep = read_record(out, "_talks/2030-06-01-edna-field-workshop.md")
    assert isinstance(keep, dict) and keep["kind"] == "event"
    assert keep["path"] == "event/edna-field-workshop/index.md"
    paper = _front(out / "_publications" / "2023-04-18-sediment-pulses.md")
    # Markdown emphasis is not for a plain-text venue; the original is kept for the way back
    assert paper["venue"] == "Journal of Fictional Freshwater Science, 12(3), 201\u2013219"
    assert paper["category"] == "manuscripts"
    assert str(paper["citation"]).startswith("Ines Varga, Tobias Reinholt, Amaka Eze (2023).")
    assert paper["paperurl"] == "/files/publication/sediment-pulses/sediment-pulses.pdf"
    assert (out / "files/publication/sediment-pulses/sediment-pulses.pdf").is_file()
    config = load("yaml", (out / "_config.yml").read_text(encoding="utf-8"))[0]
    assert config["future"] is True
    assert config["liquid"] == {"error_mode": "strict"}
    assert set(config["collections"]) >= {"talks", "publications", "portfolio"}
    assert config["author"]["name"] == "Ines Varga"
    nav = load("yaml", (out / "_data" / "navigation.yml").read_text(encoding="utf-8"))[0]
    assert nav["main"] and all({"title", "url"} <= set(i) for i in nav["main"])
    # Hugo's own config is kept as it was, where Jekyll does not publish it
    kept = out / "_hugo_academic" / "config" / "_default" / "params.yaml"
    assert (
        kept.read_bytes()
        == (FIXTURES / "academic-v5-yaml" / "config" / "_default" / "params.yaml").read_bytes()
    )


def test_cli_lists_and_detects_jekyll(tmp_path: Path) -> None:
    runner = CliRunner()
    formats = runner.invoke(main, ["formats"])
    assert "jekyll" in formats.stdout
    shown = runner.invoke(main, ["inspect", str(PLAIN / "_talks" / "2012-03-01-talk-1.md")])
    assert shown.exit_code == 0, shown.output
    assert "kind: event" in shown.stdout
    assert "event: UC San Francisco, Department of Testing" in shown.stdout


def test_jekyll_site_back_to_hugo_is_the_site_it_came_from(tmp_path: Path) -> None:
    src = FIXTURES / "academic-v2-toml"
    convert(src, "jekyll", out=tmp_path / "j")
    convert(tmp_path / "j", "hugo-toml", out=tmp_path / "back")
    before = read_site(src)
    after = read_site(tmp_path / "back")
    assert sorted(p.path for p in after.pages) == sorted(p.path for p in before.pages)
    for rel in before.files:  # static files and the rest come back to their places
        assert (tmp_path / "back" / rel).read_bytes() == (src / rel).read_bytes(), rel
    assert {c.path for c in after.config} == {c.path for c in before.config}


def test_a_slug_that_climbs_or_nests_stays_one_file_name(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "post").mkdir(parents=True)
    (site / "config.yaml").write_text("title: T\n", encoding="utf-8")
    for name, slug in (("up", "../../../x-up"), ("abs", "/tmp/x/abs"), ("dots", "..")):
        (site / "content" / "post" / f"{name}.md").write_text(
            f"---\ntitle: {name}\ndate: 2020-01-02\nslug: '{slug}'\n---\nx\n", encoding="utf-8"
        )
    plan = convert(site, "jekyll", dry_run=True).plan
    assert not plan.failed, [p.error for p in plan.failed]
    posts = sorted(a.dest for a in plan.actions if a.dest.startswith("_posts/"))
    assert posts == [
        "_posts/2020-01-02-dots.md",
        "_posts/2020-01-02-tmp-x-abs.md",
        "_posts/2020-01-02-x-up.md",
    ]


def test_aliases_that_differ_only_in_punctuation_or_case_get_two_redirect_pages(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "content" / "post").mkdir(parents=True)
    (site / "config.yaml").write_text("title: T\n", encoding="utf-8")
    (site / "content" / "post" / "p.md").write_text(
        "---\ntitle: P\naliases: [/a_b/, /A-b/]\n---\nx\n", encoding="utf-8"
    )
    plan = convert(site, "jekyll", dry_run=True).plan
    stubs = sorted(a.dest for a in plan.actions if a.dest.startswith("_hugo_aliases/"))
    assert stubs == ["_hugo_aliases/a-b-2.md", "_hugo_aliases/a-b.md"]
    texts = {
        load("yaml", a.content.decode().split("---")[1])[0]["permalink"]
        for a in plan.actions
        if a.dest in stubs and a.content
    }
    assert texts == {"/a_b/", "/A-b/"}


def test_the_home_page_cv_and_people_are_pages_of_their_own(tmp_path: Path) -> None:
    """The home widgets become _pages/about.md at /, with the sections under their anchors
    and listings as Liquid loops; a CV and person pages; menu anchors point at the home page;
    the reader skips the pages the writer made, and --jekyll-content-only carries them."""
    out = tmp_path / "j"
    convert(FIXTURES / "academic-v5-yaml", "jekyll", out=out)
    about = (out / "_pages" / "about.md").read_text(encoding="utf-8")
    front = _front(out / "_pages" / "about.md")
    assert front["permalink"] == "/" and "generated_by" not in front  # in its record
    record = out / "_hugo_academic" / "records" / "_pages" / "about.md.yaml"
    assert "\n  generated: true\n" in record.read_text(encoding="utf-8")
    assert "## Recent Publications\n{: #publications}" in about
    assert '{% assign items = site.publications | sort: "date" | reverse %}' in about
    assert "{% for post in items limit: 5 %}{% include archive-single.html %}" in about
    assert "- Sediment transport in gravel-bed rivers" in about
    cv = (out / "_pages" / "cv.md").read_text(encoding="utf-8")
    assert "- PhD in Freshwater Ecology, University of Lowmoor, 2019" in cv
    nav = load("yaml", (out / "_data" / "navigation.yml").read_text(encoding="utf-8"))[0]
    urls = {i["title"]: i["url"] for i in nav["main"]}
    assert urls["Publications"] == "/#publications" and urls["Projects"] == "/project/"
    talk = (out / "_talks" / "2030-06-01-stoneflies-in-floods.md").read_text(encoding="utf-8")
    assert "**Authors:** [Ines Varga](/authors/admin/), Tobias Reinholt" in talk
    back = read_site(out)
    assert not any(p.fields.get("generated_by") for p in back.pages)
    assert sorted(p.path for p in back.pages) == sorted(
        p.path for p in read_site(FIXTURES / "academic-v5-yaml").pages
    )
    only = tmp_path / "only"
    convert(FIXTURES / "academic-v5-yaml", "jekyll", out=only, content_only=True)
    pages = sorted(p.relative_to(only).as_posix() for p in (only / "_pages").rglob("*.md"))
    assert pages == ["_pages/about.md", "_pages/authors/admin.md", "_pages/cv.md"]


def test_a_landing_page_and_data_profiles(tmp_path: Path) -> None:
    """A Hugo Blox landing page at / is written as the generated home page (the page itself
    kept for the way back); a profile in data/authors gets a person page."""
    out = tmp_path / "j"
    convert(FIXTURES / "hugoblox-2026", "jekyll", out=out)
    assert _front(out / "_pages" / "about.md")["permalink"] == "/"
    assert not (out / "_pages" / "index.md").exists()
    assert (out / "_hugo_academic" / "content" / "_index.md").is_file()
    person = _front(out / "_pages" / "authors" / "me.md")
    assert person["permalink"] == "/authors/me/"
    nav = load("yaml", (out / "_data" / "navigation.yml").read_text(encoding="utf-8"))[0]
    assert {"title": "Papers", "url": "/#papers"} in nav["main"]


@pytest.mark.parametrize("target", ["jekyll", "mkdocs", "quarto"])
def test_a_nul_in_an_abstract_does_not_make_the_page_binary(target: str, tmp_path: Path) -> None:
    """Found by the round-trip property test: `abstract: "\\0"` went raw into the body's
    Abstract section, and the page read back as a binary file."""
    from converter import roundtrip

    site = tmp_path / "site"
    (site / "content" / "talk" / "t").mkdir(parents=True)
    (site / "config.yaml").write_text("title: T\n", encoding="utf-8")
    (site / "content" / "talk" / "t" / "index.md").write_text(
        '---\ntitle: T\ndate: 2021-05-01\nabstract: "\\0"\n---\n', encoding="utf-8"
    )
    trip = roundtrip(site, target)
    assert trip.equal, [(p.source, p.differences) for p in trip.pages if not p.equal]
    assert read_site(site).pages
