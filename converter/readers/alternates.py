"""A page's second body back from a target (see writers/bodies.py): the R Markdown source a
Jekyll or MkDocs site keeps under `_hugo_academic/`, or the rendered file a Quarto site keeps
there while its page is the source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from converter.errors import ConversionError
from converter.model import Alternate
from converter.pages import parse_page


def kept_files(record: dict[str, Any]) -> list[str]:
    """The files a record names as kept bodies: not pages, not static files of the site."""
    out: list[str] = []
    alt = record.get("alternate")
    if isinstance(alt, dict) and isinstance(alt.get("at"), str):
        out.append(alt["at"])
    if isinstance(record.get("rendered"), str):
        out.append(record["rendered"])
    return out


def read_back(
    record: dict[str, Any], root: Path, body: str
) -> tuple[str, Alternate | None, list[str]]:
    """(the page's body, its R Markdown source, warnings), given the body read from the
    target's page (`body`, already restored through the record's patch)."""
    alt = record.get("alternate")
    if not isinstance(alt, dict) or not isinstance(alt.get("name"), str):
        return body, None, []
    name = alt["name"]
    rendered = record.get("rendered")
    if isinstance(rendered, str):  # the page is the source; the rendering was kept
        lines = alt.get("head")
        head = "\n".join(str(x) for x in lines) if isinstance(lines, list) else str(lines or "")
        try:
            kept = parse_page((root / rendered).read_bytes())
            fields = parse_page((head + body).encode("utf-8")).data
        except (OSError, ConversionError) as e:
            why = e.message if isinstance(e, ConversionError) else str(e)
            return body, None, [f"the rendered file kept at {rendered} is not read: {why}"]
        return kept.split.body, Alternate(name, head, body, fields), []
    at = alt.get("at")
    if not isinstance(at, str):
        return body, None, []
    try:
        raw = (root / at).read_bytes()
        parsed = parse_page(raw)
    except (OSError, ConversionError) as e:
        why = e.message if isinstance(e, ConversionError) else str(e)
        return body, None, [f"the R Markdown source {name} kept at {at} is not read: {why}"]
    source_body = parsed.split.body
    head = parsed.text[: len(parsed.text) - len(source_body)] if source_body else parsed.text
    return body, Alternate(name, head, source_body, parsed.data, raw), []
