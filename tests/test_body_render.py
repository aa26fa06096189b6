"""Shortcodes in each target's idiom, against outputs written by hand from the targets' docs."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from converter.body.render import BodyRules, render_body
from converter.tables import load_table
from tests.conftest import FIXTURES

CASES = YAML(typ="safe").load((FIXTURES / "bodies" / "cases.yaml").read_text(encoding="utf-8"))
TARGETS = ["quarto", "mkdocs", "jekyll"]


def rules(target: str) -> BodyRules:
    return BodyRules.from_table(target, load_table(target).get("body"))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shortcode_in_target_idiom(case, target):
    assert render_body(case["input"], rules(target)).text == case[target]


@pytest.mark.parametrize("target", TARGETS)
def test_unknown_shortcodes_are_reported(target):
    out = render_body(
        '{{< project-publications p="a" >}} and {{< googlePdfReader x >}}', rules(target)
    )
    assert out.unknown == ["project-publications", "googlePdfReader"]
    assert any("unknown shortcode 'googlePdfReader'" in w for w in out.warnings)


def test_links_resolve_through_the_site_map_or_stay_text():
    known = {"../other/index.md": "../other/"}
    out = render_body(
        '[A]({{< relref "../other/index.md" >}}) and [B]({{< ref "gone.md" >}})',
        rules("quarto"),
        known.get,
    )
    assert out.text == "[A](../other/) and [B](gone.md)"
    assert any("ref to 'gone.md': no such page" in w for w in out.warnings)


def test_every_case_covers_every_target():
    for case in CASES:
        assert set(TARGETS) <= case.keys(), case["name"]


QUARTO_OWN = {
    "video",
    "include",
    "embed",
    "meta",
    "var",
    "env",
    "pagebreak",
    "kbd",
    "lipsum",
    "placeholder",
    "contents",
    "version",
}


def quarto_calls_left(text: str) -> set[str]:
    """Shortcode names Quarto would execute: outside `shortcodes="false"` fences, not `{{{<`."""
    import re

    text = re.sub(r'```\{[^}\n]*shortcodes="false"[^}\n]*\}.*?```', "", text, flags=re.DOTALL)
    return set(re.findall(r"(?<!\{)\{\{<\s*/?\s*([\w-]+)", text))


def liquid_left(text: str) -> list[str]:
    """`{{` or `{%` that Liquid would read (anything outside raw ... endraw)."""
    import re

    outside = re.sub(r"\{% raw %\}.*?\{% endraw %\}", "", text, flags=re.DOTALL)
    return re.findall(r".{0,30}(?:\{\{|\{%).{0,30}", outside)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "root", __import__("tests.conftest", fromlist=["corpus_params"]).corpus_params()
)
def test_corpus_bodies_leave_nothing_a_target_would_misread(root):
    from converter import read_site

    site = read_site(root)
    quarto, jekyll, mkdocs = rules("quarto"), rules("jekyll"), rules("mkdocs")
    known = set(quarto.shortcodes)
    for page in site.pages:
        q = render_body(page.body, quarto, lambda ref: ref)
        assert quarto_calls_left(q.text) <= QUARTO_OWN, page.path
        assert not set(q.unknown) & known, page.path
        j = render_body(page.body, jekyll, lambda ref: ref)
        assert liquid_left(j.text) == [], page.path
        m = render_body(page.body, mkdocs, lambda ref: ref)
        assert m.unknown == q.unknown == j.unknown, page.path


@pytest.mark.parametrize(
    "site_name", ["academic-v5-yaml", "hugoblox-2026", "academic-v2-toml", "multilingual"]
)
def test_fixture_bodies_leave_nothing_a_target_would_misread(site_name):
    from converter import read_site

    for page in read_site(FIXTURES / site_name).pages:
        assert (
            quarto_calls_left(render_body(page.body, rules("quarto"), lambda r: r).text)
            <= QUARTO_OWN
        )
        assert liquid_left(render_body(page.body, rules("jekyll"), lambda r: r).text) == []
