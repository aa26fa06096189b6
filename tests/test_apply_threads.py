"""A large plan's files written by several threads (`apply._in_threads`): the same files as one
after the other, and the same guarantees after a fault (issue 10's, in tests/test_faults.py):
whole files only, no temporary left, a second run completes, the source untouched.

The threshold is lowered to 0 so that the small generated site of test_faults takes the
threaded path; the signal test uses a real process, as test_faults does.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import converter.apply as apply_module
from converter import convert
from converter.cli import main
from tests.test_faults import (
    TARGETS,
    assert_no_partial_files,
    assert_second_run_completes,
    fail_writes,
    generated_site,
    tree_hash,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_site(tmp_path_factory.mktemp("threads") / "site", pages=90)


@pytest.fixture(scope="module")
def reference(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """What one thread writes, file after file (the site is below THREADED_FILES)."""
    out = {}
    for target in TARGETS:
        folder = tmp_path_factory.mktemp("sequential") / target
        assert len(convert(site, target, dry_run=True).plan.actions) < apply_module.THREADED_FILES
        convert(site, target, folder)
        out[target] = tree_hash(folder)
    return out


@pytest.fixture
def threaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every plan threaded, in blocks of 4 files; the names of the threads that wrote."""
    monkeypatch.setattr(apply_module, "THREADED_FILES", 0)
    monkeypatch.setattr(apply_module, "BLOCK", 4)
    names: list[str] = []
    real = apply_module._write_atomic

    def write(*args: object, **kwargs: object) -> None:
        names.append(threading.current_thread().name)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(apply_module, "_write_atomic", write)
    return names


@pytest.mark.parametrize("target", TARGETS)
def test_threads_write_the_files_one_thread_writes(
    tmp_path: Path, site: Path, reference: dict[str, dict[str, str]], threaded: list[str], target
) -> None:
    progress: list[tuple[str, int, int]] = []
    result = convert(site, target, tmp_path / "out", progress=lambda *a: progress.append(a))
    assert tree_hash(tmp_path / "out") == reference[target]
    # the written list is the plan's order, whichever thread finished first
    assert result.written == [tmp_path.resolve() / "out" / a.dest for a in result.plan.actions]
    assert len({n for n in threaded if n.startswith("academic-migrate-write")}) > 1
    writes = [p for p in progress if p[0] == "write"]
    assert writes[-1] == ("write", len(result.written), len(result.written))
    assert [p[1] for p in writes] == sorted(p[1] for p in writes)


@pytest.mark.parametrize("target", TARGETS)
def test_a_full_disk_stops_every_thread_with_whole_files_only(
    tmp_path: Path, site: Path, reference, threaded: list[str], target, monkeypatch
) -> None:
    before = tree_hash(site)
    out = tmp_path / "out"
    fail_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"), after_files=30)
    result = CliRunner().invoke(main, ["convert", str(site), "--to", target, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert result.stderr.count("No space left on device") == 1  # said once, not per thread
    # the threads stop before their next file: a few more whole files at most, never all
    assert 30 <= len(tree_hash(out)) < 30 + apply_module.WRITERS
    assert len(threaded) <= 30 + apply_module.WRITERS  # no thread began another file after it
    assert_no_partial_files(out, reference[target])
    monkeypatch.undo()
    assert_second_run_completes(site, target, out, reference[target])
    assert tree_hash(site) == before


def test_an_exception_in_a_thread_is_raised_to_the_caller(
    tmp_path: Path, site: Path, reference, threaded: list[str], monkeypatch
) -> None:
    fail_writes(monkeypatch, RuntimeError("a bug in the middle of a write"), after_files=5)
    with pytest.raises(RuntimeError, match="a bug in the middle"):
        convert(site, "jekyll", tmp_path / "out")
    assert_no_partial_files(tmp_path / "out", reference["jekyll"])
    assert not [p for p in (tmp_path / "out").rglob("*") if apply_module.TEMP_MARK in p.name]


@pytest.mark.parametrize(
    ("sig", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, SystemExit)]
)
def test_a_signal_stops_the_threads_between_files(
    tmp_path: Path, site: Path, reference, threaded: list[str], monkeypatch, sig, raised
) -> None:
    """Sent from a writing thread as its 7th temporary is made: the process's main thread
    holds it, the threads finish the file each is on and stop, then it acts."""
    real_temporary = apply_module._temporary
    calls = {"n": 0}
    lock = threading.Lock()

    def temporary(*args, **kwargs):
        made = real_temporary(*args, **kwargs)
        with lock:
            calls["n"] += 1
            if calls["n"] == 7:
                os.kill(os.getpid(), sig)
        return made

    monkeypatch.setattr(apply_module, "_temporary", temporary)
    out = tmp_path / "out"
    with pytest.raises(raised):
        convert(site, "hugo-yaml", out)
    written = len(tree_hash(out))
    assert 7 <= written < 7 + 2 * apply_module.WRITERS and written < len(reference["hugo-yaml"])
    assert_no_partial_files(out, reference["hugo-yaml"])
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored
