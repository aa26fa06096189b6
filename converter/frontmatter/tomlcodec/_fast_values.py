"""The values of the usual TOML front matter lines, as `tomllib` reads them, without it.

`tomllib.loads` was a fifth of reading a real site (issue 23): a pure-Python parser stepping
through every character. Front matter lines are nearly all `key = "text"`, `true`, a date or
an array of strings on one line; one regular expression reads such a value and what follows
it. Anything else (an escape in a string, a multi-line value, an inline table, a hexadecimal
number...) is declined (None), and the caller has `tomllib` read the whole text as before:
what this module gives is always what `tomllib` (with `plain`) gives, or nothing
(tests/test_perf_read.py holds it to `tomllib` on generated lines and every corpus page).

The caller checks once that the text holds no control character but tab and newline: then no
string or comment accepted here is one `tomllib` would refuse for one.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# What `tomllib` refuses in a string or a comment (ASCII controls but tab; newlines split lines)
ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_BASIC = r'"[^"\\]*"'  # one-line basic string without an escape (no control: ILLEGAL)
_LITERAL = r"'[^']*'"
_ARRAY = rf"\[[ \t]*(?:(?:{_BASIC}|{_LITERAL})[ \t]*,[ \t]*)*(?:(?:{_BASIC}|{_LITERAL})[ \t]*)?\]"
# a value and what may follow it on its line: blanks and a comment
_VALUE = re.compile(
    rf'"([^"\\]*)"|\'([^\']*)\'|(true)|(false)|({_ARRAY})'
    r"|([+-]?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?)"
    r"(?=[ \t]*(?:#|\Z))"
)
_TAIL = re.compile(r"[ \t]*(#.*)?\Z")
_ELEMENT = re.compile(r""""([^"\\]*)"|'([^']*)'""")
try:  # tomllib's own date pattern and conversion (Python 3.11+), so dates are read as it does
    _TOML_RE: Any = importlib.import_module("tomllib._re")
except ImportError:
    _TOML_RE = None


def value(rest: str) -> tuple[Any, str | None] | None:
    """The value at the start of `rest` (what follows `key =` on its line) and the comment
    after it (None when there is none), or None when `rest` is not a usual one-line value."""
    m = _VALUE.match(rest)
    if m is None:
        return _date(rest)
    basic, literal, true, false, array, number = m.groups()
    tail = _TAIL.match(rest, m.end())
    if tail is None:
        return None
    comment = tail.group(1)
    note = comment.strip() if comment else None
    if basic is not None:
        return basic, note
    if literal is not None:
        return literal, note
    if true is not None:
        return True, note
    if false is not None:
        return False, note
    if array is not None:
        items = [
            e.group(1) if e.group(1) is not None else e.group(2) for e in _ELEMENT.finditer(array)
        ]
        return items, note
    # (a date never gets here: its `-` after four digits ends no number the pattern takes)
    return (float(number) if "." in number else int(number)), note


def _date(rest: str) -> tuple[Any, str | None] | None:
    """A date or date-time value, by tomllib's own pattern and conversion."""
    if _TOML_RE is None or not rest[:1].isdigit():
        return None
    m = _TOML_RE.RE_DATETIME.match(rest)
    if m is None:
        return None
    tail = _TAIL.match(rest, m.end())
    if tail is None:
        return None
    try:
        when = _TOML_RE.match_to_datetime(m)
    except ValueError:  # 2023-02-30: tomllib refuses it
        return None
    comment = tail.group(1)
    # plain types already, and its UTC the one `plain` makes (timezone(timedelta(0)) is it)
    return when, comment.strip() if comment else None
