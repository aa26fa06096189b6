"""`convert --into CHECKOUT`: the migrated site merged into an existing site of the target.

A user who already has an academicpages, MkDocs or Quarto site (a template they forked) wants
the Academic site's pages in it, and the checkout's sidebar, title and menu saying who they
are, not the template's placeholder person. The pages go in as with `--content-only`; of the
site files the converter would write for a new site (`_config.yml`, `_data/navigation.yml`,
`mkdocs.yml`, `_quarto.yml`), the values named in `mappings/sites/into/merge.yaml` are merged
into the checkout's own files, line by line (converter/yamlpatch.py: comments, alignment and
every other key kept), so that `--dry-run` shows a diff a person can review.

Nothing of the checkout is deleted. A file of the checkout that the migration writes with
other content (academicpages' placeholder `_pages/about.md`, the home page) is replaced and
named in a warning; a file already as the migration has it is not written at all, so a second
run changes nothing.
"""

from __future__ import annotations

import dataclasses
import filecmp
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from converter import deploy
from converter.errors import UsageError
from converter.model import Site
from converter.parallel import Progress
from converter.plan import FileAction, Plan
from converter.tables import data_file
from converter.yamlpatch import Document, bare, load, plain

SPEC = "sites/into/merge.yaml"


def targets() -> list[str]:
    """The targets `--into` merges into."""
    return sorted(_spec())


def _spec() -> dict[str, Any]:
    data = YAML(typ="safe").load(data_file(SPEC).read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def check(target: str, checkout: Path) -> dict[str, Any]:
    """The merge rules for `target`, once `checkout` is known to be a site of it."""
    spec = _spec().get(target)
    if spec is None:
        raise UsageError(
            f"--into merges into a site of {', '.join(targets())}; {target!r} is not one "
            "(use --out)"
        )
    if not checkout.is_dir():
        raise UsageError(f"--into {checkout}: no such folder")
    if not (checkout / spec["site"]).is_file():
        raise UsageError(
            f"--into {checkout}: not a {target} site (it has no {spec['site']}); "
            "use --out for a new site"
        )
    return dict(spec)


# how a conversion is planned (converter.api.plan_conversion, handed in by the API, which
# imports this module): the site, the target, and the options as keywords
Planner = Callable[..., Plan]


def plan(
    site: Site,
    to: str,
    checkout: Path,
    plan_conversion: Planner,
    *,
    keep: bool | str = True,
    upgrade: bool = False,
    mappings: list[Path] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Plan:
    """The files to write into `checkout`: the pages, and the checkout's own config files
    with the migrated site's title, author and navigation merged in."""
    spec = check(to, checkout)
    options: dict[str, Any] = {"keep": keep, "upgrade": upgrade, "mappings": mappings, "jobs": jobs}
    content = plan_conversion(
        site, to, content_only=True, deploy="none", progress=progress, **options
    )
    files: dict[str, list[dict[str, Any]]] = spec.get("files") or {}
    ours = {name: _planned(content, name) for name in files}
    if ours.get(spec["site"]) is None:  # the content-only plan has no config to draw on
        spare = dataclasses.replace(site, problems=[])
        full = plan_conversion(spare, to, content_only=False, deploy="none", **options)
        ours = {name: _planned(full, name) for name in files}
    manifest = spec.get("requirements")
    own = set(files) | ({manifest} if manifest else set())
    content.actions = [a for a in content.actions if a.dest not in own]
    _move_docs(content, checkout, spec)
    if spec.get("avatar"):
        _avatar(site, content, ours.get(spec["site"]), spec["avatar"])
    for name, rules in files.items():
        _merge(content, checkout, name, rules, ours[name])
    if manifest:
        _requirements(content, checkout, manifest, spec["site"])
    if spec.get("theme"):
        _theme_warning(content, checkout, spec["site"], spec["theme"])
    _skip_unchanged(content, checkout, own)
    content.base = checkout
    return content


def _planned(plan: Plan, dest: str) -> Any:
    action = next((a for a in plan.actions if a.dest == dest), None)
    content = action.content if action else None
    return load(content.decode("utf-8")) if content is not None else None


def _get(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _merge(plan: Plan, checkout: Path, name: str, rules: list[dict[str, Any]], ours: Any) -> None:
    """The checkout's `name` with `rules` applied, as a file action when it changes."""
    if ours is None:
        return
    path = checkout / name
    before = path.read_text("utf-8") if path.is_file() else ""
    try:
        doc = Document(before)
    except Exception as e:  # a file we cannot read is left alone, said
        plan.warnings.append(f"{name} of the checkout cannot be read as YAML ({e}); left as is")
        return
    for rule in rules:
        try:
            _rule(doc, rule, ours, plan)
        except ValueError as e:  # the checkout has another shape there: its own, kept
            plan.warnings.append(f"{name}: {e}; left as it is")
    after = doc.text()
    if after != before:
        plan.actions.append(FileAction(name, after.encode("utf-8")))


def _rule(doc: Document, rule: dict[str, Any], ours: Any, plan: Plan) -> None:
    op = next(k for k in ("set", "merge", "add", "append") if k in rule)
    where = tuple(str(rule[op]).split("."))
    value = bare(_get(ours, str(rule.get("from") or rule[op])))
    if value is None:
        return
    if op == "set":
        doc.set(where, value)
    elif op == "merge" and isinstance(value, dict):
        theirs = doc.get(where)
        person = rule.get("person")
        other = (
            isinstance(theirs, dict)
            and person is not None
            and theirs.get(person) not in (None, "", value.get(person))
        )
        for key, item in value.items():
            doc.set((*where, str(key)), _rewrite(rule, str(key), item))
        if other and isinstance(theirs, dict):
            for key in rule.get("owned") or []:
                if key not in value and theirs.get(key) not in (None, ""):
                    doc.set((*where, key), None)
    elif op == "add" and isinstance(value, dict):
        theirs = doc.get(where)
        used = rule.get("used")
        for key, item in value.items():
            if isinstance(theirs, dict) and key in theirs:
                continue
            folder = str(used).format(key=key) if used else None
            if folder is None or any(a.dest.startswith(folder) for a in plan.actions):
                doc.set((*where, str(key)), item)
    elif op == "append" and isinstance(value, list):
        theirs = doc.get(where)
        if theirs is None and rule.get("only_if_present"):
            return
        match = list(rule.get("match") or [])
        seen: set[str] = set()
        for item in theirs if isinstance(theirs, list) else []:
            seen |= _identities(item, match)
        new = []
        for item in value:
            ids = _identities(item, match)
            if not ids & seen:
                new.append(item)
                seen |= ids
        doc.append(where, new)


def _rewrite(rule: dict[str, Any], key: str, value: Any) -> Any:
    how = (rule.get("rewrite") or {}).get(key) or {}
    prefix = how.get("drop_prefix")
    if prefix and isinstance(value, str) and value.startswith(prefix):
        return value[len(prefix) :]
    return value


def _identities(item: Any, match: list[str]) -> set[str]:
    """What an item of a list is known by: two items with one in common are the same entry."""
    found: set[str] = set()
    if isinstance(item, dict):
        for field in match:
            if field == "entry" and len(item) == 1:
                key, value = next(iter(item.items()))
                found.add(str(key))
                if isinstance(value, str):
                    found.add(value)
            elif field in item and isinstance(item[field], (str, int, float)):
                found.add(str(item[field]))
        if not found:
            found.add(repr(plain(item)))
    else:
        found.add(str(item))
    return {f.strip().casefold() for f in found if str(f).strip()}


def _move_docs(plan: Plan, checkout: Path, spec: dict[str, Any]) -> None:
    """MkDocs: the pages go to the checkout's `docs_dir` when it has another."""
    ours = spec.get("docs_dir")
    if not ours:
        return
    config = load((checkout / spec["site"]).read_text("utf-8"))
    theirs = str(config.get("docs_dir") or ours).strip("/")
    if theirs == ours:
        return

    def moved(dest: str) -> str:
        return theirs + dest[len(ours) :] if dest.startswith(ours + "/") else dest

    for action in plan.actions:
        action.dest = moved(action.dest)
    for report in plan.pages:
        report.outputs = [moved(o) for o in report.outputs]


def _avatar(site: Site, plan: Plan, config: Any, how: dict[str, str]) -> None:
    """academicpages: the main profile's picture in the sidebar. The Jekyll writer copies a
    picture that is a page's file; a branch bundle's (`authors/admin/_index.md` beside
    `avatar.jpg`) is a site file, copied here (`how["dest"]`) and named at `how["key"]`."""
    from converter.writers.mkdocs_site import avatars

    *path, key = how["key"].split(".")
    holder = _get(config, ".".join(path))
    if not isinstance(holder, dict) or holder.get(key) or not site.authors:
        return
    main = "admin" if "admin" in site.authors else next(iter(site.authors))
    found = avatars(site).get(main)
    if found is None:
        return
    rel = found[0]
    dest = how["dest"].format(slug=main, ext=posixpath.splitext(rel)[1].lower())
    plan.actions.append(FileAction(dest, None, site.file_path(rel), origin=rel))
    holder[key] = "/" + dest


def _requirements(plan: Plan, checkout: Path, name: str, config_name: str) -> None:
    """MkDocs: the packages the merged `mkdocs.yml` needs, added to the checkout's list."""
    merged = next((a for a in plan.actions if a.dest == config_name), None)
    source = merged.content if merged is not None else None
    text = source.decode("utf-8") if source else (checkout / config_name).read_text("utf-8")
    wanted, unknown = deploy.requirements(load(text))
    plan.warnings += [
        f"mkdocs.yml names the plugin {p!r}: add the package that provides it to {name}"
        for p in unknown
    ]
    path = checkout / name
    before = path.read_text("utf-8") if path.is_file() else ""
    have = {_package(line) for line in before.splitlines()} - {""}
    missing = [
        line for line in wanted.splitlines() if _package(line) and _package(line) not in have
    ]
    if not missing:
        return
    if before:
        after = before + ("" if before.endswith("\n") else "\n") + "\n".join(missing) + "\n"
    else:
        after = wanted
    plan.actions.append(FileAction(name, after.encode("utf-8")))


def _package(line: str) -> str:
    """The distribution a requirements line names ("" for a comment or an option)."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("-"):
        return ""
    return re.split(r"[\s\[<>=!~;@]", line, maxsplit=1)[0].lower().replace("_", "-")


def _theme_warning(plan: Plan, checkout: Path, config_name: str, wanted: str) -> None:
    """The pages need a theme (MkDocs: Material's blog and tags) the checkout may not use."""
    config = load((checkout / config_name).read_text("utf-8"))
    theme = config.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    if name != wanted:
        plan.warnings.append(
            f"the checkout's {config_name} uses the theme {name or 'its default'!r}: the "
            f"migrated pages need {wanted!r} (its plugins, its Markdown); set "
            f"`theme: {{name: {wanted}}}`"
        )


def _skip_unchanged(plan: Plan, checkout: Path, configs: set[str]) -> None:
    """Leave out the files the checkout already has as they would be written, and name the
    ones whose other content is replaced."""
    kept: list[FileAction] = []
    same = 0
    for action in plan.actions:
        target = checkout / action.dest
        if target.is_file():
            if action.copies and action.source is not None:
                equal = filecmp.cmp(action.source, target, shallow=False)
            else:
                equal = target.read_bytes() == action.content
            if equal:
                same += 1
                continue
            if action.dest not in configs:
                plan.warnings.append(
                    f"{action.dest}: the checkout's file is replaced by the migrated one "
                    "(review it with --dry-run; version control keeps the old one)"
                )
        kept.append(action)
    plan.actions = kept
    if same:
        plan.notes.append(
            f"{same} file(s) of the checkout are already as the migrated site has them: "
            "left untouched"
        )
