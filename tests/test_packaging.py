"""What a user installs: every subpackage and data file is in the distribution."""

from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from tests.conftest import REPO


def test_every_subpackage_is_listed_for_the_wheel():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "converter").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "converter.mappings" in listed


def test_shipped_data_files_are_declared():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["converter.mappings"]
    shipped = {p.suffix for p in (REPO / "mappings").iterdir() if p.suffix in (".yaml", ".json")}
    assert {f"*{s}" for s in shipped} <= set(patterns)


# What each import order must give, in a fresh interpreter: the package's names load lazily
# (converter.entry), and `roundtrip` is also the name of a submodule.
_IMPORT_ORDERS = [
    "import converter",
    "import converter.reports.json",  # imports the submodule converter.roundtrip first
    "import converter.roundtrip",
    "from converter.roundtrip import TripResult",
    "import converter.cli",
]
_CHECK = """
{first}
import types
import converter
from converter import ConversionError, Page, Result, Site, convert, read_site, roundtrip
assert isinstance(roundtrip, types.FunctionType), roundtrip
assert converter.roundtrip is roundtrip and roundtrip.__name__ == "roundtrip"
assert isinstance(convert, types.FunctionType) and isinstance(read_site, types.FunctionType)
assert all(isinstance(c, type) for c in (ConversionError, Page, Result, Site))
assert set(converter.__all__) <= set(dir(converter))
from converter import fieldmap, frontmatter
assert isinstance(fieldmap, types.ModuleType) and isinstance(frontmatter, types.ModuleType)
print("ok")
"""


def test_public_names_whatever_was_imported_first():
    import subprocess
    import sys

    for first in _IMPORT_ORDERS:
        run = subprocess.run(
            [sys.executable, "-c", _CHECK.format(first=first)],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert run.stdout.strip() == "ok", (first, run.stderr)


def test_importing_the_package_loads_nothing_heavy():
    """The command's Ctrl-C handling starts in converter.entry, after the package loads."""
    import subprocess
    import sys

    heavy = ("converter.", "click", "rich", "ruamel")
    code = (
        "import sys, converter.entry; "
        f"print(sorted(m for m in sys.modules if m.startswith({heavy})))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert run.stdout.strip() == "['converter.entry']", run.stderr
