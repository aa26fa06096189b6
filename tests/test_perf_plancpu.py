"""The per-page planning of the writers made cheaper (issue 23), each fast path held to the code
it replaced: the same answers on generated input, the fixtures and the corpora."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter import frontmatter as fm
from converter import shown, sidecar, visible
from converter.api import plan_conversion, read_site
from converter.errors import ConversionError
from converter.fieldmap import engine
from converter.fieldmap.table import POLICIES, Rule
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.yamlcodec import _comments as _yaml_comments
from converter.frontmatter.yamlcodec import _fast_emit, _style
from converter.keep import KEEP_KEY
from tests.codec_inputs import loaded_fixture_front_matter
from tests.conftest import FIXTURES, corpus_params

# -- dates: the month-first patterns matched on the reversed text -----------------------------

_BEFORE_MONTH_DAY_YEAR = re.compile(shown._MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_BEFORE_MONTH_YEAR = re.compile(shown._MONTH + r",?\s+(\d{4})")


def dates_before(text: str) -> tuple[set[str], set[str]]:
    """`shown.dates_in` as it was: every pattern matched forwards."""
    days: set[str] = set()
    months: set[str] = set()

    def add(year: str, month: int, day: int | None) -> None:
        if not 1 <= month <= 12:
            return
        months.add(f"{year}-{month:02d}")
        if day is not None and 1 <= day <= 31:
            days.add(f"{year}-{month:02d}-{day:02d}")

    for pattern in (shown._ISO, shown._SLASHED):
        for y, m, d in pattern.findall(text):
            add(y, int(m), int(d))
    lowered = text.lower()
    for name, d, y in _BEFORE_MONTH_DAY_YEAR.findall(lowered):
        add(y, shown.MONTHS[name], int(d))
    for d, name, y in shown._DAY_MONTH_YEAR.findall(lowered):
        add(y, shown.MONTHS[name], int(d))
    for name, y in _BEFORE_MONTH_YEAR.findall(lowered):
        add(y, shown.MONTHS[name], None)
    return days, months


def _forwards(text: str) -> list[tuple[object, ...]]:
    """The dates the month-first patterns found, in the order of their years in the text."""
    lowered = text.lower()
    found = [
        (m.start(3), shown.MONTHS[m[1]], m[2], m[3])
        for m in _BEFORE_MONTH_DAY_YEAR.finditer(lowered)
    ]
    found += [
        (m.start(2), shown.MONTHS[m[1]], "", m[2]) for m in _BEFORE_MONTH_YEAR.finditer(lowered)
    ]
    return [f[1:] for f in sorted(found, key=lambda f: f[0])]


def _backwards(text: str) -> list[tuple[object, ...]]:
    found = [tuple(g[::-1] for g in m) for m in shown._RAEY_YAD_HTNOM.findall(text.lower()[::-1])]
    return [(shown.MONTHS[name], day, year) for year, day, name in reversed(found)]


def _numeric_before(text: str) -> set[tuple[str, ...]]:
    return {*shown._ISO.findall(text), *shown._SLASHED.findall(text)}


# the pieces of dates and the near misses: names inside names, suffixes, digit runs, breaks
_PIECES = [
    *shown._NAMES, "sept.", "x", "ber", "ma", "e", "1", "12", "123", "2020", "20201", "0", "05",
    "st", "nd", "rd", "th", "t", " ", "  ", "\n", "\t", ",", ".", "-", "/", "٣", "Mar", "MAY",
]  # fmt: skip


# and a few of them, dense: a date's every piece next to each other's near misses
_DENSE = ["may", "sept", "jun", "e", "1", "12", "2020", "05", " ", ",", ".", "st", "-", "/"]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)
    | st.lists(st.sampled_from(_DENSE), max_size=10).map("".join)
)
@settings(max_examples=4000, deadline=None)
def test_month_patterns_backwards_find_what_forwards_found(text: str) -> None:
    # not only the same dates: the same matches, in the same order
    assert _backwards(text) == _forwards(text)
    numeric = shown._NUMERIC.findall(text)
    assert {(y, m, d) for y, _, m, d in numeric} == _numeric_before(text)
    assert len(numeric) == len(shown._ISO.findall(text)) + len(shown._SLASHED.findall(text))
    assert shown.dates_in(text) == dates_before(text)


def test_month_patterns_backwards_on_spelt_dates() -> None:
    text = (
        "On March 3rd, 2021; dismay 2020; sept. 9 2011; 4 Sept. 2019 and jun\n  12,\t1999;"
        " Oct., 2017; DEC.\t2016; nov 7th,2015 janov 2014"
    )
    assert shown.dates_in(text) == dates_before(text)
    days, months = shown.dates_in(text)
    assert {"2021-03-03", "2011-09-09", "1999-06-12", "2019-09-04"} <= days
    assert {"2020-05", "2017-10", "2016-12", "2014-11"} <= months
    assert "2015-11-07" not in days  # no space before the year: no date
    numeric = (
        "2020-01-02/03/04 2021/05/06-07 12020-01-01 2020-01-011 2019-1-02 2018/12/31 2017-03/04"
    )
    assert (
        {(y, m, d) for y, _, m, d in shown._NUMERIC.findall(numeric)}
        == _numeric_before(numeric)
        == {("2020", "01", "02"), ("2021", "05", "06"), ("2018", "12", "31")}
    )
    assert shown.dates_in(numeric) == dates_before(numeric)
    for date in ["may., 2020", "Jun. 1st,\n2021", "aug 31 2020", "1 may 2020", "may 1 2020"]:
        assert _backwards(date) == _forwards(date)
        assert shown.dates_in(date)[1], date
        assert _backwards(f"may1 {date}") == _forwards(f"may1 {date}")  # no space: no day
    nears = ["may,, 2020", "may, 2020", "may 1st,, 2020", "may. , 2020", "may ,2020", "may1st 2020"]
    for near in nears:
        assert _backwards(near) == _forwards(near), near
        assert shown.dates_in(near) == dates_before(near), near


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


def test_dates_of_every_fixture_page_as_before() -> None:
    pages = _pages(FIXTURES)
    found = 0
    for page in pages:
        text = page.read_text("utf-8", errors="replace")
        want = dates_before(text)
        assert shown.dates_in(text) == want, page
        found += bool(want[0])
    assert found  # some fixture spells a full date


@pytest.mark.parametrize("root", corpus_params())
def test_dates_of_every_corpus_page_as_before(root: Path) -> None:
    for page in _pages(root / "content"):
        text = page.read_text("utf-8", errors="replace")
        assert shown.dates_in(text) == dates_before(text), page


# -- YAML strings: spelt once per text ---------------------------------------------------------

_TRICKY = " :#-?.,[]{}&*!|>'\"%@`ab1\t\0\x85\u2028\u2029\ufeff\xa0é\x7f\x01\U0001f600\r\n"


_TEXTS = st.text(alphabet=st.sampled_from(_TRICKY), max_size=8) | st.text(max_size=12)


def _spelling(text: str) -> tuple[str, str | None] | None:
    try:
        return _fast_emit._spelt(text)
    except Fallback:
        return None


def _remembered(text: str) -> tuple[str, str | None] | None:
    try:
        return _fast_emit._string(text)
    except Fallback:
        return None


@given(st.lists(_TEXTS, max_size=12))
@settings(max_examples=1500, deadline=None)
def test_a_string_remembered_is_spelt_as_each_time(texts: list[str]) -> None:
    # one after the other, twice: an answer remembered for one text is not another's
    _fast_emit._STRINGS.clear()
    for text in [*texts, *texts[::-1]]:
        assert _remembered(text) == _spelling(text), text
    for text, spelt in _fast_emit._STRINGS.items():
        assert spelt == _spelling(text)  # a Fallback is not remembered as an answer


def test_long_strings_are_not_remembered() -> None:
    _fast_emit._STRINGS.clear()
    long = "word " * 100 + "end"
    assert _fast_emit._string(long) == _fast_emit._spelt(long)
    assert long not in _fast_emit._STRINGS
    assert _fast_emit._string("yes") == ("'yes'", None)  # short: remembered, and quoted
    assert "yes" in _fast_emit._STRINGS


def _literal_ok_before(text: str) -> bool:
    lines = text.split("\n")
    return (
        bool(text.strip())
        and not text[0].isspace()
        and all(line == line.rstrip() for line in lines)
        and all(c == "\t" or c.isprintable() for c in text.replace("\n", ""))
        and "\ufeff" not in text
    )


@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=10) | st.text(max_size=12))
@settings(max_examples=3000, deadline=None)
def test_literal_ok_as_before(text: str) -> None:
    assert _style.literal_ok(text) == _literal_ok_before(text)


# -- the record files: what was lowered once is not lowered again ------------------------------


def _sites() -> list[Path]:
    return [p for p in sorted(FIXTURES.iterdir()) if (p / "content").is_dir()]


def _outputs(root: Path, target: str) -> dict[str, bytes | None]:
    plan = plan_conversion(read_site(root, jobs=1), target, jobs=1)
    return {a.dest: a.content for a in plan.actions}


@pytest.mark.parametrize("target", ["jekyll", "quarto", "mkdocs"])
def test_records_written_as_when_lowered_again(
    monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    now = {root: _outputs(root, target) for root in _sites()}
    with monkeypatch.context() as m:
        m.setattr(sidecar, "_dump_lowered", fm.dump)
        before = {root: _outputs(root, target) for root in _sites()}
    assert now == before
    assert sum(k.startswith(sidecar.RECORDS) for out in now.values() for k in out) > 20


def test_split_as_when_lowered_again(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [(where, data, comments) for where, data, comments in loaded_fixture_front_matter()]
    cases += [
        ("a time", {"a": {"t": dt.time(3, 4)}, "b": [dt.time(1, 2), None]}, Comments()),
        ("keys not text", {1: "a", None: [{True: dt.date(2020, 1, 2)}]}, Comments()),
        ("a record", {"n": None, KEEP_KEY: {"nulls": {"/x": 1}, "body": "x"}}, Comments()),
    ]
    for where, data, comments in cases:
        for fmt in ("yaml", "toml"):
            try:
                got = sidecar.split(fmt, data, comments)
            except ConversionError:
                continue
            with monkeypatch.context() as m:
                m.setattr(sidecar, "_dump_lowered", fm.dump)
                want = sidecar.split(fmt, data, comments)
                want_record = sidecar.render("p.md", b"x", want.record, want.comments)
            assert got == want, where
            record = sidecar.render("p.md", b"x", got.record, got.comments, lowered=True)
            assert record == want_record, where


# -- the visible check: what no fact asks is not sought ----------------------------------------


def _hidden_and_outputs(site: Any, target: str) -> tuple[list[Any], dict[str, bytes | None]]:
    plan = plan_conversion(site, target, jobs=1)
    return [(r.source, r.hidden) for r in plan.pages], {a.dest: a.content for a in plan.actions}


@pytest.mark.parametrize("root", [*_sites(), *corpus_params()])
def test_hidden_facts_as_when_every_part_is_sought(
    monkeypatch: pytest.MonkeyPatch, root: Path
) -> None:
    site = read_site(root, jobs=1)
    asked: list[Any] = []

    def all_parts(facts: list[shown.Fact], *args: Any) -> list[shown.Fact]:
        # what `_page` asks (visible.planned_hidden), from every part of the planned page
        asked.append({f.show for f in facts})
        return visible.hidden(facts, visible.planned_shown(*args))

    for target in ("jekyll", "quarto", "mkdocs"):
        now = _hidden_and_outputs(site, target)
        with monkeypatch.context() as m:
            m.setattr(visible, "planned_hidden", all_parts)
            assert _hidden_and_outputs(site, target) == now, target
    assert asked or not site.pages
    if root.name == "academic-v5-yaml":  # pages of every kind: some part was not sought
        assert any(kinds != {"text", "date", "href"} for kinds in asked)


def test_planned_shown_reads_only_the_parts_asked() -> None:
    data = {"title": "On 3 May 2021", "links": [{"url": "https://example.org/x"}]}
    body = "See [the paper](https://example.org/p.pdf) of June 2020."
    every = visible.planned_shown(data, body, "quarto")
    assert every.days and every.hrefs and every.text.strip()
    for kinds in ({"text"}, {"date"}, {"href"}, {"text", "date"}, set()):
        part = visible.planned_shown(data, body, "quarto", None, kinds)
        assert (part.text, part.hrefs, part.days, part.months) == (
            every.text if "text" in kinds else "  ",
            every.hrefs if "href" in kinds else [],
            every.days if "date" in kinds else set(),
            every.months if "date" in kinds else set(),
        ), kinds


def _rules_spread_each_time(kind: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(items: Any) -> None:
        for item in items:
            if isinstance(item, list):
                add(item)
            elif isinstance(item, dict):
                out.append(item)

    add(visible.theme_table()["kinds"].get(kind) or [])
    return out


def test_rules_for_every_kind_as_spread_each_time() -> None:
    kinds = [*visible.theme_table()["kinds"], "no-such-kind"]
    assert len(kinds) > 5
    for kind in kinds:
        first = visible.rules_for(kind)
        assert first == _rules_spread_each_time(kind), kind
        first.clear()  # a caller's list is its own
        assert visible.rules_for(kind) == _rules_spread_each_time(kind), kind
    assert any(len(visible.rules_for(kind)) > 3 for kind in kinds)


def test_rules_for_follows_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    table = visible.theme_table()
    before = visible.rules_for("publication")
    kinds = {**table["kinds"], "publication": [{"field": "isbn", "show": "text"}]}
    monkeypatch.setattr(visible, "theme_table", lambda: {**table, "kinds": kinds})
    assert visible.rules_for("publication") == [{"field": "isbn", "show": "text"}]
    monkeypatch.undo()
    assert visible.rules_for("publication") == before


# -- a text fact's words: joined once per text ----------------------------------------------


def _has_before(fact: shown.Fact, page: shown.Shown) -> bool:
    wanted = shown.words(fact.value)
    return not wanted or f" {' '.join(wanted)} " in page.text


@given(st.lists(st.text(alphabet=st.sampled_from("ab É_-℡ﬁ\u0301ß."), max_size=6), max_size=8))
@settings(max_examples=1500, deadline=None)
def test_text_facts_found_as_before(texts: list[str]) -> None:
    shown._PHRASES.clear()
    page = shown.shown_in_text(" | ".join(texts[::2]))
    for text in [*texts, *texts]:  # the second time from what was kept
        fact = shown.Fact("f", "text", text)
        assert page.has(fact) == _has_before(fact, page), text
        assert shown.phrase(text) == " ".join(shown.words(text))
    assert all(v == " ".join(shown.words(k)) for k, v in shown._PHRASES.items())


def test_long_phrases_are_not_kept() -> None:
    shown._PHRASES.clear()
    long = "Word " * 50
    assert shown.phrase(long) == " ".join(["word"] * 50)
    assert long not in shown._PHRASES and shown.phrase("A  b") == "a b" and "A  b" in shown._PHRASES


# -- comments put back: only the lines that take one are visited ---------------------------


def _insert_before(text: str, comments: Comments, first_line_of: dict[Any, int]) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    before: dict[int, list[str]] = {}
    inline: dict[int, str] = {}
    orphans: list[str] = []
    for path, block in comments.before.items():
        target = _yaml_comments._nearest(path, first_line_of)
        if target is None:
            orphans.extend(block)
        else:
            before.setdefault(target, []).extend(block)
    for path, c in comments.inline.items():
        if path in first_line_of:
            inline[first_line_of[path]] = c
        else:
            target = _yaml_comments._nearest(path, first_line_of)
            if target is None:
                orphans.append(c)
            else:
                before.setdefault(target, []).append(c)
    out: list[str] = []
    for n, line in enumerate(lines):
        if n in before:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + c if c else "" for c in before[n])
        out.append(line + "  " + inline[n] if n in inline else line)
    out.extend([*orphans, *comments.trailing])
    return "\n".join(out) + "\n" if out else ""


_PATHS = st.tuples(st.sampled_from("abcdz")) | st.tuples(
    st.sampled_from("ab"), st.sampled_from("xy")
)
_BLOCKS = st.lists(st.sampled_from(["", "# c", "# d"]), max_size=3)


@given(
    st.lists(st.sampled_from(["a: 1", "  x: 2", "", "b:", "  - y", "c: |", "  text"]), max_size=8),
    st.dictionaries(_PATHS, st.integers(0, 9), max_size=6),
    st.dictionaries(_PATHS, _BLOCKS, max_size=4),
    st.dictionaries(_PATHS, st.sampled_from(["# i", "# j"]), max_size=3),
    st.lists(st.sampled_from(["", "# t"]), max_size=2),
    st.booleans(),
)
@settings(max_examples=3000, deadline=None)
def test_comments_inserted_as_before(
    lines: list[str],
    first_line_of: dict[Any, int],
    before: dict[Any, list[str]],
    inline: dict[Any, str],
    trailing: list[str],
    newline: bool,
) -> None:
    text = "\n".join(lines) + ("\n" if newline else "")
    comments = Comments(before, inline, trailing)
    want = _insert_before(text, comments, first_line_of)
    assert _yaml_comments.insert(text, comments, first_line_of) == want


def test_comments_inserted_as_before_on_the_fixtures() -> None:
    checked = 0
    for where, data, comments in loaded_fixture_front_matter():
        lines: dict[Any, int] = {}
        try:
            text = _fast_emit.dump(data, lines)
        except Fallback:
            continue
        got = _yaml_comments.insert(text, comments, lines)
        assert got == _insert_before(text, comments, lines), where
        checked += bool(comments)
    assert checked > 20


# -- the mapping engine: a field no rule names gets its rule once ------------------------------


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "title", "x.y"]), st.sampled_from(POLICIES))))
@settings(max_examples=500, deadline=None)
def test_unmapped_rule_as_made_each_time(asked: list[tuple[str, str]]) -> None:
    engine._UNMAPPED.clear()
    rules = {"title": Rule("title", to="name")}
    for name, policy in [*asked, *asked]:
        want = rules.get(name) or Rule(name, policy=policy)
        got = engine._rule(rules, name, policy)
        assert got == want and (name not in rules or got is rules[name]), (name, policy)


@pytest.mark.parametrize("root", [*_sites(), *corpus_params()])
def test_page_facts_as_when_words_are_listed(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    site = read_site(root, jobs=1)
    now = [visible.page_facts(page, site) for page in site.pages]
    with monkeypatch.context() as m:
        # the words listed, as they were
        m.setattr(visible, "has_words", lambda text: bool(shown.words(text)))
        assert [visible.page_facts(page, site) for page in site.pages] == now
    assert any(f.show == "text" for facts in now for f in facts) or not site.pages


def _text_facts_before(show: str, value: Any) -> list[shown.Fact]:
    """`visible._facts` of a text, a list of texts and an address, as it was: by words."""
    if show == "each":
        return [
            shown.Fact(f"f[{i}]", "text", shown.plain_text(v))
            for i, v in enumerate(value)
            if visible.present(v) and shown.words(shown.plain_text(v))
        ]
    text = shown.plain_text(value)
    return [shown.Fact("f", "text", text)] if shown.words(text) else []


@pytest.mark.parametrize("value", ["—", "[](https://x.org)", "<b></b> &amp;", "A", "x_", "℡", ""])
def test_fact_texts_tested_for_words_as_before(value: str) -> None:
    site = read_site(FIXTURES / "seed-talk", jobs=1)
    for show, given_value in [("text", value), ("each", [value, "b", value]), ("address", value)]:
        want = _text_facts_before(show, given_value)
        assert visible._facts("f", {"show": show}, given_value, site) == want, (show, value)
