"""Block YAML for plain front matter data, written as ruamel.yaml (with our representer and
layout) writes it, byte for byte, without ruamel's event pipeline.

ruamel's dump is pure Python that builds a node, an event and an analysis for every value: on
the Jekyll, Quarto and MkDocs targets (whose front matter carries the keep record) it is most
of the time a page takes. Front matter is plain data (maps, lists, strings, numbers, booleans,
dates, nulls), and for it the output is a short set of rules: `key: value`, maps indented by 2,
lists by 2 with items at 4, `|`/`|-` blocks for multi-line text, single quotes where a reader
would retype a string.

Which style a string gets is not guessed: it is ruamel's own `analyze_scalar` and the choice
its emitter makes from it (`choose_scalar_style`), for our representer's requests (`_style`,
which the representer asks too); double quotes escape what its `write_double_quoted` escapes.
Floats are spelt as ruamel's representer spells them (`repr`, lowered) where that reads back
as a float. Anything beyond the rules (a list directly inside a list, a `|+` block, single
quotes over several lines, long or multi-line keys, other types) raises `Fallback`, and ruamel
writes the page (`_roundtrip.dump`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml.emitter import Emitter, ScalarAnalysis

from converter.frontmatter.fallback import Fallback
from converter.frontmatter.values import lexical
from converter.frontmatter.yamlcodec._libyaml import resolves_to
from converter.frontmatter.yamlcodec._style import literal_ok, needs_quotes
from converter.keypath import KeyPath

_ANALYZER = Emitter(io.StringIO(), allow_unicode=True)
# with no dumper the emitter is its own serializer; ours writes no %YAML directive
_ANALYZER.use_version = None  # type: ignore[attr-defined]
_BREAK = re.compile("[\r\x85\u2028\u2029]")  # breaks ruamel writes its own way
_KEY_TEXT: dict[str, str] = {}  # a key's text as written, by key
MAX_KEYS = 4096
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"
# What ruamel's analyze_scalar looks for in a one-line scalar: a character only double quotes
# can hold (with allow_unicode, as ours); what rules out a plain scalar in block context (`---`
# or `...` at the start, a leading indicator character, `?`, `:` or `-` at the start followed
# by a space or nothing, a later `:` followed by one or by the end, a `#` at the start or after
# a space) and in flow context (the same but a leading `?`/`:` only alone, `,[]{}` anywhere).
_WS = "\\0 \\t\\r\\n\\x85\\u2028\\u2029"
_SPECIAL = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")
_LEAD = "^(?:---|\\.\\.\\.|[#,\\[\\]{}&*!|>'\"%@`])"
_INSIDE = f"(?!^):(?:[{_WS}]|$)|(?:^|[{_WS}])#"
# Block context: `_LEAD`, `_BLOCK_START` or `_INSIDE`; flow context: `_LEAD`, `_FLOW_START`,
# `_FLOW_ANYWHERE` or `_INSIDE`. Each part is asked on its own (they were two patterns of
# alternatives, each tried at every place of the text): what holds at the start only is
# matched there, and `_INSIDE` is looked for only in a text with a `:` or a `#`.
_LEADING = re.compile(_LEAD)
_BLOCK_START = re.compile(f"^[?:-](?:[{_WS}]|$)")
_FLOW_START = re.compile(f"^-(?:[{_WS}]|$)|^[?:]$")
_FLOW_ANYWHERE = re.compile("[,\\[\\]{}]")
_INSIDE_ANYWHERE = re.compile(_INSIDE)
_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")


def _analyze_scalar(text: str) -> ScalarAnalysis:
    """ruamel's `analyze_scalar` (its emitter's, set up as ours), worked out with regular
    expressions for a one-line scalar instead of its loop over every character (an abstract
    is a thousand): the same answer, tested on generated text. Others go to ruamel."""
    if not text or _LINE_BREAK.search(text):
        analysis: ScalarAnalysis = _ANALYZER.analyze_scalar(text)
        return analysis
    special = _SPECIAL.search(text) is not None
    spaced = text[0] == " " or text[-1] == " "
    flow_plain = block_plain = not (special or spaced)
    if block_plain:
        lead = _LEADING.match(text) is not None
        inside = ("#" in text or ":" in text) and _INSIDE_ANYWHERE.search(text) is not None
        block_plain = not (lead or inside or _BLOCK_START.match(text))
        flow_plain = not (lead or inside or _FLOW_START.match(text) or _FLOW_ANYWHERE.search(text))
    return ScalarAnalysis(
        scalar=text,
        empty=False,
        multiline=False,
        allow_flow_plain=flow_plain,
        allow_block_plain=block_plain,
        allow_single_quoted=not special,
        allow_double_quoted=True,
        allow_block=not (special or text[-1] == " "),
    )


_analyze = lru_cache(maxsize=16384)(_analyze_scalar)  # keys and values recur a lot
MAX_DOUBLE = 100_000  # ruamel breaks a double-quoted line only past its width, 2**20
MAX_KEY = 100  # ruamel writes keys of 128 characters and more as `? key`; stay well below


def dump(data: dict[str, Any], lines: dict[KeyPath, int] | None = None) -> str:
    """The YAML text ruamel would write for `data`, or raise `Fallback`; none for no keys, as
    `_roundtrip.dump` writes none (ruamel would write `{}`).

    Given `lines`, it is filled with the 0-based line of every key path as it is written (a
    key's line; a list item's, `(*path, index)`, the line of its `-`): what
    `_roundtrip.dump` finds by composing the text again, without composing it. Each
    element of the output list is one whole line, so a line's number is the list's length
    when it is added.
    After a `Fallback`, `lines` holds a partial record and is not to be used.
    """
    out: list[str] = []
    try:
        _mapping(data, 0, out, None, (), lines)
    except RecursionError:
        raise Fallback from None
    return "".join(out)


def _mapping(
    data: dict[Any, Any],
    indent: int,
    out: list[str],
    lead: str | None,
    path: KeyPath,
    lines: dict[KeyPath, int] | None,
) -> None:
    """`lead`: a list item's `- ` (with its indentation) that the first key's line starts with."""
    pad = " " * indent
    for key, value in data.items():
        if lead is None:
            head = pad + _key(key) + ":"
        else:
            head = lead + _key(key) + ":"
            lead = None
        here = (*path, key)
        if lines is not None:
            lines[here] = len(out)
        kind = type(value)
        if kind is dict:
            if not value:
                out.append(head + " {}\n")
            else:
                out.append(head + "\n")
                _mapping(value, indent + 2, out, None, here, lines)
        elif kind is list:
            if not value:
                out.append(head + " []\n")
            else:
                out.append(head + "\n")
                _sequence(value, indent + 2, out, here, lines)
        elif value is None:
            out.append(head + "\n")
        else:
            text, block = _scalar(value)
            if block is None:
                out.append(head + " " + text + "\n")
            else:
                out.append(head + " " + block + "\n")
                _block_lines(text, indent + 2, out)


def _sequence(
    items: list[Any],
    dash: int,
    out: list[str],
    path: KeyPath,
    lines: dict[KeyPath, int] | None,
) -> None:
    prefix = " " * dash + "- "
    for index, item in enumerate(items):
        here = (*path, index)
        if lines is not None:
            lines[here] = len(out)
        kind = type(item)
        if kind is dict:
            if not item:
                out.append(prefix + "{}\n")
            else:
                _mapping(item, dash + 2, out, prefix, here, lines)
        elif kind is list:
            if item:
                raise Fallback  # ruamel aligns a list in a list its own way (`-   - x`)
            out.append(prefix + "[]\n")
        elif item is None:
            out.append(prefix + "\n")
        else:
            text, block = _scalar(item)
            if block is None:
                out.append(prefix + text + "\n")
            else:
                out.append(prefix + block + "\n")
                _block_lines(text, dash + 2, out)


def _block_lines(text: str, indent: int, out: list[str]) -> None:
    pad = " " * indent
    body = text[:-1] if text.endswith("\n") else text
    for line in body.split("\n"):
        out.append(pad + line + "\n" if line else "\n")


def _key(key: Any) -> str:
    """A key as written: worked out once per key text (a site has few), else `_key_text`."""
    if type(key) is str:
        done = _KEY_TEXT.get(key)
        if done is not None:
            return done
    text = _key_text(key)
    if len(_KEY_TEXT) < MAX_KEYS:
        _KEY_TEXT[key] = text
    return text


def _key_text(key: Any) -> str:
    if type(key) is not str or len(key) > MAX_KEY or "\n" in key or _BREAK.search(key):
        raise Fallback
    analysis = _analyze(key)
    if needs_quotes(key) or key == "":
        return _single(key, analysis, key=True)
    if analysis.allow_block_plain and not analysis.empty and resolves_to(key) == _STR:
        return key
    return _quoted(key, analysis, key=True)


def _scalar(value: Any) -> tuple[str, str | None]:
    """(text, None) for a one-line scalar, or (text, `|` or `|-`) for a literal block."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return ("true" if value else "false"), None
    if kind is int:
        return str(value), None
    if kind is dt.datetime or kind is dt.date:
        text = lexical(value) if kind is dt.datetime else value.isoformat()
        if resolves_to(text) != _TIMESTAMP or not _analyze(text).allow_block_plain:
            raise Fallback
        return text, None
    if kind is float:
        # SafeRepresenter.represent_float's spelling of a finite float, which the emitter
        # writes plain where it reads back as a float (else with a tag: left to ruamel)
        text = repr(value).lower()
        if not math.isfinite(value) or resolves_to(text) != _FLOAT:
            raise Fallback
        if not _analyze(text).allow_block_plain:
            raise Fallback
        return text, None
    raise Fallback  # times, anything else


# `_string`'s answers by text: a site's values recur (a record holds the page's own fields, a
# listing's names and kinds repeat on every page), and the answer depends on the text alone
_STRINGS: dict[str, tuple[str, str | None]] = {}
MAX_STRINGS = 16384
MAX_MEMO = 200  # longer texts (abstracts, body patches) seldom recur: not kept


def _string(text: str) -> tuple[str, str | None]:
    """`_spelt`, remembered for short texts (it raises `Fallback` again for those it did)."""
    done = _STRINGS.get(text)
    if done is not None:
        return done
    done = _spelt(text)
    if len(text) <= MAX_MEMO and len(_STRINGS) < MAX_STRINGS:
        _STRINGS[text] = done
    return done


def _spelt(text: str) -> tuple[str, str | None]:
    if _BREAK.search(text):
        raise Fallback
    if "\n" in text and literal_ok(text):
        if not text.endswith("\n"):
            return text, "|-"
        if len(text) == 1 or text[-2] == "\n":
            raise Fallback  # `|+`: ruamel ends the document with `...`
        return text, "|"
    analysis = _analyze(text)
    if needs_quotes(text) or text == "":
        return _single(text, analysis), None
    if analysis.allow_block_plain and resolves_to(text) == _STR:
        return text, None
    return _quoted(text, analysis), None


def _quoted(text: str, analysis: Any, key: bool = False) -> str:
    """ruamel's choice for a string it cannot write plain: double quotes when the text has
    a `'` or a line break, else single quotes."""
    if analysis.allow_double_quoted and ("'" in text or "\n" in text):
        return _double(text)
    return _single(text, analysis, key)


def _single(text: str, analysis: Any, key: bool = False) -> str:
    if analysis.allow_single_quoted and not (key and analysis.multiline):
        if analysis.multiline or "\n" in text:
            raise Fallback  # single-quoted over several lines: ruamel folds it its own way
        return "'" + text.replace("'", "''") + "'"
    return _double(text)


# ruamel's write_double_quoted: what it escapes (with allow_unicode), and how
_ESCAPED = re.compile(
    '["\\\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]'
)
_REPLACEMENTS = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\x09": "t",
    "\x0a": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\x0d": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _REPLACEMENTS:
        return "\\" + _REPLACEMENTS[ch]
    if ch <= "\xff":
        return f"\\x{ord(ch):02X}"
    if ch <= "\uffff":
        return f"\\u{ord(ch):04X}"
    return f"\\U{ord(ch):08X}"


def _double(text: str) -> str:
    if len(text) > MAX_DOUBLE:
        raise Fallback  # ruamel would break a line this long
    return '"' + _ESCAPED.sub(_escape, text) + '"'
