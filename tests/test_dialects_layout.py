"""The dialect fixes live by the parser they are for: a target's module holds only fixes that
target's table lists (and no other target's does), `common` only fixes two or more targets
list, and every fix a table names is in `DIALECT_FIXES`. A fix put in the wrong room, or one
a second target starts to need, fails here and says where it belongs."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

import converter.body.dialects as package
from converter.body.dialects import (
    DIALECT_FIXES,
    common,
    kramdown,
    pandoc,
    python_markdown,
    structure,
    tex,
)
from converter.tables import load_table

# the parser each target hands its Markdown to, and the module of that parser's fixes
PARSER_OF = {"jekyll": kramdown, "quarto": pandoc, "mkdocs": python_markdown}
TARGETS_WITHOUT_FIXES = ("hugo",)  # Goldmark reads what Goldmark wrote


def _listed() -> dict[str, set[str]]:
    """Target -> the fixes its table lists (`body.dialect`)."""
    out = {}
    for target in (*PARSER_OF, *TARGETS_WITHOUT_FIXES):
        body = load_table(target).get("body") or {}
        out[target] = set(body.get("dialect") or [])
    return out


def _home(name: str) -> ModuleType:
    module = DIALECT_FIXES[name].__module__  # `unless` keeps the fix's own (functools.wraps)
    return {m.__name__: m for m in (common, kramdown, pandoc, python_markdown, tex)}[module]


def test_tables_name_only_known_fixes() -> None:
    listed = _listed()
    for target in TARGETS_WITHOUT_FIXES:
        assert not listed[target], target
    for target, names in listed.items():
        assert names <= set(DIALECT_FIXES), (target, names - set(DIALECT_FIXES))


@pytest.mark.parametrize("name", sorted(DIALECT_FIXES))
def test_each_fix_lives_with_the_targets_that_list_it(name: str) -> None:
    users = {target for target, names in _listed().items() if name in names}
    assert users, f"{name}: no table lists it"
    home = _home(name)
    if len(users) == 1:
        (target,) = users
        wanted = PARSER_OF[target]
        assert home is wanted, f"{name} is only {target}'s: it belongs in {wanted.__name__}"
    else:
        assert home is common, f"{name} is listed by {sorted(users)}: it belongs in common"


def test_a_moved_fix_is_caught() -> None:
    """The check above can fail: a kramdown-only fix found in pandoc's module is refused."""
    fix = DIALECT_FIXES["pipes_outside_tables"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fix, "__module__", pandoc.__name__)
        wanted = re.escape("belongs in converter.body.dialects.kramdown")
        with pytest.raises(AssertionError, match=wanted):
            test_each_fix_lives_with_the_targets_that_list_it("pipes_outside_tables")


def test_every_module_of_the_package_is_small() -> None:
    for module in (package, structure, tex, common, kramdown, pandoc, python_markdown):
        assert module.__file__
        lines = Path(module.__file__).read_text("utf-8").count("\n")
        assert lines < 600, (module.__name__, lines)


def test_callers_imports_resolve() -> None:
    """What render.py, fidelity.py and the tests import from `converter.body.dialects`."""
    for name in ("DIALECT_FIXES", "ends_in_html_block", "goldmark_math", "indented_code_lines"):
        assert hasattr(package, name), name
    for name in DIALECT_FIXES:
        assert getattr(package, name) is DIALECT_FIXES[name], name
    assert set(package.__all__) >= set(DIALECT_FIXES)
