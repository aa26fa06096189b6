"""The benchmark and what it measures: it runs (at a small size, so it cannot rot), its site is
what it claims to be, and worker processes change nothing but the time taken.

No timing is asserted here: times are the benchmark's to report, not a test's to guess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converter import convert, parallel, read_site, roundtrip
from converter.api import plan_conversion
from converter.model import Site
from converter.plan import Plan
from tests.conftest import FIXTURE_SITES, FIXTURES, REPO

TARGETS = ["hugo-yaml", "hugo-toml", "jekyll", "quarto", "mkdocs"]


@pytest.fixture
def workers_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for a fixture's dozen pages (by default small sites stay in one)."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 0)


# -- the benchmark command ---------------------------------------------------------------------


def test_benchmark_command_prints_every_figure(tmp_path: Path) -> None:
    out_json = tmp_path / "bench.json"
    args = ["--pages", "50", "--repeat", "1", "--workdir", str(tmp_path / "work")]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", *args, "--json", str(out_json)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    tools = TARGETS + (["hugo toYAML", "hugo toTOML"] if shutil.which("hugo") else [])
    table = done.stdout[done.stdout.index("| pages |") :]
    assert "wall (s)" in table and "pages/s" in table and "peak memory (MB)" in table
    assert "x hugo convert" in table and "CPU (s)" in table and "load average" in done.stdout
    assert "Machine:" in done.stdout and "cores" in done.stdout and "Python" in done.stdout
    rows = {r["tool"]: r for r in json.loads(out_json.read_text())["rows"]}
    assert sorted(rows) == sorted(tools)
    for tool in tools:
        row = rows[tool]
        assert row["pages"] == 50
        assert row["wall"] > 0 and row["pages_per_second"] > 0 and row["peak_mb"] > 1
        assert row["cpu"] > 0 and row["runs"][0]["cpu"] == row["cpu"]
        assert len(row["runs"]) == 1 and row["runs"][0]["status"] == 0
        assert f"| 50 | {tool} |" in table
        if shutil.which("hugo") and tool in TARGETS:
            assert row["ratio_to_hugo"] is not None and row["ratio_to_hugo"] > 0
    if not shutil.which("hugo"):
        assert "no `hugo` on PATH" in done.stdout


@pytest.mark.corpus
def test_real_site_mode_measures_the_replicated_corpora(tmp_path: Path) -> None:
    """`--real`: the corpora copied into one site of at least the size asked (each page keeping
    its kind), every target and its one-core run in the table, `hugo convert` able to read it."""
    from bench.replica import DEFAULT_SOURCES, replicate
    from converter.api import read_site
    from tests.conftest import CORPORA, NO_CORPORA

    if CORPORA is None or not all((CORPORA / s).is_dir() for s in DEFAULT_SOURCES):
        pytest.skip(NO_CORPORA or "a default source of the replica is missing")
    site = tmp_path / "replica"
    count = replicate([CORPORA / s for s in DEFAULT_SOURCES], site, 700)
    assert count >= 700
    pages = read_site(site, jobs=1).pages
    assert 0.98 * count <= len(pages) <= count  # a bundle's own .md files are not pages
    kinds = {p.kind for p in pages}
    assert {"publication", "event", "post", "project"} <= kinds
    assert any(p.path.startswith("publication/c1-") for p in pages)  # a second copy
    if shutil.which("hugo"):
        done = subprocess.run(
            ["hugo", "convert", "toYAML", "-s", str(site), "-o", str(tmp_path / "h"), "--quiet"],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    out_json = tmp_path / "bench.json"
    args = ["--real", "--corpora", str(CORPORA), "--scale", "300", "--repeat", "1"]
    args += ["--targets", "jekyll", "--jobs-one", "--no-hugo", "--workdir", str(tmp_path / "w")]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", *args, "--json", str(out_json)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = {r["tool"]: r for r in json.loads(out_json.read_text())["rows"]}
    assert sorted(rows) == ["jekyll", "jekyll --jobs 1"]
    assert all(r["pages"] >= 300 and r["runs"][0]["status"] == 0 for r in rows.values())


# -- the synthetic site ------------------------------------------------------------------------


def test_memory_of_a_tree_is_read_again_when_a_worker_starts_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker forked between the parent's reading and its own would count the memory they
    share twice (the parent's whole, before the fork, and the worker's share after it)."""
    from bench import run

    trees = iter([[1], [1, 2], [1, 2], [1, 2]])  # a fork while the first sum was taken
    memory = iter([300, 150, 150])  # the parent before the fork, then both after it
    monkeypatch.setattr(run, "_tree", lambda pid: next(trees))
    monkeypatch.setattr(run, "_memory_kb", lambda pid: next(memory))
    assert run._tree_kb(1) == 300  # 150 + 150, not 300 + 150
    assert next(trees, None) is None


def test_synthetic_site_is_deterministic_and_has_every_kind(tmp_path: Path) -> None:
    from bench import synth

    synth.generate(tmp_path / "a", 120, seed=3)
    synth.generate(tmp_path / "b", 120, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()

    site = read_site(tmp_path / "a", jobs=1)
    assert not site.problems
    generated = [p for p in site.pages if p.kind not in ("section", "widget")]
    kinds = {p.kind for p in site.pages}
    assert {"post", "publication", "event", "project", "author", "slides", "page"} <= kinds
    formats = {p.source.format for p in generated if p.source}
    assert formats >= {"yaml", "toml"}
    assert any(p.upgrades for p in site.pages)  # v2-era talks: time_start -> date...
    commented = [p for p in generated if p.comments.before or p.comments.inline]
    assert 0 < len(commented) < len(generated)  # both paths: with comments and without
    bodies = "\n".join(p.body for p in generated)
    for needle in ("{{< figure", "{{% callout", '{{< ref "', "{{< relref", "$$", "```", "](/"):
        assert needle in bodies, needle
    for target in TARGETS:
        plan = plan_conversion(site, target, jobs=1)
        assert not plan.failed, target


# -- jobs: the same result in any number of processes -------------------------------------------


def _plan_bytes(plan: Plan) -> tuple[object, ...]:
    actions = [(a.dest, a.content, str(a.source), a.origin) for a in plan.actions]
    return actions, [vars(r) for r in plan.pages], plan.warnings


def _site_state(site: Site) -> list[object]:
    return [
        (p.path, p.kind, p.slug, repr(p.fields), p.body, repr(p.comments), p.warnings)
        for p in site.pages
    ] + [str(problem) for problem in site.problems]


@pytest.mark.parametrize("name", [*FIXTURE_SITES, "bad-site"])
def test_jobs_give_byte_identical_plans(name: str, workers_always: None) -> None:
    src = FIXTURES / name
    one = read_site(src, jobs=1)
    two = read_site(src, jobs=2)
    assert _site_state(one) == _site_state(two)
    for target in TARGETS:
        serial = plan_conversion(one, target, jobs=1)
        spread = plan_conversion(two, target, jobs=2)
        assert _plan_bytes(serial) == _plan_bytes(spread), target
        assert len(serial.actions) > 0


def test_jobs_identical_on_a_site_past_the_worker_threshold(tmp_path: Path) -> None:
    """The default path: a site large enough that workers start without any test switch."""
    from bench import synth

    synth.generate(tmp_path / "site", parallel.MIN_PAGES + 40, seed=5)
    one = read_site(tmp_path / "site", jobs=1)
    three = read_site(tmp_path / "site", jobs=3)
    assert _site_state(one) == _site_state(three)
    for target in ("hugo-toml", "jekyll", "mkdocs"):
        assert _plan_bytes(plan_conversion(one, target, jobs=1)) == _plan_bytes(
            plan_conversion(three, target, jobs=3)
        )


def test_jobs_files_written_identical(tmp_path: Path, workers_always: None) -> None:
    src = FIXTURES / "academic-v5-yaml"
    convert(src, "quarto", tmp_path / "one", jobs=1)
    convert(src, "quarto", tmp_path / "two", jobs=2)
    files_one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*"))
    files_two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))
    assert files_one == files_two
    for rel in files_one:
        a, b = tmp_path / "one" / rel, tmp_path / "two" / rel
        if a.is_file():
            assert a.read_bytes() == b.read_bytes(), rel


def test_roundtrip_takes_jobs(workers_always: None) -> None:
    trip = roundtrip(FIXTURES / "academic-v2-toml", "hugo-yaml", jobs=2)
    assert trip.equal


def test_a_failure_in_a_worker_is_raised_as_in_a_loop(workers_always: None) -> None:
    def work(i: int) -> int:
        if i == 7:
            raise ValueError("page 7")
        return i * i

    assert parallel.map_pages(lambda i: i * i, 30, jobs=2) == [i * i for i in range(30)]
    with pytest.raises(ValueError, match="page 7"):
        parallel.map_pages(work, 30, jobs=2)
    with pytest.raises(ValueError, match="page 7"):
        parallel.map_pages(work, 30, jobs=1)


def test_waves_cover_every_chunk_once_in_order() -> None:
    for count, workers in ((1000, 2), (5198, 2), (20_092, 2), (1500, 4), (7, 2)):
        ranges = parallel.chunks(count, workers)
        chunk = max(b - a for a, b in ranges)
        for size in (1, 64, 100, 1000, 1024, 10_000):
            groups = parallel.waves(ranges, size)
            assert [r for g in groups for r in g] == ranges, size
            assert all(g for g in groups)
            pages = [sum(b - a for a, b in g) for g in groups]
            # as many waves as the size fits best: no wave of a few pages left at the end
            assert len(groups) == max(1, min(len(ranges), round(count / size))), (count, size)
            assert max(pages) - min(pages) <= chunk, (count, size, pages)  # shared out evenly
            assert max(pages) <= 1.5 * size + chunk or len(groups) == len(ranges)


def test_a_site_of_5198_pages_has_five_waves_not_six() -> None:
    """The replica's 5,198 pages in waves of about 1,024: five of 1,024 to 1,088 pages, where
    filling each wave to 1,024 left a sixth of 78 pages with a pool of its own."""
    groups = parallel.waves(parallel.chunks(5198, 2), 1024)
    assert [sum(b - a for a, b in g) for g in groups] == [1024, 1024, 1088, 1024, 1038]


def test_each_wave_of_pages_has_fresh_workers(
    workers_always: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's memory grows with the pages it touched (copy-on-write), so workers are
    replaced every WAVE_PAGES pages: many pools, the same results, in order, progress whole."""
    import os

    monkeypatch.setattr(parallel, "WAVE_PAGES", 10)
    calls: list[int] = []
    got = parallel.map_pages(
        lambda i: (i * i, os.getpid()),
        200,
        jobs=2,
        progress=lambda stage, done, total: calls.append(done),
    )
    assert [v for v, _ in got] == [i * i for i in range(200)]
    workers = {pid for _, pid in got}
    assert os.getpid() not in workers and len(workers) > 2  # more pools than one
    assert calls == sorted(calls) and calls[-1] == 200

    def work(i: int) -> int:
        if i == 150:  # in a late wave
            raise ValueError("page 150")
        return i

    with pytest.raises(ValueError, match="page 150"):
        parallel.map_pages(work, 200, jobs=2)


def test_worker_count_defaults_to_cores() -> None:
    import os

    assert parallel.worker_count(None) == (os.cpu_count() or 1)
    assert parallel.worker_count(0) == 1
    assert parallel.worker_count(3) == 3


# -- progress ----------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_reports_each_stage_in_order(
    tmp_path: Path, jobs: int, workers_always: None
) -> None:
    calls: list[tuple[str, int, int]] = []
    result = convert(
        FIXTURES / "academic-v5-yaml",
        "jekyll",
        tmp_path / "out",
        jobs=jobs,
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    stages = [c[0] for c in calls]
    assert stages[0] == "read" and stages[-1] == "write"
    # each stage reported in one stretch: read, then plan, then write
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == [
        "read",
        "plan",
        "write",
    ]
    expected_totals = {
        "read": len(result.site.pages) + len(result.site.problems),
        "plan": len(result.site.pages),
        "write": len(result.written),
    }
    for stage, total in expected_totals.items():
        seen = [(d, t) for s, d, t in calls if s == stage]
        assert {t for _, t in seen} == {total}, stage
        dones = [d for d, _ in seen]
        assert dones == sorted(dones) and dones[0] > 0 and dones[-1] == total, stage


def test_progress_from_read_site_and_a_reader_that_does_not_report(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    site = read_site(FIXTURES / "multilingual", jobs=1, progress=lambda *a: calls.append(a))
    assert calls and calls[-1] == ("read", len(site.pages), len(site.pages))
    # the Jekyll reader (another convention) does not report per page: one final call is made
    convert(FIXTURES / "academic-v5-yaml", "jekyll", tmp_path / "j", jobs=1)
    calls.clear()
    back = read_site(tmp_path / "j", progress=lambda *a: calls.append(a))
    assert calls[-1] == ("read", len(back.pages), len(back.pages))


def test_the_file_system_floor_replays_the_tree_it_measures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bench/floor.py writes the same folders and files, byte for byte, then removes them."""
    from bench import floor

    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "empty").mkdir()
    (tree / "top.md").write_bytes(b"top")
    (tree / "a" / "b" / "index.md").write_bytes(b"\x00\xff" * 100)
    seen: dict[str, bytes] = {}
    real_rmtree = shutil.rmtree

    def look_then_remove(path: Path, ignore_errors: bool = False) -> None:
        if Path(path).is_dir():  # the scratch copy, as written, before it is removed
            seen.update(
                (p.relative_to(path).as_posix(), p.read_bytes() if p.is_file() else b"/")
                for p in Path(path).rglob("*")
            )
        real_rmtree(path, ignore_errors=ignore_errors)

    scratch = tmp_path / "scratch"
    monkeypatch.setattr(floor.shutil, "rmtree", look_then_remove)
    result = floor.measure(tree, scratch)
    monkeypatch.undo()
    expected = {
        p.relative_to(tree).as_posix(): p.read_bytes() if p.is_file() else b"/"
        for p in tree.rglob("*")
    }
    assert seen == expected
    assert (result.folders, result.files, result.bytes) == (3, 2, 203)
    assert result.wall > 0 and not scratch.exists()


def test_the_benchmark_s_floor_is_kept_until_its_outputs_go(tmp_path: Path) -> None:
    """Under the benchmark the replay stays on disk (removed with the runs' outputs: a removal
    between two runs would slow the second on a journal-less ext4, see `bench.run.Outputs`)."""
    from bench import floor

    tree = tmp_path / "tree"
    (tree / "a").mkdir(parents=True)
    (tree / "a" / "index.md").write_bytes(b"page")
    result = floor.measure(tree, tmp_path / "scratch", keep=True)
    assert result.files == 1
    assert (tmp_path / "scratch" / "a" / "index.md").read_bytes() == b"page"


def test_the_wait_for_freed_inodes_is_for_ext_file_systems_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import run

    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw,relatime 0 0\ntmpfs /dev/shm tmpfs rw 0 0\n"
        "/dev/vdb /srv/data xfs rw 0 0\n"
    )
    real_open = open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        return real_open(mounts if file == "/proc/mounts" else file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", fake_open)
    monkeypatch.setattr(run.os.path, "realpath", lambda p: str(p))
    assert run._keeps_freed_inodes(Path("/home/me/bench"))
    assert not run._keeps_freed_inodes(Path("/dev/shm/bench"))
    assert not run._keeps_freed_inodes(Path("/srv/data/bench"))
    assert run._keeps_freed_inodes(Path("/srv/database"))  # a name that only begins alike


def test_benchmark_floor_column(tmp_path: Path) -> None:
    """The floor column, and the checkout compiled before the runs."""
    import importlib.util

    compiled = Path(importlib.util.cache_from_source(str(REPO / "converter" / "plan.py")))
    compiled.unlink(missing_ok=True)
    out_json = tmp_path / "bench.json"
    args = ["--pages", "30", "--repeat", "1", "--no-hugo", "--targets", "jekyll", "--floor"]
    args += ["--workdir", str(tmp_path / "w"), "--json", str(out_json)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "file system floor (s) |" in done.stdout
    assert compiled.is_file()
    (row,) = json.loads(out_json.read_text())["rows"]
    assert row["file_system_floor"] > 0 and row["runs"][0]["floor"] == row["file_system_floor"]


def test_the_benchmark_measures_a_compiled_checkout(tmp_path: Path) -> None:
    """Each run imports the checkout: its modules are compiled first, as an installed copy's
    are, even where PYTHONDONTWRITEBYTECODE keeps imports from writing them."""
    import importlib.util

    from bench import run

    module = REPO / "converter" / "api.py"
    compiled = Path(importlib.util.cache_from_source(str(module)))
    compiled.unlink(missing_ok=True)
    assert run.compile_checkout()
    assert compiled.is_file() and compiled.stat().st_mtime >= module.stat().st_mtime - 1


def test_the_benchmark_runs_the_command_s_own_entry_point() -> None:
    """What a user runs (the script pip makes from pyproject), with its quick ending."""
    import tomllib

    from bench import run

    script = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = script["academic-migrate"].split(":")
    assert f"from {module} import {function}; {function}()" in run._CLI


def test_time_is_taken_from_a_run_nothing_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memory sampler slows what it samples: the wall and CPU time come from a run of
    their own, the peak from a sampled one, each into a new output folder, none removed
    until the size's runs are done (`Outputs`)."""
    from bench import run

    events: list[str] = []

    def fake(cmd: list[str], sample: bool = True) -> run.Run:
        events.append(f"{cmd[0]} sample={sample}")
        Path(cmd[0]).mkdir(parents=True)
        if sample:
            return run.Run(wall=9.0, peak_kb=5000, status=0, cpu=19.0)
        return run.Run(wall=5.0, peak_kb=900, status=0, cpu=8.0)

    monkeypatch.setattr(run, "measure", fake)
    outputs = run.Outputs(tmp_path / "out")
    got, out = run.measure_apart(lambda o: [str(o)], outputs)
    first, second = tmp_path / "out" / "001", tmp_path / "out" / "002"
    assert events == [f"{first} sample=False", f"{second} sample=True"]
    assert (got.wall, got.cpu, got.peak_kb, got.status) == (5.0, 8.0, 5000, 0)
    assert out == first and first.is_dir() and second.is_dir()
    outputs.remove()
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_an_unsampled_run_is_not_sampled(monkeypatch: pytest.MonkeyPatch) -> None:
    """`measure(sample=False)` reads no process's memory while the command runs (an inner
    function once shadowed the flag, and every run was sampled)."""
    from bench import run

    reads: list[int] = []
    real = run._tree_kb

    def counted(pid: int) -> int:
        reads.append(pid)
        return real(pid)

    monkeypatch.setattr(run, "_tree_kb", counted)
    cmd = [sys.executable, "-c", "import time; time.sleep(0.2)"]
    assert run.measure(cmd, sample=False).status == 0
    assert reads == []
    run.measure(cmd, sample=True)
    assert reads
