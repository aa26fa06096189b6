"""Planned file contents kept in a temporary folder instead of in memory, for large sites.

A plan holds every file a conversion will write, and it must be complete before the first file
is written (a dry run reports it, a failed check writes nothing). Held in memory, the contents
of 50,000 pages are a quarter of a run's memory, and they grow with the site. Spooled, each
content is appended to a file of the process that rendered it (a worker writes its own, so
nothing is sent back but three numbers) and read back once, when it is written or reported.

The folder is in the system's temporary folder (`TMPDIR`), never in the output folder or the
source, and it is removed when the plan is dropped or the program ends. A run killed outright
(SIGKILL) leaves it for the system's temporary-folder cleaning.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from typing import NamedTuple

# Open spools by folder, so that a content reference that came back from a worker process
# (pickled: a folder name and two numbers) finds the spool that reads it.
_OPEN: weakref.WeakValueDictionary[str, Spool] = weakref.WeakValueDictionary()


class Spooled(NamedTuple):
    """Where one content is: `length` bytes at `offset` of the file `name` in `folder`."""

    folder: str
    name: str
    offset: int
    length: int

    def read(self) -> bytes:
        spool = _OPEN.get(self.folder)
        if spool is None or not spool.close.alive:
            raise RuntimeError(
                f"the planned content is gone: its temporary folder {self.folder} was removed "
                "with the plan it belonged to"
            )
        return spool.read(self)


class Spool:
    """Append-only content files in one temporary folder; `put` works in any process forked
    from the one that made the spool, `read` in that one."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="academic-migrate-plan-")
        self._files = _Files()
        _OPEN[self.folder] = self
        self.close = weakref.finalize(self, _remove, self.folder, self._files, os.getpid())

    def put(self, data: bytes) -> Spooled:
        files = self._files
        pid = os.getpid()
        if pid != files.pid:  # the first content of this process (a worker forked since)
            files.fd = os.open(
                os.path.join(self.folder, str(pid)),
                os.O_WRONLY | os.O_CREAT | os.O_APPEND | _BINARY,
                0o600,
            )
            files.pid, files.size = pid, 0
        offset = files.size
        view = memoryview(data)
        while view:  # unbuffered: a worker ends with os._exit, which flushes nothing
            view = view[os.write(files.fd, view) :]
        files.size += len(data)
        return Spooled(self.folder, str(pid), offset, len(data))

    def read(self, ref: Spooled) -> bytes:
        readers = self._files.readers
        fd = readers.get(ref.name)
        if fd is None:
            fd = readers[ref.name] = os.open(
                os.path.join(self.folder, ref.name), os.O_RDONLY | _BINARY
            )
        parts = []
        offset, left = ref.offset, ref.length
        while left:
            chunk = _pread(fd, left, offset)
            if not chunk:
                raise RuntimeError(f"planned content cut short in {self.folder}/{ref.name}")
            parts.append(chunk)
            offset += len(chunk)
            left -= len(chunk)
        return b"".join(parts)


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _pread(fd: int, size: int, offset: int) -> bytes:
    """`os.pread`, or where there is none (Windows) a seek and a read: one process reads a
    spool (workers only write), so nothing moves the position in between."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


class _Files:
    """The open files of a spool, apart from it, so that its finalizer can close them."""

    def __init__(self) -> None:
        self.pid = -1  # the process that opened `fd`
        self.fd = -1
        self.size = 0
        self.readers: dict[str, int] = {}


def _remove(folder: str, files: _Files, owner: int) -> None:
    """`Spool.close`: called at most once, when asked, when the spool is dropped, or at exit."""
    if os.getpid() != owner:  # a forked worker's copy of the spool: not its folder to remove
        return
    if files.pid == owner and files.fd >= 0:
        os.close(files.fd)
        files.fd = files.pid = -1
    for fd in files.readers.values():
        os.close(fd)
    files.readers.clear()
    shutil.rmtree(folder, ignore_errors=True)
