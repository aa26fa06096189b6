"""A migrated site that says what it needs and how it is published.

The output must not depend on what happens to be installed beside the converter: it names
its own dependencies (Jekyll: a `Gemfile` with the plugins `_config.yml` loads; MkDocs: a
`requirements.txt` with the packages of every plugin `mkdocs.yml` names; Quarto needs nothing
but Quarto), and, with `--deploy`, the way the target's own documentation publishes it: a
GitHub Pages workflow (`.github/workflows/deploy.yml`) or a `netlify.toml`. By default the
deployment follows the Academic site's own (a workflow in `.github/workflows/` or a
`netlify.toml` in the source), else none. The workflow and Netlify files are shipped as data
(`mappings/sites/deploy/<target>/`), each saying which documentation it follows; what the
user must still switch on (the Pages source) is said in the report's notes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from converter.model import Site
from converter.plan import FileAction, Plan
from converter.tables import data_dir

DEPLOYS = ("auto", "github-pages", "netlify", "none")
WORKFLOW = ".github/workflows/deploy.yml"

# what the user must do once, by deployment and target (the workflows' own headers say it too)
SWITCH_ON = {
    ("github-pages", "jekyll"): "GitHub: Settings > Pages > Source: GitHub Actions",
    ("github-pages", "mkdocs"): (
        "GitHub: after the first run of the workflow, Settings > Pages > Source: Deploy from a "
        "branch, gh-pages"
    ),
    ("github-pages", "quarto"): (
        "run `quarto publish gh-pages` once (it makes the gh-pages branch), then GitHub: "
        "Settings > Pages > Source: Deploy from a branch, gh-pages"
    ),
    ("netlify", "jekyll"): "Netlify: add the repository as a site; netlify.toml has the rest",
    ("netlify", "mkdocs"): "Netlify: add the repository as a site; netlify.toml has the rest",
    ("netlify", "quarto"): (
        "Netlify: add the repository as a site; Quarto's build plugin (package.json) installs "
        "Quarto there"
    ),
}
# Material's plugins, MkDocs' own, and the packages of the others the writer may name
MKDOCS_PACKAGES = {
    "search": None,  # MkDocs itself
    "blog": "mkdocs-material",
    "tags": "mkdocs-material",
    "social": "mkdocs-material[imaging]",
    "offline": "mkdocs-material",
    "privacy": "mkdocs-material",
    "meta": "mkdocs-material",
    "info": "mkdocs-material",
    "group": "mkdocs-material",
    "optimize": "mkdocs-material[imaging]",
    "redirects": "mkdocs-redirects",
}


def detect(site: Site) -> str:
    """How the Academic site was published: `github-pages`, `netlify` or `none`."""
    return site.deployment or "none"


def detect_files(root: Path) -> str:
    """What a site's folder says of its publishing (for the reader): a GitHub workflow that
    runs Hugo, or a `netlify.toml`; "" for neither."""
    workflows = root / ".github" / "workflows"
    if workflows.is_dir():
        for f in sorted(workflows.iterdir()):
            if f.suffix in (".yml", ".yaml") and f.is_file():
                text = f.read_text("utf-8", errors="replace").lower()
                if "hugo" in text and ("pages" in text or "gh-pages" in text):
                    return "github-pages"
    if (root / "netlify.toml").is_file():
        return "netlify"
    return ""


def add(target: str, site: Site, plan: Plan, deploy: str = "auto") -> None:
    """Add the target's manifest and, if asked (or the source had one), its deployment to
    `plan`; what the user must switch on goes to `plan.notes`."""
    if target == "jekyll":
        config = _planned_yaml(plan, "_config.yml")
        if config is not None:
            plan.actions.append(FileAction("Gemfile", gemfile(config).encode("utf-8")))
    elif target == "mkdocs":
        config = _planned_yaml(plan, "mkdocs.yml")
        if config is not None:
            text, unknown = requirements(config)
            plan.actions.append(FileAction("requirements.txt", text.encode("utf-8")))
            plan.warnings += [
                f"mkdocs.yml names the plugin {name!r}: add the package that provides it to "
                "requirements.txt"
                for name in unknown
            ]
    if target not in ("jekyll", "mkdocs", "quarto"):
        return
    chosen = detect(site) if deploy == "auto" else deploy
    if chosen == "none":
        return
    if chosen not in DEPLOYS:
        raise ValueError(f"unknown deployment {deploy!r} (known: {', '.join(DEPLOYS)})")
    folder = data_dir("sites/deploy") / target
    if chosen == "github-pages":
        plan.actions.append(FileAction(WORKFLOW, (folder / "github-pages.yml").read_bytes()))
    else:
        plan.actions.append(FileAction("netlify.toml", (folder / "netlify.toml").read_bytes()))
        if (folder / "package.json").is_file():
            plan.actions.append(FileAction("package.json", (folder / "package.json").read_bytes()))
    why = "as the Academic site was" if deploy == "auto" else "as asked"
    plan.notes.append(f"published with {chosen}, {why}: {SWITCH_ON[(chosen, target)]}")


def gemfile(config: dict[str, Any]) -> str:
    """A Gemfile for a Jekyll site: Jekyll, its theme if it names one, each plugin it loads."""
    lines = [
        "# What this site needs to build: `bundle install`, then `bundle exec jekyll build`.",
        'source "https://rubygems.org"',
        "",
        'gem "jekyll", "~> 4.3"',
    ]
    theme = config.get("theme")
    if isinstance(theme, str) and theme.strip():
        lines.append(f'gem "{theme.strip()}"')
    plugins = [p for p in config.get("plugins") or [] if isinstance(p, str) and p.strip()]
    if plugins:
        lines += ["", "group :jekyll_plugins do"]
        lines += [f'  gem "{p.strip()}"' for p in plugins]
        lines.append("end")
    lines += ["", "# Ruby 3 no longer ships webrick, which `jekyll serve` needs", 'gem "webrick"']
    return "\n".join(lines) + "\n"


def requirements(config: dict[str, Any]) -> tuple[str, list[str]]:
    """requirements.txt for an MkDocs site, and the plugins whose package is not known."""
    wanted = ["mkdocs", "mkdocs-material", "mkdocs-redirects"]
    unknown = []
    for plugin in config.get("plugins") or []:
        name = next(iter(plugin)) if isinstance(plugin, dict) and plugin else plugin
        if not isinstance(name, str):
            continue
        name = name.split("/", 1)[-1]  # `material/blog` is Material's `blog`
        if name not in MKDOCS_PACKAGES:
            unknown.append(name)
            continue
        package = MKDOCS_PACKAGES[name]
        if package and package not in wanted:
            wanted.append(package)
    head = "# What this site needs: `pip install -r requirements.txt`, then `mkdocs build`."
    return head + "\n" + "\n".join(wanted) + "\n", unknown


class _Tagged(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader that reads a node of any tag (`!!python/name:...`, `!ENV`) as no
    value instead of failing: a manifest needs the config's plain keys (theme, plugins), and
    an MkDocs config of a large site is long (its nav names every page), so it is read at
    libyaml's speed, not by the round-trip loader."""


_Tagged.add_multi_constructor("", lambda loader, suffix, node: None)
_Tagged.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _planned_yaml(plan: Plan, dest: str) -> dict[str, Any] | None:
    """The YAML file `dest` the plan writes, read for its plain keys, or None when the plan
    has no such file."""
    action = next((a for a in plan.actions if a.dest == dest), None)
    content = action.content if action else None
    if content is None:
        return None
    data = yaml.load(content, Loader=_Tagged)
    return data if isinstance(data, dict) else {}
