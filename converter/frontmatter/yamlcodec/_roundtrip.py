"""YAML front matter through ruamel.yaml: the reference path, whose results define the format.

ruamel's round-trip mode is the only Python YAML library that keeps comments at all; we read
values with it (after refusing what is unsafe or unbounded to construct, and keeping the last of
duplicate keys as Hugo does), place comments ourselves from the composed nodes' line marks
(`_comments`), and emit with a representer that quotes every string a YAML 1.1 reader would
retype (`_style`). The fast paths (`_fast_load`, `_fast_emit`, libyaml composing in `_libyaml`)
give these results for less; tests/test_codec_yaml.py holds them to it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter

from converter.errors import FrontMatterError
from converter.frontmatter import limits
from converter.frontmatter.comments import Comments
from converter.frontmatter.fallback import Fallback
from converter.frontmatter.values import lexical, plain
from converter.frontmatter.yamlcodec import _comments, _libyaml
from converter.frontmatter.yamlcodec._style import literal_ok, needs_quotes


class _Representer(RoundTripRepresenter):
    """Quote retypable strings; write dates in ISO 8601 with a `T`, as Hugo's archetypes do."""


def _represent_str(rep: RoundTripRepresenter, data: str) -> Any:
    tag = "tag:yaml.org,2002:str"
    if any(c in data for c in "\x85\u2028\u2029"):
        # line breaks to YAML 1.1 readers (ruamel folds a lone NEL in quotes to a space):
        # only a double-quoted scalar keeps them, escaped as \N, \L, \P (found by fuzzing)
        return rep.represent_scalar(tag, data, style='"')
    if "\n" in data and literal_ok(data):
        return rep.represent_scalar(tag, data, style="|")
    if needs_quotes(data) or data == "":
        return rep.represent_scalar(tag, data, style="'")
    return rep.represent_scalar(tag, data)


def _represent_datetime(rep: RoundTripRepresenter, data: dt.datetime) -> Any:
    return rep.represent_scalar("tag:yaml.org,2002:timestamp", lexical(data))


def _represent_none(rep: RoundTripRepresenter, data: None) -> Any:
    return rep.represent_scalar("tag:yaml.org,2002:null", "")


_Representer.add_representer(str, _represent_str)
_Representer.add_representer(dt.datetime, _represent_datetime)
_Representer.add_representer(type(None), _represent_none)


class _Constructor(RoundTripConstructor):
    """Read an impossible date (`2021-23-29`) as the text it is, with a warning, not a crash."""

    warnings: ClassVar[list[str]] = []

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as e:
            self.warnings.append(
                f"line {node.start_mark.line + 1}: {node.value!r} is not a valid date ({e}); "
                "kept as text"
            )
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _loader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = True  # handled in `_dedupe`, the way Hugo does
    return yaml


def _dumper() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.width = 1 << 20  # never fold a long title or abstract onto continuation lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


_LOADER = _loader()
_DUMPER = _dumper()


def _dedupe(node: Node, warnings: list[str]) -> None:
    """Keep the last of duplicate keys, as go-yaml v2 in Hugo does, and say so.

    Duplicates are common in real sites (an archetype's `summary: ""` pasted twice), and Hugo
    built those sites, so refusing them would refuse a working site.
    """
    if isinstance(node, MappingNode):
        seen: dict[Any, int] = {}
        for i, (k, _) in enumerate(node.value):
            key = k.value if isinstance(k, ScalarNode) else id(k)
            if key in seen:
                first = node.value[seen[key]][0].start_mark.line + 1
                warnings.append(
                    f"line {k.start_mark.line + 1}: duplicate key {key!r} (first at line {first}); "
                    "the later value is kept, as Hugo does"
                )
            seen[key] = i
        node.value = [
            pair
            for i, pair in enumerate(node.value)
            if seen.get(pair[0].value if isinstance(pair[0], ScalarNode) else id(pair[0])) == i
        ]
        for _, v in node.value:
            _dedupe(v, warnings)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _dedupe(item, warnings)


# The tags plain YAML data uses (core schema, plus `!!omap` and the `<<` merge key). Any other
# tag (`!!python/object/apply:os.system`, `!!binary`, `!!set`, a local `!thing`) names a type
# no site generator reads from front matter, so the page is refused, never constructed.
_DATA_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "omap", "merge")
)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_nodes(root: Node) -> None:
    """Refuse what would be unsafe or unbounded to construct, before anything is constructed:
    a tag that is not plain data, nesting deeper than `limits.MAX_DEPTH`, aliases that expand
    past `limits.MAX_NODES` values (a "billion laughs" page) or that contain themselves.

    One walk with each node's expanded size and height remembered, so an alias bomb costs what
    its text costs, not what it would expand to; iterative, so depth cannot exhaust the stack.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            on_path.discard(key)
            if height[key] > limits.MAX_DEPTH:
                raise limits.too_deep(line)
            if size[key] > limits.MAX_NODES:
                raise FrontMatterError(
                    f"YAML aliases here expand to more than {limits.MAX_NODES:,} values "
                    "(an alias bomb?); not read",
                    line=line,
                )
            continue
        if key in size:
            continue
        if key in on_path:
            raise FrontMatterError("a YAML alias refers to a value containing itself", line=line)
        if isinstance(node, MappingNode) and any(
            isinstance(k, (MappingNode, SequenceNode)) for k, _ in node.value
        ):
            bad = next(k for k, _ in node.value if isinstance(k, (MappingNode, SequenceNode)))
            raise FrontMatterError(
                "a key that is a map or a list (`? [a]`); front matter keys are text",
                line=bad.start_mark.line + 1,
            )
        tag = str(node.tag)
        if tag not in _DATA_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise FrontMatterError(
                f"YAML tag {shown} is not plain data; refused, nothing was constructed",
                line=line,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)


# a `%YAML` (or `%TAG`) directive line: only at a document's top, at the margin
_DIRECTIVE = re.compile(r"^%", re.MULTILINE)


def _loader_for(text: str) -> YAML:
    """The shared loader, or a fresh one for a text with a directive: a ruamel loader that
    read `%YAML 1.1` goes on reading every later text by YAML 1.1 (`yes` a boolean, `10:00`
    a number), so one such page would change how the pages after it read."""
    return _loader() if _DIRECTIVE.search(text) else _LOADER


def _compose(text: str, loader: YAML, libyaml: bool) -> Any:
    """ruamel's nodes for `text`; parsed by libyaml where it reads the text as ruamel would
    (five times faster; see `_libyaml`), unless `libyaml` is False."""
    if libyaml:
        try:
            return _libyaml.compose(text)
        except Fallback:
            pass
    return loader.compose(text)


def construct_scalar(node: ScalarNode, warnings: list[str]) -> Any:
    """One scalar node read as `load` reads it: an impossible date kept as text, with its
    warning in `warnings`."""
    _Constructor.warnings = warnings
    return plain(_LOADER.constructor.construct_non_recursive_object(node))


def load(text: str, warnings: list[str], libyaml: bool = True) -> tuple[dict[str, Any], Comments]:
    """Plain data and comments of YAML front matter `text`; ruamel alone when not `libyaml`."""
    limits.check_text(text)
    try:
        loader = _loader_for(text)
        try:
            node = _compose(text, loader, libyaml)
        except RecursionError:  # ruamel composes recursively: `[[[[...` deeper than the stack
            raise limits.too_deep() from None
        if node is not None:
            _check_nodes(node)
            _dedupe(node, warnings)
        _Constructor.warnings = warnings
        data = loader.constructor.construct_document(node) if node is not None else None
    except MarkedYAMLError as e:
        # an unclosed `[` or quote is noticed lines later; the user's mistake is where it opened
        mark = e.context_mark or e.problem_mark
        line = mark.line + 1 if mark is not None else None
        problem = e.problem or e.context or "invalid YAML"
        if (
            e.context
            and e.context_mark
            and e.problem_mark
            and e.problem_mark.line != e.context_mark.line
        ):
            problem += f" ({e.context} started here; noticed on line {e.problem_mark.line + 1})"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", line=line) from None
    except (YAMLError, ValueError, TypeError) as e:
        raise FrontMatterError(f"invalid YAML front matter: {e}") from None
    except (IndexError, KeyError, AttributeError, ArithmeticError) as e:
        # ruamel's constructors on an explicit tag with a value it cannot hold (`!!int ''`,
        # `!!bool ''`), found by fuzzing
        raise FrontMatterError(
            f"invalid YAML front matter: a value does not fit its tag ({type(e).__name__}: {e})"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values", line=1)
    keys, protected = _comments.scan(node) if node is not None else ([], set())
    return plain(data), _comments.place(text, keys, protected)


def dump(data: dict[str, Any], comments: Comments | None, libyaml: bool = True) -> str:
    """The YAML text ruamel writes for `data` (none for no keys), with `comments` placed at the
    lines where composing that text finds their keys (with libyaml's help unless not
    `libyaml`)."""
    text = ""
    if data:
        buf = io.StringIO()
        _DUMPER.dump(data, buf)
        text = buf.getvalue()
    if not comments:
        return text
    node = _compose(text, _loader_for(text), libyaml) if text.strip() else None
    keys, _ = _comments.scan(node) if node is not None else ([], set())
    return _comments.insert(text, comments, _comments.first_lines(keys))
