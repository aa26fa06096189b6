"""Quarto writer and reader (issue 6), against expectations written by hand from Quarto's docs.

Front matter types: quarto-cli src/resources/schema/document-{attributes,website}.yml; layout,
listings and about pages: quarto-web docs/websites/{website-blog,website-listings,
website-about}.qmd; body idioms: docs/authoring/{callouts,videos,diagrams}.qmd. No Quarto
binary is installable here: `tests/quarto_checker.py` holds every page to those rules and
parses every body with pandoc's `markdown` reader, which is what Quarto runs underneath; the
real `quarto render` test runs where `quarto` is on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from converter import convert, read_site
from converter.apply import apply
from converter.cli import main
from converter.frontmatter import load as load_front_matter
from converter.pages import parse_page
from converter.registry import ReadOptions, WriteOptions, detect_reader, get_reader, get_writer
from converter.roundtrip import compare_pages, roundtrip
from converter.sidecar import read_record
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_params
from tests.quarto_checker import check_bodies, check_site, front_matter_problems

CONFIG = """\
title: Ada Lab
baseURL: https://ada.example.org/
menu:
  main:
    - {name: Home, url: "#about", weight: 1}
    - {name: Papers, url: /publication/, weight: 2}
    - {name: Talks, url: "#talks", weight: 3}
"""
AUTHOR = """\
---
title: Ada Admin
role: Professor of Rivers
organizations:
  - {name: Uni of Somewhere, url: ""}
social:
  - {icon: envelope, icon_pack: fas, link: "mailto:ada@example.org"}
  - {icon: github, icon_pack: fab, link: "https://github.com/ada"}
interests: [Rivers, Sediment]
---
Ada studies rivers.
"""
PAPER = """\
---
title: Gravel in motion
authors: [admin, Bo Other]
date: 2021-03-04
publication_types: ["article-journal"]
publication: "*Journal of Gravel*"
doi: 10.1/xyz
tags: [gravel]
categories: [rivers]
url_pdf: https://ada.example.org/paper.pdf
url_code: https://github.com/ada/gravel
image:
  caption: A gravel bar
  focal_point: Right
---
Body of the paper.
"""
TALK = """\
---
title: A talk
event: River Days
location: Bonn
date: 2022-05-01T10:00:00Z
---
{{% callout warning %}}
Mind the flood.
{{% /callout %}}

{{< spoiler text="Answer" >}}
It was gravel.
{{< /spoiler >}}

{{< youtube dQw4w9WgXcQ >}}

{{< figure src="bar.png" caption="The bar" >}}

```mermaid
graph TD; A-->B
```

{{< mystery x="1" >}}
"""


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    files = {
        "config.yaml": CONFIG,
        "content/authors/admin/_index.md": AUTHOR,
        "content/publication/gravel/index.md": PAPER,
        "content/event/river-days/index.md": TALK,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content/publication/gravel/featured.jpg").write_bytes(b"\xff\xd8jpeg")
    (root / "content/authors/admin/avatar.jpg").write_bytes(b"\xff\xd8jpeg")
    return root


def front(path: Path) -> tuple[dict, str]:
    parsed = parse_page(path.read_bytes())
    return parsed.data, parsed.split.body


@pytest.fixture
def written(small_site: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert convert(small_site, "quarto", out=out).exit_code == 0
    return out


# -- writer -------------------------------------------------------------------------------------


def test_publication_front_matter_in_quartos_keys(written: Path):
    data, body = front(written / "publications/gravel/index.qmd")
    assert data["title"] == "Gravel in motion"
    assert data["date"] == "2021-03-04"  # ISO text: Quarto's `date` is a string
    assert data["author"] == [  # a profile with a page of its own is linked to it (issue 18)
        {"name": "Ada Admin", "affiliation": "Uni of Somewhere", "url": "../../authors/admin/"},
        {"name": "Bo Other"},
    ]
    assert data["categories"] == ["gravel", "rivers"]  # tags and categories, one list
    assert data["citation"] == {"type": "article-journal", "container-title": "Journal of Gravel"}
    assert data["doi"] == "10.1/xyz"
    assert data["other-links"] == [
        {"text": "PDF", "href": "https://ada.example.org/paper.pdf", "icon": "file-earmark-pdf"}
    ]
    assert data["code-links"] == [
        {"text": "Code", "href": "https://github.com/ada/gravel", "icon": "github"}
    ]
    assert data["image"] == "featured.jpg"  # a path beside the page, never Hugo's map
    assert data["image-alt"] == "A gravel bar"
    assert data["aliases"] == ["/publication/gravel/index.html"]  # the Hugo address
    kept = read_record(written, "publications/gravel/index.qmd")
    assert kept["kind"] == "publication" and kept["path"] == "publication/gravel/index.md"
    assert kept["fields"]["image"] == {"caption": "A gravel bar", "focal_point": "Right"}
    assert kept["fields"]["tags"] == ["gravel"]  # the split of the merged list is kept
    assert (written / "publications/gravel/featured.jpg").is_file()
    # what the title block has no field for, in a block a person would write (issue 17):
    # the featured image with its caption (Quarto shows `image` only in listings), the venue
    assert body == (
        "![A gravel bar](featured.jpg)\n\n"
        "::: {.page-facts}\n**Published in:** *Journal of Gravel*\\\n"
        "**Type:** Journal article\n:::\n\nBody of the paper.\n"
    )
    assert front_matter_problems(data) == []


def test_talk_body_in_quartos_idioms(written: Path):
    data, body = front(written / "talks/river-days/index.qmd")
    assert data["event"] == "River Days" and data["location"] == "Bonn"
    assert body.startswith(
        "::: {.page-facts}\n**Event:** River Days\\\n**Time:** 10:00 AM\\\n"
        "**Location:** Bonn\n:::\n"
    )
    assert data["date"] == "2022-05-01T10:00:00Z"
    assert "::: {.callout-warning}" in body
    assert 'collapse="true"' in body and "It was gravel." in body  # spoiler: collapsed callout
    assert "{{< video https://www.youtube.com/embed/dQw4w9WgXcQ >}}" in body
    assert "![The bar](bar.png)" in body
    assert "```{mermaid}" in body
    assert "{{< mystery" not in body.replace("{{{< mystery", "")  # escaped: Quarto prints it
    [check] = check_bodies([body])
    assert check.problems == []


def test_site_config_listings_and_about(written: Path):
    config, _ = load_front_matter("yaml", (written / "_quarto.yml").read_text("utf-8"))
    assert config["project"]["type"] == "website"
    assert config["website"]["title"] == "Ada Lab"
    assert config["website"]["site-url"] == "https://ada.example.org/"
    assert config["website"]["navbar"]["left"] == [
        {"text": "Home", "href": "about.qmd"},
        {"text": "Papers", "href": "publications/index.qmd"},
        {"text": "Talks", "href": "talks/index.qmd"},
    ]
    listing, _ = front(written / "publications/index.qmd")
    assert listing["listing"]["contents"] == "*/index.qmd"
    assert listing["listing"]["sort"] == "date desc"
    assert {"date", "title", "venue", "categories"} <= set(listing["listing"]["fields"])
    paper, _ = front(written / "publications/gravel/index.qmd")
    assert paper["venue"] == "Journal of Gravel"
    about, body = front(written / "about.qmd")
    assert about["title"] == "Ada Admin"
    assert about["about"]["template"] == "jolla"
    assert about["about"]["image"] == "authors/admin/avatar.jpg"
    assert {"icon": "github", "text": "Github", "href": "https://github.com/ada"} in about["about"][
        "links"
    ]
    assert "Ada studies rivers." in body and "**Interests:** Rivers, Sediment" in body
    assert "**Role:** Professor of Rivers" in body and "Uni of Somewhere" in body
    assert check_site(written).problems == {}


def test_cli_convert_to_quarto(small_site: Path, tmp_path: Path):
    out = tmp_path / "cli-out"
    with pytest.raises(SystemExit) as e:
        main(["convert", str(small_site), "--to", "quarto", "--out", str(out), "-q"])
    assert e.value.code == 0
    assert (out / "_quarto.yml").is_file() and (out / "talks/river-days/index.qmd").is_file()


def test_front_matter_opened_by_a_blank_line_is_front_matter_to_pandoc(
    small_site: Path, tmp_path: Path
):
    """An Academic archetype's layout (`---`, a blank line, a comment) kept as it was gives
    pandoc no metadata: the page would render its YAML as text and lose its title. The
    checker asks pandoc; the round trip still gives the blank line back."""
    page = small_site / "content/post/spaced/index.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\n\n# Basic metadata\ntitle: Spaced out\ndate: 2021-02-03\n---\nText.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert convert(small_site, "quarto", out).exit_code == 0
    written = out / "posts/spaced/index.qmd"
    text = written.read_text("utf-8")
    assert text.startswith("---\n# Basic metadata\ntitle: Spaced out\n"), text[:80]
    assert check_site(out).problems == {}
    trip = roundtrip(small_site, "quarto")
    assert trip.equal, [(p.source, p.differences) for p in trip.pages if not p.equal]


# -- reader -------------------------------------------------------------------------------------


def test_reader_detects_a_quarto_project_only(written: Path, small_site: Path):
    assert get_reader("quarto").detect(written)
    assert not get_reader("quarto").detect(small_site)
    assert detect_reader(written).name == "quarto"


def test_round_trip_of_the_small_site(small_site: Path):
    trip = roundtrip(small_site, "quarto")
    assert trip.equal, [(p.source, p.differences) for p in trip.pages if not p.equal]


def test_reader_on_a_hand_written_quarto_site(tmp_path: Path):
    root = tmp_path / "blog"
    (root / "posts/hello").mkdir(parents=True)
    (root / "_quarto.yml").write_text("project: {type: website}\nwebsite: {title: Mine}\n")
    (root / "posts/hello/index.qmd").write_text(
        "---\ntitle: Hello\ndescription: Hi there\ncategories: [a, b]\n"
        "date: '2024-02-02'\n---\nText.\n"
    )
    (root / "posts/hello/pic.png").write_bytes(b"png")
    site = read_site(root)
    [page] = site.pages
    assert (page.kind, page.path, page.slug) == ("post", "post/hello/index.md", "hello")
    assert page.fields["title"] == "Hello"
    assert page.fields["summary"] == "Hi there"
    assert page.fields["tags"] == ["a", "b"]
    assert str(page.fields["date"]) == "2024-02-02"
    assert site.title == "Mine"


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_sites_convert_pass_the_checker_and_come_back(name: str, tmp_path: Path):
    out = tmp_path / "out"
    assert convert(FIXTURES / name, "quarto", out=out).exit_code == 0
    assert check_site(out).problems == {}
    trip = roundtrip(FIXTURES / name, "quarto")
    assert trip.equal, [(p.source, p.differences) for p in trip.pages if not p.equal]


# -- the checker itself -------------------------------------------------------------------------


def test_checker_catches_what_quarto_rejects():
    assert front_matter_problems({"image": {"caption": "x"}}) == [
        "image: {'caption': 'x'} is not a path or boolean"
    ]
    assert front_matter_problems({"categories": "a"})
    assert front_matter_problems({"title": None})
    assert front_matter_problems({"other-links": [{"text": "PDF"}]})
    assert front_matter_problems({"citation": {"type": "journal"}})
    assert front_matter_problems({"author": [{"affiliation": "x"}]})
    assert front_matter_problems({"date": "tomorrow-ish"})
    good = {"author": "A", "categories": ["x"], "image": "a.png", "date": "2020-01-02"}
    assert front_matter_problems(good) == []
    glued, unknown, fine = check_bodies(
        [
            "$$\nx\n$$\n::: {.callout-note}\nHi\n:::\n",  # pandoc sees no Div here
            "{{< figure src=x >}}\n",
            '::: {.callout-tip}\nOk {{< video a.mp4 >}}\n:::\n\n```{.md shortcodes="false"}\n'
            "{{< figure >}}\n```\n",
        ]
    )
    [unclosed] = check_bodies(["::: {.page-facts} x\n**Event:** x\n:::\n"])
    assert "the facts block is no Div after pandoc: its colons show" in unclosed.problems
    assert glued.problems == ["1 callout fence(s) but 0 callout Div(s) after pandoc"]
    assert unknown.problems == ["shortcode {{< figure left in the body: Quarto prints it"]
    assert fine.problems == []


# -- real corpora -------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_site_passes_the_checker_and_round_trips(root: Path, tmp_path: Path):
    """One write per site for both checks (what `roundtrip --via quarto` does, plus the
    checker on the written site in between)."""
    site = read_site(root)
    plan = get_writer("quarto").plan(site, WriteOptions())
    out = tmp_path / "out"
    apply(plan, out)
    assert [p for p in plan.pages if p.status == "failed"] == []
    check = check_site(out)
    assert check.pages > 0
    assert check.problems == {}
    back = {p.path: p for p in get_reader("quarto").read(out, ReadOptions()).pages}
    differ = {p.path: compare_pages(p, back.get(p.path)) for p in site.pages}
    assert {k: v[:3] for k, v in differ.items() if v} == {}


# -- the real engine ----------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="quarto is not on PATH (no Quarto binary can be installed here); the checker stands in",
)
@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_quarto_renders_the_converted_site(name: str, tmp_path: Path):
    out = tmp_path / "out"
    assert convert(FIXTURES / name, "quarto", out=out).exit_code == 0
    proc = subprocess.run(
        ["quarto", "render", str(out)], capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (out / "_site" / "index.html").is_file()
    assert "Validation of YAML front matter failed" not in proc.stderr
    assert "Shortcode" not in proc.stderr  # no unknown shortcode left behind
