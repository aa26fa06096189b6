"""A side-by-side diff as an HTML table: the changed lines of a file with a little context.

`difflib.HtmlDiff` pairs every changed line with its most similar one (`ndiff`'s fuzzy
matching), which is quadratic in the line lengths: on a real site of 371 pages with long
formula lines it took 9 minutes of a 9-minute report. Here the lines are matched as
`unified_diff` matches them (`SequenceMatcher`, linear in practice), a replaced run pairs its
lines in order, and a pair shows what changed inside it as the span between their common
start and common end: enough to spot `$x$` becoming `$$x$$`, in time proportional to the text.
"""

from __future__ import annotations

import difflib
from html import escape

CONTEXT = 3  # unchanged lines shown around each change, as `diff -u`


def diff_table(before: list[str], after: list[str], from_desc: str, to_desc: str) -> str:
    """The table (`table.diff`): a header with the two names (already escaped), then one
    `tbody` per group of changes. Cells of removed lines are `diff_sub`, of added lines
    `diff_add`; inside a changed pair, the changed span is a `span.diff_chg`."""
    head = (
        f'<thead><tr><th class="diff_header" colspan="2">{from_desc}</th>'
        f'<th class="diff_header" colspan="2">{to_desc}</th></tr></thead>'
    )
    before = [line.expandtabs(4) for line in before]
    after = [line.expandtabs(4) for line in after]
    matcher = difflib.SequenceMatcher(None, before, after)
    groups = [
        group
        for group in matcher.get_grouped_opcodes(CONTEXT)
        if any(tag != "equal" for tag, *_ in group)
    ]
    if not groups:
        empty = '<tbody><tr><td colspan="4">no change</td></tr></tbody>'
        return f'<table class="diff">{head}{empty}</table>'
    bodies = []
    for group in groups:
        rows: list[str] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    _row(i + 1, before[i], j + 1, after[j])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            old, new = range(i1, i2), range(j1, j2)
            for k in range(max(len(old), len(new))):
                i = old[k] if k < len(old) else None
                j = new[k] if k < len(new) else None
                if i is not None and j is not None:
                    left, right = _changed_span(before[i], after[j])
                    rows.append(_row(i + 1, left, j + 1, right, "diff_sub", "diff_add", True))
                elif i is not None:
                    rows.append(_row(i + 1, before[i], None, "", "diff_sub", ""))
                elif j is not None:
                    rows.append(_row(None, "", j + 1, after[j], "", "diff_add"))
        bodies.append("<tbody>" + "".join(rows) + "</tbody>")
    return f'<table class="diff">{head}{"".join(bodies)}</table>'


def _show(text: str) -> str:
    return escape(text, quote=False)


def _changed_span(a: str, b: str) -> tuple[str, str]:
    """Both lines escaped, the part between their common start and common end marked."""
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1

    def mark(s: str) -> str:
        middle = s[start : len(s) - end]
        span = f'<span class="diff_chg">{_show(middle)}</span>' if middle else ""
        return _show(s[:start]) + span + _show(s[len(s) - end :])

    return mark(a), mark(b)


def _row(
    old_no: int | None,
    old: str,
    new_no: int | None,
    new: str,
    old_class: str = "",
    new_class: str = "",
    shown: bool = False,
) -> str:
    """One row; `shown` when the texts are already escaped and marked."""
    left = old if shown else _show(old)
    right = new if shown else _show(new)
    cls_l = f' class="{old_class}"' if old_class else ""
    cls_r = f' class="{new_class}"' if new_class else ""
    return (
        f'<tr><td class="diff_header">{old_no or ""}</td><td{cls_l}>{left}</td>'
        f'<td class="diff_header">{new_no or ""}</td><td{cls_r}>{right}</td></tr>'
    )
