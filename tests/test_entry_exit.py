"""The command ends without Python's teardown (converter/entry.py `_end`), and loses nothing by
it: its exit status, its output, its `atexit` work (the plan's spool folder removed) and a
thread still at work are as with an ordinary `sys.exit`. Each case runs the real entry point
in a process of its own, as the installed `academic-migrate` runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "academic-v5-yaml"

# An object whose finalizer says it ran: Python's own exit finalizes module globals, `_end` not.
_WITNESS = """
import sys
class Witness:
    def __del__(self):
        sys.stderr.write("torn down\\n")
witness = Witness()
"""


def _run(code: str, *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp,
        env={"PYTHONPATH": str(ROOT), "TMPDIR": str(tmp), "PATH": "/usr/bin:/bin"},
    )


def _main(prelude: str = "") -> str:
    return (
        f"{_WITNESS}\n{prelude}\nimport sys\nsys.argv = ['academic-migrate'] + sys.argv[1:]\n"
        "from converter.entry import main\nmain()\n"
    )


def test_a_run_ends_with_its_status_output_and_atexit_work_but_no_teardown(tmp_path: Path):
    """A real conversion whose plan is spooled (every size spools here): the spool folder in
    TMPDIR is removed by its atexit finalizer, the brief report is all on stdout, status 0."""
    prelude = (
        "import atexit, converter.api as api\napi.SPOOL_PAGES = 0\n"
        "atexit.register(lambda: open('atexit-ran', 'w').close())"
    )
    out = tmp_path / "out"
    run = _run(
        _main(prelude), "convert", str(SITE), "--to", "jekyll", "--out", str(out), tmp=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "atexit-ran").exists()
    assert not list(tmp_path.glob("academic-migrate-plan-*"))  # the spool removed
    assert (out / "_config.yml").is_file()
    assert run.stdout.strip(), "the report was flushed"
    assert "torn down" not in run.stderr  # no teardown: the point of `_end`


def test_python_s_own_exit_would_have_torn_down(tmp_path: Path):
    """The witness above can fail: without `_end` (sys.exit), its finalizer runs."""
    run = _run(f"{_WITNESS}\nimport sys\nsys.exit(0)", tmp=tmp_path)
    assert "torn down" in run.stderr


@pytest.mark.parametrize(
    ("args", "status", "stream", "text"),
    [
        (["--version"], 0, "stdout", "academic-migrate, version"),
        (["convert", str(SITE), "--to", "nowhere", "--out", "x"], 2, "stderr", "--to"),
        (["convert", "/no/such/site", "--to", "jekyll", "--out", "x"], 2, "stderr", "does not"),
    ],
)
def test_the_status_and_messages_are_click_s(
    tmp_path: Path, args: list[str], status: int, stream: str, text: str
):
    run = _run(_main(), *args, tmp=tmp_path)
    assert run.returncode == status, run.stderr
    assert text in getattr(run, stream)


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [("None", 0, ""), ("3", 3, ""), ("-1", 255, ""), ("'stopped: why'", 1, "stopped: why\n")],
)
def test_end_is_sys_exit_s_status(tmp_path: Path, code: str, status: int, stderr: str):
    run = _run(f"from converter.entry import _end\n_end({code})", tmp=tmp_path)
    reference = _run(f"import sys\nsys.exit({code})", tmp=tmp_path)
    assert (run.returncode, run.stderr) == (status, stderr)
    assert (reference.returncode, reference.stderr) == (status, stderr)


def test_a_working_thread_is_waited_for(tmp_path: Path):
    code = (
        "import threading, time\n"
        "def work():\n    time.sleep(0.3)\n    open('thread-done', 'w').close()\n"
        "threading.Thread(target=work).start()\n"
        "from converter.entry import _end\n_end(4)\n"
    )
    run = _run(code, tmp=tmp_path)
    assert run.returncode == 4, run.stderr
    assert (tmp_path / "thread-done").exists()
