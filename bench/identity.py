"""Byte-identity check for restructures: record every site's conversion, then compare.

    python -m bench.identity record /tmp/golden       # before the change, with the base code
    python -m bench.identity compare /tmp/golden      # after it: exit 1 on any differing byte

A restructure that claims "behaviour unchanged" proves it here: every fixture site
(fixtures/*), every real corpus site (../shared/corpora, site roots as tests/conftest.py
finds them) and a synthetic site (bench/synth.py) are converted to every target by the CLI
in a fresh process of this checkout (`python -c 'converter.cli.main()'` with this folder
first on PYTHONPATH, never the installed command), and each output tree with the command's
exit status is kept. `compare` converts the same sites again into a scratch folder and
lists every file that was added, removed or changed, and every exit status that moved.

Sites that the tool refuses (a fixture of bad input) are recorded by their exit status and
messages alone: a restructure must refuse them the same way.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import synth
from bench.run import TARGETS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CORPORA = REPO.parent / "shared" / "corpora"
#: Corpus folders whose Hugo site is not at the folder's top (as in tests/conftest.py).
SITE_ROOTS = {"HugoBlox__hugo-blox-builder": "templates/academic-cv"}
SYNTH_PAGES = 400
_CLI = "import sys; from converter.cli import main; sys.exit(main())"


def sites(pages: int = SYNTH_PAGES) -> dict[str, Path]:
    """Name -> site root of every site to convert. The synthetic one is generated at a fixed
    place, so that a record and a comparison convert it from the same path."""
    found: dict[str, Path] = {}
    for folder in sorted(FIXTURES.iterdir()):
        if folder.is_dir() and any((folder / n).exists() for n in ("content", "_config.yml")):
            found[f"fixture-{folder.name}"] = folder
    if CORPORA.is_dir():
        for folder in sorted(CORPORA.iterdir()):
            if folder.is_dir():
                found[f"corpus-{folder.name}"] = folder / SITE_ROOTS.get(folder.name, ".")
    where = Path(tempfile.gettempdir()) / f"bench-identity-synth-{pages}"
    if where.exists():
        shutil.rmtree(where)
    synth.generate(where, pages)
    found["synth"] = where
    return found


def convert(src: Path, target: str, out: Path) -> str:
    """Run the CLI of this checkout; the exit status and what it said on stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", _CLI, "convert", str(src), "--to", target]
    done = subprocess.run(
        [*command, "--out", str(out), "--quiet", "--jobs", "1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # paths differ between the record and the comparison: say them as placeholders
    said = done.stderr.replace(str(out), "<OUT>").replace(str(src), "<SRC>")
    return f"exit {done.returncode}\n{said}"


def record(dest: Path, jobs: int, pages: int) -> int:
    """Convert every site to every target into `dest/<site>/<target>/`."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    todo = [
        (src, target, dest / name / target)
        for name, src in sites(pages).items()
        for target in TARGETS
    ]
    with ThreadPoolExecutor(jobs) as pool:
        statuses = list(pool.map(lambda t: convert(*t), todo))
    for (_, _, out), status in zip(todo, statuses, strict=True):
        out.parent.mkdir(parents=True, exist_ok=True)
        (out.parent / f"{out.name}.status").write_text(status, encoding="utf-8")
    print(f"recorded {len(todo)} conversions of {len(todo) // len(TARGETS)} sites in {dest}")
    return 0


def differences(want: Path, got: Path, rel: str = "") -> list[str]:
    """Every path under the two trees that is only in one or differs in a byte."""
    out: list[str] = []
    cmp = filecmp.dircmp(want, got, ignore=[])
    out += [f"only in record: {rel}{n}" for n in sorted(cmp.left_only)]
    out += [f"only now: {rel}{n}" for n in sorted(cmp.right_only)]
    for name in sorted(cmp.common_files):
        if (want / name).read_bytes() != (got / name).read_bytes():
            out.append(f"differs: {rel}{name}")
    out += [f"not comparable: {rel}{n}" for n in sorted(cmp.common_funny + cmp.funny_files)]
    for name in sorted(cmp.common_dirs):
        out += differences(want / name, got / name, f"{rel}{name}/")
    return out


def compare(golden: Path, jobs: int, pages: int, keep: Path | None) -> int:
    """Convert again and compare with `golden`; 0 when every byte is the same."""
    now = keep or Path(tempfile.mkdtemp(prefix="identity-"))
    record(now, jobs, pages)
    found = differences(golden, now)
    for line in found:
        print(line)
    print(f"{len(found)} difference(s) against {golden} (new outputs: {now})")
    if not found and keep is None:
        shutil.rmtree(now)
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.identity", description=__doc__)
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("dir", type=Path, help="the recorded outputs")
    parser.add_argument("--jobs", type=int, default=2, help="conversions run at once")
    parser.add_argument("--pages", type=int, default=SYNTH_PAGES, help="synthetic site's size")
    parser.add_argument("--keep", type=Path, help="compare: write the new outputs here")
    args = parser.parse_args(argv)
    if args.action == "record":
        return record(args.dir, args.jobs, args.pages)
    return compare(args.dir, args.jobs, args.pages, args.keep)


if __name__ == "__main__":
    sys.exit(main())
