"""Errors a user can act on: each names the file and, where known, the line.

A user's mistake (a broken page, a bad mapping file) must never surface as a traceback, so every
error the reader or the CLI expects derives from `ConversionError` and carries enough context to
print one useful line.
"""

from __future__ import annotations

from pathlib import Path


class ConversionError(Exception):
    """A problem with the user's input, reported with its location instead of a traceback."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def located(self, path: Path | str, line_offset: int = 0) -> ConversionError:
        """Return the same error placed in a file, shifting the line by where the text began."""
        line = self.line + line_offset if self.line is not None else None
        return type(self)(self.message, path, line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return where + self.message


class FrontMatterError(ConversionError):
    """Front matter that cannot be split or parsed (unclosed fence, invalid YAML/TOML/JSON)."""


class EncodingError(ConversionError):
    """A file that is not UTF-8 text."""


class UsageError(ConversionError):
    """A command-line or API call that cannot be carried out as asked (exit status 2)."""
