"""Load the mapping tables shipped in `mappings/` (installed as `converter.mappings`)."""

from __future__ import annotations

import contextlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from converter.errors import ConversionError


def _shipped(name: str, want_dir: bool) -> Path | None:
    """`name` in mappings/: the source tree's when this package is run from a checkout (its
    `pyproject.toml` beside it), so a checkout on PYTHONPATH never reads the tables of
    another copy installed in editable mode; else as installed, `converter.mappings`."""
    checkout = Path(__file__).resolve().parent.parent
    roots = [checkout / "mappings"] if (checkout / "pyproject.toml").is_file() else []
    with contextlib.suppress(ModuleNotFoundError):
        roots.append(Path(str(resources.files("converter.mappings"))))
    for root in roots:
        candidate = root / name
        if candidate.is_dir() if want_dir else candidate.is_file():
            return candidate
    return None


def data_file(filename: str) -> Path:
    """A file shipped in mappings/ (a table, the table schema)."""
    found = _shipped(filename, want_dir=False)
    if found is None:
        raise ConversionError(f"no file {filename!r} among the shipped mapping tables")
    return found


def data_dir(name: str) -> Path:
    """A folder shipped in mappings/ (a target's site skeleton)."""
    found = _shipped(name, want_dir=True)
    if found is None:
        raise ConversionError(f"no folder {name!r} among the shipped mapping tables")
    return found


def table_path(name: str) -> Path:
    try:
        return data_file(f"{name}.yaml")
    except ConversionError:
        raise ConversionError(f"no mapping table named {name!r}") from None


@cache
def load_table(name: str) -> dict[str, Any]:
    path = table_path(name)
    try:
        data = _load_shipped(path.read_text(encoding="utf-8"))
    except Exception as e:  # a broken table must name its file
        raise ConversionError(f"cannot read mapping table: {e}", path) from None
    if not isinstance(data, dict):
        raise ConversionError("a mapping table must be a YAML mapping", path)
    return data


def _load_shipped(text: str) -> Any:
    """A shipped table's data: by libyaml (PyYAML's C loader) where it is installed, a
    tenth of the time of ruamel's pure-Python safe loader (40 ms for the Quarto table, at
    the start of every run). The two read YAML 1.1 and 1.2, which differ on a few plain
    words (`on`, `yes`, `0777`): the tables use none, and a test holds every shipped table
    to ruamel's reading. A user's table (`--mapping`) is read by ruamel, as always."""
    try:
        import yaml as pyyaml  # type: ignore[import-untyped]

        loader = pyyaml.CSafeLoader
    except (ImportError, AttributeError):
        return YAML(typ="safe").load(text)
    return pyyaml.load(text, Loader=loader)


def available_tables() -> list[str]:
    base = table_path("hugo").parent
    return sorted(p.stem for p in base.glob("*.yaml"))
