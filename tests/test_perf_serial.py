"""The main process's serial work cut in issue 23 (the parts before the reading pool, before
the planning pool and after it), each fast path held to a copy of the code it replaced."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import os
import posixpath
import re
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from converter import convert, formats, home, portable, read_site
from converter import plan as plan_module
from converter.body.links import LinkMap
from converter.model import Page, Resource, Site
from converter.plan import FileAction, PageReport, Plan, check_destinations
from converter.readers import content_files, hugo
from converter.readers.hugo import HugoReader
from converter.readers.site_files import files_inside
from converter.writers import (
    jekyll,
    mkdocs_home,
    mkdocs_site,
    mkdocs_widgets,
    quarto_home,
    target,
)
from converter.writers.jekyll import JekyllWriter
from converter.writers.quarto import QuartoWriter
from converter.writers.target import Placement, hidden
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_roots

ROOTS = [FIXTURES / s for s in FIXTURE_SITES] + corpus_roots()
PATH_TEXT = st.text(alphabet="ab./", max_size=10)


def _actions(plan: Plan) -> list[tuple[str, bytes | None, Path | None]]:
    return [(a.dest, a.content, a.source) for a in plan.actions]


# -- a page's stem: its path's parts as text -----------------------------------------------


def _stem_before(page: Page) -> str:
    """`target.page_stem` as it was, through PurePosixPath (issue 23, serial round)."""
    path = PurePosixPath(page.path)
    if page.bundle:
        stem = str(path.parent)
        return "index" if stem == "." else stem
    return str(path.with_suffix(""))


def _outcome(f: Any, page: Page) -> tuple[str, str]:
    try:
        return "ok", f(page)
    except ValueError as e:
        return "error", str(e)


@given(PATH_TEXT, st.sampled_from([None, "leaf", "branch"]))
@settings(max_examples=600, deadline=None)
@example("a/b/index.md", "leaf")
@example("index.md", "leaf")
@example("a/b.c/d", None)
@example("a/.b", None)
@example("a/b.", None)
@example("", None)
@example("/a/b.md", "branch")
def test_page_stem_is_the_one_pathlib_gave(path: str, bundle: str | None) -> None:
    page = Page(kind="page", slug="", path=path, bundle=bundle)
    assert _outcome(target.page_stem, page) == _outcome(_stem_before, page)


@pytest.mark.parametrize("root", ROOTS)
def test_page_stems_of_real_pages_are_the_ones_pathlib_gave(root: Path) -> None:
    pages = read_site(root).pages
    assert pages
    assert [target.page_stem(p) for p in pages] == [_stem_before(p) for p in pages]


# -- Jekyll's permalinks: a dot that ends a folder name, dropped only where there is one ------


@given(st.text(alphabet="a./-", max_size=14))
@example("/talk/on-ai./")
@example("/a../b.../c")
@example("/a.b/")
def test_a_sanitized_url_is_the_substitution(url: str) -> None:
    assert jekyll.sanitized(url) == re.sub(r"\.+/", "/", url)


# -- Quarto listings: every glob at once ----------------------------------------------------


GLOBS = ["posts/*/index.qmd", "a.b/*/c+d.qmd", "*/x.qmd", "p[1]/*/(y).qmd", "a|b/*/x.qmd"]
SERVED = ["posts/a/index.qmd", "posts/a/b/index.qmd", "a.b/z/c+d.qmd", "axb/z/c+d.qmd"]
SERVED += ["q/x.qmd", "/x.qmd", "p[1]/k/(y).qmd", "p1/k/(y).qmd", "posts//index.qmd"]
SERVED += ["a|b/k/x.qmd", "a/k/x.qmd", "b/k/x.qmd"]


@given(st.lists(st.sampled_from(GLOBS), max_size=4), st.lists(st.sampled_from(SERVED)))
@example(["a|b/*/x.qmd"], ["a/k/x.qmd", "a|b/k/x.qmd"])
@example([], ["posts/a/index.qmd"])
def test_listing_globs_match_what_each_glob_matched(globs: list[str], served: list[str]) -> None:
    want = {d for d in served if any(quarto_home._glob_match(g, d) for g in globs)}
    assert quarto_home._matching(globs, served) == want


# -- the Hugo reader's scan of content/: a leaf bundle's folder looked up once ----------------


def _pages_before(
    content: Path, all_files: list[Path], candidates: set[Path]
) -> tuple[list[Path], set[Path]]:
    """The loop of `HugoReader._scan_content` as it was (issue 23, serial round)."""
    pages: list[Path] = []
    others: set[Path] = set()
    leaf_dirs = {f.parent for f in candidates if f.stem == "index"}
    for f in all_files:
        in_leaf = any(parent in leaf_dirs for parent in f.parents)
        if f in candidates and (not in_leaf or (f.stem == "index" and f.parent in leaf_dirs)):
            pages.append(f)
        else:
            others.add(f)
    return pages, others


def _scan_before(content: Path) -> tuple[list[Path], set[Path], dict[Path, Path]]:
    all_files = files_inside(content, content)
    ignore = content_files.Ignore()
    rendered = {f for f in all_files if content_files.is_page_file(f) and not ignore(f, content)}
    pairs, alone = content_files.pair_sources(all_files, rendered)
    pages, others = _pages_before(content, all_files, rendered | set(alone))
    kept = {r: s for r, s in pairs.items() if r in set(pages)}
    others.difference_update(kept.values())
    return pages, others, kept


def _scan_now(content: Path) -> tuple[list[Path], set[Path], dict[Path, Path]]:
    sources: dict[Path, Path] = {}
    pages, others = HugoReader()._scan_content(content, None, sources)
    return pages, others, sources


@pytest.mark.parametrize("root", ROOTS)
def test_content_scan_finds_the_pages_it_found(root: Path) -> None:
    content = root / "content"
    found = _scan_now(content)
    assert found[0] and found == _scan_before(content)


TREE = st.lists(
    st.tuples(
        st.lists(st.sampled_from(["a", "b", "index.md"]), max_size=3),
        st.sampled_from(["index.md", "_index.md", "x.md", "y.txt", "index.Rmd", "index.html"]),
    ),
    max_size=12,
)


@given(TREE)
@settings(max_examples=60, deadline=None)
def test_content_scan_of_generated_trees(tmp_path_factory: Any, tree: list[Any]) -> None:
    """Leaf bundles inside leaf bundles, at the top of content/ (`content/index.md`: every
    file below is the bundle's), folders named like pages."""
    content = tmp_path_factory.mktemp("site") / "content"
    content.mkdir()
    for folders, name in tree:
        folder = content.joinpath(*folders)
        if folder.is_file():
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            continue
        if not (folder / name).is_dir():
            (folder / name).write_text("---\ntitle: x\n---\n")
    assert _scan_now(content) == _scan_before(content)


# -- one link map per plan: the site's files link as the pages do -----------------------------


def _quarto_links_before(self: QuartoWriter, site: Site, placement: Placement) -> LinkMap:
    """`QuartoWriter._own_homes`' map as it was made (issue 23, serial round)."""
    return LinkMap.build(site, lambda p: self.url(p, site, placement.dest(p)))


def _jekyll_links_before(self: JekyllWriter, site: Site, placement: Placement) -> LinkMap:
    """`JekyllWriter._own_pages`' map as it was made (issue 23, serial round)."""

    def res_url(page: Page, res: Resource) -> str | None:
        rdest = placement.resources.get((id(page), res.name))
        return jekyll.served(rdest) if rdest else None

    return LinkMap.build(site, lambda p: jekyll.permalink(p, site), resource_url=res_url)


BEFORE = {
    "quarto": (QuartoWriter, _quarto_links_before),
    "jekyll": (JekyllWriter, _jekyll_links_before),
}


@pytest.mark.parametrize("to", sorted(BEFORE))
@pytest.mark.parametrize("root", ROOTS)
def test_site_files_link_as_with_a_map_of_their_own(
    root: Path, to: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home and person pages made after the pages use the pages' link map: the same
    files as with the map they made themselves, and one map per plan."""
    site = read_site(root)
    now = convert(site, to).plan
    writer, before = BEFORE[to]
    made: list[int] = []
    build = LinkMap.build

    def counted(*args: Any, **kwargs: Any) -> LinkMap:
        made.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(LinkMap, "build", staticmethod(counted))
    convert(site, to)
    assert len(made) == 1
    monkeypatch.setattr(writer, "plan_links", before)
    assert _actions(convert(site, to).plan) == _actions(now)


@pytest.mark.parametrize("to", ["quarto", "jekyll", "mkdocs"])
def test_the_kept_link_map_is_the_one_a_plan_would_make(to: str) -> None:
    """What `plan_links` keeps is `links_for` of the plan's site and placement; any other
    site or placement gets a map of its own."""
    from converter import fieldmap
    from converter.registry import get_writer

    site = read_site(FIXTURES / "academic-v5-yaml")
    writer = get_writer(to)
    assert isinstance(writer, target.TargetWriter)
    placement = writer.place(site, fieldmap.load(to))
    kept = writer.links_for(site, placement)
    writer._plan_links = (site, placement, kept)
    try:
        assert writer.plan_links(site, placement) is kept
        other = writer.plan_links(site, writer.place(site, fieldmap.load(to)))
        assert other is not kept
        assert {k: id(p) for k, p in other.by_url.items()} == {
            k: id(p) for k, p in kept.by_url.items()
        }
        assert other.resources == kept.resources
    finally:
        writer._plan_links = None


# -- MkDocs: the files under docs/ listed once, each listing's index page found at once -------


def _listings_before(
    site: Site, plan: Plan, placement: Placement, taken: set[str], mode: str
) -> list[tuple[str, str]]:
    """`mkdocs_site._listings` as it was (issue 23, serial round)."""
    out: list[tuple[str, str]] = []
    for folder, (index, entries) in sorted(mkdocs_site._listing_folders(site, placement).items()):
        kinds = [p.kind for p, _ in entries]
        title = mkdocs_site.SECTION_TITLES[max(set(kinds), key=kinds.count)]
        existing = next(
            (
                p
                for p in site.pages
                if placement.dest(p) == index and not hidden(p) and p.kind in ("section", "home")
            ),
            None,
        )
        if existing is not None:
            out.append((str(existing.fields.get("title") or title), index))
            continue
        if index.lower() in taken or not folder:
            continue
        plan.actions += mkdocs_site.page_files(
            index, title, mkdocs_site.blocks.listing(entries, index), mode
        )
        taken.add(index.lower())
        out.append((title, index))
    return out


@pytest.mark.parametrize("root", ROOTS)
def test_mkdocs_site_files_are_those_made_before(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = read_site(root)
    now = convert(site, "mkdocs").plan
    listed: list[Any] = []
    real_files = mkdocs_site.docs_files

    def files(*args: Any) -> set[str]:
        listed.append(1)
        return real_files(*args)

    monkeypatch.setattr(mkdocs_site, "docs_files", files)
    convert(site, "mkdocs")
    assert len(listed) == 1  # by `place`, for the pages and the nav
    add = mkdocs_site.add

    def add_before(*args: Any) -> None:  # the nav listing the files again
        add(*args[:6])

    monkeypatch.setattr(mkdocs_site, "add", add_before)
    monkeypatch.setattr(mkdocs_site, "_listings", _listings_before)
    assert _actions(convert(site, "mkdocs").plan) == _actions(now)
    assert len(listed) == 3


# -- check_destinations: each destination's key made once ------------------------------------


DEST = st.sampled_from(["a/b.md", "A/B.md", "a//b.md", "a/./b.md", "café.md", "cafe\u0301.md"])
DEST |= st.sampled_from(["x/", "../up.md", "/abs.md", "", ".", "ok/c.md", "OK/C.MD"])


@given(st.lists(st.tuples(DEST, st.integers(0, 3)), max_size=10))
@settings(max_examples=300, deadline=None)
def test_destinations_are_judged_as_with_keys_made_each_time(
    actions: list[tuple[str, int]],
) -> None:
    def plan() -> Plan:
        made = Plan(target="t", source=Path("/nowhere"))
        made.pages = [PageReport(f"p{i}", [f"p{i}.md"]) for i in range(4)]
        made.actions = [FileAction(f"p{i}.md", b"x", origin=f"p{i}") for i in range(4)]
        made.actions += [FileAction(d, b"y", origin=f"p{i}") for d, i in actions]
        return made

    def judged(p: Plan) -> tuple[Any, ...]:
        return (
            [a.dest for a in p.actions],
            [(r.source, r.status, r.error, r.outputs) for r in p.pages],
        )

    now = judged(check_destinations(plan()))
    real = plan_module._problem

    def keyless(*args: Any) -> str | None:  # the key worked out inside, as before
        return real(*args[:5])

    with pytest.MonkeyPatch.context() as m:
        m.setattr(plan_module, "_problem", keyless)
        assert judged(check_destinations(plan())) == now


# -- portable names: an ASCII path with nothing to change is returned as it is ---------------


def _name_before(part: str) -> str:
    if part in ("", ".", ".."):
        return part
    trimmed = part.rstrip(". ") or part
    stem, dot, ext = trimmed.partition(".")
    if stem.casefold() in portable.RESERVED:
        trimmed = f"{stem}_{dot}{ext}"
    return trimmed


def _portable_before(path: str) -> str:
    """`portable.portable` as it was (issue 23, serial round)."""
    return "/".join(_name_before(p) for p in unicodedata.normalize("NFC", path).split("/"))


NAME = st.sampled_from(["con", "CON", "Aux", "nul", "com1", "LPT9", "com¹", "coma", "xcon"])
NAME |= st.sampled_from(["a", "b.md", "a.", "a ", "...", ".", "..", "", "é", "e\u0301", "K"])
NAME |= st.sampled_from(
    ["lpt0.md", "\u212a", "con.md", "con.", "nul .txt", "prn/", ".con", "com0.x.y"]
)
PORTABLE = st.lists(NAME, max_size=5).map("/".join)


@given(PORTABLE)
@settings(max_examples=2000)
@example("docs/con/index.md")
@example("docs/a./b")
@example("talk/x /index.md")
def test_portable_names_are_the_ones_made_before(path: str) -> None:
    assert portable.portable(path) == _portable_before(path)
    assert portable.key(path) == unicodedata.normalize("NFC", path).casefold()


# -- MkDocs: the index that lists a listing's pages, found without counting them all ----------


def _listing_index_before(site: Site, s: Any, links: Any) -> str | None:
    """`mkdocs_widgets.listing_index` as it was (issue 23, serial round)."""
    if s.listing is None:
        return None
    listing = dataclasses.replace(s.listing, count=0, offset=0)
    indexes = collections.Counter(
        mkdocs_widgets.section_index(links.pages[id(p)])
        for p in home.listed_pages(site, listing)
        if id(p) in links.pages
    )
    if len(indexes) != 1:
        return None
    index = next(iter(indexes))
    if index.count("/") > 2 + (1 if mkdocs_widgets.lang_folder(site, index) else 0):
        return None
    return index if index in links.files and index != links.here else None


@pytest.mark.parametrize("root", ROOTS)
def test_mkdocs_listing_indexes_are_those_found_before(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = read_site(root)
    asked: list[str | None] = []
    real = mkdocs_widgets.listing_index

    def both(site: Site, s: Any, links: Any) -> str | None:
        found = real(site, s, links)
        assert found == _listing_index_before(site, s, links)
        asked.append(found)
        return found

    monkeypatch.setattr(mkdocs_widgets, "listing_index", both)
    monkeypatch.setattr(mkdocs_home, "listing_index", both)
    convert(site, "mkdocs")
    if any(s.listing for ss in site.sections.values() for s in ss):
        assert asked  # the listings were asked about


# -- file name suffixes, hidden pages, a page's problems, addresses: text, not objects --------


@given(st.text(alphabet="ab./", max_size=10))
@example("a/b.tar.gz")
@example("a/.md")
@example("..")
@example("a/b.md/")
@example("a/b.md/.")
@example("//x.md")
def test_a_suffix_is_the_one_pathlib_gave(name: str) -> None:
    assert formats._suffix.__wrapped__(name) == PurePosixPath(name).suffix[1:]


def _hidden_before(page: Page) -> bool:
    """`target.hidden` as it was (issue 23, serial round)."""
    f = page.fields
    if f.get("headless") is True or page.kind == "widget":
        return True
    for key in ("_build", "build"):
        opts = f.get(key)
        if isinstance(opts, dict) and opts.get("render") in (False, "never", "false"):
            return True
    return False


RENDER = st.sampled_from([False, True, 0, 1, "never", "false", "always", None])
FIELDS = st.dictionaries(
    st.sampled_from(["headless", "_build", "build", "title"]),
    st.one_of(RENDER, st.dictionaries(st.sampled_from(["render", "list"]), RENDER)),
)


@given(FIELDS, st.sampled_from(["page", "widget", "section"]))
@settings(max_examples=500)
def test_hidden_is_as_it_was(fields: dict[str, Any], kind: str) -> None:
    page = Page(kind=kind, slug="", path="a.md", fields=fields)
    assert hidden(page) is _hidden_before(page)


@pytest.mark.parametrize("root", ROOTS)
def test_real_pages_are_hidden_as_they_were(root: Path) -> None:
    pages = read_site(root).pages
    assert [hidden(p) for p in pages] == [_hidden_before(p) for p in pages]


def _problems_before(path: str) -> list[str]:
    """`portable.problems` as it was (issue 23, serial round)."""
    out = []
    if unicodedata.normalize("NFC", path) != path:
        out.append("is not in Unicode NFC (macOS and Windows may see it as another name)")
    for part in path.split("/"):
        if part not in (".", "..") and part != part.rstrip(". "):
            out.append(f"{part!r} ends with a dot or a space (Windows drops them)")
        if part.partition(".")[0].casefold() in portable.RESERVED:
            out.append(f"{part!r} is a name Windows reserves")
    if len(path) > portable.MAX_LENGTH:
        n = portable.MAX_LENGTH
        out.append(f"is {len(path)} characters long (over {n}: too long for Windows)")
    return out


@given(PORTABLE, st.integers(0, 300))
@settings(max_examples=1000)
def test_a_paths_problems_are_those_said_before(path: str, padding: int) -> None:
    for each in (path, "x" * padding + "/" + path):
        assert portable.problems(each) == _problems_before(each)


@given(st.text(alphabet="/.a", max_size=10).map(lambda t: "/" + t))
@example("/a/b/")
@example("/")
@example("/a/../b")
@example("//a")
def test_an_address_is_normal_as_normpath_made_it(address: str) -> None:
    assert mkdocs_site._normal(address) == posixpath.normpath(address)
    assert mkdocs_site._normal(address[1:]) == posixpath.normpath(address[1:] or ".")


# -- Jekyll: the pages a generated page takes in, by address, from one pass --------------------


@pytest.mark.parametrize("root", ROOTS)
def test_jekyll_absorbed_pages_are_those_found_per_address(root: Path) -> None:
    from converter import fieldmap

    site = read_site(root)
    writer = JekyllWriter()
    writer.place(site, fieldmap.load("jekyll"))
    got = jekyll.absorbed_at(site, writer._absorbed)
    urls = {jekyll.permalink(p, site) for p in site.pages}
    for url in urls:
        want = [
            p for p in site.pages if id(p) in writer._absorbed and jekyll.permalink(p, site) == url
        ]
        assert [id(p) for p in got.get(url, [])] == [id(p) for p in want]
    if site.sections:
        assert any(got.values()) or not writer._absorbed


RELATIVE = st.lists(
    st.lists(st.sampled_from(["a", "b", "index.md", "x.md"]), min_size=1, max_size=3).map(
        lambda parts: "/".join(parts)
    ),
    max_size=10,
    unique=True,
)


@given(RELATIVE, st.booleans(), st.data())
@settings(max_examples=300)
@example(["index.md", "x.md", "a/index.md", "a/x.md"], False, None)
@example(["index.md", "x.md", "a/index.md"], True, None)
def test_bundled_pages_of_relative_and_top_level_paths(
    texts: list[str], absolute: bool, data: Any
) -> None:
    """The folder of a file with no slash in its text (`index.md`, `/index.md`) is judged
    through its Path, as before."""
    files = [Path(("/" if absolute else "") + t) for t in texts]
    chosen = data.draw(st.sets(st.sampled_from(files))) if data is not None and files else None
    candidates = set(files) if chosen is None else chosen
    assert hugo._bundled(files, candidates) == _pages_before(Path("."), files, candidates)


# -- layout patterns: a page's date and slug made into text only for a pattern with them ------


def _expand_before(pattern: str, page: Page) -> str:
    """`target.expand` as it was (issue 23, serial round)."""
    when = target.page_date(page)
    day = when.isoformat()[:10] if when else ""
    stem = target.page_stem(page)
    values = {
        "slug": target._segment(page.slug) or target._segment(PurePosixPath(stem).name) or "index",
        "path": page.path,
        "stem": stem,
        "dir": posixpath.dirname(stem),
        "lang": page.lang or "",
        "date": day,
        "date-": f"{day}-" if day else "",
        "kind": page.kind,
        "year": day[:4],
        "month": day[5:7],
        "day": day[8:10],
    }
    out = re.sub(r"\{([a-z]+-?)\}", lambda m: values.get(m.group(1), m.group(0)), pattern)
    if page.lang and not any(t in pattern for t in ("{path}", "{stem}", "{lang}", "{dir}")):
        base, ext = posixpath.splitext(out)
        out = f"{base}.{page.lang}{ext}"
    return out


def _shipped_patterns() -> list[str]:
    from converter import fieldmap

    found = {"{path}", "{stem}/index.md"}
    for name in ("jekyll", "quarto", "mkdocs", "hugo-yaml"):
        layout = fieldmap.load(name).data.get("layout") or {}
        found |= {str(v) for v in layout.values() if v is not None}
    return sorted(found)


FIELD_TOKENS = ["{slug}", "{path}", "{stem}", "{dir}", "{lang}", "{date}", "{date-}", "{kind}"]
FIELD_TOKENS += ["{year}", "{month}", "{day}", "{other}", "{Slug}", "/", "x", ".md", "{", "}"]
DATES = st.sampled_from([None, "2020-01-02", "2020-01-02T03:04:05Z", "soon", "", 7])
DATES |= st.sampled_from([dt.date(2019, 5, 6), dt.datetime(2018, 1, 2, 3, 4)])


@given(
    st.lists(st.sampled_from(FIELD_TOKENS), max_size=6).map("".join),
    st.sampled_from(["a/b.md", "a/b/index.md", "x.md", "a.b/c.md"]),
    st.sampled_from([None, "leaf", "branch"]),
    st.sampled_from(["", "My Slug", "../..", "con", "é"]),
    DATES,
    st.sampled_from([None, "fr"]),
)
@settings(max_examples=1000)
def test_a_pattern_is_expanded_as_before(
    pattern: str, path: str, bundle: str | None, slug: str, date: Any, lang: str | None
) -> None:
    fields = {} if date is None else {"date": date}
    page = Page(kind="post", slug=slug, path=path, bundle=bundle, fields=fields, lang=lang)
    assert target.expand(pattern, page) == _expand_before(pattern, page)


@pytest.mark.parametrize("root", ROOTS)
def test_real_pages_are_placed_as_before(root: Path) -> None:
    pages = read_site(root).pages
    for pattern in _shipped_patterns():
        assert [target.expand(pattern, p) for p in pages] == [
            _expand_before(pattern, p) for p in pages
        ], pattern


# -- the links out of the site: found by the walk that lists the site's files -----------------


def _links_found_by_the_walk(root: Path) -> None:
    from converter.readers import site_files

    walked = site_files.walk_site(root, root / "content")
    assert walked is not None
    assert walked.links == list(site_files._links(str(root)))
    assert site_files.links_outside(root, walked.links) == site_files.links_outside(root)


def test_links_of_a_site_with_links_are_found_by_the_walk(tmp_path: Path) -> None:
    from tests.test_perf_scan import _tree_with_links

    site = _tree_with_links(tmp_path)
    (site / "c" / ".hidden").mkdir()  # a hidden folder's links: not looked at
    os.symlink(tmp_path / "nowhere", site / "c" / ".hidden" / "x.md")
    os.symlink(site / "c" / "d", site / "content" / "public")  # a link to a folder, skipped
    _links_found_by_the_walk(site)
    from converter.readers import site_files

    assert len(site_files.walk_site(site, site / "content").links) == 10  # type: ignore[union-attr]


@pytest.mark.parametrize("root", ROOTS)
def test_links_of_real_sites_are_found_by_the_walk(root: Path) -> None:
    _links_found_by_the_walk(root)


# -- Quarto: a section's folder from the pages of its first folder ----------------------------


def _section_folder_before(page: Page, site: Site, table: Any) -> str | None:
    """`QuartoWriter._section_folder` as it was (issue 23, serial round)."""
    from converter.writers.quarto import kind_folder

    folder = posixpath.dirname(page.path)
    parts = folder.split("/") if folder else []
    if page.lang and parts and parts[0] == page.lang:
        parts = parts[1:]
    if len(parts) != 1:
        return None
    kinds = collections.Counter(
        p.kind
        for p in site.pages
        if p.path.startswith(f"{folder}/") and p.kind not in ("section", "home")
    )
    if not kinds:
        return None
    return kind_folder(table, kinds.most_common(1)[0][0])


@pytest.mark.parametrize("root", ROOTS)
def test_quarto_section_folders_are_those_found_before(root: Path) -> None:
    from converter import fieldmap
    from converter.body import links

    site = read_site(root)
    table = fieldmap.load("quarto")
    writer = QuartoWriter()
    sections = [p for p in site.pages if p.kind == "section"]
    with links.remembering():
        got = [writer._section_folder(p, site, table) for p in sections]
    assert got == [_section_folder_before(p, site, table) for p in sections]
    assert not sections or any(got)
