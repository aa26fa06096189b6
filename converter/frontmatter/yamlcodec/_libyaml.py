"""YAML composed by libyaml (C), into the very nodes ruamel.yaml's composer would build.

ruamel.yaml parses in pure Python: about 2 ms a front matter, most of a Hugo-to-Hugo
conversion's time. libyaml, through PyYAML's `CParser` (PyYAML is already installed, by
python-frontmatter), does the parsing part about twenty times faster. What it must not change
is the result, so only the parsing moves:

- every plain scalar is tagged by ruamel's own YAML 1.2 resolver (libyaml would ask PyYAML's
  1.1 one, where `yes` is a boolean and `10:00` a number);
- the nodes are ruamel's node classes with the same tags, values, styles and line marks, so
  the safety checks, duplicate-key handling, comment placement and ruamel's round-trip
  constructor run on them exactly as on nodes ruamel composed.

Where the two parsers could read the text differently (a `%YAML` directive, tabs, the
characters YAML 1.1 counts as line breaks and 1.2 does not, `- ` items with no value) or
libyaml refuses it, `compose` raises `Fallback` and
ruamel composes, whose error messages users see. The one-walk reader (`_fast_load`) uses the
same parser and resolution. tests/test_codec_yaml.py holds every path to ruamel's results.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import nodes as rt
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from converter.frontmatter.fallback import Fallback

try:
    import yaml as pyyaml  # type: ignore[import-untyped]
    from yaml.cyaml import CParser  # type: ignore[import-untyped]

    AVAILABLE = bool(pyyaml.__with_libyaml__)
except ImportError:  # PyYAML without libyaml, or no PyYAML: ruamel alone, as before
    AVAILABLE = False

# Not for libyaml: a version directive (1.1 resolution); NEL / LS / PS, which YAML 1.1
# (libyaml) reads as line breaks and YAML 1.2 (ruamel) as ordinary characters; tabs, which
# libyaml takes as separation (`a:<tab>b`) where ruamel refuses them.
_DIFFERENT = re.compile("^%YAML|[\t\x85\u2028\u2029]", re.MULTILINE)


# ruamel's YAML 1.2 implicit resolvers: first character -> [(tag, regexp)], read once
_IMPLICIT: dict[Any, list[tuple[str, Any]]] = VersionedResolver(version=(1, 2)).versioned_resolver
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))
# One ruamel Tag per tag text: a Tag works out its text anew for every instance (per
# character), and every node would otherwise have its own
_TAGS: dict[str, Tag] = {}

if AVAILABLE:
    _DEFAULTS = {pyyaml.ScalarNode: _STR, pyyaml.SequenceNode: _SEQ, pyyaml.MappingNode: _MAP}

    class Parser(CParser):  # type: ignore[misc]
        """libyaml's parser and composer, resolving plain scalars the YAML 1.2 way."""

        def __init__(self, text: str) -> None:
            super().__init__(text)
            # value -> `resolves_to(value)` for the plain scalars resolved so far: the
            # one-walk reader checks each plain scalar's tag against it, not a second time
            self.resolved: dict[str, str] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            """What ruamel's VersionedResolver.resolve answers, from its own table."""
            if kind is pyyaml.ScalarNode and implicit[0]:
                tag = self.resolved[value] = resolves_to(value)
                return tag
            return _DEFAULTS[kind]

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


def resolves_to(value: str) -> str:
    """The tag YAML 1.2 (as ruamel reads it) gives `value` written plain."""
    for tag, regexp in _IMPLICIT.get(value[0] if value else "", ()):
        if regexp.match(value):
            return tag
    return _STR


def ruamel_tag(text: str) -> Tag:
    """ruamel's Tag for a tag's text, one shared instance per text."""
    found = _TAGS.get(text)
    if found is None:
        found = _TAGS[text] = Tag(suffix=text)
    return found


def differs(text: str) -> bool:
    """Whether libyaml could read `text` otherwise than ruamel (or is not here to read it)."""
    return not AVAILABLE or bool(_DIFFERENT.search(text))


def compose(text: str) -> Any:
    """The root node of `text` as ruamel's composer would give it (None for no document).

    Raises `Fallback` when the text should go to ruamel instead.
    """
    if differs(text):
        raise Fallback
    parser = Parser(text)
    try:
        root = parser.get_single_node()
        return None if root is None else _convert(root, {})
    except (pyyaml.YAMLError, RecursionError, ValueError, TypeError):
        raise Fallback from None
    finally:
        parser.dispose()


def _convert(node: Any, memo: dict[int, Any]) -> Any:
    """A ruamel node for a PyYAML one; shared (aliased) nodes stay shared, cycles stay cycles."""
    done = memo.get(id(node))
    if done is not None:
        return done
    if isinstance(node, pyyaml.ScalarNode):
        out = rt.ScalarNode(
            ruamel_tag(node.tag), node.value, node.start_mark, node.end_mark, style=node.style
        )
        memo[id(node)] = out
        return out
    if isinstance(node, pyyaml.SequenceNode):
        if not node.flow_style and any(is_empty(item) for item in node.value):
            raise Fallback  # `- ` with nothing: marked where the parsers disagree (see below)
        seq = rt.SequenceNode(
            ruamel_tag(node.tag), [], node.start_mark, node.end_mark, flow_style=node.flow_style
        )
        memo[id(node)] = seq
        seq.value = [_convert(item, memo) for item in node.value]
        return seq
    mapping = rt.MappingNode(
        ruamel_tag(node.tag), [], node.start_mark, node.end_mark, flow_style=node.flow_style
    )
    memo[id(node)] = mapping
    pairs = []
    for k, v in node.value:
        key, value = _convert(k, memo), _convert(v, memo)
        if is_empty(v) and not node.flow_style:
            # `key:` with no value: libyaml marks the null just after the colon, ruamel at the
            # next token, lines later past any comments. Where a comment after `key:` is
            # looked for must not depend on that: mark it at the key's end, which is where
            # the comment placement looks when the mark is on another line.
            value = rt.ScalarNode(ruamel_tag(v.tag), v.value, k.end_mark, k.end_mark, style=v.style)
            memo[id(v)] = value
        pairs.append((key, value))
    mapping.value = pairs
    return mapping


def is_empty(node: Any) -> bool:
    """A plain empty scalar (`key:` or `- ` with nothing): where libyaml and ruamel mark it
    differently."""
    return isinstance(node, pyyaml.ScalarNode) and node.value == "" and not node.style
