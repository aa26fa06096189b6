"""Shortcuts in the site-level work of a plan (what the main process does alone, before and
after the workers) give the answers of the code they replace: `hugo_url` remembered for the
duration of a plan answers as it does when asked afresh, and never for another page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import posixpath
from collections.abc import Callable
from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.api import plan_conversion, read_site
from converter.body import links
from converter.conventions import KEEP_DIR
from converter.conventions.jekyll import collection_of
from converter.home import served_as
from converter.model import Page, Site
from converter.writers import jekyll_home
from tests.conftest import FIXTURES, corpus_id, corpus_roots


def _sites() -> list:
    roots = [FIXTURES / name for name in ("academic-v5-yaml", "hugoblox-2026", "multilingual")]
    return roots + corpus_roots()


@pytest.mark.parametrize("root", _sites(), ids=corpus_id)
def test_remembered_addresses_are_the_addresses(root) -> None:
    site = read_site(root, jobs=1)
    fresh = [links.hugo_url(page, site) for page in site.pages]
    with links.remembering():
        first = [links.hugo_url(page, site) for page in site.pages]
        again = [links.hugo_url(page, site) for page in site.pages]
        assert links._REMEMBERED is not None and len(links._REMEMBERED) == len(site.pages)
    assert first == again == fresh
    assert links._REMEMBERED is None  # forgotten after the plan


def test_a_remembered_address_is_for_that_page_and_site_only() -> None:
    site = read_site(FIXTURES / "academic-v5-yaml", jobs=1)
    page = next(p for p in site.pages if p.kind == "post")
    with links.remembering():
        before = links.hugo_url(page, site)
        twin = dataclasses.replace(page, fields={**page.fields, "url": "/elsewhere/"})
        assert links.hugo_url(twin, site) == "/elsewhere/"  # another object: asked afresh
        other = dataclasses.replace(
            site, params={**site.params, "permalinks": {"post": "/b/:slug/"}}
        )
        assert links.hugo_url(page, other).startswith("/b/")  # another site: asked afresh
        assert links.hugo_url(page, site) == before
        with links.remembering():  # nested: the same memory, not a new one
            assert links._REMEMBERED[id(page)][2] == before
    # outside a plan nothing is remembered: a changed page answers its new address
    page.fields["url"] = "/moved/"
    assert links.hugo_url(page, site) == "/moved/"


def test_a_plan_asks_each_address_once_and_plans_as_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import converter.api as api

    site = read_site(FIXTURES / "hugoblox-2026", jobs=1)
    asked: list[int] = []
    real = links._hugo_url

    def counted(page: Page, site_: Site) -> str:
        asked.append(id(page))
        return real(page, site_)

    monkeypatch.setattr(links, "_hugo_url", counted)
    remembered = plan_conversion(site, "jekyll", jobs=1)
    assert len(asked) == len(set(asked))  # each page's address worked out once
    asked.clear()
    monkeypatch.setattr(api, "remembering", contextlib.nullcontext)
    afresh = plan_conversion(site, "jekyll", jobs=1)
    assert len(asked) > 2 * len(site.pages)  # the same questions, asked again and again
    assert [(a.dest, a.content) for a in afresh.actions] == [
        (a.dest, a.content) for a in remembered.actions
    ]


def _collection_before(dest: str) -> str | None:
    """`collection_of` as it was, with a PurePosixPath per call."""
    first = PurePosixPath(dest).parts[0]
    if first.startswith("_") and first not in ("_pages", KEEP_DIR):
        return first[1:]
    return None


@given(
    st.lists(
        st.sampled_from(["_talks", "_pages", KEEP_DIR, "x.md", ".", "", "_", "a"]),
        min_size=1,
        max_size=4,
    ).map("/".join)
)
@settings(max_examples=300, deadline=None)
def test_collection_of_answers_as_purepath_did(dest: str) -> None:
    try:
        expected: object = _collection_before(dest)
    except IndexError as error:  # no first part at all: the same error
        expected = type(error)
    try:
        got: object = collection_of(dest)
    except IndexError as error:
        got = type(error)
    assert got == expected


def _section_address_before(site: Site, key: str, url_of: Callable[[Page], str]) -> object:
    """`jekyll_home.section_address` as it was: a scan of the pages per question."""
    page = next((p for p in site.pages if served_as(p.path) == key), None)
    if page is not None:
        url, lang = url_of(page), page.lang
    else:
        url, lang = "/" + key.strip("/") + "/" if key else "/", None
    if posixpath.basename(key) == "home":
        url = posixpath.dirname(url.rstrip("/")).rstrip("/") + "/"
    return url, lang


@pytest.mark.parametrize("root", _sites(), ids=corpus_id)
def test_section_addresses_from_the_index_are_the_scans(root) -> None:
    site = read_site(root, jobs=1)
    url_of = functools.partial(links.hugo_url, site=site)
    keys = [*site.sections, *(served_as(p.path) for p in site.pages), "nowhere", ""]
    with links.remembering():
        for key in keys:
            assert jekyll_home.section_address(site, key, url_of) == _section_address_before(
                site, key, url_of
            ), key


def test_the_first_page_served_at_an_address_answers_for_it() -> None:
    """Two pages Hugo serves at one address (a branch bundle and a file of the folder's name):
    the scan took the first, so the index does too."""
    base = read_site(FIXTURES / "academic-v5-yaml", jobs=1)
    first = Page(kind="page", slug="people", path="people/_index.md", bundle="branch", lang="en")
    second = Page(kind="page", slug="people", path="people.md", lang="fr")
    site = dataclasses.replace(base, pages=[first, second])
    url_of = functools.partial(links.hugo_url, site=site)
    with links.remembering():
        assert jekyll_home.section_address(site, "people", url_of)[1] == "en"
    assert _section_address_before(site, "people", url_of)[1] == "en"  # type: ignore[index]


def _listing_before(page: Page, site: Site, placement) -> str | None:  # type: ignore[no-untyped-def]
    """JekyllWriter._listing as it was: every page of the site asked, per section page."""
    folder = posixpath.dirname(page.path)
    counts: dict[str, int] = {}
    for other in site.pages:
        if other is page or not other.path.startswith(f"{folder}/"):
            continue
        name = collection_of(placement.dest(other))
        if name:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts and folder else None


@pytest.mark.parametrize("root", _sites(), ids=corpus_id)
def test_section_listings_from_the_folders_index_are_the_scans(root) -> None:
    from converter import fieldmap
    from converter.writers.jekyll import JekyllWriter

    site = read_site(root, jobs=1)
    writer = JekyllWriter()
    placement = writer.place(site, fieldmap.load("jekyll", []))
    for page in site.pages:  # every page, not only sections: the answer is the same question
        assert writer._listing(page, site, placement) == _listing_before(page, site, placement)


def test_a_tie_between_collections_goes_to_the_first_in_page_order() -> None:
    from converter import fieldmap
    from converter.writers.jekyll import JekyllWriter

    base = read_site(FIXTURES / "academic-v5-yaml", jobs=1)
    section = Page(kind="section", slug="mix", path="mix/_index.md", bundle="branch")
    talk = Page(kind="event", slug="t", path="mix/t.md", fields={"title": "T"})
    paper = Page(kind="publication", slug="p", path="mix/p.md", fields={"title": "P"})
    for order in ([section, talk, paper], [section, paper, talk]):
        site = dataclasses.replace(base, pages=order)
        writer = JekyllWriter()
        placement = writer.place(site, fieldmap.load("jekyll", []))
        got = writer._listing(section, site, placement)
        assert (
            got
            == _listing_before(section, site, placement)
            == collection_of(placement.dest(order[1]))
        )


@pytest.mark.parametrize("root", _sites(), ids=corpus_id)
def test_quarto_builds_each_home_once_and_none_while_pages_are_planned(root, monkeypatch) -> None:
    """A home a Hugo page holds was built twice (for the page's body, in a worker, and again
    for the menu's anchors), and reading every page of the site from a worker copied its
    memory; it is built once, before the pages, and the plan is the same."""
    from converter.writers.quarto import QuartoWriter

    site = read_site(root, jobs=1)
    before = plan_conversion(site, "quarto", jobs=1)
    built: list[tuple[str, str]] = []
    stage = ["before"]
    real_build, real_page, real_site = (
        QuartoWriter._build_home,
        QuartoWriter._page,
        QuartoWriter.site_actions,
    )

    def build(self, site_, wheres, dest, *args):  # type: ignore[no-untyped-def]
        built.append((stage[0], dest))
        return real_build(self, site_, wheres, dest, *args)

    def page(self, *args):  # type: ignore[no-untyped-def]
        stage[0] = "pages"
        return real_page(self, *args)

    def site_actions(self, *args):  # type: ignore[no-untyped-def]
        stage[0] = "site"
        return real_site(self, *args)

    monkeypatch.setattr(QuartoWriter, "_build_home", build)
    monkeypatch.setattr(QuartoWriter, "_page", page)
    monkeypatch.setattr(QuartoWriter, "site_actions", site_actions)
    after = plan_conversion(site, "quarto", jobs=1)
    dests = [d for _, d in built]
    assert len(dests) == len(set(dests)), built  # each home once
    assert not [b for b in built if b[0] == "pages"], built  # none by a page's planning
    assert [(a.dest, a.content) for a in after.actions] == [
        (a.dest, a.content) for a in before.actions
    ]


@pytest.mark.parametrize("root", _sites(), ids=corpus_id)
def test_mkdocs_renders_landing_sections_before_the_pages(root, monkeypatch) -> None:
    """The sections a Hugo page holds (a home page's widgets) read every page of the site;
    rendered by the worker that planned the page, they copied the site's memory. They are
    rendered once before the pages, with the same page, warnings and plan."""
    from converter.writers.mkdocs import MkDocsWriter

    site = read_site(root, jobs=1)
    before = plan_conversion(site, "mkdocs", jobs=1)
    stage = ["before"]
    rendered: list[str] = []
    real_sections, real_page = MkDocsWriter._home_sections, MkDocsWriter._page

    def sections(self, site_, placement, home, *args):  # type: ignore[no-untyped-def]
        rendered.append(stage[0])
        return real_sections(self, site_, placement, home, *args)

    def page(self, *args):  # type: ignore[no-untyped-def]
        stage[0] = "pages"
        return real_page(self, *args)

    real_site = MkDocsWriter.site_actions

    def site_actions(self, *args):  # type: ignore[no-untyped-def]
        stage[0] = "site"  # the pages of widget folders no Hugo page holds: made here
        return real_site(self, *args)

    monkeypatch.setattr(MkDocsWriter, "_home_sections", sections)
    monkeypatch.setattr(MkDocsWriter, "_page", page)
    monkeypatch.setattr(MkDocsWriter, "site_actions", site_actions)
    after = plan_conversion(site, "mkdocs", jobs=1)
    assert "pages" not in rendered
    assert [(a.dest, a.content) for a in after.actions] == [
        (a.dest, a.content) for a in before.actions
    ]
    assert [(r.source, r.warnings) for r in after.pages] == [
        (r.source, r.warnings) for r in before.pages
    ]
