"""Write a plan to disk: each file atomically, only inside the output folder.

Every file goes to a temporary name in its own folder and is renamed into place, so an
interrupted run leaves whole files or none; a path that would leave the output folder is
refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from converter.errors import UsageError
from converter.plan import FileAction, Plan


def check_output(out: Path, source_root: Path, force: bool) -> Path:
    """Refuse an output folder that overlaps the source, or holds files, unless forced."""
    out = out.resolve()
    src = source_root.resolve()
    if out == src or src in out.parents:
        raise UsageError(f"--out {out} is inside the source site {src}; choose a folder outside it")
    if out in src.parents:
        raise UsageError(f"--out {out} contains the source site {src}; choose a folder outside it")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise UsageError(f"--out {out} is not empty; use --force to write into it anyway")
    return out


def safe_dest(out: Path, rel: str) -> Path:
    """The absolute path for `rel` under `out`, refusing any path that would leave it."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise UsageError(f"refusing to write {rel!r}: it is not a path inside the output folder")
    dest = out.joinpath(*pure.parts)
    if out not in dest.parents:
        raise UsageError(f"refusing to write {rel!r} outside the output folder")
    return dest


def _write_atomic(dest: Path, action: FileAction) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if action.content is not None:
                fh.write(action.content)
            else:
                assert action.source is not None
                with open(action.source, "rb") as src:
                    shutil.copyfileobj(src, fh)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def apply(
    plan: Plan,
    out: Path,
    *,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Path]:
    """Write every action; `progress("write", done, total)` after each file."""
    out = check_output(out, plan.source, force)
    targets = [(safe_dest(out, a.dest), a) for a in plan.actions]  # refuse before writing any
    out.mkdir(parents=True, exist_ok=True)
    written = []
    total = len(targets)
    for dest, action in targets:
        _write_atomic(dest, action)
        written.append(dest)
        if progress is not None:
            progress("write", len(written), total)
    return written
