"""Hugo writers: unchanged pages byte for byte, others re-encoded losslessly, in their own era."""

from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from converter import convert, read_site
from converter.frontmatter.values import differences, same
from converter.writers.hugo import render_page
from tests.conftest import FIXTURE_SITES, FIXTURES


def front_matter_of(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    fence = text.splitlines()[0]
    fm = text.split(fence + "\n", 2)[1]
    return fence, fm


@pytest.mark.parametrize("site_name", FIXTURE_SITES)
@pytest.mark.parametrize("target", ["hugo-yaml", "hugo-toml"])
def test_converted_site_reads_back_as_the_same_model(site_name, target, tmp_path):
    """read(write(site)) == site: every page's neutral fields, body, kind and resources."""
    original = read_site(FIXTURES / site_name)
    convert(original, target, tmp_path / "out")
    back = read_site(tmp_path / "out")
    assert not back.problems
    before = {p.path: p for p in original.pages}
    after = {p.path: p for p in back.pages}
    assert before.keys() == after.keys()
    for path, page in before.items():
        other = after[path]
        assert same(page.fields, other.fields), (path, differences(page.fields, other.fields))
        assert page.body.replace("\r\n", "\n") == other.body.replace("\r\n", "\n"), path
        assert page.kind == other.kind and [r.name for r in page.resources] == [
            r.name for r in other.resources
        ]
        assert page.comments.canonical(page.fields) == other.comments.canonical(other.fields), path
        fmt = "yaml" if target == "hugo-yaml" else "toml"
        assert other.source.format in (fmt, None), path


def test_pages_already_in_the_target_format_are_copied_byte_for_byte(tmp_path):
    src = FIXTURES / "academic-v5-yaml"
    convert(src, "hugo-yaml", tmp_path / "out")
    site = read_site(src)
    for page in site.pages:
        if page.source.format == "yaml":
            assert (tmp_path / "out" / page.source.path).read_bytes() == page.source.raw, page.path


def test_toml_to_yaml_and_back_gives_the_toml_data_back(tmp_path):
    src = FIXTURES / "academic-v2-toml"
    convert(src, "hugo-yaml", tmp_path / "yaml")
    convert(tmp_path / "yaml", "hugo-toml", tmp_path / "toml")
    for page in read_site(src).pages:
        if page.source.format != "toml":
            continue
        once = tomllib.loads(front_matter_of(src / page.source.path)[1])
        twice = tomllib.loads(front_matter_of(tmp_path / "toml" / page.source.path)[1])
        assert same(once, twice), (page.path, differences(once, twice))
        yaml_text = (tmp_path / "yaml" / page.source.path).read_text(encoding="utf-8")
        assert yaml_text.startswith("---\n")


def test_own_era_is_kept_by_default_and_upgrade_writes_current_names(tmp_path):
    src = FIXTURES / "academic-v2-toml"
    talk = "content/talk/register-allocation-on-a-budget.md"
    convert(src, "hugo-yaml", tmp_path / "keep")
    kept = YAML(typ="safe").load(front_matter_of(tmp_path / "keep" / talk)[1])
    assert {
        "time_start",
        "time_end",
        "selected",
        "abstract_short",
        "url_custom",
        "header",
    } <= kept.keys()
    convert(src, "hugo-yaml", tmp_path / "up", upgrade=True)
    upgraded = YAML(typ="safe").load(front_matter_of(tmp_path / "up" / talk)[1])
    assert {"publishDate", "date_end", "featured", "summary", "links", "banner"} <= upgraded.keys()
    assert (
        not {"time_start", "selected", "abstract_short", "url_custom", "header"} & upgraded.keys()
    )
    assert upgraded["date"] == kept["time_start"]


def test_widget_files_inside_a_bundle_are_re_encoded(tmp_path):
    src = FIXTURES / "academic-v5-yaml"
    convert(src, "hugo-yaml", tmp_path / "out")
    widget = (tmp_path / "out" / "content/home/posts.md").read_text(encoding="utf-8")
    assert (src / "content/home/posts.md").read_text(encoding="utf-8").startswith("+++")
    assert widget.startswith("---\n") and "widget: pages" in widget
    notes = tmp_path / "out" / "content/publication/edna-decay-temperature/notes.md"
    assert (
        notes.read_bytes()
        == (src / "content/publication/edna-decay-temperature/notes.md").read_bytes()
    )


def test_config_files_are_converted_with_their_comments(tmp_path):
    src = FIXTURES / "academic-v2-toml"
    convert(src, "hugo-yaml", tmp_path / "out")
    assert not (tmp_path / "out" / "config.toml").exists()
    text = (tmp_path / "out" / "config.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    original = tomllib.loads((src / "config.toml").read_text(encoding="utf-8"))
    assert same(data, original) or not differences(original, data)
    src_comments = [
        line.strip()
        for line in (src / "config.toml").read_text().splitlines()
        if line.strip().startswith("#")
    ]
    assert src_comments and all(c in text for c in src_comments)


def test_other_files_are_copied_unchanged(tmp_path):
    src = FIXTURES / "academic-v2-toml"
    convert(src, "hugo-yaml", tmp_path / "out")
    for rel in [
        "static/files/cv.pdf",
        "static/img/headers/chalkboard.png",
        "content/post/cheap-liveness/featured.png",
    ]:
        assert (tmp_path / "out" / rel).read_bytes() == (src / rel).read_bytes()


def test_an_edited_page_is_written_with_the_edit_and_its_own_era():
    site = read_site(FIXTURES / "academic-v2-toml")
    talk = next(p for p in site.pages if p.path == "talk/register-allocation-on-a-budget.md")
    talk.fields["featured"] = False  # neutral name; the page's era calls it `selected`
    text = render_page(talk, "toml").decode()
    data = tomllib.loads(text.split("+++\n")[1])
    assert data["selected"] is False and "featured" not in data
    assert data["time_start"] == talk.fields["date"]


def test_publication_types_edited_in_the_model_map_back_to_codes():
    site = read_site(FIXTURES / "academic-v2-toml")
    pub = next(p for p in site.pages if p.path == "publication/ssa-destruction-without-copies.md")
    pub.fields["publication_types"] = ["article-journal"]
    data = tomllib.loads(render_page(pub, "toml").decode().split("+++\n")[1])
    assert data["publication_types"] == ["2"]


def test_no_keep_drops_toml_nulls_and_reports_each(tmp_path):
    src = FIXTURES / "academic-v5-yaml"
    page = "content/event/stoneflies-in-floods/index.md"
    kept = convert(src, "hugo-toml", tmp_path / "keep")
    report = next(p for p in kept.plan.pages if p.source == page)
    assert "/url_pdf (null) under hugo_academic" in report.kept and report.dropped == []
    dropped = convert(src, "hugo-toml", tmp_path / "drop", keep=False)
    report = next(p for p in dropped.plan.pages if p.source == page)
    assert "/url_pdf (null)" in report.dropped and report.kept == []
    text = (tmp_path / "drop" / page).read_text(encoding="utf-8")
    assert "hugo_academic" not in text and "url_pdf" not in tomllib.loads(text.split("+++\n")[1])
    back = next(p for p in read_site(tmp_path / "drop").pages if p.source.path == page)
    assert "url_pdf" not in back.fields  # dropped, as asked and as reported
