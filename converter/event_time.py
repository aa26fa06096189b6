"""The time of day of an event, as the Academic theme printed it beside the event's dates.

`get_event_dates.html` (v4.8.0 `layouts/partials/functions/`, the same in Wowchemy v5 and Hugo
Blox) prints the start date and, unless the event is `all_day`, its start time in the site's
`time_format` (a Go layout, "3:04 PM" by default), then the end time the same way: a talk at
ten shows "Mar 14, 2031 10:00 AM — 10:30 AM". Quarto's, Jekyll's and MkDocs' date fields print
the day only, so the writers add a "Time" line to the facts they print, and the
visible-fidelity check (mappings/theme/visible.yaml, `show: time`) asks for it.

A date written without a time of day (`2030-06-01`) is midnight to Hugo, and the theme
printed "12:00 AM" for it: that tells a visitor nothing, and it is not repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

DEFAULT_FORMAT = "3:04 PM"  # Academic's params.toml default
_CLOCK = re.compile(r"^\s*\d{4}-\d\d-\d\d[Tt ](\d\d):(\d\d)(?::(\d\d))?")
# Go's reference time, Mon Jan 2 15:04:05 2006: the elements of a time of day
_GO = re.compile(r"15|03|04|05|PM|pm|3|4|5")


def clock(value: Any) -> dt.time | None:
    """The time of day written in a date value, in its own offset; None for a bare day."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, str) and (m := _CLOCK.match(value)):
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute, second)
    return None


def go_format(layout: str, t: dt.time) -> str:
    """`t` written by the Go layout `layout`, as Hugo's `.Format` writes a time of day."""
    h12 = t.hour % 12 or 12
    noon = t.hour >= 12
    parts = {
        "15": f"{t.hour:02d}",
        "03": f"{h12:02d}",
        "3": str(h12),
        "04": f"{t.minute:02d}",
        "4": str(t.minute),
        "05": f"{t.second:02d}",
        "5": str(t.second),
        "PM": "PM" if noon else "AM",
        "pm": "pm" if noon else "am",
    }
    return _GO.sub(lambda m: parts[m[0]], layout)


def time_format(params: dict[str, Any], lang: str | None = None) -> str:
    """The site's `time_format` for pages in `lang`: the language's own, else the site's
    (`params.time_format`, Hugo Blox's `params.hugoblox.locale.time_format`), else the
    theme's default."""
    languages = params.get("languages")
    places: list[Any] = []
    if lang and isinstance(languages, dict):
        places.append(languages.get(lang))
    places.append({k: v for k, v in params.items() if k != "languages"})
    for place in places:
        found = _find(place, "time_format")
        if isinstance(found, str) and found.strip():
            return found
    return DEFAULT_FORMAT


def _find(value: Any, key: str, depth: int = 0) -> Any:
    if not isinstance(value, dict) or depth > 4:
        return None
    if key in value:
        return value[key]
    for v in value.values():
        found = _find(v, key, depth + 1)
        if found is not None:
            return found
    return None


def event_times(fields: dict[str, Any], layout: str) -> list[str]:
    """The start and end time the theme printed for an event with these fields (the end only
    with a `date_end` that has a time); none for an all-day event or bare days."""
    if fields.get("all_day"):  # as Go templates read it: any value but false, 0, ""
        return []
    start = clock(fields.get("date"))
    if start is None:
        return []
    end = clock(fields.get("date_end"))
    return [go_format(layout, start)] + ([go_format(layout, end)] if end is not None else [])


def time_line(times: list[str]) -> str | None:
    """The times as one line of a page's facts, joined by an en dash as a person would
    write a span of time."""
    return " \u2013 ".join(times) or None
