"""What the writers of other conventions (Jekyll, Quarto, MkDocs) share.

Each of them does the same five things to a page, and differs only in where things go and
which keys it adds; so the steps live here once and a writer supplies the hooks (`url`,
`resource_dest`, `generated`, `site_actions`), the way pandoc's writers share its document
walk and differ in what they emit.

1. place the page (the table's `layout`), and its bundle files where the target serves them;
2. render its body in the target's idiom (shortcodes, links, dialect), links resolved through
   one site-wide map of old address to new;
3. map its fields with the table, what the target cannot say under `hugo_academic`;
4. record in that same key what the reader needs to rebuild the Hugo page: its kind and
   content path, where its bundle files went, and a patch back to the Hugo body;
5. keep what is not a page (Hugo config, layouts, failed pages) under `_hugo_academic/`, which
   no engine publishes, so nothing of the source site is lost on the way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from converter import commented, deploy, fieldmap, formats, parallel, portable, sidecar, visible
from converter import frontmatter as fm
from converter.body import restore
from converter.body.links import (
    LinkMap,
    ref_resolver,
    rewrite_resource_links,
    rewrite_root_links,
    urlize,
)
from converter.body.render import BodyRules, render_body
from converter.conventions import KEEP_DIR
from converter.fieldmap import single_targets
from converter.fieldmap.transforms import parse_date
from converter.interfaces import WriteOptions
from converter.keep import KEEP_KEY
from converter.model import Page, Resource, Site
from converter.plan import FileAction, PageReport, Plan, guarded, page_failure
from converter.writers import bodies

# a warning about a line of the body: "line 12: ..."
_BODY_LINE = re.compile(r"^line (\d+):")
PAGE_SUFFIXES = (".md", ".markdown")


def hidden(page: Page) -> bool:
    """Whether Hugo itself renders no page for `page` (headless bundles, widget pages)."""
    f = page.fields
    if f.get("headless") is True or page.kind == "widget":
        return True
    if "_build" not in f and "build" not in f:  # (most pages: asked ten times a page)
        return False
    for key in ("_build", "build"):
        opts = f.get(key)
        if isinstance(opts, dict) and opts.get("render") in (False, "never", "false"):
            return True
    return False


def _page_url(page: Page, site: Site, links: LinkMap) -> Callable[[str], str | None]:
    """A content path -> the target's address of the page Hugo finds there from `page`."""

    def url(ref: str) -> str | None:
        found = site.get_page(ref, page.lang)
        return links.new_url(found) if found is not None else None

    return url


def page_stem(page: Page) -> str:
    """The content path without its file name's noise: `publication/foo`, `about`, `index`."""
    text = page.path
    if text and text[0] != "/" and not portable.UNNORMAL.search(text):
        # what PurePosixPath would make of it is the text itself: its parts, as text (asked
        # four times a page by MkDocs, before and after the pages, where the workers wait)
        cut = text.rfind("/")
        if page.bundle:
            return text[:cut] if cut >= 0 else "index"
        dot = text.rfind(".")
        return text[:dot] if cut + 1 < dot < len(text) - 1 else text
    path = PurePosixPath(text)
    if page.bundle:
        stem = str(path.parent)
        return "index" if stem == "." else stem
    return str(path.with_suffix(""))


def page_date(page: Page) -> dt.date | None:
    value = page.fields.get("date")
    if isinstance(value, str):
        value = parse_date(value)  # a quoted date names the file as a date would
    return value if isinstance(value, dt.date) else None


def _segment(text: str) -> str:
    """A slug as one file name: a slug such as `../../x` or `/a/b` must not climb out of, or
    nest folders inside, the place the layout gives it."""
    return urlize(text).replace("/", "-").strip(".-")


# a field of a layout pattern: `{slug}`, `{date-}`
_FIELD = re.compile(r"\{([a-z]+-?)\}")
_DATED = frozenset({"date", "date-", "year", "month", "day"})


@functools.lru_cache(maxsize=1024)
def _named(pattern: str) -> frozenset[str]:
    """The fields a layout pattern names (a table has a few patterns, for every page)."""
    return frozenset(_FIELD.findall(pattern))


def expand(pattern: str, page: Page) -> str:
    """A layout pattern of the mapping table, filled in for `page`: with the values of the
    fields it names (a page's date and slug made into text only for a pattern with them)."""
    named = _named(pattern)
    stem = page_stem(page)
    values = {"path": page.path, "stem": stem, "lang": page.lang or "", "kind": page.kind}
    if "slug" in named:
        values["slug"] = _segment(page.slug) or _segment(PurePosixPath(stem).name) or "index"
    if "dir" in named:
        values["dir"] = posixpath.dirname(stem)
    if named & _DATED:
        when = page_date(page)
        day = when.isoformat()[:10] if when else ""
        values.update(
            {
                "date": day,
                "date-": f"{day}-" if day else "",
                "year": day[:4],
                "month": day[5:7],
                "day": day[8:10],
            }
        )
    out = _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
    if page.lang and not any(t in pattern for t in ("{path}", "{stem}", "{lang}", "{dir}")):
        base, ext = posixpath.splitext(out)  # two languages of one page must not collide
        out = f"{base}.{page.lang}{ext}"
    return out


def layout_pattern(page: Page, table: fieldmap.Table) -> str:
    if hidden(page):
        return table.layout_for("hidden") or f"{KEEP_DIR}/content/{{path}}"
    pattern = table.layout_for(page.kind) or "{path}"
    if "{date}" in pattern and page_date(page) is None:
        pattern = table.layout_for("undated") or pattern.replace("{date}-", "")
    return pattern


def unique(dest: str, taken: set[str]) -> str:
    """`dest` made portable, or with -2, -3... when another file already has it on a
    case-insensitive, normalizing file system (`taken` holds `portable.key`s)."""
    dest = portable.portable(dest)
    base, ext = posixpath.splitext(dest)
    candidate, n = dest, 1
    while portable.key(candidate) in taken:
        n += 1
        candidate = f"{base}-{n}{ext}"
    taken.add(portable.key(candidate))
    return candidate


def insert_after(fields: dict[str, Any], after: str, extra: dict[str, Any]) -> dict[str, Any]:
    """`fields` with `extra` placed after key `after` (or first): generated keys sit where a
    reader of the target expects them, not after the keep record."""
    if not extra:
        return fields
    out: dict[str, Any] = {}
    if after not in fields:
        out.update(extra)
    for k, v in fields.items():
        out[k] = v
        if k == after:
            out.update(extra)
    return out


def first_keys(data: dict[str, Any], order: Any, neutral: dict[str, Any] | None) -> dict[str, Any]:
    """`data` with the keys the table's `order` names first (title, date, author: where a user
    of the target looks for them); when that moves a key, the record (there unless
    `neutral` is None) says the page's own order, so the way back gives it again."""
    if not isinstance(order, list):
        return data
    head = [k for k in order if isinstance(k, str) and k in data and k != KEEP_KEY]
    out = {k: data[k] for k in head}
    out.update((k, v) for k, v in data.items() if k not in out)
    if list(out) != list(data) and neutral is not None and isinstance(out.get(KEEP_KEY), dict):
        out[KEEP_KEY].setdefault("order", list(neutral))
    return out


@dataclass
class Placement:
    """Where every page and bundle file of a site goes, decided before anything is written."""

    pages: dict[int, str] = field(default_factory=dict)  # id(page) -> dest
    resources: dict[tuple[int, str], str] = field(default_factory=dict)  # (page, name) -> dest
    warnings: list[str] = field(default_factory=list)

    def dest(self, page: Page) -> str:
        return self.pages[id(page)]


class TargetWriter:
    """A writer to another convention: subclasses set the names and fill in the hooks."""

    name = ""
    description = ""
    reader = ""
    fmt = "yaml"
    # whether the front matter may open with blank lines (a source's layout: `---`, a blank
    # line, then comments); a target whose engine reads no front matter then says False
    leading_blank_lines = True

    # -- hooks -------------------------------------------------------------------------------

    def url(self, page: Page, site: Site, dest: str) -> str:
        """The address the target serves `page` at."""
        raise NotImplementedError

    def resource_dest(self, page: Page, res: Resource, dest: str) -> str:
        """Where a bundle file goes; by default beside the page, as in Hugo."""
        return posixpath.join(posixpath.dirname(dest), res.name)

    def resource_url(self, page: Page, dest: str, rdest: str) -> str | None:
        """The address a link in the page's body must use for a bundle file at `rdest`
        (None: the relative name still works)."""
        return None

    def generated(
        self, page: Page, data: dict[str, Any], site: Site, placement: Placement, links: LinkMap
    ) -> dict[str, Any]:
        """Keys the target wants that follow from the page's place, not from one field."""
        return {}

    def moved_resources(self, page: Page, placement: Placement) -> dict[str, str]:
        """Bundle file name -> the address a link in the page's body must use for it, for
        the files that moved away from their page (`resource_url`)."""
        dest = placement.dest(page)
        moved: dict[str, str] = {}
        for res in page.resources:
            url = self.resource_url(page, dest, placement.resources[(id(page), res.name)])
            if url is not None:
                moved[res.name] = url
        return moved

    def before_pages(
        self, site: Site, placement: Placement, rules: BodyRules, links: LinkMap
    ) -> None:
        """Work on the whole site that pages share, done once in this process before the
        pages are planned (by workers forked after it, which inherit the result). A page
        whose planning reads every page of the site (a home page's listings) would make the
        worker that plans it copy the memory of the whole site, and what a worker makes is
        lost with it when the site's own files need it again."""

    def site_actions(
        self, site: Site, plan: Plan, placement: Placement, options: WriteOptions
    ) -> None:
        """Config files, navigation, layouts: everything beyond pages and copied files."""

    def static_dest(self, rel: str) -> str | None:
        """Where a Hugo `static/` file goes (None: kept under _hugo_academic with the rest)."""
        return None

    # -- the walk ----------------------------------------------------------------------------

    def pattern(self, page: Page, site: Site, table: fieldmap.Table) -> str:
        """The layout pattern `page` is written by: the table's for its kind."""
        return layout_pattern(page, table)

    def place(self, site: Site, table: fieldmap.Table) -> Placement:
        placement = Placement()
        taken: set[str] = set()
        for page in site.pages:
            wanted = expand(self.pattern(page, site, table), page)
            dest = unique(wanted, taken)
            if dest == portable.portable(wanted) != wanted:
                why = "; ".join(portable.problems(wanted))
                placement.warnings.append(f"{page.path}: {wanted} {why}; written as {dest}")
            elif dest != wanted:
                placement.warnings.append(
                    f"{page.path}: {wanted} is taken by another page; written as {dest}"
                )
            placement.pages[id(page)] = dest
        for page in site.pages:
            dest = placement.dest(page)
            for res in page.resources:
                rdest = unique(self.resource_dest(page, res, dest), taken)
                placement.resources[(id(page), res.name)] = rdest
        for dest in [*placement.pages.values(), *placement.resources.values()]:
            if len(dest) > portable.MAX_LENGTH:
                placement.warnings.append(f"{dest}: {portable.problems(dest)[-1]}")
        return placement

    # (site, placement, link map) of the plan being made: `plan_links`
    _plan_links: tuple[Site, Placement, LinkMap] | None = None

    def links_for(self, site: Site, placement: Placement) -> LinkMap:
        """The link map of `site` placed by `placement`: addresses by `url`, bundle files by
        `resource_url`, as the pages are linked."""

        def res_url(page: Page, res: Resource) -> str | None:
            rdest = placement.resources.get((id(page), res.name))
            return self.resource_url(page, placement.dest(page), rdest) if rdest else None

        return LinkMap.build(
            site, lambda p: self.url(p, site, placement.dest(p)), resource_url=res_url
        )

    def plan_links(self, site: Site, placement: Placement) -> LinkMap:
        """`links_for(site, placement)`: the one the pages of the plan being made were linked
        with when asked with its site and placement (the site's files made after the pages,
        home pages, link as they do; a second map cost a scan of every page), else made now."""
        kept = self._plan_links
        if kept is not None and kept[0] is site and kept[1] is placement:
            return kept[2]
        return self.links_for(site, placement)

    def plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        try:
            return self._plan(site, options)
        finally:
            self._plan_links = None

    def _plan(self, site: Site, options: WriteOptions | None = None) -> Plan:
        options = options or WriteOptions()
        plan = Plan(target=self.name, source=site.root)
        table = fieldmap.load(self.name, options.mappings)
        rules = BodyRules.from_table(self.name, table.data.get("body"))
        rules.math_escapes = not site.math_passthrough
        ctx = fieldmap.context_for(site)
        placement = self.place(site, table)
        plan.warnings += placement.warnings
        links = self.links_for(site, placement)
        self._plan_links = (site, placement, links)
        self.before_pages(site, placement, rules, links)

        def one(i: int) -> tuple[PageReport, list[FileAction]]:
            own = Plan(target=self.name, source=site.root)  # this page's files, in a worker
            page = site.pages[i]
            mode = sidecar.keep_mode(options.keep)
            report = self._page(page, site, table, rules, ctx, placement, links, own, mode)
            return report, own.actions

        def failed(i: int, error: Exception) -> tuple[PageReport, list[FileAction]]:
            page = site.pages[i]
            source = page.source.path if page.source else f"{site.content_dir}/{page.path}"
            raw = page.source.raw_if_unchanged() if page.source else None
            return page_failure(source, f"{KEEP_DIR}/{source}", raw, error)

        # the site's page index (`Site.get_page`, made on first use) made now, before the
        # workers fork: made in each worker it touched every page, copying the memory they sit
        # on (about 6 KB a page, per worker and wave) and scanning the site once per wave
        site.get_page("")
        for report, actions in parallel.map_pages(
            guarded(one, failed, options.spool),
            len(site.pages),
            jobs=options.jobs,
            progress=options.progress,
            stage="plan",
        ):
            plan.pages.append(report)
            plan.actions += actions
        records = sum(a.dest.startswith(f"{sidecar.RECORDS}/") for a in plan.actions)
        if records:
            plan.notes.append(
                f"what the pages cannot say (the way back to Hugo) is in {sidecar.RECORDS}/, "
                f"one record per page ({records} file{'s' * (records != 1)}, never "
                "published): keep it with the site to convert it back"
            )
        self._failed(site, plan)
        self._files(site, plan)
        plan.warnings += portable.kept_warnings([a.dest for a in plan.actions], KEEP_DIR)
        self.site_actions(site, plan, placement, options)
        plan.notes += bodies.site_notes(site, self.name)
        if not options.content_only:
            deploy.add(self.name, site, plan, options.deploy)
        return plan

    def _page(
        self,
        page: Page,
        site: Site,
        table: fieldmap.Table,
        rules: BodyRules,
        ctx: fieldmap.Context,
        placement: Placement,
        links: LinkMap,
        plan: Plan,
        mode: str,
    ) -> PageReport:
        dest = placement.dest(page)
        source = page.source.path if page.source else f"{site.content_dir}/{page.path}"
        report = PageReport(source=source, outputs=[dest], warnings=list(page.warnings))
        where: dict[str, str] = {}
        for res in page.resources:
            rdest = placement.resources[(id(page), res.name)]
            plan.actions.append(FileAction(rdest, None, res.source, origin=f"{source}:{res.name}"))
            report.outputs.append(rdest)
            where[res.name] = rdest
        moved = self.moved_resources(page, placement)
        before = len(report.warnings)
        body = self._body(page, rules, links, moved, report)
        if page.source and page.source.body_line > 1:  # the body's lines, as the file's
            offset = page.source.body_line - 1
            report.warnings[before:] = [
                _BODY_LINE.sub(lambda m: f"line {int(m.group(1)) + offset}:", w, count=1)
                for w in report.warnings[before:]
            ]

        record: dict[str, Any] = {"kind": page.kind, "path": page.path}
        if page.lang:
            record["lang"] = page.lang
        if where:
            record["resources"] = where
        if page.alternate is not None:  # the R Markdown pair's other file, kept
            record.update(bodies.keep_other_body(page, self.name, plan, report, _hugo(page)))
        page_ctx = dataclasses.replace(ctx, resources=moved, page_url=_page_url(page, site, links))
        keep = mode != "none"
        mapped = fieldmap.forward(page.fields, page.kind, table, page_ctx, keep=keep, record=record)
        data = mapped.fields
        body_record = restore.record(bodies.body_source(page, self.name).text, body)
        if body_record and keep:
            data[KEEP_KEY]["body"] = body_record  # last: the longest entry of the record
        elif body_record:
            changed = sum(h["lines"] for h in body_record["patch"])
            report.dropped.append(
                f"(body): the Hugo spelling of {changed} converted line(s) (shortcodes, links)"
            )
        report.mapped, report.warnings = mapped.mapped, report.warnings + mapped.warnings
        report.kept = [f"{k} under {KEEP_KEY}" for k in mapped.kept]
        report.dropped += mapped.dropped
        if not hidden(page):
            data = insert_after(data, "title", self.generated(page, data, site, placement, links))
        if mode != "inline":
            data = first_keys(data, table.data.get("order"), page.fields if keep else None)
        comments = page.comments.copy()
        # kept fields' comments go with the original value, where the reader finds it
        comments.rename_keys((name, (KEEP_KEY, "fields", name)) for name in mapped.kept)
        singles = single_targets(table, page.kind)
        comments.rename_keys((name, tuple(to.split("."))) for name, to in singles.items())
        if mode != "inline":  # (inline: as before, the comments as the source had them)
            inside: list[dict[str, Any]] = []
            if keep:

                def path_of(name: str) -> tuple[str, ...]:
                    if name in mapped.kept:
                        return (KEEP_KEY, "fields", name)
                    return tuple(singles[name].split(".")) if name in singles else (name,)

                record = data[KEEP_KEY]
                inside = commented.into_record(comments, page.fields, mapped.kept, path_of, record)
            said = commented.translate(comments, data, page.kind, table, page_ctx, self.fmt)
            comments = said.comments
            if (inside or said.entries) and keep:
                data[KEEP_KEY][commented.ENTRY] = inside + said.entries
        aside: sidecar.Split | None = None
        if mode == "sidecar":
            aside = sidecar.split(self.fmt, data, comments)
            fm_text, affected = aside.front_matter, aside.affected
        else:
            fm_text, affected = fm.dump_dropping(self.fmt, data, comments, keep=keep)
        if not self.leading_blank_lines:
            fm_text = fm_text.lstrip("\n")
        if keep:
            report.kept += [f"{a} under {KEEP_KEY}" for a in affected]
        else:
            report.dropped += affected
        newline = page.source.newline if page.source else "\n"
        text = fm.join(self.fmt, fm_text, body, newline=newline)
        raw = text.encode("utf-8")
        if visible.displayed(self.name) and not hidden(page):
            facts = self.page_facts(page, site, links)
            report.hidden = [
                str(f) for f in visible.planned_hidden(facts, data, body, self.name, site)
            ]
        plan.actions.append(FileAction(dest, raw, origin=source))
        if aside is not None:
            record_file = sidecar.record_path(dest)
            content = sidecar.render(dest, raw, aside.record, aside.comments, lowered=True)
            plan.actions.append(FileAction(record_file, content, origin=source))
            report.outputs.append(record_file)
        return report

    def page_facts(self, page: Page, site: Site, links: LinkMap) -> list[visible.Fact]:
        """What the theme showed on `page` (visible.page_facts, pages at their new address);
        a writer that needs them for its body too may give the list it made there."""
        return visible.page_facts(page, site, links.new_url)

    def _body(
        self,
        page: Page,
        rules: BodyRules,
        links: LinkMap,
        moved: dict[str, str],
        report: PageReport,
    ) -> str:
        resolved: set[str] = set()  # ref/relref results: target addresses, not Hugo's
        source = bodies.body_source(page, self.name)
        if source.format == formats.HTML:  # passed through as written: no Markdown in it
            html = bodies.without_page_address(source.text)
            text, link_warnings = rewrite_root_links(self.raw_html(html), links)
            report.warnings += link_warnings
            return rewrite_resource_links(text, moved)
        markdown = bodies.as_markdown(source, self.name, report)
        rendered = render_body(markdown, rules, ref_resolver(links, page, resolved))
        report.warnings += rendered.warnings
        text, link_warnings = rewrite_root_links(rendered.text, links, frozenset(resolved))
        report.warnings += link_warnings
        return rewrite_resource_links(text, moved)

    def raw_html(self, html: str) -> str:
        """An HTML body (blogdown's rendering, a hand-written page) as one raw block the
        target's Markdown passes through as it is: `markdown="0"` tells kramdown (which the
        sites we write parse block HTML with) and md_in_html to leave its inside alone."""
        return f'<div class="hugo-html" markdown="0">\n{html.strip(chr(10))}\n</div>\n'

    def _failed(self, site: Site, plan: Plan) -> None:
        """A page that could not be read is copied as it is, where no engine publishes it:
        the output loses nothing, and a fixed source converts on the next run."""
        for problem in site.problems:
            dest = f"{KEEP_DIR}/{problem.path}"
            plan.pages.append(PageReport(problem.path, [dest], status="failed", error=str(problem)))
            plan.actions.append(
                FileAction(dest, None, site.root / problem.path, origin=problem.path)
            )

    def _files(self, site: Site, plan: Plan) -> None:
        for config in site.config:
            dest = f"{KEEP_DIR}/{config.path}"
            plan.actions.append(FileAction(dest, config.raw, origin=config.path))
        taken = {portable.key(a.dest) for a in plan.actions}
        for rel in site.files:
            served = self.static_dest(rel[len("static/") :]) if rel.startswith("static/") else None
            if served and portable.portable(served) != served:
                plan.warnings.append(
                    f"{rel}: {'; '.join(portable.problems(served))}; served as "
                    f"{portable.portable(served)}"
                )
                served = portable.portable(served)
            free = served and portable.key(served) not in taken
            dest = served if served and free else f"{KEEP_DIR}/{rel}"
            taken.add(portable.key(dest))
            plan.actions.append(FileAction(dest, None, site.file_path(rel), origin=rel))


def _hugo(page: Page) -> bytes:
    """The page's own file as a Hugo writer writes it (as read, while unchanged)."""
    from converter.writers.hugo import render_page

    src = page.source
    return render_page(page, src.format if src and src.format else "yaml")
