"""The round-trip harness: read a site, write it through a target, read that back, compare.

read(write(page)) == page is the promise of every writer/reader pair. Fields are compared
exactly, values and types (1 != 1.0 != True, 10:00+02:00 != 08:00Z) and key order. Bodies are
compared after this normalization, and nothing else:

- line endings are `\\n` (a target may write CRLF pages with LF);
- trailing spaces and tabs at the end of a line are removed;
- blank lines at the end of the body are removed;
- every shortcode call is respelled in one canonical form (`{{< name a="b" >}}`: spacing and
  quoting of parameters do not count).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converter.api import read_site
from converter.apply import apply
from converter.body.shortcodes import canonical, parse
from converter.frontmatter.values import differences
from converter.model import Page, Site
from converter.plan import Plan
from converter.registry import Progress, ReadOptions, WriteOptions, get_reader, get_writer

_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def normalize_body(body: str) -> str:
    text = _TRAILING.sub("", body.replace("\r\n", "\n").replace("\r", "\n")).rstrip("\n")
    return canonical(parse(text).nodes)


@dataclass
class Difference:
    field: str
    before: Any
    after: Any


@dataclass
class PageTrip:
    source: str
    equal: bool
    differences: list[Difference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class TripResult:
    site: Site
    plan: Plan
    pages: list[PageTrip]

    @property
    def equal(self) -> bool:
        return bool(self.pages) and all(p.equal for p in self.pages)


def _path(parts: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in parts) or "(fields)"


def compare_pages(before: Page, after: Page | None) -> list[Difference]:
    if after is None:
        return [Difference("(page)", before.path, "<missing after the trip>")]
    diffs = [Difference(_path(p), a, b) for p, a, b in differences(before.fields, after.fields)]
    if before.kind != after.kind:
        diffs.append(Difference("(kind)", before.kind, after.kind))
    if normalize_body(before.body) != normalize_body(after.body):
        diffs.append(Difference("(body)", _excerpt(before.body), _excerpt(after.body)))
    if _alternate(before) != _alternate(after):
        diffs.append(Difference("(R Markdown source)", _alternate(before), _alternate(after)))
    names_before = sorted(r.name for r in before.resources)
    names_after = sorted(r.name for r in after.resources)
    if names_before != names_after:
        diffs.append(Difference("(resources)", names_before, names_after))
    return diffs


def _alternate(page: Page) -> tuple[str, str, str] | None:
    """A page's second body (its R Markdown source) as compared: file name, front matter as
    written, body normalized as the page's is."""
    alt = page.alternate
    return (alt.name, alt.head, _excerpt(alt.body, 10**9)) if alt else None


def _excerpt(text: str, limit: int = 200) -> str:
    text = normalize_body(text)
    return text if len(text) <= limit else text[:limit] + "..."


def roundtrip(
    src: str | Path | Site,
    via: str,
    *,
    reader: str | None = None,
    mappings: list[Path] | None = None,
    workdir: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> TripResult:
    """Write `src` through the `via` writer into a temporary folder and read it back.

    `jobs` and `progress` as for `convert` (the reading back is not reported)."""
    site = src if isinstance(src, Site) else read_site(src, reader, jobs=jobs, progress=progress)
    writer = get_writer(via)
    back_reader = get_reader(writer.reader)
    mappings = list(mappings or [])
    plan = writer.plan(site, WriteOptions(mappings=mappings, jobs=jobs, progress=progress))
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        out = Path(tmp) / "out"
        apply(plan, out, progress=progress)
        back = back_reader.read(out, ReadOptions(mappings=mappings, jobs=jobs))
    after = {p.path: p for p in back.pages}
    trips = []
    for page in site.pages:
        other = after.get(page.path)
        diffs = compare_pages(page, other)
        trips.append(
            PageTrip(
                page.source.path if page.source else page.path,
                not diffs,
                diffs,
                list(other.warnings) if other else [],
            )
        )
    for problem in site.problems:
        trips.append(PageTrip(problem.path, False, [Difference("(read)", str(problem), None)]))
    return TripResult(site, plan, trips)
