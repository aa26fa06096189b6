"""The HTML report of a real site, opened in headless Chromium: the DOM after the filter script
ran shows the right counts and rows, and the page renders (a screenshot is taken).

Chromium is Debian's `chromium` (`.ci/run` installs it). Outside CI the test skips, saying
why, where it is missing; in CI (env CI set) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import read_site
from converter.cli import main
from tests.conftest import corpus_site
from tests.test_report import parse

SITE = "paul-dickman__starter-academic"
PNG = b"\x89PNG\r\n\x1a\n"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed, and CI must run this test (.ci/run installs it)")
    pytest.skip("chromium not installed (Debian: apt-get install chromium); CI installs it")


def browse(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [
        exe,
        "--headless",
        "--no-sandbox",  # root in a container has no user namespace for the sandbox
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = corpus_site(SITE)
    out = tmp_path_factory.mktemp("html-report") / "report.html"
    result = CliRunner().invoke(
        main,
        [
            "convert",
            str(site),
            "--to",
            "jekyll",
            "--dry-run",
            "--report",
            "html",
            "--report-file",
            str(out),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return site, out


@pytest.mark.corpus
def test_report_in_chromium_shows_the_counts_and_rows(report, tmp_path):
    exe = chromium()
    site, html = report
    read = read_site(site)
    kinds = Counter(p.kind for p in read.pages)
    total = len(read.pages) + len(read.problems)

    done = browse(exe, tmp_path / "profile", "--dump-dom", html.as_uri())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    dom = parse(done.stdout.decode("utf-8"))
    assert dom.cards["pages"] == total == len(dom.rows) == len(dom.sections)
    assert dom.cards["errors"] == len(read.problems)
    rows = {r["data-source"]: r for r in dom.rows}
    for page in read.pages:
        assert page.source is not None and rows[page.source.path]["data-kind"] == page.kind
    # the script ran: it counted the rows it shows
    assert dom.shown == str(total) and dom.shown_text == f"{total} of {total} pages shown"
    assert not any("hidden" in r for r in dom.rows)

    # a filter in the address: only that kind's rows stay visible, and the count says so
    kind, n = kinds.most_common(1)[0]
    done = browse(exe, tmp_path / "profile", "--dump-dom", f"{html.as_uri()}#kind={kind}")
    assert done.returncode == 0
    dom = parse(done.stdout.decode("utf-8"))
    visible = [r for r in dom.rows if "hidden" not in r]
    assert len(visible) == n < total and {r["data-kind"] for r in visible} == {kind}
    assert dom.shown_text == f"{n} of {total} pages shown"
    assert sum(1 for s in dom.sections if "hidden" not in s) == n

    # two filters at once: that kind, in the folder the first of them went to
    folder = visible[0]["data-folder"]
    both = [r for r in dom.rows if r["data-kind"] == kind and r["data-folder"] == folder]
    address = f"{html.as_uri()}#kind={kind}&folder={folder}"
    done = browse(exe, tmp_path / "profile", "--dump-dom", address)
    dom = parse(done.stdout.decode("utf-8"))
    visible = [r for r in dom.rows if "hidden" not in r]
    assert [r["data-source"] for r in visible] == [r["data-source"] for r in both]
    assert dom.shown_text == f"{len(both)} of {total} pages shown"


@pytest.mark.corpus
def test_report_in_chromium_renders_a_screenshot(report, tmp_path):
    exe = chromium()
    _, html = report
    shot = tmp_path / "report.png"
    done = browse(
        exe,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=1280,1600",
        f"--screenshot={shot}",
        html.as_uri(),
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
