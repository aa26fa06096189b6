"""The dialect fixes' fast paths change no output: each fix's whole-text check (`unless`), the
shared reading of a body (`Body.read`), the list containers found in one pass, and the
shortcuts of `segments`, `html_block`, `in_quotes`, the dollar fixes' lines and
`indented_code_lines` give what the slow reading gives.

The slow reading is the module with every shortcut taken out (`_slow`): each line's container
found by the walk back it was computed with before (`container_column_walk`), every text read
anew, every fix run without its check, every line looked at. Both run on generated bodies
(lists nested with spaces and tabs, blockquotes, fences, `$$` blocks, admonitions, HTML blocks,
tables...), on the hand-written body cases, on a synthetic site's bodies and on every page of
the real corpora, fix by fix and through each target's whole renderer."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from converter.body import render
from converter.body.dialects import (
    DIALECT_FIXES,
    common,
    ends_in_html_block,
    goldmark_math,
    indented_code_lines,
    kramdown,
    pandoc,
    python_markdown,
    structure,
    tex,
)
from converter.body.dialects.structure import Body, container_column_walk
from converter.body.render import BodyRules, render_body
from converter.tables import load_table
from tests.conftest import FIXTURES, corpus_roots, needs_corpora

TARGETS = ("jekyll", "quarto", "mkdocs")
# the modules a shortcut is looked up in: `_slow` replaces it in each that holds it
MODULES = (structure, tex, common, kramdown, pandoc, python_markdown)
FIXES: dict[str, Callable[[str], str]] = {**DIALECT_FIXES, "goldmark_math": goldmark_math}

# lines the fixes react to, and lines they must leave alone
_LINES = [
    "",
    "",
    "",
    "Some text of a paragraph.",
    "more text, with a | pipe",
    "- item",
    "* star item",
    "+ plus item",
    "1. one",
    "2. two",
    "1) paren",
    "10. ten",
    "-",
    "- ",
    "2. b",
    "- [A | B](https://x.org/a_b)",
    "> quoted text",
    "> - quoted item",
    "> 1. quoted one",
    ">> nested quote",
    "> $$",
    "> x^2",
    "```",
    "```python",
    "```sas proc freq",
    "```{.python}",
    '```markmap {height="200px"}',
    "~~~",
    "````",
    "```a, b```",
    "$$",
    "$$x^2$$",
    "$$ a $$ and $$ b $$",
    "$$\\begin{aligned} a &= b \\end{aligned}$$",
    "$ x_1 $ and $ y $",
    "$",
    "\\alpha + \\beta_1",
    "\\[x\\] and \\(y\\)",
    "\\\\[z\\\\]",
    "price $ 5 and $ 10",
    "$x =$70",
    "!!! note",
    "??? tip",
    "???+ tip",
    "    admonition body",
    "<div>",
    "</div>",
    '<div class="col">',
    '<div markdown="1">',
    "<section>",
    "<p>para",
    "</p>",
    "<P>upper",
    "<p>a<div>b</div>",
    "<td><p>3</td>",
    "<table>",
    "<tr><td>x</td></tr>",
    "</table>",
    "<pre>",
    "</pre>",
    "<!-- c -->",
    "<!--",
    "-->",
    "<svg width='1'>",
    "<g><div>x</div></g>",
    "</svg>",
    "<?php x ?>",
    '<font size="-1">[a link](b)</font>',
    "<span>x</span>",
    "| a | b |",
    "|---|:--:|",
    "| --- |",
    "| <li>x</li> | y |",
    "a | b",
    "---",
    "***",
    "___",
    " ### indented heading",
    "   # three in",
    "## heading",
    "C:\\SAS and \\ell and l (\\ ell)",
    "see https://x.org/a_1638_%28.png now",
    "[https://x.org/a_b_c](https://x.org/a_b_c)",
    "[^ 2] and [^1]",
    "[^1]: a note",
    ":tada: and :smile:",
    "time: 10:30",
    "![img](a.png)",
    "![alt](b.png) in text",
    "{{< figure src=x >}}",
    "`code | span $x$`",
    "\tcode with a tab",
]
_INDENTS = [
    "",
    "",
    "",
    "",
    " ",
    "  ",
    "   ",
    "    ",
    "     ",
    "      ",
    "\t",
    " \t",
    "  \t",
    "\t\t",
]


def _generated(count: int, seed: int) -> Iterator[str]:
    """Bodies of random lines, indented at random (spaces and tabs), some in blockquotes."""
    rng = random.Random(seed)
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 30)):
            line = rng.choice(_LINES)
            if line and rng.random() < 0.45:
                line = rng.choice(_INDENTS) + line
            if rng.random() < 0.08:
                line = rng.choice(["> ", ">", "> > ", " > "]) + line
            lines.append(line)
        yield "\n".join(lines) + rng.choice(["", "\n"])


# shapes the fast paths must get right, written out
_CASES = [
    "",
    "\n",
    "text\n- a\n  - b\n    - c\n\n  text in a\n\n      code in a\n- d",
    "1. a\n   1. b\n\n      in b\n   in a\n\n    code? no, in a\ntext",
    "- a\n\n\tin a by a tab\n\n\t\tcode in a\n",
    "* a\n  ```\n  code\n  ```\n* b\n```\nfence ends the list\n```",
    "text\n  ```\n  code span to pandoc\n  ```\n",
    "- a\n  text\n      ```\n      still text\n      ```\n  more",
    "> - a\n>   - b\n> text\n> $$\n> x\n> $$",
    ">text\n>- a\n>  - b\n>\n>$$\n>x\n>$$",
    "> - a\n>\n>   $$\n>   x\n>   $$",
    "\t>  $$\n\t>  x\n\t>  $$",
    "- item\n  $$\n  x^2\n  $$\n- next\n\n   $$\n   y\n   $$",
    "text\n$$\nx\n$$\nafter",
    "!!! note\n    - in the note\n        - deeper\n    $$\n    x\n    $$",
    "<div>\n\n- a\n    - b\n\n</div>",
    "<div>\n```\nraw fence\n```\n</div>",
    "<table>\n<tr><td><p>3</td></tr>\n    <tr><td>4</td></tr>\n</table>",
    "| a | b |\n|---|---|\n\ntext | pipe",
    "   - three in\n       - under it\n           code?\n",
    "10. ten\n    1. nested at four\n       text",
    "- a\n- \n-\n  - b\n1) c\n2) d\n- e",
]


def _fixture_bodies() -> Iterator[str]:
    cases = YAML(typ="safe").load((FIXTURES / "bodies" / "cases.yaml").read_text("utf-8"))
    for case in cases:
        if isinstance(case, dict) and isinstance(case.get("input"), str):
            yield case["input"]
    for page in sorted(FIXTURES.glob("*/content/**/*.md")):
        yield _body(page.read_text("utf-8", errors="replace"))


def _body(page: str) -> str:
    """The page's text after its front matter (all of it, when it has none)."""
    page = page.replace("\r\n", "\n")
    for fence in ("---", "+++"):
        if page.startswith(fence + "\n"):
            end = page.find("\n" + fence, len(fence))
            if end >= 0:
                return page[end + len(fence) + 1 :].lstrip("\n")
    return page


def _corpus_bodies() -> list[str]:
    pages = [p for root in corpus_roots() for p in sorted((root / "content").rglob("*.md"))]
    return [_body(p.read_text("utf-8", errors="replace")) for p in pages]


def _synthetic_bodies(tmp: Path) -> list[str]:
    from bench.synth import generate

    generate(tmp / "synth", 120)
    return [_body(p.read_text("utf-8")) for p in sorted((tmp / "synth").rglob("*.md"))]


# pages longer than this are compared with the containers of the one pass (checked against the
# walk back on every line of the page), not the walk at every read: it takes time quadratic
# in the page's lines, half a minute on the corpora's longest pages
_WALKED_LINES = 200


@contextmanager
def _slow(walk: bool = True) -> Iterator[None]:
    """The module as it reads without a shortcut: containers by the walk back, every text
    read anew and split line by line, every fix run without its whole-text check."""
    with pytest.MonkeyPatch.context() as mp:
        if walk:
            mp.setattr(Body, "container_column", container_column_walk)
        mp.setattr(Body, "read", staticmethod(Body.parse))
        slow = {
            "segments": structure.scan_segments,
            "html_block": structure.html_block_start,
            "in_quotes": _every_quote,
            "loose_dollars": tex.each_loose_dollar,
            "_arithmatex_line": python_markdown._arithmatex_math,
        }
        for name, without_shortcut in slow.items():
            holders = [m for m in MODULES if hasattr(m, name)]
            assert holders, name  # a shortcut renamed or gone: the test would take it
            for module in holders:
                mp.setattr(module, name, without_shortcut)
        for name, fix in DIALECT_FIXES.items():
            mp.setitem(DIALECT_FIXES, name, _unchecked(fix))
        mp.setattr(render, "goldmark_math", _unchecked(goldmark_math))
        mp.setattr(render, "indented_code_lines", _indented_lines)
        yield


def _every_quote(text: str, fix: Callable[[str], str]) -> str:
    """`in_quotes` looking for blockquotes even where no line starts with `>`."""
    return structure.fix_quotes(fix(text), fix)


def _unchecked(fix: Callable[[str], str]) -> Callable[[str], str]:
    wrapped: Callable[[str], str] = getattr(fix, "__wrapped__", fix)
    return wrapped


def _indented_lines(text: str) -> frozenset[int]:
    """What `indented_code_lines` answers, from the body read in full."""
    return frozenset(i + 1 for i, code in enumerate(Body.parse(text).indented) if code)


def _reading(body: Body) -> tuple[Any, ...]:
    items = [(m.span(), m.groups()) if m else None for m in body.items]
    return body.lines, body.kind, items, body.para, body.indented, body.html


def _fix_outputs(text: str) -> dict[str, str]:
    return {name: FIXES[name](text) for name in FIXES}


def _slow_fix_outputs(text: str) -> dict[str, str]:
    return {name: _unchecked(fix)(text) for name, fix in FIXES.items()}


def _same_as_slow(texts: list[str]) -> None:
    """Each fix, the body reading and `indented_code_lines` give the same on every text with
    the shortcuts as without; and the body a fix shares is left as it was read."""
    fast = []
    for text in texts:
        body = Body.parse(text)
        containers = [body.container_column(i) for i in range(len(body.lines))]
        # the forward pass against the walk back, on the same body
        walked = [container_column_walk(body, i) for i in range(len(body.lines))]
        assert containers == walked, text
        shared = Body.read(text)  # what the fixes that read this text are handed
        outputs = _fix_outputs(text)
        assert _reading(shared) == _reading(body), text  # no fix changed it
        fast.append((_reading(body), outputs, indented_code_lines(text), ends_in_html_block(text)))
    for text, (reading, outputs, indented, in_html) in zip(texts, fast, strict=True):
        with _slow(walk=text.count("\n") < _WALKED_LINES):
            assert _reading(Body.read(text)) == reading, text
            slow_outputs = _slow_fix_outputs(text)
            assert indented == _indented_lines(text), text
            assert in_html == ends_in_html_block(text), text
        for name in FIXES:
            assert outputs[name] == slow_outputs[name], (name, text)


def _rules(math_escapes: tuple[bool, ...]) -> list[BodyRules]:
    out = []
    for target in TARGETS:
        for escapes in math_escapes:
            rules = BodyRules.from_table(target, load_table(target).get("body"))
            rules.math_escapes = escapes
            out.append(rules)
    return out


def _same_render_as_slow(texts: list[str], math_escapes: tuple[bool, ...] = (False, True)) -> None:
    """Each target's whole renderer (shortcodes, then its fixes in order, the shared reading
    handed from one to the next) gives the same with the shortcuts as without."""
    rules = _rules(math_escapes)
    fast = [[render_body(text, r) for r in rules] for text in texts]
    for text, rendered in zip(texts, fast, strict=True):
        with _slow(walk=text.count("\n") < _WALKED_LINES):
            wanted = [render_body(text, r) for r in rules]
        for r, got, want in zip(rules, rendered, wanted, strict=True):
            assert (got.text, got.warnings, got.unknown) == (
                want.text,
                want.warnings,
                want.unknown,
            ), (r.target, r.math_escapes, text)


def test_slow_mode_takes_the_shortcuts_out() -> None:
    """The comparison is only worth something if `_slow` reads differently: a text no check
    lets through reaches the fix, and the containers come from the walk."""
    calls: list[str] = []

    def walk(body: Body, first: int) -> int:
        calls.append("walk")
        return container_column_walk(body, first)

    with _slow(), pytest.MonkeyPatch.context() as mp:
        mp.setattr(Body, "container_column", walk)
        assert DIALECT_FIXES["pipes_outside_tables"] is not FIXES["pipes_outside_tables"]
        Body.read("- a\n\n  text")
        assert calls
        assert Body.read("x") is not Body.read("x")
    assert Body.read("x\ny") is Body.read("x\ny")
    assert [n for n, f in FIXES.items() if hasattr(f, "__wrapped__")], "no fix is checked"


def test_checks_pass_texts_unchanged() -> None:
    """Hand-written: the texts the checks let through are ones the fixes return as they are,
    and a text with what a fix needs is still fixed."""
    assert FIXES["pipes_outside_tables"]("a | b") == "a \\| b"
    assert FIXES["close_paragraphs"]("<div><p>a\n\ntext") == "<div><p>a</p>\n\ntext"
    assert FIXES["blank_line_before_lists"]("> text\n> - a") == "> text\n>\n> - a"
    assert FIXES["blank_line_before_lists"](">text\n>- a") == "> text\n>\n> - a"
    assert FIXES["blank_line_before_lists"](" > text\n > - a") == " > text\n >\n > - a"
    assert FIXES["four_space_lists"](">- a\n>  - b") == "> - a\n>     - b"
    assert FIXES["heading_indent"]("  ## h") == "## h"
    assert FIXES["math_blocks_at_margin"](">   $$\n>   x\n>   $$") == "> $$\n> x\n> $$"
    assert FIXES["html_block_indent"]("<div>\n    <p>x</p>\n</div>") == "<div>\n<p>x</p>\n</div>"
    assert FIXES["fences_end_lists"]("- a\n  b\n```\nc\n```") == "- a\n  b\n\n```\nc\n```"
    assert FIXES["emoji_to_unicode"](":tada:") == "\N{PARTY POPPER}"
    for name in FIXES:
        text = "Plain words, nothing else."
        assert FIXES[name](text) == text, name
    assert indented_code_lines("a\n\n    code\n\n\tcode\n  \tcode") == {3, 5, 6}
    assert indented_code_lines("a\n\n   not code\n- b\n\n      code in b") == {6}


def test_containers_in_one_pass_hand_written() -> None:
    # a blank line has no container (its column is 0); `-\t` puts the content at column 4
    body = Body.parse("- a\n  - b\n\n    in b\n\n  in a\n\nout\n-\ttab\n\n\tin tab")
    columns = [0, 2, 0, 4, 0, 2, 0, 0, 0, 0, 4]
    assert [body.container_column(i) for i in range(len(body.lines))] == columns


def test_generated_bodies_as_slow() -> None:
    _same_as_slow(list(_generated(600, seed=9)) + _CASES)


def test_fixture_and_synthetic_bodies_as_slow(tmp_path: Path) -> None:
    texts = list(_fixture_bodies()) + _synthetic_bodies(tmp_path)
    _same_as_slow(texts)
    _same_render_as_slow(texts)
    _same_render_as_slow(list(_generated(150, seed=90)) + _CASES)


@needs_corpora
def test_corpus_bodies_as_slow() -> None:
    texts = _corpus_bodies()
    assert len(texts) > 1000
    _same_as_slow(texts)
    _same_render_as_slow(texts, math_escapes=(False,))  # goldmark_math: in _same_as_slow
