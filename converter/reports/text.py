"""The text report: per page its unified diff, its field table and its warnings; a summary last.

Printed through rich, so a terminal gets colours and a file or a pipe gets plain text from the
same code (rich decides from the console, not us).
"""

from __future__ import annotations

import difflib
import re

from rich.console import Console
from rich.text import Text

from converter.keep import KEEP_KEY
from converter.reports.model import FileChange, PageEntry, Review, kind_label, summary

DIFF_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def emit(console: Console, line: Text) -> None:
    """One line: through rich on a terminal (colours), as it is elsewhere. rich would expand
    tabs and pad lines, and a diff in a file must keep the file's own characters."""
    if console.is_terminal:
        console.print(line, soft_wrap=True)
    else:
        console.file.write(line.plain + "\n")


def unified_diff(change: FileChange) -> list[str]:
    """The change as `diff -u` prints it, every line ending in a newline."""
    before = (change.before or "").splitlines(keepends=True)
    after = change.after.splitlines(keepends=True)
    lines = difflib.unified_diff(
        before,
        after,
        fromfile=f"a/{change.origin or change.dest}" if change.before is not None else "/dev/null",
        tofile=f"b/{change.dest}",
    )
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def print_diff(console: Console, lines: list[str]) -> None:
    for line in lines:
        style = next((s for prefix, s in DIFF_STYLES if line.startswith(prefix)), "")
        emit(console, Text(line.rstrip("\n"), style=style))


def field_rows(entry: PageEntry) -> list[tuple[str, str]]:
    """Where each front matter field went: the four rows a reviewer checks."""
    renamed = ", ".join(f"{old} -> {new}" for old, new in entry.renamed.items())
    return [
        ("mapped", ", ".join(entry.same)),
        ("renamed", renamed),
        (f"kept under {KEEP_KEY}", ", ".join(entry.kept)),
        ("dropped", "; ".join(entry.report.dropped)),
        ("hidden", "; ".join(entry.report.hidden)),
    ]


def print_fields(console: Console, entry: PageEntry) -> None:
    width = max(len(label) for label, _ in field_rows(entry))
    for label, value in field_rows(entry):
        line = Text(f"  {label:<{width}}  ", style="bold")
        lost = label in ("dropped", "hidden") and value
        line.append(value or "-", style="magenta" if lost else "")
        emit(console, line)


def _page_heading(entry: PageEntry) -> Text:
    report = entry.report
    outputs = report.outputs[0] if report.outputs else "-"
    heading = Text("== ", style="bold")
    heading.append(report.source, style="bold")
    heading.append(f" -> {outputs}  [{report.status}, {kind_label(entry.kind)}]")
    return heading


def print_page(console: Console, entry: PageEntry, diffs: bool = True) -> None:
    emit(console, _page_heading(entry))
    if entry.report.error:
        emit(console, Text(f"error: {entry.report.error}", style="bold red"))
        return
    if diffs:
        for change in entry.changes:
            print_diff(console, unified_diff(change))
    print_fields(console, entry)
    for warning in entry.report.warnings:
        emit(console, Text(f"  warning: {warning}", style="yellow"))


def summary_line(review: Review) -> str:
    result = review.result
    s = summary(result)
    parts = [f"{n} {status}" for status, n in review.by_status.items()]
    verb = "would write" if result.dry_run else "wrote"
    files = len(result.plan.actions) if result.dry_run else s["written"]
    where = f" to {result.out}" if result.out else ""
    return (
        f"{s['pages']} pages ({', '.join(parts) or 'none'}); {s['warnings']} warnings; "
        f"{s['errors']} errors; {verb} {files} files{where}"
    )


def print_summary(console: Console, review: Review) -> None:
    kept = sum(len(p.kept) for p in review.pages)
    kept_pages = sum(1 for p in review.pages if p.kept)
    dropped = sum(len(p.report.dropped) for p in review.pages)
    kinds = ", ".join(f"{n} {kind}" for kind, n in review.by_kind.items())
    emit(console, Text("Summary", style="bold"))
    emit(console, Text(f"  kinds: {kinds or 'none'}"))
    emit(console, Text(f"  kept under {KEEP_KEY}: {kept} fields on {kept_pages} pages"))
    emit(console, Text(f"  dropped: {dropped}", style="magenta" if dropped else ""))
    hidden = sum(len(p.report.hidden) for p in review.pages)
    note = " (shown by the theme, not by the target's pages)"
    emit(console, Text(f"  hidden: {hidden}{note if hidden else ''}", "magenta" if hidden else ""))
    for todo in review.result.plan.notes:
        emit(console, Text(f"  note: {todo}", style="cyan"))
    emit(console, Text(summary_line(review)))


def print_report(console: Console, review: Review) -> None:
    """The full report: every page, the site's own files, the summary."""
    for entry in review.pages:
        print_page(console, entry)
    for change in review.site_changes:
        print_diff(console, unified_diff(change))
    for warning in review.result.plan.warnings:
        emit(console, Text(f"warning: {warning}", style="yellow"))
    print_summary(console, review)


def print_brief(console: Console, review: Review, verbose: bool) -> None:
    """After a real run without --report: each warning by file and line, as a compiler
    prints them (the first few of each kind, then how many more; all with --verbose), every
    loss, and the summary; each page's status too with --verbose."""
    shown: dict[str, int] = {}
    for entry in review.pages:
        report = entry.report
        if verbose:
            outputs = ", ".join(report.outputs[:1]) or "-"
            line = f"{report.status:>10}  {kind_label(entry.kind):<12} {report.source} -> {outputs}"
            emit(console, Text(line))
        for warning in report.warnings:
            kind = warning_kind(warning)
            shown[kind] = shown.get(kind, 0) + 1
            if verbose or shown[kind] <= WARNINGS_PER_KIND:
                emit(console, Text(located(report.source, warning), style="yellow"))
        for dropped in report.dropped:  # a user who asked for --no-keep must see each loss
            emit(console, Text(f"dropped: {report.source}: {dropped}", style="magenta"))
    if not verbose:
        for kind, count in shown.items():
            if count > WARNINGS_PER_KIND:
                more = count - WARNINGS_PER_KIND
                emit(
                    console,
                    Text(f"warning: {more} more like '{kind}' (--verbose lists them)", "yellow"),
                )
    for warning in review.result.plan.warnings:
        emit(console, Text(f"warning: {warning}", style="yellow"))
    for note in review.result.plan.notes:
        emit(console, Text(f"note: {note}", style="cyan"))
    emit(console, Text(summary_line(review)))


# how many warnings of one kind a run prints before it counts the rest
WARNINGS_PER_KIND = 3
_LINE = re.compile(r"^line (\d+): ")
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|(?<![\w/])/[^\s;,:]*|\d+")


def located(source: str, warning: str) -> str:
    """`path:line: warning: message`, the form editors and terminals jump to."""
    m = _LINE.match(warning)
    if m:
        return f"{source}:{m.group(1)}: warning: {warning[m.end() :]}"
    return f"{source}: warning: {warning}"


def warning_kind(warning: str) -> str:
    """A warning with what varies from one to the next (names, addresses, numbers) as `…`:
    the kind it is counted under."""
    return _VARYING.sub("…", _LINE.sub("", warning))
