"""Pages the writer makes up (home pages, section listings, a CV) say so in a record file
beside the page, not in it (`--keep sidecar`, issue 19): the page is the target's own, the
reader still leaves it out; edited, it is still left out with a warning; with its record
deleted, or written with `--keep none`, it is read as a page of the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import convert, read_site, roundtrip
from converter.cli import main
from converter.keep import KEEP_KEY
from converter.sidecar import RECORDS, record_path
from tests.conftest import FIXTURES

SITE = FIXTURES / "academic-v5-yaml"
TARGETS = ["jekyll", "quarto", "mkdocs"]
MARKS = (b"\ngenerated_by: academic-migrate\n", f"\n{KEEP_KEY}:\n  generated: true".encode())
HOME = {"jekyll": "_pages/about.md", "quarto": "index.qmd", "mkdocs": "docs/index.md"}


def marked(out: Path) -> set[str]:
    """The pages of a written site that carry the writer's mark in them (`--keep inline`)."""
    return {
        f.relative_to(out).as_posix()
        for f in out.rglob("*")
        if f.suffix in (".md", ".qmd")
        and RECORDS not in f.as_posix()
        and any(m in f.read_bytes() for m in MARKS)
    }


def generated_records(out: Path) -> set[str]:
    """The pages whose record file says the writer made them."""
    base = out / RECORDS
    return {
        f.relative_to(base).as_posix().removesuffix(".yaml")
        for f in base.rglob("*.yaml")
        if "\n  generated: true\n" in f.read_text("utf-8")
    }


@pytest.fixture(scope="module")
def source_paths() -> list[str]:
    return sorted(p.path for p in read_site(SITE).pages)


@pytest.mark.parametrize("target", TARGETS)
def test_generated_pages_are_clean_and_their_records_say_so(target, tmp_path, source_paths):
    inline, clean = tmp_path / "inline", tmp_path / "clean"
    assert convert(SITE, target, inline, keep="inline").exit_code == 0
    assert convert(SITE, target, clean).exit_code == 0
    made = marked(inline)
    assert HOME[target] in made
    assert marked(clean) == set()  # no mark in any page
    assert generated_records(clean) == made  # one record for each page the writer made
    for page in made:
        record = (clean / record_path(page)).read_text("utf-8")
        assert f"page: {page}\nsha256: " in record and "converting back leaves it out" in record
    back = read_site(clean)
    assert sorted(p.path for p in back.pages) == source_paths
    assert back.warnings == [] and back.problems == []
    # the old mark still works: a site written inline reads the same
    assert sorted(p.path for p in read_site(inline).pages) == source_paths


@pytest.mark.parametrize("target", TARGETS)
def test_roundtrip_stays_equal_with_generated_records(target):
    trip = roundtrip(SITE, target)
    assert trip.equal, [d for p in trip.pages for d in p.differences]
    made = {a.dest for a in trip.plan.actions if a.dest.startswith(f"{RECORDS}/")}
    assert record_path(HOME[target]) in made


@pytest.mark.parametrize("target", TARGETS)
def test_an_edited_generated_page_is_still_left_out_with_a_warning(target, tmp_path, source_paths):
    out = tmp_path / "out"
    convert(SITE, target, out)
    home = out / HOME[target]
    home.write_text(home.read_text("utf-8") + "\nA line I added.\n", "utf-8")
    back = read_site(out)
    assert sorted(p.path for p in back.pages) == source_paths
    assert not any("A line I added" in p.body for p in back.pages)
    assert len(back.warnings) == 1, back.warnings
    assert back.warnings[0].startswith(f"{HOME[target]}: edited since academic-migrate made it")
    assert record_path(HOME[target]) in back.warnings[0]
    assert "delete the record to read it as a page" in back.warnings[0]
    assert back.problems == []


def test_cli_says_an_edited_generated_page_is_not_carried_back(tmp_path):
    out = tmp_path / "out"
    convert(SITE, "quarto", out)
    (out / "index.qmd").write_text((out / "index.qmd").read_text() + "\nMine.\n")
    res = CliRunner().invoke(
        main, ["convert", str(out), "--to", "hugo-yaml", "--dry-run", "--report", "json"]
    )
    assert res.exit_code == 0, res.output
    warnings = json.loads(res.stdout)["warnings"]
    assert any(w.startswith("index.qmd: edited since academic-migrate") for w in warnings)


@pytest.mark.parametrize("target", TARGETS)
def test_without_its_record_a_generated_page_is_read_as_the_sites_own(
    target, tmp_path, source_paths
):
    out = tmp_path / "out"
    convert(SITE, target, out)
    (out / record_path(HOME[target])).unlink()
    back = read_site(out)
    assert len(back.pages) == len(source_paths) + 1
    extra = [p for p in back.pages if p.source and p.source.path == HOME[target]]
    assert len(extra) == 1 and extra[0].path not in source_paths


def test_a_moved_generated_page_is_known_by_its_digest(tmp_path, source_paths):
    out = tmp_path / "out"
    convert(SITE, "quarto", out)
    (out / "slides" / "index.qmd").rename(out / "slides" / "all.qmd")
    back = read_site(out)
    assert sorted(p.path for p in back.pages) == source_paths
    assert back.warnings == [] and back.problems == []


def test_a_deleted_generated_page_is_no_loss_and_no_warning(tmp_path, source_paths):
    out = tmp_path / "out"
    convert(SITE, "mkdocs", out)
    (out / "docs" / "project" / "index.md").unlink()
    back = read_site(out)
    assert sorted(p.path for p in back.pages) == source_paths
    assert back.warnings == [] and back.problems == []


@pytest.mark.parametrize("target", TARGETS)
def test_keep_none_marks_nothing_and_generated_pages_read_as_pages(target, tmp_path, source_paths):
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["convert", str(SITE), "--to", target, "--out", str(out), "--keep", "none", "-q"]
    )
    assert res.exit_code == 0, res.output
    assert marked(out) == set() and not (out / RECORDS).exists()
    back = read_site(out)
    assert any(p.source and p.source.path == HOME[target] for p in back.pages)


def test_cli_keep_inline_keeps_the_marks_in_the_pages(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["convert", str(SITE), "--to", "jekyll", "--out", str(out), "--keep", "inline"]
    )
    assert res.exit_code == 0, res.output
    assert marked(out) == {"_pages/about.md", "_pages/cv.md"}
    assert not (out / RECORDS).exists()
