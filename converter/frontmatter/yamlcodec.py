"""YAML front matter: ruamel.yaml for values, its node marks for where comments belong.

ruamel's round-trip mode is the only Python YAML library that keeps comments at all, but it
hangs each comment on the key *above* it and emits YAML 1.2, where `yes`, `on` and `10:00` are
plain strings that YAML 1.1 readers (go-yaml v2 in older Hugo, PyYAML in MkDocs, Psych in
Jekyll) turn into booleans and sexagesimal numbers. So we read values with ruamel, place
comments ourselves from the composed nodes' line marks, and emit with a representer that quotes
every string any of those readers would retype.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any, ClassVar, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter

from converter.errors import FrontMatterError
from converter.frontmatter import fastemit, fastyaml, limits
from converter.frontmatter.comments import Comments
from converter.frontmatter.values import lexical, plain
from converter.keypath import KeyPath

# Strings that some YAML reader in the chain (1.1 or 1.2) would read as another type.
_RETYPED = re.compile(
    r"""^(?:
      y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    | ~|null|Null|NULL|<<|=
    | [-+]?(?:0|[0-9][0-9_]*)                               # ints, leading zeros, 1_000
    | [-+]?0b[01_]+ | [-+]?0o?[0-7_]+ | [-+]?0x[0-9a-fA-F_]+
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?      # sexagesimal 10:00, 1:30:00
    | [-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?   # floats, 1e3
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?
    )$""",
    re.VERBOSE,
)


def needs_quotes(text: str) -> bool:
    return bool(_RETYPED.match(text))


class _Representer(RoundTripRepresenter):
    """Quote retypable strings; write dates in ISO 8601 with a `T`, as Hugo's archetypes do."""


def _represent_str(rep: RoundTripRepresenter, data: str) -> Any:
    tag = "tag:yaml.org,2002:str"
    if any(c in data for c in "\x85\u2028\u2029"):
        # line breaks to YAML 1.1 readers (ruamel folds a lone NEL in quotes to a space):
        # only a double-quoted scalar keeps them, escaped as \N, \L, \P (found by fuzzing)
        return rep.represent_scalar(tag, data, style='"')
    if "\n" in data and _literal_ok(data):
        return rep.represent_scalar(tag, data, style="|")
    if needs_quotes(data) or data == "":
        return rep.represent_scalar(tag, data, style="'")
    return rep.represent_scalar(tag, data)


def _literal_ok(text: str) -> bool:
    """Whether a `|` block can hold `text` exactly (else it is written double-quoted)."""
    lines = text.split("\n")
    return (
        bool(text.strip())
        and not text[0].isspace()
        and all(line == line.rstrip() for line in lines)
        and all(c == "\t" or c.isprintable() for c in text.replace("\n", ""))
        and "\ufeff" not in text
    )


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


class KeyPos(NamedTuple):
    path: KeyPath
    line: int
    scan_from: int  # column after which an inline comment may start


def _scan(node: Node) -> tuple[list[KeyPos], set[int]]:
    """Key lines (block context only) and the lines inside multi-line scalars or flow nodes."""
    keys: list[KeyPos] = []
    protected: set[int] = set()

    def protect(n: Node) -> None:
        start, end = n.start_mark, n.end_mark
        last = end.line if end.column > 0 else end.line - 1
        protected.update(range(start.line + 1, last + 1))

    def value_scan_from(key_node: Node, value: Node) -> int:
        if value.start_mark.line != key_node.start_mark.line:
            return int(key_node.end_mark.column)
        if value.end_mark.line == value.start_mark.line:
            return int(value.end_mark.column)
        # a block scalar header (`|-`) or a flow collection opening on the key's line
        return int(value.start_mark.column) + 1

    def visit(n: Node, path: KeyPath) -> None:
        if isinstance(n, MappingNode) and not n.flow_style:
            for k, v in n.value:
                key = plain(k.value) if isinstance(k, ScalarNode) else str(k.value)
                p = (*path, key)
                keys.append(KeyPos(p, k.start_mark.line, value_scan_from(k, v)))
                visit(v, p)
        elif isinstance(n, SequenceNode) and not n.flow_style:
            for i, item in enumerate(n.value):
                p = (*path, i)
                if isinstance(item, ScalarNode) or getattr(item, "flow_style", False):
                    keys.append(KeyPos(p, item.start_mark.line, item.end_mark.column))
                else:
                    keys.append(KeyPos(p, item.start_mark.line, 1 << 30))
                visit(item, p)
        else:
            protect(n)

    visit(node, ())
    return keys, protected


_INLINE = re.compile(r"\s(#.*?)\s*$")


def _extract_comments(text: str, node: Node | None) -> Comments:
    keys, protected = _scan(node) if node is not None else ([], set())
    return place_comments(text, keys, protected)


def place_comments(text: str, keys: list[KeyPos], protected: set[int]) -> Comments:
    """The comments of YAML `text`, given the line of each key (and where on that line an
    inline comment may start) and the lines inside block scalars, which hold no comments: a
    run of comment lines belongs above the next key, a `# x` after a value to that key."""
    comments = Comments()
    by_line: dict[int, list[KeyPos]] = {}
    for k in keys:
        by_line.setdefault(k.line, []).append(k)
    pending: list[str] = []
    for n, line in enumerate(text.split("\n")):
        if n in protected:
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        if not stripped:
            pending.append("")
            continue
        here = by_line.get(n)
        if not here:
            continue
        if pending:
            comments.before.setdefault(here[0].path, []).extend(pending)
            pending = []
        last = here[-1]
        m = _INLINE.search(line[last.scan_from :]) if last.scan_from < len(line) else None
        if m:
            comments.inline[last.path] = m.group(1)
    while pending and pending[-1] == "":
        pending.pop()
    comments.trailing = pending
    return comments


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


def _compose(text: str, loader: YAML) -> Any:
    """ruamel's nodes for `text`, parsed by libyaml when it reads the text as ruamel would
    (five times faster; see fastyaml), else by ruamel."""
    try:
        return fastyaml.compose(text)
    except fastyaml.Fallback:
        return loader.compose(text)


def load(text: str, warnings: list[str] | None = None) -> tuple[dict[str, Any], Comments]:
    """Parse YAML front matter text into plain data and its comments."""
    warnings = warnings if warnings is not None else []
    limits.check_text(text)
    try:
        loader = _loader_for(text)
        try:
            node = _compose(text, loader)
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
    return plain(data), _extract_comments(text, node)


def dump(data: dict[str, Any], comments: Comments | None = None) -> str:
    """YAML text for `data`, with each comment placed at the key it annotates."""
    lines: dict[KeyPath, int] | None = None
    if not data:
        text = ""
    else:
        lines = {} if comments else None
        try:
            # ruamel's bytes, faster; with comments to place, each key path's line as written
            text = fastemit.dump(data, needs_quotes, _literal_ok, lines)
        except fastyaml.Fallback:
            lines = None  # partial: the text ruamel writes is composed again instead
            buf = io.StringIO()
            _DUMPER.dump(data, buf)
            text = buf.getvalue()
    if comments:
        text = _insert_comments(text, comments, lines)
    return text


def _key_lines(text: str) -> dict[KeyPath, int]:
    """The first line of every key path in `text` (0-based), found by composing it."""
    node = _compose(text, _loader_for(text)) if text.strip() else None
    keys, _ = _scan(node) if node is not None else ([], set())
    first_line_of: dict[KeyPath, int] = {}
    for k in keys:
        first_line_of.setdefault(k.path, k.line)
    return first_line_of


def _insert_comments(
    text: str, comments: Comments, first_line_of: dict[KeyPath, int] | None = None
) -> str:
    """`text` with `comments` placed; `first_line_of`, when the emitter recorded it, is what
    `_key_lines(text)` would find (tests/test_perf_yamlcomments.py holds them equal)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if first_line_of is None:
        first_line_of = _key_lines(text)
    before: dict[int, list[str]] = {}
    inline: dict[int, str] = {}
    orphans: list[str] = []
    for path, block in comments.before.items():
        target = _nearest(path, first_line_of)
        if target is None:
            orphans.extend(block)
        else:
            before.setdefault(target, []).extend(block)
    for path, c in comments.inline.items():
        if path in first_line_of:
            inline[first_line_of[path]] = c
        else:
            target = _nearest(path, first_line_of)
            if target is None:
                orphans.append(c)
            else:
                before.setdefault(target, []).append(c)
    out: list[str] = []
    for n, line in enumerate(lines):
        if n in before:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + c if c else "" for c in before[n])
        out.append(line + "  " + inline[n] if n in inline else line)
    trailing = [*orphans, *comments.trailing]
    out.extend(trailing)
    return "\n".join(out) + "\n" if out else ""


def _nearest(path: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    """The line of `path`, or of its closest surviving ancestor (a key TOML could not hold)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
