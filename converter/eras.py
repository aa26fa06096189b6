"""Bring a page of any Academic era into the neutral vocabulary, and take it back.

The rules are data (`mappings/hugo.yaml`, `eras:`); this module only knows three operations:
rename keys in place, map the items of a list field, and move a nested key. Each application is
recorded as an `Upgrade`, and `downgrade` undoes the records in reverse, so a page written back
"in its own era" has its original keys, in their original places, with their comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from converter.frontmatter.comments import Comments
from converter.frontmatter.values import same
from converter.keypath import KeyPath
from converter.model import Upgrade
from converter.tables import load_table


@dataclass(frozen=True)
class EraRule:
    name: str
    doc: str = ""
    kinds: tuple[str, ...] = ()
    when_any: tuple[str, ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    move: tuple[tuple[KeyPath, KeyPath], ...] = ()

    def applies_to(self, kind: str, fields: dict[str, Any]) -> bool:
        if self.kinds and kind not in self.kinds:
            return False
        return not self.when_any or any(k in fields for k in self.when_any)


@cache
def rules() -> tuple[EraRule, ...]:
    """The era rules of mappings/hugo.yaml, built once per process."""
    out = []
    for entry in load_table("hugo").get("eras", []):
        out.append(
            EraRule(
                name=entry["name"],
                doc=entry.get("doc", ""),
                kinds=tuple(entry.get("kinds", ())),
                when_any=tuple(entry.get("when_any", ())),
                rename=tuple((str(a), str(b)) for a, b in (entry.get("rename") or {}).items()),
                values={
                    k: {str(a): str(b) for a, b in v.items()}
                    for k, v in (entry.get("values") or {}).items()
                },
                move=tuple(
                    (tuple(a.split(".")), tuple(b.split(".")))
                    for a, b in (entry.get("move") or {}).items()
                ),
            )
        )
    return tuple(out)


def _rename_in_place(d: dict[Any, Any], renames: dict[Any, Any]) -> None:
    items = [(renames.get(k, k), v) for k, v in d.items()]
    d.clear()
    d.update(items)


def _applicable_renames(
    fields: dict[str, Any], pairs: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    """The pairs that can apply together: the old key is present, the new one free or vacated."""
    chosen = {a: b for a, b in pairs if a in fields and a != b}
    changed = True
    while changed:
        changed = False
        for a, b in list(chosen.items()):
            if b in fields and b not in chosen:
                del chosen[a]
                changed = True
    return chosen


def upgrade(kind: str, fields: dict[str, Any], comments: Comments) -> list[Upgrade]:
    """Apply every era rule to `fields` (in place); return what was done, in order."""
    done: list[Upgrade] = []
    for rule in rules():
        if not rule.applies_to(kind, fields):
            continue
        renames = _applicable_renames(fields, rule.rename)
        if renames:
            keys = list(fields)
            for old, new in renames.items():
                done.append(Upgrade(rule.name, (old,), (new,), keys.index(old)))
            _rename_in_place(fields, renames)
            # two-step rename so that date->publishDate and time_start->date do not collide
            for old in renames:
                comments.rename((old,), ("\0", old))
            for old, new in renames.items():
                comments.rename(("\0", old), (new,))
        for name, table in rule.values.items():
            value = fields.get(name)
            if isinstance(value, list) and any(str(v) in table for v in value):
                new_value = [table.get(str(v), v) for v in value]
                index = list(fields).index(name)
                done.append(Upgrade(rule.name, (name,), (name,), index, list(value), True))
                fields[name] = new_value
        for old_path, new_path in rule.move:
            moved = _move(fields, comments, old_path, new_path)
            if moved is not None:
                done.append(Upgrade(rule.name, old_path, new_path, moved))
    return done


def _move(fields: dict[str, Any], comments: Comments, old: KeyPath, new: KeyPath) -> int | None:
    parent: Any = fields
    for p in old[:-1]:
        parent = parent.get(p) if isinstance(parent, dict) else None
    if not isinstance(parent, dict) or old[-1] not in parent:
        return None
    new_parent: Any = fields
    for p in new[:-1]:
        new_parent = new_parent.get(p) if isinstance(new_parent, dict) else None
    if not isinstance(new_parent, dict) or new[-1] in new_parent:
        return None
    index = list(parent).index(old[-1])
    value = parent.pop(old[-1])
    # the moved key takes the place of the top-level key it came from
    anchor = list(fields).index(old[0]) if old[0] in fields else len(fields)
    items = list(new_parent.items())
    items.insert(anchor if new_parent is fields else len(items), (new[-1], value))
    new_parent.clear()
    new_parent.update(items)
    comments.rename(old, new)
    _prune_empty(fields, old[:-1])
    return index


def _prune_empty(fields: dict[str, Any], path: KeyPath) -> None:
    while path:
        parent: Any = fields
        for p in path[:-1]:
            parent = parent[p]
        if parent.get(path[-1]) == {}:
            del parent[path[-1]]
            path = path[:-1]
        else:
            return


def downgrade(fields: dict[str, Any], comments: Comments, upgrades: list[Upgrade]) -> None:
    """Undo `upgrades` on `fields` (in place): original names, places and values."""
    for up in reversed(upgrades):
        if up.value_changed:
            name = up.new[0]
            if name in fields:
                rule = next((r for r in rules() if r.name == up.rule), None)
                table = rule.values.get(name, {}) if rule else {}
                expected = [table.get(str(v), v) for v in (up.old_value or [])]
                if same(fields[name], expected):
                    fields[name] = up.old_value
                else:  # edited since: map what can be mapped back
                    back = {v: k for k, v in table.items()}
                    fields[name] = [
                        back.get(v, v) if isinstance(v, str) else v for v in fields[name]
                    ]
        elif len(up.old) == 1 and len(up.new) == 1:
            old, new = up.old[0], up.new[0]
            if new in fields and old not in fields:
                _rename_in_place(fields, {new: old})
                comments.rename((new,), ("\0", old))
        else:
            _unmove(fields, comments, up)
    for p in [p for p in list(comments.before) + list(comments.inline) if p and p[0] == "\0"]:
        comments.rename(p[:2], (p[1],))


def _unmove(fields: dict[str, Any], comments: Comments, up: Upgrade) -> None:
    parent: Any = fields
    for p in up.new[:-1]:
        parent = parent.get(p) if isinstance(parent, dict) else None
    if not isinstance(parent, dict) or up.new[-1] not in parent:
        return
    anchor = list(fields).index(
        str(up.new[0])
    )  # a re-created parent goes where the moved key stood
    value = parent.pop(up.new[-1])
    target: Any = fields
    for depth, p in enumerate(up.old[:-1]):
        if not isinstance(target.get(p), dict):
            if depth == 0:
                items = list(target.items())
                items.insert(min(anchor, len(items)), (p, {}))
                target.clear()
                target.update(items)
            else:
                target[p] = {}
        target = target[p]
    items = list(target.items())
    items.insert(min(up.index, len(items)), (up.old[-1], value))
    target.clear()
    target.update(items)
    comments.rename(up.new, up.old)
