"""JSON front matter: Hugo accepts it and no Academic archetype uses it; read and written."""

from __future__ import annotations

import json
from typing import Any

from converter.errors import FrontMatterError
from converter.frontmatter import limits
from converter.frontmatter.comments import Comments


def load(text: str) -> tuple[dict[str, Any], Comments]:
    limits.check_text(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise FrontMatterError(f"invalid JSON front matter: {e.msg}", line=e.lineno) from None
    except RecursionError:  # the C decoder gives up past the interpreter's recursion limit
        raise limits.too_deep(1) from None
    limits.check_depth(data)
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values", line=1)
    return data, Comments()


def dump(data: dict[str, Any], comments: Comments | None = None) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
