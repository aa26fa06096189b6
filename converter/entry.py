"""The `academic-migrate` command: the CLI, with Ctrl-C quiet from the first moment.

Loading the program takes a fifth of a second (click, rich, ruamel.yaml, the readers and
writers). A Ctrl-C in that time used to print Python's KeyboardInterrupt traceback; nothing
has been read or written yet, so the command now just ends, with the shell's status for an
interrupt (130). Once loaded, the CLI's own handling takes over (`apply` holds the signal
while a file is written).
"""

from __future__ import annotations

import os
import signal
import sys
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
    cli()
