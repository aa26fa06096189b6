"""A plan: every file a conversion would write, and what happened to every page.

Writers return a plan and touch nothing; `--dry-run` reports it, and `apply` writes it. Keeping
the two apart is what lets a user review a migration before a single file exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileAction:
    dest: str  # relative to the output folder, POSIX
    content: bytes | None = None  # bytes to write; None means copy `source`
    source: Path | None = None  # the file copied, or the page converted
    origin: str | None = None  # site-relative path of what produced it (for reports)


@dataclass
class PageReport:
    source: str
    outputs: list[str] = field(default_factory=list)
    status: str = "converted"  # converted, unchanged, copied, failed
    mapped: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Plan:
    target: str
    source: Path
    actions: list[FileAction] = field(default_factory=list)
    pages: list[PageReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[PageReport]:
        return [p for p in self.pages if p.status == "failed"]
