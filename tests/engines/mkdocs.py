"""Build a converted MkDocs project with the real MkDocs (and Material), strictly.

`python -m mkdocs build --strict` in a subprocess, in the project folder: with --strict every
warning stops the build (a link or nav entry to a missing file, a blog post without a date,
an author missing from .authors.yml), while pages left out of `nav` and absolute links are
only information (MkDocs 1.6 `validation` defaults). The built HTML is then at hand for the
tests to look into, page by page, by the address MkDocs served it at.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HAVE_MKDOCS = all(importlib.util.find_spec(m) is not None for m in ("mkdocs", "material"))
needs_mkdocs = pytest.mark.skipif(
    not HAVE_MKDOCS,
    reason="mkdocs and mkdocs-material are not installed (pip install '.[test]')",
)


@dataclass
class Built:
    project: Path
    returncode: int
    output: str  # stdout and stderr of the build

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, address: str) -> str | None:
        """The built page served at `address` (`/publication/foo/`), or None."""
        path = self.site / address.strip("/") / "index.html"
        return path.read_text("utf-8") if path.is_file() else None


def build(project: Path, timeout: int = 300) -> Built:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    return Built(project, proc.returncode, proc.stdout + proc.stderr)
