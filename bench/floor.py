"""The file system's floor for an output tree: what writing its folders and files costs on this
machine with the fewest system calls there are, whoever writes them.

A conversion's wall time on a disk holds the kernel's work of making every folder and file, and
that work depends on the file system, its state and the output's shape, not on the converter:
on the benchmark machine's ext4 one folder with one file in it cost 0.1 to 0.45 ms, varying
through the day, where tmpfs takes a tenth of that. Quarto and MkDocs write about 10,000
folders for 5,000 pages (a page bundle's folder and its keep record's), Jekyll 230. Replaying
an output tree here (`mkdir`, then `open`, `write`, `close` per file: no temporary file, no
rename, no check) gives that floor for the same tree on the same disk at the same hour, so a
reader can tell the converter's time from the file system's.

    python -m bench.floor OUTPUT_TREE [--scratch DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Floor:
    folders: int
    files: int
    bytes: int
    wall: float  # seconds
    system: float  # seconds of system CPU


def _entries(tree: Path) -> tuple[list[str], list[tuple[str, bytes]]]:
    """The folders (parents first) and the files with their bytes, in the order of a walk."""
    folders: list[str] = []
    files: list[tuple[str, bytes]] = []
    for folder, subfolders, names in os.walk(tree):
        subfolders.sort()
        rel = os.path.relpath(folder, tree)
        if rel != ".":
            folders.append(rel)
        for name in sorted(names):
            with open(os.path.join(folder, name), "rb") as fh:
                files.append((os.path.join(rel, name) if rel != "." else name, fh.read()))
    return folders, files


def measure(tree: Path, scratch: Path, keep: bool = False) -> Floor:
    """Write `tree` again into `scratch` (emptied first, removed after unless `keep`: the
    benchmark removes it with its outputs, see `bench.run.Outputs`), timed: each folder as the
    walk meets it, then its files, as a conversion writes a bundle."""
    folders, files = _entries(tree)
    by_folder: dict[str, list[tuple[str, bytes]]] = {}
    for rel, data in files:
        by_folder.setdefault(os.path.dirname(rel), []).append((rel, data))
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    os.sync()  # the removal's own work done before the clock starts
    base = str(scratch)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    start = time.perf_counter()
    for folder in ["", *folders]:
        if folder:
            os.mkdir(os.path.join(base, folder))
        for rel, data in by_folder.get(folder, ()):
            fd = os.open(os.path.join(base, rel), flags, 0o666)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
    wall = time.perf_counter() - start
    system = resource.getrusage(resource.RUSAGE_SELF).ru_stime - before
    if not keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return Floor(len(folders), len(files), sum(len(d) for _, d in files), wall, system)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tree", type=Path, help="an output folder to replay")
    parser.add_argument(
        "--scratch", type=Path, help="where to write it (default: beside the tree, same disk)"
    )
    args = parser.parse_args(argv)
    if not args.tree.is_dir():
        print(f"{args.tree} is not a folder", file=sys.stderr)
        return 2
    scratch = args.scratch or args.tree.with_name(args.tree.name + ".floor")
    floor = measure(args.tree, scratch)
    print(
        f"{args.tree}: {floor.folders:,} folders, {floor.files:,} files, "
        f"{floor.bytes / 1e6:.1f} MB written in {floor.wall:.2f} s "
        f"({floor.system:.2f} s system CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
