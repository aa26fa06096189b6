"""Readers and writers by name: the built-ins, plus any a third party installs.

Shaped like mdformat's plugins.py: the interfaces are Protocols, and the registry is a mapping
filled from the `converter.readers` / `converter.writers` entry-point groups, so a package that
declares e.g. `[project.entry-points."converter.writers"] hexo = "mypkg:HexoWriter"` appears in
`academic-migrate formats` and `--to hexo` without any change here.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from converter.errors import UsageError
from converter.interfaces import Reader, ReadOptions, WriteOptions, Writer
from converter.parallel import Progress

__all__ = [
    "Progress",
    "ReadOptions",
    "Reader",
    "WriteOptions",
    "Writer",
    "detect_reader",
    "get_reader",
    "get_writer",
    "readers",
    "writers",
]


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


# The built-in writers by name: module and class, imported when a writer is first asked for
# (a run imports only its target's writer, about a tenth of a second less than all five).
_BUILTIN_WRITERS = {
    "hugo-yaml": ("converter.writers.hugo", "HugoYamlWriter"),
    "hugo-toml": ("converter.writers.hugo", "HugoTomlWriter"),
    "jekyll": ("converter.writers.jekyll", "JekyllWriter"),
    "mkdocs": ("converter.writers.mkdocs", "MkDocsWriter"),
    "quarto": ("converter.writers.quarto", "QuartoWriter"),
}


@cache
def _builtin_writer(name: str) -> Writer:
    module, cls = _BUILTIN_WRITERS[name]
    writer: Writer = getattr(importlib.import_module(module), cls)()
    return writer


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
    """Every writer: the installed plugins', then the built-ins (a plugin cannot replace one)."""
    found = {name: cls() for name, cls in _from_entry_points("converter.writers").items()}  # type: ignore[operator]
    return {**found, **{name: _builtin_writer(name) for name in _BUILTIN_WRITERS}}


def get_reader(name: str) -> Reader:
    try:
        return readers()[name]
    except KeyError:
        raise UsageError(
            f"unknown reader {name!r}; choose from {', '.join(sorted(readers()))}"
        ) from None


def is_writer(name: str) -> bool:
    """Whether `name` is a writer's, without importing the others (`writers()` imports every
    writer and plugin: a tenth of a second at the start of each run)."""
    return name in _BUILTIN_WRITERS or name in writers()


def get_writer(name: str) -> Writer:
    if name in _BUILTIN_WRITERS:  # without looking for plugins, which cannot replace it
        return _builtin_writer(name)
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
