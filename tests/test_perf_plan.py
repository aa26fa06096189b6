"""The shortcuts taken in checking and writing a plan give the answers of the code they replace:
path tests without a PurePosixPath per file, real paths with each folder resolved once, and a
second `check_destinations` on an unchanged plan that does nothing (but does check a plan that
changed since).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path, PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from converter.apply import apply
from converter.plan import FileAction, PageReport, Plan, _realpath, check_destinations, dest_key
from converter.plan import unsafe_reason as unsafe

PATHS = st.lists(
    st.sampled_from(["a", "B", ".", "..", "", "é", "e\u0301", "x.md", "\\", "c:", "//", " "]),
    max_size=6,
).map("/".join)


def _unsafe_before(dest: str) -> str | None:
    """`unsafe_reason` as it was, with a PurePosixPath per call."""
    if not dest or "\0" in dest:
        return "is empty or holds a NUL byte"
    if dest.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", dest):
        return "is an absolute path"
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if ".." in parts:
        return "goes up out of the output folder ('..')"
    if not parts or parts == (".",):
        return "names the output folder itself"
    return None


@settings(max_examples=3000)
@given(PATHS)
def test_path_tests_answer_as_purepath_did(dest: str) -> None:
    assert dest_key(dest) == unicodedata.normalize("NFC", PurePosixPath(dest).as_posix()).casefold()
    assert unsafe(dest) == _unsafe_before(dest)


def test_realpath_with_folders_resolved_once(tmp_path: Path) -> None:
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    (tmp_path / "site" / "a" / "f.png").write_bytes(b"x")
    os.symlink(tmp_path / "out", tmp_path / "site" / "link")
    os.symlink(tmp_path / "out" / "g", tmp_path / "site" / "a" / "g.png")
    folders: dict[str, str] = {}
    for rel in ["a/f.png", "a/g.png", "link/x", "link/../a/f.png", "a/missing", "a/./f.png"]:
        path = str(tmp_path / "site" / rel)
        assert _realpath(path, folders) == os.path.realpath(path), rel


def test_a_second_check_is_skipped_only_while_the_plan_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    plan = Plan(
        "hugo-yaml",
        tmp_path / "site",
        actions=[FileAction("content/a.md", b"a", origin="a"), FileAction("b.md", b"b")],
        pages=[PageReport("a", ["content/a.md"])],
    )
    check_destinations(plan)
    assert len(plan.actions) == 2
    plan.actions[1].dest = "content/A.md"  # now it collides with the page's file
    check_destinations(plan)
    assert [a.dest for a in plan.actions] == ["content/a.md"]
    plan.actions.append(FileAction("../up.md", b"u"))
    problems: list[object] = []
    check_destinations(plan, problems=problems)
    assert [a.dest for a in plan.actions] == ["content/a.md"] and len(problems) == 1
    written = apply(plan, tmp_path / "out")
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == ["content/a.md"]


def test_folders_are_checked_for_links_only_where_some_exist(tmp_path: Path, monkeypatch) -> None:
    """A new or empty output folder holds no folder, so no link to elsewhere: apply skips the
    walk over every file's folders there, and does it where the folder holds something."""
    import converter.apply as apply_module

    asked: list[int] = []
    real = apply_module._check_no_escaping_folder

    def check(out: Path, dests: list[Path]) -> None:
        asked.append(len(dests))
        real(out, dests)

    monkeypatch.setattr(apply_module, "_check_no_escaping_folder", check)
    plan = Plan("hugo-yaml", tmp_path / "site", actions=[FileAction("content/a.md", b"a")])
    apply(plan, tmp_path / "new")
    (tmp_path / "empty").mkdir()
    apply(plan, tmp_path / "empty", force=True)
    assert asked == []
    (tmp_path / "held" / "content").mkdir(parents=True)
    stale = tmp_path / "held" / "content" / ".a.md.academic-migrate-1-1.tmp"
    stale.write_bytes(b"left by a killed run")
    apply(plan, tmp_path / "held", force=True)
    assert asked == [1] and not stale.exists()
    assert (tmp_path / "held" / "content" / "a.md").read_bytes() == b"a"
