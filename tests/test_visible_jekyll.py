"""What a visitor saw, a visitor sees: every fact the Academic theme showed on a page
(converter/visible.py, mappings/theme/visible.yaml) is on the page Jekyll builds from the
conversion, with the writer's own layouts and inside the real academicpages template.

Each fixture site and corpus site is converted, built by the real Jekyll, and each published
page read as its visitor reads it (`shown_in_html`). A hidden fact fails the test unless
ALLOWED names it, by (site, page path, field), with its reason. The own-layout check of the
corpora runs in test_engine_jekyll.py, inside the build it already makes.

academicpages' includes fail strict Liquid (its README-THEME.md), so that build runs with
`error_mode: warn` and `strict_filters: true`, and any "Liquid Warning" fails it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from converter import convert
from converter.api import read_site
from converter.conventions.jekyll import collection_of
from converter.model import Page, Site
from converter.visible import Fact, hidden, page_facts, shown_in_html
from tests.conftest import FIXTURE_SITES, FIXTURES, SHARED, SHARED_ABSENT, corpus_id, corpus_params
from tests.engines import jekyll
from tests.test_engine_jekyll import _published, _served_at

THEME = SHARED / "themes" / "academicpages" if SHARED else None
NO_THEME = (
    f"the academicpages template is not there ({SHARED_ABSENT or f'no {THEME}'})"
    if THEME is None or not THEME.is_dir()
    else ""
)
needs_theme = pytest.mark.skipif(bool(NO_THEME), reason=NO_THEME or "template present")

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(not jekyll.available(), reason="jekyll is not installed (apt jekyll)"),
]

_LIST_TITLE = (
    "shown: academicpages' layouts (and ours, which print the same) pass the title through "
    "markdownify, so a title opening with '2. ' is an ordered list numbered 2; the number is "
    "the list marker, which a page's text does not hold"
)
# (site, page path, field) -> why the built page does not show that fact
ALLOWED: dict[tuple[str, str, str], str] = {
    ("mkalz__kalzcc-hugoblox", "events/akmd25/index.md", "title"): _LIST_TITLE,
    ("mkalz__kalzcc-hugoblox", "events/akmd26/index.md", "title"): _LIST_TITLE,
    ("mkalz__kalzcc-hugoblox", "events/medida24/index.md", "title"): _LIST_TITLE,
}


class Tally:
    """Facts and hidden facts, by kind of page and field, of one build."""

    def __init__(self) -> None:
        self.facts: Counter[str] = Counter()
        self.hidden: Counter[str] = Counter()


def field_of(fact: Fact) -> str:
    """`links` for `links[1]`, `address` for `address.city`."""
    return re.split(r"[\[.]", fact.field)[0]


def kind_of(page: Page, fact: Fact) -> str:
    return f"{page.kind}/{field_of(fact)}"


def check(
    name: str,
    site: Site,
    build: jekyll.Build,
    only: set[str] | None = None,
    tally: Tally | None = None,
) -> list[str]:
    """Every fact of every published page (of `only`, source paths, when given) that the
    built page does not show and ALLOWED does not name; an ALLOWED entry shown now is one
    too (take it off the list)."""
    tally = tally or Tally()
    problems: list[str] = []
    urls = Counter(_served_at(p, site) for p in site.pages if _published(p))
    for page in site.pages:
        url = _served_at(page, site)
        if not _published(page) or urls[url] > 1:
            continue  # two pages on one address: Hugo too shows only one of them
        if only is not None and (page.source.path if page.source else "") not in only:
            continue
        facts = page_facts(page, site, lambda p: _served_at(p, site))
        if not facts:
            continue
        if url not in build.pages:
            problems.append(f"{page.path}: not built at {url}")
            continue
        shown = shown_in_html(build.html(url))
        missing = hidden(facts, shown)
        for fact in facts:
            tally.facts[kind_of(page, fact)] += 1
        for fact in missing:
            field = field_of(fact)
            tally.hidden[kind_of(page, fact)] += 1
            if (name, page.path, field) not in ALLOWED:
                problems.append(f"{page.path} ({url}): {fact} not shown")
        for site_name, path, field in ALLOWED:
            listed = site_name == name and path == page.path
            if listed and not any(field_of(f) == field for f in missing):
                problems.append(f"{path}: {field} is shown now; unlist it from ALLOWED")
    return problems


def academicpages(site: Site, tmp: Path) -> tuple[jekyll.Build, set[str]]:
    """`--jekyll-content-only` output of `site` built inside a copy of academicpages; with the
    source paths of the pages it holds."""
    result = convert(site, "jekyll", out=tmp / "content", content_only=True)
    assert result.exit_code == 0, [p.error for p in result.plan.failed]
    build = jekyll.build_academicpages(THEME or Path(), tmp / "content", tmp)
    assert build.returncode == 0, build.log[-3000:]
    assert not jekyll.liquid_warnings(build), jekyll.liquid_warnings(build)[:10]
    only = {a.origin for a in result.plan.actions if a.origin and collection_of(a.dest)}
    return build, only


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_pages_show_what_academic_showed(name: str, tmp_path: Path) -> None:
    site = read_site(FIXTURES / name)
    result = convert(site, "jekyll", out=tmp_path / "site")
    assert result.exit_code == 0
    own = jekyll.build(tmp_path / "site", tmp_path / "_site")
    assert own.returncode == 0, own.log[-3000:]
    tally = Tally()
    assert not check(name, site, own, tally=tally)
    assert sum(tally.facts.values()) > 20, "the fixture shows facts to check"


@needs_theme
@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_pages_show_in_academicpages(name: str, tmp_path: Path) -> None:
    site = read_site(FIXTURES / name)
    build, only = academicpages(site, tmp_path)
    assert not check(name, site, build, only)


@needs_theme
@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_pages_show_in_academicpages(root: Path, tmp_path: Path) -> None:
    site = read_site(root)
    build, only = academicpages(site, tmp_path)
    problems = check(corpus_id(root), site, build, only)
    assert not problems, f"{len(problems)} hidden: {problems[:20]}"
    # and what its home page showed, on the home page or one link from it (test_home_jekyll.py)
    from tests.test_home_jekyll import check_home

    home = check_home(corpus_id(root), site, build)
    assert not home, f"{len(home)} home facts not shown: {home[:20]}"


def test_a_missing_fact_fails(tmp_path: Path) -> None:
    """The check fails when the built page lacks a fact (here: a page built empty)."""
    src = FIXTURES / "academic-v2-toml"
    site = read_site(src)
    page = next(p for p in site.pages if p.kind == "publication" and _published(p))
    url = _served_at(page, site)
    html = tmp_path / "index.html"
    html.write_text("<html><body><h1>nothing</h1></body></html>", encoding="utf-8")
    build = jekyll.Build(tmp_path, tmp_path, 0, "", {url: html})
    problems = check("academic-v2-toml", site, build, {page.source.path if page.source else ""})
    assert any("title" in p for p in problems) and any("abstract" in p for p in problems)
