"""Shortcuts in the site-level work of a plan (what the main process does alone, before and
after the workers) give the answers of the code they replace: `hugo_url` remembered for the
duration of a plan answers as it does when asked afresh, and never for another page.
"""

from __future__ import annotations

import contextlib
import dataclasses

import pytest

from converter.api import plan_conversion, read_site
from converter.body import links
from converter.model import Page, Site
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
