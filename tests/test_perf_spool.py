"""Planned contents spooled to disk: the same plan, the same files, the same report, and the
temporary folder gone afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import api, convert, parallel, read_site
from converter.api import plan_conversion
from converter.cli import main
from converter.plan import FileAction
from converter.spool import Spool, Spooled
from tests.conftest import FIXTURE_SITES, FIXTURES

TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]


@pytest.fixture
def spool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spool even a fixture's plan (by default only sites of SPOOL_PAGES pages or more)."""
    monkeypatch.setattr(api, "SPOOL_PAGES", 0)


def _contents(actions: list[FileAction]) -> list[tuple[str, bytes | None, str, str | None]]:
    return [(a.dest, a.content, str(a.source), a.origin) for a in actions]


def test_spool_reads_back_what_each_process_put(tmp_path: Path) -> None:
    spool = Spool()
    folder = Path(spool.folder)
    assert folder.is_dir() and not folder.is_relative_to(tmp_path)
    items = [b"", b"a", "é\n".encode() * 1000, bytes(range(256))]
    refs = [spool.put(item) for item in items]
    # a forked worker appends to its own file; the parent reads it
    got = parallel.map_pages(
        lambda i: spool.put(f"page {i}".encode()), 300, jobs=2
    )  # 300 > MIN_PAGES: workers
    assert {ref.name for ref in refs} == {str(os.getpid())}
    assert str(os.getpid()) not in {ref.name for ref in got}  # each worker, its own file
    assert [ref.read() for ref in refs] == items
    assert [ref.read() for ref in got] == [f"page {i}".encode() for i in range(300)]
    spool.close()
    assert not folder.exists()
    with pytest.raises(RuntimeError, match="gone"):
        refs[2].read()


def test_a_dropped_spool_removes_its_folder() -> None:
    spool = Spool()
    spool.put(b"x")
    folder = Path(spool.folder)
    del spool
    assert not folder.exists()


def test_a_spilled_action_reads_as_before() -> None:
    spool = Spool()
    action = FileAction("a.md", b"text", origin="content/a.md")
    copy = FileAction("b.png", None, Path("/site/b.png"))
    same = FileAction("a.md", b"text", origin="content/a.md")
    action.spill(spool)
    copy.spill(spool)
    assert isinstance(action._content, Spooled) and copy._content is None
    assert action.content == b"text" and not action.copies
    assert copy.copies and copy.content is None
    assert action == same and action != copy
    assert "content=b'text'" in repr(action)


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_a_spooled_plan_is_the_plan_in_memory(
    name: str, spool_always: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = read_site(FIXTURES / name, jobs=1)
    for target in TARGETS:
        spooled = plan_conversion(site, target, jobs=2)
        assert spooled.spool is not None
        assert any(isinstance(a._content, Spooled) for a in spooled.actions), target
        monkeypatch.setattr(api, "SPOOL_PAGES", 10**9)
        held = plan_conversion(read_site(FIXTURES / name, jobs=1), target, jobs=1)
        monkeypatch.setattr(api, "SPOOL_PAGES", 0)
        assert held.spool is None
        assert _contents(spooled.actions) == _contents(held.actions), target
        assert [vars(r) for r in spooled.pages] == [vars(r) for r in held.pages], target


def test_spooled_runs_write_the_same_files_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the CLI: the files written and the dry-run report (every diff) are the same."""
    src = str(FIXTURES / "academic-v5-yaml")
    outputs = {}
    for label, pages in (("held", 10**9), ("spooled", 0)):
        monkeypatch.setattr(api, "SPOOL_PAGES", pages)
        out = tmp_path / label
        run = CliRunner().invoke(main, ["convert", src, "--to", "jekyll", "--out", str(out)])
        assert run.exit_code == 0, run.output
        reports = []
        for fmt in ("json", "text", "html"):
            report = CliRunner().invoke(
                main, ["convert", src, "--to", "jekyll", "--dry-run", "--report", fmt]
            )
            assert report.exit_code == 0, report.output
            reports.append(report.output)
        files = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }
        outputs[label] = (files, reports)
    assert outputs["held"][0] and outputs["held"] == outputs["spooled"]
    assert "+++ b/" in outputs["held"][1][1]  # the text report shows the diffs compared


def test_the_spool_is_removed_after_a_run_and_nothing_is_left(
    tmp_path: Path, spool_always: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    result = convert(FIXTURES / "academic-v5-yaml", "quarto", tmp_path / "out")
    assert result.plan.spool is not None and Path(result.plan.spool.folder).parent == temp
    assert result.written
    del result
    assert os.listdir(temp) == []


def test_a_spool_reads_without_pread_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no `os.pread`: the spool seeks and reads instead."""
    spool = Spool()
    refs = [spool.put(f"content {i}\n".encode() * (i + 1)) for i in range(20)]
    monkeypatch.delattr(os, "pread")
    assert [ref.read() for ref in reversed(refs)] == [
        f"content {i}\n".encode() * (i + 1) for i in reversed(range(20))
    ]
