"""Memoised look-ups give what the code they replaced gave: a table's rules per page kind
(parsed once per table and kind) and Quarto's listing globs (compiled once)."""

from __future__ import annotations

import re

import pytest

from converter import fieldmap
from converter.fieldmap.table import Rule
from converter.writers import quarto_home

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
