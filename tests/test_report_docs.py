"""The migration guides say what the mapping tables do: every rename a table makes is named in
its target's guide, and every guide shows how to review with the report."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

GUIDES = {
    "jekyll": "migrate-to-jekyll.md",
    "quarto": "migrate-to-quarto.md",
    "mkdocs": "migrate-to-mkdocs.md",
    "hugo": "migrate-to-hugo.md",
}


def renames(table: dict) -> list[tuple[str, str]]:
    """(field, target key) for every rule that moves a field to another key."""
    sections = [table.get("fields") or {}]
    sections += [(k.get("fields") or {}) for k in (table.get("per_kind") or {}).values()]
    found = []
    for fields in sections:
        for name, rule in fields.items():
            to = rule if isinstance(rule, str) else (rule or {}).get("to")
            if to and to not in ("same", "keep", "drop") and to != name:
                found.append((name, to))
    return found


@pytest.mark.parametrize("target", sorted(GUIDES))
def test_guide_names_every_rename_of_its_table(target):
    guide = (REPO / "docs" / GUIDES[target]).read_text(encoding="utf-8")
    table = YAML(typ="safe").load((REPO / "mappings" / f"{target}.yaml").read_text())
    assert f"mappings/{target}.yaml" in guide
    for name, to in renames(table):
        assert f"`{name}`" in guide and f"`{to}`" in guide, f"{name} -> {to} not in {target} guide"


@pytest.mark.parametrize("target", sorted(GUIDES))
def test_guide_says_what_stays_aside_what_to_finish_and_how_to_review(target):
    guide = (REPO / "docs" / GUIDES[target]).read_text(encoding="utf-8")
    for heading in ("## What stays in `hugo_academic`", "## What to finish by hand", "## Review"):
        assert heading in guide
    assert "--dry-run" in guide and "roundtrip" in guide and "reviewing.md" in guide
    assert (REPO / "docs" / "reviewing.md").is_file()


def test_readme_usage_links_every_guide():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Usage", 1)[1].split("\n## ", 1)[0]
    for guide in [*GUIDES.values(), "reviewing.md"]:
        assert f"docs/{guide}" in usage
