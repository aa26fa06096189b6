"""Apply a mapping table to a page's fields (forward), and undo it (inverse).

forward: neutral fields -> target fields plus the keep record. Whatever a rule cannot carry
exactly (found by inverting the mapped page and comparing) is kept verbatim under
`hugo_academic.fields`, so inverse(forward(page)) == page for any table.

inverse: target fields -> neutral fields. A kept original is restored unless the user edited
the target value it was mapped to since; then the edited value wins, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from converter.fastcopy import copy_data
from converter.fieldmap.table import Rule, Table
from converter.fieldmap.transforms import MISSING, TRANSFORMS, Context
from converter.frontmatter.values import same
from converter.keep import KEEP_KEY


@dataclass
class Forward:
    fields: dict[str, Any]  # target front matter, the keep record included when `keep`
    mapped: list[str] = field(default_factory=list)  # "url_slides -> other-links"
    renamed: dict[str, str] = field(default_factory=dict)  # plain renames, to move comments
    kept: list[str] = field(default_factory=list)  # fields under hugo_academic
    dropped: list[str] = field(default_factory=list)  # fields left out (drop rule or --no-keep)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Inverse:
    fields: dict[str, Any]
    record: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _parts(path: str) -> list[str]:
    return path.split(".")


def _has(data: dict[str, Any], path: str) -> bool:
    node: Any = data
    for p in _parts(path):
        if not isinstance(node, dict) or p not in node:
            return False
        node = node[p]
    return True


def _get(data: dict[str, Any], path: str, default: Any = MISSING) -> Any:
    node: Any = data
    for p in _parts(path):
        if not isinstance(node, dict) or p not in node:
            return default
        node = node[p]
    return node


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = _parts(path)
    node = data
    for p in parts[:-1]:
        if not isinstance(node.get(p), dict):
            node[p] = {}
        node = node[p]
    node[parts[-1]] = value


def _delete(data: dict[str, Any], path: str) -> None:
    parts = _parts(path)
    chain = [data]
    for p in parts[:-1]:
        nxt = chain[-1].get(p)
        if not isinstance(nxt, dict):
            return
        chain.append(nxt)
    chain[-1].pop(parts[-1], None)
    for depth in range(len(chain) - 1, 0, -1):  # drop parents left empty
        if not chain[depth]:
            chain[depth - 1].pop(parts[depth - 1], None)


def _rule(rules: dict[str, Rule], name: str, unmapped: str) -> Rule:
    found = rules.get(name)
    if found is not None:
        return found
    # a field no rule names: its rule made once per name and policy (a frozen dataclass costs
    # a call per attribute to make, and every page has a dozen such fields)
    rule = _UNMAPPED.get((name, unmapped))
    if rule is None:
        rule = Rule(name, policy=unmapped)
        if len(_UNMAPPED) < MAX_UNMAPPED:
            _UNMAPPED[(name, unmapped)] = rule
    return rule


_UNMAPPED: dict[tuple[str, str], Rule] = {}
MAX_UNMAPPED = 4096


@dataclass(frozen=True)
class _Kind:
    """What `_map` and `_unmap` work out from a kind's rules: the same for every page of the
    kind, so made once per table and kind (each page maps its fields twice or more, and once
    more per commented-out field), not on every call."""

    rules: dict[str, Rule]  # not to be changed: shared by every call
    unmapped: str
    owned: frozenset[str]  # the target keys rules write to (their first part)
    inverse: tuple[tuple[str, Rule], ...]  # the rules `_unmap` reads by, greedy ones last
    generated: tuple[str, ...]


def _kind(table: Table, kind: str) -> _Kind:
    found: _Kind | None = table.kinds.get(kind)
    if found is not None:
        return found
    rules = table.rules_for(kind)
    # a target key a rule writes to belongs to that rule: a field of the same name cannot use it
    owned = frozenset(r.to.split(".")[0] for r in rules.values() if r.policy is None and r.to)
    greedy = [(n, r) for n, r in rules.items() if TRANSFORMS[r.transform or "rename"].greedy]
    inverse = tuple(
        (name, rule)
        for name, rule in [*(kv for kv in rules.items() if kv not in greedy), *greedy]
        if rule.policy is None and rule.to is not None
    )
    found = _Kind(rules, table.unmapped_for(kind), owned, inverse, tuple(table.generated))
    table.kinds[kind] = found
    return found


def _map(
    neutral: dict[str, Any], kind: str, table: Table, ctx: Context
) -> tuple[dict[str, Any], dict[str, Any], Forward]:
    """The target fields a table gives, and the fields it could not place (kept or dropped)."""
    made = _kind(table, kind)
    rules, unmapped, owned = made.rules, made.unmapped, made.owned
    target: dict[str, Any] = {}
    aside: dict[str, Any] = {}
    report = Forward(target)
    for name, value in neutral.items():
        rule = _rule(rules, name, unmapped)
        if rule.policy == "same" and name in owned:
            aside[name] = value
            continue
        if rule.policy == "drop":
            report.dropped.append(f"{name} (dropped by the mapping table)")
            continue
        if rule.policy == "keep":
            aside[name] = value
            continue
        if rule.policy == "same":
            if _has(target, name):
                aside[name] = value
                report.warnings.append(f"{name}: its name is taken in the target; kept aside")
            else:
                _set(target, name, copy_data(value))
            continue
        assert rule.to is not None
        transform = TRANSFORMS[rule.transform or "rename"]
        try:
            out = transform.forward(value, rule.params, ctx)
        except (TypeError, ValueError, AttributeError) as e:
            report.warnings.append(f"{name}: {rule.transform} could not map it ({e}); kept aside")
            aside[name] = value
            continue
        if out is MISSING:
            aside[name] = value
            continue
        if transform.accumulates:
            existing = _get(target, rule.to, [])
            if not isinstance(existing, list):
                aside[name] = value
                continue
            _set(target, rule.to, existing + [o for o in out if o not in existing])
        elif _has(target, rule.to):
            if rule.transform == "merge":
                merged = list(_get(target, rule.to))
                _set(target, rule.to, merged + [o for o in out if o not in merged])
            else:
                aside[name] = value
                report.warnings.append(
                    f"{name}: {rule.to} is already set by another field; kept aside"
                )
                continue
        else:
            _set(target, rule.to, out)
        report.mapped.append(f"{name} -> {rule.to}" if rule.to != name else name)
        # a value that lands on a key of its own (not shared with other fields) takes its
        # comments along, whatever the transform did to its spelling
        if rule.to != name and not transform.accumulates and rule.transform != "merge":
            report.renamed[name] = rule.to
        if rule.lossy:
            aside[name] = value
    return target, aside, report


def _unmap(target: dict[str, Any], kind: str, table: Table, ctx: Context) -> dict[str, Any]:
    """Neutral fields read from target fields by the table's rules (no keep record)."""
    data = copy_data(target)  # deepcopy's result, without its dispatch per value
    made = _kind(table, kind)
    for key in made.generated:
        data.pop(key, None)
    rules, unmapped = made.rules, made.unmapped
    position = {key: i for i, key in enumerate(data)}
    neutral: dict[str, Any] = {}
    claimed: set[str] = set()
    for name, rule in made.inverse:
        assert rule.to is not None
        if not _has(data, rule.to):
            continue
        transform = TRANSFORMS[rule.transform or "rename"]
        value, rest = transform.inverse(_get(data, rule.to), rule.params, ctx)
        if rest is MISSING or rest == [] or rest is None:
            _delete(data, rule.to)
        else:
            _set(data, rule.to, rest)
        if value is not MISSING:
            neutral[name] = value
        claimed.add(rule.to.split(".")[0])
    for key, value in data.items():  # same-named fields, what the user added, rules' leftovers
        if key in neutral:
            continue
        own = rules.get(key)
        if own is not None and own.policy == "drop":
            continue
        if own is None and unmapped != "same" and key in claimed:
            continue
        neutral[key] = value

    # in the order of the target keys they came from: a plain rename keeps its place
    def place(name: str) -> int:
        rule = rules.get(name)
        key = rule.to.split(".")[0] if rule is not None and rule.to else name
        return position.get(key, len(position))

    return {k: neutral[k] for k in sorted(neutral, key=place)}


def forward(
    neutral: dict[str, Any],
    kind: str,
    table: Table,
    ctx: Context | None = None,
    *,
    keep: bool = True,
    record: dict[str, Any] | None = None,
) -> Forward:
    """Target fields for `neutral`; what the target cannot carry is kept (or, not `keep`, listed
    as dropped). `record` adds entries to the keep record (kind, source path)."""
    ctx = ctx or Context()
    target, aside, report = _map(neutral, kind, table, ctx)
    back = _unmap(target, kind, table, ctx)
    for name, value in neutral.items():
        if name in aside or any(d.startswith(f"{name} ") for d in report.dropped):
            continue
        if not same(back.get(name, MISSING), value):
            aside[name] = value  # the target form loses something: keep the original too
    absent = [k for k in back if k not in neutral]  # invented by an inverse (a merged list)
    # a field kept aside takes its comments there, not to the key it was mapped to
    report.renamed = {k: v for k, v in report.renamed.items() if k not in aside}
    reordered = list(neutral) != list(_restore_order(back, aside, neutral))
    if aside or record or reordered or absent:
        kept_record: dict[str, Any] = dict(record or {})
        if aside:
            kept_record["fields"] = {k: aside[k] for k in neutral if k in aside}
        if reordered or aside:  # the edit check rebuilds the page in this order
            kept_record["order"] = list(neutral)
        if absent:
            kept_record["absent"] = absent
        if keep:
            if KEEP_KEY in target:
                report.warnings.append(f"{KEEP_KEY}: the page already has one; replaced")
            target[KEEP_KEY] = kept_record
            report.kept = list(kept_record.get("fields", {}))
        else:
            report.dropped += [f"{k} (not expressible in {table.target})" for k in aside]
    return report


def _restore_order(
    back: dict[str, Any], aside: dict[str, Any], neutral: dict[str, Any]
) -> dict[str, Any]:
    merged = {k: back[k] for k in back if k not in aside}
    merged.update({k: aside[k] for k in neutral if k in aside})
    return merged


def inverse(target: dict[str, Any], kind: str, table: Table, ctx: Context | None = None) -> Inverse:
    """Neutral fields for target fields, restoring what the keep record holds."""
    ctx = ctx or Context()
    data = dict(target)
    record = data.pop(KEEP_KEY, None)
    record = record if isinstance(record, dict) else {}
    kind = str(record.get("kind", kind))
    neutral = _unmap(data, kind, table, ctx)
    kept = record.get("fields") or {}
    result = Inverse(neutral, record)
    order = record.get("order") if isinstance(record.get("order"), list) else None
    absent = [a for a in record.get("absent") or [] if isinstance(a, str)]
    if kept or absent:
        candidate = _ordered({**neutral, **kept}, order)
        for name in absent:
            candidate.pop(name, None)
        remapped, _, _ = _map(candidate, kind, table, ctx)
        rules = table.rules_for(kind)
        told = _item_by_item(data, remapped, kept, kind, table, ctx, neutral, result.warnings)
        for name in [*kept, *absent]:
            if name in told:
                continue
            rule = rules.get(name)
            to = rule.to if rule is not None and rule.policy is None else None
            unchanged = to is None or not _has(data, to) or same(_get(remapped, to), _get(data, to))
            if unchanged and name in kept:
                neutral[name] = kept[name]  # the target still says what we wrote
            elif unchanged:
                neutral.pop(name, None)  # the page never had it
            else:
                result.warnings.append(
                    f"{name}: edited in the target ({to}); the edited value wins"
                )
    result.fields = _ordered(neutral, order)
    return result


def _item_by_item(
    data: dict[str, Any],
    remapped: dict[str, Any],
    kept: dict[str, Any],
    kind: str,
    table: Table,
    ctx: Context,
    neutral: dict[str, Any],
    warnings: list[str],
) -> set[str]:
    """The fields of a shared list of items (Quarto's `other-links`: every url_*, links,
    event_url) told apart item by item when the list is not as written, setting their values
    in `neutral`; returns the names told. An item added (a commented-out one switched on) is
    read as the field it is, and only that field is new: a kept field whose items are all
    still there is unchanged, and comes back from the record without a warning; one whose
    items changed or went is read from the page, with a warning."""
    lists: dict[str, list[str]] = {}
    for name, rule in table.rules_for(kind).items():
        if rule.policy is None and rule.to and TRANSFORMS[rule.transform or "rename"].accumulates:
            lists.setdefault(rule.to, []).append(name)
    told: set[str] = set()
    for to, names in lists.items():
        page, written = _get(data, to), _get(remapped, to, [])
        page = [] if page is None else page  # its last item taken out: `other-links:` alone
        if not isinstance(page, list) or not isinstance(written, list) or same(page, written):
            continue
        if not any(n in kept for n in names):
            continue
        rest, intact = list(page), set()
        for name in (n for n in names if n in kept):
            mine = _get(_map({name: kept[name]}, kind, table, ctx)[0], to, [])
            if not isinstance(mine, list) or any(item not in page for item in mine):
                continue
            intact.add(name)
            for item in mine:
                if item in rest:
                    rest.remove(item)
        fresh = _unmap({to: rest}, kind, table, ctx) if rest else {}
        for name in names:
            told.add(name)
            neutral.pop(name, None)
            if name in intact:
                neutral[name] = kept[name]
            elif name in fresh:
                neutral[name] = fresh[name]
            if name in kept and name not in intact:
                warnings.append(f"{name}: edited in the target ({to}); the edited value wins")
    return told


def _ordered(fields: dict[str, Any], order: list[Any] | None) -> dict[str, Any]:
    if not order:
        return fields
    out = {k: fields[k] for k in order if k in fields}
    out.update((k, v) for k, v in fields.items() if k not in out)
    return out


def single_targets(table: Table, kind: str) -> dict[str, str]:
    """Neutral field -> the one target key it is written to (a rename or a transform of one
    value), so its comments can follow it there and back; list-building rules are left out."""
    out: dict[str, str] = {}
    for name, rule in table.rules_for(kind).items():
        if rule.policy is None and rule.to and rule.to != name:
            transform = TRANSFORMS[rule.transform or "rename"]
            if not transform.accumulates and rule.transform != "merge":
                out[name] = rule.to
    return out
