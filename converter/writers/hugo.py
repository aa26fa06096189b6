"""Hugo writers: the same site with its front matter, and its config files, in YAML or TOML.

A page already in the target format that nobody changed is written back byte for byte. Any
other page is re-encoded with its comments at their keys, in its own era (the rules of
mappings/hugo.yaml undone) unless `upgrade` asks for the current field names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from converter import commented_syntax, eras, fieldmap, formats, parallel, portable, sidecar
from converter import frontmatter as fm
from converter.errors import ConversionError
from converter.fastcopy import copy_data
from converter.frontmatter.values import same
from converter.interfaces import WriteOptions
from converter.keep import KEEP_KEY
from converter.model import ConfigFile, Page, Site
from converter.pages import parse_page
from converter.plan import FileAction, PageReport, Plan, guarded, page_failure
from converter.sidecar import RECORDS, keep_mode

SUFFIX = {"yaml": ".yaml", "toml": ".toml"}
# the front matter syntaxes whose commented-out fields are respelled in the other one
_RESPELLED = ("yaml", "toml")


def page_data(page: Page, upgrade: bool) -> tuple[dict[str, object], fm.Comments]:
    """The front matter to write: neutral fields, or the page's own era's."""
    data = copy_data(page.fields)
    comments = page.comments.copy()
    if not upgrade:
        eras.downgrade(data, comments, page.upgrades)
    return data, comments


@dataclass
class Rendered:
    """A page's bytes, and what the mapping (if any) and the format did with its fields."""

    data: bytes
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # `--keep sidecar`: what the page's `hugo_academic` key would hold, for its record file
    # (None: nothing to keep, no record file)
    record: sidecar.Split | None = None


def render_page(page: Page, fmt: str, upgrade: bool = False) -> bytes:
    """The bytes of `page` as a Hugo page with `fmt` front matter. Pure."""
    return render(page, fmt, upgrade).data


def render(
    page: Page,
    fmt: str,
    upgrade: bool = False,
    keep: str = "inline",
    table: fieldmap.Table | None = None,
    ctx: fieldmap.Context | None = None,
) -> Rendered:
    """`render_page` with the report: what was kept under the keep-namespace (in the page,
    or with `keep="sidecar"` in `out.record`), or with `keep="none"` left out, and what a
    user's mapping table did.

    Outside `inline`, a commented-out field is written in `fmt`'s syntax (a YAML page's
    `# url_pdf: ''` as `# url_pdf = ""` in TOML), its original lines in the record."""
    src = page.source
    out = Rendered(b"")
    kept = keep != "none"
    if table is not None and not table.is_identity:
        mapped = fieldmap.forward(page.fields, page.kind, table, ctx, keep=kept)
        data, comments = mapped.fields, page.comments.copy()
        for old, new in mapped.renamed.items():
            comments.rename((old,), tuple(new.split(".")))
        if not upgrade:
            eras.downgrade(data, comments, page.upgrades)
        out.kept = [f"{k} under {KEEP_KEY}" for k in mapped.kept]
        out.dropped, out.mapped, out.warnings = mapped.dropped, mapped.mapped, mapped.warnings
    else:
        data, comments = page_data(page, upgrade)
        out.mapped = [str(k) for k in page.fields]
        # a page read with a sidecar record is whole only with it: written again, with it
        whole = src is not None and (src.record is None or keep == "none")
        if src is not None and whole and src.raw and page.body == page._read_body:
            same_data = same(data, src.data)
            if same_data and (src.format == fmt or (src.format is None and not data)):
                out.data = src.raw
                return out
    if src is not None and src.format is None and not data:
        text = src.prefix + page.body
    else:
        spelled = src.comments_format or src.format if src is not None else None
        if data and keep != "inline" and spelled in _RESPELLED:
            said = commented_syntax.translate(comments, data, str(spelled), fmt)
            comments = said.comments
            if said.entries and kept:
                entries = {commented_syntax.ENTRY: said.entries}
                data = {**data, KEEP_KEY: {**_record_of(data), **entries}}
        if not data:
            fm_text, affected = "", []
        elif keep == "sidecar":
            out.record = sidecar.split(fmt, data, comments)
            fm_text, affected = out.record.front_matter, out.record.affected
            if not out.record.record:
                out.record = None
        else:
            fm_text, affected = fm.dump_dropping(fmt, data, comments, keep=kept)
        if kept:
            out.kept += [f"{a} under {KEEP_KEY}" for a in affected]
        else:
            out.dropped += affected
        prefix = src.prefix if src is not None else ""
        newline = src.newline if src is not None else "\n"
        text = fm.join(fmt, fm_text, page.body, prefix=prefix, newline=newline)
    out.data = text.encode("utf-8")
    return out


def _record_of(data: dict[str, object]) -> dict[str, object]:
    record = data.get(KEEP_KEY)
    return dict(record) if isinstance(record, dict) else {}


def render_config(config: ConfigFile, fmt: str) -> tuple[str, bytes]:
    """(new relative path, bytes) of a config file in `fmt`; unchanged if already in it."""
    if config.format == fmt:
        return config.path, config.raw
    path = PurePosixPath(config.path)
    return str(path.with_suffix(SUFFIX[fmt])), fm.dump(fmt, config.data, config.comments).encode(
        "utf-8"
    )


def render_resource_page(raw: bytes, fmt: str) -> bytes:
    """A Markdown file inside a bundle (a homepage widget) with its front matter in `fmt`.

    Hugo does not render these as pages, but Academic's widget pages read their front matter,
    so a site converted to YAML must not keep them in TOML.
    """
    parsed = parse_page(raw)
    if parsed.split.format in (None, fmt):
        return raw
    text = fm.join(
        fmt,
        fm.dump(fmt, parsed.data, parsed.comments),
        parsed.split.body,
        prefix=parsed.split.prefix,
        newline=parsed.split.newline,
    )
    return text.encode("utf-8")


class _HugoWriter:
    name = ""
    format = ""
    description = ""
    reader = "hugo"

    def _resource(self, source: Path, role: str) -> tuple[bytes | None, str | None]:
        if role != "page-resource":
            return None, None
        try:
            return render_resource_page(source.read_bytes(), self.format), None
        except ConversionError as e:
            return None, f"copied unchanged: {e}"

    def _page(
        self,
        page: Page,
        site: Site,
        options: WriteOptions,
        table: fieldmap.Table,
        ctx: fieldmap.Context,
        content: PurePosixPath,
    ) -> tuple[PageReport, list[FileAction]]:
        """One page's report and files. Pure, so worker processes can plan pages apart."""
        actions: list[FileAction] = []
        # a page read from another convention goes to Hugo's place for it, not its own
        own = page.source is not None and site.reader == "hugo"
        dest = page.source.path if own and page.source else str(content / page.path)
        report = PageReport(source=dest, outputs=[dest], warnings=list(page.warnings))
        rendered = render(page, self.format, options.upgrade, keep_mode(options.keep), table, ctx)
        data = rendered.data
        rmd = page.alternate is not None or formats.page_format(page) == formats.RMARKDOWN
        org = page.source is not None and page.source.format == "org"  # `#+TITLE:` lines
        if (rmd or org) and page.source and page.source.raw and page.unchanged:
            # R Markdown (whose front matter is YAML, for R) and blogdown's rendering of it
            # (which blogdown rewrites from it): kept as they are, a pair that agrees
            data = page.source.raw
        report.kept, report.dropped = rendered.kept, rendered.dropped
        report.mapped = rendered.mapped
        report.warnings += rendered.warnings
        report.status = "unchanged" if page.source and data == page.source.raw else "converted"
        if options.upgrade:
            report.warnings += [
                f"{'.'.join(map(str, u.old))} -> {'.'.join(map(str, u.new))} ({u.rule})"
                for u in page.upgrades
            ]
        actions.append(FileAction(dest, data, origin=dest))
        if rendered.record is not None and data == rendered.data:  # beside the page, never in it
            record_file = sidecar.record_path(dest)
            aside = rendered.record
            kept = sidecar.render(dest, data, aside.record, aside.comments)
            actions.append(FileAction(record_file, kept, origin=dest))
            report.outputs.append(record_file)
        base = PurePosixPath(dest).parent
        if page.alternate is not None:  # the R Markdown source, beside what it rendered to
            adest = str(base / page.alternate.name)
            actions.append(FileAction(adest, page.alternate.data(), origin=adest))
            report.outputs.append(adest)
        for res in page.resources:
            rdest = str(base / res.name)
            res_bytes, warning = (
                self._resource(res.source, res.role) if res.source else (None, None)
            )
            if warning:
                report.warnings.append(f"{res.name}: {warning}")
            actions.append(FileAction(rdest, res_bytes, res.source, origin=rdest))
            report.outputs.append(rdest)
        return report, actions

    def plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        options = options or WriteOptions()
        plan = Plan(target=self.name, source=site.root)
        table = fieldmap.load(self.name, options.mappings)
        ctx = fieldmap.context_for(site)
        content = PurePosixPath(site.content_dir)

        def one(i: int) -> tuple[PageReport, list[FileAction]]:
            return self._page(site.pages[i], site, options, table, ctx, content)

        def failed(i: int, error: Exception) -> tuple[PageReport, list[FileAction]]:
            page = site.pages[i]
            own = page.source is not None and site.reader == "hugo"
            dest = page.source.path if own and page.source else str(content / page.path)
            return page_failure(dest, dest, page.source.raw if page.source else None, error)

        for report, actions in parallel.map_pages(
            guarded(one, failed, options.spool),
            len(site.pages),
            jobs=options.jobs,
            progress=options.progress,
            stage="plan",
        ):
            plan.pages.append(report)
            plan.actions += actions
        for problem in site.problems:
            plan.pages.append(
                PageReport(
                    source=problem.path,
                    outputs=[problem.path],
                    status="failed",
                    error=str(problem),
                )
            )
            # keep the user's file as it is: the output site loses nothing, and a fixed
            # source converts on the next run
            plan.actions.append(
                FileAction(problem.path, None, site.root / problem.path, origin=problem.path)
            )
        taken = {a.dest for a in plan.actions}
        for config in site.config:
            dest, data = render_config(config, self.format)
            if dest != config.path and dest in {c.path for c in site.config}:
                plan.warnings.append(
                    f"{config.path}: not converted, {dest} already exists; copied as is"
                )
                dest, data = config.path, config.raw
            plan.actions.append(FileAction(dest, data, origin=config.path))
            taken.add(dest)
        for rel in site.files:
            if rel not in taken:
                plan.actions.append(FileAction(rel, None, site.file_path(rel), origin=rel))
        records = sum(a.dest.startswith(f"{RECORDS}/") for a in plan.actions)
        if records:
            plan.notes.append(
                f"what the pages cannot say in {self.format.upper()} (nulls, the original "
                f"lines of respelled comments: the way back) is in {RECORDS}/, one record per "
                f"page ({records} file{'s' * (records != 1)}; Hugo reads no such folder): "
                "keep it with the site"
            )
        if options.content_only:
            plan.actions = [
                a
                for a in plan.actions
                if a.dest.startswith((f"{content}/", f"{RECORDS}/{content}/"))
            ]
        plan.warnings += portability_warnings([a.dest for a in plan.actions])
        return plan


def portability_warnings(dests: list[str]) -> list[str]:
    """A Hugo site keeps its own names (its addresses come from them), but a name Windows or
    macOS cannot check out is worth a word. (Two names one such system would merge fail the
    destination check, the second page named.)"""
    return [f"{d}: {'; '.join(portable.problems(d))}" for d in dests if portable.problems(d)]


class HugoYamlWriter(_HugoWriter):
    name = "hugo-yaml"
    format = "yaml"
    description = "Hugo site with YAML front matter and config (comments, order and types kept)"


class HugoTomlWriter(_HugoWriter):
    name = "hugo-toml"
    format = "toml"
    description = "Hugo site with TOML front matter and config (nulls and comments kept)"
