"""Load the mapping tables shipped in `mappings/` (installed as `converter.mappings`)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from converter.errors import ConversionError


def table_path(name: str) -> Path:
    try:
        base = resources.files("converter.mappings")
        candidate = Path(str(base)) / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    fallback = Path(__file__).resolve().parent.parent / "mappings" / f"{name}.yaml"
    if fallback.is_file():
        return fallback
    raise ConversionError(f"no mapping table named {name!r}")


@cache
def load_table(name: str) -> dict[str, Any]:
    path = table_path(name)
    yaml = YAML(typ="safe")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except Exception as e:  # a broken table must name its file
        raise ConversionError(f"cannot read mapping table: {e}", path) from None
    if not isinstance(data, dict):
        raise ConversionError("a mapping table must be a YAML mapping", path)
    return data


def available_tables() -> list[str]:
    base = table_path("hugo").parent
    return sorted(p.stem for p in base.glob("*.yaml"))
