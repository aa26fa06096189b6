"""The `academic-migrate` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from converter import report
from converter.api import Result, convert
from converter.errors import ConversionError
from converter.registry import detect_reader, get_reader, readers, writers
from converter.tables import available_tables, table_path

EXAMPLES_CONVERT = """
\b
Examples:
  academic-migrate convert mysite --to hugo-yaml --out mysite-yaml
  academic-migrate convert mysite --to hugo-toml --dry-run        # review every change
  academic-migrate convert mysite --to hugo-yaml --dry-run --report json > plan.json
  academic-migrate convert mysite --to hugo-toml --out out --mapping my-fields.yaml
"""


mapping_option = click.option(
    "--mapping",
    "mappings",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mapping table merged over the shipped one (repeatable; later files win).",
)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = 2) -> None:
    _stderr().print(Text(f"error: {message}", style="bold red"))
    sys.exit(code)


class _Group(click.Group):
    """Turn a user's mistake into one line and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConversionError as e:
            _fail(str(e))
        except OSError as e:
            _fail(f"{e.filename or ''}: {e.strerror or e}", 2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="academic-migrate")
def main() -> None:
    """Move a Hugo Academic (Wowchemy, Hugo Blox) site to another convention, losing nothing.

    Every change can be reviewed first with `convert --dry-run`.
    """


def _print_diff(console: Console, lines: list[str]) -> None:
    for line in lines:
        style = None
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        console.print(Text(line.rstrip("\n"), style=style or ""), soft_wrap=True)


def _text_report(result: Result, console: Console, verbose: bool, diffs: bool) -> None:
    if diffs:
        for action, old in report.changed_files(result):
            _print_diff(console, report.unified_diff(result, action, old))
    for page in result.plan.pages:
        if page.status == "failed":
            continue
        if verbose:
            console.print(f"{page.status:>10}  {page.source}")
        for w in page.warnings if verbose or diffs else []:
            console.print(Text(f"warning: {page.source}: {w}", style="yellow"))
        for d in page.dropped:  # always: a user who asked for --no-keep must see each loss
            console.print(Text(f"dropped: {page.source}: {d}", style="magenta"))
    for w in result.plan.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))


@main.command(epilog=EXAMPLES_CONVERT)
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.option("--to", "target", required=True, help="Target convention (see `formats`).")
@click.option(
    "--out", type=click.Path(path_type=Path), help="Output folder (required unless --dry-run)."
)
@click.option("--from", "reader", help="Source convention; detected when left out.")
@click.option("--dry-run", is_flag=True, help="Write nothing; report every file that would change.")
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--report-file",
    type=click.Path(path_type=Path),
    help="Write the report here instead of stdout.",
)
@mapping_option
@click.option("--force", is_flag=True, help="Write into a non-empty --out.")
@click.option(
    "--no-keep", is_flag=True, help="Drop what the target cannot express (listed in the report)."
)
@click.option(
    "--upgrade",
    is_flag=True,
    help="Hugo targets: write current field names, not the page's own era.",
)
@click.option(
    "--content-only",
    "--jekyll-content-only",
    "content_only",
    is_flag=True,
    help="Only the pages and the files they link to, for an existing site of the target "
    "(e.g. an academicpages checkout): no config, layouts or navigation.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("-v", "--verbose", is_flag=True, help="A line for every page.")
def convert_cmd(
    src: Path,
    target: str,
    out: Path | None,
    reader: str | None,
    dry_run: bool,
    report_format: str,
    report_file: Path | None,
    mappings: tuple[Path, ...],
    force: bool,
    no_keep: bool,
    upgrade: bool,
    content_only: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Convert the site SRC (site root, content folder or one page) to TARGET."""
    if out is None and not dry_run:
        raise click.UsageError("--out is required (or use --dry-run to only see the changes)")
    if target not in writers():
        raise click.BadParameter(f"choose from {', '.join(sorted(writers()))}", param_hint="--to")
    result = convert(
        src,
        target,
        None if dry_run else out,
        reader=reader,
        dry_run=dry_run,
        force=force,
        keep=not no_keep,
        upgrade=upgrade,
        mappings=list(mappings),
        content_only=content_only,
    )
    err = _stderr()
    for problem in result.site.problems:
        err.print(Text(f"error: {problem}", style="red"))
    if report_format == "json":
        text = (
            json.dumps(report.json_report(result), indent=2, ensure_ascii=False, default=str) + "\n"
        )
        if report_file:
            report_file.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        if report_file:
            with report_file.open("w", encoding="utf-8") as fh:
                console = Console(file=fh, no_color=True, width=200)
                _text_report(result, console, verbose, dry_run)
                console.print(report.summary_line(result))
        elif not quiet:
            console = Console(highlight=False)
            _text_report(result, console, verbose, dry_run)
            console.print(report.summary_line(result))
    sys.exit(result.exit_code)


convert_cmd.name = "convert"


EXAMPLES_ROUNDTRIP = """
\b
Examples:
  academic-migrate roundtrip mysite --via hugo-toml
  academic-migrate roundtrip mysite --via hugo-yaml --report json
"""


@main.command(epilog=EXAMPLES_ROUNDTRIP)
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.option("--via", "target", required=True, help="The writer to go through (see `formats`).")
@click.option("--from", "reader", help="Source convention; detected when left out.")
@click.option("--report", "report_format", type=click.Choice(["text", "json"]), default="text")
@mapping_option
def roundtrip(
    src: Path, target: str, reader: str | None, report_format: str, mappings: tuple[Path, ...]
) -> None:
    """Check that SRC survives a trip through TARGET: read, write, read back, compare.

    Exit 0 only when every page comes back equal: fields exactly (values, types, key order),
    bodies after normalizing line endings and trailing spaces.
    """
    from converter.roundtrip import roundtrip as run_trip

    if target not in writers():
        raise click.BadParameter(f"choose from {', '.join(sorted(writers()))}", param_hint="--via")
    trip = run_trip(src, target, reader=reader, mappings=list(mappings))
    if report_format == "json":
        data = report.roundtrip_report(trip, target)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        console = Console(highlight=False, soft_wrap=True)
        for page in trip.pages:
            for d in page.differences:
                console.print(
                    Text(f"{page.source}: {d.field}: {d.before!r} -> {d.after!r}", style="red")
                )
        equal = sum(1 for p in trip.pages if p.equal)
        verdict = "every page equal" if trip.equal else f"{len(trip.pages) - equal} pages differ"
        console.print(f"{len(trip.pages)} pages through {target} and back: {verdict}")
    sys.exit(0 if trip.equal else 1)


@main.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "reader_name", help="Reader to use; detected when left out.")
def inspect(page: Path, reader_name: str | None) -> None:
    """Print the neutral model of one PAGE as YAML: kind, fields, upgrades, resources, body.

    \b
    Example:
      academic-migrate inspect mysite/content/publication/my-paper/index.md
    """
    from converter.frontmatter import dump

    p = (get_reader(reader_name) if reader_name else detect_reader(page)).read_page(page)
    model: dict[str, Any] = {
        "kind": p.kind,
        "slug": p.slug,
        "path": p.path,
        "lang": p.lang,
        "bundle": p.bundle,
        "source": {"path": p.source.path, "format": p.source.format} if p.source else None,
        "fields": p.fields,
        "upgrades": [
            {"rule": u.rule, "from": ".".join(map(str, u.old)), "to": ".".join(map(str, u.new))}
            for u in p.upgrades
        ],
        "resources": [{"name": r.name, "role": r.role} for r in p.resources],
        "warnings": p.warnings,
        "body": p.body,
    }
    sys.stdout.write(dump("yaml", model))


@main.command()
def formats() -> None:
    """List the readers, writers and mapping tables this installation knows."""
    console = Console(highlight=False)
    console.print("[bold]Readers[/bold] (--from)")
    for name, r in sorted(readers().items()):
        console.print(f"  {name:<12} {r.description}")
    console.print("[bold]Writers[/bold] (--to)")
    for name, w in sorted(writers().items()):
        console.print(f"  {name:<12} {w.description}")
    console.print("[bold]Mapping tables[/bold] (--mapping FILE merges over these)")
    for name in available_tables():
        console.print(f"  {name:<12} {table_path(name)}")
    console.print("[bold]Transforms[/bold] (for `transform:` in a mapping table)")
    from converter.fieldmap import TRANSFORMS

    for name, t in sorted(TRANSFORMS.items()):
        params = f" ({', '.join(t.params)})" if t.params else ""
        console.print(f"  {name + params:<40} {t.doc}")


if __name__ == "__main__":  # pragma: no cover
    main()
