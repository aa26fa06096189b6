"""Markdown dialect fixes: hand-written cases (each one a page of the corpora that a target read
differently from Goldmark) and properties that hold for any input."""

from __future__ import annotations

from converter.body.dialects import (
    blank_line_before_fences,
    blank_line_before_lists,
    brackets_to_dollars,
    emoji_to_unicode,
    html_block_indent,
    literal_backslashes,
    plain_fence_info,
    raw_html_in_cells,
    raw_svg,
    tight_dollars,
)

# -- raw_svg -----------------------------------------------------------------------------------


def test_raw_svg_keeps_a_nested_svg_whole():
    # draw.io puts an <svg> per formula inside the drawing's own <svg>
    text = (
        "Before.\n\n"
        '<svg width="10"><g><svg><path d="M 0 0"/></svg>\n'
        "<text>filter height</text></g></svg>\n\n"
        "After."
    )
    assert raw_svg(text) == (
        "Before.\n\n"
        "```{=html}\n"
        '<svg width="10"><g><svg><path d="M 0 0"/></svg>\n'
        "<text>filter height</text></g></svg>\n"
        "```\n\n"
        "After."
    )


def test_raw_svg_leaves_an_unclosed_svg_alone():
    text = "<svg><svg></svg>\nno end"
    assert raw_svg(text) == text


# -- blank_line_before_fences ------------------------------------------------------------------


def test_indented_fence_after_a_paragraph_gets_a_blank_line():
    # CommonMark: a fence indented up to 3 columns interrupts a paragraph; pandoc reads `  ````
    # after a paragraph line as a code span
    text = "Then change it to:\n  ```\n  User jun\n  ```\nDone."
    assert blank_line_before_fences(text) == (
        "Then change it to:\n\n  ```\n  User jun\n  ```\nDone."
    )


def test_fence_indented_past_a_list_items_content_gets_a_blank_line():
    # a tab is column 4, one past the content column (3) of `3. `
    text = "3. Install brew\n\t```\n\t$ brew doctor\n\t```"
    assert blank_line_before_fences(text) == "3. Install brew\n\n\t```\n\t$ brew doctor\n\t```"


def test_paragraph_after_a_code_block_in_an_item_measures_from_the_item():
    text = "- a\n\n  ```\n  x\n  ```\n  then:\n   ```\n   y\n   ```"
    assert blank_line_before_fences(text) == (
        "- a\n\n  ```\n  x\n  ```\n  then:\n\n   ```\n   y\n   ```"
    )


def test_fences_pandoc_reads_as_code_already_are_left_alone():
    for text in (
        "Para\n```\ncode\n```",  # at the paragraph's left edge
        "- item\n  ```\n  code\n  ```",  # at the item's content column
        "- a\n\n  para\n  ```\n  code\n  ```",
        "1. apache\n  1. sub\n  ```\n  code\n  ```",  # left of the item: closes it
        "<div>\ntext\n  ```\n  code\n  ```\n</div>",  # inside an HTML block: raw to Goldmark
        "# Heading\n  ```\n  code\n  ```",
        "Para\n\n  ```\n  code\n  ```",
    ):
        assert blank_line_before_fences(text) == text, text


# -- blank_line_before_lists -------------------------------------------------------------------


def test_list_after_a_paragraph_line_gets_a_blank_line():
    assert blank_line_before_lists("Steps:\n- one\n- two") == "Steps:\n\n- one\n- two"
    assert blank_line_before_lists("Steps:\n1. one\n2. two") == "Steps:\n\n1. one\n2. two"


def test_lines_that_only_look_like_items_stay_paragraph_text():
    for text in (
        # an ordered list interrupting a paragraph must start at 1
        "set the YEARCUTOFF option to\n1893. This would lead to",
        "_Thursday_ <br>\n7. Mike Sweeting<br>\n8. Sarah Booth",
        # 4 columns past the paragraph's edge: a lazy continuation line
        "as follows:\n    - the menu url\n    - baseURL",
        "is an Excel sheet\n\t- with many computations",
        # an empty item cannot interrupt a paragraph
        "Text\n-\nmore",
    ):
        assert blank_line_before_lists(text) == text, text


def test_an_outer_lists_next_item_is_still_separated():
    # `4.` is left of item 3's content: an item of the outer list, not paragraph text
    text = "3. brew\n\t```\n\tx\n\t```\n\tafter the code\n4. cask"
    assert blank_line_before_lists(text) == (
        "3. brew\n\t```\n\tx\n\t```\n\tafter the code\n\n4. cask"
    )


def test_lines_in_code_blocks_are_not_items():
    text = "Run:\n```\nls\n- not an item\n```"
    assert blank_line_before_lists(text) == text


# -- raw_html_in_cells -------------------------------------------------------------------------


def test_block_tags_in_table_cells_become_raw_inlines():
    text = (
        "| Method | Steps |\n"
        "| --- | --- |\n"
        "| **Policy Iteration** <li>Policy evaluation <li />Policy improvement | Small |\n"
        "| UDP | <li> live streaming</li> <br /> `<li>` | \n"
        "\n"
        "Text <li>outside a table</li>."
    )
    assert raw_html_in_cells(text) == (
        "| Method | Steps |\n"
        "| --- | --- |\n"
        "| **Policy Iteration** `<li>`{=html}Policy evaluation `<li />`{=html}Policy improvement"
        " | Small |\n"
        "| UDP | `<li>`{=html} live streaming`</li>`{=html} <br /> `<li>` | \n"
        "\n"
        "Text <li>outside a table</li>."
    )


def test_rows_without_a_delimiter_row_are_not_a_table():
    text = "a | <li>b\nc | d"
    assert raw_html_in_cells(text) == text


# -- tight_dollars -----------------------------------------------------------------------------


def test_dollars_alone_on_their_lines_around_tex_become_one_span():
    text = (
        "3. Output the final classifier\n\n"
        "    $\n"
        "        H(x)=\\operatorname{sign}\\left(\\sum\\_{t=1}^{T} h\\_{t}\\right)\n"
        "    $\n\n"
        "$\n\\begin{aligned}\nL &= a \\\\\\\\\n&= b\n\\end{aligned}\n$\n"
    )
    assert tight_dollars(text) == (
        "3. Output the final classifier\n\n"
        "    $H(x)=\\operatorname{sign}\\left(\\sum\\_{t=1}^{T} h\\_{t}\\right)$\n\n"
        "$\\begin{aligned}\nL &= a \\\\\\\\\n&= b\n\\end{aligned}$\n"
    )


def test_lone_dollars_around_plain_text_or_a_blank_line_stay():
    for text in ("$\nfive dollars\n$", "$\nx_1\n\ny_2\n$", "$\n\\alpha\n"):
        assert tight_dollars(text) == text, text


def test_a_formula_right_before_a_digit_gets_an_empty_span():
    # pandoc does not close `$` before a digit, and would drop \tau as raw TeX
    assert tight_dollars("| $\\tau\\_M = $70 ms |") == "| $\\tau\\_M =$[]{}70 ms |"
    # `\$` inside the formula is a dollar sign, not the end
    text = '"$\\text{\\\\$200,000}$" is one entity'
    assert tight_dollars(text) == text


# -- fences ------------------------------------------------------------------------------------


def test_a_fence_info_string_with_more_words_keeps_the_language():
    text = ' ```sasproc format;\nvalue sex\n```\n\n```markmap {height="200px"}\n- a\n```'
    assert plain_fence_info(text) == (
        ' ```sasproc\nvalue sex\n```\n\n```markmap {height="200px"}\n- a\n```'
    )


def test_backticks_with_a_backtick_in_the_info_string_are_a_code_span_not_a_fence():
    # CommonMark: ```a, b``` is inline code, so what follows is still prose to fix
    assert emoji_to_unicode("    ```Peugeot, company```\n\nGreat :tada:") == (
        "    ```Peugeot, company```\n\nGreat \U0001f389"
    )
    assert emoji_to_unicode("```\n:tada:\n```") == "```\n:tada:\n```"


# -- backslashes -------------------------------------------------------------------------------


def test_backslashes_goldmark_shows_are_doubled_for_pandoc():
    text = (
        "extracted to c:\\rsmodel\\sas_colon\\ then run\n"
        "Never use l (\\ell), or C:\\\\SAS twice escaped.\n"
        "Math $\\alpha + \\text{\\\\$5}$ and $$\\beta$$, code `C:\\SAS`, "
        "[link](C:\\dir) <a href='C:\\x'>a</a> <!-- C:\\y -->\n"
        "<pre>G:\\SAS\\SAS.EXE</pre> and ![img](a.png)\\ \n"
        "\n"
        "    C:\\indented\\code\n"
        "\n"
        "```\nC:\\fenced\n```"
    )
    assert literal_backslashes(text) == (
        "extracted to c:\\\\rsmodel\\\\sas_colon\\\\ then run\n"
        "Never use l (\\\\ell), or C:\\\\SAS twice escaped.\n"
        "Math $\\alpha + \\text{\\\\$5}$ and $$\\beta$$, code `C:\\SAS`, "
        "[link](C:\\dir) <a href='C:\\x'>a</a> <!-- C:\\y -->\n"
        "<pre>G:\\SAS\\SAS.EXE</pre> and ![img](a.png)\\ \n"
        "\n"
        "    C:\\indented\\code\n"
        "\n"
        "```\nC:\\fenced\n```"
    )


def test_double_backslash_brackets_are_math_as_goldmark_leaves_them():
    assert brackets_to_dollars("\\\\[d=\\frac{a}{s}\\\\] and \\\\(w\\\\)") == (
        "$$d=\\frac{a}{s}$$ and $w$"
    )
    assert brackets_to_dollars("\\[x \\\\ y\\] and \\(z\\)") == "$$x \\\\ y$$ and $z$"


# -- html_block_indent -------------------------------------------------------------------------


def test_indented_tags_in_an_html_block_lose_their_indentation():
    # one CommonMark HTML block (no blank line); pandoc would read the indented <pre> line,
    # after </p> closed, as an indented code block
    text = (
        "<p>Deal with missing values first.</p>\n"
        "    <pre>if age=. then agecat=.;\n"
        "    else agecat=3;</pre>\n"
        "    <p>SAS version 8 introduced MISSING\n"
        "    for this.</p>\n"
        "\n"
        "    indented code after a blank line"
    )
    assert html_block_indent(text) == (
        "<p>Deal with missing values first.</p>\n"
        "<pre>if age=. then agecat=.;\n"
        "    else agecat=3;</pre>\n"
        "<p>SAS version 8 introduced MISSING\n"
        "    for this.</p>\n"
        "\n"
        "    indented code after a blank line"
    )


def test_html_in_a_list_item_or_after_text_is_left_alone():
    for text in ("- item\n\n  <div>\n      <p>x</p>\n  </div>", "Text\n    <p>x</p>"):
        assert html_block_indent(text) == text, text
