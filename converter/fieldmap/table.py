"""Mapping tables: load the shipped table for a target, merge user overrides, validate.

A table is data (see mappings/table.schema.json). Validation happens on load, with the file
and the entry named, so a typo in a user's --mapping file is one clear line, not a traceback
halfway through a migration.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from converter.errors import ConversionError
from converter.tables import data_file, load_table, table_path

POLICIES = ("same", "keep", "drop")


class MappingError(ConversionError):
    """A mapping table that does not follow the schema (file and entry named)."""


@dataclass(frozen=True)
class Rule:
    name: str
    policy: str | None = None  # same, keep, drop; None for a rename/transform
    to: str | None = None
    transform: str | None = None
    lossy: bool = False
    params: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def parse(name: str, spec: Any) -> Rule:
        if isinstance(spec, str):
            if spec in POLICIES:
                return Rule(name, policy=spec)
            return Rule(name, to=spec)
        spec = dict(spec)
        to = spec.pop("to", None)
        transform = spec.pop("transform", None)
        lossy = bool(spec.pop("lossy", False))
        if transform in POLICIES:
            return Rule(name, policy=transform)
        return Rule(name, to=to or name, transform=transform, lossy=lossy, params=spec)


@dataclass
class Table:
    target: str
    data: dict[str, Any]
    sources: list[str]
    _rules: dict[str, dict[str, Rule]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # what the engine works out from a kind's rules, once per kind (fieldmap.engine._Kind)
    kinds: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def unmapped(self) -> str:
        return str(self.data.get("unmapped", "keep"))

    def rules_for(self, kind: str) -> dict[str, Rule]:
        """The rules of a page kind: parsed once per table and kind (each page maps its
        fields two or three times), a new dict each call, of the same frozen rules."""
        rules = self._rules.get(kind)
        if rules is None:
            specs = dict(self.data.get("fields") or {})
            specs.update((self.data.get("per_kind") or {}).get(kind, {}).get("fields") or {})
            rules = self._rules[kind] = {name: Rule.parse(name, s) for name, s in specs.items()}
        return dict(rules)

    def unmapped_for(self, kind: str) -> str:
        per = (self.data.get("per_kind") or {}).get(kind, {})
        return str(per.get("unmapped", self.unmapped))

    def layout_for(self, kind: str) -> str | None:
        layout = self.data.get("layout") or {}
        value = layout.get(kind, layout.get("default"))
        return str(value) if value is not None else None

    @property
    def generated(self) -> list[str]:
        return list(self.data.get("generated") or [])

    @property
    def is_identity(self) -> bool:
        """Every field written under its own name: nothing for the engine to do."""
        if self.unmapped != "same":
            return False
        if any(
            Rule.parse(k, v).policy != "same" for k, v in (self.data.get("fields") or {}).items()
        ):
            return False
        return not any((v or {}).get("fields") for v in (self.data.get("per_kind") or {}).values())


@cache
def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_file("table.schema.json").read_text("utf-8"))
    return data


def validate(data: Any, where: str) -> None:
    """Raise MappingError naming `where` and the entry, for anything the schema forbids."""
    from converter.fieldmap.transforms import TRANSFORMS

    if not isinstance(data, dict):
        raise MappingError("a mapping table must be a YAML mapping", where)
    import jsonschema  # here: only a user's table is validated in a run (see `load`)

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        entry = ".".join(str(p) for p in e.absolute_path) or "(top level)"
        message = e.message if len(e.message) < 200 else e.message[:200] + "..."
        raise MappingError(f"entry {entry}: {message}", where)
    sections = [("fields", data.get("fields") or {})]
    for kind, per in (data.get("per_kind") or {}).items():
        sections.append((f"per_kind.{kind}.fields", per.get("fields") or {}))
    for prefix, fields in sections:
        for name, spec in fields.items():
            rule = Rule.parse(name, spec)
            if rule.transform is None:
                continue
            transform = TRANSFORMS.get(rule.transform)
            if transform is None:
                known = ", ".join(sorted(TRANSFORMS))
                raise MappingError(
                    f"entry {prefix}.{name}: unknown transform {rule.transform!r} (known: {known})",
                    where,
                )
            unknown = set(rule.params) - set(transform.params)
            if unknown:
                allowed = ", ".join(sorted(transform.params)) or "none"
                raise MappingError(
                    f"entry {prefix}.{name}: transform {rule.transform!r} has no parameter "
                    f"{', '.join(sorted(unknown))} (it takes: {allowed})",
                    where,
                )


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if key in ("fields", "layout", "folders", "resources") and isinstance(value, dict):
            out[key] = {**(out.get(key) or {}), **value}
        elif key == "per_kind" and isinstance(value, dict):
            merged = dict(out.get("per_kind") or {})
            for kind, per in value.items():
                old = dict(merged.get(kind) or {})
                if "fields" in per:
                    old["fields"] = {**(old.get("fields") or {}), **per["fields"]}
                if "unmapped" in per:
                    old["unmapped"] = per["unmapped"]
                merged[kind] = old
            out["per_kind"] = merged
        else:
            out[key] = copy.deepcopy(value)
    return out


def read_override(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise MappingError(f"cannot read mapping file: {e.strerror}", path) from None
    try:
        data = YAML(typ="safe").load(text)
    except Exception as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise MappingError(f"invalid YAML: {getattr(e, 'problem', e)}", path, line) from None
    if data is None:
        data = {}
    if isinstance(data, dict):
        data.setdefault("target", "override")
    validate(data, str(path))
    return data  # type: ignore[no-any-return]


def load(target: str, overrides: list[Path] | tuple[Path, ...] = ()) -> Table:
    """The shipped table for `target` (a writer name or its family), with overrides merged."""
    name = target
    try:
        base = load_table(name)
    except ConversionError:
        family = target.split("-")[0]
        base = load_table(family)
        name = family
    # the shipped table is not validated here: it is the package's, validated by its tests
    # (tests/test_fieldmap.py), and unchanged since; importing the validator and running it
    # was a twentieth of a second at the start of every run
    data = base
    sources = [str(table_path(name))]
    for path in overrides:
        override = read_override(Path(path))
        override.pop("target", None)
        data = _merge(data, override)
        sources.append(str(path))
    return Table(target=target, data=data, sources=sources)
