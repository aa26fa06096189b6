"""How a string is written in YAML: the one rule both YAML writers follow.

We emit YAML 1.2, where `yes`, `on` and `10:00` are plain strings, but YAML 1.1 readers
(go-yaml v2 in older Hugo, PyYAML in MkDocs, Psych in Jekyll) turn them into booleans and
sexagesimal numbers. So every string any of those readers would retype is quoted, and text over
several lines is a `|` block when a block can hold it exactly. ruamel's representer
(`_roundtrip`) and the fast emitter (`_fast_emit`) both ask these two functions, so they cannot
drift apart on which strings are quoted or written as blocks.
"""

from __future__ import annotations

import re

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
    """Whether some YAML reader would read `text`, written plain, as another type."""
    return bool(_RETYPED.match(text))


def literal_ok(text: str) -> bool:
    """Whether a `|` block can hold `text` exactly (else it is written double-quoted)."""
    lines = text.split("\n")
    return (
        bool(text.strip())
        and not text[0].isspace()
        and all(line == line.rstrip() for line in lines)
        # every character printable or a tab: one pass in C, not a generator over each
        and text.replace("\n", "").replace("\t", "").isprintable()
        and "\ufeff" not in text
    )
