"""Which files are pages, in which body format: Hugo's content formats and blogdown's R
Markdown, from `mappings/content/formats.yaml`.

A page's format follows from its file name, so the model keeps none: `page_format(page)`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import PurePosixPath
from typing import Any

from ruamel.yaml import YAML

from converter.model import Page
from converter.portable import UNNORMAL
from converter.tables import data_file

MARKDOWN = "markdown"
HTML = "html"
RMARKDOWN = "rmarkdown"


@cache
def table() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(
        data_file("content/formats.yaml").read_text(encoding="utf-8")
    )
    return data


# a page's name is asked several times while it is converted; room for every name of a large
# site (4,096 ran out at 5,000 pages, and the cache then only cost)
@lru_cache(maxsize=1 << 16)
def _suffix(name: str) -> str:
    if not UNNORMAL.search(name):  # PurePosixPath's last part is the text after the last /
        last = name[name.rfind("/") + 1 :]
        dot = last.rfind(".")
        return last[dot + 1 :] if 0 < dot < len(last) - 1 else ""
    return PurePosixPath(name).suffix[1:]


def hugo_format(name: str) -> str | None:
    """The Hugo content format of a file name (`x.html` -> html), None for any other file."""
    value = table()["hugo"].get(_suffix(name))
    return str(value) if value else None


def is_rmarkdown(name: str) -> bool:
    return _suffix(name) in rmarkdown_sources()


@cache
def rmarkdown_sources() -> dict[str, list[str]]:
    """R Markdown source suffix -> the suffixes blogdown renders it to, first most likely."""
    return {
        str(k): [str(s) for s in v] for k, v in table()["rmarkdown"].items() if isinstance(v, list)
    }


def rendered_names(source: str) -> list[str]:
    """The file names blogdown renders the source `source` to: `index.Rmd` -> `index.html`."""
    path = PurePosixPath(source)
    return [f"{path.stem}.{s}" for s in rmarkdown_sources().get(_suffix(source), [])]


def figures_folder(source: str) -> str:
    """The folder knitr writes a source's figures to: `index.Rmd` -> `index_files`."""
    pattern: str = table()["rmarkdown"]["figures"]
    return pattern.format(stem=PurePosixPath(source).stem)


def needs_front_matter(fmt: str | None) -> bool:
    return fmt in table()["needs_front_matter"]


def name_format(name: str) -> str:
    """The body format of a page file: a Hugo format, `rmarkdown`, or markdown."""
    if is_rmarkdown(name):
        return RMARKDOWN
    return hugo_format(name) or MARKDOWN


def page_format(page: Page) -> str:
    """The format of `page.body`, from the name of the file it was read from."""
    return name_format(page.path)


def renders(target: str, fmt: str) -> bool:
    """Whether `target` shows a body of format `fmt` as the format means (Markdown rendered,
    HTML passed through, R chunks run); a body it cannot render is carried as source."""
    known = table()["renders"].get(target)
    return fmt == MARKDOWN or known is None or fmt in known


def fence(fmt: str) -> str:
    """The code block language a body of `fmt` is shown in where it cannot be rendered."""
    return str(table()["fence"].get(fmt, fmt))


def label(fmt: str) -> str:
    """A format's name as people write it: Org, AsciiDoc, reStructuredText."""
    names: dict[str, str] = table().get("labels") or {}
    return str(names.get(fmt, fmt))
