"""Write a plan to disk: each file atomically, only inside the output folder.

Every file goes to a temporary name in its own folder and is renamed into place (`os.replace`,
atomic on POSIX and Windows), so a reader of `--out` sees a whole file or none. On a failure (an
exception, a full disk) the temporary being written is removed before the error goes on;
Ctrl-C and SIGTERM are held while a file is written and stop the run between two files; a
temporary left by a harder stop (SIGKILL, power loss) has a name no user file has and is
removed by the next run. So an interrupted run leaves complete files only, and running again
with `--force` completes the job.

Why not a staging folder renamed into place at the end: it is atomic only for a new `--out`
(a `--force` run into an existing folder must still merge file by file), it needs the space
twice, and an interrupted run leaves the whole staging folder to clean. Per-file renames give
the same guarantee for every file, with nothing extra in the output folder. (A large site's
planned contents wait in the system's temporary folder until written: `converter.spool`.)

Nothing is written until every destination is checked: the plan's pages that would write
outside `--out` or onto another page's file fail (`plan.check_destinations`), and a folder
inside `--out` that is a symbolic link to elsewhere is refused.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from types import FrameType

from converter.errors import UsageError
from converter.plan import FileAction, Plan, check_destinations

# Part of every temporary file's name, so that a later run can tell ours from a user's files.
TEMP_MARK = ".academic-migrate-"
TEMP_SUFFIX = ".tmp"


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
    if not _below(dest, out):
        raise UsageError(f"refusing to write {rel!r} outside the output folder")
    return dest


def _below(path: Path, folder: Path) -> bool:
    """`folder in path.parents`, compared part by part instead of building every parent."""
    n = len(folder.parts)
    return len(path.parts) > n and path.parts[:n] == folder.parts


def _check_no_escaping_folder(out: Path, dests: list[Path]) -> None:
    """Refuse when an existing folder on the way to a file is a link out of `out` (possible in
    a folder written into with `--force`): the text of the path is inside, the file would not be."""
    real_out = Path(os.path.realpath(out))
    checked: set[Path] = set()
    for dest in dests:
        folder = dest.parent
        while folder != out and folder not in checked and _below(folder, out):
            checked.add(folder)
            if folder.is_symlink():
                real = Path(os.path.realpath(folder))
                if real != real_out and real_out not in real.parents:
                    raise UsageError(
                        f"refusing to write into {folder}: it is a link to {real}, "
                        "outside the output folder"
                    )
            folder = folder.parent


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Remove temporary files an earlier run could not (it was killed); return them."""
    if not out.is_dir():
        return []
    stale = [
        p
        for p in out.rglob(f"*{TEMP_MARK}*{TEMP_SUFFIX}")
        if p.name.startswith(".") and (p.is_file() or p.is_symlink())
    ]
    for p in stale:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    return stale


# mkstemp's way of making a file of its own (created, never opened), without its random names
_CREATE = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_SERIAL = itertools.count()


def _temporary(dest: str | Path) -> tuple[int, str]:
    """A new temporary file beside `dest` (opened), and its absolute path: what
    `tempfile.mkstemp` gives, named by this process's id and a counter instead of random
    letters (mkstemp's Python around the system call was a third of a file's writing time).
    A name that exists (another run's) is skipped, as mkstemp skips one. It is made with the
    mode the finished file has, as any new file (0666 less the umask: 0644), where mkstemp's
    0600 took a `chmod` per file: its bytes are the page's, no more private than the file."""
    # 40 characters of the name: at most 160 bytes of UTF-8, well inside the 255 a name may have
    folder, name = os.path.split(dest)
    prefix = os.path.join(os.path.abspath(folder), f".{name[:40]}{TEMP_MARK}")
    while True:
        tmp = f"{prefix}{os.getpid()}-{next(_SERIAL)}{TEMP_SUFFIX}"
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:
            continue


def _write_atomic(dest: str | Path, action: FileAction, made: set[str] | None = None) -> None:
    """Write one file by way of a temporary; `made` holds the folders this run already made
    (a `mkdir` per file is a tenth of the writing time of a large site)."""
    folder = os.path.dirname(dest)
    if made is None or folder not in made:
        os.makedirs(folder, exist_ok=True)
        if made is not None:
            made.add(folder)
    fd, tmp = _temporary(dest)
    try:
        with os.fdopen(fd, "wb") as fh:
            content = action.content
            if content is not None:
                fh.write(content)
            else:
                assert action.source is not None
                with open(action.source, "rb") as src:
                    shutil.copyfileobj(src, fh)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _dest_texts(out: Path, rels: list[str]) -> list[str]:
    """`str(safe_dest(out, rel))` of each: a path already in its plain form (no `.`, `..`,
    empty or leading part) is joined as text on POSIX, where `safe_dest`'s parsing was a
    tenth of the writing's own time; any other goes through it, with its checks and errors."""
    if os.sep != "/" or os.altsep is not None:
        return [str(safe_dest(out, rel)) for rel in rels]
    base = str(out)
    out_texts = []
    for rel in rels:
        if rel and rel[0] != "/" and rel[-1] != "/" and "//" not in rel and not _DOTS.search(rel):
            out_texts.append(f"{base}/{rel}")
        else:
            out_texts.append(str(safe_dest(out, rel)))
    return out_texts


# a `.` or `..` part of a path
_DOTS = re.compile(r"(?:^|/)\.\.?(?:/|$)")


@contextlib.contextmanager
def _signals_between_files() -> Iterator[Callable[[], None]]:
    """Hold Ctrl-C (SIGINT) and SIGTERM while a file is being written, and act on them between
    two files: the yielded `check` raises KeyboardInterrupt (SIGINT) or SystemExit(128 + n).

    An interrupt raised anywhere inside a write (between `mkstemp` returning and the `try`
    that removes its file, or inside `mkstemp` itself) could leave a temporary behind; held
    until the file is renamed or removed, it cannot. By default SIGTERM would end the process
    on the spot, with no cleanup at all. A signal the caller ignores stays ignored; handlers
    can only be set from the main thread, elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    pending: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            previous[sig] = signal.signal(sig, hold)

    def check() -> None:
        if pending:
            if pending[0] == signal.SIGINT:
                raise KeyboardInterrupt
            raise SystemExit(128 + pending[0])

    try:
        yield check
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def apply(
    plan: Plan,
    out: Path,
    *,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Path]:
    """Write every action; `progress("write", done, total)` after each file."""
    out = check_output(out, plan.source, force)
    check_destinations(plan)  # no-op on a plan `convert` already checked
    dests = _dest_texts(out, [a.dest for a in plan.actions])  # refuse before writing any
    if out.is_dir() and any(out.iterdir()):  # (in a new or empty folder no link can be)
        _check_no_escaping_folder(out, [Path(d) for d in dests])
        remove_stale_temporaries(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    total = len(dests)
    made: set[str] = set()
    with _signals_between_files() as check_signals:
        for dest, action in zip(dests, plan.actions, strict=True):
            check_signals()
            _write_atomic(dest, action, made)
            written.append(dest)
            if progress is not None:
                progress("write", len(written), total)
        check_signals()
    return [Path(d) for d in written]
