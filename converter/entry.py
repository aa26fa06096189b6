"""The `academic-migrate` command: the CLI, with Ctrl-C quiet from the first moment.

Loading the program takes a fifth of a second (click, rich, ruamel.yaml, the readers and
writers). A Ctrl-C in that time used to print Python's KeyboardInterrupt traceback; nothing
has been read or written yet, so the command now just ends, with the shell's status for an
interrupt (130). Once loaded, the CLI's own handling takes over (`apply` holds the signal
while a file is written).

And the command ends as soon as its work is done: Python's own exit frees every object one by
one (a large site's pages are millions of them: 0.07 s at 5,000 pages), which the system does
at once when the process ends. What an exit must still do is done first: the `atexit`
handlers (the plan's spooled contents removed, the worker pools ended) and the output flushed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from types import FrameType


def _interrupted_while_loading(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("Interrupted.\n")
    sys.stderr.flush()
    os._exit(128 + signum)


def main() -> None:
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:  # a Ctrl-C the caller ignores stays ignored
        signal.signal(signal.SIGINT, _interrupted_while_loading)
    try:
        from converter.cli import main as cli
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        cli()
    except SystemExit as stop:
        _end(stop.code)
    _end(0)


def _end(code: str | int | None) -> None:
    """End the process with `code` as `sys.exit(code)` would, without the interpreter's
    teardown: None is 0, an int is itself, anything else is printed to stderr and is 1."""
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        sys.exit(code)  # a thread still working: Python's exit waits for it, so leave it that
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader gone (`| head`) has nothing to lose
            stream.flush()
    os._exit(status & 0xFF)  # as the system truncates sys.exit(-1) to 255
