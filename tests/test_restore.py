"""The body record: a patch from the target body back to the Hugo body, and its guard."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from converter.body.restore import record, restore

lines = st.lists(
    st.sampled_from(["", "text", "{{< x >}}", "::: {.callout-note}", ":::", "  two  ", "\t"]),
    max_size=12,
)


def _text(parts: list[str], end: str) -> str:
    return "\n".join(parts) + end


@settings(max_examples=400, deadline=None)
@given(lines, lines, st.sampled_from(["", "\n", "\n\n"]), st.sampled_from(["", "\n"]))
def test_the_patch_gives_back_the_original_exactly(a, b, end_a, end_b):
    original, written = _text(a, end_a), _text(b, end_b)
    rec = record(original, written)
    back = restore(written, rec)[0] if rec else written
    assert back == original


def test_equal_bodies_need_no_record():
    assert record("same\n", "same\n") is None
    assert record("a\r\nb\r\n", "a\nb\n") is None  # line endings are not a difference


def test_a_short_change_gives_a_short_patch():
    original = "Intro.\n\n{{< callout note >}}\nMind the gap.\n{{< /callout >}}\n\nEnd.\n"
    written = "Intro.\n\n::: {.callout-note}\nMind the gap.\n:::\n\nEnd.\n"
    rec = record(original, written)
    assert rec is not None
    assert [(h["at"], h["lines"]) for h in rec["patch"]] == [(2, 1), (4, 1)]
    assert rec["patch"][0]["was"] == "{{< callout note >}}\n"


def test_a_body_edited_in_the_target_is_taken_as_it_is_now():
    rec = record("{{< x >}}\n", "X\n")
    edited = "X, and a new sentence.\n"
    body, warning = restore(edited, rec)
    assert body == edited
    assert warning is not None and "edited" in warning


def test_trailing_spaces_added_by_an_editor_do_not_count_as_an_edit():
    rec = record("{{< x >}}\nend\n", "X\nend\n")
    assert restore("X  \nend\n", rec)[0].startswith("{{< x >}}")


def test_a_damaged_record_is_reported_not_applied():
    rec = record("a\n", "b\n")
    assert rec is not None
    rec["patch"] = [{"at": 99, "lines": 1, "was": "a\n"}]
    body, warning = restore("b\n", rec)
    assert body == "b\n" and warning is not None and "damaged" in warning
