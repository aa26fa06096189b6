"""Plain Python values out of library types, and strict equality over them.

The neutral model holds only dict, list, str, int, float, bool, None, date, datetime and time.
ruamel and tomlkit hand back subclasses that carry formatting; keeping those in the model would
make every writer depend on both libraries, and would make two equal pages compare unequal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import TaggedScalar


def normalize_tz(tz: dt.tzinfo | None, sample: dt.datetime) -> dt.tzinfo | None:
    if tz is None:
        return None
    offset = tz.utcoffset(sample)
    if offset is None:
        return None
    return dt.timezone.utc if offset == dt.timedelta(0) else dt.timezone(offset)


def plain(value: Any) -> Any:
    """Copy `value` into plain Python types, keeping key order and every date's type and offset."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=normalize_tz(value.tzinfo, value),
        )
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return dt.time(value.hour, value.minute, value.second, value.microsecond)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, TaggedScalar) and str(value.tag) == "tag:yaml.org,2002:str":
        return str(value.value)  # `!!str 1`: ruamel keeps the explicit tag; the value is text
    if isinstance(value, Mapping):
        return {plain_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None:
        return None
    raise TypeError(f"unsupported front matter value of type {type(value).__name__}")


def plain_key(key: Any) -> Any:
    return plain(key) if not isinstance(key, str) else str(key)


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    if value is None:
        return "null"
    return {int: "int", float: "float", str: "string", dict: "map", list: "list"}.get(
        type(value), type(value).__name__
    )


def lexical(value: Any) -> str:
    """The ISO text of a date, datetime or time; what the keep-namespace stores and restores."""
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            text = text[: -len("+00:00")] + "Z"
        return text
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def parse_lexical(kind: str, text: str) -> Any:
    if kind == "datetime":
        return plain(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "time":
        return dt.time.fromisoformat(text)
    raise ValueError(f"unknown lexical type {kind!r}")


def same(a: Any, b: Any) -> bool:
    """Equal in value *and* type: 1 != 1.0 != True, and 10:00+02:00 != 08:00Z."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=False))
    if isinstance(a, (dt.datetime, dt.time)):
        return bool(a.isoformat() == b.isoformat())
    if isinstance(a, float) and a != a:
        return bool(b != b)
    return bool(a == b)


def differences(
    a: Any, b: Any, path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], Any, Any]]:
    """Where `a` and `b` differ, as (path, before, after); empty when `same(a, b)`."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[tuple[Any, ...], Any, Any]] = []
        for k in a:
            if k not in b:
                out.append(((*path, k), a[k], "<missing>"))
            else:
                out.extend(differences(a[k], b[k], (*path, k)))
        out.extend(((*path, k), "<missing>", b[k]) for k in b if k not in a)
        if not out and list(a) != list(b):
            out.append(((*path, "<key order>"), list(a), list(b)))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=False))
            for d in differences(x, y, (*path, i))
        ]
    return [] if same(a, b) else [(path, a, b)]
