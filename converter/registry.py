"""Readers and writers by name: the built-ins, plus any a third party installs.

Shaped like mdformat's plugins.py: the interfaces are Protocols, and the registry is a mapping
filled from the `converter.readers` / `converter.writers` entry-point groups, so a package that
declares e.g. `[project.entry-points."converter.writers"] hexo = "mypkg:HexoWriter"` appears in
`academic-migrate formats` and `--to hexo` without any change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

from converter.errors import UsageError
from converter.model import Page, Site
from converter.plan import Plan
from converter.spool import Spool

# progress(stage, done, total): stage is "read", "plan" or "write"; called as work completes,
# from the calling process only (workers report through it), so a CLI can draw one bar
Progress = Callable[[str, int, int], None]


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


def _builtin_readers() -> dict[str, object]:
    from converter.readers.hugo import HugoReader
    from converter.readers.jekyll import JekyllReader
    from converter.readers.mkdocs import MkDocsReader
    from converter.readers.quarto import QuartoReader

    return {
        "hugo": HugoReader,
        "jekyll": JekyllReader,
        "mkdocs": MkDocsReader,
        "quarto": QuartoReader,
    }


def _builtin_writers() -> dict[str, object]:
    from converter.writers.hugo import HugoTomlWriter, HugoYamlWriter
    from converter.writers.jekyll import JekyllWriter
    from converter.writers.mkdocs import MkDocsWriter
    from converter.writers.quarto import QuartoWriter

    return {
        "hugo-yaml": HugoYamlWriter,
        "hugo-toml": HugoTomlWriter,
        "jekyll": JekyllWriter,
        "mkdocs": MkDocsWriter,
        "quarto": QuartoWriter,
    }


def _from_entry_points(group: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for ep in entry_points(group=group):
        try:
            found[ep.name] = ep.load()
        except Exception:  # a broken plugin must not take the built-ins down with it
            continue
    return found


@cache
def readers() -> dict[str, Reader]:
    classes = {**_from_entry_points("converter.readers"), **_builtin_readers()}
    return {name: cls() for name, cls in classes.items()}  # type: ignore[operator]


@cache
def writers() -> dict[str, Writer]:
    classes = {**_from_entry_points("converter.writers"), **_builtin_writers()}
    return {name: cls() for name, cls in classes.items()}  # type: ignore[operator]


def get_reader(name: str) -> Reader:
    try:
        return readers()[name]
    except KeyError:
        raise UsageError(
            f"unknown reader {name!r}; choose from {', '.join(sorted(readers()))}"
        ) from None


def get_writer(name: str) -> Writer:
    try:
        return writers()[name]
    except KeyError:
        raise UsageError(
            f"unknown target {name!r}; choose from {', '.join(sorted(writers()))}"
        ) from None


def detect_reader(path: Path) -> Reader:
    # Hugo's test (any Markdown under the folder) would also take a Jekyll or Quarto site, so
    # the readers with a precise test go first
    for reader in sorted(readers().values(), key=lambda r: r.name == "hugo"):
        if reader.detect(path):
            return reader
    raise UsageError(
        f"{path}: no reader recognises this as a site, content folder or page; use --from"
    )
