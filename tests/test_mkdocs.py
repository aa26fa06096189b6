"""MkDocs (Material) target, issue 7: writer, reader back, real `mkdocs build --strict`.

The expectations of the unit tests are written from the documentation, not from running the
code: Material's blog plugin (docs/plugins/blog.md; material/plugins/blog/structure/config.py
PostConfig and author.py: `date` a YAML date or {created, updated}, authors declared in
`blog/.authors.yml` with name, description and avatar, `<!-- more -->`), MkDocs 1.6 (YAML
front matter read by PyYAML, `docs/` as docs_dir) and ../shared/reference/target-conventions.md
section 4 and 6 (`!!! note`, `??? note "T"`, 4-space nested lists, `{ .md-button }`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from converter import convert, read_site, roundtrip
from converter.body.fidelity import check_bodies
from converter.cli import main
from converter.conventions.mkdocs import served
from converter.readers.mkdocs import MkDocsReader
from converter.sidecar import read_record
from converter.visible import page_facts
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_id, corpus_params, small_hugo_site
from tests.engines.mkdocs import build, needs_mkdocs
from tests.test_fidelity import MKDOCS_KNOWN_DIFFERENCES
from tests.test_home_mkdocs import home_problems
from tests.test_visible_mkdocs import addresses, body_only, built_pages, visible_problems


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


SITE = {
    "config.yaml": """
        title: Jo Example
        baseURL: https://jo.example.org/
        menu:
          main:
            - {name: Publications, url: /publication/, weight: 20}
            - {name: Posts, url: /post/, weight: 10}
        """,
    "content/authors/admin/_index.md": """
        ---
        title: Jo Example
        role: Professor of Examples
        ---
        """,
    "content/post/hello/index.md": """
        ---
        title: Hello world
        date: 2020-01-02
        lastmod: 2020-02-03
        summary: A first post.
        authors: [admin]
        tags: [intro, news]
        categories: [Notes]
        ---
        Before the fold.

        <!--more-->

        {{% callout warning %}}
        Mind the gap.
        {{% /callout %}}

        {{< spoiler text="Answer" >}}
        Forty-two.
        {{< /spoiler >}}

        - one
          - nested
        """,
    "content/post/undated.md": """
        ---
        title: No date here
        ---
        Text.
        """,
    "content/post/twice.md": """
        ---
        title: Twice
        date: 2021-05-06
        categories: [A, A]
        ---
        Text.
        """,
    "content/publication/paper/index.md": """
        ---
        title: A paper
        date: 2021-03-04
        authors: [admin, Ann Other]
        publication: "*Journal of Tests*"
        url_pdf: paper.pdf
        url_code: https://code.example.org/paper
        ---
        Abstract text.
        """,
    "content/publication/paper/paper.pdf": "%PDF-1.4 test\n",
    "content/event/talk/index.md": """
        ---
        title: A talk
        date: 2022-05-06T10:00:00Z
        event: Test Conference
        event_url: https://conf.example.org
        location: Testville
        ---
        """,
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("mk")
    src = write(base / "src", SITE)
    out = base / "out"
    result = CliRunner().invoke(main, ["convert", str(src), "--to", "mkdocs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return src, out


def front(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter as MkDocs reads it (PyYAML SafeLoader) and the body."""
    text = path.read_text("utf-8")
    m = re.match(r"^---\n(.*?\n)---\n(.*)$", text, re.DOTALL)
    assert m, f"{path} has no YAML front matter"
    return yaml.safe_load(m.group(1)), m.group(2)


class ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml has !!python/name tags; they only need to load here."""


ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def test_served_addresses() -> None:
    assert served("docs/index.md") == "/"
    assert served("docs/publication/paper/index.md") == "/publication/paper/"
    assert served("docs/blog/posts/2020-01-02/hello.md") == "/blog/hello/"
    # the blog plugin moves a post's media from blog/posts/ to blog/
    assert served("docs/blog/posts/2020-01-02/hello/a.png") == "/blog/2020-01-02/hello/a.png"
    assert served("_hugo_academic/config.yaml") is None


def test_post_front_matter_is_what_the_blog_plugin_validates(converted: tuple[Path, Path]) -> None:
    _, out = converted
    data, body = front(out / "docs/blog/posts/2020-01-02/hello.md")
    assert data["title"] == "Hello world"
    assert data["date"] == {"created": dt.date(2020, 1, 2), "updated": dt.date(2020, 2, 3)}
    assert data["description"] == "A first post."
    assert data["authors"] == ["admin"]
    assert data["tags"] == ["intro", "news"]
    assert data["categories"] == ["Notes"]
    assert read_record(out, "docs/blog/posts/2020-01-02/hello.md")["kind"] == "post"
    assert "<!-- more -->" in body
    # the content of a block indented by 4 spaces (a blank line after the head is allowed)
    assert re.search(r"^!!! warning\n(\n)?    Mind the gap\.$", body, re.MULTILINE)
    assert re.search(r'^\?\?\? note "Answer"\n(\n)?    Forty-two\.$', body, re.MULTILINE)
    assert "- one\n    - nested" in body


def test_authors_file_declares_every_post_author(converted: tuple[Path, Path]) -> None:
    _, out = converted
    authors = yaml.safe_load((out / "docs/blog/.authors.yml").read_text("utf-8"))["authors"]
    assert authors["admin"]["name"] == "Jo Example"
    assert authors["admin"]["description"] == "Professor of Examples"
    assert isinstance(authors["admin"]["avatar"], str) and authors["admin"]["avatar"]
    # the blog's author names link to the person page (blog-post.html: `author.url | url`)
    assert authors["admin"]["url"] == "authors/admin/"


def test_posts_the_blog_would_reject_are_kept_safe(converted: tuple[Path, Path]) -> None:
    _, out = converted
    # no date: an ordinary page, not a blog post
    assert not list((out / "docs/blog/posts").rglob("undated.md"))
    data, _ = front(out / "docs/post/undated/index.md")
    assert data["title"] == "No date here"
    # categories must be unique: the list waits under hugo_academic
    data, _ = front(out / "docs/blog/posts/2021-05-06/twice.md")
    assert "categories" not in data
    kept = read_record(out, "docs/blog/posts/2021-05-06/twice.md")
    assert kept["fields"]["categories"] == ["A", "A"]


def test_publication_page_shows_its_facts_and_links(converted: tuple[Path, Path]) -> None:
    _, out = converted
    data, body = front(out / "docs/publication/paper/index.md")
    assert data["title"] == "A paper"
    assert (out / "docs/publication/paper/paper.pdf").is_file()
    assert "**Date:** 2021-03-04" in body
    assert "**Published in:** *Journal of Tests*" in body
    assert "[PDF](paper.pdf){ .md-button }" in body
    assert "[Code](https://code.example.org/paper){ .md-button }" in body
    _, talk = front(out / "docs/event/talk/index.md")
    assert "**Event:** [Test Conference](https://conf.example.org)" in talk
    assert "**Location:** Testville" in talk


def test_sections_get_a_listing_page(converted: tuple[Path, Path]) -> None:
    _, out = converted
    data, body = front(out / "docs/publication/index.md")
    assert "hugo_academic" not in data  # the writer's own: its record file says so
    record = (out / "_hugo_academic/records/docs/publication/index.md.yaml").read_text("utf-8")
    assert "\n  generated: true\n" in record
    assert "- 2021-03-04: [A paper](paper/index.md)" in body


def test_mkdocs_yml(converted: tuple[Path, Path]) -> None:
    _, out = converted
    config = yaml.load((out / "mkdocs.yml").read_text("utf-8"), Loader=ConfigLoader)
    assert config["site_name"] == "Jo Example"
    assert config["site_url"] == "https://jo.example.org/"
    assert config["theme"]["name"] == "material"
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert {"search", "blog", "tags"} <= set(names)
    extensions = {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}
    assert {
        "admonition",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.arithmatex",
        "attr_list",
        "md_in_html",
        "pymdownx.emoji",
        "tables",
        "footnotes",
    } <= extensions
    nav = config["nav"]
    assert {"Posts": "blog/index.md"} in nav and {"Publications": "publication/index.md"} in nav
    assert nav.index({"Posts": "blog/index.md"}) < nav.index(
        {"Publications": "publication/index.md"}
    )
    # Hugo config kept where MkDocs does not look
    assert (out / "_hugo_academic/config.yaml").is_file()


def test_reader_detects_only_mkdocs_projects(converted: tuple[Path, Path]) -> None:
    src, out = converted
    assert MkDocsReader().detect(out)
    assert MkDocsReader().detect(out / "docs/publication/paper/index.md")
    assert not MkDocsReader().detect(src)


def test_read_back_gives_the_hugo_site(converted: tuple[Path, Path]) -> None:
    src, out = converted
    back = {p.path: p for p in read_site(out).pages}
    post = back["post/hello/index.md"]
    assert post.kind == "post"
    assert post.fields["date"] == dt.date(2020, 1, 2)
    assert post.fields["lastmod"] == dt.date(2020, 2, 3)
    assert "{{% callout warning %}}" in post.body
    assert "**Date:**" not in back["publication/paper/index.md"].body
    assert [r.name for r in back["publication/paper/index.md"].resources] == ["paper.pdf"]
    assert "publication/_index.md" not in back  # the generated listing is not a Hugo page
    assert roundtrip(src, "mkdocs").equal


def test_plain_mkdocs_page_is_read_by_its_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "mkdocs.yml": "site_name: Plain\n",
            "docs/blog/posts/first.md": "---\ntitle: First\ndate: 2024-01-31\n---\nHi.\n",
            "docs/publications/p.md": "---\ntitle: P\n---\n",
        },
    )
    pages = {p.path: p for p in read_site(tmp_path).pages}
    assert pages["post/first.md"].kind == "post"
    assert pages["post/first.md"].fields["date"] == dt.date(2024, 1, 31)
    assert pages["publication/p.md"].kind == "publication"


# -- real MkDocs --------------------------------------------------------------------------------


# the page's own content in Material's layout (the blog plugin's index shows it in a header
# above the posts); neither the tags listed above it nor the title (Material's or the
# writer's) nor the writer's header are the body (test_visible_mkdocs.body_only)
ARTICLE = re.compile(
    r'<article class="md-content__inner md-typeset">(.*)</article>'
    r'|<div class="md-content__inner">\s*<header class="md-typeset">(.*?)</header>',
    re.DOTALL,
)
TAGS = re.compile(r'<nav class="md-tags"[^>]*>.*?</nav>', re.DOTALL)


def check_built(root: Path, out: Path, known: frozenset[str] = frozenset()) -> None:
    """Convert `root`, build it strictly, and look at every post, talk and publication; see
    that every page shows what the Academic theme showed on it (test_visible_mkdocs.py: only
    the facts listed there may stay hidden), and every home page what its widgets showed
    (test_home_mkdocs.py); and compare the body of every page built with its
    Hugo body (fidelity.py): only the pages in `known` may read differently, and they must."""
    site = read_site(root)
    result = convert(site, "mkdocs", out=out)
    assert result.exit_code in (0, 1)
    built = build(out)
    assert built.returncode == 0, built.output[-3000:]
    problems = []
    bodies: dict[str, tuple[str, str]] = {}  # page path: its Hugo body, its built body
    # the plan reports pages in the order of site.pages, then the pages that failed to read
    for page, report in zip(site.pages, result.plan.pages[: len(site.pages)], strict=True):
        address = served(report.outputs[0]) if report.outputs else None
        if address is None:
            continue  # not published by Hugo either (headless)
        if page.fields.get("draft") is True and report.outputs[0].startswith("docs/blog/"):
            continue  # the blog plugin leaves drafts out, as Hugo does
        text = built.html(address)
        if text is None:
            problems.append(f"{page.path}: nothing built at {address}")
            continue
        article = ARTICLE.search(text)
        if article is None:
            problems.append(f"{page.path}: no article in the page at {address}")
            continue
        content = TAGS.sub("", article.group(1) or article.group(2))
        # the body alone: the header's words (the abstract, the title) must not hide a loss
        titled = any(f.field == "title" for f in page_facts(page, site))
        bodies[str(page.path)] = (page.body, body_only(content, titled))
        if page.kind not in ("post", "event", "publication"):
            continue
        plain = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        title = " ".join(str(page.fields.get("title") or "").split())
        if title and title not in plain and html.escape(title) not in text:
            problems.append(f"{page.path}: title {title!r} not shown")
        date = page.fields.get("date")
        if isinstance(date, dt.date) and date.isoformat()[:10] not in text:
            problems.append(f"{page.path}: date {date} not shown")
        wanted = sum(
            1
            for key in ("url_pdf", "url_code", "url_slides", "url_video", "url_dataset")
            # the starters' `#` placeholder is no link to show (converter/visible.py)
            if isinstance(page.fields.get(key), str) and page.fields[key].strip() not in ("", "#")
        )
        if page.kind != "post" and text.count("md-button") < wanted:
            problems.append(f"{page.path}: {wanted} link buttons expected")
    assert not problems, "\n".join(problems[:20])
    seen = visible_problems(
        corpus_id(root),
        site,
        built_pages(site, result.plan.pages, built),
        addresses(site, result.plan.pages),
    )
    assert not seen.problems, "\n".join(seen.problems[:20])
    # what each widget or landing page showed, on its page or one link away (issue 18)
    home = home_problems(corpus_id(root), site, built.site)
    assert not home.problems, "\n".join(home.problems[:20])
    results = check_bodies(
        [source for source, _ in bodies.values()],
        [target for _, target in bodies.values()],
        "html+tex_math_single_backslash",
        site.math_passthrough,
    )
    differing = {path for path, r in zip(bodies, results, strict=True) if not r.ok}
    assert not differing - known, f"pages that read differently: {sorted(differing - known)}"
    assert not known - differing, f"these read the same now; unlist them: {known - differing}"


@needs_mkdocs
@pytest.mark.engine
def test_small_site_builds(converted: tuple[Path, Path], tmp_path: Path) -> None:
    src, _ = converted
    check_built(src, tmp_path / "out")


@needs_mkdocs
@pytest.mark.engine
@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_site_builds_strictly(name: str, tmp_path: Path) -> None:
    check_built(FIXTURES / name, tmp_path / "out")


@needs_mkdocs
@pytest.mark.engine
@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_site_builds_strictly(root: Path, tmp_path: Path) -> None:
    known = frozenset(path for name, path in MKDOCS_KNOWN_DIFFERENCES if name == root.name)
    check_built(root, tmp_path / "out", known)


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_roundtrip_via_mkdocs(name: str) -> None:
    result = roundtrip(FIXTURES / name, "mkdocs")
    assert result.equal, [t for t in result.pages if not t.equal][:3]


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_corpus_roundtrip_via_mkdocs(root: Path) -> None:
    result = roundtrip(root, "mkdocs")
    assert result.equal, [t for t in result.pages if not t.equal][:3]


def test_old_hugo_addresses_redirect_with_mkdocs_redirects(tmp_path: Path) -> None:
    result = convert(small_hugo_site(tmp_path / "hugo"), "mkdocs", out=tmp_path / "m")
    assert result.exit_code == 0
    config = (tmp_path / "m" / "mkdocs.yml").read_text("utf-8")
    assert "redirects" in config and "talks/2021/old-talk" in config
    pytest.importorskip("mkdocs_redirects", reason="mkdocs-redirects is not installed")
    built = build(tmp_path / "m")
    assert built.returncode == 0, built.output[-2000:]
    page = built.html("/talks/2021/old-talk/")
    assert page is not None and "talk/old-talk/" in page and "refresh" in page


def test_a_nul_in_a_link_field_leaves_the_page_a_text_page(tmp_path: Path) -> None:
    """Found by the round-trip property test: `url_pdf: "\\0"` went into the page's facts
    block as a raw NUL, and the page read back as a binary file."""
    (tmp_path / "hugo" / "content" / "event" / "nul").mkdir(parents=True)
    (tmp_path / "hugo" / "config.yaml").write_text("title: Lab\n", encoding="utf-8")
    (tmp_path / "hugo" / "content" / "event" / "nul" / "index.md").write_text(
        '---\ntitle: A talk\nevent: Meeting\nurl_pdf: "\\0x"\n---\nText.\n', encoding="utf-8"
    )
    result = convert(tmp_path / "hugo", "mkdocs", out=tmp_path / "m")
    assert result.exit_code == 0
    # `nul` is a reserved name on Windows: the writer may give it another (issue 22)
    page = next((tmp_path / "m" / "docs" / "event").glob("nul*/index.md"))
    assert b"\0" not in page.read_bytes() and b"%00x" in page.read_bytes()
    back = read_site(tmp_path / "m")
    assert not back.problems, back.problems
    assert [p.fields.get("url_pdf") for p in back.pages if p.kind == "event"] == ["\0x"]


def test_generated_listing_text_is_markdown_safe_and_has_no_nul() -> None:
    from converter.writers.mkdocs_blocks import text

    # a NUL would make the listing a binary file to read back; CommonMark shows U+FFFD
    assert text("a\x00b") == "a\ufffdb"
    assert text("[x]_*`<y>`\\  \n z") == "\\[x\\]\\_\\*\\`\\<y\\>\\`\\\\ z"


def test_redirects_are_configured_whatever_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The output must not depend on what is installed beside the converter (issue 22): with
    mkdocs-redirects not importable, mkdocs.yml still configures the plugin, and
    requirements.txt names its package."""
    import builtins
    import importlib.util
    import sys

    real_find_spec, real_import = importlib.util.find_spec, builtins.__import__
    monkeypatch.delitem(sys.modules, "mkdocs_redirects", raising=False)

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return (
            None
            if name.split(".")[0] == "mkdocs_redirects"
            else real_find_spec(name, *args, **kwargs)
        )

    def no_redirects(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] == "mkdocs_redirects":
            raise ModuleNotFoundError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(builtins, "__import__", no_redirects)
    result = convert(small_hugo_site(tmp_path / "hugo"), "mkdocs", out=tmp_path / "m")
    assert result.exit_code == 0
    config = yaml.load((tmp_path / "m" / "mkdocs.yml").read_text("utf-8"), Loader=_Tagged)
    maps = next(
        p["redirects"]["redirect_maps"]
        for p in config["plugins"]
        if isinstance(p, dict) and "redirects" in p
    )
    assert "talks/2021/old-talk/index.md" in maps or any("old-talk" in k for k in maps)
    assert "mkdocs-redirects" in (tmp_path / "m" / "requirements.txt").read_text("utf-8").split()
    assert not any("install mkdocs-redirects" in w for w in result.plan.warnings)


class _Tagged(yaml.SafeLoader):
    """Reads mkdocs.yml's `!!python/name:` values as plain strings."""


_Tagged.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
