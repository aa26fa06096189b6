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
from converter.interfaces import WriteOptions
from converter.keep import KEEP_KEY
from converter.model import ConfigFile, Page, Site
from converter.pages import parse_page
from converter.plan import FileAction, PageReport, Plan, guarded, page_failure
from converter.sidecar import RECORDS, keep_mode

SUFFIX = {"yaml": ".yaml", "toml": ".toml"}


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
        if (
            src is not None
            and whole
            and src.size
            and page.body == page._read_body
            and (src.format == fmt or (src.format is None and not data))
            and src.is_data(data)  # (told by their digest where the data are not held)
        ):
            out.data = src.raw  # (read again from the file: the only read of it)
            return out
    if src is not None and src.format is None and not data:
        text = src.prefix + page.body
    else:
        spelled = src.comments_format or src.format if src is not None else None
        fm_text, affected, out.record = front_matter(data, comments, spelled, fmt, keep)
        if kept:
            out.kept += [f"{a} under {KEEP_KEY}" for a in affected]
        else:
            out.dropped += affected
        prefix = src.prefix if src is not None else ""
        newline = src.newline if src is not None else "\n"
        text = fm.join(fmt, fm_text, page.body, prefix=prefix, newline=newline)
    out.data = text.encode("utf-8")
    return out


def front_matter(
    data: dict[str, object],
    comments: fm.Comments,
    spelled: str | None,
    fmt: str,
    keep: str,
) -> tuple[str, list[str], sidecar.Split | None]:
    """`data` as `fmt` text, with what `fmt` cannot hold (JSON pointers, for the report) and,
    with `keep="sidecar"`, the record for the file beside the site (None: nothing to keep).

    One way for pages, widget pages and config files alike, so none of them carries the
    record where `--keep` says it goes elsewhere. Outside `inline`, commented-out fields
    written in `spelled` (the syntax the comments are in) are respelled in `fmt`'s."""
    kept = keep != "none"
    if data and keep != "inline" and spelled in commented_syntax.OTHER:
        said = commented_syntax.translate(comments, data, str(spelled), fmt)
        comments = said.comments
        if said.entries and kept:
            entries = {commented_syntax.ENTRY: said.entries}
            data = {**data, KEEP_KEY: {**_record_of(data), **entries}}
    if not data:
        return "", [], None
    if keep == "sidecar":
        split = sidecar.split(fmt, data, comments)
        return split.front_matter, split.affected, split if split.record else None
    text, affected = fm.dump_dropping(fmt, data, comments, keep=kept)
    return text, affected, None


def _record_of(data: dict[str, object]) -> dict[str, object]:
    record = data.get(KEEP_KEY)
    return dict(record) if isinstance(record, dict) else {}


def render_config(config: ConfigFile, fmt: str, keep: str = "inline") -> tuple[str, bytes]:
    """(new relative path, bytes) of a config file in `fmt`; unchanged if already in it."""
    dest, raw, _ = config_files_of(config, fmt, keep)
    return dest, raw


def config_files_of(config: ConfigFile, fmt: str, keep: str) -> tuple[str, bytes, bytes | None]:
    """(new relative path, bytes, record file's bytes or None) of a config file in `fmt`. A
    file already in `fmt` is kept byte for byte, with the record it was read with (copied by
    the caller); the others are written again, their record as `keep` says."""
    if config.format == fmt and (config.record is None or keep == "sidecar"):
        return config.path, config.raw, None
    dest = config.path
    if config.format != fmt:
        dest = str(PurePosixPath(config.path).with_suffix(SUFFIX[fmt]))
    text, _, aside = front_matter(config.data, config.comments, None, fmt, keep)
    raw = text.encode("utf-8")
    record = sidecar.render(dest, raw, aside.record, aside.comments) if aside else None
    return dest, raw, record


def render_resource_page(raw: bytes, fmt: str) -> bytes:
    """A Markdown file inside a bundle (a homepage widget) with its front matter in `fmt`.

    Hugo does not render these as pages, but Academic's widget pages read their front matter,
    so a site converted to YAML must not keep them in TOML.
    """
    return resource_page(raw, fmt, "inline", "", None)[0]


def resource_page(
    raw: bytes, fmt: str, keep: str, dest: str, record: sidecar.Record | None
) -> tuple[bytes, bytes | None, list[str]]:
    """`render_resource_page` as `keep` says, for the widget page written at `dest`: (its
    bytes, its record file's bytes or None, warnings). `record` is the one it was read with
    (a site converted before), put back first, so nothing it held is lost on the way."""
    parsed = parse_page(raw)
    source_fmt = parsed.split.format
    if source_fmt is None or (source_fmt == fmt and record is None):
        return raw, None, []
    warnings: list[str] = []
    respelled = False
    if record is not None:
        warnings, respelled = sidecar.read_into(
            parsed.data, parsed.comments, raw, record.page, record
        )
    spelled = commented_syntax.OTHER[source_fmt] if respelled else source_fmt
    text, _, aside = front_matter(parsed.data, parsed.comments, spelled, fmt, keep)
    out = fm.join(
        fmt, text, parsed.split.body, prefix=parsed.split.prefix, newline=parsed.split.newline
    ).encode("utf-8")
    kept = sidecar.render(dest, out, aside.record, aside.comments) if aside else None
    return out, kept, warnings


class _HugoWriter:
    name = ""
    format = ""
    description = ""
    reader = "hugo"

    def _resource(
        self, site: Site, source: Path, role: str, dest: str, keep: str
    ) -> tuple[bytes | None, list[str], list[FileAction]]:
        """A bundle file's bytes (None: copied as it is), warnings, and its record file."""
        if role != "page-resource":
            return None, [], []
        rel = sidecar.site_relative(source, site.root)
        known = sidecar.record_path(rel) if rel else None
        record = sidecar.load(site.root, known) if known and (site.root / known).is_file() else None
        try:
            raw, kept, warnings = resource_page(
                source.read_bytes(), self.format, keep, dest, record
            )
        except ConversionError as e:
            return None, [f"copied unchanged: {e}"], []
        if kept is not None:
            return raw, warnings, [FileAction(sidecar.record_path(dest), kept, origin=dest)]
        if record is not None and known and keep == "sidecar":  # the same bytes, its record too
            return raw, warnings, [FileAction(sidecar.record_path(dest), None, site.root / known)]
        return raw, warnings, []

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
        if (rmd or org) and page.source and page.source.size and page.unchanged:
            # R Markdown (whose front matter is YAML, for R) and blogdown's rendering of it
            # (which blogdown rewrites from it): kept as they are, a pair that agrees
            data = page.source.raw
        report.kept, report.dropped = rendered.kept, rendered.dropped
        report.mapped = rendered.mapped
        report.warnings += rendered.warnings
        report.status = "unchanged" if page.source and page.source.is_raw(data) else "converted"
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
            res_bytes, warnings, records = (
                self._resource(site, res.source, res.role, rdest, keep_mode(options.keep))
                if res.source
                else (None, [], [])
            )
            report.warnings += [f"{res.name}: {w}" for w in warnings]
            actions.append(FileAction(rdest, res_bytes, res.source, origin=rdest))
            report.outputs.append(rdest)
            actions += records
            report.outputs += [a.dest for a in records]
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
            raw = page.source.raw_if_unchanged() if page.source else None
            return page_failure(dest, dest, raw, error)

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
        keep = keep_mode(options.keep)
        for config in site.config:
            dest, data, kept = config_files_of(config, self.format, keep)
            if dest != config.path and dest in {c.path for c in site.config}:
                plan.warnings.append(
                    f"{config.path}: not converted, {dest} already exists; copied as is"
                )
                dest, data, kept = config.path, config.raw, None
            plan.actions.append(FileAction(dest, data, origin=config.path))
            taken.add(dest)
            if kept is not None:
                plan.actions.append(FileAction(sidecar.record_path(dest), kept, origin=dest))
            elif config.record and data == config.raw and keep != "none":
                source = site.root / config.record
                plan.actions.append(FileAction(sidecar.record_path(dest), None, source))
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
