"""python-frontmatter handlers built on our codecs, for `frontmatter.loads(text, handler=...)`.

python-frontmatter's own handlers lose what a migration must keep: its YAML handler (PyYAML)
sorts keys, drops comments and retypes dates, and its TOML handler needs the old `toml` package
and otherwise leaves `+++` front matter in the body. These keep order, types and comments (the
comments on the handler's `last_comments`, since a Post's metadata must stay plain data).
"""

from __future__ import annotations

import re
from typing import Any

from frontmatter.default_handlers import BaseHandler

from converter import frontmatter as fm
from converter.frontmatter.comments import Comments
from converter.frontmatter.split import detect, split


class _Handler(BaseHandler):
    FORMAT = ""

    def __init__(self) -> None:
        super().__init__()
        self.last_comments = Comments()

    def detect(self, text: str) -> bool:
        return detect(text) == self.FORMAT

    def split(self, text: str) -> tuple[str, str]:
        parts = split(text)
        return parts.text, parts.body

    def load(self, fm_text: str) -> dict[str, Any]:
        data, self.last_comments = fm.load(self.FORMAT, fm_text)
        return data

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        comments = kwargs.get("comments")
        return fm.dump(
            self.FORMAT, dict(metadata), comments if isinstance(comments, Comments) else None
        ).rstrip("\n")

    def format(self, post: Any, **kwargs: object) -> str:
        start = {"yaml": "---", "toml": "+++"}.get(self.FORMAT, "")
        metadata = self.export(post.metadata, **kwargs)
        if self.FORMAT == "json":
            return f"{metadata}\n{post.content}"
        return f"{start}\n{metadata}\n{start}\n{post.content}"


class YAMLHandler(_Handler):
    FORMAT = "yaml"
    FM_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"


class TOMLHandler(_Handler):
    FORMAT = "toml"
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"


class JSONHandler(_Handler):
    FORMAT = "json"
    FM_BOUNDARY = re.compile(r"^\{")
    START_DELIMITER = END_DELIMITER = ""


HANDLERS: dict[str, type[_Handler]] = {
    "yaml": YAMLHandler,
    "toml": TOMLHandler,
    "json": JSONHandler,
}


def handler_for(text: str) -> _Handler | None:
    fmt = detect(text)
    return HANDLERS[fmt]() if fmt else None
