"""Hugo targets honour `--keep` (issue 19): the keep record (TOML's nulls, the original lines of
respelled comments) goes beside the page under `_hugo_academic/records/` by default, and a
commented-out field is written in the target's syntax, so that uncommenting it works.

The seed is fixtures/seed-talk (YAML: an `address` map with a commented-out `country`, seven
commented-out `url_*` fields, commented-out `links`); fixtures/academic-v5-yaml has nulls;
fixtures/academic-v2-toml has TOML comments such as `# url_code = ""`."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from converter import convert, read_site, roundtrip
from converter.cli import main
from converter.frontmatter.values import differences, same
from converter.keep import KEEP_KEY
from converter.readers.hugo import HugoReader
from converter.sidecar import RECORDS
from tests.conftest import FIXTURES, corpus_params, corpus_site
from tests.test_sidecar import COMMENTED

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SEED = FIXTURES / "seed-talk"
SEED_PAGE = "content/event/seed-talk/index.md"
SEED_RECORD = f"{RECORDS}/{SEED_PAGE}.yaml"
NULLS = FIXTURES / "academic-v5-yaml"
NULL_PAGE = "content/event/stoneflies-in-floods/index.md"  # url_pdf: null
V2 = FIXTURES / "academic-v2-toml"
V2_PAGE = "content/publication/ssa-destruction-without-copies.md"  # `# url_code = ""`
PROGRAMME = {
    "name": "Workshop programme",
    "url": "https://dryland-workshop.example.org/2031/programme",
}


def split(text: str, fence: str) -> tuple[list[str], str]:
    """(front matter lines, the rest) of a page whose front matter is fenced by `fence`."""
    head, rest = text.split(f"\n{fence}\n", 1)
    return head.split("\n")[1:], rest


def page_of(site_root: Path, path: str) -> Any:
    return {p.source.path: p for p in read_site(site_root).pages if p.source}[path]


def uncomment(lines: list[str], start: int, end: int) -> list[str]:
    out = list(lines)
    for i in range(start, end):
        out[i] = out[i][2:] if out[i].startswith("# ") else out[i][1:]
    return out


def commented_run(lines: list[str], needle: str) -> tuple[int, int]:
    """The commented-out TOML field holding `needle`: its line, and a multi-line array's."""
    start = next(i for i, ln in enumerate(lines) if ln.startswith("#") and needle in ln)
    while not re.match(r"^# [\w.]+ = ", lines[start]):
        start -= 1
    end = start + 1
    if lines[start].endswith("["):
        while lines[end - 1] != "# ]":
            end += 1
    return start, end


@pytest.fixture(scope="module")
def seed_toml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "toml"
    assert convert(SEED, "hugo-toml", out).exit_code == 0
    return out


@pytest.fixture(scope="module")
def original() -> Any:
    return page_of(SEED, SEED_PAGE)


# -- the record beside the page -------------------------------------------------------------


def test_a_toml_page_holds_no_record_and_its_nulls_come_back_from_the_file(tmp_path):
    out = tmp_path / "out"
    result = convert(NULLS, "hugo-toml", out)
    assert result.exit_code == 0
    text = (out / NULL_PAGE).read_text(encoding="utf-8")
    head, _ = split(text, "+++")
    assert KEEP_KEY not in text and "url_pdf" not in tomllib.loads("\n".join(head))
    record = yaml.safe_load((out / RECORDS / f"{NULL_PAGE}.yaml").read_text(encoding="utf-8"))
    assert record["page"] == NULL_PAGE and "/url_pdf" in record["record"]["nulls"]
    report = next(p for p in result.plan.pages if p.source == NULL_PAGE)
    assert f"{RECORDS}/{NULL_PAGE}.yaml" in report.outputs
    assert "/url_pdf (null) under hugo_academic" in report.kept
    assert any(RECORDS in n and "record" in n for n in result.plan.notes)
    back = page_of(out, NULL_PAGE)
    before = page_of(NULLS, NULL_PAGE)
    assert same(back.fields, before.fields), differences(back.fields, before.fields)
    assert list(back.fields) == list(before.fields)  # the null in its place
    assert back.warnings == [] and KEEP_KEY not in back.fields
    one = HugoReader().read_page(out / NULL_PAGE)  # one page read alone finds its record too
    assert one.fields["url_pdf"] is None and one.source.record == f"{RECORDS}/{NULL_PAGE}.yaml"
    assert not any(f.startswith(f"{RECORDS}/") for f in read_site(out).files)


@pytest.mark.parametrize("src", [SEED, NULLS, V2, FIXTURES / "hugoblox-2026"])
@pytest.mark.parametrize("via", ["hugo-toml", "hugo-yaml"])
def test_fixtures_go_through_hugo_targets_and_back_equal(src, via):
    trip = roundtrip(src, via)
    assert trip.equal, [(p.source, d) for p in trip.pages for d in p.differences][:5]
    assert not any("migration" in w for p in trip.pages for w in p.warnings)


def test_kalzcc_to_toml_puts_its_nulls_beside_115_pages_not_in_them(tmp_path):
    site = corpus_site("mkalz__kalzcc-hugoblox")
    out = tmp_path / "out"
    assert convert(site, "hugo-toml", out).exit_code == 0
    pages = [f for f in (out / "content").rglob("*.md")]
    assert not [f for f in pages if f"[{KEEP_KEY}" in f.read_text(encoding="utf-8")]
    records = list((out / RECORDS).rglob("*.yaml"))
    assert len(records) >= 115
    trip = roundtrip(site, "hugo-toml")
    assert trip.equal, [(p.source, d) for p in trip.pages for d in p.differences][:5]


def test_a_converted_page_converted_again_keeps_its_record(tmp_path, seed_toml):
    again = tmp_path / "again"
    assert convert(seed_toml, "hugo-toml", again).exit_code == 0
    assert (again / SEED_PAGE).read_bytes() == (seed_toml / SEED_PAGE).read_bytes()
    assert (again / SEED_RECORD).read_bytes() == (seed_toml / SEED_RECORD).read_bytes()
    inline = tmp_path / "inline"
    convert(seed_toml, "hugo-toml", inline, keep="inline")  # as before: the comments as read
    assert "# url_slides: 'https://slides" in (inline / SEED_PAGE).read_text(encoding="utf-8")
    assert not (inline / RECORDS).exists()


def test_a_page_edited_after_the_migration_wins_where_it_changed(tmp_path):
    out = tmp_path / "out"
    convert(NULLS, "hugo-toml", out)
    file = out / NULL_PAGE
    head, rest = split(file.read_text(encoding="utf-8"), "+++")
    head = [ln for ln in head if not ln.startswith("title =")]
    head += ['title = "Stoneflies, edited"', 'url_pdf = "https://example.org/x.pdf"']
    file.write_text("\n".join(["+++", *head, "+++", rest]), encoding="utf-8")
    page = page_of(out, NULL_PAGE)
    assert page.fields["title"] == "Stoneflies, edited"
    assert page.fields["url_pdf"] == "https://example.org/x.pdf"  # not the recorded null
    assert any("edited after the migration" in w for w in page.warnings)


def test_a_moved_page_finds_its_record_by_its_digest_and_a_lost_one_is_a_warning(
    tmp_path, seed_toml, original
):
    out = tmp_path / "out"
    shutil.copytree(seed_toml, out)
    (out / "content/event/seed-talk").rename(out / "content/event/seeds")
    site = read_site(out)
    page = page_of(out, "content/event/seeds/index.md")
    assert same(page.fields, original.fields) and page.comments == original.comments
    assert any("moved from" in w for w in page.warnings)
    assert site.warnings == [] and site.problems == []
    (out / "content/event/seeds/index.md").unlink()
    site = read_site(out)
    assert site.problems == []  # the site is whole without it: a warning, not an error
    assert len(site.warnings) == 1 and "is gone" in site.warnings[0]
    assert SEED_RECORD not in site.files
    result = convert(out, "hugo-yaml", tmp_path / "yaml")
    assert result.exit_code == 0 and any("is gone" in w for w in result.plan.warnings)


def test_none_drops_the_record_and_inline_keeps_it_in_the_page(tmp_path, original):
    none = tmp_path / "none"
    result = convert(NULLS, "hugo-toml", none, keep="none")
    assert not (none / RECORDS).exists()
    assert KEEP_KEY not in (none / NULL_PAGE).read_text(encoding="utf-8")
    report = next(p for p in result.plan.pages if p.source == NULL_PAGE)
    assert "/url_pdf (null)" in report.dropped
    inline = tmp_path / "inline"
    convert(SEED, "hugo-toml", inline, keep="inline")
    text = (inline / SEED_PAGE).read_text(encoding="utf-8")
    assert not (inline / RECORDS).exists()
    assert "# url_slides: 'https://slides.example.org/seed-talk'" in text  # as before
    back = page_of(inline, SEED_PAGE)
    assert same(back.fields, original.fields) and back.comments == original.comments


def test_cli_keep_modes_for_hugo_targets(tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        main, ["convert", str(SEED), "--to", "hugo-toml", "--dry-run", "--report", "json"]
    )
    assert res.exit_code == 0, res.output
    outputs = [o for p in json.loads(res.stdout)["pages"] for o in p["outputs"]]
    assert SEED_RECORD in outputs
    for args, inline, records in (
        ([], False, True),
        (["--keep", "sidecar"], False, True),
        (["--keep", "inline"], True, False),
        (["--no-keep"], False, False),
    ):
        out = tmp_path / "-".join(args or ["default"])
        res = runner.invoke(
            main, ["convert", str(NULLS), "--to", "hugo-toml", "--out", str(out), *args]
        )
        assert res.exit_code == 0, res.output
        assert (KEEP_KEY in (out / NULL_PAGE).read_text(encoding="utf-8")) is inline
        assert (out / RECORDS / f"{NULL_PAGE}.yaml").is_file() is records
        if records:
            assert RECORDS in res.output  # the note says where the records went
    res = runner.invoke(main, ["roundtrip", str(SEED), "--via", "hugo-toml"])
    assert res.exit_code == 0 and "every page equal" in res.output


# -- commented-out fields in the target's syntax --------------------------------------------


def test_the_seed_s_commented_fields_are_toml_where_they_stand(seed_toml):
    head, _ = split((seed_toml / SEED_PAGE).read_text(encoding="utf-8"), "+++")
    for name, value in COMMENTED.items():
        assert f'# {name} = "{value}"' in head
    assert '# address.country = "Canada"' in head
    assert "# links = [" in head
    assert not [ln for ln in head if re.match(r"^#\s*[\w]+: ", ln)]  # no YAML left


@pytest.mark.parametrize("needle", [*COMMENTED.values(), "Canada", "2031/programme"])
def test_uncommenting_a_commented_field_gives_that_field(needle, tmp_path, seed_toml, original):
    out = tmp_path / "out"
    shutil.copytree(seed_toml, out)
    file = out / SEED_PAGE
    text = file.read_text(encoding="utf-8")
    head, rest = split(text, "+++")
    start, end = commented_run(head, needle)
    switched = uncomment(head, start, end)
    data = tomllib.loads("\n".join(switched))  # valid TOML, as it stands
    file.write_text("\n".join(["+++", *switched, "+++", rest]), encoding="utf-8")
    page = page_of(out, SEED_PAGE)
    if needle == "Canada":
        assert data["address"]["country"] == page.fields["address"]["country"] == "Canada"
        assert data["address"]["city"] == "Fenwick"
    elif needle == "2031/programme":
        assert data["links"] == page.fields["links"] == [PROGRAMME]
    else:
        name = next(k for k, v in COMMENTED.items() if v == needle)
        assert data[name] == page.fields[name] == needle
        assert not (COMMENTED.keys() - {name}) & set(page.fields)
    assert any("commented-out field paragraph" in w for w in page.warnings)
    file.write_text(text, encoding="utf-8")
    back = page_of(out, SEED_PAGE)
    assert same(back.fields, original.fields) and back.comments == original.comments


def test_the_way_back_gives_the_original_comment_lines(tmp_path, seed_toml):
    back = tmp_path / "back"
    assert convert(seed_toml, "hugo-yaml", back).exit_code == 0

    def comments(raw: bytes) -> list[str]:
        return [ln for ln in raw.decode().split("\n") if ln.lstrip().startswith("#")]

    original = (SEED / SEED_PAGE).read_bytes()
    assert comments((back / SEED_PAGE).read_bytes()) == comments(original)
    assert "#  country: Canada" in (back / SEED_PAGE).read_text(encoding="utf-8")


def test_toml_comments_become_yaml_and_come_back(tmp_path):
    out = tmp_path / "yaml"
    assert convert(V2, "hugo-yaml", out).exit_code == 0
    head, _ = split((out / V2_PAGE).read_text(encoding="utf-8"), "---")
    assert "# url_code: ''" in head and '# url_code = ""' not in head
    i = head.index("# url_code: ''")
    data = yaml.safe_load("\n".join(uncomment(head, i, i + 1)))
    assert data["url_code"] == "" and data["url_pdf"] == ""
    # comments in a TOML table stay as they are: they are that table's, not top level
    about = (out / "content/home/about.md").read_text(encoding="utf-8")
    assert '# color = "navy"' in about
    again = tmp_path / "toml"
    convert(out, "hugo-toml", again)
    assert '\n# url_code = ""\n' in (again / V2_PAGE).read_text(encoding="utf-8")
    trip = roundtrip(V2, "hugo-yaml")
    assert trip.equal


def test_none_still_respells_the_comments_but_keeps_no_way_back(tmp_path):
    out = tmp_path / "none"
    convert(SEED, "hugo-toml", out, keep="none")
    text = (out / SEED_PAGE).read_text(encoding="utf-8")
    assert f'# url_slides = "{COMMENTED["url_slides"]}"' in text and KEEP_KEY not in text
    assert not (out / RECORDS).exists()


def _switched_on(head: list[str], new: list[str], fmt: str) -> dict[str, Any] | None:
    """The front matter with an entry's new lines uncommented, parsed; None when they are
    not found where the entry says."""
    lines = list(head)
    at = 0
    for line in new:
        if line not in lines[at:]:
            return None
        at = lines.index(line, at)
        lines[at] = line[2:] if line.startswith("# ") else line[1:]
    text = "\n".join(lines)
    return tomllib.loads(text) if fmt == "toml" else yaml.safe_load(text)


@pytest.mark.parametrize("root", corpus_params())
@pytest.mark.parametrize("target", ["hugo-toml", "hugo-yaml"])
def test_every_respelled_corpus_field_reads_when_uncommented(root, target, tmp_path):
    """Each paragraph respelled on a real site, its new lines uncommented, is a valid page
    whose new keys read as the values the original comment lines give them."""
    out = tmp_path / "out"
    assert convert(root, target, out).exit_code == 0
    fmt, fence = ("toml", "+++") if target == "hugo-toml" else ("yaml", "---")
    checked = alternatives = 0
    for rec_file in sorted((out / RECORDS).rglob("*.yaml")) if (out / RECORDS).is_dir() else []:
        rec = yaml.safe_load(rec_file.read_text(encoding="utf-8"))
        entries = rec["record"].get("comments") or []
        if not entries:
            continue
        head, _ = split((out / rec["page"]).read_text(encoding="utf-8"), fence)
        text = "\n".join(head)
        live = tomllib.loads(text) if fmt == "toml" else yaml.safe_load(text)
        for entry in entries:
            was = [ln for ln in entry["was"] if ln.strip()]
            now = [ln for ln in entry["now"] if ln not in was and ln.strip()]
            old = _old_values(was, "yaml" if fmt == "toml" else "toml")
            if set(old) & set(live):  # the archetype's alternative to a live key: a swap
                alternatives += 1
                continue
            data = _switched_on(head, now, fmt)
            assert data is not None, (rec["page"], now)
            for key, value in old.items():
                assert key in data, (rec["page"], key)
                if isinstance(value, dict):
                    assert value.items() <= data[key].items(), (rec["page"], key)
                elif isinstance(value, list) and isinstance(data[key], list):
                    assert all(v in data[key] for v in value), (rec["page"], key)
                else:
                    assert data[key] == value, (rec["page"], key)
            checked += 1
    print(f"{root.name} -> {target}: {checked} respelled paragraphs read when uncommented")
    print(f"  ({alternatives} alternatives to a live key, not uncommented)")


def _merge(out: dict[str, Any], new: dict[str, Any]) -> None:
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            _merge(out[k], v)
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + v  # another commented-out [[element]]
        else:
            out[k] = v


def _old_values(was: list[str], fmt: str) -> dict[str, Any]:
    """The fields the original comment lines say, as far as a plain parse of the lines that
    look like keys tells (one key a line, or a YAML key with its indented lines)."""
    out: dict[str, Any] = {}
    if fmt == "toml":  # `# key = value` lines, under the `# [table]` they follow
        table: list[str] = []
        for ln in was:
            header = re.match(r"^#\s?(\[\[?)\s*([a-z_][\w-]*)\s*\]\]?\s*$", ln)
            if header:
                table = [f"{header.group(1)}{header.group(2)}{header.group(1)[::-1]}"]
                continue
            if re.match(r"^#\s*[a-z_][\w.-]*\s*=", ln):
                with contextlib.suppress(tomllib.TOMLDecodeError):
                    _merge(out, tomllib.loads("\n".join([*table, ln.lstrip("#")])))
            else:
                table = []
        return out
    run: list[str] = []
    for ln in [*was, "#END"]:
        if re.match(r"^#\s?[a-z_][\w-]*:(\s|$)", ln) or ln == "#END":
            if run:
                body = [r[1:] for r in run]
                cut = len(body[0]) - len(body[0].lstrip(" "))
                try:
                    parsed = yaml.safe_load("\n".join(b[cut:] for b in body))
                except yaml.YAMLError:
                    parsed = None
                if isinstance(parsed, dict):
                    out.update({k: v for k, v in parsed.items() if v is not None})
            run = [ln]
        elif run and re.match(r"^#(\s{2,}\S|\s?-\s)", ln):
            run.append(ln)
        else:
            run = []
    return out


def test_a_field_after_a_toml_table_moves_up_to_the_root_and_comes_back(tmp_path):
    """A YAML page ending with a map (TOML writes it as a `[table]`, last) and commented-out
    fields after it: below the table they would be its keys, so they go up to the root."""
    site = tmp_path / "site"
    (site / "content/post").mkdir(parents=True)
    (site / "config.yaml").write_text("title: t\n", encoding="utf-8")
    page = site / "content/post/x.md"
    page.write_text(
        "---\ntitle: x\ntags:\n  - a\nimage:\n  caption: c\n  focal_point: Right\n"
        "\n# url_pdf: 'https://p.example/x.pdf'\n# url_code: 'https://c.example/x'\n---\nBody\n",
        encoding="utf-8",
    )
    out = tmp_path / "toml"
    assert convert(site, "hugo-toml", out).exit_code == 0
    head, _ = split((out / "content/post/x.md").read_text(encoding="utf-8"), "+++")
    at = head.index('# url_pdf = "https://p.example/x.pdf"')
    assert at < head.index("[image]") and head[at + 1] == '# url_code = "https://c.example/x"'
    data = tomllib.loads("\n".join(uncomment(head, at, at + 2)))
    assert data["url_pdf"] == "https://p.example/x.pdf" and data["image"]["caption"] == "c"
    assert "url_pdf" not in data["image"]
    back = tmp_path / "yaml"
    convert(out, "hugo-yaml", back)
    assert (back / "content/post/x.md").read_bytes() == page.read_bytes()
