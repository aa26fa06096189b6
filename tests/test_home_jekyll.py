"""What a home page showed, the Jekyll home page shows: every fact of every widget page and
landing page (converter/visible.py `home_facts`: section titles, the first words of texts,
the first items of lists, the first pages a listing listed, buttons, the biography's person)
is on the built page at the same address, or on a page of the same site one link from it.

Each fixture and corpus site is converted and built by the real Jekyll, with the writer's own
layouts (strict Liquid) and inside the academicpages template (`--jekyll-content-only`,
`error_mode: warn`, no Liquid Warning). A fact not shown fails the test unless ALLOWED names
it, by (site, page key, fact field), with its reason. The corpus checks run inside the builds
test_engine_jekyll.py (own layouts) and test_visible_jekyll.py (academicpages) already make.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from converter import convert
from converter.api import read_site
from converter.model import Site
from converter.visible import Fact, Shown, hidden, home_facts, shown_in_html, shown_in_text
from converter.writers.jekyll import permalink
from converter.writers.jekyll_home import section_address
from tests.conftest import FIXTURE_SITES, FIXTURES
from tests.engines import jekyll

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(not jekyll.available(), reason="jekyll is not installed (apt jekyll)"),
]

# (site, page key, fact field) -> why the built home page and its links do not show it
ALLOWED: dict[tuple[str, str, str], str] = {}


def _links(page_html: str) -> list[str]:
    from converter.shown import _Visible

    parser = _Visible()
    parser.feed(page_html)
    parser.close()
    return parser.hrefs


def _built(build: jekyll.Build, url: str) -> str | None:
    """The built page at `url` (an address of this site), if there is one."""
    path = unquote(urlsplit(url).path)
    for candidate in (path, path + "/" if not path.endswith("/") else path):
        if candidate in build.pages:
            return candidate
    return None


def seen_from(build: jekyll.Build, url: str) -> Shown | None:
    """What the page at `url` shows, with every page of the same site one link from it."""
    at = _built(build, url)
    if at is None:
        return None
    page = build.html(at)
    texts = [page]
    hrefs = _links(page)
    for href in hrefs:
        parts = urlsplit(urljoin(at, href))
        if parts.scheme or parts.netloc:
            continue
        other = _built(build, parts.path)
        if other and other != at:
            texts.append(build.html(other))
    shown = [shown_in_html(t) for t in texts]
    text = " ".join(s.text for s in shown)
    out = shown_in_text("", [h for s in shown for h in s.hrefs])
    out.text = f" {text} "
    for s in shown:
        out.days |= s.days
        out.months |= s.months
    return out


def check_home(
    name: str, site: Site, build: jekyll.Build, tally: list[int] | None = None
) -> list[str]:
    """Every home fact of every widget and landing page of `site` that `build` does not show
    on its page or one link away, and not in ALLOWED; an ALLOWED entry shown now too."""
    problems: list[str] = []
    for key in site.sections:
        facts = home_facts(site, key)
        if not facts:
            continue
        url, _ = section_address(site, key, lambda p: permalink(p, site))
        shown = seen_from(build, url)
        if tally is not None:
            tally[0] += len(facts)
        if shown is None:
            problems.append(f"[{key}] {url}: not built")
            continue
        missing: list[Fact] = hidden(facts, shown)
        if tally is not None:
            tally[1] += len(missing)
        for fact in missing:
            if (name, key, fact.field) not in ALLOWED:
                problems.append(f"[{key}] {url}: {fact} not shown")
        for site_name, where, field in ALLOWED:
            if site_name == name and where == key and not any(f.field == field for f in missing):
                problems.append(f"[{key}] {field} is shown now; unlist it from ALLOWED")
    return problems


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_home_pages_show_their_sections(name: str, tmp_path: Path) -> None:
    site = read_site(FIXTURES / name)
    result = convert(site, "jekyll", out=tmp_path / "site")
    assert result.exit_code == 0
    build = jekyll.build(tmp_path / "site", tmp_path / "_site")
    assert build.returncode == 0, build.log[-3000:]
    tally = [0, 0]
    assert not check_home(name, site, build, tally)
    assert tally[0] > 5, "the fixture's home page shows facts to check"


def test_fixture_home_pages_show_in_academicpages(tmp_path: Path) -> None:
    from tests.test_visible_jekyll import NO_THEME, academicpages

    if NO_THEME:
        pytest.skip(NO_THEME)
    for name in FIXTURE_SITES:
        site = read_site(FIXTURES / name)
        build, _ = academicpages(site, tmp_path / name)
        assert not check_home(name, site, build)


def test_a_missing_home_fact_fails(tmp_path: Path) -> None:
    """The check fails when the built home page lacks the sections (here: built empty)."""
    site = read_site(FIXTURES / "academic-v5-yaml")
    html = tmp_path / "index.html"
    html.write_text("<html><body><h1>nothing</h1></body></html>", encoding="utf-8")
    build = jekyll.Build(tmp_path, tmp_path, 0, "", {"/": html})
    problems = check_home("academic-v5-yaml", site, build)
    assert any("Recent Publications" in p for p in problems)
    assert any("Ines Varga" in p for p in problems)
