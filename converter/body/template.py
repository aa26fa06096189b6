"""The small template language of shortcode tables: data, not code, for most shortcodes.

    %{src}            a named parameter        %{0}     the first positional one
    %{caption|title}  the first that is set    %{inner} the rendered inner text
    %{id|0|'x'}       ... or a literal
    %[ alt="%{alt}" %]  an optional group: left out unless every placeholder in it is set
    %{?1}             nothing, but as a condition: %[{target="_blank"}%{?1}%]

`%{` and `%[` do not occur in Markdown, Liquid (`{% %}`), or Quarto/Hugo calls (`{{< >}}`),
so templates for every target can be written as they will appear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_GROUP = re.compile(r"%\[(.*?)%\]", re.DOTALL)
_PLACEHOLDER = re.compile(r"%\{([^}]*)\}")

Lookup = Callable[[str], str | None]


def _resolve(expr: str, lookup: Lookup) -> str | None:
    if expr.startswith("?"):
        return "" if _resolve(expr[1:], lookup) is not None else None
    for alternative in expr.split("|"):
        alternative = alternative.strip()
        if len(alternative) >= 2 and alternative[0] == alternative[-1] == "'":
            return alternative[1:-1]
        value = lookup(alternative)
        if value not in (None, ""):
            return value
    return None


def fill(template: str, lookup: Lookup) -> str:
    """`template` with its placeholders filled; an unset placeholder outside a group is ''."""

    def group(m: re.Match[str]) -> str:
        body = m.group(1)
        names = _PLACEHOLDER.findall(body)
        if any(_resolve(n, lookup) is None for n in names):
            return ""
        return _PLACEHOLDER.sub(lambda p: _resolve(p.group(1), lookup) or "", body)

    text = _GROUP.sub(group, template)
    return _PLACEHOLDER.sub(lambda p: _resolve(p.group(1), lookup) or "", text)


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)
