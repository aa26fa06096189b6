"""Memoised look-ups give what the code they replaced gave: a table's rules per page kind
(parsed once per table and kind), Quarto's listing globs (compiled once) and the MkDocs
writer's page facts (made once for a page's header and its report)."""

from __future__ import annotations

import re

import pytest

from converter import fieldmap, read_site, visible
from converter.body.links import LinkMap
from converter.fieldmap.table import Rule
from converter.writers import quarto_home
from converter.writers.mkdocs import MkDocsWriter
from tests.conftest import FIXTURES

TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]
KINDS = ["post", "publication", "talk", "project", "author", "section", "home", "page", "x"]


def _parsed(table: fieldmap.Table, kind: str) -> dict[str, Rule]:
    """Issue 22's `rules_for`: the specs parsed on every call."""
    specs = dict(table.data.get("fields") or {})
    specs.update((table.data.get("per_kind") or {}).get(kind, {}).get("fields") or {})
    return {name: Rule.parse(name, spec) for name, spec in specs.items()}


@pytest.mark.parametrize("target", TARGETS)
def test_rules_for_every_kind_as_parsed(target: str) -> None:
    table = fieldmap.load(target)
    for kind in KINDS:
        want = _parsed(table, kind)
        first = table.rules_for(kind)
        assert first == want and list(first) == list(want)
        first.clear()  # a caller's change to its dict is its own
        assert table.rules_for(kind) == want
    if not target.startswith("hugo"):  # a table of rules, so the comparison compared some
        assert _parsed(table, "post")


def test_rules_differ_by_kind() -> None:
    """The cache is per kind: a kind's own rules are not another's."""
    table = fieldmap.load("jekyll")
    rules = {kind: table.rules_for(kind) for kind in KINDS}
    assert any(rules[k] != rules["x"] for k in KINDS)


GLOBS = ["posts/*/index.qmd", "a.b/*/c+d.qmd", "*/x.qmd", "p[1]/*/(y).qmd"]
PATHS = ["posts/a/index.qmd", "posts/a/b/index.qmd", "a.b/z/c+d.qmd", "axb/z/c+d.qmd"]
PATHS += ["q/x.qmd", "/x.qmd", "p[1]/k/(y).qmd", "p1/k/(y).qmd", "posts//index.qmd"]


@pytest.mark.parametrize("glob", GLOBS)
def test_glob_match_as_compiled_each_time(glob: str) -> None:
    hits = 0
    for path in PATHS:
        pattern = "".join("[^/]*" if ch == "*" else re.escape(ch) for ch in glob)
        want = re.fullmatch(pattern, path) is not None
        assert quarto_home._glob_match(glob, path) is want, (glob, path)
        hits += want
    assert hits  # each glob matches something, so the comparison compares both answers


@pytest.mark.parametrize("name", ["academic-v5-yaml", "academic-v2-toml", "hugoblox-2026"])
def test_mkdocs_page_facts_as_visible_makes_them(name: str) -> None:
    """The MkDocs writer keeps the last page's facts for its report: the same list as
    `visible.page_facts`, for the same page only, and a caller's change stays its own."""
    site = read_site(FIXTURES / name)
    links = LinkMap.build(site, lambda p: "/new/" + p.path)
    writer = MkDocsWriter()
    some = 0
    for page in site.pages:
        want = visible.page_facts(page, site, links.new_url)
        first = writer.page_facts(page, site, links)
        assert first == want
        first.clear()
        assert writer.page_facts(page, site, links) == want
        some += bool(want)
    assert some  # the fixture's pages have facts, so the lists compared held some
    other = LinkMap.build(site, lambda p: "/other/" + p.path)
    page = next(p for p in site.pages if visible.page_facts(p, site, other.new_url))
    writer.page_facts(page, site, links)
    assert writer.page_facts(page, site, other) == visible.page_facts(page, site, other.new_url)
