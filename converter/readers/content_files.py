"""Which files under `content/` Hugo makes pages of, and which R Markdown sources go with them.

Hugo renders every file of a content format it knows (`.md`, `.html` with front matter,
`.org`, `.adoc`, `.rst`, `.pdc`...; mappings/content/formats.yaml) unless the config's
`ignoreFiles` matches it. Hugo 0.111 matches each pattern against the absolute path of every
file and every folder it walks (a folder matched, such as blogdown's `_files$`, is not
entered), which is what `Ignore` does.

blogdown renders `index.Rmd` to `index.html` and `x.Rmarkdown` to `x.markdown` beside the
source; Hugo (told by `ignoreFiles` to skip the sources) publishes the rendered files. So a
source with its rendered file beside it is that page's second body, and a source never
rendered is a page of its own, the one blogdown would publish.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converter import formats
from converter.frontmatter.values import differences, same
from converter.model import Alternate
from converter.pages import parse_page

# what a file with front matter opens with (a BOM, then YAML, TOML or JSON front matter)
_FRONT_MATTER = (b"---", b"+++", b"{")
_ORG_KEYWORD = re.compile(rb"^\s*#\+[A-Za-z_]+:")


@dataclass
class Ignore:
    """The site's `ignoreFiles` patterns (those Go's regexp and Python's read alike)."""

    patterns: list[re.Pattern[str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Ignore:
        value = next((v for k, v in params.items() if k.lower() == "ignorefiles"), None)
        out = cls()
        for item in value if isinstance(value, list) else [value] if value else []:
            try:
                out.patterns.append(re.compile(str(item)))
            except re.error as e:
                out.problems.append(f"ignoreFiles pattern {item!r} is not read: {e}")
        return out

    def __call__(self, file: Path, content: Path) -> bool:
        """Whether Hugo skips `file`: it, or a folder on its way from `content`, matches."""
        if not self.patterns:
            return False
        paths = [file, *[p for p in file.parents if content in p.parents]]
        return any(rx.search(str(p)) for p in paths for rx in self.patterns)


def opens_with_front_matter(file: Path) -> bool:
    try:
        with open(file, "rb") as fh:
            start = fh.read(64).removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    except OSError:
        return False
    return start.startswith(_FRONT_MATTER) or bool(_ORG_KEYWORD.match(start))


def is_page_file(file: Path) -> bool:
    """Whether Hugo renders `file` (ignoreFiles aside): a content format, and front matter
    where the format needs it (an HTML file without is copied as it is)."""
    fmt = formats.hugo_format(file.name)
    if fmt is None:
        return False
    return not formats.needs_front_matter(fmt) or opens_with_front_matter(file)


def pair_sources(files: list[Path], is_page: set[Path]) -> tuple[dict[Path, Path], list[Path]]:
    """(rendered page -> its R Markdown source, sources rendered to no page). `is_page` holds
    the files that are pages already; a source pairs with the first of its rendered names
    that is one (`index.Rmd` with `index.html`, else `index.md`)."""
    pairs: dict[Path, Path] = {}
    alone: list[Path] = []
    for f in files:
        if not formats.is_rmarkdown(f.name):
            continue
        rendered = next(
            (f.parent / n for n in formats.rendered_names(f.name) if f.parent / n in is_page),
            None,
        )
        if rendered is not None and rendered not in pairs:
            pairs[rendered] = f
        else:
            alone.append(f)
    return pairs, alone


def read_alternate(
    source: Path, page_file: Path, rendered_data: dict[str, Any] | None = None
) -> tuple[Alternate, list[str]]:
    """The R Markdown source of the page read from `page_file`, and a warning when the
    rendering is older than it (the target would show what the source no longer says): by
    the file times, or by front matter that blogdown, copying it over, would have made the
    same (`rendered_data`: the rendering's)."""
    raw = source.read_bytes()
    parsed = parse_page(raw)
    body = parsed.split.body
    head = parsed.text[: len(parsed.text) - len(body)] if body else parsed.text
    mtime = _mtime(source)
    alt = Alternate(
        name=source.name, head=head, body=body, fields=parsed.data, raw=raw, mtime=mtime
    )
    warnings = [f"{source.name}: {w}" for w in parsed.warnings]
    rendered = _mtime(page_file)
    if mtime is not None and rendered is not None and rendered + 1 < mtime:
        warnings.append(
            f"the rendered {page_file.name} is older than its source {source.name} (file "
            "times): the target shows the old rendering; render the site again with "
            "blogdown::build_site(build_rmd = TRUE) and convert again"
        )
    if rendered_data is not None and not same(parsed.data, rendered_data):
        keys = [str(d[0][0]) for d in differences(parsed.data, rendered_data) if d[0]]
        warnings.append(
            f"the front matter of {source.name} and of its rendering {page_file.name} differ "
            f"({', '.join(dict.fromkeys(keys)) or 'order'}): the source was edited since "
            "blogdown rendered it; render the site again and convert again"
        )
    return alt, warnings


def _mtime(path: Path) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None
