"""`split.split` and `split.detect`, which read a page's lines one at a time and only up to the
closing fence, against the code they replace (every line of the page split out with
`split._lines`, twice): the same `Split`, or the same error, on generated page texts (fences,
BOM, blank lines, every kind of line end, and the characters `str.splitlines` would also break
at) and on every page file of the fixtures and the corpora.

No timing here: the benchmark (bench/run.py) measures what the fast path saves.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.errors import FrontMatterError
from tests.conftest import FIXTURES, corpus_roots

# the module (`converter.frontmatter.split` is also the name of its function, re-exported)
sp = importlib.import_module("converter.frontmatter.split")


def _reference_detect(text: str) -> str | None:
    stripped = text.lstrip(sp.BOM).lstrip("\r\n\t ")
    first = sp._lines(stripped)[0].rstrip("\r\n \t") if stripped else ""
    if first in sp._FENCES:
        return sp._FENCES[first]
    if stripped.startswith("{"):
        return "json"
    return None


def _reference_split(text: str) -> sp.Split:
    fmt = _reference_detect(text)
    if fmt is None:
        return sp.Split(None, "", "", "", "", text, 1, "\n")
    start = len(text) - len(text.lstrip(sp.BOM).lstrip("\r\n\t "))
    prefix = text[:start]
    line0 = prefix.count("\n")
    rest = text[start:]
    if fmt == "json":
        return sp._split_json(prefix, rest, line0)
    lines = sp._lines(rest)
    open_fence = lines[0]
    pattern = sp._FENCE_LINE[fmt]
    for i in range(1, len(lines)):
        if pattern.match(lines[i].rstrip("\n").rstrip("\r") + "\r"):
            newline = "\r\n" if open_fence.endswith("\r\n") else "\n"
            if open_fence.endswith("\r") and not open_fence.endswith("\r\n"):
                newline = "\r"
            text_fm = re.sub(r"\r\n?", "\n", "".join(lines[1:i]))
            return sp.Split(
                fmt,
                prefix,
                open_fence,
                text_fm,
                lines[i],
                "".join(lines[i + 1 :]),
                line0 + i + 2,
                newline,
            )
    fence = open_fence.strip()
    raise FrontMatterError(
        f"front matter opened with '{fence}' is never closed (no closing '{fence}' line)",
        line=line0 + 1,
    )


def _outcome(fn: object, text: str) -> object:
    try:
        return fn(text)  # type: ignore[operator]
    except FrontMatterError as e:
        return ("error", e.message, e.line)


def _same(text: str) -> None:
    assert sp.detect(text) == _reference_detect(text), repr(text)
    assert _outcome(sp.split, text) == _outcome(_reference_split, text), repr(text)


def test_the_comparison_can_fail() -> None:
    a = sp.split("---\na: 1\n---\nbody\n")
    assert a == _reference_split("---\na: 1\n---\nbody\n")
    assert a != _reference_split("---\na: 1\n---\r\nbody\n")
    assert _outcome(sp.split, "---\na\n") == _outcome(_reference_split, "---\na\n")
    assert _outcome(sp.split, "---\na\n")[0] == "error"  # type: ignore[index]


EDGES = [
    "",
    "---",
    "+++",
    "---\n",
    "---\n---",
    "---\n---\n",
    "---\r\n---\r\n",
    "---\r---\r",
    "---\ra: 1\r---\rbody\r",
    "---\r\na: 1\r\n---\r\nbody\r\n",
    "\ufeff\n\n  ---  \na: 1\n--- \t\nbody",
    "---\na: 1\n----\n---\n",
    "---\na\x85---\n---\n",
    "---\na\u2028---\nb\n---\nx",
    "--- x\na\n---\n",
    "+++\na = 1\n+++\nbody\n+++\n",
    "+++\na = 1\n---\n",
    '{"a": 1}\nbody',
    '  {"a": 1} \r\nbody',
    '{"a": ',
    "just text\n---\n",
    "---\na: 1\n---\r",
    "---\na: 1\n---\r\r\n",
    "---\n\r\n---\n\n",
]


def test_edges() -> None:
    for text in EDGES:
        _same(text)


PIECES = st.sampled_from(
    [
        "---",
        "+++",
        "--- ",
        "---\t",
        "----",
        "a: 1",
        "a = 1",
        "{",
        '{"a": 1}',
        "}",
        " ",
        "\t",
        "\ufeff",
        "x",
        "#",
    ]
)
ENDS = st.sampled_from(["\n", "\r\n", "\r", "\r\r\n", "", "\x85", "\u2028", "\x0c", "\n\n"])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PIECES, ENDS), max_size=10))
def test_generated_pages(parts: list[tuple[str, str]]) -> None:
    _same("".join(p + e for p, e in parts))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="-+\n\r \t{}ab\ufeff\x85", max_size=30))
def test_generated_text(text: str) -> None:
    _same(text)


def test_every_page_of_the_fixtures_and_corpora(tmp_path: Path) -> None:
    """The fixtures and a synthetic site (which a lone clone has too), and the corpora where
    ../shared is beside the clone."""
    from bench import synth

    synth.generate(tmp_path / "synth", 250, seed=11)
    roots = [FIXTURES, tmp_path / "synth", *corpus_roots()]
    count = 0
    with_fm = 0
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in {".md", ".markdown", ".html", ".rmd", ".qmd"}:
                continue
            if not path.is_file() or path.is_symlink():
                continue
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
            _same(text)
            count += 1
            with_fm += sp.detect(text) is not None
    assert count > 300 + (1000 if corpus_roots() else 0)
    assert with_fm > count * 0.5
