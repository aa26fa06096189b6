"""`convert --into CHECKOUT` (converter/into.py): a migrated site merged into an existing
academicpages, MkDocs or Quarto site, its config changed in place and nothing of it deleted.

The academicpages case is the real template (`../shared/themes/academicpages`), copied: the
built site must show the migrated author in the sidebar and the new sections in the menu, and
a second run must change nothing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from converter import convert, read_site
from converter.cli import main
from converter.yamlpatch import load
from tests.conftest import FIXTURE_SITES, FIXTURES
from tests.engines import jekyll
from tests.engines.mkdocs import build as mkdocs_build
from tests.engines.mkdocs import needs_mkdocs
from tests.test_visible_jekyll import NO_THEME, THEME

needs_theme = pytest.mark.skipif(bool(NO_THEME), reason=NO_THEME or "template present")
needs_jekyll = pytest.mark.skipif(not jekyll.available(), reason="jekyll is not installed")
V5 = FIXTURES / "academic-v5-yaml"


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _academicpages(tmp_path: Path) -> Path:
    assert THEME is not None
    checkout = tmp_path / "checkout"
    shutil.copytree(THEME, checkout)
    return checkout


def _safe(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def _main_author(source: Path) -> str:
    site = read_site(source)
    profile = site.authors.get("admin") or next(iter(site.authors.values()))
    return profile.name


# -- academicpages -------------------------------------------------------------------------


@needs_theme
@needs_jekyll
@pytest.mark.engine
@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_academicpages_shows_the_migrated_author_and_sections(name: str, tmp_path: Path) -> None:
    checkout = _academicpages(tmp_path)
    before = _snapshot(checkout)
    template_nav = _safe(checkout / "_data" / "navigation.yml")
    assert isinstance(template_nav, dict)
    done = CliRunner().invoke(
        main, ["convert", str(FIXTURES / name), "--to", "jekyll", "--into", str(checkout)]
    )
    assert done.exit_code == 0, done.output
    after = _snapshot(checkout)
    assert set(before) <= set(after)  # nothing of the checkout deleted

    # the menu the converter would write for a new site: its entries the template lacks
    fresh = tmp_path / "fresh"
    assert convert(FIXTURES / name, "jekyll", fresh, deploy="none").exit_code == 0
    ours = (_safe(fresh / "_data" / "navigation.yml") or {}) if (fresh / "_data").is_dir() else {}
    known = {(e["title"], e["url"]) for e in template_nav["main"]}
    titles = {t for t, _ in known}
    urls = {u for _, u in known}
    new = [
        e["title"]
        for e in ours.get("main", [])  # type: ignore[union-attr]
        if e["title"] not in titles and e["url"] not in urls
    ]

    assert new or name == "multilingual", ours  # (that fixture has no main menu)
    build = jekyll.build(checkout, tmp_path / "_site", jekyll.WARN)
    assert build.returncode == 0, build.log[-3000:]
    page = build.html("/publications/")
    sidebar = re.search(r'<h3 class="author__name">(.*?)</h3>', page)
    assert sidebar is not None and jekyll.visible(sidebar.group(1)) == _main_author(FIXTURES / name)
    menu = re.search(r'<ul class="visible-links">(.*?)</ul>', page, re.DOTALL)
    assert menu is not None
    shown = [jekyll.visible(m) for m in re.findall(r"<a [^>]*>(.*?)</a>", menu.group(1))]
    for title in titles | set(new):  # the template's entries stay, the new ones are there
        assert title in shown, (title, shown)
    assert "Your Sidebar Name" not in page and "Your Name" not in page
    for src in re.findall(r'<img src="([^"]+)" class="author__avatar"', page):
        assert (build.out / src.lstrip("/")).is_file(), src

    # a second run changes nothing
    built = _snapshot(checkout)  # with the build's .jekyll-cache
    again = convert(FIXTURES / name, "jekyll", into=checkout)
    assert again.exit_code == 0
    assert again.written == []
    assert _snapshot(checkout) == built


@needs_theme
def test_academicpages_dry_run_shows_the_config_diff_and_writes_nothing(tmp_path: Path) -> None:
    checkout = _academicpages(tmp_path)
    before = _snapshot(checkout)
    done = CliRunner().invoke(
        main, ["convert", str(V5), "--to", "jekyll", "--into", str(checkout), "--dry-run"]
    )
    assert done.exit_code == 0, done.output
    assert _snapshot(checkout) == before
    assert "--- a/_config.yml" in done.output and "+++ b/_config.yml" in done.output
    assert '-  name             : "Your Sidebar Name"' in done.output
    assert '+  name             : "Ines Varga"' in done.output
    assert "+++ b/_data/navigation.yml" in done.output
    assert "_pages/about.md: the checkout's file is replaced" in done.output


@needs_theme
def test_academicpages_config_keeps_its_comments_layout_and_other_keys(tmp_path: Path) -> None:
    checkout = _academicpages(tmp_path)
    old_text = (checkout / "_config.yml").read_text("utf-8")
    result = convert(V5, "jekyll", into=checkout)
    assert result.exit_code == 0
    new_text = (checkout / "_config.yml").read_text("utf-8")
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    assert len(new_lines) == len(old_lines)  # values changed in place, nothing added
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert 5 <= len(changed) <= 20, changed
    for a, b in changed:  # each on its own line, the key's column alignment kept
        assert a.split(":", 1)[0] == b.split(":", 1)[0]
    assert [line for line in old_lines if line.lstrip().startswith("#")] == [
        line for line in new_lines if line.lstrip().startswith("#")
    ]
    old = YAML(typ="safe").load(old_text)
    new = YAML(typ="safe").load(new_text)
    touched = {"title", "name", "description", "author"}
    assert {k: v for k, v in old.items() if k not in touched} == {
        k: v for k, v in new.items() if k not in touched
    }
    assert new["author"]["name"] == "Ines Varga"
    assert new["author"]["github"] == "ivarga-example"  # academicpages wants the user name
    assert new["author"]["location"] is None  # the template person's, not the migrated one's
    assert new["author"]["avatar"] == "authors/admin/avatar.png"  # under /images/
    assert (checkout / "images" / "authors" / "admin" / "avatar.png").is_file()
    assert "&name" in new_text and "&description" in new_text  # anchors kept


def test_another_persons_links_are_emptied_and_ones_own_kept(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "_config.yml").write_text(
        "title: Old\nauthor:\n  name: Someone Else  # me\n  linkedin: someone\n"
        "  location: Far away\n  keybase: kb\n",
        encoding="utf-8",
    )
    assert convert(V5, "jekyll", into=checkout).exit_code == 0
    config = _safe(checkout / "_config.yml")
    assert isinstance(config, dict)
    author = config["author"]
    assert author["name"] == "Ines Varga" and author["linkedin"] is None
    assert author["location"] is None
    assert author["keybase"] == "kb"  # not a key an Academic profile fills: left as it was
    assert "# me" in (checkout / "_config.yml").read_text("utf-8")

    # the same person's own links are not touched
    (checkout / "_config.yml").write_text(
        "author:\n  name: Ines Varga\n  linkedin: ines\n", encoding="utf-8"
    )
    assert convert(V5, "jekyll", into=checkout).exit_code == 0
    config = _safe(checkout / "_config.yml")
    assert isinstance(config, dict) and config["author"]["linkedin"] == "ines"


# -- MkDocs --------------------------------------------------------------------------------

MKDOCS_YML = """\
# The lab's documentation
site_name: My Docs   # shown in the header
theme:
  name: material
  palette:
    primary: teal
nav:
  - Home: index.md
  - About us: about.md
markdown_extensions:
  - admonition
"""


def _mkdocs_checkout(tmp_path: Path, config: str = MKDOCS_YML) -> Path:
    checkout = tmp_path / "docs-site"
    (checkout / "docs").mkdir(parents=True)
    (checkout / "mkdocs.yml").write_text(config, encoding="utf-8")
    (checkout / "docs" / "index.md").write_text("# Welcome\n\nOur docs.\n", encoding="utf-8")
    (checkout / "docs" / "about.md").write_text("# About\n\nUs.\n", encoding="utf-8")
    (checkout / "requirements.txt").write_text("mkdocs-material==9.*\n", encoding="utf-8")
    return checkout


@needs_mkdocs
@pytest.mark.engine
def test_mkdocs_checkout_gets_the_pages_nav_and_what_they_need(tmp_path: Path) -> None:
    checkout = _mkdocs_checkout(tmp_path)
    before = _snapshot(checkout)
    result = convert(V5, "mkdocs", into=checkout)
    assert result.exit_code == 0
    after = _snapshot(checkout)
    assert set(before) <= set(after)
    text = (checkout / "mkdocs.yml").read_text("utf-8")
    assert text.startswith(
        "# The lab's documentation\nsite_name: Ines Varga   # shown in the header\n"
    )
    config = load(text)
    nav = [next(iter(e)) for e in config["nav"]]
    assert nav[:2] == ["Home", "About us"]  # the checkout's own first
    assert {"Publications", "Talks", "Posts"} <= set(nav)
    assert config["theme"]["palette"] == {"primary": "teal"}
    assert "admonition" in config["markdown_extensions"]
    assert [e for e in config["markdown_extensions"] if e == "admonition"] == ["admonition"]
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins[:1] == ["search"] and "blog" in plugins and "redirects" in plugins
    requirements = (checkout / "requirements.txt").read_text("utf-8").splitlines()
    assert requirements[0] == "mkdocs-material==9.*"  # the checkout's pin kept
    assert "mkdocs-redirects" in requirements and "mkdocs-material" not in requirements
    built = mkdocs_build(checkout)
    assert built.returncode == 0, built.output[-3000:]
    home = built.html("/")
    assert home is not None and "Ines Varga" in home
    assert built.html("/publication/sediment-pulses/") is not None
    assert built.html("/about/") is not None  # the checkout's own page still there

    built_too = _snapshot(checkout)  # with the build's site/
    again = convert(V5, "mkdocs", into=checkout)
    assert again.written == [] and _snapshot(checkout) == built_too


def test_mkdocs_without_nav_keeps_the_automatic_one_and_other_docs_dir(tmp_path: Path) -> None:
    checkout = _mkdocs_checkout(tmp_path, "site_name: Docs\ndocs_dir: pages\ntheme: readthedocs\n")
    shutil.move(checkout / "docs", checkout / "pages")
    result = convert(V5, "mkdocs", into=checkout)
    assert result.exit_code == 0
    config = load((checkout / "mkdocs.yml").read_text("utf-8"))
    assert "nav" not in config  # MkDocs lists every page when there is no nav
    assert (checkout / "pages" / "publication" / "sediment-pulses" / "index.md").is_file()
    assert not (checkout / "docs").exists()
    assert any("theme 'readthedocs'" in w and "'material'" in w for w in result.plan.warnings)


# -- Quarto --------------------------------------------------------------------------------


def test_quarto_checkout_gets_title_and_navbar(tmp_path: Path) -> None:
    from tests.quarto_checker import check_site

    checkout = tmp_path / "q"
    checkout.mkdir()
    original = (
        'project:\n  type: website\n\nwebsite:\n  title: "My site"   # the navbar title\n'
        "  navbar:\n    left:\n      - href: index.qmd\n        text: Home\n      - about.qmd\n"
        "\nformat:\n  html:\n    theme: cosmo\n"
    )
    (checkout / "_quarto.yml").write_text(original, encoding="utf-8")
    (checkout / "about.qmd").write_text("---\ntitle: About\n---\n\nUs.\n", encoding="utf-8")
    result = convert(V5, "quarto", into=checkout)
    assert result.exit_code == 0
    text = (checkout / "_quarto.yml").read_text("utf-8")
    assert '  title: "Ines Varga"   # the navbar title\n' in text
    config = _safe(checkout / "_quarto.yml")
    assert isinstance(config, dict)
    left = config["website"]["navbar"]["left"]
    assert left[:2] == [{"href": "index.qmd", "text": "Home"}, "about.qmd"]
    assert {"Publications", "Talks"} <= {e["text"] for e in left[2:]}
    assert "Home" not in {e["text"] for e in left[2:]}  # matched on its href
    assert config["format"] == {"html": {"theme": "cosmo"}}
    assert "uploads/**" in config["project"]["resources"]
    problems = check_site(checkout).problems
    assert not problems, problems
    assert convert(V5, "quarto", into=checkout).written == []


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "hugo-yaml"], "--into merges into a site of"),
        (["--to", "mkdocs"], "not a mkdocs site (it has no mkdocs.yml)"),
        (["--to", "jekyll", "--out", "elsewhere"], "--into and --out"),
        (["--to", "jekyll", "--deploy", "netlify"], "--deploy with --into"),
    ],
)
def test_into_refusals(args: list[str], message: str, tmp_path: Path) -> None:
    checkout = tmp_path / "c"
    checkout.mkdir()
    (checkout / "_config.yml").write_text("title: x\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["convert", str(V5), *args, "--into", str(checkout)])
    assert done.exit_code == 2, done.output
    assert message in done.output
    assert _snapshot(checkout) == {"_config.yml": hashlib.sha256(b"title: x\n").hexdigest()}


def test_a_checkout_of_another_shape_is_kept_and_said(tmp_path: Path) -> None:
    checkout = tmp_path / "c"
    checkout.mkdir()
    text = "title: Mine\nauthor:\n  - Jane\n  - John\n"
    (checkout / "_config.yml").write_text(text, encoding="utf-8")
    (checkout / "_data").mkdir()
    (checkout / "_data" / "navigation.yml").write_text("main: /x/\n", encoding="utf-8")
    result = convert(V5, "jekyll", into=checkout)
    assert result.exit_code == 0
    config = _safe(checkout / "_config.yml")
    assert isinstance(config, dict) and config["author"] == ["Jane", "John"]
    assert config["title"] == "Ines Varga"
    said = "\n".join(result.plan.warnings)
    assert "_config.yml: author is a list, not a mapping; left as it is" in said
    assert "_data/navigation.yml: main is not a list; left as it is" in said
    assert (checkout / "_data" / "navigation.yml").read_text("utf-8") == "main: /x/\n"
