"""The review reports (issue 8): text with diffs and field tables, JSON against its schema, and
the self-contained HTML file; each checked against what the site and the tables say."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from rich.console import Console
from ruamel.yaml import YAML

from converter import convert, read_site, roundtrip
from converter.cli import main
from converter.reports import (
    html_report,
    json_report,
    print_report,
    review,
    roundtrip_report,
    schema,
    schema_path,
    validate,
)
from tests.conftest import FIXTURE_SITES, FIXTURES, REPO, corpus_site

V5 = FIXTURES / "academic-v5-yaml"
TALK = "content/event/stoneflies-in-floods/index.md"
HUNK = re.compile(r"^@@ -\d+(,\d+)? \+\d+(,\d+)? @@$", re.M)
TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data: dict[str, object] = YAML(typ="safe").load(text.split("---\n", 2)[1])
    return data


# --- JSON -----------------------------------------------------------------------------------


def test_the_schema_ships_in_the_package_and_is_a_valid_schema():
    assert schema_path().is_file()
    assert schema_path().parent.name == "reports"
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("site", FIXTURE_SITES)
@pytest.mark.parametrize("target", TARGETS)
def test_json_report_of_every_fixture_and_target_validates(site, target):
    data = json_report(review(convert(FIXTURES / site, target, dry_run=True)))
    validate(data)
    read = read_site(FIXTURES / site)
    assert data["summary"]["pages"] == len(read.pages) + len(read.problems) == len(data["pages"])


def test_the_schema_refuses_what_is_not_a_report():
    good = json_report(review(convert(V5, "jekyll", dry_run=True)))
    validate(good)
    for broken in (
        {k: v for k, v in good.items() if k != "summary"},
        {**good, "pages": [{**good["pages"][0], "status": "done"}]},
        {**good, "pages": [{**good["pages"][0], "status": "failed", "error": None}]},
        {**good, "summary": {**good["summary"], "errors": -1}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)


def test_cli_json_report_validates_and_sorts_fields(tmp_path):
    code, stdout, _ = run("convert", str(V5), "--to", "jekyll", "--dry-run", "--report", "json")
    assert code == 0
    data = json.loads(stdout)
    validate(data)
    page = next(p for p in data["pages"] if p["source"] == TALK)
    source = front_matter(V5 / TALK)
    assert page["kind"] == "event"
    # the Jekyll table renames a talk's event to venue; the title keeps its name
    assert page["renamed"]["event"] == "venue" and "event -> venue" in page["mapped"]
    assert "title" in page["mapped"]
    # every field of the page is accounted for: mapped, or kept aside, or dropped
    placed = {m.split(" -> ")[0] for m in page["mapped"]}
    placed |= {k.removesuffix(" under hugo_academic") for k in page["kept"]}
    assert set(source) <= placed


def test_bad_site_json_report_names_the_failed_page_and_exits_1():
    code, stdout, _ = run(
        "convert", str(FIXTURES / "bad-site"), "--to", "hugo-toml", "--dry-run", "--report", "json"
    )
    data = json.loads(stdout)
    validate(data)
    failed = [p for p in data["pages"] if p["status"] == "failed"]
    assert code == 1 and failed and data["summary"]["errors"] == len(failed)
    assert all(p["error"] and p["kind"] is None for p in failed)


def test_roundtrip_json_report_validates():
    trip = roundtrip(FIXTURES / "academic-v2-toml", "quarto")
    data = roundtrip_report(trip, "quarto")
    validate(data)
    assert data["summary"]["equal"] is True and all(p["equal"] for p in data["pages"])
    code, stdout, _ = run(
        "roundtrip", str(FIXTURES / "academic-v2-toml"), "--via", "hugo-yaml", "--report", "json"
    )
    assert code == 0
    validate(json.loads(stdout))


@pytest.mark.corpus
@pytest.mark.parametrize("target", ["jekyll", "hugo-toml"])
def test_json_report_of_a_corpus_site_validates(target, tmp_path):
    site = corpus_site("paul-dickman__starter-academic")
    report_file = tmp_path / "report.json"
    code, stdout, _ = run(
        "convert",
        str(site),
        "--to",
        target,
        "--dry-run",
        "--report",
        "json",
        "--report-file",
        str(report_file),
    )
    assert stdout == ""
    data = json.loads(report_file.read_text(encoding="utf-8"))
    validate(data)
    read = read_site(site)
    assert code == (1 if read.problems else 0)
    assert data["summary"]["pages"] == len(read.pages) + len(read.problems)
    kinds = {p["source"]: p["kind"] for p in data["pages"]}
    for page in read.pages:
        assert page.source is not None and kinds[page.source.path] == page.kind


# --- text -----------------------------------------------------------------------------------


def test_text_report_has_a_hunk_and_the_field_table_for_a_changed_page():
    code, stdout, _ = run("convert", str(V5), "--to", "jekyll", "--dry-run")
    assert code == 0
    section = stdout.split(f"== {TALK} -> ", 1)[1].split("\n== ", 1)[0]
    assert section.startswith("_talks/") and "[converted, event]" in section
    assert f"--- a/{TALK}" in section and "\n+++ b/_talks/" in section
    assert HUNK.search(section)
    # the talk's event line goes, a venue line with the same value comes
    event = front_matter(V5 / TALK)["event"]
    assert re.search(rf"^\+venue: '?{re.escape(str(event))}'?$", section, re.M)
    rows = dict(
        re.findall(r"^  (mapped|renamed|kept under hugo_academic|dropped) +(.*)$", section, re.M)
    )
    assert "event -> venue" in rows["renamed"] and "title" in rows["mapped"].split(", ")
    assert "date_end" in rows["kept under hugo_academic"] and rows["dropped"] == "-"
    assert "Summary" in stdout and stdout.rstrip().endswith(
        "would write " + str(len(convert(V5, "jekyll", dry_run=True).plan.actions)) + " files"
    )


def test_no_keep_lists_every_drop_in_the_field_table():
    code, stdout, _ = run("convert", str(V5), "--to", "jekyll", "--dry-run", "--no-keep")
    assert code == 0
    section = stdout.split(f"== {TALK} -> ", 1)[1].split("\n== ", 1)[0]
    dropped = re.search(r"^  dropped +(.*)$", section, re.M)
    assert dropped and "date_end" in dropped.group(1)


def test_text_report_is_coloured_on_a_terminal_and_plain_elsewhere():
    rev = review(convert(V5, "hugo-toml", dry_run=True))
    tty = io.StringIO()
    print_report(Console(file=tty, force_terminal=True, color_system="standard", width=120), rev)
    assert "\x1b[32m+" in tty.getvalue() and "\x1b[31m-" in tty.getvalue()
    plain = io.StringIO()
    print_report(Console(file=plain, width=120), rev)
    assert "\x1b[" not in plain.getvalue() and HUNK.search(plain.getvalue())


def test_text_report_file_is_plain_and_complete_after_a_real_run(tmp_path):
    out, report_file = tmp_path / "out", tmp_path / "report.txt"
    code, stdout, _ = run(
        "convert",
        str(V5),
        "--to",
        "hugo-toml",
        "--out",
        str(out),
        "--report-file",
        str(report_file),
    )
    assert code == 0 and stdout == ""
    text = report_file.read_text(encoding="utf-8")
    assert "\x1b[" not in text and HUNK.search(text) and f"+++ b/{TALK}" in text
    written = [p for p in out.rglob("*") if p.is_file()]
    assert text.rstrip().endswith(f"wrote {len(written)} files to {out}")


def test_text_report_keeps_the_characters_of_the_files(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "post").mkdir(parents=True)
    (site / "config.yaml").write_text("title: x\n", encoding="utf-8")
    page = "---\ntitle: Tabs\n---\n\tindented with a tab [not markup] :smile:\n"
    (site / "content" / "post" / "t.md").write_text(page, encoding="utf-8")
    report_file = tmp_path / "report.txt"
    code, _, _ = run(
        "convert", str(site), "--to", "hugo-toml", "--dry-run", "--report-file", str(report_file)
    )
    assert code == 0
    text = report_file.read_text(encoding="utf-8")
    assert "\n \tindented with a tab [not markup] :smile:\n" in text
    assert '\n+title = "Tabs"\n' in text


def test_html_report_after_a_real_run_counts_the_files_written(tmp_path):
    out, report_file = tmp_path / "out", tmp_path / "report.html"
    code, stdout, _ = run(
        "convert",
        str(V5),
        "--to",
        "quarto",
        "--out",
        str(out),
        "--report",
        "html",
        "--report-file",
        str(report_file),
    )
    assert code == 0 and stdout == ""
    dom = parse(report_file.read_text(encoding="utf-8"))
    assert dom.cards["files"] == len([p for p in out.rglob("*") if p.is_file()])
    assert "written to" in report_file.read_text(encoding="utf-8")


def test_real_run_json_report_counts_the_files_written(tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = run(
        "convert", str(V5), "--to", "mkdocs", "--out", str(out), "--report", "json"
    )
    assert code == 0
    data = json.loads(stdout)
    validate(data)
    assert data["dry_run"] is False and data["out"] == str(out)
    assert data["summary"]["written"] == len([p for p in out.rglob("*") if p.is_file()])
    for page in data["pages"]:
        assert (out / page["outputs"][0]).is_file()


# --- dry runs write nothing -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_dry_run_leaves_an_absent_out_absent(tmp_path, fmt):
    out = tmp_path / "never"
    code, stdout, _ = run(
        "convert", str(V5), "--to", "quarto", "--out", str(out), "--dry-run", "--report", fmt
    )
    assert code == 0 and stdout and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_dry_run_leaves_an_existing_out_untouched(tmp_path, fmt):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "keep.txt").write_text("mine")
    (out / "sub" / "index.md").write_text("---\ntitle: mine\n---\n")
    before = tree(out)
    report_file = tmp_path / f"report.{fmt}"
    code, _, _ = run(
        "convert",
        str(V5),
        "--to",
        "jekyll",
        "--out",
        str(out),
        "--dry-run",
        "--report",
        fmt,
        "--report-file",
        str(report_file),
    )
    assert code == 0 and report_file.stat().st_size > 0
    assert tree(out) == before


# --- HTML -----------------------------------------------------------------------------------


class Dom(HTMLParser):
    """What a reviewer sees of the report: the page rows, the count cards, the page sections,
    and anything that would load from outside the file."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.cards: dict[str, int] = {}
        self.sections: list[dict[str, str | None]] = []
        self.external: list[str] = []
        self.shown: str | None = None
        self._card: str | None = None
        self._in_shown = False
        self._in_style = False
        self.styles = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and "page-row" in (a.get("class") or ""):
            self.rows.append(a)
        if tag == "section" and "page" in (a.get("class") or "").split():
            self.sections.append(a)
        if tag == "div" and a.get("data-count"):
            self._card = a["data-count"]
        if tag == "span" and a.get("class") == "n" and self._card:
            self._card_value = True
        if a.get("id") == "shown":
            self.shown = a.get("data-shown")
            self._in_shown = True
        if tag in ("script", "img", "iframe", "link") and (a.get("src") or a.get("href")):
            self.external.append(f"{tag} {a}")
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "span":
            self._in_shown = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles += data
        if self._card and getattr(self, "_card_value", False):
            self.cards[self._card] = int(data)
            self._card, self._card_value = None, False
        if self._in_shown:
            self.shown_text = data


def parse(html: str) -> Dom:
    dom = Dom()
    dom.feed(html)
    return dom


def test_html_report_is_self_contained_and_lists_every_page():
    result = convert(V5, "quarto", dry_run=True)
    html = html_report(review(result))
    dom = parse(html)
    assert dom.external == [] and "url(" not in dom.styles and "@import" not in dom.styles
    assert "@font-face" not in dom.styles
    read = read_site(V5)
    assert dom.cards["pages"] == len(read.pages) == len(dom.rows) == len(dom.sections)
    assert {r["data-source"] for r in dom.rows} == {p.source.path for p in read.pages if p.source}
    kinds = {r["data-source"]: r["data-kind"] for r in dom.rows}
    assert all(kinds[p.source.path] == p.kind for p in read.pages if p.source)
    assert dom.cards["errors"] == 0 and dom.cards["files"] == len(result.plan.actions)
    # "goes to": the folder in the target each page was planned into
    planned = {p.source: p.outputs[0] for p in result.plan.pages}
    for row in dom.rows:
        output = planned[row["data-source"]]
        assert output.startswith(row["data-folder"] + "/") or (
            row["data-folder"] == "(top)" and "/" not in output
        )


def test_html_report_escapes_what_the_site_says(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "post").mkdir(parents=True)
    (site / "config.yaml").write_text("title: x\n", encoding="utf-8")
    (site / "content" / "post" / "p.md").write_text(
        '---\ntitle: "</td><script>alert(1)</script>"\nsummary: "<b>&amp;</b>"\n---\n'
        "Body <img src=x onerror=alert(2)> & {{< unknown >}}\n",
        encoding="utf-8",
    )
    html = html_report(review(convert(site, "jekyll", dry_run=True)))
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    dom = parse(html)
    assert dom.external == [] and len(dom.rows) == 1
    assert html.count("<script>") == 1  # the report's own filter script only


def test_html_report_of_a_failed_page_shows_its_error():
    html = html_report(review(convert(FIXTURES / "bad-site", "hugo-yaml", dry_run=True)))
    dom = parse(html)
    failed = [r for r in dom.rows if r["data-status"] == "failed"]
    read = read_site(FIXTURES / "bad-site")
    assert len(failed) == len(read.problems) == dom.cards["errors"] > 0
    for problem in read.problems:
        assert problem.path in html


def test_readme_documents_every_report_format():
    usage = (REPO / "README.md").read_text(encoding="utf-8")
    for fmt in ("--report text", "--report json", "--report html"):
        assert fmt in usage
