"""Hostile and broken input (issue 10): every case is refused or converted on purpose, with the
page named, never a traceback, never a file outside --out, never a page overwritten.

The sites are generated in a temporary folder: symbolic links, binary pages, huge pages and
file names that differ only by case cannot live in a git checkout on every system.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import convert, read_site
from converter.cli import main
from converter.errors import ConversionError, FrontMatterError
from converter.frontmatter import dump, limits, load
from converter.pages import parse_page
from converter.plan import FileAction, PageReport, Plan, check_destinations, unsafe_reason
from converter.readers.hugo import MAX_PAGE_BYTES_ENV

WRITERS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]

GOOD = {
    "content/post/good-one.md": "---\ntitle: Good One\ndate: 2020-01-01\n---\nFirst body.\n",
    "content/post/good-two/index.md": '+++\ntitle = "Good Two"\ndate = 2020-02-02\n+++\nTwo.\n',
    "content/publication/good-paper/index.md": (
        "---\ntitle: Good Paper\ndate: 2019-05-01\npublication_types: ['2']\n---\nAbstract.\n"
    ),
}


def write_site(root: Path, pages: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text("title: Hostile\nbaseURL: https://example.org/\n")
    for rel, data in {**GOOD, **pages}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_bytes(data)
    return root


def tree_hash(root: Path) -> dict[str, str]:
    """Every entry under `root`: file digests, link targets (never followed)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def assert_good_pages_converted(out: Path, target: str) -> None:
    """Each good page's title is in some written file of the target (where it goes differs)."""
    texts = [p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file()]
    for title in ("Good One", "Good Two", "Good Paper"):
        assert any(title in t for t in texts), (target, title)


# -- malformed front matter of every kind ------------------------------------------------------

MALFORMED = {
    # name: (page text, line the error names)
    "yaml-unclosed-fence": ("---\ntitle: x\n\nbody\n", 1),
    "toml-unclosed-fence": ("+++\ntitle = 'x'\nbody\n", 1),
    "yaml-bad-indent": ("---\ntitle: x\n  bad: indent\n---\n", 3),
    "yaml-tab-indent": ("---\nimage:\n\tcaption: x\n---\n", 3),
    "yaml-unclosed-bracket": ("---\ntitle: x\ntags: [a, b\nsummary: y\n---\n", 3),
    "yaml-unclosed-quote": ('---\ntitle: "x\nsummary: y\n---\n', 2),
    "yaml-top-level-list": ("---\n- a\n- b\n---\n", 2),
    "yaml-top-level-scalar": ("---\njust text\n---\n", 2),
    "yaml-two-documents": ("---\na: 1\n---\nb: 2\n---\n", None),  # a 2nd doc is body: fine
    "yaml-unknown-anchor": ("---\na: *nowhere\n---\n", 2),
    "yaml-map-as-key": ("---\n? {a: 1}\n: b\n---\n", 2),
    "yaml-list-as-key": ("---\n? [a]\n: b\n---\n", 2),
    "toml-bad-value": ("+++\ntitle = x\n+++\n", 2),
    "toml-duplicate-key": ("+++\na = 1\na = 2\n+++\n", 3),
    "toml-bad-date": ("+++\ndate = 2021-13-45\n+++\n", 2),
    "toml-unclosed-array": ("+++\ntags = ['a'\n+++\n", 2),
    "toml-table-redefined": ("+++\n[a]\nx = 1\n[a]\ny = 2\n+++\n", 5),
    "json-invalid": ('{"title": "x",}\nbody\n', 1),
    "json-unclosed": ('{"title": "x"\nbody\n', 2),
    "json-top-level-list": ('["a"]\nbody\n', None),  # not `{`: no front matter, a body
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_front_matter_is_an_error_with_a_line_or_plain_body(name):
    text, line = MALFORMED[name]
    try:
        parsed = parse_page(text.encode())
    except ConversionError as e:
        assert isinstance(e, FrontMatterError), e
        assert line is not None, f"{name}: refused but expected to read: {e}"
        assert e.line == line, (name, str(e))
        return
    assert line is None, f"{name}: read as {parsed.data!r}, expected an error on line {line}"


def test_malformed_pages_fail_by_name_in_a_whole_run(tmp_path):
    pages = {f"content/post/{n}.md": MALFORMED[n][0] for n in MALFORMED if MALFORMED[n][1]}
    site = write_site(tmp_path / "site", pages)
    code, _, err = run("convert", str(site), "--to", "hugo-yaml", "--out", str(tmp_path / "out"))
    assert code == 1
    for rel in pages:
        line = MALFORMED[Path(rel).stem][1]
        assert f"{rel}:{line}:" in err, rel
        # copied unchanged: nothing of the user's lost
        assert (tmp_path / "out" / rel).read_bytes() == (site / rel).read_bytes()
    assert_good_pages_converted(tmp_path / "out", "hugo-yaml")


# -- YAML alias bombs, unsafe tags, nesting ---------------------------------------------------


def alias_bomb(levels: int, width: int = 9) -> str:
    """The "billion laughs" page: `levels` anchors, each a list of `width` aliases to the one
    before; expanded it holds width**levels strings. Built as text: never expanded here."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [6, 9, 30])
def test_an_alias_bomb_is_refused_quickly_and_in_little_memory(levels):
    text = alias_bomb(levels)  # 9 levels: 387 million strings; 30: more than atoms on Earth
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(FrontMatterError, match="alias bomb") as info:
        load("yaml", text)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2.0 and peak < 50 << 20, (elapsed, peak)
    assert info.value.line is not None


def test_aliases_within_the_bound_still_read():
    data, _ = load("yaml", alias_bomb(3) + "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n")
    assert len(data["a3"]) == 9 and data["a3"][0][0][0] == ["lol"] * 9
    assert data["use"] == {"y": 2, "x": 1}


def test_an_alias_that_contains_itself_is_refused():
    for text in ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a [1, [2, *a]]\n"]:
        with pytest.raises(FrontMatterError, match="itself"):
            load("yaml", text)


UNSAFE_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/object:pathlib.Path {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!custom {{a: 1}}",
    "!<tag:example.com,2000:thing> x",
]


@pytest.mark.parametrize("tag", UNSAFE_TAGS)
def test_unsafe_yaml_tags_are_refused_and_never_constructed(tmp_path, tag):
    marker = tmp_path / "constructed"
    text = f"title: x\nevil: {tag.format(marker=marker)}\n"
    with pytest.raises(FrontMatterError, match="refused, nothing was constructed") as info:
        load("yaml", text)
    assert info.value.line == 2
    assert not marker.exists(), "the tag was constructed: a command ran"


def test_unsafe_tags_fail_the_page_in_every_writer(tmp_path):
    marker = tmp_path / "constructed"
    page = f"---\ntitle: Evil\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n"
    site = write_site(tmp_path / "site", {"content/post/evil.md": page})
    for target in WRITERS:
        code, _, err = run("convert", str(site), "--to", target, "--out", str(tmp_path / target))
        assert code == 1 and "content/post/evil.md:3: YAML tag !!python/object/apply" in err
        assert_good_pages_converted(tmp_path / target, target)
    assert not marker.exists()


def test_plain_explicit_tags_still_read():
    data, _ = load("yaml", "a: !!str 10\nb: !!int '7'\nc: !!float 1\nd: !!map {x: !!null ''}\n")
    assert data == {"a": "10", "b": 7, "c": 1.0, "d": {"x": None}}


DEEP = {
    "yaml-flow": ("yaml", "x: " + "[" * 5000 + "]" * 5000 + "\n"),
    "yaml-flow-maps": ("yaml", "x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"),
    "yaml-block": ("yaml", "".join(" " * i + "a:\n" for i in range(400)) + " " * 400 + "b: 1\n"),
    "yaml-sequence": ("yaml", "x:\n" + "".join("  " * i + "- \n" for i in range(300))),
    "toml-arrays": ("toml", "x = " + "[" * 5000 + "]" * 5000 + "\n"),
    "toml-inline-tables": ("toml", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
    "toml-dotted": ("toml", "x" + ".x" * 500 + " = 1\n"),
    "toml-tables": ("toml", "[" + ".".join(["t"] * 500) + "]\nx = 1\n"),
    "json-arrays": ("json", '{"x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    "json-objects": ("json", '{"x": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_thousands_deep_is_a_clear_error_not_a_recursion_error(name):
    fmt, text = DEEP[name]
    with pytest.raises(FrontMatterError, match="nested more than 100 levels"):
        load(fmt, text)


def test_nesting_at_the_limit_reads_and_writes_back():
    data = {"x": 1}
    for _ in range(limits.MAX_DEPTH - 2):
        data = {"k": data}
    for fmt in ("yaml", "toml", "json"):
        back, _ = load(fmt, dump(fmt, data))
        assert back == data, fmt


def test_deep_pages_fail_by_name_in_a_whole_run(tmp_path):
    fences = {"yaml": "---\n{}---\n", "toml": "+++\n{}+++\n", "json": "{}\n"}
    pages = {}
    for name, (fmt, text) in DEEP.items():
        pages[f"content/post/deep-{name}.md"] = (
            text if fmt == "json" else fences[fmt].format(text)
        ) + "body\n"
    site = write_site(tmp_path / "site", pages)
    for target in ("hugo-toml", "quarto"):
        code, _, err = run("convert", str(site), "--to", target, "--out", str(tmp_path / target))
        assert code == 1
        for rel in pages:
            assert f"{rel}:" in err and "nested more than 100 levels" in err, rel
        assert_good_pages_converted(tmp_path / target, target)


# -- size limits --------------------------------------------------------------------------------


def test_a_page_over_the_size_limit_is_reported_and_copied(tmp_path, monkeypatch):
    monkeypatch.setenv(MAX_PAGE_BYTES_ENV, "4096")
    big = "---\ntitle: Big\n---\n" + "word " * 2000
    site = write_site(tmp_path / "site", {"content/post/big.md": big})
    code, _, err = run("convert", str(site), "--to", "hugo-yaml", "--out", str(tmp_path / "out"))
    assert code == 1
    assert "content/post/big.md: page is larger than the limit of 4,096 bytes" in err
    assert MAX_PAGE_BYTES_ENV in err
    assert (tmp_path / "out/content/post/big.md").read_text() == big  # nothing lost
    assert_good_pages_converted(tmp_path / "out", "hugo-yaml")
    monkeypatch.setenv(MAX_PAGE_BYTES_ENV, str(1 << 20))  # raised: the page reads
    assert "post/big.md" in {p.path for p in read_site(site).pages}


def test_default_size_limit_reads_no_more_than_it_needs(tmp_path):
    """A 20 MiB page (sparse, so cheap to make) is refused without reading it all."""
    site = write_site(tmp_path / "site", {})
    huge = site / "content/post/huge.md"
    with open(huge, "wb") as fh:
        fh.write(b"---\ntitle: huge\n---\n")
        fh.truncate(20 << 20)
    problems = {p.path: p.message for p in read_site(site).problems}
    assert "larger than the limit of 16,777,216 bytes" in problems["content/post/huge.md"]


def test_front_matter_over_its_limit_is_refused():
    text = "title: x\nabstract: '" + "a" * (limits.MAX_TEXT + 10) + "'\n"
    with pytest.raises(FrontMatterError, match="over the limit"):
        load("yaml", text)


# -- bytes: binary, not UTF-8, BOM, CRLF, mixed newlines ---------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
BINARY = {
    "content/post/image.md": (PNG, "a binary file, not a text page (NUL byte"),
    "content/post/zeros.md": (b"---\ntitle: x\n---\n\x00\x00\x00", "NUL byte at offset 17"),
    "content/post/latin1.md": ("---\ntitle: café\n---\n".encode("latin-1"), "not UTF-8 text"),
    "content/post/utf16.md": ("---\ntitle: x\n---\n".encode("utf-16"), "UTF-16 text"),
    "content/post/lone-surrogate.md": (b"---\ntitle: \xed\xa0\x80\n---\n", "not UTF-8 text"),
}


def test_binary_and_non_utf8_pages_are_reported_and_copied_unchanged(tmp_path):
    site = write_site(tmp_path / "site", {rel: data for rel, (data, _) in BINARY.items()})
    for target in WRITERS:
        out = tmp_path / target
        code, _, err = run("convert", str(site), "--to", target, "--out", str(out))
        assert code == 1, target
        for rel, (data, message) in BINARY.items():
            line = next(ln for ln in err.splitlines() if rel in ln)
            assert message in line, (target, line)
            copies = [p for p in out.rglob(Path(rel).name) if p.read_bytes() == data]
            assert copies, f"{target}: {rel} was not kept unchanged"
        assert_good_pages_converted(out, target)


NEWLINES = {
    "bom-yaml.md": "\ufeff---\ntitle: Bom Yaml\ntags: [a]\n---\nBody.\n",
    "bom-toml.md": "\ufeff+++\ntitle = 'Bom Toml'\n+++\nBody.\n",
    "crlf-yaml.md": "---\r\ntitle: Crlf Yaml\r\nsummary: |\r\n  two\r\n  lines\r\n---\r\nBody.\r\n",
    "crlf-toml.md": "+++\r\ntitle = 'Crlf Toml'\r\n+++\r\nBody.\r\n",
    "mixed.md": "---\r\ntitle: Mixed\nsummary: x\r\n---\nBody\r\nmore\n",
    "lone-cr.md": "---\rtitle: Lone Cr\r---\rBody.\r",
    "bom-crlf.md": "\ufeff---\r\ntitle: Bom Crlf\r\n---\r\nBody.\r\n",
}


@pytest.mark.parametrize("name", sorted(NEWLINES))
def test_bom_crlf_and_mixed_newlines_read_the_same_data(tmp_path, name):
    site = write_site(tmp_path / "site", {f"content/post/{name}": NEWLINES[name]})
    page = next(p for p in read_site(site).pages if p.path == f"post/{name}")
    title = " ".join(w.capitalize() for w in name[:-3].split("-"))
    assert page.fields["title"] == title
    assert "\r" not in "".join(str(v) for v in page.fields.values())
    for target in WRITERS:
        out = tmp_path / target
        convert(site, target, out)
        # read back: the same title (no BOM or CR glued to a key or value)
        back = read_site(out)
        assert any(p.fields.get("title") == title for p in back.pages), target


def test_line_endings_and_bom_are_kept_on_a_hugo_trip(tmp_path):
    site = write_site(tmp_path / "site", {f"content/post/{n}": t for n, t in NEWLINES.items()})
    convert(site, "hugo-yaml", tmp_path / "out")
    for name in ("bom-yaml.md", "crlf-yaml.md", "bom-crlf.md"):
        assert (tmp_path / "out/content/post" / name).read_bytes() == (
            site / "content/post" / name
        ).read_bytes(), name


# -- symbolic links ------------------------------------------------------------------------------


@pytest.fixture
def linked_site(tmp_path: Path) -> tuple[Path, Path]:
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links on this system")
    secret = tmp_path / "private"
    (secret / "folder").mkdir(parents=True)
    (secret / "key.md").write_text("---\ntitle: SECRET-PAGE\n---\nSECRET\n")
    (secret / "folder" / "index.md").write_text("---\ntitle: SECRET-FOLDER\n---\nSECRET\n")
    (secret / "id_rsa").write_text("SECRET-KEY\n")
    (secret / "params.yaml").write_text("token: SECRET-TOKEN\n")
    site = write_site(tmp_path / "site", {"static/files/real.txt": "shared\n"})
    (site / "config/_default").mkdir(parents=True)
    (site / "data/authors").mkdir(parents=True)
    links = {
        "content/post/leak.md": secret / "key.md",
        "content/post/leak-folder": secret / "folder",
        "content/post/good-two/leak.txt": secret / "id_rsa",  # a bundle file
        "static/files/id_rsa": secret / "id_rsa",
        "static/leak-folder": secret,
        "content/post/dangling.md": tmp_path / "nowhere.md",
        "config/_default/params.yaml": secret / "params.yaml",
        "data/authors/admin.yaml": secret / "params.yaml",
    }
    for rel, target in links.items():
        os.symlink(target, site / rel)
    os.symlink("good-one.md", site / "content/post/inside.md")  # inside the site: fine
    return site, secret


def test_links_out_of_the_site_are_reported_and_never_followed(tmp_path, linked_site):
    site, _ = linked_site
    before = tree_hash(site)
    for target in WRITERS:
        out = tmp_path / target
        code, _, err = run("convert", str(site), "--to", target, "--out", str(out))
        assert code == 1
        for rel in [
            "content/post/leak.md",
            "content/post/leak-folder",
            "content/post/good-two/leak.txt",
            "static/files/id_rsa",
            "static/leak-folder",
            "config/_default/params.yaml",
            "data/authors/admin.yaml",
        ]:
            assert f"error: {rel}: symbolic link to " in err and "outside the site" in err, rel
        assert "content/post/dangling.md: symbolic link to" in err
        written = [p for p in out.rglob("*") if p.is_file()]
        assert not any(p.is_symlink() for p in out.rglob("*"))
        assert not any(b"SECRET" in p.read_bytes() for p in written), target
        assert_good_pages_converted(out, target)
    assert tree_hash(site) == before


def test_a_link_inside_the_site_is_read(linked_site):
    site, _ = linked_site
    pages = {p.path: p for p in read_site(site).pages}
    assert pages["post/inside.md"].fields["title"] == "Good One"


def test_the_plan_check_refuses_a_copy_from_outside_even_when_a_reader_let_it_through(
    tmp_path, linked_site
):
    site, _ = linked_site
    plan = Plan("hugo-yaml", site)
    plan.pages.append(PageReport("content/post/x.md", ["content/post/x.md", "content/post/x/k"]))
    plan.actions += [
        FileAction("content/post/x.md", b"ok", origin="content/post/x.md"),
        FileAction("content/post/x/k", None, site / "static/files/id_rsa", origin="x"),
    ]
    check_destinations(plan)
    assert plan.actions == [] and plan.pages[0].status == "failed"
    assert "outside the site" in (plan.pages[0].error or "")


# -- slugs, url, aliases with ../ or absolute paths ------------------------------------------

ESCAPES = {
    "content/post/slug-up.md": (
        "---\ntitle: Slug Up\ndate: 2020-03-03\nslug: ../../../../../escaped-slug\n---\nx\n"
    ),
    "content/post/slug-abs.md": "---\ntitle: Slug Abs\nslug: /tmp/escaped-abs\n---\nx\n",
    "content/post/url-up.md": "---\ntitle: Url Up\nurl: ../../../../escaped-url/\n---\nx\n",
    "content/post/url-abs.md": "---\ntitle: Url Abs\nurl: /../../../escaped-url2/\n---\nx\n",
    "content/post/aliases.md": (
        "---\ntitle: Aliases\naliases: ['../../../../escaped-alias', '/etc/escaped', "
        "'/../../../x', 'C:\\\\Windows\\\\escaped', '..\\\\..\\\\escaped-bs']\n---\nx\n"
    ),
    "content/publication/pub-up/index.md": (
        "---\ntitle: Pub Up\nslug: ../../../../../escaped-pub\n---\nx\n"
    ),
    "content/post/slug-dots.md": "---\ntitle: Slug Dots\nslug: ..\n---\nx\n",
    "content/post/slug-nul.md": '---\ntitle: Slug Nul\nslug: "a\\0b"\n---\nx\n',
}


@pytest.mark.parametrize("target", WRITERS)
def test_slugs_urls_and_aliases_never_write_outside_out(tmp_path, target):
    root = tmp_path / "box"  # everything below: anything new outside out/ is an escape
    site = write_site(root / "site", ESCAPES)
    before = tree_hash(root)
    out = root / "deep" / "er" / "out"  # `..` four times from out/ still lands in tmp_path
    code, stdout, err = run(
        "convert", str(site), "--to", target, "--out", str(out), "--report", "json"
    )
    assert code in (0, 1)
    new = {p for p in tree_hash(root) if p not in before}
    outside = sorted(p for p in new if not p.startswith("deep/er/out/"))
    assert outside == [], f"{target} wrote outside --out: {outside}"
    real_out = out.resolve()
    for path in out.rglob("*"):
        assert real_out in path.resolve().parents
    report = json.loads(stdout)
    for page in report["pages"]:
        if page["source"] in ESCAPES:
            # either written inside --out, or failed with its path and the reason
            assert page["status"] != "failed" or (
                page["source"] in page["error"] and "output path" in page["error"]
            ), page
    failed = [p["source"] for p in report["pages"] if p["status"] == "failed"]
    assert (code == 1) == bool(failed)
    for rel in failed:
        assert f"error: {rel}: output path" in err
    assert_good_pages_converted(out, target)


@pytest.mark.parametrize(
    "dest",
    ["../x", "a/../../x", "/etc/x", "\\\\server\\x", "C:/x", "c:x", "..\\x", "", ".", "a/\0/b"],
)
def test_unsafe_destinations_are_named(dest):
    assert unsafe_reason(dest) is not None


@pytest.mark.parametrize("dest", ["a.md", "a/b/c.md", "_posts/2020-01-01-x.md", "a..b/c", "..a"])
def test_ordinary_destinations_pass(dest):
    assert unsafe_reason(dest) is None


# -- two pages, one target path -------------------------------------------------------------


def _two_page_plan(first: str, second: str) -> Plan:
    plan = Plan("hugo-yaml", Path("."))
    for name, dest in (("content/a.md", first), ("content/b.md", second)):
        plan.pages.append(PageReport(name, [dest, dest + ".png"]))
        plan.actions += [FileAction(dest, name.encode()), FileAction(dest + ".png", b"png")]
    return plan


@pytest.mark.parametrize(
    "second",
    [
        "docs/Post.md",  # exactly
        "docs/post.md",  # by case only
        "docs//Post.md",  # by spelling only
        unicodedata.normalize("NFD", "docs/Pöst.md").replace("ö", "o\u0308"),
    ],
)
def test_the_later_page_of_a_collision_fails_and_the_first_is_kept(second):
    first = "docs/Pöst.md" if "\u0308" in second else "docs/Post.md"
    plan = _two_page_plan(first, second)
    problems: list[object] = []
    check_destinations(plan, problems=problems)
    assert [p.status for p in plan.pages] == ["converted", "failed"]
    assert "content/b.md" in (plan.pages[1].error or "") and "already written" in (
        plan.pages[1].error or ""
    )
    assert [a.content for a in plan.actions] == [b"content/a.md", b"png"]  # b.md's files gone
    assert [str(p) for p in problems] == [plan.pages[1].error]
    check_destinations(plan, problems=problems)  # idempotent: no new failure, no new problem
    assert len(problems) == 1


def test_a_site_file_colliding_with_a_page_fails_under_its_own_name():
    plan = _two_page_plan("a.md", "b.md")
    plan.actions.append(FileAction("A.md", b"config", origin="config.yaml"))
    check_destinations(plan)
    assert plan.pages[-1].source == "config.yaml" and plan.pages[-1].status == "failed"
    assert [a.dest for a in plan.actions] == ["a.md", "a.md.png", "b.md", "b.md.png"]


CASE_PAGES = {
    "content/post/Notes.md": "---\ntitle: Upper Notes\n---\nUPPER\n",
    "content/post/notes.md": "---\ntitle: Lower Notes\n---\nLOWER\n",
    "content/post/" + unicodedata.normalize("NFC", "café.md"): "---\ntitle: Nfc Cafe\n---\nNFC\n",
    "content/post/" + unicodedata.normalize("NFD", "café.md"): "---\ntitle: Nfd Cafe\n---\nNFD\n",
    "content/post/same/index.md": "---\ntitle: Same A\nslug: same\ndate: 2020-01-01\n---\nA\n",
    "content/post/same.md": "---\ntitle: Same B\nslug: same\ndate: 2020-01-01\n---\nB\n",
}


@pytest.fixture
def case_site(tmp_path: Path) -> Path:
    site = write_site(tmp_path / "site", CASE_PAGES)
    names = {p.name for p in (site / "content/post").iterdir()}
    if not {"Notes.md", "notes.md"} <= names or len(names) < 6:
        pytest.skip("this file system folds case or Unicode normalization")
    return site


@pytest.mark.parametrize("target", WRITERS)
def test_pages_differing_only_by_case_are_never_overwritten(tmp_path, case_site, target):
    out = tmp_path / "out"
    code, stdout, err = run(
        "convert", str(case_site), "--to", target, "--out", str(out), "--report", "json"
    )
    report = json.loads(stdout)
    pages = {p["source"]: p for p in report["pages"]}
    written = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    keys = [unicodedata.normalize("NFC", w).casefold() for w in written]
    assert len(keys) == len(set(keys)), f"{target}: two outputs differ only by case/normalization"
    for rel, text in CASE_PAGES.items():
        page = pages[rel]
        marker = text.rsplit("---\n", 1)[1].strip()  # the body, unique per page
        if page["status"] == "failed":
            assert f"error: {rel}: output path" in err and code == 1
        else:  # its own output holds its own body, not another page's
            assert any(marker in (out / o).read_text() for o in page["outputs"]), (target, rel)


# -- a whole run with bad pages mixed in ------------------------------------------------------


def test_a_whole_run_names_every_bad_page_and_converts_every_good_one(tmp_path):
    marker = tmp_path / "constructed"
    bad = {
        "content/post/unclosed.md": ("---\ntitle: x\n", "content/post/unclosed.md:1:"),
        "content/post/bomb.md": ("---\n" + alias_bomb(9) + "---\n", "alias bomb"),
        "content/post/tag.md": (
            f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n",
            "content/post/tag.md:2:",
        ),
        "content/post/deep.md": ("---\nx: " + "[" * 3000 + "]" * 3000 + "\n---\n", "nested"),
        "content/post/binary.md": (PNG, "content/post/binary.md:"),
        "content/post/latin1.md": ("---\ntitle: é\n---\n".encode("latin-1"), "not UTF-8"),
        "content/post/slug.md": ("---\ntitle: s\nslug: ../../../../x\n---\n", None),
    }
    site = write_site(tmp_path / "site", {rel: text for rel, (text, _) in bad.items()})
    before = tree_hash(site)
    for target in WRITERS:
        out = tmp_path / target
        code, _, err = run("convert", str(site), "--to", target, "--out", str(out))
        assert code == 1, target
        for rel, (_, message) in bad.items():
            if message is None:
                continue  # an escaping slug fails only where a writer uses the slug in a path
            lines = [ln for ln in err.splitlines() if rel in ln]
            assert lines and message in lines[0], (target, rel, err)
        assert_good_pages_converted(out, target)
        assert not list(out.rglob("*.tmp"))
    assert tree_hash(site) == before and not marker.exists()


def test_a_folder_in_out_that_links_elsewhere_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    (out / "content").mkdir(parents=True)
    os.symlink(elsewhere, out / "content" / "post")
    site = write_site(tmp_path / "site", {})
    code, _, err = run("convert", str(site), "--to", "hugo-yaml", "--out", str(out), "--force")
    assert code == 2 and "outside the output folder" in err
    assert list(elsewhere.iterdir()) == []


def test_a_file_that_cannot_be_read_is_reported_before_writing(tmp_path, monkeypatch):
    """(Simulated: the tests may run as root, who reads everything.)"""
    import converter.plan

    site = write_site(tmp_path / "site", {"static/files/locked.pdf": b"%PDF"})
    real_access = os.access
    monkeypatch.setattr(
        converter.plan.os,
        "access",
        lambda path, mode: not str(path).endswith("locked.pdf") and real_access(path, mode),
    )
    code, _, err = run("convert", str(site), "--to", "jekyll", "--out", str(tmp_path / "out"))
    assert code == 1 and "error: static/files/locked.pdf:" in err and "cannot be read" in err
    assert_good_pages_converted(tmp_path / "out", "jekyll")


def test_a_whole_run_as_a_real_process(tmp_path):
    """The console entry point in a process of its own: the exit status and stderr a user sees."""
    import subprocess
    import sys

    from tests.conftest import REPO

    bad = {
        "content/post/bomb.md": "---\n" + alias_bomb(9) + "---\n",
        "content/post/deep.md": "+++\nx = " + "[" * 3000 + "]" * 3000 + "\n+++\n",
        "content/post/binary.md": PNG,
        "content/post/unclosed.md": "+++\ntitle = 'x'\n",
    }
    site = write_site(tmp_path / "site", bad)
    before = tree_hash(site)
    out = tmp_path / "out"
    command = ["convert", str(site), "--to", "mkdocs", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "converter.cli", *command],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    for rel in bad:
        assert f"error: {rel}" in done.stderr, rel
    assert_good_pages_converted(out, "mkdocs")
    assert tree_hash(site) == before


# -- bodies -----------------------------------------------------------------------------------


def test_thousands_of_nested_shortcodes_do_not_crash_a_writer(tmp_path):
    from converter.body.shortcodes import MAX_NESTING, parse, serialize

    body = "{{< x >}}" * 3000 + "text" + "{{< /x >}}" * 3000 + "\n"
    doc = parse(body)
    assert serialize(doc.nodes) == body and len(list(doc.walk())) > 3000
    assert any(f"nested more than {MAX_NESTING}" in w for w in doc.warnings)
    site = write_site(
        tmp_path / "site", {"content/post/deep-body.md": "---\ntitle: Deep\n---\n" + body}
    )
    for target in WRITERS:
        code, stdout, _ = run(
            "convert",
            str(site),
            "--to",
            target,
            "--out",
            str(tmp_path / target),
            "--report",
            "json",
        )
        assert code == 0, target
        page = next(p for p in json.loads(stdout)["pages"] if p["source"].endswith("deep-body.md"))
        assert page["status"] in ("converted", "unchanged")
        assert_good_pages_converted(tmp_path / target, target)


# -- the same guards when a converted site is read back (Jekyll, Quarto, MkDocs readers) -------

# where each target keeps a page file and a static file
TARGET_PLACES = {
    "jekyll": ("_posts/2020-03-03-planted.md", "files/planted.bin"),
    "quarto": ("post/planted/index.qmd", "files/planted.bin"),
    "mkdocs": ("docs/planted.md", "docs/files/planted.bin"),
}


@pytest.mark.parametrize("target", sorted(TARGET_PLACES))
def test_target_readers_refuse_links_out_binary_and_huge_pages(tmp_path, monkeypatch, target):
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links on this system")
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "key.md").write_text("---\ntitle: SECRET-PAGE\n---\nSECRET\n")
    (secret / "id_rsa").write_text("SECRET-KEY\n")
    built = tmp_path / "built"
    assert convert(read_site(write_site(tmp_path / "site", {})), target, out=built).exit_code == 0
    page_rel, file_rel = TARGET_PLACES[target]
    folder = Path(page_rel).parent
    planted = {
        str(folder / "leak.md"): secret / "key.md",
        file_rel: secret / "id_rsa",
    }
    for rel, dest in planted.items():
        (built / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(dest, built / rel)
    (built / folder / "binary.md").write_bytes(PNG)
    big = "---\ntitle: Big\n---\n" + "word " * 2000
    (built / folder / "big.md").write_text(big)
    monkeypatch.setenv(MAX_PAGE_BYTES_ENV, "4096")
    before = tree_hash(built)
    out = tmp_path / "back"
    code, _, err = run("convert", str(built), "--to", "hugo-yaml", "--out", str(out))
    assert code == 1, err
    for rel in planted:
        assert f"{rel}: symbolic link to " in err and "outside the site" in err, (rel, err)
    lines = {line.split(":")[1].strip(): line for line in err.splitlines() if ":" in line}
    assert "a binary file, not a text page" in lines[str(folder / "binary.md")]
    assert "larger than the limit of 4,096 bytes; not read" in lines[str(folder / "big.md")]
    written = [p for p in out.rglob("*") if p.is_file()]
    assert not any(b"SECRET" in p.read_bytes() for p in written)
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert_good_pages_converted(out, target)
    assert tree_hash(built) == before


@pytest.mark.parametrize("target", ["mkdocs", "jekyll", "quarto"])
def test_a_failed_page_is_left_out_of_the_site_files_that_list_pages(tmp_path, target):
    # a publication the destination check fails (its bundle file, as a faulty reader let it
    # through, is really elsewhere) must not be named by the section listing or the nav the
    # writer generates: `mkdocs build --strict` would stop on a link to a missing page
    from converter.model import Resource
    from tests.engines.mkdocs import HAVE_MKDOCS, build

    secret = tmp_path / "private.pdf"
    secret.write_bytes(b"%PDF secret")
    site = read_site(write_site(tmp_path / "site", {}))
    paper = next(p for p in site.pages if p.path == "publication/good-paper/index.md")
    paper.resources.append(Resource("paper.pdf", secret, "file"))
    out = tmp_path / "out"
    result = convert(site, target, out=out)
    assert result.exit_code == 1
    sources = [r.source for r in result.plan.pages]
    reports = dict(zip(sources, result.plan.pages, strict=True))
    assert reports["content/publication/good-paper/index.md"].status == "failed"
    assert "outside the site" in (reports["content/publication/good-paper/index.md"].error or "")
    # every page keeps its report, in the order of the site's pages
    assert sources[: len(site.pages)] == [
        ("content/" + p.path) if not p.path.startswith("content/") else p.path for p in site.pages
    ]
    texts = [p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file()]
    assert not any("Good Paper" in t for t in texts), "a listing names the failed page"
    assert any("Good One" in t for t in texts)
    if target == "mkdocs" and HAVE_MKDOCS:
        built = build(out)
        assert built.returncode == 0, built.output[-2000:]


@pytest.mark.parametrize("target", WRITERS)
def test_keys_that_are_not_text_convert_to_every_target_and_back(tmp_path, target):
    page = "---\ntitle: Keys\nratings:\n  1: good\n  2020-01-01: day\n---\nBody.\n"
    site = write_site(tmp_path / "site", {"content/post/keys.md": page})
    out = tmp_path / target
    code, _, err = run("convert", str(site), "--to", target, "--out", str(out))
    assert code == 0, err
    back = {p.path: p for p in read_site(out).pages}["post/keys.md"]
    assert back.fields["ratings"] == {1: "good", dt.date(2020, 1, 1): "day"}


# -- a bug of ours on one page: that page fails by name, the rest convert -----------------------


@pytest.mark.parametrize("target", WRITERS)
def test_an_unexpected_error_on_one_page_fails_that_page_alone(tmp_path, monkeypatch, target):
    import converter.writers.hugo as hugo_writer
    import converter.writers.target as target_writer

    boom = "---\ntitle: Boom\ndate: 2020-04-04\n---\nBOOM-BODY\n"
    site = write_site(tmp_path / "site", {"content/post/boom.md": boom})
    real_render, real_body = hugo_writer.render, target_writer.render_body

    def render(page, *args, **kwargs):
        if page.fields.get("title") == "Boom":
            raise KeyError("simulated bug")
        return real_render(page, *args, **kwargs)

    def render_body(body, *args, **kwargs):
        if "BOOM-BODY" in body:
            raise KeyError("simulated bug")
        return real_body(body, *args, **kwargs)

    monkeypatch.setattr(hugo_writer, "render", render)
    monkeypatch.setattr(target_writer, "render_body", render_body)
    out = tmp_path / "out"
    code, _, err = run("convert", str(site), "--to", target, "--out", str(out), "--jobs", "1")
    assert code == 1
    line = next(ln for ln in err.splitlines() if "content/post/boom.md" in ln)
    assert "KeyError" in line and "bug in academic-migrate" in line, line
    kept = [p for p in out.rglob("boom.md") if p.read_text() == boom]
    assert kept, "the page's source is kept unchanged"
    assert_good_pages_converted(out, target)
    others = [p for p in out.rglob("*") if p.is_file() and p not in kept]
    assert not any("Boom" in p.read_text("utf-8", "replace") for p in others), "listed"
