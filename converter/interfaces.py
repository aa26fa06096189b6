"""What a reader and a writer are, and the options they take: the interfaces both sides and
the registry share (shaped like mdformat's plugin Protocols). Readers and writers import this,
never the registry, which imports them to list the built-ins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from converter.model import Page, Site
from converter.parallel import Progress
from converter.plan import Plan
from converter.spool import Spool


@dataclass
class ReadOptions:
    jobs: int | None = None  # worker processes; None: one per core (os.cpu_count())
    mappings: list[Path] = field(default_factory=list)  # user tables the writer was given
    progress: Progress | None = None


@dataclass
class WriteOptions:
    # where what the target cannot express goes (converter/sidecar.py): "sidecar" (a record
    # file per page under _hugo_academic/records/), "inline" (under the page's
    # `hugo_academic:` key) or "none" (dropped, listed in the report); True is the default
    # mode and False "none", as this was a flag
    keep: bool | str = True
    upgrade: bool = False  # write the neutral (current) field names, not the page's own era
    content_only: bool = False  # just the pages and their files, for an existing site's checkout
    # how the site is published (converter/deploy.py): auto (as the source was), github-pages,
    # netlify, none
    deploy: str = "auto"
    mappings: list[Path] = field(default_factory=list)
    jobs: int | None = None  # worker processes; None: one per core (os.cpu_count())
    progress: Progress | None = None
    # where a writer may spill page contents as it plans them (`plan.guarded` does); None
    # keeps them in memory
    spool: Spool | None = None


@runtime_checkable
class Reader(Protocol):
    name: str
    description: str

    def detect(self, path: Path) -> bool:
        """Whether `path` (a site root, content folder or page) is in this reader's convention."""
        ...

    def read(self, path: Path, options: ReadOptions) -> Site: ...

    def read_page(self, path: Path) -> Page: ...


@runtime_checkable
class Writer(Protocol):
    name: str
    description: str
    reader: str  # the reader that reads this writer's output back (for `roundtrip`)

    def plan(self, site: Site, options: WriteOptions) -> Plan:
        """The files to write for `site`. Pure: reads source files, writes nothing."""
        ...
