"""The command line contract of DESIGN.md: commands, exit codes, reports, and safety."""

from __future__ import annotations

import json
import os
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


# --- the everyday experience (issue 8) ------------------------------------------------------


@pytest.mark.parametrize("command", ["convert", "roundtrip", "inspect", "formats"])
def test_every_command_has_examples_in_its_help(command):
    code, out, _ = run(command, "--help")
    assert code == 0 and "Examples:" in out
    example = out.split("Examples:", 1)[1]
    assert f"academic-migrate {command}" in example


def test_main_help_says_how_to_start_and_how_to_complete():
    code, out, _ = run("--help")
    assert code == 0
    assert "_ACADEMIC_MIGRATE_COMPLETE=bash_source academic-migrate" in out
    assert "--dry-run" in out


def completion(env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, [], prog_name="academic-migrate", env=env)
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _academic_migrate_completion academic-migrate"),
        ("zsh", "compdef _academic_migrate_completion academic-migrate"),
        ("fish", "complete --no-files --command academic-migrate"),
    ],
)
def test_shell_completion_script_is_produced(shell, marker):
    code, out = completion({"_ACADEMIC_MIGRATE_COMPLETE": f"{shell}_source"})
    assert code == 0 and marker in out
    assert f"_ACADEMIC_MIGRATE_COMPLETE={shell}_complete" in out


def test_completion_offers_commands_and_target_names():
    from converter.registry import writers

    env = {"_ACADEMIC_MIGRATE_COMPLETE": "bash_complete", "COMP_WORDS": "academic-migrate co"}
    code, out = completion({**env, "COMP_CWORD": "1"})
    assert code == 0 and out.split() == ["plain,convert"]
    words = "academic-migrate convert site --to hu"
    code, out = completion({**env, "COMP_WORDS": words, "COMP_CWORD": "4"})
    assert sorted(out.split()) == sorted(f"plain,{w}" for w in writers() if w.startswith("hu"))
    assert len(out.split()) == 2


def test_installed_script_prints_its_completion():
    exe = shutil.which("academic-migrate")
    if exe is None:
        pytest.skip("academic-migrate is not installed on PATH (pip install . first)")
    env = {**os.environ, "_ACADEMIC_MIGRATE_COMPLETE": "bash_source"}
    done = subprocess.run([exe], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0 and "_academic_migrate_completion" in done.stdout


def test_a_run_imports_only_its_target_writer():
    """`get_writer` of a built-in imports that writer alone and asks no plugin; the list of
    every writer (`formats`, completion) still has all of them, the same objects."""
    code = (
        "import sys\n"
        "from converter.registry import get_writer, writers\n"
        "w = get_writer('jekyll')\n"
        "others = [m for m in sys.modules if m.startswith('converter.writers.') and\n"
        "          m.split('.')[2] in ('quarto', 'mkdocs', 'hugo')]\n"
        "print(sorted(others))\n"
        "print(writers()['jekyll'] is w, sorted(writers()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = done.stdout.splitlines()
    assert first == "[]", first
    assert second == "True ['hugo-toml', 'hugo-yaml', 'jekyll', 'mkdocs', 'quarto']"


def test_formats_explains_each_reader_and_writer_and_the_default():
    from converter.registry import readers, writers

    code, out, _ = run("formats")
    assert code == 0
    lines = out.splitlines()
    hugo = next(line for line in lines if line.split()[:1] == ["hugo"])
    assert "[default for Hugo sites]" in hugo and "detected" in out
    start = next(i for i, line in enumerate(lines) if line.startswith("Writers"))
    for name, writer in writers().items():
        at = next(i for i, line in enumerate(lines) if i > start and line.split()[:1] == [name])
        assert f"read back by `{writer.reader}`" in lines[at + 1]
    for name in readers():
        assert any(line.split()[:1] == [name] for line in lines)


def test_inspect_explains_its_output_and_can_leave_that_out():
    from ruamel.yaml import YAML

    page = str(FIXTURES / "academic-v2-toml/content/talk/register-allocation-on-a-budget.md")
    code, out, _ = run("inspect", page)
    assert code == 0
    legend = [line for line in out.splitlines() if line.startswith("#")]
    model = YAML(typ="safe").load(out)
    for key in model:  # every top-level part of the model is explained
        assert any(key in line for line in legend), key
    code, bare, _ = run("inspect", page, "--no-explain")
    assert code == 0 and not bare.startswith("#") and YAML(typ="safe").load(bare) == model


def test_jobs_and_progress_reach_the_api(monkeypatch):
    import converter.cli as cli

    seen: dict[str, object] = {}
    real = cli.convert

    def spy(*args: object, **kwargs: object) -> object:
        seen.update(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "convert", spy)
    site = str(FIXTURES / "academic-v2-toml")
    assert run("convert", site, "--to", "hugo-yaml", "--dry-run", "--jobs", "2")[0] == 0
    assert seen["jobs"] == 2 and seen["progress"] is None  # stderr is no terminal here
    assert run("convert", site, "--to", "hugo-yaml", "--dry-run")[0] == 0
    assert seen["jobs"] is None  # one per core
    assert run("convert", site, "--to", "hugo-yaml", "--dry-run", "--jobs", "0")[0] == 2


def test_progress_bars_on_a_terminal_follow_the_stages(monkeypatch):
    import io

    from rich.console import Console

    import converter.cli as cli
    from converter.progress import ProgressBars

    shown: list[ProgressBars] = []
    screen = io.StringIO()

    def bars(quiet: bool) -> ProgressBars | None:
        if quiet:
            return None
        console = Console(file=screen, force_terminal=True, width=100)
        shown.append(ProgressBars(console, threshold=0))
        return shown[-1]

    monkeypatch.setattr(cli, "progress_bars", bars)
    out = FIXTURES / "academic-v5-yaml"
    assert run("convert", str(out), "--to", "jekyll", "--dry-run", "-q")[0] == 0
    assert shown == []
    assert run("convert", str(out), "--to", "jekyll", "--dry-run")[0] == 0
    assert shown[0].stages[:2] == ["read", "plan"] and "reading pages" in screen.getvalue()


def test_progress_is_only_for_a_terminal_and_long_runs():
    import io

    from rich.console import Console

    from converter.progress import THRESHOLD, ProgressBars, progress_bars

    tty = Console(file=io.StringIO(), force_terminal=True)
    assert progress_bars(False, Console(file=io.StringIO())) is None  # a pipe or a file
    assert progress_bars(True, tty) is None  # --quiet
    bars = progress_bars(False, tty)
    assert isinstance(bars, ProgressBars)
    with bars:
        bars("read", 0, THRESHOLD)
        bars("read", THRESHOLD, THRESHOLD)
    assert bars.stages == []  # a few dozen pages: no bar
    screen = io.StringIO()
    with ProgressBars(Console(file=screen, force_terminal=True)) as long_run:
        long_run("read", 10, THRESHOLD + 1)
        long_run("write", 5, 200)
    assert long_run.stages == ["read", "write"] and "writing files" in screen.getvalue()


def test_quiet_prints_nothing_but_errors_and_verbose_a_line_per_page(tmp_path):
    site = FIXTURES / "academic-v2-toml"
    code, out, _ = run(
        "convert", str(site), "--to", "hugo-yaml", "--out", str(tmp_path / "a"), "-q"
    )
    assert code == 0 and out == ""
    code, out, _ = run(
        "convert", str(site), "--to", "hugo-yaml", "--out", str(tmp_path / "b"), "-v"
    )
    pages = read_pages(site)
    assert code == 0
    for path in pages:
        assert any(line.split()[2:3] == [path] for line in out.splitlines()), path


def read_pages(site: Path) -> list[str]:
    from converter import read_site

    return [p.source.path for p in read_site(site).pages if p.source]


def test_roundtrip_takes_jobs_and_quiet():
    site = str(FIXTURES / "academic-v2-toml")
    code, out, _ = run("roundtrip", site, "--via", "hugo-toml", "--jobs", "1", "-q")
    assert code == 0 and out == ""
    code, out, _ = run("roundtrip", site, "--via", "hugo-toml")
    assert code == 0 and "every page equal" in out


def _site_with_warnings(root: Path, pages: int) -> Path:
    """A site whose every post has one unknown shortcode on its file's line 5."""
    (root / "content" / "post").mkdir(parents=True)
    (root / "config.yaml").write_text("title: T\n", encoding="utf-8")
    for i in range(pages):
        (root / "content" / "post" / f"p{i}.md").write_text(
            f"---\ntitle: P{i}\n---\n\n{{{{< mystery id={i} >}}}}\n", encoding="utf-8"
        )
    return root


def test_a_real_run_prints_each_warning_by_file_and_line_capped_per_kind(tmp_path):
    src = _site_with_warnings(tmp_path / "src", 5)
    code, out, _ = run("convert", str(src), "--to", "jekyll", "--out", str(tmp_path / "o"))
    assert code == 0
    located = [ln for ln in out.splitlines() if ":5: warning: unknown shortcode" in ln]
    assert len(located) == 3, out  # the first three of the kind, by file and line
    assert located[0].startswith("content/post/p0.md:5: warning: unknown shortcode 'mystery'")
    assert "warning: 2 more like 'unknown shortcode … kept as text'" in out

    code, out, _ = run("convert", str(src), "--to", "jekyll", "--out", str(tmp_path / "v"), "-v")
    assert len([ln for ln in out.splitlines() if ":5: warning: unknown" in ln]) == 5
    assert "more like" not in out

    code, out, _ = run("convert", str(src), "--to", "jekyll", "--out", str(tmp_path / "q"), "-q")
    assert code == 0 and "warning" not in out
