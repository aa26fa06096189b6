"""The main process's own work cut in issue 23's fourth round, each held to what it replaced:
the report a run prints, the files it writes, the same with and without the short cut."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from converter import apply as apply_module
from converter import convert, home, parallel, read_site, reports
from converter.body import links
from converter.cli import main
from converter.errors import UsageError
from converter.model import Listing, Page, Site
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_roots

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


# -- a listing's pages: what every listing asks of a page, worked out once per plan ----------


def _listed_before(site: Site, listing: Listing, today: dt.date) -> list[Page]:
    """`home.listed_pages` as it was before the candidates were kept (issue 23, round 4)."""
    chosen = []
    hugo_kinds = set(listing.hugo_kinds or ["page"])
    for page in site.pages:
        hugo_kind = "section" if page.kind in ("section", "home") else "page"
        if hugo_kind not in hugo_kinds or page.kind in ("widget", "home"):
            continue
        if page.fields.get("draft") is True or page.fields.get("headless") is True:
            continue
        if listing.lang is not None and page.lang != listing.lang:
            continue
        folder = page.path.split("/", 1)[0]
        in_kind = page.kind in listing.kinds
        in_folder = folder in listing.folders or home.FOLDER_KINDS.get(folder) in listing.folders
        anywhere = not listing.kinds and not listing.folders
        if not (in_kind or in_folder or anywhere):
            continue
        f = page.fields
        featured = f.get("featured") is True
        if (listing.featured_only and not featured) or (listing.exclude_featured and featured):
            continue
        day = home._day(f.get("date"))
        if listing.exclude_past and day is not None and day < today:
            continue
        if listing.exclude_future and day is not None and day > today:
            continue
        if listing.tag and listing.tag not in home._strings(f.get("tags")):
            continue
        if listing.category and listing.category not in home._strings(f.get("categories")):
            continue
        if listing.author and listing.author not in home._strings(f.get("authors")):
            continue
        if listing.publication_type and listing.publication_type not in home._strings(
            f.get("publication_types")
        ):
            continue
        chosen.append(page)
    chosen.sort(
        key=lambda p: home._day(p.fields.get("date")) or dt.date.min, reverse=not listing.ascending
    )
    chosen = chosen[listing.offset :]
    return chosen[: listing.count] if listing.count > 0 else chosen


def _listings(site: Site) -> list[Listing]:
    """The site's own listings, and one per kind, folder and filter its pages have."""
    own = [s.listing for ss in home.read_sections(site).values() for s in ss if s.listing]
    kinds = sorted({p.kind for p in site.pages})
    folders = sorted({p.path.split("/", 1)[0] for p in site.pages})
    tags = sorted({t for p in site.pages for t in home._strings(p.fields.get("tags"))})[:3]
    langs = sorted({p.lang for p in site.pages if p.lang is not None})[:2]
    made = [Listing(kinds=[k]) for k in kinds] + [Listing(folders=[f]) for f in folders]
    made += [Listing(tag=t) for t in tags] + [Listing(kinds=kinds[:2], lang=lang) for lang in langs]
    made += [
        Listing(hugo_kinds=["section"]),
        Listing(hugo_kinds=["page", "section"], count=3, offset=1, ascending=True),
        Listing(kinds=kinds, featured_only=True),
        Listing(kinds=kinds, exclude_featured=True, exclude_past=True),
        Listing(folders=folders, exclude_future=True, count=5),
        Listing(kinds=["publication"], publication_type="1"),
        Listing(kinds=["post"], category="news", author="admin"),
    ]
    return own + made


@pytest.mark.parametrize("root", [FIXTURES / s for s in FIXTURE_SITES] + corpus_roots())
def test_listed_pages_are_those_listed_before(root: Path) -> None:
    site = read_site(root)
    listings = _listings(site)
    for today in (dt.date(2019, 6, 1), dt.date(2031, 1, 1)):
        with links.remembering():
            got = [home.listed_pages(site, listing, today) for listing in listings]
        want = [_listed_before(site, listing, today) for listing in listings]
        assert [[id(p) for p in g] for g in got] == [[id(p) for p in w] for w in want]
    assert any(got), root  # the listings list something


def test_a_plan_works_out_the_listable_pages_once(monkeypatch: pytest.MonkeyPatch) -> None:
    site = read_site(FIXTURES / "academic-v5-yaml")
    calls: list[int] = []
    real = home._listable

    def counted(s: Site) -> list[tuple[Page, str, str, dt.date | None]]:
        calls.append(1)
        return real(s)

    monkeypatch.setattr(home, "_listable", counted)
    with links.remembering():
        first = [home.listed_pages(site, Listing(kinds=[k])) for k in ("post", "publication")]
    assert len(calls) == 1 and all(first)
    home.listed_pages(site, Listing(kinds=["post"]))  # outside a plan: afresh each time
    assert len(calls) == 2


# -- reading in longer waves: its workers make the site, they never read it ----------------------


def _pid(i: int) -> tuple[int, int]:
    return i, os.getpid()


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_work_that_shares_no_site_runs_in_longer_waves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading's pools last `READ_WAVE_PAGES`, planning's `WAVE_PAGES`: both end, so a
    worker's share of memory this process writes to meanwhile stays bounded."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    monkeypatch.setattr(parallel, "WAVE_PAGES", 10)
    monkeypatch.setattr(parallel, "READ_WAVE_PAGES", 100)
    waved = parallel.map_pages(_pid, 300, jobs=2)
    pooled = parallel.map_pages(_pid, 300, jobs=2, shares_site=False)
    assert [i for i, _ in pooled] == [i for i, _ in waved] == list(range(300))
    assert 3 <= len({pid for _, pid in pooled}) <= 6  # three pools of (at most) two workers
    assert len({pid for _, pid in waved}) > 6  # a fresh pool every ten pages


def test_the_hugo_reader_reads_in_reading_waves(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    real = parallel.map_pages

    def spy(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("shares_site", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "map_pages", spy)
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)
    one = read_site(FIXTURES / "academic-v5-yaml", jobs=1)
    two = read_site(FIXTURES / "academic-v5-yaml", jobs=2)
    assert asked == [False, False]
    assert [p.path for p in two.pages] == [p.path for p in one.pages]
    assert [p.fields for p in two.pages] == [p.fields for p in one.pages]


def test_mkdocs_home_pages_link_with_the_plans_link_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home pages no Hugo page holds are written after the pages, with the link map the
    pages had (the same arguments): one map per plan, and the same files as with a second."""
    from converter.writers.mkdocs import MkDocsWriter

    site = FIXTURES / "academic-v5-yaml"
    before = convert(site, "mkdocs")
    made: list[int] = []
    real = links.LinkMap.build

    def counted(*args: Any, **kwargs: Any) -> links.LinkMap:
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(links.LinkMap, "build", staticmethod(counted))
    after = convert(site, "mkdocs")
    assert len(made) == 1
    assert [(a.dest, a.content) for a in after.plan.actions] == [
        (a.dest, a.content) for a in before.plan.actions
    ]
    homes = [a for a in after.plan.actions if a.dest == "docs/index.md"]
    assert homes and b"](" in (homes[0].content or b"")  # a home page with links, made up
    monkeypatch.setattr(MkDocsWriter, "before_pages", lambda *a: None)  # no map kept: one made
    made.clear()
    convert(site, "mkdocs")
    assert len(made) == 2


# -- Jekyll's generic listing loops: the published pages worked out once per context ----------


def _generic_before(listing: Listing, names: list[str], ctx: Any) -> list[str]:
    """`jekyll_home._generic` as it was before `_published` (issue 23, round 4)."""
    from converter.conventions.jekyll import collection_of
    from converter.writers import jekyll_home
    from converter.writers.target import hidden

    pages = []
    for page in ctx.site.pages:
        if hidden(page) or page.fields.get("draft") is True:
            continue
        if (collection_of(ctx.dest_of(page)) or "pages") not in names:
            continue
        d = jekyll_home.day(page.fields.get("date"))
        if d is None:
            return []
        if listing.exclude_past and d is not None and d < ctx.today:
            continue
        if listing.exclude_future and d is not None and d > ctx.today:
            continue
        pages.append(page)
    pages.sort(
        key=lambda p: jekyll_home.day(p.fields.get("date")) or dt.date.min,
        reverse=not listing.ascending,
    )
    if listing.featured_only or listing.exclude_featured or listing.tag or listing.category:
        return []
    if listing.author or listing.publication_type:
        return []
    return [ctx.url_of(p) for p in pages]


@pytest.mark.parametrize("root", [FIXTURES / s for s in FIXTURE_SITES] + corpus_roots())
def test_jekyll_generic_loops_are_those_made_before(root: Path) -> None:
    from converter import fieldmap
    from converter.writers import jekyll_home
    from converter.writers.jekyll import JekyllWriter

    site = read_site(root)
    writer = JekyllWriter()
    placement = writer.place(site, fieldmap.load("jekyll"))
    url_of = writer._url_of(site)
    names_of = sorted(_collections(placement))
    compared = 0
    for today in (dt.date(2019, 6, 1), dt.date(2031, 1, 1)):
        ctx = jekyll_home.Context(site, lambda t, w: t, {}, placement.dest, url_of, today=today)
        for listing in _listings(site):
            for names in [[n] for n in names_of] + [["pages"], [*names_of, "pages"]]:
                got = jekyll_home._generic(listing, names, ctx)
                assert got == _generic_before(listing, names, ctx), (listing, names)
                compared += bool(got)
    assert compared, root  # some loops list pages


def _collections(placement: Any) -> set[str]:
    from converter.conventions.jekyll import collection_of

    return {c for d in placement.pages.values() if (c := collection_of(d))}


def test_a_run_imports_no_schema_validator(tmp_path: Path) -> None:
    """Neither the shipped mapping tables (validated by the tests) nor a report nobody asked
    to check need jsonschema: a run does not import it. A user's table is still checked."""
    code = (
        "import sys\n"
        "from converter.cli import main\n"
        "try:\n"
        f"    main(['convert', {str(FIXTURES / 'academic-v5-yaml')!r}, '--to', 'mkdocs',\n"
        f"          '--out', {str(tmp_path / 'out')!r}, '--report', 'json',\n"
        f"          '--report-file', {str(tmp_path / 'r.json')!r}])\n"
        "except SystemExit as e:\n"
        "    print(e.code)\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["0", "False"], done.stdout + done.stderr
    mine = tmp_path / "mine.yaml"
    mine.write_text("fields:\n  title: [not, a, rule]\n", encoding="utf-8")
    args = ["convert", str(FIXTURES / "academic-v5-yaml"), "--to", "mkdocs", "--dry-run"]
    refused = CliRunner().invoke(main, [*args, "--mapping", str(mine)])
    assert refused.exit_code != 0 and "mine.yaml" in refused.output


@pytest.mark.parametrize("site", ["academic-v5-yaml", "multilingual", "hugoblox-2026"])
def test_quarto_listings_find_the_served_pages_once_per_plan(
    site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a Quarto listing's globs could match (every served page of its language) is made
    once per plan and language; the listings are the same as when each made its own."""
    from converter.writers import quarto_home

    calls: list[str | None] = []
    real = quarto_home.HomeBuilder._served

    def counted(self: quarto_home.HomeBuilder, s: Site) -> frozenset[str]:
        calls.append(self.ctx.lang)
        return real(self, s)

    monkeypatch.setattr(quarto_home.HomeBuilder, "_served", counted)
    kept = convert(FIXTURES / site, "quarto")
    assert len(calls) == len(set(calls))  # once per language
    monkeypatch.setattr(quarto_home, "remembered", lambda kind, s, make: make(s))
    calls.clear()
    fresh = convert(FIXTURES / site, "quarto")
    assert [(a.dest, a.content) for a in kept.plan.actions] == [
        (a.dest, a.content) for a in fresh.plan.actions
    ]
    if site == "academic-v5-yaml":
        assert len(calls) > 1  # more than one listing asked


# -- writing: destinations joined as text where they are already plain ----------------------


@given(st.lists(st.text(alphabet="ab./\\ é", max_size=12), max_size=6))
@settings(max_examples=400, deadline=None)
@example(["a/b", "./a", "a/./b", "a//b", "a/", "/a", "..", "a/..", "a/../b", ".a/b..", ""])
def test_destinations_as_text_are_safe_dests(rels: list[str]) -> None:
    out = Path("/tmp/out-" + "x")  # (not touched)

    def one(rel: str) -> str:
        try:
            return str(apply_module.safe_dest(out, rel))
        except UsageError as e:
            return f"refused: {e}"

    want = [one(rel) for rel in rels]
    try:
        got = apply_module._dest_texts(out, rels)
    except UsageError as e:
        assert f"refused: {e}" in want
        assert all(not w.startswith("refused") for w in want[: want.index(f"refused: {e}")])
        return
    assert got == want


def test_a_run_writes_where_it_wrote_before(tmp_path: Path) -> None:
    result = convert(FIXTURES / "hugoblox-2026", "quarto", tmp_path / "out")
    assert result.written == [
        apply_module.safe_dest(tmp_path / "out", a.dest) for a in result.plan.actions
    ]
    assert all(p.is_file() for p in result.written)


# -- the shipped mapping tables, read by libyaml: the data ruamel reads ------------------------


def _typed(value: Any) -> Any:
    """`value` with each scalar's type beside it: `True` and `"True"`, `1` and `1.0` differ."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_every_shipped_table_reads_as_ruamel_reads_it() -> None:
    from ruamel.yaml import YAML

    from converter import tables

    names = tables.available_tables()
    assert len(names) >= 4
    for name in names:
        text = tables.table_path(name).read_text(encoding="utf-8")
        ours = tables._load_shipped(text)
        assert _typed(ours) == _typed(YAML(typ="safe").load(text)), name
        assert tables.load_table(name) == ours
    # where the two differ (YAML 1.1 against 1.2), this test would say so
    assert _typed(tables._load_shipped("a: on\n")) != _typed(YAML(typ="safe").load("a: on\n"))
