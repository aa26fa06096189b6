"""Line edits of a user's YAML file (converter/yamlpatch.py): the few lines that change, and
always the data the round-trip model says."""

from __future__ import annotations

import difflib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.yamlpatch import Document, load, plain


def _changed(before: str, after: str) -> list[str]:
    return sorted(
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


ALIGNED = """\
# Site Settings
title        : "Old title" # shown in the header
name         : &name "Old Name"
teaser       :  # an image
author:
  name       : "Someone"
  github     :
  # links
  orcid      : x
include:
- .htaccess
- _pages
exclude:
  - Gemfile
# the end
"""


def test_a_value_changes_on_its_line_with_its_quotes_anchor_and_comment() -> None:
    doc = Document(ALIGNED)
    assert doc.set(("title",), "New: title")
    assert doc.set(("name",), "Ines")
    assert doc.set(("teaser",), "t.png")
    assert doc.set(("author", "github"), "iv")
    assert doc.set(("author", "orcid"), None)
    after = doc.text()
    assert _changed(ALIGNED, after) == sorted(
        [
            '-title        : "Old title" # shown in the header',
            '-name         : &name "Old Name"',
            "-teaser       :  # an image",
            "-  github     :",
            "-  orcid      : x",
            '+title        : "New: title" # shown in the header',
            '+name         : &name "Ines"',
            "+teaser       : t.png  # an image",
            "+  github     : iv",
            "+  orcid      :",
        ]
    )
    assert plain(load(after)) == plain(doc.data)


def test_setting_the_same_value_changes_nothing() -> None:
    doc = Document(ALIGNED)
    assert not doc.set(("title",), "Old title")
    assert not doc.append(("include",), [])
    assert doc.text() == ALIGNED


def test_keys_and_items_go_at_the_end_of_their_block() -> None:
    doc = Document(ALIGNED)
    doc.set(("author", "bio"), "Rivers")
    doc.append(("include",), ["files"])
    doc.append(("exclude",), ["vendor"])
    doc.set(("collections", "talks", "output"), True)
    after = doc.text()
    assert plain(load(after)) == plain(doc.data)
    lines = after.splitlines()
    assert lines[lines.index("  orcid      : x") + 1] == "  bio: Rivers"
    assert lines[lines.index("- _pages") + 1] == "- files"  # an indentless list stays one
    assert lines[lines.index("  - Gemfile") + 1] == "  - vendor"
    assert lines[-3:] == ["collections:", "  talks:", "    output: true"]
    assert len(_changed(ALIGNED, after)) == 6


def test_layouts_the_line_edits_do_not_know_still_give_the_right_data() -> None:
    text = "nav: [a.md, b.md]  # flow\ntitle: >\n  a long\n  title\nextra: {k: 1}\n"
    doc = Document(text)
    doc.append(("nav",), ["c.md"])
    doc.set(("title",), "Short")
    doc.set(("extra", "j"), 2)
    assert load(doc.text()) == {
        "nav": ["a.md", "b.md", "c.md"],
        "title": "Short",
        "extra": {"k": 1, "j": 2},
    }
    assert "# flow" in doc.text()  # the round-trip dump keeps comments


def test_a_scalar_where_a_mapping_goes_is_replaced() -> None:
    doc = Document("website: old\nformat: html\n")
    doc.set(("website", "title"), "T")
    assert load(doc.text()) == {"website": {"title": "T"}, "format": "html"}


def test_tagged_values_of_mkdocs_come_through() -> None:
    tag = "!!python/name:material.extensions.emoji.twemoji"
    ours = load(f"x:\n  - pymdownx.emoji:\n      emoji_index: {tag}\n")
    doc = Document("site_name: s\nmarkdown_extensions:\n  - toc\n")
    doc.append(("markdown_extensions",), ours["x"])
    after = doc.text()
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in after
    assert after.startswith("site_name: s\nmarkdown_extensions:\n  - toc\n  - pymdownx.emoji:\n")


KEYS = st.sampled_from(["a", "b", "title", "nav", "x"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(alphabet="ab :#'\"-&*!|>{}[],\n\t", max_size=8),
)


def _tree(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    inner = _tree(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(KEYS, inner, min_size=1, max_size=3),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dictionaries(KEYS, _tree(2), max_size=4),
    ops=st.lists(
        st.tuples(st.booleans(), st.lists(KEYS, min_size=1, max_size=3), _tree(1)),
        max_size=4,
    ),
    flow=st.booleans(),
)
def test_the_text_always_says_what_the_model_says(
    start: dict[str, Any], ops: list[tuple[bool, list[str], Any]], flow: bool
) -> None:
    from converter.yamlpatch import dump

    text = dump(start) if start else ""
    if flow and start:
        import json

        text = json.dumps(start) + "\n"
    doc = Document(text)
    for is_append, path, value in ops:
        where = tuple(path)
        current = doc.get(where)
        try:
            if is_append:
                if current is None or isinstance(current, list):
                    doc.append(where, value if isinstance(value, list) else [value])
            else:
                doc.set(where, value)
        except ValueError:
            continue  # a path through a list or a scalar: refused, nothing half done
    assert plain(load(doc.text())) == plain(doc.data)
