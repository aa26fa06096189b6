"""The per-page planning of the writers made cheaper, second round (issue 23): each fast path
held to the code it replaced, on generated input, the fixtures and the corpora."""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter import shown, visible
from converter.api import plan_conversion, read_site
from converter.body import links as body_links
from converter.body import render, restore
from converter.fieldmap import engine
from converter.fieldmap.transforms import TRANSFORMS
from converter.frontmatter.yamlcodec import _fast_emit
from converter.shown import Fact, Shown
from tests.conftest import FIXTURES, corpus_params


def _sites() -> list[Path]:
    return [p for p in sorted(FIXTURES.iterdir()) if (p / "content").is_dir()]


# -- the visible check: a text fact looked for as it is spelt before the words are made --------

# letters, digits, `_` (no part of a word), spaces and punctuation, a compatibility ligature
# and a full-width letter (NFKC changes them), `ß` (case folding makes two letters), combining
# accents (NFKC joins them), line breaks
_CHARS = st.sampled_from(["a", "b", "B", "1", "_", " ", "  ", ".", "-", "ﬁ", "\uff21", "ß", "ss"])
_MORE = st.sampled_from(["e", "\u0301", "é", "\n", "*", "R&D", "ǅ"])
_TEXTS = st.lists(st.one_of(_CHARS, _MORE), max_size=14).map("".join)


def _as_before(text: str, value: str) -> bool:
    return shown.shown_in_text(text).has(Fact("f", "text", value))


@settings(max_examples=3000, deadline=None)
@given(_TEXTS, _TEXTS, _TEXTS, st.booleans())
def test_spelt_answers_as_the_words(before: str, value: str, after: str, inside: bool) -> None:
    text = before + value + after if inside else before + after
    said = shown.Spelt(text, [])
    assert said.has(Fact("f", "text", value)) == _as_before(text, value)
    # asked again once the words are made (the first answer may have made them)
    other = after + value
    assert said.has(Fact("g", "text", other)) == _as_before(text, other)


@settings(max_examples=1000, deadline=None)
@given(_TEXTS, st.integers(0, 300))
def test_has_words_as_the_phrase(text: str, pad: int) -> None:
    for value in (text, " " * pad + text, "_." * pad + text + "-" * pad):
        assert shown.has_words(value) == bool(shown.words(value)) == bool(shown.phrase(value))


def _plain_text_before(value: Any) -> str:
    """`shown.plain_text` as it was: every pass run on every value."""
    text = shown._SHORTCODE.sub(" ", str(value))
    text = shown._MD_LINK.sub(r"\1", text)
    return html.unescape(shown._TAG.sub(" ", text))


_MARKUP = st.sampled_from(["{{<", "{{%", ">}}", "%}}", "{", "[", "]", "(", ")", "!", "<", ">"])
_ENTITY = st.sampled_from(["&", "&amp;", "&lt;", "&#39;", "&nbsp", "b>", "x y", "\n"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_MARKUP, _ENTITY, _CHARS), max_size=16).map("".join))
def test_plain_text_as_every_pass(text: str) -> None:
    assert shown.plain_text(text) == _plain_text_before(text)


@pytest.mark.parametrize("value", [3, None, 2.5, ["a", "[b](c)"], {"k": "<i>v</i>"}])
def test_plain_text_of_other_values_as_every_pass(value: Any) -> None:
    assert shown.plain_text(value) == _plain_text_before(value)


def test_spelt_finds_a_value_past_more_places_than_it_tries() -> None:
    inside = "xab " * (shown.MAX_TRIES + 2)
    for text, want in (
        (inside + "ab.", True),
        (inside, False),
        ("ab " + inside, True),
        ("ab" + inside, False),
    ):
        said = shown.Spelt(text, [])
        assert said.has(Fact("f", "text", "ab")) is want
        assert _as_before(text, "ab") is want


def test_spelt_only_checks_the_ends_a_word_character_makes() -> None:
    assert shown.spelt_in("xa.b.y", ".b.")  # the value's ends are no part of a word
    assert not shown.spelt_in("xa.b.y", "a.b")
    assert shown.spelt_in("x a.b y", "a.b")
    assert shown.Spelt("R&D lab", []).has(Fact("f", "text", "r & d"))


def test_spelt_asks_links_as_shown() -> None:
    hrefs = ["https://example.org/a", "/files/p.pdf"]
    said = shown.Spelt("", hrefs)
    for value in ("https://example.org/a", "https://example.org/b", "p.pdf", "/files/q.pdf"):
        fact = Fact("u", "href", value)
        assert said.has(fact) == Shown("  ", hrefs, set(), set()).has(fact)


_DATE_PARTS = st.sampled_from(
    [
        *["2021-03-04", "2021-03-4", "12021-03-04", "2021-03-045", "2021/03/04", "2021-3-04"],
        *["March 4, 2021", "4 March 2021", "Mar 2021", "2021-13-04", "2021-03-32", "0000-00-00"],
        *[" ", "1", "x", "-", "/", "\u0661", "\n", "2021", "-03", "-04", "03-04", "2021-03-"],
        *["2021-03-99", "2021-03-\u0661\u0662", "2021-13-01", "2017-07-00", "2017-07"],
    ]
)
_DAYS = st.sampled_from(
    ["2021-03-04", "2021-03", "2021-13-04", "2021-03-32", "2021-03-4", "x", "2021-13", "2017-07"]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_DATE_PARTS, max_size=8).map("".join), st.lists(_DAYS, min_size=1, max_size=3))
def test_spelt_asks_dates_as_shown(text: str, days: list[str]) -> None:
    said = shown.Spelt(text, [])
    before = shown.shown_in_text(text)
    for day in days:
        fact = Fact("d", "date", day)
        assert said.has(fact) == before.has(fact), day


def _hidden_as_before(
    facts: list[Fact], data: dict[str, Any], body: str, target: str, site: Any = None
) -> list[Fact]:
    """`planned_hidden` as `_page` asked it before: the planned page's `Shown`, then `hidden`."""
    kinds = {f.show for f in facts}
    return visible.hidden(facts, visible.planned_shown(data, body, target, site, kinds))


def _reports(site: Any, target: str) -> tuple[list[Any], dict[str, bytes | None]]:
    plan = plan_conversion(site, target, jobs=1)
    reports = [(r.source, r.hidden, r.warnings, r.kept, r.dropped) for r in plan.pages]
    return reports, {a.dest: a.content for a in plan.actions}


@pytest.mark.parametrize("root", [*_sites(), *corpus_params()])
def test_planned_hidden_as_shown_then_hidden(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    site = read_site(root, jobs=1)
    asked: list[int] = []
    fast = visible.planned_hidden

    def both(*args: Any) -> list[Fact]:
        got = fast(*args)
        assert got == _hidden_as_before(*args)
        asked.append(len(args[0]))
        return got

    for target in ("jekyll", "quarto", "mkdocs"):
        with monkeypatch.context() as m:
            m.setattr(visible, "planned_hidden", _hidden_as_before)
            want = _reports(site, target)
        with monkeypatch.context() as m:
            m.setattr(visible, "planned_hidden", both)
            assert _reports(site, target) == want, target
    assert any(asked) or not site.pages


# -- the mapping engine: what a kind's rules say, worked out once per table and kind -----------


def _kind_as_before(table: Any, kind: str) -> tuple[Any, ...]:
    """What `_map` and `_unmap` worked out from the rules on every call, as they did."""
    rules = table.rules_for(kind)
    owned = {r.to.split(".")[0] for r in rules.values() if r.policy is None and r.to}
    greedy = [(n, r) for n, r in rules.items() if TRANSFORMS[r.transform or "rename"].greedy]
    inverse = [
        (name, rule)
        for name, rule in [*(kv for kv in rules.items() if kv not in greedy), *greedy]
        if not (rule.policy is not None or rule.to is None)
    ]
    return rules, table.unmapped_for(kind), owned, inverse, table.generated


def _tables() -> list[Any]:
    from converter import fieldmap

    return [fieldmap.load(t) for t in ("hugo-yaml", "jekyll", "quarto", "mkdocs")]


def test_kind_as_worked_out_each_time() -> None:
    for table in _tables():
        kinds = ["", "no-such-kind", *(table.data.get("per_kind") or {})]
        for kind in kinds:
            for _ in range(2):  # made, then found
                made = engine._kind(table, kind)
                got = (made.rules, made.unmapped, made.owned, list(made.inverse), [*made.generated])
                assert got == _kind_as_before(table, kind), (table.target, kind)
        assert set(table.kinds) == set(kinds)


def test_a_greedy_rule_is_read_last() -> None:
    table = next(t for t in _tables() if t.target == "quarto")
    for kind in ["", *(table.data.get("per_kind") or {})]:
        order = [
            TRANSFORMS[r.transform or "rename"].greedy for _, r in engine._kind(table, kind).inverse
        ]
        assert order == sorted(order), kind
    assert any(
        TRANSFORMS[r.transform or "rename"].greedy
        for kind in table.data.get("per_kind") or {}
        for _, r in engine._kind(table, kind).inverse
    )


@pytest.mark.parametrize("root", [*_sites(), *corpus_params()])
def test_fields_mapped_as_when_worked_out_each_time(
    monkeypatch: pytest.MonkeyPatch, root: Path
) -> None:
    site = read_site(root, jobs=1)
    made = engine._kind

    def each_time(table: Any, kind: str) -> Any:
        table.kinds.clear()
        return made(table, kind)

    for target in ("jekyll", "quarto", "mkdocs", "hugo-toml"):
        want = _reports(site, target)
        with monkeypatch.context() as m:
            m.setattr(engine, "_kind", each_time)
            assert _reports(site, target) == want, target


# -- the fast YAML emitter: a plain scalar's indicators asked part by part ----------------------

_BLOCK_INDICATOR = re.compile(
    f"{_fast_emit._LEAD}|^[?:-](?:[{_fast_emit._WS}]|$)|{_fast_emit._INSIDE}"
)
_FLOW_INDICATOR = re.compile(
    f"{_fast_emit._LEAD}|^-(?:[{_fast_emit._WS}]|$)|^[?:]$|[,\\[\\]{{}}]|{_fast_emit._INSIDE}"
)


def _plain_as_before(text: str) -> tuple[bool, bool]:
    """(allow_flow_plain, allow_block_plain) of a one-line text, as each pattern said it."""
    special = _fast_emit._SPECIAL.search(text) is not None
    spaced = text[0] == " " or text[-1] == " "
    return (
        not (special or spaced or _FLOW_INDICATOR.search(text)),
        not (special or spaced or _BLOCK_INDICATOR.search(text)),
    )


_YAML_CHARS = " :#-?.,[]{}&*!|>'\"%@`ab\t\0\u00e9\r"


@settings(max_examples=5000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(_YAML_CHARS), min_size=1, max_size=10),
    st.sampled_from(["", "Lorem ipsum dolor ", "x" * 300]),
)
def test_plain_scalar_allowed_as_by_the_patterns(text: str, pad: str) -> None:
    for value in (text, pad + text, text + pad, pad + text + pad):
        if not value or _fast_emit._LINE_BREAK.search(value):
            continue
        analysis = _fast_emit._analyze_scalar(value)
        got = (analysis.allow_flow_plain, analysis.allow_block_plain)
        assert got == _plain_as_before(value), value


# -- bodies: a pattern run only where the text holds what each of its matches holds -----------


class _Links:
    """A link map that knows `/a` and `/b/` (moved), finds a taxonomy page at `/tags/x`."""

    def resolve_url(self, url: str) -> tuple[str | None, str]:
        if url.startswith("/tags/"):
            return None, "taxonomy"
        if url.rstrip("/") in ("/a", "/b"):
            return f"new{url}", "page"
        return (None, "static") if url.startswith("/s") else (None, "missing")


def _root_links_before(text: str, links: Any, done: frozenset[str]) -> tuple[str, list[str]]:
    """`rewrite_root_links` as it was: both patterns run on every text."""
    warnings: list[str] = []

    def replace(m: re.Match[str]) -> str:
        url = m.group("url")
        if url.startswith("//") or url in done:
            return m.group(0)
        new, kind = links.resolve_url(url)
        if kind in ("missing", "taxonomy"):
            line = text.count("\n", 0, m.start()) + 1
            warnings.append(f"line {line}: {url} {kind}")
            return m.group(0)
        return m.group("pre") + (new or url) + m.group("post")

    text = body_links._MD_LINK.sub(replace, text)
    text = body_links._HTML_LINK.sub(replace, text)
    return text, warnings


_LINK_PARTS = st.sampled_from(
    [
        *["](", "](/", "/a", "/b/", "/tags/x", "/s.png", "/zz", "//x", "[t", "![i", "]", ")"],
        *[' "t")', 'href="', 'src="', '="/', '"', "\n", " ", "x", "<a ", "(/a)"],
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINK_PARTS, max_size=14).map("".join), st.booleans())
def test_root_links_as_when_both_patterns_run(text: str, some_done: bool) -> None:
    done = frozenset({"/a"}) if some_done else frozenset()
    got, warnings = body_links.rewrite_root_links(text, _Links(), done)  # type: ignore[arg-type]
    want, want_warnings = _root_links_before(text, _Links(), done)
    assert got == want
    assert [w.split(":")[0] for w in warnings] == [w.split(":")[0] for w in want_warnings]
    assert len(warnings) == len(want_warnings)


_ALERT_PARTS = st.sampled_from(
    [
        *["> [!NOTE]", "> [!tip]+ Title", ">", "> text", "[!", "[!WARNING]", "\n", "```", "~~~"],
        *["  ", "x", "> [!NOTE]\n> body\n", "```\n> [!NOTE]\n```\n"],
    ]
)


def _alerts_before(text: str, spec: dict[str, Any]) -> str:
    """`render._github_alerts` as it was: the pattern run on every text."""

    def replace(m: re.Match[str]) -> str:
        lines = m.group("body").rstrip("\n").split("\n")
        body = "\n".join(re.sub(r"^[ \t]*>[ \t]?", "", line) for line in lines)
        title = m.group("title").strip() or None
        out = render.admonition(spec, m.group("kind"), body, title, m.group("fold") in ("+", "-"))
        return out + ("\n" if m.group(0).endswith("\n") else "")

    out, pos = [], 0
    for fence in render._FENCED.finditer(text):
        out += [render._ALERT.sub(replace, text[pos : fence.start()]), fence.group(0)]
        pos = fence.end()
    return "".join([*out, render._ALERT.sub(replace, text[pos:])])


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(_ALERT_PARTS, max_size=12).map("".join),
    st.sampled_from(["quarto", "mkdocs", "html-div"]),
)
def test_alerts_as_when_the_pattern_runs(text: str, style: str) -> None:
    spec = {"style": style, "kinds": {"note": "info"}}
    assert render._github_alerts(text, spec) == _alerts_before(text, spec)


# -- the body record: difflib's matches found from a run known to be there --------------------

_LINES = st.lists(st.sampled_from(["", "", "", "a", "b", "c", "```", "x y"]), max_size=40)


def _opcodes(cls: Any, a: list[str], b: list[str]) -> Any:
    matcher = cls(None, a, b, autojunk=False)
    return matcher.get_matching_blocks(), matcher.get_opcodes()


@settings(max_examples=4000, deadline=None)
@given(_LINES, _LINES, _LINES, _LINES, st.sampled_from([1, 2, 4]))
def test_matcher_as_difflib(
    head: list[str], a: list[str], b: list[str], tail: list[str], known: int
) -> None:
    # a shared head or tail is what the matcher searches from: often there, of any length
    a, b = head + a + tail, head + b + tail
    with pytest.MonkeyPatch.context() as m:
        m.setattr(restore, "MIN_KNOWN", known)
        assert _opcodes(restore.Matcher, a, b) == _opcodes(difflib.SequenceMatcher, a, b)


@settings(max_examples=2000, deadline=None)
@given(_LINES, _LINES, st.data())
def test_longest_match_in_any_ranges_as_difflib(a: list[str], b: list[str], data: Any) -> None:
    alo = data.draw(st.integers(0, len(a)))
    ahi = data.draw(st.integers(alo, len(a)))
    blo = data.draw(st.integers(0, len(b)))
    bhi = data.draw(st.integers(blo, len(b)))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(restore, "MIN_KNOWN", 1)
        got = restore.Matcher(None, a, b, autojunk=False).find_longest_match(alo, ahi, blo, bhi)
    want = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(
        alo, ahi, blo, bhi
    )
    assert got == want


def test_the_counterexample_of_a_trimmed_prefix() -> None:
    # trimming what two bodies share at the start changes difflib's hunks here: not this
    a, b = list("ABA"), list("ABCABA")
    for known in (1, 2):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(restore, "MIN_KNOWN", known)
            assert _opcodes(restore.Matcher, a, b) == _opcodes(difflib.SequenceMatcher, a, b)
            assert _opcodes(restore.Matcher, b, a) == _opcodes(difflib.SequenceMatcher, b, a)


@pytest.mark.parametrize("root", [*_sites(), *corpus_params()])
def test_body_records_as_difflib_made_them(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    site = read_site(root, jobs=1)
    asked: list[int] = []
    made = restore.record

    def both(original: str, written: str) -> Any:
        got = made(original, written)
        with monkeypatch.context() as m:
            m.setattr(restore, "Matcher", difflib.SequenceMatcher)
            assert got == made(original, written)
        asked.append(1)
        return got

    for target in ("jekyll", "quarto", "mkdocs"):
        with monkeypatch.context() as m:
            m.setattr(restore, "record", both)
            plan_conversion(site, target, jobs=1)
    assert asked or not site.pages
