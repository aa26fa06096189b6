"""Output names every system can check out (converter/portable.py): a site with every name
Linux accepts and Windows or macOS do not, converted to every target."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from converter import convert
from converter.portable import RESERVED, key, portable, problems

NFC = "caf\u00e9"
NFD = "cafe\u0301"


def _names_site(root: Path) -> Path:
    """Every case: a reserved folder and file name (any case), a trailing dot, two names one
    case apart, the same name in NFC and in NFD, a reserved static file."""
    files = {
        "config.yaml": "title: Names\nbaseURL: https://names.example.org/\n",
        "content/talk/con/index.md": "---\ntitle: Con\ndate: 2021-01-01\n---\nSee slides.\n",
        "content/talk/con/slides.pdf": "%PDF-1.4\n",
        "content/post/NUL.md": "---\ntitle: Nul\ndate: 2021-01-02\n---\nx\n",
        "content/post/com1.txt.md": "---\ntitle: Com1\ndate: 2021-01-03\n---\nx\n",
        "content/post/on-ai./index.md": "---\ntitle: On AI\ndate: 2021-01-04\n---\nx\n",
        "content/post/Notes.md": "---\ntitle: Notes upper\ndate: 2021-01-05\n---\nx\n",
        "content/post/notes.md": "---\ntitle: Notes lower\ndate: 2021-01-06\n---\nx\n",
        f"content/post/{NFC}.md": "---\ntitle: Cafe NFC\ndate: 2021-01-07\n---\nx\n",
        f"content/post/{NFD}.md": "---\ntitle: Cafe NFD\ndate: 2021-01-08\n---\nx\n",
        "static/files/aux.txt": "aux\n",
        "data/con.yaml": "x: 1\n",  # kept under _hugo_academic/ with its own name
        "assets/media/trailing. /x.png": "png\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_portable_names() -> None:
    assert portable("talks/con/index.qmd") == "talks/con_/index.qmd"
    assert portable("posts/NUL.md") == "posts/NUL_.md"
    assert portable("a/com1.txt.md") == "a/com1_.txt.md"
    assert portable("talk/on-ai./index.md") == "talk/on-ai/index.md"
    assert portable(f"posts/{NFD}.md") == f"posts/{NFC}.md"
    assert portable("posts/console.md") == "posts/console.md"  # only the whole name is reserved
    assert key("A/Café.md") == key(f"a/{NFD}.md".replace("c", "C", 1).lower())
    assert problems("talks/aux/x.md") and not problems("talks/auxiliary/x.md")
    assert "con" in RESERVED and "lpt9" in RESERVED


@pytest.mark.parametrize("target", ["jekyll", "quarto", "mkdocs"])
def test_no_written_name_breaks_a_checkout_elsewhere(target: str, tmp_path: Path) -> None:
    src = _names_site(tmp_path / "src")
    result = convert(src, target, tmp_path / "out")
    assert result.exit_code == 0
    dests = [a.dest for a in result.plan.actions]
    said = "\n".join(result.plan.warnings)
    for dest in dests:
        kept = dest.startswith("_hugo_academic/")  # the source's own names, for the way back
        assert kept or not problems(dest), (dest, problems(dest))
        if kept and problems(dest):  # each said (issue 22 item 4)
            assert f"{dest}: {problems(dest)[0]}" in said and "kept under its Hugo name" in said
    assert "_hugo_academic/data/con.yaml" in dests  # every target keeps what it cannot use
    assert "_hugo_academic/assets/media/trailing. /x.png" in dests
    assert len({key(d) for d in dests}) == len(dests), "two paths one file elsewhere"
    assert all(unicodedata.is_normalized("NFC", d) for d in dests if not d.startswith("_hugo"))
    said = "\n".join(result.plan.warnings)
    assert "aux.txt' is a name Windows reserves" in said  # each rename is said
    if target != "jekyll":  # Jekyll names talks and posts by date and slug: no `con` there
        talk = next(a for a in result.plan.actions if a.origin == "content/talk/con/index.md")
        assert "con_/" in talk.dest and "'con' is a name Windows reserves" in said
    if target == "quarto":  # posts/<slug>/index.qmd: Notes and notes, the two cafés
        assert said.count("taken by another page") >= 2


@pytest.mark.parametrize("target", ["hugo-yaml", "hugo-toml"])
def test_hugo_targets_keep_the_names_and_say_which_break_elsewhere(
    target: str, tmp_path: Path
) -> None:
    src = _names_site(tmp_path / "src")
    result = convert(src, target, tmp_path / "out")
    # the second of each pair one file system would merge is not written (nothing overwritten)
    failed = sorted(p.source for p in result.plan.pages if p.status == "failed")
    assert result.exit_code == 1 and len(failed) == 2, failed
    dests = {a.dest for a in result.plan.actions}
    assert "content/talk/con/index.md" in dests  # Hugo's addresses come from these names
    said = "\n".join(result.plan.warnings)
    assert "content/talk/con/index.md: 'con' is a name Windows reserves" in said
    assert "ends with a dot" in said and "static/files/aux.txt" in said
    errors = [p.error or "" for p in result.plan.pages if p.status == "failed"]
    assert all("is already written by" in e for e in errors)  # Notes/notes, the two cafés
