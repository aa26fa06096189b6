"""YAML front matter read in one walk over libyaml's nodes: the data and comments the
reference path (`_roundtrip.load`) gives, without ruamel's round-trip constructor.

The reference path composes (with libyaml, converted to ruamel's nodes, or with ruamel), then
walks the nodes four more times: the safety checks, duplicate keys, ruamel's round-trip
constructor (which builds CommentedMaps, ScalarInts and their formatting records, all dropped
again by `plain`) and the comment placement. For the front matter real sites have (maps,
lists, strings, booleans, numbers, dates; no aliases, tags, merge keys or duplicate keys) one
walk does all of it:

- plain data straight from each node: strings, nulls, booleans and decimal integers here;
  every other scalar (floats, odd integers, dates, whose spelling rules are ruamel's) by
  ruamel's own constructor for that one node, so a date is read exactly as before;
- the key lines and protected lines `_comments.scan` finds, for the same comment placement.

Anything outside that (an alias, an explicit tag, a duplicate or non-text key, a merge key,
nesting past the limits, a document that is not a map, text libyaml and ruamel could read
differently) raises `Fallback`, and the reference path reads the page, with its warnings and
errors."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import nodes as rt

try:
    import yaml as pyyaml  # type: ignore[import-untyped]
except ImportError:  # _libyaml.AVAILABLE is False then, and nothing here runs
    pyyaml = None

from converter.frontmatter import limits
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.yamlcodec import _libyaml, _roundtrip
from converter.frontmatter.yamlcodec._comments import KeyPos, place
from converter.keypath import KeyPath

_P = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT = _P + "str", _P + "null", _P + "bool", _P + "int"
_MAP, _SEQ = _P + "map", _P + "seq"
# scalar tags ruamel's constructor reads for us, one node at a time
_BY_RUAMEL = frozenset({_P + "float", _P + "timestamp"})
_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, *_BY_RUAMEL})
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")  # what int() reads as ruamel does


def load(text: str, warnings: list[str]) -> tuple[dict[str, Any], Comments]:
    """`_roundtrip.load(text, warnings)`, or raise `Fallback`."""
    limits.check_text(text)  # the reference path's first check, with its message
    if _libyaml.differs(text):
        raise Fallback
    parser = _libyaml.Parser(text)
    try:
        root = parser.get_single_node()
    except (pyyaml.YAMLError, RecursionError, ValueError, TypeError):
        raise Fallback from None
    finally:
        parser.dispose()
    walk = _Walk(parser.resolved)
    if root is None:
        data: dict[str, Any] = {}
    else:
        if root.tag != _MAP or not isinstance(root, pyyaml.MappingNode):
            raise Fallback  # not a map (the reference path says why), or a tagged one
        data = walk.value(root, (), 1)
    comments = place(text, walk.keys, walk.protected)
    # only now: after a Fallback the reference path gives the warnings
    warnings += walk.dedupe_warnings + walk.warnings
    return data, comments


class _Walk:
    def __init__(self, resolved: dict[str, str] | None = None) -> None:
        # what the parser resolved plain scalars to (`_libyaml.Parser.resolved`)
        self.resolved = resolved if resolved is not None else {}
        # all first, as the reference path dedupes before reading
        self.dedupe_warnings: list[str] = []
        self.warnings: list[str] = []
        self.keys: list[KeyPos] = []  # as _comments.scan finds them
        self.protected: set[int] = set()
        self.seen: set[int] = set()  # node ids: a node met twice is an alias
        self.count = 0

    def _protect(self, start: Any, end: Any) -> None:
        last = end.line if end.column > 0 else end.line - 1
        self.protected.update(range(start.line + 1, last + 1))

    def value(self, node: Any, path: KeyPath, depth: int) -> Any:
        if id(node) in self.seen:
            raise Fallback  # an alias: its expansion, cycles and bombs are the reference path's
        self.seen.add(id(node))
        self.count += 1
        if depth > limits.MAX_DEPTH or self.count > limits.MAX_NODES:
            raise Fallback
        if isinstance(node, pyyaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, pyyaml.SequenceNode):
            if node.tag != _SEQ:
                raise Fallback
            if node.flow_style:
                self._protect(node.start_mark, node.end_mark)
                return [self.value(item, (), depth + 1) for item in node.value]
            out = []
            for i, item in enumerate(node.value):
                if _libyaml.is_empty(item):
                    raise Fallback  # `- ` with nothing (_libyaml leaves these to ruamel)
                p = (*path, i)
                if isinstance(item, pyyaml.ScalarNode) or item.flow_style:
                    self.keys.append(KeyPos(p, item.start_mark.line, item.end_mark.column))
                else:
                    self.keys.append(KeyPos(p, item.start_mark.line, 1 << 30))
                out.append(self.value(item, p, depth + 1))
                if isinstance(item, pyyaml.ScalarNode):
                    self._protect(item.start_mark, item.end_mark)
            return out
        if node.tag != _MAP:
            raise Fallback  # !!omap, !!set, a local tag
        flow = node.flow_style
        if flow:
            self._protect(node.start_mark, node.end_mark)
        data: dict[Any, Any] = {}
        for k, v in self._dedupe(node.value):
            if id(k) in self.seen:
                raise Fallback  # an alias
            self.seen.add(id(k))
            self.count += 1
            key = self.scalar(k)
            if key in data or k.tag == _P + "merge" or type(key) is not str:
                raise Fallback  # duplicates (warned about), `<<`, keys of other types
            p = (*path, k.value)
            if flow:
                data[key] = self.value(v, (), depth + 1)
                continue
            if _libyaml.is_empty(v):  # `key:`: marked at the key's end, as _libyaml does
                start = end = k.end_mark
            else:
                start, end = v.start_mark, v.end_mark
            if start.line != k.start_mark.line:
                scan_from = k.end_mark.column
            elif end.line == start.line:
                scan_from = end.column
            else:
                scan_from = start.column + 1
            self.keys.append(KeyPos(p, k.start_mark.line, scan_from))
            data[key] = self.value(v, p, depth + 1)
            if isinstance(v, pyyaml.ScalarNode):
                self._protect(start, end)
        return data

    def _dedupe(self, pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        """The pairs `_roundtrip._dedupe` keeps (the last of duplicate keys, where it stands),
        with its warnings; what it drops must be a plain scalar, which its checks pass."""
        last: dict[str, int] = {}
        for i, (k, _) in enumerate(pairs):
            if not isinstance(k, pyyaml.ScalarNode):
                raise Fallback  # a key that is a map or a list
            if k.value in last:
                first = pairs[last[k.value]][0].start_mark.line + 1
                self.dedupe_warnings.append(
                    f"line {k.start_mark.line + 1}: duplicate key {k.value!r} (first at line "
                    f"{first}); the later value is kept, as Hugo does"
                )
            last[k.value] = i
        if len(last) == len(pairs):
            return pairs
        kept = []
        for i, (k, v) in enumerate(pairs):
            if last[k.value] == i:
                kept.append((k, v))
            elif not isinstance(v, pyyaml.ScalarNode) or v.tag not in _SCALAR_TAGS:
                raise Fallback
        return kept

    def scalar(self, node: Any) -> Any:
        tag, value, style = node.tag, node.value, node.style
        if (
            not style
        ):  # plain (libyaml says ""): the tag must be the one YAML 1.2 gives, not an explicit one
            resolved = self.resolved.get(value)
            if tag != (resolved if resolved is not None else _libyaml.resolves_to(value)):
                raise Fallback
        elif tag != _STR:
            raise Fallback
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT and _DECIMAL.match(value):
            return int(value)
        if tag == _INT or tag in _BY_RUAMEL:
            return self.by_ruamel(node)
        raise Fallback

    def by_ruamel(self, node: Any) -> Any:
        """One scalar read by ruamel's constructor, as the reference path reads it (an
        impossible date is kept as text, with its warning)."""
        rt_node = rt.ScalarNode(
            _libyaml.ruamel_tag(node.tag),
            node.value,
            node.start_mark,
            node.end_mark,
            style=node.style,
        )
        try:
            return _roundtrip.construct_scalar(rt_node, self.warnings)
        except Exception:
            raise Fallback from None
