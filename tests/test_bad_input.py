"""Bad input: reported with path and line, the rest converted, no traceback, nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from converter import convert, read_site
from converter.cli import main
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad-site"
FAILING = {
    "content/post/unclosed-fence.md": 1,
    "content/post/invalid-toml.md": 2,
    "content/post/not-utf8.md": 7,
}


def test_every_bad_page_is_named_and_every_good_page_converted(tmp_path):
    result = CliRunner().invoke(
        main, ["convert", str(BAD), "--to", "hugo-toml", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    for path, line in FAILING.items():
        assert f"{path}:{line}:" in result.stderr
    assert "content/post/invalid-yaml.md:" in result.stderr
    site = read_site(BAD)
    converted = {p.source.path for p in site.pages}
    for name in [
        "good-plain.md",
        "good-toml.md",
        "good-bundle/index.md",
        "bom.md",
        "crlf.md",
        "no-front-matter.md",
        "lastmod-true.md",
        "impossible-date.md",
    ]:
        rel = f"content/post/{name}"
        assert rel in converted
        assert (tmp_path / "out" / rel).is_file()


def test_failed_pages_are_kept_verbatim_in_the_output(tmp_path):
    convert(BAD, "hugo-yaml", tmp_path / "out")
    for rel in [*FAILING, "content/post/invalid-yaml.md"]:
        assert (tmp_path / "out" / rel).read_bytes() == (BAD / rel).read_bytes()


def test_bom_crlf_and_missing_front_matter_convert(tmp_path):
    convert(BAD, "hugo-toml", tmp_path / "out")
    crlf = (tmp_path / "out/content/post/crlf.md").read_bytes()
    assert crlf.startswith(b"+++\r\n") and b'title = "Written with CRLF line endings"\r\n' in crlf
    bom = (tmp_path / "out/content/post/bom.md").read_bytes().lstrip(b"\xef\xbb\xbf")
    assert bom.startswith(b"+++\n")
    assert (tmp_path / "out/content/post/no-front-matter.md").read_bytes() == (
        BAD / "content/post/no-front-matter.md"
    ).read_bytes()
    site = read_site(tmp_path / "out")
    page = next(p for p in site.pages if p.path == "post/impossible-date.md")
    assert page.fields["date"] == "2021-23-29"
    lastmod = next(p for p in site.pages if p.path == "post/lastmod-true.md")
    assert lastmod.fields["lastmod"] is True


def test_impossible_date_is_a_warning_in_the_report():
    result = convert(BAD, "hugo-toml")
    report = next(p for p in result.plan.pages if p.source.endswith("impossible-date.md"))
    assert report.status == "converted" and any("2021-23-29" in w for w in report.warnings)
    assert any(w.startswith("line 3:") for w in report.warnings)


def test_the_source_is_never_modified(tmp_path):
    site = tmp_path / "bad"
    shutil.copytree(BAD, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    convert(site, "hugo-toml", tmp_path / "out")
    convert(site, "hugo-yaml", tmp_path / "out2", upgrade=True)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_failing_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import os

    out = tmp_path / "out"
    calls = {"n": 0}
    real_replace = os.replace

    def flaky(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    try:
        convert(FIXTURES / "academic-v2-toml", "hugo-yaml", out)
    except OSError:
        pass
    else:  # pragma: no cover - the fault must surface
        raise AssertionError("the simulated disk-full error was swallowed")
    leftovers = [p for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert leftovers == []
    assert (
        len([p for p in out.rglob("*") if p.is_file()]) == 4
    )  # the files renamed before the fault


def test_paths_outside_out_are_refused(tmp_path: Path):
    """A plan built by hand (no writer, no page report) with paths out of --out: each file is
    failed by name and nothing is written outside; `safe_dest` refuses them on its own too."""
    import pytest

    from converter.apply import apply, safe_dest
    from converter.errors import UsageError
    from converter.plan import FileAction, Plan

    for bad in ["../escape.md", "/etc/passwd-x", "a/../../b", "..\\escape.md", "C:/x.md"]:
        plan = Plan(
            target="hugo-yaml",
            source=FIXTURES / "academic-v2-toml",
            actions=[FileAction(bad, b"x", origin="made-up"), FileAction("ok.md", b"y")],
        )
        written = apply(plan, tmp_path / "out", force=True)
        assert [p.name for p in written] == ["ok.md"]
        assert [(p.source, p.status) for p in plan.pages] == [("made-up", "failed")]
        assert bad in (plan.pages[0].error or "")
        assert not (tmp_path / "escape.md").exists() and not Path("/etc/passwd-x").exists()
        if "\\" not in bad and ":" not in bad:
            with pytest.raises(UsageError):
                safe_dest(tmp_path / "out", bad)
