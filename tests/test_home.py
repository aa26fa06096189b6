"""Home pages as content (converter/home.py): Academic widget pages and Hugo Blox landing
pages read into ordered sections, and the pages each listing showed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from converter import read_site
from converter.home import listed_pages, served_as
from converter.model import Listing
from tests.conftest import FIXTURES, corpus_params


def test_a_v5_home_is_its_widgets_in_weight_order() -> None:
    site = read_site(FIXTURES / "academic-v5-yaml", jobs=1)
    home = site.sections["home"]
    assert [(s.id, s.kind) for s in home] == [
        ("about", "biography"),
        ("posts", "listing"),
        ("publications", "listing"),
        ("talks", "listing"),
        ("contact", "contact"),
    ]
    assert home[0].author == "admin"
    assert home[4].title == "Contact" and "field season" in home[4].text
    posts = listed_pages(site, home[1].listing)  # type: ignore[arg-type]
    assert [p.kind for p in posts] == ["post", "post"]
    dates = [str(p.fields["date"])[:10] for p in posts]
    assert dates == sorted(dates, reverse=True)  # newest first, as the widget lists them


def test_v2_widgets_that_are_pages_of_their_own_make_the_home_too() -> None:
    site = read_site(FIXTURES / "academic-v2-toml", jobs=1)
    home = site.sections["home"]
    talks = next(s for s in home if s.widget == "talks_selected")
    assert talks.kind == "listing" and talks.listing and talks.listing.kinds == ["event"]


def test_a_hugo_blox_landing_page_is_its_sections_in_order() -> None:
    site = read_site(FIXTURES / "hugoblox-2026", jobs=1)
    root = site.sections[""]
    assert [s.kind for s in root][:3] == ["biography", "markdown", "listing"]
    bio = root[0]
    assert bio.author == "me"
    assert bio.buttons == [{"text": "Download CV", "url": "uploads/resume.pdf"}]
    assert "flood forecasts" in root[1].text
    papers = next(s for s in root if s.id == "papers")
    assert papers.listing and papers.listing.folders == ["publications"]
    assert all(p.path.startswith("publications/") for p in listed_pages(site, papers.listing))


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "config.yaml").write_text("title: T\n", encoding="utf-8")
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_what_hugo_does_not_show_is_not_a_section_and_an_unknown_widget_is(tmp_path) -> None:
    root = _site(
        tmp_path,
        {
            "content/home/index.md": "---\nheadless: true\ntype: widget_page\n---\n",
            "content/home/off.md": "---\nwidget: blank\nactive: false\ntitle: Off\n---\nNo.\n",
            "content/home/odd.md": "---\nwidget: my_map\nweight: 2\ntitle: Map\n---\nA map.\n",
            "content/home/text.md": "---\nwidget: blank\nweight: 1\ntitle: Hi\n---\nHello.\n",
            "content/_index.md": (
                "---\ntype: landing\nsections:\n"
                "  - block: markdown\n    content: {title: Shown, text: Yes}\n"
                "#  - block: markdown\n#    content: {title: Commented out}\n"
                "  - block: markdown\n    active: false\n    content: {title: Inactive}\n---\n"
            ),
        },
    )
    site = read_site(root, jobs=1)
    assert [(s.title, s.known) for s in site.sections["home"]] == [("Hi", True), ("Map", False)]
    assert site.sections["home"][1].text == "A map."  # shown as its title and text
    assert [s.title for s in site.sections[""]] == ["Shown"]


def test_a_listing_selects_as_academic_did(tmp_path) -> None:
    page = "---\ntitle: {t}\ndate: {d}\nfeatured: {f}\ntags: [{tag}]\n---\n"
    files = {
        f"content/talk/{t}/index.md": page.format(t=t, d=d, f=f, tag=tag)
        for t, d, f, tag in [
            ("old", "2019-01-01", "false", "a"),
            ("mid", "2021-01-01", "true", "b"),
            ("new", "2023-01-01", "false", "a"),
            ("next", "2031-01-01", "true", "a"),
        ]
    }
    site = read_site(_site(tmp_path, files), jobs=1)
    today = dt.date(2025, 1, 1)

    def titles(**kw: object) -> list[str]:
        listing = Listing(kinds=["event"], **kw)  # type: ignore[arg-type]
        return [p.fields["title"] for p in listed_pages(site, listing, today=today)]

    assert titles() == ["next", "new", "mid", "old"]
    assert titles(count=2, offset=1) == ["new", "mid"]
    assert titles(ascending=True, count=1) == ["old"]
    assert titles(featured_only=True) == ["next", "mid"]
    assert titles(exclude_featured=True) == ["new", "old"]
    assert titles(exclude_past=True) == ["next"]
    assert titles(exclude_future=True, tag="a") == ["new", "old"]


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_every_active_widget_file_of_a_corpus_site_is_a_section(root: Path) -> None:
    """Each widget file Hugo shows (not `active: false`) is one section of its page, and each
    landing page's uncommented, active blocks are its sections."""
    site = read_site(root, jobs=1)
    content = root / "content"
    for index in content.rglob("index.md"):
        text = index.read_text("utf-8", errors="replace")
        if not re.search(r"type\s*[:=]\s*['\"]?widget_page|headless\s*[:=]\s*true", text):
            continue
        widgets = []
        for f in index.parent.glob("*.md"):
            if f.name == "index.md":
                continue
            head = f.read_text("utf-8", errors="replace")[:4000]
            if re.search(r"^\s*widget\s*[:=]", head, re.M) and not re.search(
                r"^\s*active\s*[:=]\s*false", head, re.M
            ):
                widgets.append(f.stem)
        if not widgets:
            continue
        folder = index.parent.relative_to(content).as_posix()
        assert sorted(s.id for s in site.sections.get(folder, [])) == sorted(widgets), folder
    landings = [p for p in site.pages if p.fields.get("type") == "landing"]
    for page in landings:
        blocks = [
            b
            for b in page.fields.get("sections") or []
            if isinstance(b, dict) and b.get("active") is not False
        ]
        assert len(site.sections.get(served_as(page.path), [])) == len(blocks), page.path
    for sections in site.sections.values():
        for s in sections:
            if s.listing is not None:
                listed_pages(site, s.listing)  # resolves without error


def test_a_multilingual_sites_listings_list_their_own_language() -> None:
    site = read_site(FIXTURES / "multilingual", jobs=1)
    for where, lang in (("en/home", "en"), ("ja/home", "ja")):
        posts = next(s for s in site.sections[where] if s.kind == "listing")
        listed = listed_pages(site, posts.listing)  # type: ignore[arg-type]
        assert listed and {p.lang for p in listed} == {lang}, where  # Hugo lists no other
