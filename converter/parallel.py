"""Per-page work spread over worker processes, with the same result as in one process.

Reading and planning a page is CPU-bound Python (YAML and TOML parsers, body rendering), so
threads would take turns on one core; processes do not. Workers are forked *after* the shared
state exists (the site read, the link map and placement built), so each inherits it for free
and only page numbers go out and finished pages or file actions come back: nothing that the
serial code does not already compute is sent twice.

Results come back in page order whatever order the workers finish in, so `jobs=N` gives the
plan `jobs=1` gives, byte for byte. Where `fork` is not available (Windows; macOS, where it is
unsafe), or for a site small enough that starting workers costs more than it saves, the work
runs in this process.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TypeVar

# progress(stage, done, total): stage is "read", "plan" or "write"; called as work completes,
# from the calling process only (workers report through it), so a CLI can draw one bar
Progress = Callable[[str, int, int], None]


T = TypeVar("T")

# Below this many pages one process is faster: forking and sending pages back costs more than
# the parsing it spreads. Tests set it to 0 to run the worker path on the small fixtures.
MIN_PAGES = 200
# Pages per task: small enough that both workers stay busy to the end and progress moves
# smoothly, large enough that the per-task overhead (about 0.1 ms) does not show.
MAX_CHUNK = 64
# Pages a pool of workers converts before it is replaced by a fresh one (forked again from this
# process). A forked worker shares this process's memory until it touches it, but touching one
# page's objects copies the memory pages they sit on, about 60 KB per site page: a worker that
# lived through the whole site would end up with a private copy of most of it. Fresh pools keep
# what the workers add bounded, whatever the site's size, for one fork per wave; one pool at a
# time, so no more than the asked number of workers hold memory at once.
WAVE_PAGES = 1024
# Pages a pool of workers reads before a fresh one replaces it. A reading worker touches none of
# the site, but this process does as it fills: every memory page it writes to after the fork
# stops being shared and counts whole against the worker that still holds the old copy. On the
# corpora replicated to 20,092 pages, two workers that read 10,000 pages each grew from 31 to
# 55 MB apiece that way, at the moment this process held the most (the end of reading): the
# peak of the run, 302 MB, against 269 MB with pools of 4,096 pages, for no time measurable
# (8.2-8.4 s either way, three runs each). A site of up to about 6,000 pages is one pool.
READ_WAVE_PAGES = 4096

# Allocations between two collections of the youngest generation while a site is converted
# (Python's default is 700). A conversion allocates millions of small objects that live until
# the end of the run, and the default has the collector walk them again and again: about a
# sixth of the time of a Hugo-to-Hugo conversion, for nothing (front matter has no cycles).
GC_THRESHOLD = (50_000, 50, 100)

# The work of the current `map_pages` call, set before the workers fork so that they inherit
# it (a closure over the site cannot be pickled, and need not be).
_WORK: Callable[[int], object] | None = None


@contextlib.contextmanager
def batch_gc() -> Iterator[None]:
    """Collect garbage less often for the duration (`GC_THRESHOLD`), then as before. Memory
    is not held longer than a collection would have freed: cyclic garbage is rare here, and
    what reference counting frees is freed at once either way."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def worker_count(jobs: int | None) -> int:
    """`jobs`, or one per core when None; never below 1."""
    if jobs is None:
        jobs = os.cpu_count() or 1
    return max(1, jobs)


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _run(bounds: tuple[int, int]) -> list[object]:
    work = _WORK
    assert work is not None, "worker started outside map_pages"
    return [work(i) for i in range(*bounds)]


def chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """[start, end) ranges covering 0..count: about four per worker, at most MAX_CHUNK long."""
    size = max(1, min(MAX_CHUNK, math.ceil(count / (workers * 4))))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def map_pages(
    work: Callable[[int], T],
    count: int,
    *,
    jobs: int | None,
    progress: Progress | None = None,
    stage: str = "",
    shares_site: bool = True,
) -> list[T]:
    """[work(0), ..., work(count - 1)], computed by `jobs` processes (None: one per core).

    `progress(stage, done, total)` is called in this process as results arrive. An exception
    in `work` is raised here, as it would be in a loop. `shares_site=False` says the work
    reads nothing of this process's site (reading pages: the site is what it makes): its
    pools then last longer (`READ_WAVE_PAGES`), having no copies of the site to bound.
    """
    workers = min(worker_count(jobs), max(1, count))
    if workers == 1 or count < max(MIN_PAGES, 2) or not can_fork():
        out: list[T] = []
        for i in range(count):
            out.append(work(i))
            if progress is not None:
                progress(stage, i + 1, count)
        return out
    wave_pages = WAVE_PAGES if shares_site else READ_WAVE_PAGES
    return _in_workers(work, count, workers, progress, stage, wave_pages)


def waves(ranges: list[tuple[int, int]], pages: int) -> list[list[tuple[int, int]]]:
    """`ranges` in consecutive groups of about `pages` pages each (at least one group): as many
    groups as `pages` fits the total best, the ranges shared out evenly. Each group is a pool
    of its own, whose workers' start (the fork, the memory they copy as they touch it, what
    they work out once) costs about a tenth of a second of CPU: groups filled to `pages` each
    left a last one of a few pages (78 of 5,198) with a pool to itself. A group holds at most
    half `pages` more than `pages` (plus a range), and holds that many only on a small site."""
    total = sum(end - start for start, end in ranges)
    n = max(1, min(len(ranges), round(total / pages)))
    return [ranges[len(ranges) * k // n : len(ranges) * (k + 1) // n] for k in range(n)]


def tapered(wave: list[tuple[int, int]], workers: int) -> list[tuple[int, int]]:
    """`wave` with its last `2 * workers` ranges cut in quarters: the workers finish a wave
    within a short chunk of each other, so little core time waits for the last one."""
    tail = 2 * workers
    out = list(wave[:-tail])
    for start, end in wave[-tail:]:
        step = max(1, math.ceil((end - start) / 4))
        out += [(a, min(a + step, end)) for a in range(start, end, step)]
    return out


def _in_workers(
    work: Callable[[int], T],
    count: int,
    workers: int,
    progress: Progress | None,
    stage: str,
    wave_pages: int,
) -> list[T]:
    """The pages in waves of about `wave_pages`, each by a freshly forked pool. A wave's pool
    ends before the next one forks, so no more than `workers` workers live at once (two
    pools side by side held twice the workers' memory); a wave ends on short chunks, so the
    cores hardly wait for each other there."""
    global _WORK
    groups = [tapered(w, workers) for w in waves(chunks(count, workers), wave_pages)]
    results: list[Sequence[T]] = [() for group in groups for _ in group]
    _WORK = work
    # what exists now (the site, the link map) is the workers' to read, not to collect: frozen,
    # the collector in a worker never walks it, nor copies its pages by touching them
    gc.freeze()
    pool: ProcessPoolExecutor | None = None
    pending: dict[Future[list[object]], int] = {}
    done = [0]
    try:
        context = multiprocessing.get_context("fork")
        first = 0
        for wave in groups:
            pool = ProcessPoolExecutor(workers, mp_context=context)
            for k, bounds in enumerate(wave):
                pending[pool.submit(_run, bounds)] = first + k
            first += len(wave)
            _collect(pending, results, count, progress, stage, done, until=0)
            pool.shutdown(wait=True)  # its workers gone before the next ones fork
            pool = None
    except BaseException:
        if pool is not None:  # a failure: stop, as a loop would
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
        _WORK = None
        gc.unfreeze()
    return [item for part in results for item in part]


def _collect(
    pending: dict[Future[list[object]], int],
    results: list[Sequence[T]],
    count: int,
    progress: Progress | None,
    stage: str,
    done: list[int],
    until: int,
) -> None:
    """Take finished chunks out of `pending` into `results` until `until` chunks are left."""
    while len(pending) > until:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=pending.__getitem__):
            k = pending.pop(future)
            part: list[T] = future.result()  # type: ignore[assignment]
            results[k] = part
            done[0] += len(part)
            if progress is not None:
                progress(stage, done[0], count)
