"""A progress bar for long runs, fed by the `progress(stage, done, total)` callback of the API.

Shown on stderr only: stdout may carry a JSON or HTML report that a script reads. It appears
only once a stage has more than a few dozen items, so a small site converts without a flash of
bars, and never when stderr is not a terminal (CI logs, pipes) or the user asked for quiet.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

THRESHOLD = 36  # items in a stage before a bar is worth showing ("more than a few dozen")

STAGES = {"read": "reading pages", "plan": "converting pages", "write": "writing files"}


class ProgressBars:
    """One bar per stage, started lazily; use as a context manager so the bars stop cleanly."""

    def __init__(self, console: Console, threshold: int = THRESHOLD) -> None:
        self.console = console
        self.threshold = threshold
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._progress is None:
            if total <= self.threshold:
                return
            self._progress = Progress(
                TextColumn("{task.description:<18}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
        task = self._tasks.get(stage)
        if task is None:
            task = self._progress.add_task(STAGES.get(stage, stage), total=total)
            self._tasks[stage] = task
        self._progress.update(task, completed=done, total=total)

    @property
    def stages(self) -> list[str]:
        """The stages a bar was shown for."""
        return list(self._tasks)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def progress_bars(quiet: bool, console: Console | None = None) -> ProgressBars | None:
    """Bars on stderr, or None where they must not appear (quiet, or stderr not a terminal)."""
    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        return None
    return ProgressBars(console)
