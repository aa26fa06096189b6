"""Escaping by `str.translate` and a field's base by a cached split, held to the `re` calls they
replaced (no timing here: bench/run.py measures; README Performance says what they save)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from converter.visible import Fact
from converter.writers import jekyll_blocks, mkdocs_blocks

MARKUP = st.text(alphabet=st.sampled_from("ab é\\`*_[]<>|$#{}%.\0\n\t"), max_size=40)


def _plain(value: str) -> str:
    return " ".join(value.replace("\0", "\ufffd").split())


@given(MARKUP)
def test_mkdocs_text_and_heading_escape_as_the_regular_expressions_did(value: str) -> None:
    label = re.sub(r"([\[\]\\`*_<>])", r"\\\1", _plain(value))
    assert mkdocs_blocks.text(value) == label
    assert mkdocs_blocks.heading(value) == re.sub(r"([#{}])", r"\\\1", label)


@given(MARKUP)
def test_jekyll_text_escapes_as_the_regular_expression_did(value: str) -> None:
    escaped = re.sub(r"([\\`*_\[\]<>|$#])", r"\\\1", _plain(value))
    assert jekyll_blocks.text(value) == jekyll_blocks.liquid_safe(escaped)


@given(st.text(alphabet=st.sampled_from("ab_[].0"), max_size=20))
def test_a_fact_s_base_field_is_the_split_it_was(field: str) -> None:
    fact = Fact(field, "text", "v")
    assert mkdocs_blocks.base(fact) == re.split(r"[\[.]", field, maxsplit=1)[0]
    assert mkdocs_blocks.base(fact) == re.split(r"[\[.]", field, maxsplit=1)[0]  # cached
