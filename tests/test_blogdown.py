"""blogdown sites (issue 21): every content file Hugo renders is a page, and an R Markdown
source with its rendering is one page with two bodies, in every target.

The fixture `fixtures/blogdown-rmd` is a blogdown site of our own: `.Rmd` + `.html` bundles
with `index_files/` figures (as blogdown renders them, `{{< blogdown/postref >}}` and
`<div class="section level2">`), a `.Rmarkdown` + `.markdown` pair, an `.Rmd` never
rendered, an `.org` page, a hand-written `.html` page, an `.html` file without front matter
and a page `ignoreFiles` hides. The corpus `ianruginski__academic-kickstart` is a real
blogdown site (`.Rmarkdown` + `.markdown`). Both are built by the real engines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from converter import convert, read_site, roundtrip
from converter.body import rmarkdown
from converter.cli import main
from converter.frontmatter import load as load_front_matter
from converter.model import Page, Site
from converter.pages import parse_page
from converter.readers.content_files import Ignore
from converter.readers.org import split_org
from converter.writers.mkdocs_site import served
from tests.conftest import FIXTURES, corpus_site
from tests.engines import hugo as hugo_engine
from tests.engines import jekyll, mkdocs
from tests.quarto_checker import check_bodies, check_site, chunk_problems

SITE = FIXTURES / "blogdown-rmd"
CORPUS = "ianruginski__academic-kickstart"
TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "mkdocs", "quarto"]
NEVER_RENDERED = "post/2022-05-09-survival-draft/index.Rmd"


def _sites() -> list[Any]:
    return [
        pytest.param(lambda: SITE, id="fixture"),
        pytest.param(lambda: corpus_site(CORPUS), id="corpus", marks=pytest.mark.corpus),
    ]


@pytest.fixture(scope="module")
def fixture_site() -> Site:
    return read_site(SITE)


# -- reading ----------------------------------------------------------------------------------


def test_every_content_file_hugo_renders_is_a_page(fixture_site: Site) -> None:
    pages = {p.path: p for p in fixture_site.pages}
    assert set(pages) == {
        "_index.md",
        "about.html",
        "authors/admin/_index.md",
        "post/_index.md",
        "post/2020-11-02-tidy-eval/index.html",
        "post/2021-03-04-mixed-models/index.html",
        NEVER_RENDERED,
        "post/bootstrap-notes.markdown",
        "post/reading-list.org",
        "talk/_index.md",
        "talk/user-2022/index.html",
    }
    # an HTML file without front matter is copied by Hugo, and ignoreFiles hides a page
    assert "content/legacy.html" in fixture_site.files
    assert "content/post/scratch-ideas.md" in fixture_site.files
    assert pages["talk/user-2022/index.html"].kind == "event"
    assert pages["post/reading-list.org"].fields["title"] == "Reading list"
    assert pages["about.html"].body.lstrip().startswith("<p>This site is built")


def test_an_rmarkdown_pair_is_one_page_with_two_bodies(fixture_site: Site) -> None:
    pages = {p.path: p for p in fixture_site.pages}
    page = pages["post/2021-03-04-mixed-models/index.html"]
    assert page.alternate is not None and page.alternate.name == "index.Rmd"
    assert '<div id="the-data" class="section level2">' in page.body
    assert "```{r fit-plot," in page.alternate.body
    assert page.alternate.fields["bibliography"] == "refs.bib"
    assert (
        page.alternate.text.encode()
        == (SITE / "content" / page.path).with_name("index.Rmd").read_bytes()
    )
    # the figures are the bundle's files; the source is not one of them
    names = {r.name for r in page.resources}
    assert "index_files/figure-html/fit-plot-1.png" in names
    assert "index.Rmd" not in names and "index.html" not in names
    flat = pages["post/bootstrap-notes.markdown"]
    assert flat.alternate is not None and flat.alternate.name == "bootstrap-notes.Rmarkdown"
    assert pages[NEVER_RENDERED].alternate is None
    # nothing of the pair is left over as a file of its own
    assert not [f for f in fixture_site.files if f.endswith((".Rmd", ".Rmarkdown"))]


def test_ignore_files_is_matched_as_hugo_matches_it(tmp_path: Path) -> None:
    """Hugo 0.111 matches each pattern against the absolute path of files and folders."""
    content = tmp_path / "content"
    ignore = Ignore.from_params({"ignoreFiles": [r"_files$", r"\.Rmd$", r"^content/"]})
    assert ignore(content / "post/x/index_files/figure-html/a.png", content)
    assert ignore(content / "post/x/index.Rmd", content)
    assert not ignore(content / "post/x/index.html", content)
    assert not ignore(content / "post/x/other.md", content)  # `^content/`: never a match
    broken = Ignore.from_params({"ignorefiles": ["(unclosed"]})
    assert broken.problems and not broken.patterns


def test_org_front_matter_as_hugo_reads_it() -> None:
    org = split_org(
        "#+TITLE: A *title*\n#+Tags: a b\n#+KEYWORDS[]: x  y\n#+note: one\n#+NOTE: two\n"
        "\n* Heading\n#+BEGIN_SRC r\n1\n#+END_SRC\n"
    )
    assert org is not None
    assert org.data == {"title": "A *title*", "tags": ["a", "b"], "keywords": ["x", "y"],
                        "note": "one\ntwo"}  # fmt: skip
    assert org.body == "\n* Heading\n#+BEGIN_SRC r\n1\n#+END_SRC\n"
    assert split_org("* No keywords\n") is None
    page = {p.path: p for p in read_site(SITE).pages}["post/reading-list.org"]
    assert page.fields["tags"] == ["books", "statistics"]
    assert page.body.startswith("\n* Statistics")


@pytest.mark.parametrize("get_root", _sites())
def test_the_pages_are_the_pages_hugo_publishes(get_root: Any, tmp_path: Path) -> None:
    if hugo_engine.HUGO is None:
        pytest.skip("hugo is not installed")
    root = get_root()
    build = hugo_engine.build_site(root, tmp_path / "hugo")
    assert build.ok, build.stderr[-2000:]
    site = read_site(root)
    read = {p.path for p in site.pages}
    assert build.pages <= read, sorted(build.pages - read)
    extra = {p for p in read - build.pages if not p.startswith("home/")}  # widget pages
    assert extra <= {NEVER_RENDERED}, sorted(extra)
    posts = [p for p in site.pages if p.kind in ("post", "event") and p.path in build.pages]
    assert posts, "no post or talk published"
    if root != SITE:  # the corpus: every post has its R Markdown source beside it
        assert all(p.alternate for p in posts if p.kind == "post"), "a post lost its source"


# -- the round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("get_root", _sites())
def test_roundtrip_brings_both_files_back(get_root: Any, target: str) -> None:
    trip = roundtrip(get_root(), via=target, jobs=1)
    assert trip.equal, [(p.source, p.differences[:2]) for p in trip.pages if not p.equal][:3]
    pairs = [p for p in trip.site.pages if p.alternate]
    assert pairs


@pytest.mark.parametrize("target", ["jekyll", "mkdocs", "quarto"])
def test_hidden_pages_of_other_formats_come_back(target: str, tmp_path: Path) -> None:
    """A headless page in HTML, Org or R Markdown is kept where no engine looks, under its
    own name; the target's reader finds it there."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "content/post/hidden-one").mkdir()
    (site / "content/post/hidden-one/index.html").write_text(
        "---\ntitle: Hidden\nheadless: true\n---\n<p>hidden html</p>\n"
    )
    (site / "content/post/hidden.org").write_text(
        "---\ntitle: Hidden org\nheadless: true\n---\n* org\n"
    )
    (site / "content/post/hidden.Rmd").write_text(
        "---\ntitle: Hidden Rmd\nheadless: true\n---\n```{r}\n1\n```\n"
    )
    trip = roundtrip(site, via=target, jobs=1)
    assert trip.equal, [(p.source, p.differences[:2]) for p in trip.pages if not p.equal][:3]
    assert len(trip.pages) == 14


def test_an_edited_rmarkdown_page_in_quarto_edits_the_source(tmp_path: Path) -> None:
    out = tmp_path / "q"
    convert(SITE, "quarto", out=out, jobs=1)
    qmd = out / "posts/mixed-models/index.qmd"
    qmd.write_text(qmd.read_text("utf-8").replace("## Fitting", "## Fitting the model"))
    back = {p.path: p for p in read_site(out).pages}
    page = back["post/2021-03-04-mixed-models/index.html"]
    assert page.alternate is not None
    assert "## Fitting the model" in page.alternate.body
    assert '<div id="fitting" class="section level2">' in page.body  # the rendering as it was


# -- Hugo targets keep both files as they are --------------------------------------------------


@pytest.mark.parametrize("target", ["hugo-yaml", "hugo-toml"])
def test_hugo_targets_keep_both_files(target: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = convert(SITE, target, out=out, jobs=1)
    assert result.exit_code == 0
    for rel in (
        "content/post/2021-03-04-mixed-models/index.Rmd",
        "content/post/bootstrap-notes.Rmarkdown",
        "content/post/bootstrap-notes.markdown",
        "content/post/2022-05-09-survival-draft/index.Rmd",
        "content/post/reading-list.org",  # `#+TITLE:` front matter, kept as it is
    ):
        assert (out / rel).read_bytes() == (SITE / rel).read_bytes(), rel
    html_page = (out / "content/post/2021-03-04-mixed-models/index.html").read_text("utf-8")
    assert '<div id="fitting" class="section level2">' in html_page


# -- Jekyll and MkDocs: the rendered output, built ------------------------------------------


def _visible(markup: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _snippet(page: Page) -> str | None:
    """Words from the page's first paragraph: what its built body must show (None: a body
    of figures only)."""
    body = page.body
    body = re.sub(r"```.*?```", " ", body, flags=re.S)
    body = re.sub(r"\{\{[<%].*?[>%]\}\}", " ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    runs = re.findall(r"[A-Za-z][A-Za-z ]{24,}", text)
    return " ".join(runs[0].split()[:5]) if runs else None


def _dates(page: Page) -> list[str]:
    value = page.fields.get("date")
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert isinstance(value, dt.date)
    return [
        value.strftime("%Y-%m-%d"),
        value.strftime("%B %d, %Y"),
        f"{value:%B} {value.day}, {value:%Y}",
    ]


def _check_built(site: Site, shown: dict[str, str]) -> None:
    """Every published post and talk of `site` shows its title, date and body (`shown`: the
    built HTML of each page, by Hugo content path)."""
    checked = 0
    for page in site.pages:
        if page.kind not in ("post", "event") or page.path == NEVER_RENDERED:
            continue
        markup = shown.get(page.path)
        assert markup is not None, f"{page.path}: not built"
        text = _visible(markup)
        title = " ".join(str(page.fields["title"]).split())
        assert title in text, f"{page.path}: title {title!r} not shown"
        assert any(d in text for d in _dates(page)), f"{page.path}: no date shown"
        words = _snippet(page)
        if words is None:  # figures only: each one shown
            for name in re.findall(r'<img src="[^"]*?([\w.-]+\.png)"', page.body):
                assert re.search(rf'<img src="[^"]*{re.escape(name)}"', markup), name
        else:
            assert words in text, f"{page.path}: body ({words!r}) not shown"
        checked += 1
    assert checked


def _outputs(result: Any) -> dict[str, str]:
    """Hugo content path -> the page file the target wrote for it."""
    prefix = f"{result.site.content_dir}/"
    return {
        r.source.removeprefix(prefix): r.outputs[0]
        for r in result.plan.pages
        if r.outputs and r.status != "failed"
    }


@pytest.mark.engine
@pytest.mark.skipif(not jekyll.available(), reason="jekyll is not installed (apt jekyll)")
@pytest.mark.parametrize("get_root", _sites())
def test_jekyll_builds_every_post_and_talk(get_root: Any, tmp_path: Path) -> None:
    result = convert(get_root(), "jekyll", out=tmp_path / "site", jobs=1)
    assert result.exit_code == 0
    build = jekyll.build(tmp_path / "site", tmp_path / "_site")
    assert build.returncode == 0, build.log[-3000:]
    shown: dict[str, str] = {}
    for path, dest in _outputs(result).items():
        data, _ = load_front_matter(
            "yaml", parse_page((tmp_path / "site" / dest).read_bytes()).split.text
        )
        url = data.get("permalink")
        if isinstance(url, str) and url in build.pages:
            shown[path] = build.html(url)
    _check_built(result.site, shown)
    if get_root() == SITE:
        markup = build.html("/post/mixed-models/")
        assert '<div id="fitting" class="section level2">' in markup  # passed through
        assert r"\(y_{ij} = \beta_0" in markup  # MathJax's text intact
        src = re.search(r'<img src="([^"]+fit-plot-1\.png)"', markup)
        assert src and (tmp_path / "_site" / src.group(1).lstrip("/")).is_file()
        tidy = build.html("/post/2020-11-02-tidy-eval/")
        assert "count({{ column }}, sort = TRUE)" in tidy  # Liquid left it alone
        assert "```org" in (tmp_path / "site/_posts/2018-01-15-reading-list.md").read_text()


@pytest.mark.engine
@mkdocs.needs_mkdocs
@pytest.mark.parametrize("get_root", _sites())
def test_mkdocs_builds_every_post_and_talk(get_root: Any, tmp_path: Path) -> None:
    project = tmp_path / "site"
    result = convert(get_root(), "mkdocs", out=project, jobs=1)
    assert result.exit_code == 0
    built = mkdocs.build(project)
    assert built.returncode == 0, built.output[-3000:]
    shown: dict[str, str] = {}
    for path, dest in _outputs(result).items():
        address = served(dest)
        markup = built.html(address) if address else None
        if markup is not None:
            shown[path] = markup
    _check_built(result.site, shown)
    if get_root() == SITE:
        markup = built.html("/blog/mixed-models/") or ""
        assert '<div id="fitting" class="section level2">' in markup
        src = re.search(r'<img src="([^"]+fit-plot-1\.png)"', markup)
        assert src, "figure not linked"
        figure = (built.site / "blog/mixed-models" / src.group(1)).resolve()
        assert figure.is_file(), src.group(1)


# -- Quarto: the source, executable -----------------------------------------------------------


@pytest.mark.parametrize("get_root", _sites())
def test_quarto_gets_the_rmarkdown_source(get_root: Any, tmp_path: Path) -> None:
    out = tmp_path / "q"
    result = convert(get_root(), "quarto", out=out, jobs=1)
    assert result.exit_code == 0
    check = check_site(out)
    assert not check.problems, check.problems
    config, _ = load_front_matter("yaml", (out / "_quarto.yml").read_text("utf-8"))
    assert config["execute"] == {"freeze": "auto"}
    assert any("R packages" in n for n in result.plan.notes)
    outputs = _outputs(result)
    for page in result.site.pages:
        if not page.alternate:
            continue
        text = (out / outputs[page.path]).read_text("utf-8")
        parsed = parse_page(text.encode())
        assert parsed.data["title"] == page.fields["title"]
        assert "{r" not in parsed.split.body or "```{r}" in parsed.split.body
        assert not chunk_problems(parsed.split.body)
        kept = out / "_hugo_academic/content" / page.path  # the rendering, as it was
        assert kept.read_bytes() == (get_root() / "content" / page.path).read_bytes()
    if get_root() == SITE:
        qmd = (out / "posts/mixed-models/index.qmd").read_text("utf-8")
        front = parse_page(qmd.encode()).data
        assert front["format"] == {"html": {"toc": True}}
        assert front["bibliography"] == "refs.bib" and front["link-citations"] is True
        assert '#| label: fit-plot\n#| fig-cap: "Fitted lines per subject."\n#| echo: false' in qmd
        assert (out / "posts/mixed-models/index_files/figure-html/fit-plot-1.png").is_file()
        assert (out / "posts/mixed-models/refs.bib").is_file()
        # blogdown's rendering frozen as Quarto's result: the page shows without R
        frozen = json.loads(
            (out / "_freeze/posts/mixed-models/index/execute-results/html.json").read_text()
        )
        source = (out / "posts/mixed-models/index.qmd").read_bytes()
        assert frozen["hash"] == hashlib.md5(source).hexdigest()
        markdown = frozen["result"]["markdown"]
        assert '<div id="fitting" class="section level2">' in markdown
        assert 'src="index_files/figure-html/fit-plot-1.png"' in markdown
        assert frozen["result"]["supporting"] == ["index_files"]
        thawed = parse_page(markdown.encode()).split.body
        assert not check_bodies([thawed])[0].problems, "pandoc cannot read the frozen page"
        assert not (out / "_freeze/posts/2022-05-09-survival-draft").exists()  # never rendered
        draft = (out / "posts/2022-05-09-survival-draft/index.qmd").read_text("utf-8")
        assert "#| fig-height: 4\n#| output: false" in draft


# -- chunks -----------------------------------------------------------------------------------


def test_chunk_headers_to_quarto_options() -> None:
    body = (
        "Text `r 1 + 1`.\n\n"
        '```{r setup, include=FALSE, fig.cap="A, b", eval=do_it, results="asis", dpi=300}\n'
        "x <- 1\n```\n\n"
        "``` {python}\nprint(1)\n```\n"
    )
    out = rmarkdown.to_quarto(body)
    assert out.chunks == 2
    assert out.text.split("\n")[2:9] == [
        "```{r, eval=do_it}",  # an R expression: knitr still evaluates it in the header
        "#| label: setup",
        "#| include: false",
        '#| fig-cap: "A, b"',
        "#| output: asis",
        "#| dpi: 300",
        "x <- 1",
    ]
    assert "```{python}" in out.text and "Text `r 1 + 1`." in out.text
    assert not chunk_problems(out.text)


@pytest.mark.parametrize(
    ("source", "value"),
    [("TRUE", True), ("F", False), ("NULL", None), ("3L", 3), ("0.5", 0.5), ("'a\\'b'", "a'b")],
)
def test_r_literals(source: str, value: Any) -> None:
    assert rmarkdown.r_value(source) == value


def test_r_expressions_are_not_literals() -> None:
    for source in ("c(1, 2)", "do_it", "'a' ", "TRUE && x"):
        if source.strip() == "'a'":
            continue
        with pytest.raises(rmarkdown.Expression):
            rmarkdown.r_value(source)


def test_without_chunks_outputs_are_missing_and_said() -> None:
    out = rmarkdown.to_code("```{r km, fig.height=4}\nplot(1)\n```\n")
    assert out.text.startswith("```r\nplot(1)\n```")
    assert out.warnings and "outputs" in out.warnings[0]


def test_packages_the_chunks_load() -> None:
    body = (
        "library(notme) in text\n\n```{r}\nlibrary(dplyr)\nrequire('lme4')  # fit\n"
        '# library(commented)\nrequireNamespace("sf")\n```\n'
    )
    assert rmarkdown.packages(body) == ["dplyr", "lme4", "sf"]


def test_output_to_format() -> None:
    assert rmarkdown.quarto_format("blogdown::html_page") == ("html", [])
    fmt, left = rmarkdown.quarto_format(
        {"blogdown::html_page": {"toc": True, "number_sections": True, "mystery": 1}}
    )
    assert fmt == {"html": {"toc": True, "number-sections": True}}
    assert left and "mystery" in left[0]
    assert rmarkdown.quarto_format(None) == (None, [])


# -- reports ----------------------------------------------------------------------------------


def test_report_says_which_body_and_the_packages() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["convert", str(SITE), "--to", "quarto", "--dry-run"])
    assert out.exit_code == 0, out.output
    assert "R Markdown: 5 page(s) (4 with a rendered file)" in out.output
    assert "dplyr, ggplot2, lme4, lattice, survival, boot" in out.output
    out = runner.invoke(main, ["convert", str(SITE), "--to", "jekyll", "--dry-run"])
    assert "the rendered output is the page" in out.output
    assert "never rendered" in out.output


def test_a_rendering_older_than_its_source_is_warned(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    bundle = site / "content/post/2021-03-04-mixed-models"
    old = bundle / "index.html"
    os.utime(old, (1_600_000_000, 1_600_000_000))
    os.utime(bundle / "index.Rmd", (1_700_000_000, 1_700_000_000))
    pages = {p.path: p for p in read_site(site).pages}
    warnings = pages["post/2021-03-04-mixed-models/index.html"].warnings
    assert any("older than its source index.Rmd" in w for w in warnings), warnings
    fresh = pages["post/2020-11-02-tidy-eval/index.html"].warnings
    assert not any("older" in w for w in fresh)


@pytest.mark.engine
@pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="quarto is not on PATH (no Quarto binary can be installed here); the checker stands in",
)
def test_quarto_renders_a_frozen_page_without_r(tmp_path: Path) -> None:
    """A page blogdown rendered shows from the freezer: no R is asked for."""
    out = tmp_path / "q"
    assert convert(SITE, "quarto", out=out, jobs=1).exit_code == 0
    env = {**os.environ, "QUARTO_R": str(tmp_path / "no-R-here")}
    proc = subprocess.run(
        ["quarto", "render", "posts/mixed-models/index.qmd"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    built = (out / "_site/posts/mixed-models/index.html").read_text("utf-8")
    assert "Figure 1: Fitted lines per subject." in built


def test_a_source_edited_since_its_rendering_is_warned(tmp_path: Path) -> None:
    """The front matter blogdown copies over differs: the rendering is of an older source."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    source = site / "content/post/bootstrap-notes.Rmarkdown"
    stat = source.stat()
    source.write_text(source.read_text().replace('"Bootstrap notes"', '"Bootstrap, noted"'))
    os.utime(source, (stat.st_atime, stat.st_mtime))  # the file times say nothing
    pages = {p.path: p for p in read_site(site).pages}
    warnings = pages["post/bootstrap-notes.markdown"].warnings
    assert any("differ (title)" in w for w in warnings), warnings
