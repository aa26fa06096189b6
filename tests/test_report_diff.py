"""The HTML report's side-by-side diff (converter/reports/sidebyside.py)."""

from __future__ import annotations

import re

from converter.reports.sidebyside import diff_table


def rows(table: str) -> list[list[str]]:
    """Each row's four cells as text: old number, old line, new number, new line."""
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        if len(cells) == 4:
            out.append(cells)
    return out


def test_a_changed_line_shows_its_changed_span_with_context():
    before = ["one", "two", "three", "Let $x$ be", "five", "six", "seven", "eight", "nine"]
    after = [*before[:3], "Let $$x$$ be", *before[4:]]
    table = diff_table(before, after, "a.md", "b.md")
    assert '<th class="diff_header" colspan="2">a.md</th>' in table
    # three lines of context on each side, as diff -u, and nothing further
    assert [r[0] for r in rows(table)] == ["1", "2", "3", "4", "5", "6", "7"]
    changed = rows(table)[3]
    # the span between the common start (`Let $`) and the common end (`$ be`)
    assert changed[1] == 'Let $<span class="diff_chg">x</span>$ be'
    assert changed[3] == 'Let $<span class="diff_chg">$x$</span>$ be'
    assert '<td class="diff_sub">' in table and '<td class="diff_add">' in table


def test_added_and_removed_lines_stand_alone_and_text_is_escaped():
    table = diff_table(["keep", "<b>gone</b>"], ["keep", "new & \tindented"], "a", "b")
    assert rows(table)[1][0] == "2" and rows(table)[1][2] == "2"
    assert "&lt;b&gt;" in table and "<b>" not in table and "&amp;" in table
    assert "new &amp;" in table and "\t" not in table  # tabs shown as spaces
    table = diff_table([], ["a", "b"], "(new file)", "x.md")
    assert [(r[0], r[2]) for r in rows(table)] == [("", "1"), ("", "2")]


def test_no_change_says_so():
    assert "no change" in diff_table(["a"], ["a"], "a", "b")


def test_a_replaced_run_pairs_its_lines_in_order():
    # no fuzzy pairing (difflib.HtmlDiff's, which took minutes on long formula lines): the
    # k-th old line of a replaced run faces the k-th new one, the rest stand alone
    before = ["same", "$$ a_1 $$", "$$ b_2 $$", "end"]
    after = ["same", "$ a_1 $", "$ b_2 $", "$ c_3 $", "end"]
    got = [(r[0], r[2]) for r in rows(diff_table(before, after, "a", "b"))]
    assert got == [("1", "1"), ("2", "2"), ("3", "3"), ("", "4"), ("4", "5")]
