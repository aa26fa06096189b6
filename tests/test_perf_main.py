"""The main process's own work cut in issue 23's fourth round, each held to what it replaced:
the report a run prints, the files it writes, the same with and without the short cut."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from converter import convert, reports
from converter.cli import main
from tests.conftest import FIXTURE_SITES, FIXTURES

TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]


def _brief(review: reports.Review, verbose: bool) -> str:
    out = io.StringIO()
    reports.print_brief(Console(file=out, no_color=True, width=160), review, verbose)
    return out.getvalue()


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("site", FIXTURE_SITES)
def test_a_review_without_files_is_the_review_less_its_changes(
    site: str, target: str, tmp_path: Path
) -> None:
    """The brief report after a real run shows no file's change, so its review does not read
    the sources back; all it shows is what the whole review shows."""
    result = convert(FIXTURES / site, target, tmp_path / "out")
    whole = reports.review(result)
    brief = reports.review(result, files=False)
    assert [e.report for e in brief.pages] == [e.report for e in whole.pages]
    assert [(e.kind, e.same, e.renamed, e.kept) for e in brief.pages] == [
        (e.kind, e.same, e.renamed, e.kept) for e in whole.pages
    ]
    assert not brief.site_changes and not any(e.changes for e in brief.pages)
    if not target.startswith("hugo"):  # (a Hugo target may leave every file as it was)
        assert whole.site_changes or any(e.changes for e in whole.pages)
    for verbose in (False, True):
        assert _brief(brief, verbose) == _brief(whole, verbose)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_quiet_run_makes_no_review_and_writes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = str(FIXTURES / "academic-v5-yaml")
    loud = CliRunner().invoke(main, ["convert", site, "--to", "jekyll", "--out", f"{tmp_path}/a"])
    assert loud.exit_code == 0 and "pages" in loud.stdout

    def no_review(*args: object, **kwargs: object) -> None:
        raise AssertionError("a quiet run shows no report")

    monkeypatch.setattr(reports, "review", no_review)
    args = ["convert", site, "--to", "jekyll", "--out", f"{tmp_path}/b"]
    assert CliRunner().invoke(main, args).exit_code == 1  # not quiet: the review is asked for
    quiet = CliRunner().invoke(main, [*args, "-q", "--force"])
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert _tree(tmp_path / "b") == _tree(tmp_path / "a")


def test_a_quiet_run_with_a_report_file_still_writes_the_report(tmp_path: Path) -> None:
    site = FIXTURES / "academic-v5-yaml"
    report = tmp_path / "report.json"
    args = ["convert", str(site), "--to", "quarto", "--out", str(tmp_path / "o"), "-q"]
    done = CliRunner().invoke(main, [*args, "--report", "json", "--report-file", str(report)])
    assert done.exit_code == 0, done.output
    assert '"pages"' in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_written_files_have_the_umask_mode(tmp_path: Path, mask: int) -> None:
    """Temporaries are made with the finished file's mode (no `chmod` per file): a written
    file has the mode any new file of the user has, whatever the umask is."""
    before = os.umask(mask)
    try:
        result = convert(FIXTURES / "academic-v5-yaml", "mkdocs", tmp_path / "out")
    finally:
        os.umask(before)
    assert result.written
    for path in result.written:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


def test_a_cli_run_imports_only_its_target_writer(tmp_path: Path) -> None:
    """Checking `--to` asks the registry for the name alone: `writers()` would import every
    writer (and look for plugins) before the run starts. An unknown name is still refused."""
    code = (
        "import sys\n"
        "from converter.cli import main\n"
        "try:\n"
        f"    main(['convert', {str(FIXTURES / 'academic-v5-yaml')!r}, '--to', 'jekyll',\n"
        f"          '--out', {str(tmp_path / 'out')!r}, '-q'])\n"
        "except SystemExit as e:\n"
        "    print(e.code)\n"
        "print(sorted(m for m in sys.modules if m.startswith('converter.writers.') and\n"
        "             m.split('.')[2] in ('quarto', 'mkdocs', 'hugo')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["0", "[]"], done.stdout + done.stderr
    refused = CliRunner().invoke(main, ["convert", str(FIXTURES), "--to", "nope", "--dry-run"])
    assert refused.exit_code == 2 and "hugo-toml" in refused.output
