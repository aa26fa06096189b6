"""The keep record beside the page (`--keep sidecar`, the default), commented-out fields in the
target's words, and the target's key order (issue 19). The seed is fixtures/seed-talk: a talk
with an `address` map, seven commented-out `url_*` fields, commented-out `links` and a bundle
image."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import convert, read_site, roundtrip
from converter.cli import main
from converter.frontmatter.values import differences, same
from converter.keep import KEEP_KEY
from converter.sidecar import RECORDS, keep_mode
from tests.conftest import FIXTURES

SEED = FIXTURES / "seed-talk"
TARGETS = ["jekyll", "quarto", "mkdocs"]
PAGE = {
    "jekyll": "_talks/2031-03-14-seed-talk.md",
    "quarto": "talks/seed-talk/index.qmd",
    "mkdocs": "docs/event/seed-talk/index.md",
}
HUGO_PATH = "event/seed-talk/index.md"
COMMENTED = {  # field -> its value in the seed's comments
    "url_slides": "https://slides.example.org/seed-talk",
    "url_code": "https://code.example.org/seed-talk",
    "url_pdf": "https://papers.example.org/seed-talk.pdf",
    "url_video": "https://video.example.org/seed-talk",
    "url_dataset": "https://data.example.org/seed-talk",
    "url_poster": "https://posters.example.org/seed-talk.pdf",
    "url_source": "https://source.example.org/seed-talk",
}


def front_matter(text: str) -> list[str]:
    lines = text.split("\n")
    end = lines.index("---", 1)
    return lines[1:end]


def seed_page(site_root: Path) -> object:
    pages = {p.path: p for p in read_site(site_root).pages}
    return pages[HUGO_PATH]


@pytest.fixture(scope="module")
def original():
    return seed_page(SEED)


@pytest.mark.parametrize("target", TARGETS)
def test_the_page_holds_no_record_and_the_record_file_is_beside_it(target, tmp_path):
    result = convert(SEED, target, tmp_path / "out")
    assert result.exit_code == 0
    page = (tmp_path / "out" / PAGE[target]).read_text()
    assert KEEP_KEY not in page
    record = tmp_path / "out" / RECORDS / f"{PAGE[target]}.yaml"
    text = record.read_text()
    assert f"page: {PAGE[target]}" in text and "record:" in text and "sha256:" in text
    assert "{{< youtube dQw4w9WgXcQ >}}" in text  # the body's Hugo spelling went there
    report = next(p for p in result.plan.pages if p.source.endswith(HUGO_PATH))
    assert f"{RECORDS}/{PAGE[target]}.yaml" in report.outputs
    assert any(f"is in {RECORDS}/, one record per page (1 file," in n for n in result.plan.notes)


@pytest.mark.parametrize("target", TARGETS)
def test_the_seed_goes_through_every_target_and_back_equal(target):
    trip = roundtrip(SEED, target)
    assert trip.equal, [d for p in trip.pages for d in p.differences]


def _uncomment(lines: list[str], value: str) -> list[str] | None:
    """The front matter with the commented-out entry holding `value` switched on: its line,
    a list item's other lines, and the list's commented-out key when the list is not live."""
    hit = next((i for i, ln in enumerate(lines) if ln.startswith("#") and value in ln), None)
    if hit is None:
        return None
    start = end = hit
    if re.match(r"^#\s{3,}\S", lines[hit]):  # inside a list item: find the item
        while not re.match(r"^#\s+- ", lines[start]):
            start -= 1
        end = start
        while end + 1 < len(lines) and re.match(r"^#\s{4,}\S", lines[end + 1]):
            end += 1
        if re.match(r"^# [\w-]+:$", lines[start - 1]):
            start -= 1
    out = list(lines)
    for i in range(start, end + 1):
        out[i] = out[i][2:] if out[i].startswith("# ") else out[i][1:]
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_uncommenting_a_commented_field_gives_that_field(target, tmp_path, original):
    out = tmp_path / "out"
    assert convert(SEED, target, out).exit_code == 0
    file = out / PAGE[target]
    text = file.read_text()
    head = front_matter(text)
    body = text.split("\n")[len(head) + 2 :]
    shown = [f for f, v in COMMENTED.items() if any(v in ln for ln in head)]
    # the target names them (or keeps their Hugo name): every one a target can say is there
    expected = {"jekyll": 7, "quarto": 7, "mkdocs": 0}[target]
    assert len(shown) == expected, shown
    if target == "jekyll":
        assert f"# slidesurl: {COMMENTED['url_slides']}" in head
        assert f"# paperurl: {COMMENTED['url_pdf']}" in head
    if target == "quarto":
        assert "#   - text: Slides" in head and "# code-links:" in head
    for name in shown:
        switched = _uncomment(head, COMMENTED[name])
        assert switched is not None
        file.write_text("\n".join(["---", *switched, "---", *body]))
        page = seed_page(out)
        assert page.fields.get(name) == COMMENTED[name], (name, page.fields.get(name))
        for other in COMMENTED.keys() - {name}:
            assert other not in page.fields, (name, other)
        # the rest of the page still comes back from its record
        assert same(page.fields["address"], original.fields["address"])
    file.write_text(text)
    back = seed_page(out)
    assert same(back.fields, original.fields) and back.comments == original.comments


def test_uncommented_links_in_quarto_are_the_links(tmp_path, original):
    out = tmp_path / "out"
    convert(SEED, "quarto", out)
    file = out / PAGE["quarto"]
    text = file.read_text()
    head = front_matter(text)
    switched = _uncomment(head, "2031/programme")
    assert switched is not None
    file.write_text(text.replace("\n".join(head), "\n".join(switched)))
    page = seed_page(out)
    programme = {
        "name": "Workshop programme",
        "url": "https://dryland-workshop.example.org/2031/programme",
    }
    assert programme in page.fields["links"]


@pytest.mark.parametrize(
    ("value", "field"),
    [*((v, f) for f, v in COMMENTED.items() if f != "url_code"), ("2031/programme", "links")],
)
def test_switching_on_one_quarto_other_links_item_leaves_the_rest_as_recorded(
    value, field, tmp_path, original
):
    """`other-links` holds event_url's item too: one commented-out item switched on is that
    one field, new; event_url and the other fields sharing the list come back from the
    record, with no warning that they were edited."""
    out = tmp_path / "out"
    convert(SEED, "quarto", out)
    file = out / PAGE["quarto"]
    text = file.read_text()
    head = front_matter(text)
    switched = _uncomment(head, value)
    assert switched is not None
    file.write_text(text.replace("\n".join(head), "\n".join(switched)))
    page = seed_page(out)
    new = [
        (path, before, after) for path, before, after in differences(original.fields, page.fields)
    ]
    assert [path for path, _, _ in new] == [(field,)], new
    assert not any("edited in the target" in w for w in page.warnings), page.warnings
    changed = [w for w in page.warnings if "commented-out field paragraph" in w]
    assert changed and changed[0].startswith("1 commented-out"), page.warnings


def test_an_item_switched_on_anywhere_in_the_list_is_told_apart(tmp_path, original):
    """The same, with the Slides item put first in `other-links` (before event_url's) and
    the event's item dropped: Slides is new, event_url was edited (gone), the rest as kept."""
    out = tmp_path / "out"
    convert(SEED, "quarto", out)
    file = out / PAGE["quarto"]
    text = file.read_text()
    slides = (
        "#   - text: Slides\n#     href: https://slides.example.org/seed-talk\n#     icon: easel\n"
    )
    event = "  - text: Event\n    href: https://dryland-workshop.example.org/2031/\n"
    assert slides in text and event in text
    live = slides.replace("#   ", "  ").replace("#     ", "    ")
    file.write_text(text.replace(slides, "").replace("other-links:\n", "other-links:\n" + live))
    page = seed_page(out)
    assert page.fields["url_slides"] == COMMENTED["url_slides"]
    assert page.fields["slides"] == "" and page.fields["projects"] == []  # from the record
    assert same(page.fields["event_url"], original.fields["event_url"])
    assert not any("edited in the target" in w for w in page.warnings), page.warnings
    file.write_text(text.replace(event + "    icon: calendar-event\n", ""))
    page = seed_page(out)
    assert "event_url" not in page.fields and page.fields["slides"] == ""
    edited = [w for w in page.warnings if "edited in the target" in w]
    assert edited == ["event_url: edited in the target (other-links); the edited value wins"]
    file.write_text(
        text.replace(
            "href: https://dryland-workshop.example.org/2031/\n", "href: https://x.example.org/\n"
        )
    )
    page = seed_page(out)  # an edited item is still its field's, not one of `links`
    assert page.fields["event_url"] == "https://x.example.org/" and "links" not in page.fields


@pytest.mark.parametrize("target", TARGETS)
def test_front_matter_starts_with_title_and_date(target, tmp_path):
    convert(SEED, target, tmp_path / "out")
    keys = [
        ln.split(":")[0]
        for ln in front_matter((tmp_path / "out" / PAGE[target]).read_text())
        if re.match(r"^[\w-]+:", ln)
    ]
    assert keys[:2] == ["title", "date"], keys


def test_a_page_edited_after_the_migration_wins_where_it_changed(tmp_path, original):
    out = tmp_path / "out"
    convert(SEED, "jekyll", out)
    file = out / PAGE["jekyll"]
    file.write_text(file.read_text().replace("venue: Dryland", "venue: Wetland"))
    page = seed_page(out)
    assert page.fields["event"] == "Wetland Ecology Workshop 2031"
    assert same(page.fields["address"], original.fields["address"])  # from the record
    assert page.body == original.body
    assert any("edited after the migration" in w for w in page.warnings)


def test_a_moved_page_finds_its_record_by_its_digest(tmp_path, original):
    out = tmp_path / "out"
    convert(SEED, "jekyll", out)
    moved = out / "_talks" / "2031-03-14-seeds.md"
    (out / PAGE["jekyll"]).rename(moved)
    site = read_site(out)
    page = {p.path: p for p in site.pages}[HUGO_PATH]
    assert same(page.fields, original.fields), differences(page.fields, original.fields)
    assert any("moved from" in w for w in page.warnings)
    assert site.problems == []


def test_a_record_whose_page_is_gone_is_a_warning_not_a_problem(tmp_path):
    out = tmp_path / "out"
    convert(SEED, "quarto", out)
    (out / PAGE["quarto"]).unlink()
    site = read_site(out)
    assert HUGO_PATH not in {p.path for p in site.pages}
    assert site.problems == []
    record = f"{RECORDS}/{PAGE['quarto']}.yaml"
    assert [w.split(":")[0] for w in site.warnings] == [record]
    assert f"of, {PAGE['quarto']}, is gone" in site.warnings[0]
    assert not any(f.startswith("records/") for f in site.files)  # not a Hugo file


def test_cli_reads_a_site_whose_page_is_gone_and_names_the_record(tmp_path):
    out = tmp_path / "out"
    convert(SEED, "jekyll", out)
    (out / PAGE["jekyll"]).unlink()
    runner = CliRunner()
    res = runner.invoke(
        main, ["convert", str(out), "--to", "hugo-yaml", "--dry-run", "--report", "json"]
    )
    assert res.exit_code == 0, res.output
    warnings = json.loads(res.stdout)["warnings"]
    record = f"{RECORDS}/{PAGE['jekyll']}.yaml"
    assert any(w.startswith(f"{record}: ") and "is gone" in w for w in warnings), warnings
    res = runner.invoke(main, ["convert", str(out), "--to", "hugo-yaml", "--dry-run"])
    assert res.exit_code == 0 and f"warning: {record}: " in res.output


def test_without_its_record_the_page_is_read_as_the_targets_own(tmp_path):
    out = tmp_path / "out"
    convert(SEED, "jekyll", out)
    shutil.rmtree(out / RECORDS)
    page = next(p for p in read_site(out).pages if "seed" in p.path)
    assert page.kind == "event" and "address" not in page.fields
    assert page.fields["event"] == "Dryland Ecology Workshop 2031"


def test_inline_keeps_the_record_in_the_page_as_before(tmp_path, original):
    out = tmp_path / "out"
    assert convert(SEED, "jekyll", out, keep="inline").exit_code == 0
    text = (out / PAGE["jekyll"]).read_text()
    assert f"\n{KEEP_KEY}:\n" in text and not (out / RECORDS).exists()
    assert "# url_slides: 'https://slides.example.org/seed-talk'" in text  # as written
    back = seed_page(out)
    assert same(back.fields, original.fields) and back.body == original.body
    assert back.comments == original.comments


@pytest.mark.parametrize("keep", ["none", False])
def test_none_keeps_nothing_and_says_what_it_dropped(keep, tmp_path):
    out = tmp_path / "out"
    result = convert(SEED, "jekyll", out, keep=keep)
    assert KEEP_KEY not in (out / PAGE["jekyll"]).read_text()
    assert not (out / RECORDS).exists()
    report = next(p for p in result.plan.pages if p.source.endswith(HUGO_PATH))
    assert any(d.startswith("address") for d in report.dropped)


def test_keep_true_is_the_default_mode_and_a_bad_mode_is_refused():
    assert keep_mode(True) == "sidecar" and keep_mode(False) == "none"
    with pytest.raises(ValueError, match="keep must be one of"):
        keep_mode("beside")


def test_cli_keep_options_and_the_dry_run_lists_the_records(tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        main, ["convert", str(SEED), "--to", "quarto", "--dry-run", "--report", "json"]
    )
    assert res.exit_code == 0, res.output
    outputs = [o for p in json.loads(res.stdout)["pages"] for o in p["outputs"]]
    assert f"{RECORDS}/{PAGE['quarto']}.yaml" in outputs
    for args, inline, records in (
        (["--keep", "inline"], True, False),
        (["--no-keep"], False, False),
        (["--keep", "none"], False, False),
        ([], False, True),
    ):
        out = tmp_path / "-".join(args or ["default"])
        res = runner.invoke(
            main, ["convert", str(SEED), "--to", "jekyll", "--out", str(out), *args]
        )
        assert res.exit_code == 0, res.output
        assert (KEEP_KEY in (out / PAGE["jekyll"]).read_text()) is inline
        assert (out / RECORDS).is_dir() is records


@pytest.mark.parametrize("target", TARGETS)
def test_a_comment_inside_a_kept_map_stays_with_the_map_in_the_record(target, tmp_path, original):
    out = tmp_path / "out"
    convert(SEED, target, out)
    assert "country" not in (out / PAGE[target]).read_text()  # not alone on the page
    record = (out / RECORDS / f"{PAGE[target]}.yaml").read_text()
    assert "      postcode: '07310'\n    #  country: Canada\n" in record
    back = seed_page(out)
    assert back.comments == original.comments and not back.warnings


@pytest.mark.parametrize("target", TARGETS)
def test_a_comment_inside_the_last_kept_map(target, tmp_path):
    """The map is the last field the record keeps: the comment goes after it all the same."""
    src = tmp_path / "site"
    shutil.copytree(SEED, src)
    page = src / "content" / HUGO_PATH
    page.write_text(
        "---\ntitle: A talk\ndate: 2031-03-14\nevent: A workshop\naddress:\n  city: Fenwick\n"
        "#  country: Canada\n\nsummary: Short.\n---\n\nText.\n"
    )
    out = tmp_path / "out"
    convert(src, target, out)
    assert "country" not in (out / PAGE[target]).read_text()
    assert (
        "      city: Fenwick\n  #  country: Canada\n"
        in (out / RECORDS / f"{PAGE[target]}.yaml").read_text()
    )
    before, back = seed_page(src), seed_page(out)
    assert back.comments == before.comments and same(back.fields, before.fields)
