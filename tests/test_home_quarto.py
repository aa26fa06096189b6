"""The home page and the other widget and landing pages (issue 18), on Quarto: every fact
such a page showed on the Hugo site (converter.visible.home_facts: each section's title, the
first words of its text, its first items, the first pages a listing listed, its buttons, the
biography's person) must be shown by the converted page at the same address, as Quarto would
build it (tests/quarto_page.py), or by a page one link away from it.

The test fails on any fact not shown and not listed in ALLOWED by (site, page, field) with its
reason, on a listed fact that has come to be shown, and when no page is at the address.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from converter import read_site
from converter.apply import apply
from converter.model import Section, Site
from converter.registry import WriteOptions, get_writer
from converter.visible import Fact, home_facts, shown_in_html
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_id, corpus_params
from tests.quarto_page import build_pages, page_files

# (site, widget page, fact field) -> why a visitor of the Quarto site does not see it
ALLOWED: dict[tuple[str, str, str], str] = {}
# every site measured in this run: name -> (facts, facts shown, hidden facts listed)
MEASURED: dict[str, tuple[int, int, int]] = {}


def address(site: Site, where: str) -> str:
    """The project file Quarto serves at the address Hugo served the widget page `where` at
    (`home` and `` at `/`, a language's home at `/<lang>/` unless it is the default)."""
    langs = {p.lang for p in site.pages if p.lang}
    default = str(site.params.get("defaultContentLanguage", "en"))
    in_subdir = bool(site.params.get("defaultContentLanguageInSubdir", False))
    parts = where.split("/") if where else []
    lang = parts[0] if parts and parts[0] in langs else None
    rest = parts[1:] if lang else parts
    if rest == ["home"]:
        rest = []
    if lang and (lang != default or in_subdir):
        rest = [lang, *rest]
    return "/".join([*rest, "index.qmd"])


def linked(rel: str, href: str, pages: set[str]) -> str | None:
    """The page of the site a link of page `rel` goes to, if any."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    path = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(rel), path)
    path = posixpath.normpath(path)
    candidates = [path, path + "/index.qmd", posixpath.join(path, "index.qmd")]
    if path.endswith(".html"):
        candidates.insert(0, path[:-5] + ".qmd")
    if path == ".":
        candidates = ["index.qmd"]
    return next((c for c in candidates if c in pages and c != rel), None)


def measure(site: Site, out: Path) -> dict[str, tuple[list[Fact], list[Fact]]]:
    """Convert `site` to Quarto at `out`; per widget page: (its facts, the facts not shown on
    its page or one link away)."""
    apply(get_writer("quarto").plan(site, WriteOptions()), out)
    pages = {f.relative_to(out).as_posix() for f in page_files(out)}
    result: dict[str, tuple[list[Fact], list[Fact]]] = {}
    for where in site.sections:
        facts = home_facts(site, where)
        rel = address(site, where)
        assert rel in pages, f"{where}: no page at {rel}"
        [home_html] = build_pages(out, [rel]).values()
        home = shown_in_html(home_html)
        near = sorted({p for h in home.hrefs if (p := linked(rel, h, pages))})
        shown = [home, *(shown_in_html(h) for h in build_pages(out, near).values())]
        result[where] = (facts, [f for f in facts if not any(s.has(f) for s in shown)])
    return result


def check(name: str, found: dict[str, tuple[list[Fact], list[Fact]]]) -> None:
    hidden = {(where, f.field): f for where, (_, h) in found.items() for f in h}
    total = sum(len(facts) for facts, _ in found.values())
    listed = sum(1 for k in hidden if (name, *k) in ALLOWED)
    MEASURED[name] = (total, total - len(hidden), listed)
    unlisted = {k: f for k, f in hidden.items() if (name, *k) not in ALLOWED}
    stale = [k for k in ALLOWED if k[0] == name and k[1:] not in hidden]
    assert not unlisted, f"{name}: home facts a visitor no longer sees: " + "; ".join(
        f"{where}: {fact}" for (where, _), fact in sorted(unlisted.items())
    )
    assert not stale, f"{name}: listed as hidden but shown now: {stale}"


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_home_pages_show_every_fact(name: str, tmp_path: Path) -> None:
    site = read_site(FIXTURES / name)
    found = measure(site, tmp_path / "out")
    assert found and sum(len(f) for f, _ in found.values()) > 0
    check(name, found)


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_home_pages_show_every_fact(root: Path, tmp_path: Path) -> None:
    check(corpus_id(root), measure(read_site(root), tmp_path / "out"))


def test_listed_home_facts_stay_under_one_percent(tmp_path: Path) -> None:
    """The named exceptions stay few: under 1% of the home facts of every site measured in
    this run (run alone, this measures the fixture sites)."""
    if not MEASURED:
        for name in FIXTURE_SITES:
            check(name, measure(read_site(FIXTURES / name), tmp_path / name))
    facts = sum(f for f, _, _ in MEASURED.values())
    listed = sum(n for _, _, n in MEASURED.values())
    assert facts > 0 and listed < 0.01 * facts, (listed, facts, MEASURED)


def test_a_section_left_out_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a writer that leaves the contact section out (its title and words
    on no page) is caught, naming the facts."""
    from converter.writers import quarto_home

    site = read_site(FIXTURES / "academic-v5-yaml")
    assert measure(site, tmp_path / "good")["home"][1] == []
    build = quarto_home.HomeBuilder.section

    def without_contact(
        self: quarto_home.HomeBuilder, section: Section, sid: str
    ) -> tuple[str, dict[str, Any] | None]:
        return ("", None) if section.kind == "contact" else build(self, section, sid)

    monkeypatch.setattr(quarto_home.HomeBuilder, "section", without_contact)
    found = measure(site, tmp_path / "bad")
    assert {f.field for f in found["home"][1]} == {"contact.title", "contact.text"}
    with pytest.raises(AssertionError, match=r"contact\.title"):
        check("academic-v5-yaml (contact left out)", found)
    MEASURED.pop("academic-v5-yaml (contact left out)", None)


def test_menu_anchors_go_to_the_sections(tmp_path: Path) -> None:
    """Menu entries to home-page anchors (`#about`, `#publications`) go to the home page's
    section that holds them now: the biography is the page itself."""
    from converter.frontmatter import load

    out = tmp_path / "out"
    apply(get_writer("quarto").plan(read_site(FIXTURES / "academic-v5-yaml"), WriteOptions()), out)
    config, _ = load("yaml", (out / "_quarto.yml").read_text("utf-8"))
    hrefs = {i["text"]: i["href"] for i in config["website"]["navbar"]["left"]}
    assert hrefs["Home"] == "index.qmd"
    assert hrefs["Publications"] == "index.qmd#publications"
    assert hrefs["Contact"] == "index.qmd#contact"
    body = (out / "index.qmd").read_text("utf-8")
    assert "{#publications}" in body and "{#contact}" in body


def test_listings_people_and_languages(tmp_path: Path) -> None:
    """A filtered listing names the pages it picked, an unfiltered one the folder globs; a
    people block lists the profiles of each group, linked to their pages; a language's home
    page is in the language's folder, with a link to the other language's."""
    from converter.pages import parse_page
    from converter.roundtrip import roundtrip

    out = tmp_path / "blox"
    apply(get_writer("quarto").plan(read_site(FIXTURES / "hugoblox-2026"), WriteOptions()), out)
    listings = {e["id"]: e for e in parse_page((out / "index.qmd").read_bytes()).data["listing"]}
    assert listings["listing-papers"]["contents"] == [
        "publications/hybrid-lstm-routing/index.qmd"  # featured only
    ]
    assert listings["listing-section-4"]["contents"] == ["publications/*/index.qmd"]
    assert listings["listing-section-4"]["max-items"] == 5

    root = tmp_path / "lab"
    files = {
        "config.yaml": "title: Lab\n",
        "content/authors/ada/_index.md": "---\ntitle: Ada\nrole: PI\nuser_groups: [Leads]\n---\n",
        "content/authors/bo/_index.md": "---\ntitle: Bo\nuser_groups: [Students]\n---\n",
        "content/people/index.md": (
            "---\ntitle: People\ntype: landing\nsections:\n  - block: people\n    content:\n"
            "      title: Meet the Team\n      user_groups: [Leads, Students]\n---\n"
        ),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    lab = tmp_path / "lab-out"
    apply(get_writer("quarto").plan(read_site(root), WriteOptions()), lab)
    body = parse_page((lab / "people/index.qmd").read_bytes()).split.body
    assert "## Meet the Team {#section-1}" in body
    assert "### Leads\n\n- [Ada](../authors/ada/index.qmd), PI" in body
    assert "### Students\n\n- [Bo](../authors/bo/index.qmd)" in body
    trip = roundtrip(root, "quarto")  # the landing page's sections are Quarto's, not Hugo's
    assert trip.equal, [(p.source, p.differences) for p in trip.pages if not p.equal]

    multi = tmp_path / "multi"
    apply(get_writer("quarto").plan(read_site(FIXTURES / "multilingual"), WriteOptions()), multi)
    ja = (multi / "ja/index.qmd").read_text("utf-8")
    assert "../posts/*/index.ja.qmd" in ja and "index.en.qmd" not in ja  # its own language
    assert "[English](../index.qmd)" in ja and "[日本語](ja/index.qmd)" in (
        multi / "index.qmd"
    ).read_text("utf-8")
