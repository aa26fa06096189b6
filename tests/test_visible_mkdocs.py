"""What a visitor saw, a visitor sees: MkDocs Material pages show every fact the Academic theme
showed (issue 17).

`converter/visible.py` lists, per page, the facts the theme showed (mappings/theme/visible.yaml)
and reads a built page as its visitor does. `visible_problems` holds a real `mkdocs build
--strict` of a converted site to it: every published page must show each of its facts, and its
title as the first level-1 heading (Material shows the body's own heading instead of the title
when the body has one; Hugo showed both). The real builds run in tests/test_mkdocs.py's
`check_built` (fixtures and every corpus site, built once); this file holds the list of facts
allowed to stay hidden, each with its reason, the check itself, and the unit tests of the
header the writer adds (converter/writers/mkdocs_blocks.py).

Measured when the header was written (facts / hidden, fixtures and 9 corpus sites): 7,721 /
1,094 before, 7,721 / 0 after.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from converter import convert, read_site, roundtrip, visible
from converter.conventions.mkdocs import served
from converter.model import Page, Site
from converter.visible import Fact, hidden, page_facts, shown_in_html, words
from converter.writers import mkdocs_blocks as blocks
from tests.engines.mkdocs import Built, build, needs_mkdocs

#: (site, page path, field) -> why a visitor of the MkDocs page does not see that fact. Empty:
#: every fact of the fixtures and the corpora shows. (Nine venues spelt `_pp. 302--317_` were
#: listed until visible.py read `_` as emphasis, as Hugo's `markdownify` and MkDocs do.)
ALLOWED_HIDDEN: dict[tuple[str, str, str], str] = {}

_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)


@dataclass
class Visibility:
    """Facts and hidden facts of one built site, by kind of page, and what is wrong."""

    facts: Counter[str] = field(default_factory=Counter)
    hidden: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def first_heading(page_html: str) -> str | None:
    """The text of the page's first level-1 heading (Material's header has none)."""
    m = _H1.search(page_html)
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))) if m else None


def visible_problems(
    name: str,
    site: Site,
    pages: list[tuple[Page, str]],
    address: Callable[[Page], str] | None = None,
) -> Visibility:
    """Each (page, its built HTML) of the site `name` against the facts the theme showed: a
    hidden fact not in ALLOWED_HIDDEN, a listed one now shown, a title that is not the first
    level-1 heading. `address` says where a page is on the built site (for the buttons to a
    talk's slides or a paper's projects: see `addresses`)."""
    out = Visibility()
    listed = {(p, f) for s, p, f in ALLOWED_HIDDEN if s == name}
    for page, page_html in pages:
        facts = page_facts(page, site, address)
        missing = hidden(facts, shown_in_html(page_html))
        out.facts.update({page.kind: len(facts)})
        out.hidden.update({page.kind: len(missing)})
        for fact in missing:
            if (page.path, fact.field) in listed:
                listed.discard((page.path, fact.field))
            else:
                out.problems.append(f"{page.path}: {fact} not shown")
        for fact in facts:
            if fact.field == "title":
                heading = first_heading(page_html)
                if heading is None or " ".join(words(fact.value)) not in " ".join(words(heading)):
                    out.problems.append(f"{page.path}: the first <h1> is {heading!r}, not {fact}")
    present = {page.path for page, _ in pages}
    out.problems += [
        f"{p}: {f} is shown now; take it off ALLOWED_HIDDEN" for p, f in listed if p in present
    ]
    return out


_TITLE = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>", re.DOTALL)
_PART = re.compile(r'<div class="am-(?:header|profile|home)">')
_DIV = re.compile(r"<(/?)div\b")


def body_only(content: str, titled: bool) -> str:
    """A built page's content without what the writer added around the body: the header,
    profile and home-page parts (`div.am-header`, `div.am-profile`, `div.am-home`) and, where
    the page has a title to show (`titled`), the title heading leading it (Material's or the
    writer's); without a title, only Material's own (an <h1> with no id: Python-Markdown's
    headings have ids)."""
    while m := _PART.search(content):
        depth, end = 0, len(content)
        for tag in _DIV.finditer(content, m.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = content.index(">", tag.end()) + 1
                break
        content = content[: m.start()] + content[end:]
    title = _TITLE.match(content)
    if title and (titled or re.match(r"\s*<h1>", title.group(0))):
        content = content[title.end() :]
    return content


def addresses(site: Site, plan_pages: list[object]) -> Callable[[Page], str]:
    """Where the plan put each page of `site` on the built site."""
    at = {}
    for page, report in zip(site.pages, plan_pages[: len(site.pages)], strict=True):
        outputs = getattr(report, "outputs", None)
        at[id(page)] = (served(outputs[0]) if outputs else None) or f"(unpublished {page.path})"
    return lambda page: at[id(page)]


def built_pages(site: Site, plan_pages: list[object], built: Built) -> list[tuple[Page, str]]:
    """(page, built HTML) of every page MkDocs published (drafts the blog leaves out aside)."""
    out = []
    for page, report in zip(site.pages, plan_pages[: len(site.pages)], strict=True):
        outputs = getattr(report, "outputs", None)
        address = served(outputs[0]) if outputs else None
        if address is None or page.fields.get("draft") is True:
            continue
        text = built.html(address)
        if text is not None:
            out.append((page, text))
    return out


# -- the header, without a build ----------------------------------------------------------------


def _page(kind: str, body: str = "", **fields: object) -> Page:
    return Page(kind=kind, slug="x", path=f"{kind}/x/index.md", fields=dict(fields), body=body)


def test_event_header_shows_range_place_and_links() -> None:
    page = _page(
        "event",
        title="A talk",
        date=dt.datetime(2030, 6, 1, 13, 0),
        date_end="2030-06-03T17:00:00Z",
        event="Week",
        event_url="https://week.example.org",
        location="Field Station",
        address={"street": "Old Mill Road", "city": "Brenby", "postcode": "73012"},
        authors=["admin", "Ann Other"],
        url_slides="slides.pdf",
        doi="10.1/x",
        links=[{"name": "Programme", "url": "https://week.example.org/p"}],
        abstract="First line\nof the abstract.\n\n- a point",
    )
    site = Site(root=Path("."))
    facts = page_facts(page, site)

    def author(slug: str) -> tuple[str, str | None]:
        return ("Jo Example", "../../authors/admin/index.md") if slug == "admin" else (slug, None)

    head = blocks.header(page, facts, {"slides.pdf": "slides.pdf"}, author).head()
    assert "**Date:** 2030-06-01 to 2030-06-03" in head
    assert "**Event:** [Week](https://week.example.org)" in head
    assert "**Location:** Field Station, Old Mill Road, Brenby, 73012" in head
    assert "**Authors:** [Jo Example](../../authors/admin/index.md), Ann Other" in head
    assert "[Slides](slides.pdf){ .md-button }" in head
    assert "[DOI](https://doi.org/10.1/x){ .md-button }" in head
    assert "[Programme](https://week.example.org/p){ .md-button }" in head
    assert (
        '!!! abstract "Abstract"\n\n    First line\n    of the abstract.\n\n    - a point' in head
    )
    assert "title" not in head.lower().split("abstract")[0]  # Material shows the title


def test_a_field_the_table_adds_is_shown_by_its_kind_of_fact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page("publication", title="P", isbn="978-1", url_extra="https://e.example.org")
    facts = [Fact("isbn", "text", "978-1"), Fact("url_extra", "href", "https://e.example.org")]
    # a fact of a field the table does not list for the kind is not the writer's to show
    assert blocks.header(page, facts, {}, lambda a: (a, None)).head() == ""
    table = visible.theme_table()
    kinds = {**table["kinds"], "publication": [*table["kinds"]["publication"]]}
    kinds["publication"] += [
        {"field": "isbn", "show": "text"},
        {"field": "url_extra", "show": "href"},
    ]
    monkeypatch.setattr(visible, "theme_table", lambda: {**table, "kinds": kinds})
    parts = blocks.header(page, facts, {}, lambda a: (a, None))
    assert parts.meta == [("Isbn", "978-1")]
    assert parts.buttons == ["[Url extra](https://e.example.org){ .md-button }"]


def test_profile_shows_role_organizations_interests_and_education() -> None:
    page = _page(
        "author",
        title="Jo",
        role="Professor",
        organizations=[{"name": "Uni", "url": "https://uni.example.org"}, {"name": "Lab"}],
        interests=["Rivers", "Fish"],
        education={"courses": [{"course": "PhD", "institution": "Uni", "year": 2019}]},
    )
    parts = blocks.header(page, page_facts(page, Site(root=Path("."))), {}, lambda a: (a, None))
    assert parts.lead == ["Professor", "[Uni](https://uni.example.org)  \nLab"]
    assert parts.tail == ["## Interests\n\n- Rivers\n- Fish", "## Education\n\n- PhD, Uni, 2019"]


@pytest.mark.parametrize(
    ("body", "h1"),
    [
        ("# Intro\ntext", True),
        ("#Intro", True),
        ("Intro\n=====\n", True),
        ("> # quoted", True),
        ('<h1 class="x">Raw</h1>', True),
        ("## Only two", False),
        ("```sh\n# a comment\n```\n", False),
        ("~~~\n# a comment\n~~~\n## b", False),
        ("\n=====\n", False),
        ("text", False),
    ],
)
def test_has_h1_is_what_material_looks_for(body: str, h1: bool) -> None:
    assert blocks.has_h1(body) is h1


def test_body_only_takes_the_header_away() -> None:
    built = (
        '\n<h1 id="t">T<a class="headerlink" href="#t">x</a></h1>\n<div class="am-header">\n'
        '<p>m</p><div class="admonition abstract"><p>a</p></div>\n</div>\n<h1 id="b">B</h1>'
        '<p>body</p><div class="am-profile"><h2>I</h2></div>'
    )
    assert body_only(built, titled=True) == '\n\n<h1 id="b">B</h1><p>body</p>'
    assert body_only('<h1 id="b">B</h1><p>x</p>', titled=False) == '<h1 id="b">B</h1><p>x</p>'
    assert body_only("<h1>Home</h1><p>x</p>", titled=False) == "<p>x</p>"


def test_markdown_of_a_field_stays_inline() -> None:
    assert blocks.inline("- not a list") == "\\- not a list"
    assert blocks.inline("*Journal*, 12") == "*Journal*, 12"
    assert blocks.inline("1. Jahrgang") == "1\\. Jahrgang"
    assert blocks.inline("# no\nheading") == "\\# no heading"
    assert blocks.heading("C# {x} #") == "C\\# \\{x\\} \\#"


HEADED_SITE = {
    "config.yaml": "title: Lab\n",
    "content/authors/admin/_index.md": "---\ntitle: Jo Example\nrole: Professor\n---\nBio.\n",
    "content/post/with-h1/index.md": (
        "---\ntitle: The real title\ndate: 2021-01-02\nsubtitle: A subtitle\nauthors: [admin]\n"
        "url_pdf: https://pdf.example.org/a.pdf\n---\n# A heading of the body\n\nText.\n"
    ),
    "content/publication/p/index.md": (
        "---\ntitle: A paper\ndate: 2021-03-04\nauthors: [admin]\nabstract: We *found* it.\n"
        "publication_types: ['article-journal']\ncategories: [Rivers]\n---\n# Body heading\n"
    ),
    "content/docs/guide.md": "---\ntitle: Guide\nlastmod: 2022-02-03\n---\nRead me.\n",
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_written_header_and_its_way_back(tmp_path: Path) -> None:
    src = _write(tmp_path / "src", HEADED_SITE)
    result = convert(src, "mkdocs", out=tmp_path / "out")
    assert result.exit_code == 0
    post = (tmp_path / "out/docs/blog/posts/2021-01-02/with-h1.md").read_text("utf-8")
    body = post.split("\n---\n", 1)[1]
    # the title above the body's own heading; the blog shows date and authors itself
    assert body.startswith(
        '# The real title\n\n<div class="am-header" markdown>\n\n'
        "A subtitle\n{: .am-subtitle }\n\n[PDF](https://pdf.example.org/"
    )
    assert "**Date:**" not in body and "**Authors:**" not in body
    paper = (tmp_path / "out/docs/publication/p/index.md").read_text("utf-8").split("\n---\n")[1]
    assert paper.startswith(
        '# A paper\n\n<div class="am-header" markdown>\n\n'
        "**Authors:** [Jo Example](../../authors/admin/index.md)"
    )
    assert "**Type:** Journal article" in paper and "**Categories:** Rivers" in paper
    assert '!!! abstract "Abstract"\n\n    We *found* it.\n' in paper
    guide = (tmp_path / "out/docs/docs/guide/index.md").read_text("utf-8").split("\n---\n")[1]
    # the nav may name a page otherwise (its menu name): the title is the page's heading
    assert guide.startswith('# Guide\n\n<div class="am-header" markdown>\n\n**Last updated:** 2022')
    profile = (tmp_path / "out/docs/authors/admin/index.md").read_text("utf-8")
    assert profile.split("\n---\n")[1].startswith(
        '# Jo Example\n\n<div class="am-header" markdown>\n\nProfessor\n'
    )
    back = {p.path: p for p in read_site(tmp_path / "out").pages}
    assert back["post/with-h1/index.md"].body == "# A heading of the body\n\nText.\n"
    assert back["publication/p/index.md"].body == "# Body heading\n"
    assert roundtrip(src, "mkdocs").equal


@needs_mkdocs
@pytest.mark.engine
def test_headed_site_shows_every_fact(tmp_path: Path) -> None:
    """The check fails when a fact is hidden: the same site without the writer's header."""
    src = _write(tmp_path / "src", HEADED_SITE)
    site = read_site(src)
    result = convert(site, "mkdocs", out=tmp_path / "out")
    built = build(tmp_path / "out")
    assert built.returncode == 0, built.output[-2000:]
    pages = built_pages(site, result.plan.pages, built)
    assert len(pages) == 4
    seen = visible_problems("headed", site, pages, addresses(site, result.plan.pages))
    assert not seen.problems, seen.problems
    assert seen.facts["publication"] >= 6 and sum(seen.hidden.values()) == 0
    # what Material shows without the header: the checker notices
    bare = [
        (p, re.sub(r'<div class="admonition abstract">.*?</div>', "", t, flags=re.S))
        for p, t in pages
    ]
    bare = [(p, re.sub(r"<h1 id=[^>]*>.*?</h1>", "", t, flags=re.S)) for p, t in bare]
    problems = visible_problems("headed", site, bare).problems
    assert any("abstract" in p for p in problems)
    assert any("first <h1>" in p and "with-h1" in p for p in problems)
