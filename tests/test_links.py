"""The site-wide link map: Hugo's addresses of every page, and ref/relref lookups."""

from __future__ import annotations

import pytest

from converter import read_site
from converter.body.links import LinkMap, hugo_url, ref_resolver, rewrite_root_links, urlize
from converter.body.render import BodyRules, render_body
from converter.tables import load_table
from tests.conftest import FIXTURES, NO_CORPORA, corpus_roots


def new(page) -> str:  # a stand-in target layout
    return "/new/" + page.path


def by_path(site):
    return {p.path: p for p in site.pages}


def test_hugo_urls_follow_folders_slug_permalinks_and_languages():
    v5 = read_site(FIXTURES / "academic-v5-yaml")
    pages = by_path(v5)
    # permalinks event: /talk/:slug/ — with no slug, Hugo uses the urlized title
    talk = pages["event/stoneflies-in-floods/index.md"]
    assert hugo_url(talk, v5) == "/talk/" + urlize(talk.fields["title"]) + "/"
    assert hugo_url(pages["post/field-season-2023/index.md"], v5) == "/post/field-season-2023/"
    assert (
        hugo_url(pages["post/writing-with-shortcodes.md"], v5) == "/post/writing-with-shortcodes/"
    )
    assert hugo_url(pages["publication/_index.md"], v5) == "/publication/"
    multi = read_site(FIXTURES / "multilingual")
    m = by_path(multi)
    assert hugo_url(m["en/post/recorder-setup.md"], multi) == "/post/recorder-setup/"
    assert (
        hugo_url(m["ja/post/dawn-chorus-in-traffic/index.md"], multi)
        == "/ja/post/dawn-chorus-in-traffic/"
    )


def test_refs_resolve_like_hugo(tmp_path):
    (tmp_path / "config.yaml").write_text("title: t\n")
    content = tmp_path / "content"
    for rel in [
        "post/a/index.md",
        "post/b.md",
        "notes/ml/AdaBoost.md",
        "notes/ml/boosting.md",
        "_index.md",
    ]:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text("---\ntitle: x\n---\n")
    site = read_site(tmp_path)
    links = LinkMap.build(site, new)
    pages = by_path(site)
    a, boosting = pages["post/a/index.md"], pages["notes/ml/boosting.md"]
    assert links.resolve_ref("../b.md", a) == "/new/post/b.md"
    assert links.resolve_ref("/post/b.md", a) == "/new/post/b.md"
    assert links.resolve_ref("b.md", a) == "/new/post/b.md"  # by name, anywhere
    assert links.resolve_ref("adaboost.md", boosting) == "/new/notes/ml/AdaBoost.md"  # any case
    assert links.resolve_ref("post/a#results", boosting) == "/new/post/a/index.md#results"
    assert links.resolve_ref("missing.md", a) is None


def test_root_relative_links_are_rewritten_or_reported():
    site = read_site(FIXTURES / "academic-v5-yaml")
    links = LinkMap.build(site, new)
    body = (
        "See [the post](/post/field-season-2023/#methods), [cv](/uploads/cv.pdf), "
        "[gone](/nowhere/) and [a tag](/tag/flood/)."
    )
    text, warnings = rewrite_root_links(body, links)
    assert "[the post](/new/post/field-season-2023/index.md#methods)" in text
    assert "[cv](/uploads/cv.pdf)" in text  # a static file: left for the writer to place
    assert "[gone](/nowhere/)" in text and any("/nowhere/ matches no page" in w for w in warnings)
    assert any("/tag/flood/ is a taxonomy page" in w for w in warnings)


def test_relref_in_a_body_through_the_renderer():
    site = read_site(FIXTURES / "academic-v5-yaml")
    links = LinkMap.build(site, new)
    page = by_path(site)["post/field-season-2023/index.md"]
    rules = BodyRules.from_table("quarto", load_table("quarto")["body"])
    out = render_body(
        '[x]({{< relref "../writing-with-shortcodes.md" >}})', rules, ref_resolver(links, page)
    )
    assert out.text == "[x](/new/post/writing-with-shortcodes.md)"


@pytest.mark.corpus
def test_every_corpus_ref_resolves_but_the_one_that_is_broken_in_the_source():
    from converter.body.shortcodes import parse

    roots = corpus_roots()
    if not roots:
        pytest.skip(NO_CORPORA)
    unresolved = []
    for root in roots:
        site = read_site(root)
        links = LinkMap.build(site, new)
        for page in site.pages:
            for call in parse(page.body).shortcodes():
                if (
                    call.name in ("ref", "relref")
                    and links.resolve_ref(call.get(0) or "", page) is None
                ):
                    unresolved.append((root.name, page.path, call.get(0)))
    # EckoTan0804's scaled-YOLO-v4.md links to yolov5.md, but the page is yolo-v5.md:
    # broken in Hugo too
    assert unresolved == [
        (
            "EckoTan0804__academic-kickstart",
            "ai/computer-vision/object-detection/scaled-YOLO-v4.md",
            "yolov5.md",
        )
    ]


def test_bundle_files_follow_their_page_or_where_the_writer_moved_them():
    from converter.body.links import rewrite_resource_links

    v5 = read_site(FIXTURES / "academic-v5-yaml")
    pages = by_path(v5)
    paper = pages["publication/sediment-pulses/index.md"]
    assert "sediment-pulses.pdf" in {r.name for r in paper.resources}
    beside = LinkMap.build(v5, new)
    assert beside.resolve_url("/publication/sediment-pulses/sediment-pulses.pdf") == (
        "/new/publication/sediment-pulses/sediment-pulses.pdf",
        "resource",
    )
    moved = LinkMap.build(v5, new, resource_url=lambda page, res: f"/files/{res.name}")
    assert moved.resolve_url("/publication/sediment-pulses/sediment-pulses.pdf#page=2") == (
        "/files/sediment-pulses.pdf#page=2",
        "resource",
    )
    text = (
        '![Map](./map.png) and [the paper](paper.pdf#p3) and <img src="map.png">,'
        " not [a page](other/) nor [a site](https://example.org/map.png)"
    )
    assert rewrite_resource_links(
        text, {"map.png": "/images/map.png", "paper.pdf": "/f/p.pdf"}
    ) == (
        '![Map](/images/map.png) and [the paper](/f/p.pdf#p3) and <img src="/images/map.png">,'
        " not [a page](other/) nor [a site](https://example.org/map.png)"
    )


@pytest.mark.parametrize("target", ["quarto", "mkdocs", "jekyll"])
def test_a_ref_in_a_markdown_link_is_not_checked_again_as_an_old_address(tmp_path, target):
    # Quarto serves /post/b/ at /posts/b/: the ref's new address is no Hugo address, and
    # must not be reported as a link to nothing
    from converter import convert

    (tmp_path / "content" / "post").mkdir(parents=True)
    (tmp_path / "config.yaml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "content" / "post" / "a.md").write_text(
        '---\ntitle: A\n---\nSee [b]({{< ref "post/b" >}}) and [gone](/nowhere/).\n',
        encoding="utf-8",
    )
    (tmp_path / "content" / "post" / "b.md").write_text("---\ntitle: B\n---\nx\n", "utf-8")
    warnings = [w for p in convert(tmp_path, target, dry_run=True).plan.pages for w in p.warnings]
    assert [w for w in warnings if "matches no page" in w] == [
        "line 4: link to /nowhere/ matches no page or static file; kept as written"
    ]
