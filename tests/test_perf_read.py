"""Fast paths of the reading stage (issue 23), each held to the code it replaced: the same
results on generated input, on the fixtures and on every page of the corpora, and the fast
path really taken. No timing here: bench/ measures what they save.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.errors import FrontMatterError
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.split import split
from converter.frontmatter.tomlcodec import _fast_load, _fast_values
from converter.frontmatter.values import plain, same
from tests.conftest import FIXTURES, corpus_roots

# the standard library's TOML reader, which the TOML fast path is held to (Python 3.11+)
tomllib: Any = importlib.import_module("tomllib") if sys.version_info >= (3, 11) else None
needs_tomllib = pytest.mark.skipif(tomllib is None, reason="no tomllib before Python 3.11")

# -- TOML: the values of usual lines read without tomllib ------------------------------------


def _outcome(text: str) -> tuple[Any, ...]:
    try:
        data, comments = _fast_load.load(text)
    except Fallback:
        return ("fallback",)
    return ("read", data, comments)


def _by_tomllib(text: str) -> tuple[Any, ...]:
    """`_fast_load.load` as it was: every value read by tomllib (no line's value taken)."""
    taken = _fast_values.value
    _fast_values.value = lambda rest: None  # type: ignore[assignment]
    try:
        return _outcome(text)
    finally:
        _fast_values.value = taken  # type: ignore[assignment]


def _agree(text: str) -> None:
    fast, slow = _outcome(text), _by_tomllib(text)
    assert fast[0] == slow[0], repr(text)
    if fast[0] == "read":
        # `same`, and the same repr: a time zone object of its own kind (UTC) too
        assert same(fast[1], slow[1]) and repr(fast[1]) == repr(slow[1]), (text, fast, slow)
        assert fast[2] == slow[2], repr(text)


def _values_agree(rest: str) -> None:
    """A value `_fast_values` takes is the one tomllib reads on a `key = ` line."""
    got = _fast_values.value(rest)
    if got is None:
        return
    try:
        expected = plain(tomllib.loads(f"k = {rest}"))["k"]
    except tomllib.TOMLDecodeError:
        raise AssertionError(f"taken, but tomllib refuses it: {rest!r}") from None
    assert same(got[0], expected) and repr(got[0]) == repr(expected), (rest, got, expected)


VALUES = [
    '"text"',
    '""',
    '"C# and F#"',
    '"a \\" b"',
    '"tab\there"',
    '"a\\u00e9"',
    "'lit \\ eral'",
    "''",
    '"""x"""',
    "'''x'''",
    '"x" "y"',
    '"open',
    "'open",
    "true",
    "false",
    "truex",
    "True",
    "0",
    "+0",
    "-0",
    "007",
    "12",
    "-12",
    "1_000",
    "1.5",
    "-0.0",
    "1.",
    ".5",
    "1e5",
    "0x1F",
    "inf",
    "nan",
    "12345678901234567890123",
    "2023-05-22",
    "2023-02-30",
    "2023-05-22T10:20:30",
    "2023-05-22 10:20:30",
    "2023-05-22t10:20:30.1234567Z",
    "2023-05-22T10:20:30+00:00",
    "2023-05-22T10:20:30-05:30",
    "2023-05-22T25:00:00",
    "10:20:30",
    "[]",
    "[ ]",
    '["a", "b"]',
    "['a', \"b\",]",
    '["a" , ]',
    "[,]",
    '["a" "b"]',
    '[["a"]]',
    "[1, 2]",
    '[{name = "x"}]',
    '{a = "x"}',
    '["a",',
    '["#", "x"]',
    "",
]
TAILS = ["", " ", "\t", " # note", "#", "  #  spaced  ", " x", "# with \" and '"]


@needs_tomllib
def test_every_listed_value_is_tomllibs() -> None:
    taken = 0
    for value in VALUES:
        for tail in TAILS:
            _values_agree(value + tail)
            taken += _fast_values.value(value + tail) is not None
    assert taken > 100  # the usual values are taken, not all declined


@needs_tomllib
@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="\"'#[],.-+:0123456789eTZtruefalsx \t\\\u00a0", max_size=24))
@needs_tomllib
def test_generated_values_are_tomllibs(rest: str) -> None:
    _values_agree(rest)


KEYS = st.sampled_from(["title", "tags", "a", "image", "x-y", "1", "title "])
LINES = st.one_of(
    st.builds(
        lambda k, v, t: f"{k} = {v}{t}", KEYS, st.sampled_from(VALUES), st.sampled_from(TAILS)
    ),
    st.sampled_from(
        [
            "",
            "  ",
            "# comment",
            "  # indented comment",
            "\u00a0",
            "\u00a0# comment",
            "# bell \x07",
            "[image]",
            "[ image ] # header",
            "[tags]",
            "[[social]]",
            "[[ social ]]",
            "[[image]]",
            "[[tags]]",
            "[a.b]",
            "a.b = 1",
            '"q" = 1',
            "key=1",
            "\tkey =\t'v'",
        ]
    ),
)


@needs_tomllib
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=12))
@needs_tomllib
def test_generated_front_matter_reads_as_before(lines: list[str]) -> None:
    _agree("\n".join(lines))


EDGES = [
    "image = 1\n[image]",
    "social = []\n[[social]]",
    "[image]\n[[image]]",
    "[[social]]\na = 1\n[[social]]\na = 2\n[image]\n[[social]]",
    "a = 1\na = 2",
    "[image]\na = 1\na = 2",
    "[[social]]\na = 1\n[[social]]\na = 1",
    "date = 2023-05-22T10:20:30+00:00",
    "date = 2023-05-22T10:20:30Z  # utc",
    "a = 1\n\n\n# trailing\n\n",
]


@needs_tomllib
def test_edges() -> None:
    for text in EDGES:
        _agree(text)


@needs_tomllib
def test_the_comparison_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'title = "x"\ntags = ["a"]\n'
    with monkeypatch.context() as m:
        m.setattr(_fast_values, "value", lambda rest: ("wrong", None))
        with pytest.raises(AssertionError):
            _agree(text)
    assert _outcome("a = 1\na = 2")[0] == "fallback"  # a duplicate key is still refused


@needs_tomllib
def test_usual_front_matter_takes_no_tomllib(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> dict[str, Any]:
        raise AssertionError("tomllib read a usual front matter")

    text = (
        '# comment\ntitle = "T"  # inline\ndate = 2023-05-22T10:20:30Z\ndraft = false\n'
        "tags = ['a', \"b\"]\nweight = 3\n\n[image]\ncaption = ''\n\n[[social]]\nicon = \"x\"\n"
        '[[social]]\nicon = "y"\n'
    )
    monkeypatch.setattr(_fast_load, "_by_tomllib", refuse)
    data, comments = _fast_load.load(text)
    assert data["social"] == [{"icon": "x"}, {"icon": "y"}] and data["image"] == {"caption": ""}
    assert comments.inline[("title",)] == "# inline"


def _toml_texts(roots: list[Path]) -> list[str]:
    texts = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix not in {".md", ".toml"} or not path.is_file() or path.is_symlink():
                continue
            try:
                text = path.read_bytes().decode("utf-8")
                parts = split(text)
            except Exception:
                continue
            if parts.format == "toml":
                texts.append(parts.text)
            elif path.suffix == ".toml":
                texts.append(text)
    return texts


@needs_tomllib
def test_every_toml_front_matter_of_the_fixtures_and_corpora() -> None:
    texts = _toml_texts([FIXTURES, *corpus_roots()])
    assert len(texts) > 15 + (300 if corpus_roots() else 0)  # the fixtures have 18
    for text in texts:
        _agree(text)


# -- split: the closing fence found by one search where the lines end in LF -------------------


def test_pages_with_lf_lines_take_the_one_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/test_perf_split.py holds `split` to the line by line walk; here the search is
    what reads the usual page, and a CR anywhere before the fence leaves the page to the walk."""
    sp = importlib.import_module("converter.frontmatter.split")
    taken: list[bool] = []
    search = sp._closed_by_lf

    def spy(*args: Any) -> Any:
        found = search(*args)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(sp, "_closed_by_lf", spy)
    page = "\n+++\ntitle = 'x'\n+++ \nbody\n+++\n"
    assert sp.split(page).body == "body\n+++\n" and taken == [True]
    assert sp.split(page.replace("'x'", "'x'\r")).body == "body\n+++\n" and taken[-1] is False
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(FIXTURES.rglob("*.md"))]
    taken.clear()
    fronted = [t for t in texts if sp.detect(t) in ("yaml", "toml")]
    for text in fronted:
        try:
            sp.split(text)
        except FrontMatterError:
            continue  # a fixture of a front matter never closed
    assert len(fronted) > 50 and sum(taken) > 0.9 * len(fronted)


# -- comment lines: one object per distinct text, across pages ---------------------------------


def test_pages_share_their_comment_lines_not_their_fields() -> None:
    from converter.pages import parse_page

    page = (
        '+++\n# Caption (optional)\ncaption = "a long caption text"\n'
        '\n[image]\n  # Focal point\n  focal_point = "Smart"  # where\n+++\nbody\n'
    )
    one, two = parse_page(page.encode()), parse_page(page.encode())
    assert one.comments == two.comments and one.data == two.data
    assert one.comments.before[("caption",)] == ["# Caption (optional)"]
    for path, lines in one.comments.before.items():
        assert all(a is b for a, b in zip(lines, two.comments.before[path], strict=True))
    assert (
        one.comments.inline[("image", "focal_point")]
        is two.comments.inline[("image", "focal_point")]
    )
    # the fields keep their own strings (their digest is pickle's, where sharing shows)
    assert one.data["caption"] == two.data["caption"]
    assert one.data["caption"] is not two.data["caption"]
    yaml_page = "---\n# Featured image\nimage:\n  # Caption\n  caption: 'x y'\n---\n"
    a, b = parse_page(yaml_page.encode()), parse_page(yaml_page.encode())
    assert a.comments.before[("image",)][0] is b.comments.before[("image",)][0]


# -- the Hugo reader: relative paths as text, a bundle's resources with the walk's links ---------

PARTS = st.lists(st.sampled_from(["a", "b", "content", "x.md", "é", ".h", "a b", "..", "."]))


@settings(max_examples=500, deadline=None)
@given(PARTS, PARTS, st.booleans())
def test_rel_is_relative_to(base: list[str], below: list[str], absolute: bool) -> None:
    from converter.readers.site_files import _rel

    top = Path("/" if absolute else ".", *base)
    path = top.joinpath(*below)
    try:
        expected: object = path.relative_to(top).as_posix()
    except ValueError as e:
        expected = type(e)
    try:
        got: object = _rel(path, top)
    except ValueError as e:
        got = type(e)
    assert got == expected, (path, top)
    for other in (Path("/a/bc"), Path("/ab/c"), Path("/b/c"), Path("/"), Path("/a")):
        try:
            expected = other.relative_to(Path("/a")).as_posix()
        except ValueError as e:
            expected = type(e)
        try:
            got = _rel(other, Path("/a"))
        except ValueError as e:
            got = type(e)
        assert got == expected, other


def _resources_before(folder: Path, pages: frozenset[Path], root: Path) -> list[Any]:
    """`HugoReader._resources` as it was: a `_skipped` and a link check per file."""
    from converter.model import Resource
    from converter.readers import hugo
    from converter.readers.site_files import _files, _skipped, leaves_site

    out = []
    nested: dict[Path, bool] = {}
    for f in _files(folder):
        if f.parent == folder and f in pages:
            continue
        if f.parent != folder and nested.setdefault(f.parent, hugo._has_index(f.parent)):
            continue
        if _skipped(f, folder) or leaves_site(f, root):
            continue
        name = f.relative_to(folder).as_posix()
        patterns = hugo.resource_patterns()
        role = next((r for r, rx in patterns.items() if rx.search(name)), "file")
        out.append(Resource(name=name, source=f, role=role))
    return out


def test_resources_as_before(tmp_path: Path) -> None:
    from converter.model import Site
    from converter.readers import content_files
    from converter.readers.hugo import HugoReader, find_root

    site_dir = tmp_path / "site"
    bundle = site_dir / "content" / "post" / "p"
    for rel in ["index.md", "a.png", ".hidden/x.png", "sub/b.pdf", ".DS_Store", "public/c"]:
        (bundle / rel).parent.mkdir(parents=True, exist_ok=True)
        (bundle / rel).write_text("x")
    (site_dir / "config.toml").write_text("")
    (tmp_path / "outside.png").write_text("x")
    (bundle / "out.png").symlink_to(tmp_path / "outside.png")
    (bundle / "in.png").symlink_to(bundle / "a.png")
    (bundle / "gone.png").symlink_to(tmp_path / "nothing")
    reader = HugoReader()
    roots = [site_dir, *[p for p in sorted(FIXTURES.iterdir()) if (p / "content").is_dir()]]
    bundles = 0
    for root in [*roots, *corpus_roots()]:
        _, content = find_root(root)
        site = Site(root=root)
        reader.read_config(site)
        ignore = content_files.Ignore.from_params(site.params)
        pages = frozenset(reader._scan_content(content, ignore, {})[0])
        for page in sorted(pages):
            if page.name.startswith("index."):
                bundles += 1
                got = reader._resources(page.parent, pages, root)
                assert got == _resources_before(page.parent, pages, root), page
                if root == site_dir:
                    assert sorted(r.name for r in got) == ["a.png", "in.png", "sub/b.pdf"]
    assert bundles > 10


def _walks_before(root: Path, content: Path) -> tuple[list[Path], list[Path], set[Path]]:
    from converter.readers.site_files import files_inside

    listed = files_inside(root, root)
    below = {f for f in listed if content in f.parents}
    return files_inside(content, content), listed, below


def test_one_walk_lists_what_two_did(tmp_path: Path) -> None:
    from converter.readers.hugo import find_root
    from converter.readers.site_files import walk_site

    site = tmp_path / "site"
    files = ["config.toml", "content/a/index.md", "content/.h/x.md", "static/s.png", "a.md"]
    for rel in [*files, ".hidden/c.md", "public/d.md"]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    (site / "content" / "to-static.png").symlink_to(site / "static" / "s.png")  # in the site
    (site / "content" / "out.png").symlink_to(tmp_path / "nowhere")
    (site / "content" / "up").symlink_to(site / "static")  # a folder link: not entered
    linked = tmp_path / "linked"
    (linked / "content" / "p").mkdir(parents=True)
    (linked / "content" / "p" / "index.md").write_text("x")
    (linked / "config.toml").write_text("")
    (tmp_path / "real-content").mkdir()
    (tmp_path / "real-content" / "b.md").write_text("x")
    (tmp_path / "by-link").mkdir()
    (tmp_path / "by-link" / "config.toml").write_text("")
    (tmp_path / "by-link" / "content").symlink_to(tmp_path / "real-content")
    cases = [(site, site / "content"), (site, site), (site, site / "static"), (site, tmp_path)]
    cases += [(tmp_path / "by-link", tmp_path / "by-link" / "content"), (site, site / "nope")]
    cases += [(site, site / ".hidden"), (site, site / "public")]
    cases += [find_root(r) for r in [linked, *FIXTURES.iterdir(), *corpus_roots()] if r.is_dir()]
    declined = {(tmp_path / "by-link", tmp_path / "by-link" / "content"), (site, tmp_path)}
    declined |= {(site, site / "nope"), (site, site / ".hidden"), (site, site / "public")}
    walked_once = 0
    for root, content in cases:
        walked = walk_site(root, content)
        assert (walked is None) == ((root, content) in declined), (root, content)
        if walked is None:
            continue
        walked_once += 1
        assert (walked.content, walked.root, walked.in_content & set(walked.root)) == (
            _walks_before(root, content)
        ), (root, content)
    assert walked_once > 10


# -- YAML: a plain scalar's tag resolved once, by the parser ------------------------------------


def test_plain_scalars_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.frontmatter.yamlcodec import _fast_load as yaml_fast_load
    from converter.frontmatter.yamlcodec import _libyaml, _roundtrip

    if not _libyaml.AVAILABLE:
        pytest.skip("PyYAML without libyaml: ruamel reads every page")
    calls: list[str] = []
    resolves_to = _libyaml.resolves_to

    def counted(value: str) -> str:
        calls.append(value)
        return resolves_to(value)

    monkeypatch.setattr(_libyaml, "resolves_to", counted)
    text = "title: A page\ndraft: false\nweight: 3\ntags:\n- a\n- b\nimage:\n  caption: x\n"
    data, comments = yaml_fast_load.load(text, [])
    plain = "title, A page, draft, false, weight, 3, tags, a, b, image, caption, x"
    assert sorted(calls) == sorted(plain.split(", "))
    assert (data, comments) == _roundtrip.load(text, [])
    # an explicit tag is not the parser's resolution: still refused, for ruamel to read
    with pytest.raises(Fallback):
        yaml_fast_load.load("a: !!str 12\nb: 12\n", [])
