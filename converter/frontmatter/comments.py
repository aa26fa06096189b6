"""Comments as data: which comment lines stand before, beside and after which key.

YAML and TOML both use `#` comments, but their libraries keep them in incompatible internal
shapes (ruamel hangs a comment on the key *before* it; tomlkit on the table it sits in). We
attach each comment to the key it annotates, the next one below it, so a comment moves with its
key from one format to the other. Blank lines are kept as empty strings, so the visual grouping
of an archetype survives too. Comment texts keep their `#`, so `#url_code = ""` and
`# url_code: ""` travel verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from converter.keypath import KeyPath


@dataclass(slots=True)
class Comments:
    before: dict[KeyPath, list[str]] = field(default_factory=dict)
    inline: dict[KeyPath, str] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        """Whether `texts()` has any, without making the list (asked before every dump)."""
        if self.inline:
            return True
        if any(c.strip() for block in self.before.values() for c in block):
            return True
        return any(c.strip() for c in self.trailing)

    def texts(self) -> list[str]:
        """Every non-blank comment line in document order: what a user calls 'the comments'."""
        out: list[str] = []
        paths = list(dict.fromkeys([*self.before, *self.inline]))
        for p in paths:
            out.extend(c for c in self.before.get(p, []) if c.strip())
            if p in self.inline:
                out.append(self.inline[p])
        out.extend(c for c in self.trailing if c.strip())
        return out

    def by_path(self) -> dict[KeyPath, list[str]]:
        """Non-blank comments per key path: the comparison that says a comment kept its key."""
        out: dict[KeyPath, list[str]] = {}
        for p, lines in self.before.items():
            kept = [c for c in lines if c.strip()]
            if kept:
                out.setdefault(p, []).extend(kept)
        for p, c in self.inline.items():
            out.setdefault(p, []).append(c)
        if any(c.strip() for c in self.trailing):
            out[("<end>",)] = [c for c in self.trailing if c.strip()]
        return out

    def canonical(self, data: object) -> dict[KeyPath, list[str]]:
        """`by_path`, with each comment moved to where every format can hold it.

        A comment before the first entry of a map or list, beside an item of a list, or inside
        a map that is an item of a list, reads the same when it stands before the container
        (or the item); TOML can only put it there (a dotted map, an inline array of inline
        tables), so comparisons across formats use this form.
        """
        out: dict[KeyPath, list[str]] = {}

        def up(path: KeyPath) -> KeyPath:
            for depth in range(1, len(path)):
                if isinstance(path[depth], int) and depth + 1 < len(path):
                    path = path[: depth + 1]
                    break
            while len(path) > 1:
                parent = _get(data, path[:-1])
                first = next(iter(parent), None) if isinstance(parent, dict) else 0
                first_entry = isinstance(parent, (dict, list)) and path[-1] == first
                list_scalar = isinstance(parent, list) and not isinstance(
                    _get(data, path), (dict, list)
                )
                if first_entry or list_scalar:
                    path = path[:-1]
                else:
                    break
            return path

        for p, lines in self.before.items():
            kept = [c for c in lines if c.strip()]
            if kept:
                out.setdefault(up(p), []).extend(kept)
        for p, c in self.inline.items():
            out.setdefault(up(p), []).append(c)
        if any(c.strip() for c in self.trailing):
            out[("<end>",)] = [c for c in self.trailing if c.strip()]
        return {k: sorted(v) for k, v in out.items()}

    def rename(self, old: KeyPath, new: KeyPath) -> None:
        """Move the comments of `old` and everything below it to `new` (a renamed key)."""

        def move(d: dict[KeyPath, object]) -> None:
            for p in list(d):
                if p[: len(old)] == old:
                    d[new + p[len(old) :]] = d.pop(p)

        move(self.before)  # type: ignore[arg-type]
        move(self.inline)  # type: ignore[arg-type]

    def rename_keys(self, renames: Iterable[tuple[str, KeyPath]]) -> None:
        """`rename((key,), new)` for each pair in turn; a key no comment is under (most of
        them) is skipped without walking every comment's path."""

        def all_heads() -> set[str | int]:
            return {p[0] for p in self.before if p} | {p[0] for p in self.inline if p}

        heads = all_heads()
        for key, new in renames:
            if key in heads:
                self.rename((key,), new)
                # moved to the root, the keys below it are heads now
                heads = heads | {new[0]} if new else all_heads()

    def pop(self, path: KeyPath) -> tuple[list[str], str | None]:
        return self.before.pop(path, []), self.inline.pop(path, None)

    def copy(self) -> Comments:
        return Comments(
            {k: list(v) for k, v in self.before.items()}, dict(self.inline), list(self.trailing)
        )


def _get(data: object, path: KeyPath) -> object:
    node = data
    for p in path:
        try:
            node = node[p]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return node
