"""Converted sites built by the real Jekyll (Debian's 4.3) with strict Liquid and front matter.

For every fixture site and every corpus site: the conversion builds, every page Hugo would
publish is published at its old Hugo address, and the built page of every talk and publication
shows its title, date, event or venue, and working slides and PDF links.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from converter import convert
from converter.body.fidelity import check_bodies
from converter.body.links import hugo_url
from converter.model import Page, Site
from converter.writers import jekyll_blocks as blocks
from converter.writers.jekyll_home import section_address
from converter.writers.target import hidden
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_params, small_hugo_site
from tests.engines import jekyll

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(not jekyll.available(), reason="jekyll is not installed (apt jekyll)"),
]


def _served_at(page: Page, site: Site) -> str:
    """The Hugo address, less what Jekyll cannot serve: its URL#sanitize_url drops the dots
    that end a folder name (Hugo title slugs such as `/talk/on-ai./`)."""
    return re.sub(r"\.+/", "/", hugo_url(page, site))


def _published(page: Page) -> bool:
    return not hidden(page) and page.fields.get("draft") is not True


def _date_text(page: Page) -> str | None:
    value = page.fields.get("date")
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, dt.date):
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)  # the site is built in UTC
    if page.kind == "publication" and "publication" in page.fields:
        return f"{value:%B} {value:%Y}"  # "Published in <venue>, <year>" + the facts block
    return f"{value:%B %d, %Y}"  # academicpages' layouts print "%B %d, %Y"


def _link_works(build: jekyll.Build, page_url: str, href: str) -> bool:
    """An absolute URL (another site), or a path that exists in the built site."""
    if urlsplit(href).scheme in ("http", "https", "mailto"):
        return True
    path = urlsplit(urljoin(page_url, href)).path
    target = build.out / path.lstrip("/")
    return target.is_file() or (target / "index.html").is_file()


def _works_in_hugo(site: Site, page: Page, value: str) -> bool:
    """Whether the link worked in the Hugo site: a URL, a bundle file, a static file, a page.
    (The corpora hold content and config only, so some point at static files not there.)"""
    if urlsplit(value).scheme:
        return True
    if value in {r.name for r in page.resources}:
        return True
    path = urlsplit(value).path.strip("/")
    if f"static/{path}" in site.files:
        return True
    return any(hugo_url(p, site).strip("/") == path for p in site.pages)


# Corpus pages whose built body reads differently from the Hugo body (fidelity.py, read as
# MathJax reads kramdown's output), each with its reason. Most are pages where Goldmark shows
# broken Markdown and kramdown shows what the author meant; the test fails when any other
# page differs, and when a listed page reads the same again (take it off the list).
_SPACES = "an image address with spaces: Goldmark shows the Markdown as text, kramdown the image"
_TABS = (
    "tabs mixed with spaces in code: Goldmark keeps the tab (8 columns in a browser), kramdown "
    "expands it to 4-column stops, so the lines nest differently"
)
_FENCE_IN_HTML = (
    "a fence right under an HTML line is inside Goldmark's HTML block (Hugo shows the "
    "backticks as text); kramdown shows the code"
)
JEKYLL_KNOWN_DIFFERENCES = {
    ("EckoTan0804__academic-kickstart", "ai/pytorch/dl-with-pytorch/p1ch8.md"): _SPACES,
    ("EckoTan0804__academic-kickstart", "notes/rechner-struktur/notes-from-RO/cache.md"): _SPACES,
    (
        "EckoTan0804__academic-kickstart",
        "notes/telematics/understanding/control_vs_data_plane.md",
    ): _SPACES,
    (
        "EckoTan0804__academic-kickstart",
        "ai/pytorch/getting-started/learn-pytorch-with-example.md",
    ): _TABS,
    (
        "EckoTan0804__academic-kickstart",
        "cs/software-engineering/design-patterns/SOLID-principles.md",
    ): _TABS,
    (
        "EckoTan0804__academic-kickstart",
        "cs/software-engineering/implementing-high-quality-systems/clean-code.md",
    ): _TABS,
    (
        "EckoTan0804__academic-kickstart",
        "notes/telematics/lecture-notes/07-internet_congestion_control.md",
    ): (
        "a list indented 4 columns past its item after a blank line is an indented code block "
        "to CommonMark (Hugo shows the source), a nested list to kramdown"
    ),
    ("paul-dickman__starter-academic", "sastips/missing.md"): _FENCE_IN_HTML,
    ("paul-dickman__starter-academic", "sastips/quintiles.md"): _FENCE_IN_HTML,
    ("ianruginski__academic-kickstart", "post/basictimemodeling.markdown"): (
        "a `<br>` line after a blank line opens an HTML block to CommonMark that runs to the "
        "next blank line (Hugo shows the `## heading` and the `[link](url)` under it as text); "
        "kramdown shows a heading and a link"
    ),
}
FACTS_END = blocks.END
BODY = re.compile(r'<div class="page-body">\n(.*?)\n  </div><!-- /page-body -->', re.DOTALL)


def differing_bodies(site: Site, build: jekyll.Build) -> list[str]:
    """Pages whose built body a reader sees differently from the Hugo body (fidelity.py):
    text, headings, list depth, links, images, code, tables, math as MathJax reads it."""
    pages, built = [], []
    urls = Counter(_served_at(p, site) for p in site.pages if _published(p))
    # a widget or landing page's address holds the page the writer made of its sections
    # (test_home_jekyll.py checks what it shows)
    homes = {section_address(site, k, lambda p: _served_at(p, site))[0] for k in site.sections}
    for page in site.pages:
        url = _served_at(page, site)
        if urls[url] > 1 or url in homes:
            continue  # two pages with one address (one title): Hugo too shows only one of them
        if _published(page) and url in build.pages:
            m = BODY.search(build.html(url))
            if m:
                pages.append(page)
                # the page's own text: what follows the facts block (jekyll_blocks.py)
                built.append(m.group(1).split(FACTS_END, 1)[-1])
    results = check_bodies(
        [p.body for p in pages], built, "html+tex_math_single_backslash", site.math_passthrough
    )
    return [p.path for p, r in zip(pages, results, strict=True) if not r.ok]


def check_site(src: Path, tmp: Path) -> tuple[Site, jekyll.Build]:
    result = convert(src, "jekyll", out=tmp / "site")
    assert result.exit_code == 0, [p.error for p in result.plan.failed]
    build = jekyll.build(tmp / "site", tmp / "_site")
    assert build.returncode == 0, build.log[-3000:]
    site = result.site
    missing = [
        _served_at(p, site)
        for p in site.pages
        if _published(p) and _served_at(p, site) not in build.pages
    ]
    assert not missing, f"pages Hugo publishes that Jekyll did not: {missing[:10]}"
    urls = [_served_at(p, site) for p in site.pages if _published(p)]
    for page in site.pages:
        if page.kind not in ("event", "publication") or not _published(page):
            continue
        if urls.count(_served_at(page, site)) > 1:
            continue  # two pages with one address (same title slug): Hugo too keeps only one
        url = _served_at(page, site)
        markup = build.html(url)
        text = jekyll.visible(markup)
        title = str(page.fields.get("title", ""))
        assert " ".join(title.split()) in text, f"{url}: title {title!r} not shown"
        when = _date_text(page)
        if when:
            assert when in text, f"{url}: date {when!r} not shown"
        venue = page.fields.get("event" if page.kind == "event" else "publication")
        if isinstance(venue, dict):
            venue = venue.get("name")  # Hugo Blox: publication: {name: ..., volume: ...}
        if isinstance(venue, str) and venue.strip():
            plain = " ".join(re.sub(r"[*_]", "", venue).split())
            assert plain in re.sub(r"[*_]", "", text), f"{url}: venue {venue!r} not shown"
        for field, label in (("url_slides", "Slides"), ("url_pdf", "PDF")):
            value = page.fields.get(field)
            if isinstance(value, str) and value.strip() and value.strip() != "#":
                m = re.search(rf'<a href="([^"]+)" class="btn btn--inverse">{label}</a>', markup)
                assert m, f"{url}: no {label} button for {field}"
                if _works_in_hugo(site, page, value):
                    assert _link_works(build, url, m.group(1)), f"{url}: {field} link is broken"
    return site, build


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_sites_build_with_strict_liquid(name: str, tmp_path: Path) -> None:
    site, build = check_site(FIXTURES / name, tmp_path)
    # the one fixture page that reads differently keeps its speaker notes out of the page,
    # as Hugo's slides do (they show in the speaker view only)
    allowed = {"slides/edna-workshop/index.md"} if name == "academic-v5-yaml" else set()
    assert set(differing_bodies(site, build)) <= allowed


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_sites_build_with_strict_liquid(root: Path, tmp_path: Path) -> None:
    site, build = check_site(root, tmp_path)
    published = [p for p in site.pages if _published(p)]
    assert published, "the corpus site has pages to publish"
    assert len(build.pages) >= len({_served_at(p, site) for p in published})
    name = root.parent.parent.name if root.name == "academic-cv" else root.name
    differing = set(differing_bodies(site, build))
    known = {path for (site_name, path) in JEKYLL_KNOWN_DIFFERENCES if site_name == name}
    assert not differing - known, f"pages that read differently: {sorted(differing - known)}"
    assert not known - differing, f"these read the same now; unlist them: {known - differing}"
    # every fact the Academic theme showed is on the built page (test_visible_jekyll.py)
    from tests.test_visible_jekyll import check

    hidden_facts = check(name, site, build)
    assert not hidden_facts, f"{len(hidden_facts)} hidden: {hidden_facts[:20]}"
    # and what its home page showed, on the home page or one link from it (test_home_jekyll.py)
    from tests.test_home_jekyll import check_home

    home = check_home(name, site, build)
    assert not home, f"{len(home)} home facts not shown: {home[:20]}"


def test_escaped_shortcodes_are_printed_not_executed(tmp_path: Path) -> None:
    _, build = check_site(FIXTURES / "academic-v5-yaml", tmp_path)
    text = jekyll.visible(build.html("/post/writing-with-shortcodes/"))
    # the page shows Hugo calls as text: Liquid neither ran nor swallowed them
    assert '{{< figure src="x" >}}' in text
    assert "{{ .Title }}" in text


def test_aliases_redirect_and_drafts_stay_unpublished(tmp_path: Path) -> None:
    src = small_hugo_site(tmp_path / "hugo")
    _, build = check_site(src, tmp_path)
    redirect = build.html("/talks/2021/old-talk/")
    assert 'http-equiv="refresh"' in redirect and "/talk/old-talk/" in redirect
    assert "/post/unfinished/" not in build.pages
    talk = build.html("/talk/old-talk/")
    # the body link to the bundle file follows it to files/
    m = re.search(r'<a href="([^"]+)">here</a>', talk)
    assert m and _link_works(build, "/talk/old-talk/", m.group(1))
    front = (tmp_path / "site" / "_posts" / "2022-01-01-unfinished.md").read_text("utf-8")
    assert "published: false" in front


def test_content_only_drops_into_an_existing_checkout(tmp_path: Path) -> None:
    src = small_hugo_site(tmp_path / "hugo")
    out = tmp_path / "content-only"
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "converter.cli", "convert", str(src), "--to", "jekyll"),
            *("--out", str(out), "--jekyll-content-only", "-q"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "_posts/2022-01-01-unfinished.md",
        "_talks/2021-03-04-old-talk.md",
        "files/talk/old-talk/slides.pdf",
    ]
    # an academicpages-like checkout of its own: config and layout written here by hand
    checkout = tmp_path / "checkout"
    (checkout / "_layouts").mkdir(parents=True)
    (checkout / "_config.yml").write_text(
        "collections:\n  talks: {output: true, permalink: /:collection/:path/}\n"
        "defaults:\n  - {scope: {path: ''}, values: {layout: single}}\n",
        encoding="utf-8",
    )
    (checkout / "_layouts" / "single.html").write_text(
        "<h1>{{ page.title }}</h1><p>{{ page.venue }}</p>{{ content }}", encoding="utf-8"
    )
    for rel in written:
        (checkout / rel).parent.mkdir(parents=True, exist_ok=True)
        (checkout / rel).write_bytes((out / rel).read_bytes())
    build = jekyll.build(checkout, tmp_path / "_site")
    assert build.returncode == 0, build.log[-2000:]
    assert "Spring Meeting" in build.html("/talk/old-talk/")
