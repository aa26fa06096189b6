"""A migrated site says what it needs and how it is published (converter/deploy.py): its own
manifest, and the deployment the Academic site had or the user asks for."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from converter import convert
from converter.deploy import WORKFLOW
from tests.conftest import FIXTURE_SITES, FIXTURES


def _site(tmp_path: Path, publishing: str | None) -> Path:
    site = tmp_path / "src"
    shutil.copytree(FIXTURES / "academic-v5-yaml", site)
    if publishing == "github-pages":
        (site / ".github" / "workflows").mkdir(parents=True)
        (site / ".github" / "workflows" / "deploy.yml").write_text(
            "name: Deploy Hugo site to GitHub Pages\non: push\njobs:\n  build:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: peaceiris/actions-hugo@v2\n"
            "      - uses: actions/deploy-pages@v4\n",
            encoding="utf-8",
        )
    elif publishing == "netlify":
        (site / "netlify.toml").write_text('[build]\ncommand = "hugo --gc"\n', encoding="utf-8")
    return site


def _written(result_out: Path) -> set[str]:
    return {p.relative_to(result_out).as_posix() for p in result_out.rglob("*") if p.is_file()}


def _workflow_schema() -> dict[str, object]:
    """GitHub's workflow schema as check-jsonschema ships it (the schemastore copy)."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    data: dict[str, object] = json.loads(vendor.joinpath("github-workflows.json").read_text())
    return data


@pytest.mark.parametrize("target", ["jekyll", "mkdocs", "quarto"])
def test_the_deployment_follows_the_academic_sites_own(target: str, tmp_path: Path) -> None:
    for publishing, expected in (
        ("github-pages", WORKFLOW),
        ("netlify", "netlify.toml"),
        (None, None),
    ):
        out = tmp_path / f"out-{publishing}"
        result = convert(_site(tmp_path / str(publishing), publishing), target, out)
        assert result.exit_code == 0
        written = _written(out)
        deploy_files = {f for f in written if f in (WORKFLOW, "netlify.toml")}
        assert deploy_files == ({expected} if expected else set()), (publishing, deploy_files)
        if expected:
            assert any("published with" in n for n in result.plan.notes)
        else:  # no word of publishing (the keep records' note is another matter)
            assert not [n for n in result.plan.notes if "published with" in n], result.plan.notes


@pytest.mark.parametrize("target", ["jekyll", "mkdocs", "quarto"])
def test_the_workflow_is_a_valid_github_workflow(target: str, tmp_path: Path) -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema ships GitHub's schema")
    out = tmp_path / "out"
    result = convert(FIXTURES / "academic-v2-toml", target, out, deploy="github-pages")
    assert result.exit_code == 0
    workflow = YAML(typ="safe").load((out / WORKFLOW).read_text("utf-8"))
    jsonschema.validate(workflow, _workflow_schema())
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert all("uses" in s or "run" in s for s in steps)
    assert any("Settings > Pages" in n for n in result.plan.notes)  # what to switch on


def test_the_schema_rejects_a_broken_workflow() -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema ships GitHub's schema")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"on": "push", "jobs": {"b": {"steps": [{"uses": 3}]}}}, _workflow_schema()
        )


def test_the_jekyll_gemfile_names_jekyll_and_every_plugin_its_config_loads(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert convert(FIXTURES / "academic-v5-yaml", "jekyll", out).exit_code == 0
    config = YAML(typ="safe").load((out / "_config.yml").read_text("utf-8"))
    gemfile = (out / "Gemfile").read_text("utf-8")
    assert 'gem "jekyll"' in gemfile
    for plugin in config.get("plugins") or []:
        assert f'gem "{plugin}"' in gemfile
    if shutil.which("ruby"):
        done = subprocess.run(["ruby", "-c", str(out / "Gemfile")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr  # Ruby reads it (bundler would resolve online)


def test_the_mkdocs_requirements_name_a_package_for_every_plugin(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert convert(FIXTURES / "academic-v5-yaml", "mkdocs", out).exit_code == 0
    requirements = (out / "requirements.txt").read_text("utf-8").split()
    assert {"mkdocs", "mkdocs-material"} <= set(requirements)
    text = (out / "mkdocs.yml").read_text("utf-8")
    if "redirects" in text:
        assert "mkdocs-redirects" in requirements


@pytest.mark.engine
@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_the_mkdocs_site_builds_from_its_own_requirements(name: str, tmp_path: Path) -> None:
    """In a fresh virtual environment with nothing but what requirements.txt names (from the
    package index), `mkdocs build --strict` builds the converted site of every fixture, its
    old Hugo addresses redirected by the plugin the manifest installed."""
    out = tmp_path / "out"
    assert convert(FIXTURES / name, "mkdocs", out).exit_code == 0
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    done = subprocess.run([*pip, "-r", str(out / "requirements.txt")], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"the package index is not reachable: {done.stderr.decode()[-300:]}")
    build = subprocess.run(
        [str(venv / "bin" / "mkdocs"), "build", "--strict"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    config = YAML(typ="rt").load((out / "mkdocs.yml").read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            old = next(iter(plugin["redirects"]["redirect_maps"]))
            page = out / "site" / (old.removesuffix(".md") + ".html")  # the plugin's page
            assert page.is_file() and "refresh" in page.read_text("utf-8"), old


def test_hugo_targets_get_no_deployment_of_ours(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = convert(_site(tmp_path, "netlify"), "hugo-yaml", out)
    assert result.exit_code == 0
    assert "netlify.toml" in _written(out)  # the site's own, copied as it was
    assert (out / "netlify.toml").read_text("utf-8") == '[build]\ncommand = "hugo --gc"\n'
    assert result.plan.notes == []


@pytest.mark.parametrize("target", ["jekyll", "mkdocs"])
def test_the_manifest_reads_the_config_as_the_round_trip_loader_does(target: str) -> None:
    """The planned config is read by libyaml for its plain keys (an MkDocs config names every
    page); the manifest is the one ruamel's round-trip reading gives, tags and all."""
    import io

    from converter import deploy
    from converter.api import plan_conversion, read_site
    from converter.plan import FileAction, Plan

    name = {"jekyll": "_config.yml", "mkdocs": "mkdocs.yml"}[target]
    # tags an MkDocs config may hold (its own has `!!python/name:`), on keys of their own
    extra = b"\nx_env: !ENV [GOOGLE_ANALYTICS_KEY, '']\nx_name: !!python/name:os.path\n"
    for site in FIXTURE_SITES:
        plan = plan_conversion(read_site(FIXTURES / site), target)
        content = next(a.content for a in plan.actions if a.dest == name)
        assert content is not None
        for text in (content, content + extra):
            one = Plan(target, FIXTURES, actions=[FileAction(name, text)])
            fast = deploy._planned_yaml(one, name)
            slow = YAML(typ="rt").load(io.BytesIO(text))
            make = deploy.gemfile if target == "jekyll" else deploy.requirements
            assert fast is not None and make(fast) == make(slow), (site, name)
            for key in ("theme", "plugins"):  # what the manifests are made of
                assert fast.get(key) == slow.get(key), (site, name, key)
