"""The `academic-migrate` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem
from rich.console import Console
from rich.text import Text

from converter import reports
from converter.api import Result, convert
from converter.errors import ConversionError
from converter.progress import ProgressBars, progress_bars
from converter.registry import detect_reader, get_reader, is_writer, readers, writers
from converter.tables import available_tables, table_path

PROG = "academic-migrate"

EXAMPLES_MAIN = """
\b
Start here:
  academic-migrate formats                                # what it reads and writes
  academic-migrate convert mysite --to jekyll --dry-run   # review every change, write nothing
  academic-migrate convert mysite --to jekyll --out mysite-jekyll

\b
Shell completion (commands, options, target names):
  bash: eval "$(_ACADEMIC_MIGRATE_COMPLETE=bash_source academic-migrate)"   in ~/.bashrc
  zsh:  eval "$(_ACADEMIC_MIGRATE_COMPLETE=zsh_source academic-migrate)"    in ~/.zshrc
  fish: _ACADEMIC_MIGRATE_COMPLETE=fish_source academic-migrate | source    in config.fish
"""

EXAMPLES_CONVERT = """
\b
Examples:
  academic-migrate convert mysite --to hugo-yaml --out mysite-yaml
  academic-migrate convert mysite --to jekyll --dry-run              # diffs + field tables
  academic-migrate convert mysite --to quarto --dry-run --report html --report-file review.html
  academic-migrate convert mysite --to mkdocs --dry-run --report json > plan.json
  academic-migrate convert mysite --to hugo-toml --out out --mapping my-fields.yaml
  academic-migrate convert mysite --to jekyll --out out --report text --report-file done.txt
  academic-migrate convert mysite --to jekyll --into my-academicpages --dry-run   # the diff
  academic-migrate convert mysite --to mkdocs --into my-mkdocs-site

\b
Reports: text (default; on --dry-run a unified diff per changed file, the field table of every
page: mapped, renamed, kept under hugo_academic, dropped; warnings; a summary), json (one
object, schema: converter/reports/report.schema.json), html (one self-contained page with
filters and side-by-side diffs). After a real run the text report is a summary line unless
--report or --report-file asks for the full one.

\b
Exit status: 0 every page converted; 1 some pages failed (the rest converted); 2 usage error
or nothing could be read.
"""

EXAMPLES_ROUNDTRIP = """
\b
Examples:
  academic-migrate roundtrip mysite --via hugo-toml
  academic-migrate roundtrip mysite --via jekyll --report json > trip.json
  academic-migrate roundtrip mysite --via mkdocs --mapping my-fields.yaml
"""

EXAMPLES_INSPECT = """
\b
Examples:
  academic-migrate inspect mysite/content/publication/my-paper/index.md
  academic-migrate inspect mysite-jekyll/_talks/my-talk.md --from jekyll
  academic-migrate inspect page.md --no-explain | yq .fields
"""

EXAMPLES_FORMATS = """
\b
Examples:
  academic-migrate formats
  academic-migrate formats | grep -A6 Writers
"""

# What each shipped writer is for, in a newcomer's words (a third party's writer shows its own
# description only).
WRITER_USES = {
    "hugo-yaml": "stay on Hugo and the Academic theme; front matter and config become YAML",
    "hugo-toml": "stay on Hugo and the Academic theme; front matter and config become TOML",
    "jekyll": "move to GitHub Pages / academicpages",
    "quarto": "move to a Quarto website (notebooks, listings)",
    "mkdocs": "move to MkDocs Material (docs-style site with a blog)",
}

INSPECT_LEGEND = """\
# The neutral model of one page: what every writer starts from.
#   kind       content kind (event, publication, post, project, author, slides, docs, section,
#              home, page); it decides where the page goes in each target
#   slug, path the page's name and its place under the content folder
#   lang       its language on a multilingual site (null otherwise)
#   bundle     leaf (folder/index.md), branch (folder/_index.md) or null (a single file)
#   source     the file it was read from and its front matter format
#   fields     front matter in the neutral vocabulary (current Hugo Academic names, older eras
#              upgraded); writers map these through mappings/<target>.yaml, and what a target
#              cannot express is kept under hugo_academic
#   upgrades   each older spelling renamed on reading (rule, from, to); Hugo targets write
#              the page back in its own era unless --upgrade
#   resources  the bundle's files and their role; warnings: what the reader noticed
#   body       the Markdown body, shortcodes included, as in the file
"""


def _complete_writers(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return [
        CompletionItem(name, help=w.description)
        for name, w in sorted(writers().items())
        if name.startswith(incomplete)
    ]


def _complete_readers(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return [
        CompletionItem(name, help=r.description)
        for name, r in sorted(readers().items())
        if name.startswith(incomplete)
    ]


mapping_option = click.option(
    "--mapping",
    "mappings",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mapping table merged over the shipped one (repeatable; later files win).",
)
reader_option = click.option(
    "--from",
    "reader",
    shell_complete=_complete_readers,
    help="Source convention (see `formats`); detected when left out.",
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading and converting pages  [default: one per core]",
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")


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


@click.group(
    cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES_MAIN
)
@click.version_option(package_name="academic-migrate")
def main() -> None:
    """Move a Hugo Academic (Wowchemy, Hugo Blox) site to another convention, losing nothing.

    Targets: Hugo with YAML or TOML front matter, Jekyll (academicpages), Quarto, MkDocs
    Material. Every change can be reviewed first with `convert --dry-run`.
    """


def _check_target(target: str, option: str) -> None:
    if not is_writer(target):
        raise click.BadParameter(f"choose from {', '.join(sorted(writers()))}", param_hint=option)


def _run_with_progress(quiet: bool, work: Callable[[ProgressBars | None], Any]) -> Any:
    bars = progress_bars(quiet)
    if bars is None:
        return work(None)
    with bars:
        return work(bars)


def _write_text(text: str, report_file: Path | None) -> None:
    if report_file:
        report_file.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _emit_report(
    result: Result, report_format: str | None, report_file: Path | None, quiet: bool, verbose: bool
) -> None:
    full = report_format == "text" or result.dry_run or report_file is not None
    if quiet and report_format is None and report_file is None:
        return  # nothing would be shown
    review = reports.review(result, files=full or report_format is not None)
    if report_format == "json":
        _write_text(reports.json_text(reports.json_report(review)), report_file)
        return
    if report_format == "html":
        _write_text(reports.html_report(review), report_file)
        return
    if report_file:
        with report_file.open("w", encoding="utf-8") as fh:
            console = Console(file=fh, no_color=True, width=160, highlight=False)
            if full:
                reports.print_report(console, review)
            else:
                reports.print_brief(console, review, verbose)
    elif not quiet:
        console = Console(highlight=False)
        if full:
            reports.print_report(console, review)
        else:
            reports.print_brief(console, review, verbose)


@main.command(epilog=EXAMPLES_CONVERT)
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--to",
    "target",
    required=True,
    shell_complete=_complete_writers,
    help="Target convention: hugo-yaml, hugo-toml, jekyll, quarto or mkdocs (see `formats`).",
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Output folder (required unless --dry-run)."
)
@reader_option
@click.option("--dry-run", is_flag=True, help="Write nothing; report every file that would change.")
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["text", "json", "html"]),
    default=None,
    help="Report format  [default: text]",
)
@click.option(
    "--report-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of stdout.",
)
@mapping_option
@jobs_option
@click.option("--force", is_flag=True, help="Write into a non-empty --out.")
@click.option(
    "--keep",
    "keep",
    type=click.Choice(["sidecar", "inline", "none"]),
    default="sidecar",
    show_default=True,
    help="Where what the target cannot express goes, for the way back to Hugo: a record file "
    "per page under _hugo_academic/records/ (sidecar), a hugo_academic: key in the page "
    "(inline), or nowhere, listed in the report (none).",
)
@click.option("--no-keep", is_flag=True, help="The same as --keep none.")
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
@click.option(
    "--into",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Merge into this existing site of the target (an academicpages, MkDocs or Quarto "
    "checkout) instead of --out: the pages as with --content-only, and its config's title, "
    "author and navigation updated in place; nothing of it is deleted. See the diff with "
    "--dry-run.",
)
@click.option(
    "--deploy",
    type=click.Choice(["auto", "github-pages", "netlify", "none"]),
    default="auto",
    show_default=True,
    help="How the new site is published: a GitHub Pages workflow or a netlify.toml for the "
    "target's engine; auto does what the Academic site did (its .github/workflows or "
    "netlify.toml), else none.",
)
@quiet_option
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help=(
        "A line for every page (status, kind, files), and every warning "
        "(without it: the first 3 of each kind, then a count)."
    ),
)
def convert_cmd(
    src: Path,
    target: str,
    out: Path | None,
    reader: str | None,
    dry_run: bool,
    report_format: str | None,
    report_file: Path | None,
    mappings: tuple[Path, ...],
    jobs: int | None,
    force: bool,
    keep: str,
    no_keep: bool,
    upgrade: bool,
    content_only: bool,
    into: Path | None,
    deploy: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Convert the site SRC (site root, content folder or one page) to TARGET.

    Nothing is written with --dry-run; a real run writes every file to a temporary name and
    renames it, never outside --out and never into the source.
    """
    if into is not None and out is not None:
        raise click.UsageError("--into and --out: give one (--into writes into the checkout)")
    if into is not None and deploy not in ("auto", "none"):
        raise click.UsageError("--deploy with --into: the checkout keeps its own publishing")
    if out is None and into is None and not dry_run:
        raise click.UsageError("--out is required (or use --dry-run to only see the changes)")
    _check_target(target, "--to")

    def work(bars: ProgressBars | None) -> Result:
        return convert(
            src,
            target,
            None if dry_run else out,
            reader=reader,
            dry_run=dry_run,
            force=force,
            keep="none" if no_keep else keep,
            upgrade=upgrade,
            mappings=list(mappings),
            content_only=content_only,
            jobs=jobs,
            progress=bars,
            deploy=deploy,
            into=into,
        )

    result: Result = _run_with_progress(quiet, work)
    err = _stderr()
    for problem in result.site.problems:
        err.print(Text(f"error: {problem}", style="red"))
    _emit_report(result, report_format, report_file, quiet, verbose)
    sys.exit(result.exit_code)


convert_cmd.name = "convert"


@main.command(epilog=EXAMPLES_ROUNDTRIP)
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--via",
    "target",
    required=True,
    shell_complete=_complete_writers,
    help="The writer to go through (see `formats`).",
)
@reader_option
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@mapping_option
@jobs_option
@quiet_option
def roundtrip(
    src: Path,
    target: str,
    reader: str | None,
    report_format: str,
    mappings: tuple[Path, ...],
    jobs: int | None,
    quiet: bool,
) -> None:
    """Check that SRC survives a trip through TARGET: read, write, read back, compare.

    Exit 0 only when every page comes back equal: fields exactly (values, types, key order),
    bodies after normalizing line endings and trailing spaces; 1 when some page differs.
    """
    from converter.roundtrip import TripResult
    from converter.roundtrip import roundtrip as run_trip

    _check_target(target, "--via")

    def work(bars: ProgressBars | None) -> TripResult:
        return run_trip(
            src, target, reader=reader, mappings=list(mappings), jobs=jobs, progress=bars
        )

    trip: TripResult = _run_with_progress(quiet, work)
    if report_format == "json":
        sys.stdout.write(reports.json_text(reports.roundtrip_report(trip, target)))
    elif not quiet:
        console = Console(highlight=False, soft_wrap=True)
        for page in trip.pages:
            for d in page.differences:
                console.print(
                    Text(f"{page.source}: {d.field}: {d.before!r} -> {d.after!r}", style="red")
                )
        equal = sum(1 for p in trip.pages if p.equal)
        verdict = "every page equal" if trip.equal else f"{len(trip.pages) - equal} pages differ"
        console.print(Text(f"{len(trip.pages)} pages through {target} and back: {verdict}"))
    sys.exit(0 if trip.equal else 1)


@main.command(epilog=EXAMPLES_INSPECT)
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "reader_name",
    shell_complete=_complete_readers,
    help="Reader to use (see `formats`); detected when left out.",
)
@click.option(
    "--explain/--no-explain",
    default=True,
    show_default=True,
    help="Start with comment lines saying what each part of the model is.",
)
def inspect(page: Path, reader_name: str | None, explain: bool) -> None:
    """Print the neutral model of one PAGE as YAML: kind, fields, upgrades, resources, body.

    This is what every writer starts from: if a field lands in the wrong place after a
    conversion, look here first to see how the page was read.
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
    if explain:
        sys.stdout.write(INSPECT_LEGEND)
    sys.stdout.write(dump("yaml", model))


@main.command(epilog=EXAMPLES_FORMATS)
def formats() -> None:
    """What this installation reads and writes, and the tables and transforms behind it."""
    console = Console(highlight=False, soft_wrap=True)

    def heading(title: str, note: str) -> None:
        console.print(Text(title, style="bold"))
        console.print(Text(f"  {note}", style="dim"))

    heading(
        "Readers (--from)",
        "the convention of the site you start from; left out, it is detected: a Hugo "
        "Academic / Wowchemy / Hugo Blox site is read by `hugo` (the usual case), a site this "
        "tool wrote is read by its target's reader",
    )
    for name, r in sorted(readers().items(), key=lambda item: item[0] != "hugo"):
        default = "  [default for Hugo sites]" if name == "hugo" else ""
        console.print(Text(f"  {name:<11} {r.description}{default}"))
    heading(
        "Writers (--to; --via for roundtrip)",
        "where the site goes; there is no default, --to names one; each writer's output is "
        "read back by the reader named",
    )
    for name, w in sorted(writers().items()):
        console.print(Text(f"  {name:<11} {w.description}"))
        use = WRITER_USES.get(name)
        back = f"read back by `{w.reader}`"
        console.print(Text(f"  {'':<11} use it to {use}; {back}" if use else f"  {'':<11} {back}"))
    heading(
        "Mapping tables",
        "where each front matter field goes per target; --mapping FILE merges yours over one",
    )
    for name in available_tables():
        console.print(Text(f"  {name:<11} {table_path(name)}"))
    heading("Transforms", "the `transform:` names a mapping table entry may use")
    from converter.fieldmap import TRANSFORMS

    for name, t in sorted(TRANSFORMS.items()):
        params = f" ({', '.join(t.params)})" if t.params else ""
        console.print(Text(f"  {name + params:<40} {t.doc}"))


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=PROG)
