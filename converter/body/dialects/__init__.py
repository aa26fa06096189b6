"""Markdown dialect fixes: what Goldmark (Hugo) reads one way and the target's parser another.

Each fix is a pure function on Markdown text that leaves code alone, and a target's table
lists the ones it needs (`body.dialect` in `mappings/<target>.yaml`, by the names of
`DIALECT_FIXES`). They are deliberately small and line-based rather than a round trip through
pandoc, which would re-flow and re-escape every page.

One module per parser a target hands its Markdown to, each fix documented there:

- `kramdown`: Jekyll; `pandoc`: Quarto; `python_markdown`: MkDocs (Python-Markdown and
  pymdownx);
- `common`: the fixes more than one of them needs;
- `tex`: math spans as MathJax in Hugo found them (`goldmark_math`, applied by the writer for
  every target whose math is raw TeX);
- `structure`: the reading of a body's blocks that the fixes share (fences, list items and
  their containers, paragraphs, indented code, HTML blocks, blockquotes).

A new target's fixes go in a module of their own, named after its parser, and into
`DIALECT_FIXES` below; tests/test_dialects_layout.py holds each module to the fixes its
targets' tables list.
"""

from __future__ import annotations

from converter.body.dialects.common import (
    blank_line_before_lists,
    close_paragraphs,
    emoji_to_unicode,
    heading_indent,
    plain_fence_info,
)
from converter.body.dialects.kramdown import (
    fences_end_lists,
    footnote_labels,
    header_only_tables,
    kramdown_math,
    markdown_in_spans,
    one_word_fence_info,
    pipes_outside_tables,
    url_underscores,
)
from converter.body.dialects.pandoc import (
    blank_line_before_fences,
    blank_line_before_headings,
    brackets_to_dollars,
    html_block_indent,
    literal_backslashes,
    lone_image_inline,
    raw_html_in_cells,
    raw_svg,
    rule_not_yaml,
    tight_dollars,
)
from converter.body.dialects.python_markdown import (
    arithmatex_dollars,
    display_math_blocks,
    four_space_lists,
    markdown_in_html_blocks,
    math_blocks_at_margin,
    raw_fences,
)
from converter.body.dialects.structure import Fix, ends_in_html_block, indented_code_lines
from converter.body.dialects.tex import (
    goldmark_math,
)

DIALECT_FIXES: dict[str, Fix] = {
    "tight_dollars": tight_dollars,
    "raw_svg": raw_svg,
    "raw_html_in_cells": raw_html_in_cells,
    "plain_fence_info": plain_fence_info,
    "one_word_fence_info": one_word_fence_info,
    "close_paragraphs": close_paragraphs,
    "fences_end_lists": fences_end_lists,
    "raw_fences": raw_fences,
    "header_only_tables": header_only_tables,
    "pipes_outside_tables": pipes_outside_tables,
    "url_underscores": url_underscores,
    "footnote_labels": footnote_labels,
    "markdown_in_spans": markdown_in_spans,
    "literal_backslashes": literal_backslashes,
    "html_block_indent": html_block_indent,
    "heading_indent": heading_indent,
    "emoji_to_unicode": emoji_to_unicode,
    "rule_not_yaml": rule_not_yaml,
    "brackets_to_dollars": brackets_to_dollars,
    "lone_image_inline": lone_image_inline,
    "blank_line_before_lists": blank_line_before_lists,
    "blank_line_before_fences": blank_line_before_fences,
    "blank_line_before_headings": blank_line_before_headings,
    "four_space_lists": four_space_lists,
    "display_math_blocks": display_math_blocks,
    "math_blocks_at_margin": math_blocks_at_margin,
    "markdown_in_html_blocks": markdown_in_html_blocks,
    "arithmatex_dollars": arithmatex_dollars,
    "kramdown_math": kramdown_math,
}

__all__ = [
    "DIALECT_FIXES",
    "arithmatex_dollars",
    "blank_line_before_fences",
    "blank_line_before_headings",
    "blank_line_before_lists",
    "brackets_to_dollars",
    "close_paragraphs",
    "display_math_blocks",
    "emoji_to_unicode",
    "ends_in_html_block",
    "fences_end_lists",
    "footnote_labels",
    "four_space_lists",
    "goldmark_math",
    "header_only_tables",
    "heading_indent",
    "html_block_indent",
    "indented_code_lines",
    "kramdown_math",
    "literal_backslashes",
    "lone_image_inline",
    "markdown_in_html_blocks",
    "markdown_in_spans",
    "math_blocks_at_margin",
    "one_word_fence_info",
    "pipes_outside_tables",
    "plain_fence_info",
    "raw_fences",
    "raw_html_in_cells",
    "raw_svg",
    "rule_not_yaml",
    "tight_dollars",
    "url_underscores",
]
