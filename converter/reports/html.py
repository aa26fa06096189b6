"""The HTML report: one self-contained file a reviewer opens in any browser, offline.

No external scripts, styles or fonts: the CSS and the filtering script are inline, so the file
can be mailed, attached to a pull request or archived and still shows the same thing. Every
page is rendered in the HTML itself (the script only filters), so it reads without JavaScript.
"""

from __future__ import annotations

from html import escape

from converter.keep import KEEP_KEY
from converter.reports.model import FileChange, PageEntry, Review, kind_label, summary
from converter.reports.sidebyside import diff_table

CSS = """
:root { --fg: #1d2330; --muted: #5b6478; --line: #d8dce5; --bg: #ffffff; --band: #f4f6fa;
  --add: #e3f6e5; --sub: #fbe4e4; --chg: #fff4c2; --accent: #2b5fb8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
header, main { padding: 0 2rem; }
header { background: var(--band); border-bottom: 1px solid var(--line); padding-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: 0; padding-top: 1rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 0 0 .4rem; word-break: break-all; }
code, pre, .diff td { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 12.5px; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem .9rem; min-width: 7rem; }
.card .n { display: block; font-size: 1.4rem; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0; }
.filters label { font-weight: 600; }
.filters select, .filters input { font: inherit; padding: .2rem .4rem; }
table.pages { border-collapse: collapse; width: 100%; }
table.pages th, table.pages td { border-bottom: 1px solid var(--line); padding: .3rem .5rem;
  text-align: left; vertical-align: top; }
table.pages th { background: var(--band); position: sticky; top: 0; }
table.pages td.n { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .85em; }
.status-converted { background: #dbe8ff; }
.status-unchanged { background: #e8e8e8; }
.status-copied { background: #efe3ff; }
.status-failed { background: #ffd6d6; color: #8a1010; font-weight: 600; }
section.page { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem;
  margin: 1rem 0; }
table.fields { border-collapse: collapse; margin: .4rem 0; }
table.fields th { text-align: left; padding: .15rem 1rem .15rem 0; white-space: nowrap;
  vertical-align: top; }
table.fields td { padding: .15rem 0; }
.dropped td { color: #8a1010; }
ul.warnings { margin: .3rem 0; padding-left: 1.2rem; color: #7a5200; }
.error { color: #8a1010; font-weight: 600; }
details { margin: .5rem 0; }
summary { cursor: pointer; }
.diffwrap { overflow-x: auto; }
table.diff { border-collapse: collapse; width: 100%; }
table.diff td { padding: 0 .3rem; vertical-align: top; white-space: pre-wrap;
  word-break: break-all; }
table.diff td.diff_header { color: var(--muted); text-align: right; white-space: nowrap;
  width: 1%; }
table.diff td:not(.diff_header):not(.diff_next) { width: 50%; }
table.diff th.diff_header { background: var(--band); font-weight: 600; padding: .2rem .4rem; }
table.diff .diff_next { display: none; }
table.diff tbody + tbody { border-top: 2px dashed var(--line); }
.diff_add { background: var(--add); }
.diff_chg { background: var(--chg); }
.diff_sub { background: var(--sub); }
[hidden] { display: none !important; }
"""

# Filters rows and page sections by status, kind and a text match, and says how many are shown.
# The initial filter may come from the address (report.html#status=failed&kind=post, also
# folder= and q=), so a
# link can point a colleague at exactly the pages to look at.
SCRIPT = """
(function () {
  var status = document.getElementById('filter-status');
  var kind = document.getElementById('filter-kind');
  var folder = document.getElementById('filter-folder');
  var text = document.getElementById('filter-text');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.page-row'));
  var shown = document.getElementById('shown');
  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (params.has('status')) { status.value = params.get('status'); }
    if (params.has('kind')) { kind.value = params.get('kind'); }
    if (params.has('folder')) { folder.value = params.get('folder'); }
    if (params.has('q')) { text.value = params.get('q'); }
  }
  function apply() {
    var n = 0, q = text.value.toLowerCase();
    rows.forEach(function (row) {
      var ok = (!status.value || row.dataset.status === status.value) &&
               (!kind.value || row.dataset.kind === kind.value) &&
               (!folder.value || row.dataset.folder === folder.value) &&
               (!q || row.dataset.source.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      var detail = document.getElementById(row.dataset.detail);
      if (detail) { detail.hidden = !ok; }
      if (ok) { n += 1; }
    });
    shown.textContent = n + ' of ' + rows.length + ' pages shown';
    shown.dataset.shown = String(n);
  }
  fromHash();
  [status, kind, folder, text].forEach(function (el) { el.addEventListener('input', apply); });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  apply();
})();
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _card(label: str, key: str, value: int) -> str:
    return (
        f'<div class="card" data-count="{_e(key)}"><span class="n">{value}</span>'
        f'<span class="muted">{_e(label)}</span></div>'
    )


def _summary(review: Review) -> str:
    result = review.result
    s = summary(result)
    files = len(result.plan.actions) if result.dry_run else s["written"]
    cards = [
        _card("pages", "pages", s["pages"]),
        *(_card(status, f"status-{status}", n) for status, n in review.by_status.items()),
        _card("files to write" if result.dry_run else "files written", "files", files),
        _card("warnings", "warnings", s["warnings"]),
        _card("errors", "errors", s["errors"]),
        _card(f"fields kept under {KEEP_KEY}", "kept", sum(len(p.kept) for p in review.pages)),
        _card("dropped", "dropped", sum(len(p.report.dropped) for p in review.pages)),
        _card("hidden from visitors", "hidden", sum(len(p.report.hidden) for p in review.pages)),
    ]
    return f'<div class="cards" id="summary">{"".join(cards)}</div>'


def _options(values: list[str], label: str) -> str:
    opts = [f'<option value="">all {label}</option>']
    opts += [f'<option value="{_e(v)}">{_e(v)}</option>' for v in values]
    return "".join(opts)


def _filters(review: Review) -> str:
    return (
        '<div class="filters">'
        f'<label for="filter-status">Status</label><select id="filter-status">'
        f"{_options(list(review.by_status), 'statuses')}</select>"
        f'<label for="filter-kind">Kind</label><select id="filter-kind">'
        f"{_options(list(review.by_kind), 'kinds')}</select>"
        f'<label for="filter-folder">Goes to</label><select id="filter-folder">'
        f"{_options(list(review.by_folder), 'folders')}</select>"
        '<label for="filter-text">File</label>'
        '<input id="filter-text" type="search" placeholder="part of a path">'
        f'<span id="shown" class="muted">{len(review.pages)} pages</span>'
        "</div>"
    )


def _row(i: int, entry: PageEntry) -> str:
    report = entry.report
    kind = kind_label(entry.kind)
    output = report.outputs[0] if report.outputs else ""
    cells = [
        f'<td><a href="#page-{i}">{_e(report.source)}</a></td>',
        f"<td>{_e(kind)}</td>",
        f'<td><span class="status status-{_e(report.status)}">{_e(report.status)}</span></td>',
        f"<td><code>{_e(output)}</code></td>",
        f'<td class="n">{len(entry.same)}</td>',
        f'<td class="n">{len(entry.renamed)}</td>',
        f'<td class="n">{len(entry.kept)}</td>',
        f'<td class="n">{len(report.dropped)}</td>',
        f'<td class="n">{len(report.hidden)}</td>',
        f'<td class="n">{len(report.warnings)}</td>',
    ]
    return (
        f'<tr class="page-row" data-status="{_e(report.status)}" data-kind="{_e(kind)}" '
        f'data-folder="{_e(entry.folder)}" '
        f'data-source="{_e(report.source)}" data-detail="page-{i}">{"".join(cells)}</tr>'
    )


def _table(review: Review) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in [
            "Source",
            "Kind",
            "Status",
            "Written to",
            "Mapped",
            "Renamed",
            "Kept",
            "Dropped",
            "Hidden",
            "Warnings",
        ]
    )
    rows = "".join(_row(i, entry) for i, entry in enumerate(review.pages))
    return (
        f'<table class="pages" id="pages"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _list(values: list[str]) -> str:
    return ", ".join(f"<code>{_e(v)}</code>" for v in values) or '<span class="muted">none</span>'


def _fields(entry: PageEntry) -> str:
    renamed = [f"{old} → {new}" for old, new in entry.renamed.items()]
    rows = [
        ("mapped", "Mapped as they are", _list(entry.same)),
        ("renamed", "Renamed", _list(renamed)),
        ("kept", f"Kept under <code>{KEEP_KEY}</code>", _list(entry.kept)),
        ("dropped", "Dropped", _list(entry.report.dropped)),
        ("hidden", "Shown by the theme, not by the target", _list(entry.report.hidden)),
    ]
    body = "".join(
        f'<tr class="{cls}"><th>{label}</th><td>{value}</td></tr>' for cls, label, value in rows
    )
    return f'<table class="fields">{body}</table>'


def side_by_side(change: FileChange) -> str:
    """The change as two columns, only the changed lines with a little context."""
    table = diff_table(
        (change.before or "").splitlines(),
        change.after.splitlines(),
        _e((change.origin or change.dest) if change.before is not None else "(new file)"),
        _e(change.dest),
    )
    return f'<div class="diffwrap">{table}</div>'


def _page(i: int, entry: PageEntry) -> str:
    report = entry.report
    parts = [
        f'<section class="page" id="page-{i}" data-status="{_e(report.status)}" '
        f'data-kind="{_e(kind_label(entry.kind))}">',
        f"<h3>{_e(report.source)} → {_e(', '.join(report.outputs[:1]) or '-')}</h3>",
        f'<div class="muted">{_e(report.status)}, {_e(kind_label(entry.kind))}'
        f"{' &middot; also ' + _e(', '.join(report.outputs[1:])) if report.outputs[1:] else ''}"
        "</div>",
    ]
    if report.error:
        parts.append(f'<p class="error">{_e(report.error)}</p>')
    else:
        parts.append(_fields(entry))
    if report.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in report.warnings)
        parts.append(f'<ul class="warnings">{items}</ul>')
    for change in entry.changes:
        parts.append(
            f"<details open><summary>diff of <code>{_e(change.dest)}</code></summary>"
            f"{side_by_side(change)}</details>"
        )
    if not entry.changes and not report.error:
        parts.append('<p class="muted">No change to the text of this page.</p>')
    parts.append("</section>")
    return "".join(parts)


def _site_files(review: Review) -> str:
    if not review.site_changes and not review.result.plan.warnings:
        return ""
    parts = ["<h2>Site files</h2>"]
    if review.result.plan.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in review.result.plan.warnings)
        parts.append(f'<ul class="warnings">{items}</ul>')
    for change in review.site_changes:
        parts.append(
            f"<details><summary><code>{_e(change.dest)}</code></summary>"
            f"{side_by_side(change)}</details>"
        )
    return "".join(parts)


def html_report(review: Review) -> str:
    result = review.result
    mode = "dry run: nothing written" if result.dry_run else f"written to {result.out}"
    title = f"academic-migrate: {result.site.root.name} → {result.plan.target}"
    pages = "".join(_page(i, entry) for i, entry in enumerate(review.pages))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1>"
        f'<div class="muted"><code>{_e(result.site.root)}</code> &middot; {_e(mode)}</div>'
        f"{_summary(review)}</header><main>"
        f"<h2>Pages</h2>{_filters(review)}{_table(review)}"
        f"<h2>Each page</h2>{pages}{_site_files(review)}"
        f"</main><script>{SCRIPT}</script></body></html>\n"
    )
