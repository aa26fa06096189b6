"""The command line contract of DESIGN.md: commands, exit codes, reports, and safety."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter.cli import main
from tests.conftest import FIXTURES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_help_lists_commands_and_examples():
    code, out, _ = run("--help")
    assert code == 0 and {"convert", "inspect", "formats"} <= set(out.split())
    code, out, _ = run("convert", "--help")
    assert code == 0 and "--dry-run" in out and "Examples:" in out


def test_formats_lists_readers_writers_and_tables():
    code, out, _ = run("formats")
    assert code == 0
    for name in ["hugo", "hugo-yaml", "hugo-toml"]:
        assert name in out
    assert "hugo.yaml" in out


def test_convert_writes_the_site_and_exits_0(tmp_path):
    out = tmp_path / "site-toml"
    code, stdout, _ = run(
        "convert", str(FIXTURES / "academic-v5-yaml"), "--to", "hugo-toml", "--out", str(out)
    )
    assert code == 0, stdout
    assert (out / "config/_default/config.toml").is_file()
    assert (out / "content/event/stoneflies-in-floods/index.md").read_text().startswith("+++\n")
    assert "16 pages" in stdout


def test_dry_run_writes_nothing_and_shows_a_diff(tmp_path):
    out = tmp_path / "never"
    code, stdout, _ = run(
        "convert",
        str(FIXTURES / "academic-v5-yaml"),
        "--to",
        "hugo-toml",
        "--out",
        str(out),
        "--dry-run",
    )
    assert code == 0
    assert not out.exists()
    assert "--- a/content/event/stoneflies-in-floods/index.md" in stdout
    assert "+++ b/content/event/stoneflies-in-floods/index.md" in stdout
    assert "@@" in stdout and "would write" in stdout


def test_dry_run_leaves_an_existing_out_untouched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, _, _ = run(
        "convert",
        str(FIXTURES / "academic-v2-toml"),
        "--to",
        "hugo-yaml",
        "--out",
        str(out),
        "--dry-run",
    )
    assert code == 0 and tree(out) == {"keep.txt": b"mine"}


def test_json_report_has_the_documented_shape(tmp_path):
    code, stdout, _ = run(
        "convert",
        str(FIXTURES / "academic-v2-toml"),
        "--to",
        "hugo-yaml",
        "--dry-run",
        "--report",
        "json",
    )
    assert code == 0
    report = json.loads(stdout)
    assert {"source", "target", "summary", "pages"} <= report.keys()
    assert set(report["summary"]) >= {"pages", "written", "warnings", "errors"}
    assert report["target"] == "hugo-yaml" and report["summary"]["pages"] == len(report["pages"])
    page = report["pages"][0]
    assert set(page) >= {
        "source",
        "outputs",
        "status",
        "mapped",
        "kept",
        "dropped",
        "warnings",
        "error",
    }


def test_report_file(tmp_path):
    target = tmp_path / "report.json"
    code, stdout, _ = run(
        "convert",
        str(FIXTURES / "academic-v2-toml"),
        "--to",
        "hugo-yaml",
        "--dry-run",
        "--report",
        "json",
        "--report-file",
        str(target),
    )
    assert code == 0 and stdout == ""
    assert json.loads(target.read_text())["summary"]["pages"] > 0


def test_non_empty_out_is_refused_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "x").write_text("x")
    code, _, err = run(
        "convert", str(FIXTURES / "academic-v2-toml"), "--to", "hugo-yaml", "--out", str(out)
    )
    assert code == 2 and "--force" in err
    assert tree(out) == {"x": b"x"}
    code, _, _ = run(
        "convert",
        str(FIXTURES / "academic-v2-toml"),
        "--to",
        "hugo-yaml",
        "--out",
        str(out),
        "--force",
    )
    assert code == 0 and (out / "config.yaml").is_file()


def test_out_inside_the_source_is_refused(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "academic-v2-toml", site)
    before = tree(site)
    code, _, err = run("convert", str(site), "--to", "hugo-yaml", "--out", str(site / "converted"))
    assert code == 2 and "inside the source" in err
    code, _, err = run("convert", str(site), "--to", "hugo-yaml", "--out", str(tmp_path))
    assert code == 2 and "contains the source" in err
    assert tree(site) == before


def test_usage_errors_exit_2():
    assert run("convert", str(FIXTURES / "academic-v2-toml"), "--to", "nope", "--dry-run")[0] == 2
    assert (
        run("convert", str(FIXTURES / "academic-v2-toml"), "--to", "hugo-yaml")[0] == 2
    )  # no --out
    assert run("convert", "/no/such/site", "--to", "hugo-yaml", "--dry-run")[0] == 2


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "config.yaml").write_text("title: x\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: [broken\n---\n")
    code, _, err = run("convert", str(tmp_path), "--to", "hugo-toml", "--dry-run")
    assert code == 2 and "content/a.md:2" in err


def test_inspect_prints_the_neutral_model():
    code, out, _ = run(
        "inspect",
        str(FIXTURES / "academic-v2-toml/content/talk/register-allocation-on-a-budget.md"),
    )
    assert code == 0
    from ruamel.yaml import YAML

    model = YAML(typ="safe").load(out)
    assert model["kind"] == "event" and "publishDate" in model["fields"]
    assert {u["rule"] for u in model["upgrades"]} >= {"talk-times-v2"}


def test_the_installed_console_script_runs():
    exe = shutil.which("academic-migrate")
    if exe is None:
        pytest.skip("academic-migrate is not installed on PATH (pip install . first)")
    done = subprocess.run([exe, "formats"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "hugo-toml" in done.stdout


def test_module_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "converter.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "convert" in done.stdout


def readme_command(marker: str) -> str:
    from tests.conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker} -->", 1)[1].split("```", 2)[1]
    return block.split("\n", 1)[1].strip()


def test_readme_run_command_converts_the_bundled_example(tmp_path):
    from tests.conftest import REPO

    command = readme_command("run-command")
    assert command.startswith("pip install . && academic-migrate convert ")
    args = command.split("&& academic-migrate ", 1)[1].split()
    out_index = args.index("--out") + 1
    args[out_index] = str(tmp_path / args[out_index])
    args[1] = str(REPO / args[1])
    code, stdout, _ = run(*args)
    assert code == 0, stdout
    assert any((tmp_path / "site-yaml").rglob("*.md"))


def test_readme_test_command_is_what_ci_runs():
    from tests.conftest import REPO

    assert "pytest" in readme_command("test-command")
    assert "test-command" in (REPO / ".ci/run").read_text()
