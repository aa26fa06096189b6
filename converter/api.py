"""The library API, mirroring the CLI: `read_site`, `convert`, `roundtrip`.

from converter import read_site, convert
site = read_site("mysite")                   # the neutral model, to inspect or edit
result = convert("mysite", "hugo-yaml", out="site-yaml")
result = convert("mysite", "hugo-toml", dry_run=True)   # a plan, nothing written
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from converter import parallel
from converter.apply import apply, check_output
from converter.body.links import remembering
from converter.model import Problem, Site
from converter.plan import Plan, check_destinations
from converter.registry import (
    Progress,
    ReadOptions,
    WriteOptions,
    Writer,
    detect_reader,
    get_reader,
    get_writer,
)
from converter.sidecar import keep_mode
from converter.spool import Spool

# From this many pages on, page contents wait on disk once planned (`converter.spool`), so
# that memory does not hold every file of the site at once; a smaller site's plan stays in
# memory, where an API user inspecting it pays nothing.
SPOOL_PAGES = 1000


@dataclass
class Result:
    site: Site
    plan: Plan
    out: Path | None = None
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        """0 every page converted; 1 some failed (the rest converted); 2 nothing could be read."""
        if not self.site.pages and self.site.problems:
            return 2
        return 1 if self.plan.failed or self.site.problems else 0


class _Reported:
    """A progress callback that remembers whether a stage was reported, so that a reader or
    writer that does not report (a third party's) still gives one final (n, n) call."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.called = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.called = True
        if self.progress is not None:
            self.progress(stage, done, total)

    def finish(self, stage: str, total: int) -> None:
        if self.progress is not None and not self.called:
            self.progress(stage, total, total)


def read_site(
    src: str | Path,
    reader: str | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    mappings: list[Path] | None = None,
) -> Site:
    """The neutral model of a site; `jobs` worker processes read its pages (None: one per
    core), and `progress("read", done, total)` is called as they are read."""
    path = Path(src)
    chosen = get_reader(reader) if reader else detect_reader(path)
    reported = _Reported(progress)
    options = ReadOptions(jobs=jobs, mappings=list(mappings or []), progress=reported)
    site = chosen.read(path, options)
    reported.finish("read", len(site.pages))
    return site


def plan_conversion(
    site: Site,
    to: str,
    *,
    keep: bool | str = True,
    upgrade: bool = False,
    mappings: list[Path] | None = None,
    content_only: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    deploy: str = "auto",
) -> Plan:
    reported = _Reported(progress)
    n = len(site.pages)
    spool = Spool() if n >= SPOOL_PAGES else None
    options = WriteOptions(
        keep=keep_mode(keep),
        upgrade=upgrade,
        mappings=list(mappings or []),
        content_only=content_only,
        jobs=jobs,
        progress=reported,
        spool=spool,
        deploy=deploy,
    )
    writer = get_writer(to)
    with remembering():  # the pages do not change while they are planned
        plan = writer.plan(site, options)
    # pages the writer itself failed on (plan.guarded) are said as read errors are
    problems = [
        Problem(r.source, (r.error or "").removeprefix(f"{r.source}: "))
        for r in plan.pages[:n]
        if r.status == "failed"
    ]
    plan = check_destinations(plan, site.root, problems)
    failed = {i for i, r in enumerate(plan.pages[:n]) if r.status == "failed"}
    if failed:
        with remembering():
            plan, problems = _without(site, writer, options, plan, failed, problems)
    plan.warnings[:0] = site.warnings  # the reading's, first
    site.problems += problems
    plan.spool = spool
    reported.finish("plan", n)
    return plan


def _without(
    site: Site,
    writer: Writer,
    options: WriteOptions,
    plan: Plan,
    failed: set[int],
    problems: list[Problem],
) -> tuple[Plan, list[Problem]]:
    """The plan again without the pages that failed in writing: a writer's files that list
    pages (an MkDocs nav, a section index it generates) must not name a file that will not
    be written. The failed pages keep their reports, in their places, and their files (the
    source kept unchanged, if any)."""
    kept = [p for i, p in enumerate(site.pages) if i not in failed]
    names = {plan.pages[i].source for i in failed}
    quiet = dataclasses.replace(options, progress=None)
    replan = writer.plan(dataclasses.replace(site, pages=kept, problems=[]), quiet)
    replan.actions += [a for a in plan.actions if a.origin in names]
    new: list[Problem] = []
    replan = check_destinations(replan, site.root, new)
    reports = iter(replan.pages[: len(kept)])
    replan.pages = [
        plan.pages[i] if i in failed else next(reports) for i in range(len(site.pages))
    ] + replan.pages[len(kept) :]
    return replan, [p for p in problems if p.path in names] + new


def convert(
    src: str | Path | Site,
    to: str,
    out: str | Path | None = None,
    *,
    reader: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    keep: bool | str = True,
    upgrade: bool = False,
    mappings: list[str | Path] | None = None,
    jobs: int | None = None,
    content_only: bool = False,
    progress: Progress | None = None,
    deploy: str = "auto",
    into: str | Path | None = None,
) -> Result:
    """Convert a site to `to`; with `dry_run` (or no `out`) only plan it.

    `into` (instead of `out`) merges the site into an existing site of the target there
    (converter/into.py): its pages as with `content_only`, the checkout's config updated.

    `jobs` worker processes (None: one per core) read and plan the pages; the result is the
    same for any number. `progress(stage, done, total)` is called with stage "read", "plan"
    and "write" as pages are read, pages planned and files written.
    """
    if into is not None:
        return _convert_into(
            src, to, Path(into), reader, dry_run, keep, upgrade, mappings, jobs, progress
        )
    out_path = Path(out) if out is not None and not dry_run else None
    if out_path is not None and not isinstance(src, Site):
        given = Path(src).resolve()
        check_output(out_path, given if given.is_dir() else given.parent, force)  # before the work
    with parallel.batch_gc():
        site = (
            src if isinstance(src, Site) else read_site(src, reader, jobs=jobs, progress=progress)
        )
        if out_path is not None:
            check_output(out_path, site.root, force)
        tables = [Path(m) for m in mappings or []]
        plan = plan_conversion(
            site,
            to,
            keep=keep,
            upgrade=upgrade,
            mappings=tables,
            content_only=content_only,
            jobs=jobs,
            progress=progress,
            deploy=deploy,
        )
        result = Result(site, plan, out_path, dry_run=dry_run or out_path is None)
        if out_path is not None and not dry_run:
            result.written = apply(plan, out_path, force=force, progress=progress)
    return result


def _convert_into(
    src: str | Path | Site,
    to: str,
    checkout: Path,
    reader: str | None,
    dry_run: bool,
    keep: bool | str,
    upgrade: bool,
    mappings: list[str | Path] | None,
    jobs: int | None,
    progress: Progress | None,
) -> Result:
    """`convert(..., into=checkout)`: the checkout is the output folder, written into though
    it holds files (nothing of it is deleted)."""
    from converter import into

    into.check(to, checkout)
    with parallel.batch_gc():
        site = (
            src if isinstance(src, Site) else read_site(src, reader, jobs=jobs, progress=progress)
        )
        check_output(checkout, site.root, force=True)  # not inside the source, nor around it
        tables = [Path(m) for m in mappings or []]
        plan = into.plan(
            site,
            to,
            checkout,
            plan_conversion,
            keep=keep,
            upgrade=upgrade,
            mappings=tables,
            jobs=jobs,
            progress=progress,
        )
        result = Result(site, plan, checkout, dry_run=dry_run)
        if not dry_run:
            result.written = apply(plan, checkout, force=True, progress=progress)
    return result
