"""Commented-out fields respelled for a new syntax are parsed once per text per process: pages
of one template repeat them (`commented_syntax._parse_once`). No timing here: bench/run.py
measures what it saves; this checks it gives what parsing each time gave."""

from __future__ import annotations

from typing import Any

import pytest

from converter import commented_syntax
from converter import frontmatter as fm

PAGE = """title: A talk
# links:
#   - name: Follow
#     url: https://twitter.com
#     icon_pack: fab
#     icon: twitter
#   - name: Slides
#     url: https://example.org/slides
date: 2024-01-02
"""


def _respelled() -> tuple[list[str], list[dict[str, Any]]]:
    data, comments = fm.load("yaml", PAGE)
    done = commented_syntax.translate(comments, data, "yaml", "toml")
    return done.comments.before[("date",)], done.entries


def test_a_template_s_commented_field_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    commented_syntax._parse_once.cache_clear()
    uncached = commented_syntax._parse_once.__wrapped__
    monkeypatch.setattr(commented_syntax, "_parse_once", lambda fmt, text: uncached(fmt, text))
    expected = _respelled()  # parsed every time, as before the cache
    monkeypatch.undo()
    texts: list[str] = []
    real = fm.load

    def counted(fmt: str, text: str, warnings: list[str] | None = None) -> Any:
        texts.append(text)
        return real(fmt, text, warnings)

    monkeypatch.setattr(commented_syntax.fm, "load", counted)
    first = _respelled()
    parsed_for_one_page = len(texts)
    second = _respelled()
    assert first == second == expected
    assert any(line.startswith("# links = [") for line in first[0])  # respelled as TOML
    assert parsed_for_one_page > 0
    assert parsed_for_one_page == 3  # the page, its commented YAML, the TOML written of it
    assert len(texts) == parsed_for_one_page + 1  # the second page: its own front matter only


def test_what_a_parse_gives_is_each_caller_s_own() -> None:
    one = commented_syntax._parsed("toml", 'links = [\n  {name = "A"},\n]')
    assert one == {"links": [{"name": "A"}]}
    one["links"].append("changed")
    assert commented_syntax._parsed("toml", 'links = [\n  {name = "A"},\n]') == {
        "links": [{"name": "A"}]
    }
