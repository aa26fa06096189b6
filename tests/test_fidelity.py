"""The fidelity helper: what a reader sees of a body, and what a conversion lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import read_site
from converter.body.fidelity import compare, structures, visible_source
from converter.body.render import BodyRules, render_body
from converter.tables import load_table
from tests.conftest import FIXTURE_SITES, FIXTURES, NO_CORPORA, corpus_params, small_hugo_site

DOC = """# Title

Some *emphasised* text with [a link](https://x.example.org) and $a^2$.

- one
  - two
    - three

```python
print("hi")
```

| a | b |
|---|---|
| 1 | 2 |
"""


def test_structure_of_a_body():
    (s,) = structures([DOC], "commonmark_x")
    assert s.headings == [(1, "Title")]
    assert s.list_depth == 3 and s.links == ["https://x.example.org"]
    assert s.code == ['print("hi")'] and s.tables == 1 and s.math == ["a^2"]
    assert {"emphasised", "text", "three"} <= set(s.words)


def test_compare_names_what_was_lost():
    (a,) = structures([DOC], "commonmark_x")
    (b,) = structures(
        [DOC.replace("*emphasised* ", "").replace("    - three\n", "")], "commonmark_x"
    )
    result = compare(a, b)
    assert result.lost_words["emphasised"] == 1 and not result.ok
    assert any("lists nest 2 deep, not 3" in n for n in result.notes)
    assert compare(a, a).ok


def test_batches_give_what_single_calls_give_even_with_footnotes():
    bodies = [
        "Text[^1].\n\n[^1]: First note.\n",
        "Other[^1].\n\n[^1]: Second note.\n",
        "```\nunclosed fence\n",
        "Plain.",
    ]
    batch = structures(bodies, "commonmark_x")
    singles = [structures([b], "commonmark_x")[0] for b in bodies]
    assert [s.words for s in batch] == [s.words for s in singles]
    assert "second" not in batch[0].words and "first" not in batch[1].words


_HTML_MATH = "html+tex_math_single_backslash"  # how the targets' HTML is read


def test_math_right_before_a_digit_is_math_in_the_target_html():
    # MathJax typesets `\(x =\)70`; pandoc's rule for `$` (no digit after) must not apply
    (t,) = structures(["<p>x \\(\\tau_M =\\)70 ms, <code>\\)7</code></p>"], _HTML_MATH)
    assert t.math == ["\\tau_M ="] and "70" in t.words


def test_a_heading_on_another_page_of_a_batch_makes_no_link():
    # Goldmark has no implicit header references; in a batch pandoc's would cross pages
    batch = structures(["See [Heading] here.", "# Heading\n\nText."], "commonmark_x")
    assert batch[0].links == []


def test_visible_source_is_what_hugo_shows():
    body = (
        '> [!NOTE] Read\n> this\n\n{{< spoiler text="x" >}}inside{{< /spoiler >}} '
        "{{</* figure */>}} \\(y\\)"
    )
    seen = visible_source(body)
    assert "[!NOTE]" not in seen and "inside" in seen and "{{< figure >}}" in seen and "$y$" in seen


def test_visible_source_drops_a_nested_svg_whole():
    # draw.io nests an <svg> per formula in the drawing's; the drawing's labels are not prose
    body = "Text.\n\n<svg><g><svg><path/></svg><text>filter height</text></g></svg>\n\nMore."
    assert visible_source(body) == "Text.\n\n\n\nMore."


def test_visible_source_prints_escaped_calls_in_code_as_hugo_does():
    # Hugo runs shortcodes in code blocks too: an escaped call there shows without /* */
    body = '```\n{{</* figure src="x" */>}}\n{{%/* callout note */%}}\n```\n'
    assert visible_source(body) == '```\n{{< figure src="x" >}}\n{{% callout note %}}\n```\n'


def test_visible_source_leaves_code_as_written():
    # an alert shown as an example, and \\( \\) in a code span: code, not a callout or math
    body = "```markdown\n> [!NOTE]\n> Aside.\n```\n\nWrite `\\(x\\)` for $x$.\n"
    assert visible_source(body) == body


def test_visible_source_leaves_style_sheets_out():
    # Goldmark ends the <div> block at the blank line and shows the rest of the CSS as code;
    # pandoc keeps the element whole, as a Jupyter export means it
    body = (
        "<div>\n<style scoped>\n    th {\n        x: y;\n    }\n\n    td {}\n</style>\n"
        "<table></table>\n</div>\n"
    )
    assert visible_source(body) == "<div>\n\n<table></table>\n</div>\n"


def test_entities_in_raw_html_are_what_a_browser_shows():
    (s,) = structures(["<p>C:\\SAS).&nbsp; If age &lt; 20</p>\n"], "commonmark_x")
    assert "nbsp" not in s.words and "lt" not in s.words and s.words["age"] == 1


def test_quarto_prints_an_escaped_call_in_code_with_one_brace_less():
    indented, fenced, off = structures(
        [
            "Text:\n\n    {{{< youtube w7Ft2ymGmfc >}}}\n",
            "```\n{{{< video x.mp4 >}}} and {{< meta title >}}\n```\n",
            '```{.md shortcodes="false"}\n{{{< x >}}}\n```\n',
        ],
        "quarto",
    )
    assert indented.code == ["{{< youtube w7Ft2ymGmfc >}}"]
    assert fenced.code == ["{{< video x.mp4 >}} and {{< meta title >}}"]
    assert off.code == ["{{{< x >}}}"]


@pytest.mark.parametrize("site_name", FIXTURE_SITES)
def test_quarto_bodies_lose_nothing_a_reader_sees(site_name):
    rules = BodyRules.from_table("quarto", load_table("quarto")["body"])
    pages = read_site(FIXTURES / site_name).pages
    sources = structures([visible_source(p.body) for p in pages], "commonmark_x")
    targets = structures([render_body(p.body, rules, lambda r: r).text for p in pages], "quarto")
    for page, a, b in zip(pages, sources, targets, strict=True):
        result = compare(a, b)
        assert result.ok, (page.path, dict(result.lost_words), result.notes)


# Pages of the real corpora whose Quarto body still reads differently, each with the reason.
# Every other page must read the same (issue 4); a listed page that comes to read the same
# must leave the list, so it stays exact.
_BROKEN_IMAGE = (
    "Hugo shows the author's Markdown broken, Quarto shows what was meant (kept on purpose): "
    "an image whose address has spaces is text to CommonMark, an image to pandoc"
)
_FENCE_IN_HTML = (
    "Hugo shows the author's Markdown broken, Quarto shows what was meant (kept on purpose): "
    "a ``` fence right under an HTML line is part of that HTML block to CommonMark, so Hugo "
    "prints the fence and its code as HTML text; pandoc reads a code block"
)
_HEADING_IN_HTML = (
    "Hugo shows the author's Markdown broken, Quarto shows what was meant (kept on purpose): "
    "a `<br>` line after a blank line opens an HTML block to CommonMark that runs to the next "
    "blank line, so Hugo prints the `## heading` and the `[link](url)` under it as text; "
    "pandoc reads a heading and a link"
)
QUARTO_KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    (
        "EckoTan0804__academic-kickstart",
        "ai/natural-language-processing/LM-N-grams/03-N_Gram_Language_Model.md",
    ): _BROKEN_IMAGE,
    ("EckoTan0804__academic-kickstart", "ai/pytorch/dl-with-pytorch/p1ch8.md"): _BROKEN_IMAGE,
    ("EckoTan0804__academic-kickstart", "notes/rechner-struktur/notes-from-RO/cache.md"): (
        _BROKEN_IMAGE
    ),
    (
        "EckoTan0804__academic-kickstart",
        "notes/telematics/understanding/control_vs_data_plane.md",
    ): _BROKEN_IMAGE,
    ("paul-dickman__starter-academic", "sastips/missing.md"): _FENCE_IN_HTML,
    ("paul-dickman__starter-academic", "sastips/quintiles.md"): _FENCE_IN_HTML,
    ("ianruginski__academic-kickstart", "post/basictimemodeling.markdown"): _HEADING_IN_HTML,
}
# pages of the corpora (1,246) that read differently for any other reason
QUARTO_CORPUS_DIFFERENCES_AT_MOST = 0


@pytest.mark.corpus
def test_quarto_corpus_fidelity_does_not_regress():
    from converter.body.fidelity import check_bodies
    from tests.conftest import corpus_roots

    roots = corpus_roots()
    if not roots:
        pytest.skip(NO_CORPORA)
    rules = BodyRules.from_table("quarto", load_table("quarto")["body"])
    differing = {}
    for root in roots:
        site = read_site(root)
        pages = site.pages
        rules.math_escapes = not site.math_passthrough
        rendered = [render_body(p.body, rules, lambda r: r).text for p in pages]
        passthrough = site.math_passthrough
        results = check_bodies([p.body for p in pages], rendered, "quarto", passthrough)
        for page, result in zip(pages, results, strict=True):
            if not result.ok:
                differing[(root.name, str(page.path))] = (dict(result.lost_words), result.notes)
    unexplained = {k: v for k, v in differing.items() if k not in QUARTO_KNOWN_DIFFERENCES}
    assert len(unexplained) <= QUARTO_CORPUS_DIFFERENCES_AT_MOST, unexplained
    now_equal = sorted(set(QUARTO_KNOWN_DIFFERENCES) - set(differing))
    assert not now_equal, f"these pages read the same now; take them off the list: {now_equal}"


def test_math_passthrough_follows_the_site_settings(tmp_path: Path) -> None:
    # Hugo Blox modules pass math through Goldmark; older sites let Goldmark read `\_` first
    assert read_site(FIXTURES / "hugoblox-2026").math_passthrough
    assert not read_site(FIXTURES / "academic-v2-toml").math_passthrough
    site = small_hugo_site(tmp_path)
    (site / "config" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "config" / "_default" / "markup.yaml").write_text(
        "goldmark:\n  extensions:\n    passthrough:\n      enable: true\n", encoding="utf-8"
    )
    assert read_site(site).math_passthrough


def test_escapes_in_math_reach_the_target_as_mathjax_saw_them_in_hugo() -> None:
    rules = BodyRules.from_table("quarto", load_table("quarto")["body"])
    body = "Loss $L\\_{CE} = -y\\_1$ here."
    rules.math_escapes = True
    assert "$L_{CE} = -y_1$" in render_body(body, rules, lambda r: r).text
    rules.math_escapes = False  # passthrough: Hugo gave MathJax the text as written
    assert "$L\\_{CE} = -y\\_1$" in render_body(body, rules, lambda r: r).text


# Python-Markdown with the extensions the shipped mkdocs.yml turns on (mappings/sites/mkdocs),
# emoji aside (its generator is Material's); what `mkdocs build` runs on each page body
MKDOCS_EXTENSIONS = {
    "toc": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "footnotes": {},
    "pymdownx.details": {},
    "pymdownx.mark": {},
    "pymdownx.highlight": {},
    "pymdownx.superfences": {},
    "pymdownx.arithmatex": {"generic": True},
}
# Corpus pages whose MkDocs body reads differently, each with its reason: the same pages as
# for Quarto, where Goldmark shows the author's Markdown broken and Python-Markdown shows what
# was meant. Every other page must read the same; a listed page that comes to read the same
# must leave the list.
_MKDOCS_BROKEN_IMAGE = (
    "Hugo shows the author's Markdown broken, MkDocs shows what was meant (kept on purpose): "
    "an image whose address has spaces is text to CommonMark, an image to Python-Markdown"
)
_MKDOCS_FENCE_IN_HTML = (
    "Hugo shows the author's Markdown broken, MkDocs shows what was meant (kept on purpose): "
    "a ``` fence right under an HTML line is part of that HTML block to CommonMark, so Hugo "
    "prints the fence and its code as HTML text; superfences reads a code block"
)
_MKDOCS_REASONS = {
    _BROKEN_IMAGE: _MKDOCS_BROKEN_IMAGE,
    _FENCE_IN_HTML: _MKDOCS_FENCE_IN_HTML,
    _HEADING_IN_HTML: _HEADING_IN_HTML.replace("Quarto", "MkDocs").replace(
        "pandoc", "Python-Markdown"
    ),
}
MKDOCS_KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    key: _MKDOCS_REASONS[reason] for key, reason in QUARTO_KNOWN_DIFFERENCES.items()
}


def test_mkdocs_shipped_extensions_match_the_ones_measured() -> None:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda *a: None)
    shipped = yaml.load(
        (Path(__file__).parents[1] / "mappings/sites/mkdocs/mkdocs.yml").read_text("utf-8"),
        Loader=Loader,
    )
    names = {next(iter(e)) if isinstance(e, dict) else e for e in shipped["markdown_extensions"]}
    assert names - {"pymdownx.emoji"} == set(MKDOCS_EXTENSIONS)


@pytest.mark.corpus
@pytest.mark.parametrize("root", corpus_params())
def test_mkdocs_corpus_fidelity_does_not_regress(root: Path) -> None:
    import markdown

    from converter.body.fidelity import check_bodies

    site = read_site(root)
    rules = BodyRules.from_table("mkdocs", load_table("mkdocs")["body"])
    rules.math_escapes = not site.math_passthrough
    html = [
        markdown.Markdown(
            extensions=list(MKDOCS_EXTENSIONS), extension_configs=MKDOCS_EXTENSIONS
        ).convert(render_body(p.body, rules, lambda r: r).text)
        for p in site.pages
    ]
    results = check_bodies(
        [p.body for p in site.pages], html, "html+tex_math_single_backslash", site.math_passthrough
    )
    differing = {str(p.path) for p, r in zip(site.pages, results, strict=True) if not r.ok}
    known = {path for (name, path) in MKDOCS_KNOWN_DIFFERENCES if name == root.name}
    assert not differing - known, f"pages that read differently: {sorted(differing - known)}"
    assert not known - differing, f"these read the same now; unlist them: {known - differing}"
