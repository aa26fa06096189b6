"""The Hugo build harness (tests/engines/hugo.py) works offline on real sites.

Small sites written into ``tmp_path`` pin down the harness's behaviour (theme
and module imports neutralised, theme-only output formats stubbed, every
shortcode form stubbed, language content dirs, drafts, headless bundles, pages
sharing a URL). The corpus tests build every real site in ``../shared/corpora``
and require Hugo to succeed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

try:
    from tests.conftest import corpus_params
    from tests.engines.hugo import HUGO, build_site, scan_shortcodes
except ModuleNotFoundError:  # pytest put tests/ itself on sys.path
    from conftest import corpus_params  # type: ignore[no-redef, import-not-found, unused-ignore]
    from engines.hugo import (  # type: ignore[no-redef, import-not-found, unused-ignore]
        HUGO,
        build_site,
        scan_shortcodes,
    )


needs_hugo = pytest.mark.skipif(HUGO is None, reason="hugo is not installed (not on PATH)")


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


MULTILINGUAL_SITE = {
    # Everything below only works with the real theme or online; the harness
    # must neutralise it without touching the file.
    "config.toml": """\
baseURL = "https://example.org/"
title = "Harness test"
theme = "academic"
enableGitInfo = true
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
uglyURLs = true
disableKinds = ["taxonomy", "term"]

[permalinks]
  post = "/blog/:slug/"

[outputs]
  home = ["HTML", "RSS", "JSON", "WebAppManifest", "headers", "redirects"]

[module]
  [[module.imports]]
    path = "github.com/wowchemy/wowchemy-hugo-modules/wowchemy/v5"

[languages.en]
  contentDir = "content/en"
  weight = 1
[languages.fr]
  contentDir = "content/fr"
  weight = 2

[markup.goldmark.renderer]
  unsafe = true
""",
    "content/en/_index.md": '---\ntitle: Home\n---\nWelcome {{< icon name="x" />}}\n',
    "content/en/post/hello/index.md": """\
+++
title = "Hello"
date = 2020-01-01
+++
{{% callout note %}}A *paired* markdown shortcode.{{% /callout %}}

{{< youtube dQw4w9WgXcQ >}}
{{< tweet user="someone" id="1" >}}
{{< figure src="missing.png" caption="resource is missing" >}}
See [elsewhere]({{< relref "does-not-exist.md" >}}).
{{< blox/card title="nested name" >}}Inner text{{< /blox/card >}}
{{< spacer />}}

Escaped, not a call: `{{</* never-stubbed arg */>}}`.
""",
    # A non-index page inside a leaf bundle is a resource, not a page.
    "content/en/post/hello/notes.md": "---\ntitle: Notes\n---\nnot a page\n",
    "content/en/post/draft.md": """\
---
title: Draft in the future
draft: true
date: 2999-01-01
outputs: [HTML, present]
---
{{< gallery album="x" >}}
""",
    # Headless widget bundle (Academic's content/home): never rendered.
    "content/en/home/index.md": "---\nheadless: true\n---\n",
    "content/en/home/about.md": "---\nwidget: about\n---\n{{< hero >}}\n",
    "content/fr/_index.md": "---\ntitle: Accueil\n---\n",
    "content/fr/post/bonjour.md": "---\ntitle: Bonjour\n---\n{{% alert %}}Salut{{% /alert %}}\n",
    # Would break the build if copied: layouts calling theme partials.
    "layouts/_default/single.html": '{{ partial "theme-only.html" . }}',
}


def test_scan_shortcodes_forms() -> None:
    text = (
        '{{< a >}} {{< b >}}x{{< /b >}} {{% c %}}y{{% /c %}} {{< d />}} {{< e x="1"/>}}'
        " {{</* escaped */>}} {{%/* escaped2 */%}} {{< f url=/x/ >}}"
        " {{< g >}}\n{{< g >}}z{{< /g >}} {{< demo.inline >}}{{ now }}{{< /demo.inline >}}"
    )
    uses = scan_shortcodes([text])
    assert set(uses) == {"a", "b", "c", "d", "e", "f", "g"}
    assert not uses["a"].needs_inner and not uses["f"].needs_inner
    assert all(uses[n].needs_inner for n in "bcde")
    assert uses["g"].conflicting  # bare once, paired once: no 0.111 template fits


@pytest.mark.engine
@needs_hugo
def test_multilingual_site_with_theme_only_features(tmp_path: Path) -> None:
    site = tmp_path / "site-src"
    _write(site, MULTILINGUAL_SITE)
    before = _snapshot(site)

    build = build_site(site, tmp_path / "work")

    assert build.returncode == 0, build.stderr
    assert build.pages == {
        "en/_index.md",
        "en/post/hello/index.md",
        "en/post/draft.md",
        "fr/_index.md",
        "fr/post/bonjour.md",
    }
    # uglyURLs + permalinks + defaultContentLanguageInSubdir are honoured.
    assert build.outputs["en/post/hello/index.md"] == {"en/blog/hello.html"}
    assert build.outputs["fr/post/bonjour.md"] == {"fr/blog/bonjour.html"}
    assert _snapshot(site) == before, "the input site must not be modified"
    assert build.site_dir is not None and build.public_dir is not None
    theme = build.site_dir.parent / "harness" / "themes"
    stubbed = {p.stem for p in theme.rglob("shortcodes/**/*.html")}
    assert {"callout", "card", "spacer", "gallery", "alert", "hero", "youtube"} <= stubbed
    assert "never-stubbed" not in stubbed
    # Markdown inside a {{% %}} stub is rendered; the paired {{< >}} inner kept.
    html = (build.public_dir / "en/blog/hello.html").read_text(encoding="utf-8")
    assert "<em>paired</em>" in html and "Inner text" in html


@pytest.mark.engine
@needs_hugo
def test_pages_sharing_a_url_are_both_reported(tmp_path: Path) -> None:
    site = tmp_path / "site-src"
    _write(
        site,
        {
            "hugo.yaml": "title: t\npermalinks:\n  news: /news/:slug/\n",
            "content/news/a/index.md": "---\ntitle: Same title\n---\nA\n",
            "content/news/b/index.md": "---\ntitle: Same title\n---\nB\n",
        },
    )
    build = build_site(site, tmp_path / "work")
    assert build.returncode == 0, build.stderr
    assert {"news/a/index.md", "news/b/index.md"} <= build.pages
    written = build.outputs["news/a/index.md"] | build.outputs["news/b/index.md"]
    assert written == {"news/same-title/index.html"}


@pytest.mark.engine
@needs_hugo
def test_broken_content_still_fails(tmp_path: Path) -> None:
    """The harness hides what needs the theme or network, not real errors."""
    site = tmp_path / "site-src"
    _write(site, {"config.toml": 'title = "t"\n', "content/x.md": "---\ntitle: [unclosed\n---\n"})
    build = build_site(site, tmp_path / "work")
    assert build.returncode != 0
    assert "x.md" in build.stderr


def _corpus_sites() -> list[object]:
    return corpus_params()


@pytest.mark.corpus
@pytest.mark.engine
@needs_hugo
@pytest.mark.parametrize("site_root", _corpus_sites())
def test_corpus_site_builds(site_root: Path, tmp_path: Path) -> None:
    site_root = site_root.resolve()
    build = build_site(site_root, tmp_path / "work")
    assert build.returncode == 0, build.stderr

    sources = {
        p.relative_to(site_root / "content").as_posix()
        for p in (site_root / "content").rglob("*")
        if p.is_file()
    }
    assert build.pages, "Hugo rendered no page"
    assert build.pages <= sources
    md = {p for p in sources if p.endswith(".md")}
    assert len(build.pages) >= len(md) // 2, sorted(md - build.pages)
    # Academic v4+ keeps its home-page widgets in a headless bundle
    # (content/[<lang>/]home/index.md with headless: true): Hugo never renders
    # them. (Academic v3 had no such bundle, and Hugo does render its widgets.)
    for bundle in ("home/index.md", *(f"{p.split('/')[0]}/home/index.md" for p in md)):
        index = site_root / "content" / bundle
        if index.is_file() and "headless" in index.read_text(encoding="utf-8"):
            folder = bundle.removesuffix("index.md")
            assert not {p for p in build.pages if p.startswith(folder)}, folder
