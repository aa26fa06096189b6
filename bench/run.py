"""The benchmark: academic-migrate against `hugo convert` on one synthetic site, any size.

    python -m bench.run                         # 10,000 pages, every target, 3 runs each
    python -m bench.run --scale 1000,10000,50000 --repeat 3
    python -m bench.run --pages 500 --repeat 1 --no-hugo
    python -m bench.run --real                  # the corpora replicated to 5,000 and 20,000
    python -m bench.run --real --scale 5000 --jobs-one --repeat 1

For each size it generates the site (bench/synth.py, deterministic; with `--real`, the real
corpora in ../shared/corpora replicated to that size, bench/replica.py), then runs every tool as a
separate process, as a user would: `academic-migrate convert SITE --to T --out DIR` for each
target and `hugo convert toTOML` / `toYAML` on the same site. Runs alternate (tool A, B, C...,
then again, rotated), so a slow minute of the machine falls on every tool alike, and the table
shows medians. Measured per run:

- wall time, from start to exit (interpreter start-up included: it is what a user waits), of
  a run with nothing sampling it (`measure_apart`);
- peak memory: the most the process tree held at once, sampled from /proc every 20 ms as the
  sum of each process's proportional set size (PSS: pages the forked workers share with
  their parent counted once), and never less than the largest single process's `ru_maxrss`
  that the kernel reports at exit (`os.wait4`).

Each run writes a new output folder, after a `sync`; the folders are removed once a size's runs
are done (`Outputs` says why: on an ext4 without a journal a removal slows the next run).

Only the standard library and the `hugo` binary are used, so it runs from a fresh checkout.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import floor, replica, synth

TARGETS = ("hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs")
HUGO = {"hugo toYAML": "toYAML", "hugo toTOML": "toTOML"}
PEER = {"hugo-yaml": "hugo toYAML", "hugo-toml": "hugo toTOML"}  # like for like
REPO = Path(__file__).resolve().parent.parent
# the installed `academic-migrate` command's own entry point (pyproject's [project.scripts])
_CLI = "from converter.entry import main; main()"


@dataclass
class Run:
    wall: float
    peak_kb: int
    status: int
    # user + system CPU seconds of the process and the workers it waited for: the work done,
    # which other jobs on the machine disturb far less than the wall time
    cpu: float = 0.0
    # with --floor: the seconds the same output tree takes to write with bare system calls
    # just after the run, on the same disk (bench/floor.py): the file system's part of `wall`
    floor: float | None = None


@dataclass
class Row:
    pages: int
    tool: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def floor(self) -> float | None:
        floors = [r.floor for r in self.runs if r.floor is not None]
        return statistics.median(floors) if floors else None

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_kb for r in self.runs) / 1024

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    @property
    def failed(self) -> bool:
        return any(r.status != 0 for r in self.runs)


def _memory_kb(pid: int) -> int:
    """What `pid` costs in memory, in KiB: its proportional set size (memory shared with the
    forked workers counted once, split between them), or its resident set where the kernel
    has no smaps_rollup."""
    sources = ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:"))
    for name, prefix in sources:
        try:
            with open(name) as fh:
                for line in fh:
                    if line.startswith(prefix):
                        return int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return 0


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants now."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return out


def _tree_kb(pid: int) -> int:
    """Memory of `pid` and all its descendants now, in KiB (0 once it is gone).

    Taken again when a process started or ended while it was read: a worker forked between
    the parent's reading and its own counted the pages they share twice (the parent's before
    the fork, whole, and the worker's share after it), a peak no process ever held."""
    total = 0
    for _ in range(5):
        pids = _tree(pid)
        total = sum(_memory_kb(p) for p in pids)
        if _tree(pid) == pids:
            break
    return total


def measure(cmd: list[str], sample: bool = True) -> Run:
    """Run `cmd` to its end; its wall time, peak memory (`sample`: sampled from /proc, else
    only the largest process's `ru_maxrss`) and exit status."""
    peak = 0
    env = dict(os.environ)  # this checkout's converter, installed or not
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    running = True

    def poll() -> None:
        nonlocal peak
        while running:
            peak = max(peak, _tree_kb(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=poll, daemon=True)
    if sample and Path("/proc").is_dir():
        sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # before waiting: a full pipe would block the child
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    running = False
    if sampler.is_alive():
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(f"  ! {' '.join(cmd[-6:])} exited {proc.returncode}: {err[-400:]!r}\n")
    # ru_maxrss is in KiB on Linux: the largest single process (its reaped workers included)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, max(peak, int(usage.ru_maxrss)), proc.returncode, cpu)


def measure_apart(cmd_for: Callable[[Path], list[str]], outputs: Outputs) -> tuple[Run, Path]:
    """The command `cmd_for(out)` run twice: timed alone, then with its memory sampled, each
    into a new output folder (`Outputs`). Reading a process's `smaps_rollup` walks its page
    tables under its memory map's lock: sampled every 20 ms, the process tree of a two-job
    conversion lost about 9% of its wall time to it (MkDocs, 5,220 pages in tmpfs: 5.59 s
    against 5.12, medians of three). So the time is the unsampled run's, the peak the sampled
    one's. With the timed run's output folder."""
    out = outputs.new()
    settle()
    timed = measure(cmd_for(out), sample=False)
    again = outputs.new()
    settle()
    sampled = measure(cmd_for(again), sample=True)
    status = timed.status or sampled.status
    return Run(timed.wall, max(timed.peak_kb, sampled.peak_kb), status, timed.cpu), out


class Outputs:
    """A new output folder for every run, all removed together once a size's runs are done.

    Removing the last run's output just before the next run starts falls on that run where
    the file system is an ext4 without a journal, as on the benchmark machine: for a minute
    after an inode is freed (five while its inode table block is unwritten) ext4 will not give
    its number to a new file (`recently_deleted` in fs/ext4/ialloc.c), and looks at each such
    inode's table entry before passing it by. After removing a 10,000-file output tree, every
    file and folder the next run made paid for that walk: `perf` put a fifth of a MkDocs run's
    samples in it, and its writing took 1.2 to 7 s of system time where it takes 0.3 s on the
    same disk with nothing freed lately. A user's conversion into a new folder meets none of
    that; runs of this benchmark now meet it no more than the user does."""

    def __init__(self, parent: Path) -> None:
        self.parent = parent
        self.count = 0
        shutil.rmtree(parent, ignore_errors=True)

    def new(self) -> Path:
        self.count += 1
        return self.parent / f"{self.count:03d}"

    def remove(self) -> None:
        shutil.rmtree(self.parent, ignore_errors=True)


def _keeps_freed_inodes(path: Path) -> bool:
    """Whether `path` is on an ext2/3/4 file system (the one kind known to hold back freed
    inode numbers); tmpfs and the rest do not wait."""
    try:
        with open("/proc/mounts") as fh:
            mounts = [line.split() for line in fh]
    except OSError:
        return False
    real = os.path.realpath(path)
    best = ("", "")
    for fields in mounts:
        point, kind = fields[1], fields[2]
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best[0]):
            best = (point, kind)
    return best[1] in {"ext2", "ext3", "ext4"}


FREED_INODES_WAIT = 61.0  # seconds: ext4's RECENTCY_MIN, once the removal is written (a sync)


def settle() -> None:
    """Write out what came before (the last run's files) before a run starts its clock, so a
    run is not charged with its predecessor's writing back; `bench.floor` has always synced so."""
    os.sync()


ONE_CORE = " --jobs 1"  # a tool name ending so runs the target in one process


def commands(tool: str, site: Path, out: Path, jobs: int | None, cli_has_jobs: bool) -> list[str]:
    if tool in HUGO:
        return ["hugo", "convert", HUGO[tool], "-s", str(site), "-o", str(out), "--quiet"]
    if tool.endswith(ONE_CORE):
        tool, jobs = tool[: -len(ONE_CORE)], 1
    cmd = [sys.executable, "-c", _CLI, "convert", str(site), "--to", tool, "--out", str(out)]
    cmd.append("--quiet")
    if jobs is not None and cli_has_jobs:
        cmd += ["--jobs", str(jobs)]
    return cmd


def _cli_has_jobs() -> bool:
    done = subprocess.run(
        [sys.executable, "-c", _CLI, "convert", "--help"], capture_output=True, text=True, cwd=REPO
    )
    return "--jobs" in done.stdout


def site_for(
    workdir: Path, pages: int, seed: int, real: list[Path] | None = None
) -> tuple[Path, int]:
    """The site of about `pages` pages, made once per workdir, size and seed: synthetic, or
    the real sites `real` replicated (bench/replica.py). With its page count."""
    name = f"real-{pages}" if real else f"site-{pages}-{seed}"
    site, done = workdir / name, workdir / f"{name}.done"
    if not done.exists():
        shutil.rmtree(site, ignore_errors=True)
        t = time.perf_counter()
        count = (
            replica.replicate(real, site, pages) if real else len(synth.generate(site, pages, seed))
        )
        done.write_text(f"{count}\n")
        what = "replicated" if real else "generated"
        print(f"{what} {count:,} pages in {time.perf_counter() - t:.1f} s: {site}", flush=True)
    return site, int(done.read_text().split()[0]) if real else pages


def compile_checkout() -> bool:
    """Compile this checkout's modules, as `pip install` compiles an installed package's.

    A run imports the checkout through PYTHONPATH; without compiled files beside the sources
    (a fresh clone where PYTHONDONTWRITEBYTECODE is set, as on the benchmark machine, never gets
    them) every run compiles the whole package again first, 0.1 to 0.15 s that no installed
    copy spends. True when every module compiled."""
    return bool(compileall.compile_dir(REPO / "converter", quiet=1))


def bench(
    sizes: list[int],
    tools: list[str],
    repeat: int,
    jobs: int | None,
    workdir: Path,
    seed: int = 1,
    real: list[Path] | None = None,
    with_floor: bool = False,
) -> list[Row]:
    rows: list[Row] = []
    if not compile_checkout():
        print("note: some modules did not compile; runs compile them each time", flush=True)
    has_jobs = _cli_has_jobs()
    if jobs is not None and not has_jobs:
        print("note: this CLI has no --jobs; it uses one worker per core", flush=True)
    for size in sizes:
        site, pages = site_for(workdir, size, seed, real)
        _note_load()
        by_tool = {tool: Row(pages, tool) for tool in tools}
        outputs = Outputs(workdir / "out")
        for r in range(repeat):
            order = tools[r % len(tools) :] + tools[: r % len(tools)]  # alternate who goes first
            for tool in order:
                cmd_for = functools.partial(commands, tool, site, jobs=jobs, cli_has_jobs=has_jobs)
                run, out = measure_apart(cmd_for, outputs)
                if with_floor and out.is_dir():
                    run.floor = floor.measure(out, outputs.new(), keep=True).wall
                by_tool[tool].runs.append(run)
                print(
                    f"  {pages:>7,} {tool:<12} run {r + 1}: {run.wall:6.2f} s "
                    f"{run.cpu:7.2f} s CPU {run.peak_kb / 1024:7.1f} MB"
                    + ("" if run.floor is None else f", file system floor {run.floor:.2f} s"),
                    flush=True,
                )
        outputs.remove()
        if size != sizes[-1] and _keeps_freed_inodes(workdir):
            settle()
            print(f"(waiting {FREED_INODES_WAIT:.0f} s: see bench.run.Outputs)", flush=True)
            time.sleep(FREED_INODES_WAIT)
        rows += by_tool.values()
    return rows


def ratio(row: Row, rows: list[Row]) -> float | None:
    """Wall time over `hugo convert`'s on the same site: the same format for the Hugo
    targets, the faster of the two for the others."""
    peers = {r.tool: r.wall for r in rows if r.pages == row.pages and r.tool in HUGO}
    if row.tool in HUGO or not peers:
        return None
    peer = peers.get(PEER.get(row.tool.removesuffix(ONE_CORE), ""), min(peers.values()))
    return row.wall / peer if peer else None


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    hugo = ""
    if shutil.which("hugo"):
        version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
        hugo = f", {version.split('+')[0].split('-')[0].strip()}"
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}{hugo}"
    )


_LOAD: list[str] = []  # the load average as the first run began


def _load() -> str:
    return _LOAD[0] if _LOAD else "unknown"


def _note_load() -> None:
    """Other jobs on the machine slow every tool; the table says how busy it was."""
    if not _LOAD and hasattr(os, "getloadavg"):
        _LOAD.append(", ".join(f"{x:.2f}" for x in os.getloadavg()))


def table(rows: list[Row], repeat: int) -> str:
    floors = any(row.floor is not None for row in rows)
    lines = [
        f"Machine: {machine()}. Medians of {repeat} alternated run(s); load average "
        f"{_load()} when the runs began.",
        "",
        "| pages | tool | wall (s) | pages/s | CPU (s) | peak memory (MB) | x hugo convert |"
        + (" file system floor (s) |" if floors else ""),
        "|---:|---|---:|---:|---:|---:|---:|" + ("---:|" if floors else ""),
    ]
    for row in rows:
        r = ratio(row, rows)
        flag = " (failed)" if row.failed else ""
        lines.append(
            f"| {row.pages:,} | {row.tool}{flag} | {row.wall:.2f} | {row.rate:,.0f} | "
            f"{row.cpu:.2f} | {row.peak_mb:.0f} | {'' if r is None else f'{r:.2f}'} |"
            + ("" if not floors else f" {'' if row.floor is None else f'{row.floor:.2f}'} |")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="site size (default 10,000)")
    parser.add_argument(
        "--scale", help="several sizes, comma-separated (e.g. 1000,10000,50000); overrides --pages"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (median shown)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help="comma-separated (default: all five)"
    )
    parser.add_argument("--no-hugo", action="store_true", help="leave `hugo convert` out")
    parser.add_argument("--workdir", type=Path, help="where sites and outputs go (default: temp)")
    parser.add_argument("--json", type=Path, help="also write every run as JSON here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--real",
        action="store_true",
        help="the real corpora replicated to each size (default sizes 5,000 and 20,000)",
    )
    parser.add_argument(
        "--corpora",
        type=Path,
        default=REPO.parent / "shared" / "corpora",
        help="where the real sites are (default ../shared/corpora)",
    )
    parser.add_argument(
        "--sources",
        help="corpus folders to replicate, comma-separated (default: "
        + ", ".join(replica.DEFAULT_SOURCES)
        + ")",
    )
    parser.add_argument(
        "--jobs-one", action="store_true", help="also run each target with --jobs 1 (one core)"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="after each run, write its output tree again with bare system calls on the same "
        "disk and show that time: the file system's part (bench/floor.py)",
    )
    args = parser.parse_args(argv)

    real = None
    if args.real:
        names = args.sources.split(",") if args.sources else list(replica.DEFAULT_SOURCES)
        real = [args.corpora / n.strip() for n in names if (args.corpora / n.strip()).is_dir()]
        if not real:
            print(f"no corpora found in {args.corpora}: --real needs ../shared", file=sys.stderr)
            return 2
    default = "5000,20000" if args.real else str(args.pages)
    sizes = [int(s) for s in (args.scale or default).split(",")]
    tools = [t.strip() for t in args.targets.split(",") if t.strip()]
    if args.jobs_one:
        tools += [t + ONE_CORE for t in tools]
    if not args.no_hugo:
        if shutil.which("hugo"):
            tools += list(HUGO)
        else:
            print("note: no `hugo` on PATH; comparison left out", flush=True)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="academic-migrate-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = bench(sizes, tools, max(1, args.repeat), args.jobs, workdir, args.seed, real, args.floor)
    print()
    print(table(rows, max(1, args.repeat)))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "rows": [
                        {
                            "pages": r.pages,
                            "tool": r.tool,
                            "wall": r.wall,
                            "pages_per_second": r.rate,
                            "cpu": r.cpu,
                            "peak_mb": r.peak_mb,
                            "file_system_floor": r.floor,
                            "ratio_to_hugo": ratio(r, rows),
                            "runs": [asdict(x) for x in r.runs],
                        }
                        for r in rows
                    ],
                },
                indent=2,
            )
            + "\n"
        )
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if any(r.failed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
