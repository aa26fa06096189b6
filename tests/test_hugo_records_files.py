"""Keep records of the files that are not pages (issue 19): a homepage widget page (a bundle
resource Academic reads the front matter of) and a config file, converted to TOML, hold no
`hugo_academic` table; what TOML cannot say of them goes beside the site, and comes back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import convert, read_site
from converter import frontmatter as fm
from converter.cli import main
from converter.frontmatter.values import same
from converter.keep import KEEP_KEY
from converter.pages import parse_page
from converter.sidecar import RECORDS
from tests.conftest import FIXTURES

WIDGET = "content/home/about.md"
PARAMS = "config/_default/params.yaml"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The v5 fixture with a null in a widget page and one in the params file."""
    root = tmp_path / "src"
    shutil.copytree(FIXTURES / "academic-v5-yaml", root)
    widget = root / WIDGET
    widget.write_text(widget.read_text().replace("title: ''\n", "title: ''\nsubtitle:\n", 1))
    params = root / PARAMS
    params.write_text(params.read_text() + "\n# kept empty on purpose\nlogo:\n")
    return root


def _data(path: Path) -> dict:
    if path.suffix in (".yaml", ".toml"):
        return fm.load(path.suffix[1:], path.read_text())[0]
    return parse_page(path.read_bytes()).data


def test_the_widget_page_and_config_hold_no_record_and_come_back(site, tmp_path):
    out = tmp_path / "toml"
    result = convert(site, "hugo-toml", out)
    assert result.exit_code == 0
    widget, params = out / WIDGET, out / "config/_default/params.toml"
    for file in (widget, params):
        assert KEEP_KEY not in file.read_text(), file
    assert (out / RECORDS / f"{WIDGET}.yaml").is_file()
    assert (out / RECORDS / "config/_default/params.toml.yaml").is_file()
    # what TOML cannot say is not on the page, and comes back from the record
    assert "subtitle" not in _data(widget)
    back = tmp_path / "yaml"
    assert convert(out, "hugo-yaml", back).exit_code == 0
    assert same(_data(back / WIDGET), _data(site / WIDGET))
    assert _data(back / WIDGET)["subtitle"] is None
    assert same(_data(back / PARAMS), _data(site / PARAMS))
    assert _data(back / PARAMS)["logo"] is None
    # the records were read, so they are no record "whose page is gone"
    assert read_site(out).warnings == []


def test_converted_again_the_same_files_and_records(site, tmp_path):
    first, again = tmp_path / "a", tmp_path / "b"
    convert(site, "hugo-toml", first)
    convert(first, "hugo-toml", again)
    for rel in (WIDGET, "config/_default/params.toml"):
        assert (again / rel).read_bytes() == (first / rel).read_bytes()
        record = Path(RECORDS) / f"{rel}.yaml"
        assert (again / record).read_bytes() == (first / record).read_bytes()


@pytest.mark.parametrize(("keep", "inline"), [("inline", True), ("none", False)])
def test_keep_modes_through_the_cli(site, tmp_path, keep, inline):
    out = tmp_path / keep
    args = ["convert", str(site), "--to", "hugo-toml", "--out", str(out), "--keep", keep]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (KEEP_KEY in (out / WIDGET).read_text()) is inline
    assert (KEEP_KEY in (out / "config/_default/params.toml").read_text()) is inline
    assert not (out / RECORDS).exists()
