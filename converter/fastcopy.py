"""`copy.deepcopy` for front matter data, without deepcopy's general machinery.

A page's fields are copied several times on their way through (the reader keeps the source
data apart from the fields it upgrades; a writer edits a copy), and deepcopy dispatches,
memoizes and reduces every value, dates included: about a tenth of reading a page. Front
matter is dicts and lists of strings, numbers, booleans, None and dates, all immutable but the
containers, so a copy is the containers made anew and the rest shared, exactly what deepcopy
gives for such data (a container met twice stays one container, as with deepcopy's memo).
Anything else is handed to deepcopy itself.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, TypeVar

T = TypeVar("T")

_IMMUTABLE = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, dt.time})


def copy_data(value: T) -> T:
    """A deep copy of `value`, as `copy.deepcopy(value)` would make it."""
    memo: dict[int, Any] = {}

    def walk(v: Any) -> Any:
        kind = type(v)
        if kind in _IMMUTABLE:
            return v
        if kind is dict:
            done = memo.get(id(v))
            if done is None:
                done = memo[id(v)] = {}
                for k, x in v.items():
                    done[walk(k)] = walk(x)
            return done
        if kind is list:
            done = memo.get(id(v))
            if done is None:
                done = memo[id(v)] = []
                done.extend(walk(x) for x in v)
            return done
        return copy.deepcopy(v, memo)

    result: T = walk(value)
    return result
