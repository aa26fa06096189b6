"""Faults during a run (issue 10): interrupted by a signal, an exception halfway through a file,
a full disk. After each, --out holds no temporary and no truncated file (every file in it is
byte for byte the file a complete run writes), a second run with --force completes the job,
and the source tree is never modified.

The signals go to a real `academic-migrate convert` process (`python -m converter.cli`, the
same `main` the console script runs, from this checkout). A small hook module, imported only
in that child, holds the run at a chosen point and says so on stdout, so the signal lands
exactly where the test means it to: with a temporary file written and not yet renamed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import converter.apply as apply_module
from converter import convert
from converter.cli import main
from tests.conftest import REPO

TARGETS = ["hugo-yaml", "jekyll"]

# Runs in the child process: hold before the N-th rename, with its temporary file complete on
# disk, and say where; then the test signals the process. The signal is held until the file is
# done (see apply), so the hold is short.
HOOK = """
import os, sys, time
import converter.apply as apply
at = int(os.environ["FAULT_AT"])
count = 0
real_replace = os.replace

def held_replace(src, dst):
    global count
    count += 1
    if count == at:
        print("HOLDING " + src, flush=True)
        time.sleep(1.5)
    real_replace(src, dst)

apply.os.replace = held_replace
from converter.cli import main
sys.argv[0] = "academic-migrate"
main()
"""


def generated_site(root: Path, pages: int = 60) -> Path:
    """A site with `pages` posts, bundles with a file each, and a config."""
    (root / "content" / "post").mkdir(parents=True)
    (root / "config.yaml").write_text("title: Generated\nbaseURL: https://example.org/\n")
    for i in range(pages):
        body = f"Paragraph {i}.\n\n" + 'Some text with a {{< figure src="f.png" >}}.\n' * 20
        if i % 3 == 0:
            folder = root / "content" / "post" / f"bundle-{i:04d}"
            folder.mkdir()
            (folder / "index.md").write_text(
                f"---\ntitle: Bundle {i}\ndate: 2020-01-{i % 28 + 1:02d}\ntags: [a, b]\n---\n"
                + body
            )
            (folder / "data.csv").write_bytes(b"a,b\n" * 500)
        else:
            (root / "content" / "post" / f"post-{i:04d}.md").write_text(
                f"+++\ntitle = 'Post {i}'\ndate = 2020-02-{i % 28 + 1:02d}\n+++\n" + body
            )
    return root


def tree_hash(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_site(tmp_path_factory.mktemp("faults") / "site")


@pytest.fixture(scope="module")
def reference(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """What a complete, undisturbed run writes, per target."""
    out = {}
    for target in TARGETS:
        folder = tmp_path_factory.mktemp("reference") / target
        convert(site, target, folder)
        out[target] = tree_hash(folder)
    return out


def assert_no_partial_files(out: Path, complete: dict[str, str]) -> None:
    """Only whole files: no temporaries, and each file is the one a complete run writes."""
    if not out.exists():
        return
    found = tree_hash(out)
    assert not [p for p in found if p.endswith(".tmp")], "a temporary file was left"
    for rel, digest in found.items():
        assert rel in complete, f"{rel}: not a file of the conversion"
        assert digest == complete[rel], f"{rel}: truncated or different from a complete run"


def assert_second_run_completes(site: Path, target: str, out: Path, complete: dict) -> None:
    result = CliRunner().invoke(
        main, ["convert", str(site), "--to", target, "--out", str(out), "--force"]
    )
    assert result.exit_code == 0, result.output
    assert tree_hash(out) == complete


def child(site: Path, target: str, out: Path, hook_at: int | None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    args = ["convert", str(site), "--to", target, "--out", str(out), "--force"]
    if hook_at is None:
        cmd = [sys.executable, "-m", "converter.cli", *args]
    else:
        env["FAULT_AT"] = str(hook_at)
        cmd = [sys.executable, "-c", HOOK, *args]
    return subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_hold(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the child holds (or exits)
    assert line.startswith("HOLDING "), (line, proc.stderr.read() if proc.stderr else "")
    return line.split(" ", 1)[1].strip()


# -- signals --------------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(
    ("sig", "codes"),
    [(signal.SIGINT, {1, 130}), (signal.SIGTERM, {143})],
    ids=["SIGINT", "SIGTERM"],
)
def test_a_signal_midway_leaves_whole_files_and_a_rerun_completes(
    tmp_path, site, reference, target, sig, codes
):
    before = tree_hash(site)
    out = tmp_path / "out"
    proc = child(site, target, out, hook_at=25)
    temporary = Path(wait_for_hold(proc))
    assert temporary.is_file() and temporary.name.endswith(".tmp")  # mid-write, for real
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in codes, (proc.returncode, err)
    assert "Traceback" not in err
    assert not temporary.exists()
    written = tree_hash(out)
    assert 0 < len(written) < len(reference[target])  # stopped midway
    assert_no_partial_files(out, reference[target])
    assert tree_hash(site) == before
    assert_second_run_completes(site, target, out, reference[target])
    assert tree_hash(site) == before


def test_sigkill_midway_leaves_a_temporary_the_next_run_removes(tmp_path, site, reference):
    """SIGKILL cannot be caught: its temporary stays, with a name no site file has, and the
    next run removes it before writing."""
    before = tree_hash(site)
    out = tmp_path / "out"
    proc = child(site, "jekyll", out, hook_at=10)
    temporary = Path(wait_for_hold(proc))
    proc.kill()
    proc.communicate(timeout=60)
    assert temporary.exists() and apply_module.TEMP_MARK in temporary.name
    complete = {k: v for k, v in reference["jekyll"].items()}
    found = {k: v for k, v in tree_hash(out).items() if not k.endswith(".tmp")}
    assert all(complete[k] == v for k, v in found.items())  # the renamed files are whole
    assert_second_run_completes(site, "jekyll", out, reference["jekyll"])
    assert not temporary.exists()
    assert tree_hash(site) == before


def test_sigint_at_any_moment_of_the_writing_of_a_real_run(tmp_path, site, reference):
    """No hook: Ctrl-C to an ordinary run, at several moments after it began writing. Wherever
    it lands, --out holds only whole files. (While the program loads, before it writes: see
    `test_ctrl_c_while_the_program_loads_ends_it_quietly`.)
    """
    before = tree_hash(site)
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2):
        out = tmp_path / f"out-{delay}"
        proc = child(site, "hugo-yaml", out, hook_at=None)
        while not out.exists() and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert_no_partial_files(out, reference["hugo-yaml"])
        finished = tree_hash(out) == reference["hugo-yaml"]
        if proc.returncode == -signal.SIGINT or "Exception ignored" in err:
            # landed after the run, as Python shut down (the worker pool's atexit prints
            # "Exception ignored ... KeyboardInterrupt"): the job was done
            assert finished, err
        else:
            assert "Traceback" not in err
            assert proc.returncode in (0, 1), err
    assert tree_hash(site) == before
    assert_second_run_completes(site, "hugo-yaml", out, reference["hugo-yaml"])


# -- an exception, a full disk -----------------------------------------------------------------


class FailingFile:
    """A file object that writes part of what it is given, then fails: a disk filling up, or
    an I/O error, in the middle of a file."""

    def __init__(self, fh, error: BaseException, after: int) -> None:
        self.fh, self.error, self.after = fh, error, after

    def write(self, data: bytes) -> int:
        if self.after <= 0:
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise self.error
        self.after -= 1
        return self.fh.write(data)

    def __getattr__(self, name: str):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def fail_writes(monkeypatch, error: BaseException, after_files: int) -> None:
    real_fdopen = os.fdopen
    opened = {"n": 0}

    def fdopen(fd, *args, **kwargs):
        fh = real_fdopen(fd, *args, **kwargs)
        opened["n"] += 1
        if opened["n"] <= after_files:
            return fh
        return FailingFile(fh, error, after=0)

    monkeypatch.setattr(apply_module.os, "fdopen", fdopen)

    def copy(src, dst, length: int = 0) -> None:  # bundle files go through copyfileobj
        dst.write(src.read())

    monkeypatch.setattr(apply_module.shutil, "copyfileobj", copy)


@pytest.mark.parametrize("target", TARGETS)
def test_a_full_disk_midway_is_one_error_line_and_leaves_whole_files(
    tmp_path, site, reference, target, monkeypatch
):
    before = tree_hash(site)
    out = tmp_path / "out"
    fail_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"), after_files=30)
    result = CliRunner().invoke(main, ["convert", str(site), "--to", target, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert len(tree_hash(out)) == 30
    assert_no_partial_files(out, reference[target])
    monkeypatch.undo()  # space freed
    assert_second_run_completes(site, target, out, reference[target])
    assert tree_hash(site) == before


def test_an_exception_in_the_middle_of_a_file_leaves_no_trace_of_it(
    tmp_path, site, reference, monkeypatch
):
    before = tree_hash(site)
    out = tmp_path / "out"
    fail_writes(monkeypatch, RuntimeError("a bug in the middle of a write"), after_files=5)
    with pytest.raises(RuntimeError):
        convert(site, "jekyll", out)
    assert len(tree_hash(out)) == 5
    assert_no_partial_files(out, reference["jekyll"])
    monkeypatch.undo()
    assert_second_run_completes(site, "jekyll", out, reference["jekyll"])
    assert tree_hash(site) == before


def test_a_failing_rename_leaves_no_temporary(tmp_path, site, reference, monkeypatch):
    before = tree_hash(site)
    out = tmp_path / "out"
    real_replace = os.replace
    calls = {"n": 0}

    def replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 12:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(apply_module.os, "replace", replace)
    with pytest.raises(OSError):
        convert(site, "hugo-yaml", out)
    assert len(tree_hash(out)) == 11
    assert_no_partial_files(out, reference["hugo-yaml"])
    monkeypatch.undo()
    assert_second_run_completes(site, "hugo-yaml", out, reference["hugo-yaml"])
    assert tree_hash(site) == before


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real 96 KiB tmpfs (root on Linux only); unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a real tiny disk needs root on Linux (mount -t tmpfs)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk(tiny_disk, site, reference):
    before = tree_hash(site)
    out = tiny_disk / "out"
    result = CliRunner().invoke(main, ["convert", str(site), "--to", "jekyll", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert_no_partial_files(out, reference["jekyll"])
    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_disk)], check=True)
    assert_second_run_completes(site, "jekyll", out, reference["jekyll"])
    assert tree_hash(site) == before


@pytest.mark.parametrize(
    ("sig", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, SystemExit)]
)
def test_a_signal_right_after_the_temporary_is_created_is_held_until_the_file_is_done(
    tmp_path, site, reference, monkeypatch, sig, raised
):
    """The narrowest window: the signal arrives as the temporary is made, before the `try`
    that would remove its file. Held, it acts after that file is renamed: nothing left behind."""
    real_temporary = apply_module._temporary
    calls = {"n": 0}

    def temporary(*args, **kwargs):
        made = real_temporary(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 7:
            os.kill(os.getpid(), sig)  # delivered here, in the main thread
        return made

    monkeypatch.setattr(apply_module, "_temporary", temporary)
    out = tmp_path / "out"
    with pytest.raises(raised):
        convert(site, "hugo-yaml", out)
    assert len(tree_hash(out)) == 7  # the 7th file finished, then the run stopped
    assert_no_partial_files(out, reference["hugo-yaml"])
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored


def test_a_long_non_ascii_file_name_gets_a_temporary_name_that_fits(tmp_path):
    """A 250-byte name (the most many file systems allow) in CJK: its temporary must fit too."""
    from converter.plan import FileAction, Plan

    name = "論" * 80 + ".md"  # 240 + 3 bytes of UTF-8
    plan = Plan("hugo-yaml", tmp_path / "site", actions=[FileAction(f"content/{name}", b"x")])
    (tmp_path / "site").mkdir()
    apply_module.apply(plan, tmp_path / "out")
    assert (tmp_path / "out" / "content" / name).read_bytes() == b"x"


# -- Ctrl-C while the program loads ------------------------------------------------------------

# Runs the command's entry point with a Ctrl-C arriving while it imports the CLI (the moment
# used to give Python's traceback), with no timing to guess: the signal is sent by the import.
_INTERRUPTED_IMPORT = """
import builtins, os, signal, sys
real = builtins.__import__
def sending(name, *args, **kwargs):
    if name == "converter.cli":
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)
builtins.__import__ = sending
sys.argv = ["academic-migrate", "--version"]
{call}
"""


def _load_interrupted(call: str, ignore: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IMPORT.format(call=call)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore else None,
    )


def test_ctrl_c_while_the_program_loads_ends_it_quietly() -> None:
    run = _load_interrupted("from converter.entry import main; main()")
    assert run.returncode == 130, run
    assert "Traceback" not in run.stderr and "Interrupted." in run.stderr
    assert run.stdout == ""
    # what it was before: the CLI imported directly gives Python's traceback
    bare = _load_interrupted("from converter.cli import main; main()")
    assert "KeyboardInterrupt" in bare.stderr and bare.returncode != 0


def test_a_ctrl_c_the_caller_ignores_stays_ignored_while_loading() -> None:
    run = _load_interrupted("from converter.entry import main; main()", ignore=True)
    assert run.returncode == 0, run
    assert "version" in run.stdout
