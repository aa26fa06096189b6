"""What a visitor saw, a visitor sees (issue 17), on Quarto: every fact the Academic theme
showed on a page (converter.visible, from mappings/theme/visible.yaml) must be on the
converted page as Quarto would build it (tests/quarto_page.py: the title block, the page
navigation's links, the body as pandoc reads it).

The test fails on any hidden fact not listed in ALLOWED by (site, page path, field) with its
reason, and on a listed fact that has come to be shown (the list must not rot).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from converter import read_site
from converter.apply import apply
from converter.conventions import KEEP_DIR
from converter.conventions.quarto import served_url
from converter.model import Page, Site
from converter.registry import WriteOptions, get_writer
from converter.visible import Fact, hidden, page_facts
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_id, corpus_params
from tests.quarto_page import shown_pages

# (site, Hugo content path, fact field) -> why a visitor of the Quarto page does not see it
ALLOWED: dict[tuple[str, str, str], str] = {}
# every site measured in this run: name -> (facts, hidden facts listed in ALLOWED)
MEASURED: dict[str, tuple[int, int]] = {}


@dataclass
class Measure:
    facts: Counter[str] = field(default_factory=Counter)  # kind of fact -> how many
    hidden: dict[tuple[str, str], list[Fact]] = field(default_factory=dict)  # (path, field)

    def kinds_hidden(self) -> Counter[str]:
        return Counter(kind(f.field) for facts in self.hidden.values() for f in facts)


def kind(name: str) -> str:
    """`links[2]` -> `links`, `address.city` -> `address`: a fact's kind for the figures."""
    return name.split("[")[0].split(".")[0]


def measure(site: Site, out: Path) -> Measure:
    """Convert `site` to Quarto at `out`, then every page's facts against its built page."""
    plan = get_writer("quarto").plan(site, WriteOptions())
    apply(plan, out)
    dests = {p.source: p.outputs[0] for p in plan.pages if p.outputs and p.status != "failed"}
    pages = []
    for page in site.pages:
        source = page.source.path if page.source else f"{site.content_dir}/{page.path}"
        dest = dests.get(source)
        if dest is None or dest.startswith(f"{KEEP_DIR}/"):
            continue  # Hugo renders no page for it either (headless, widgets)
        pages.append((page, dest))
    shown = shown_pages(out, sorted({d for _, d in pages}))
    result = Measure()
    at = {id(page): served_url(dest) for page, dest in pages}

    def address(page: Page) -> str:  # where a linked page (a talk's slides) is on the site
        return at.get(id(page), f"(not published: {page.path})")

    for page, dest in pages:
        facts = page_facts(page, site, address)
        result.facts.update(kind(f.field) for f in facts)
        for fact in hidden(facts, shown[dest]):
            result.hidden.setdefault((page.path, fact.field), []).append(fact)
    return result


def check(name: str, found: Measure) -> None:
    listed = sum(len(v) for k, v in found.hidden.items() if (name, *k) in ALLOWED)
    MEASURED[name] = (sum(found.facts.values()), listed)
    unlisted = {k: v for k, v in found.hidden.items() if (name, *k) not in ALLOWED}
    stale = [k for k in ALLOWED if k[0] == name and k[1:] not in found.hidden]
    assert not unlisted, f"{name}: facts a visitor no longer sees: " + "; ".join(
        f"{path}: {', '.join(map(str, facts))}" for (path, _), facts in sorted(unlisted.items())
    )
    assert not stale, f"{name}: listed as hidden but shown now: {stale}"


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_site_shows_every_fact(name: str, tmp_path: Path) -> None:
    found = measure(read_site(FIXTURES / name), tmp_path / "out")
    assert sum(found.facts.values()) > 0
    check(name, found)


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_site_shows_every_fact(root: Path, tmp_path: Path) -> None:
    found = measure(read_site(root), tmp_path / "out")
    check(corpus_id(root), found)


def test_listed_facts_stay_under_one_percent(tmp_path: Path) -> None:
    """The named exceptions stay few: under 1% of the facts of every site measured in this run
    (the tests above run first; run alone, this measures the fixture sites)."""
    if not MEASURED:
        for name in FIXTURE_SITES:
            check(name, measure(read_site(FIXTURES / name), tmp_path / name))
    facts = sum(f for f, _ in MEASURED.values())
    listed = sum(n for _, n in MEASURED.values())
    assert facts > 0 and listed < 0.01 * facts, (listed, facts, MEASURED)


def test_the_emulated_page_shows_only_what_quarto_shows(tmp_path: Path) -> None:
    """The emulator counts a fact only where Quarto prints it: a front matter key no Quarto
    template shows (event, location, venue, image, citation, the keep record) is no text of
    the page, and the title block's keys are."""
    from tests.quarto_page import shown_pages

    page = tmp_path / "talks" / "x" / "index.qmd"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\ntitle: 2. Meeting\nevent: Zebra Days\nlocation: Quokka Hall\nvenue: Yak Fair\n"
        "citation: {container-title: Walrus Letters}\nimage: lynx.png\n"
        "hugo_academic: {path: Narwhal}\ndate: '2021-03-04'\ndoi: 10.1/xyz\n"
        "author: [{name: Ada, url: /ada/, affiliation: Uni}]\n"
        "other-links: [{text: PDF, href: a.pdf}]\n---\nBody with $\\alpha$.\n",
        encoding="utf-8",
    )
    [shown] = shown_pages(tmp_path).values()
    for absent in ("Zebra", "Quokka", "Yak", "Walrus", "lynx", "Narwhal"):
        assert not shown.has(Fact("x", "text", absent)), absent
    assert shown.has(Fact("title", "text", "2. Meeting"))  # a browser draws the list number
    assert shown.has(Fact("date", "date", "2021-03-04"))  # "March 4, 2021"
    assert shown.has(Fact("doi", "href", "https://doi.org/10.1/xyz"))
    assert shown.has(Fact("a", "text", "Ada")) and shown.has(Fact("a", "href", "/ada/"))
    assert shown.has(Fact("u", "text", "Uni")) and shown.has(Fact("l", "href", "a.pdf"))
    assert shown.has(Fact("m", "text", "alpha"))  # math left as TeX for MathJax
