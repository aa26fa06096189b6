"""Build a converted site with the real ``jekyll`` (Debian's 4.3), the way a user would.

The site is built as the writer made it, with one extra config file layered on top by the
harness (``--config _config.yml,<strict>``) that makes Jekyll stop instead of shrug:

``strict_front_matter: true``
    Front matter Jekyll cannot parse is an error, not a page rendered without it.
``liquid: {error_mode: strict, strict_filters: true}``
    A Liquid syntax error, or a filter nobody defined, stops the build. The writer already
    sets ``error_mode: strict``; a leftover ``{{`` or ``{%`` from a Hugo body would otherwise
    vanish silently.

Nothing is downloaded: the writer's own layouts need no theme and no gem.

``build_academicpages`` builds ``--jekyll-content-only`` output inside a scratch copy of the real
academicpages template (``../shared/themes/academicpages``, README-THEME.md "Offline build").
Its own includes fail strict Liquid (README-THEME.md "Strict Liquid"), so that build runs with
``liquid: {error_mode: warn, strict_filters: true}``; the template alone builds without a
warning, so any "Liquid Warning" comes from the converted content and fails the caller.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

STRICT = "strict_front_matter: true\nliquid:\n  error_mode: strict\n  strict_filters: true\n"
# what the academicpages template can take (its includes fail strict parsing)
WARN = "strict_front_matter: true\nliquid:\n  error_mode: warn\n  strict_filters: true\n"


def available() -> bool:
    return shutil.which("jekyll") is not None


@dataclass
class Build:
    site: Path  # the Jekyll source
    out: Path  # _site
    returncode: int
    log: str
    pages: dict[str, Path] = field(default_factory=dict)  # URL -> built HTML file

    def html(self, url: str) -> str:
        return self.pages[url].read_text(encoding="utf-8")


def build(site: Path, out: Path, extra: str = STRICT) -> Build:
    strict = out.parent / f"{out.name}-strict.yml"
    strict.write_text(extra, encoding="utf-8")
    proc = subprocess.run(
        [
            "jekyll",
            "build",
            "--source",
            str(site),
            "--destination",
            str(out),
            "--config",
            f"{site / '_config.yml'},{strict}",
            "--trace",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env={"PATH": "/usr/bin:/bin", "HOME": str(out.parent), "LANG": "C.UTF-8", "TZ": "UTC"},
    )
    result = Build(site, out, proc.returncode, proc.stdout + proc.stderr)
    if out.is_dir():
        for f in out.rglob("*.html"):
            rel = f.relative_to(out).as_posix()
            url = "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel
            result.pages[url] = f
    return result


def liquid_warnings(build: Build) -> list[str]:
    return [line for line in build.log.splitlines() if "Liquid Warning" in line]


def build_academicpages(theme: Path, content: Path, work: Path) -> Build:
    """`content` (a converter's `--jekyll-content-only` output) dropped into a scratch copy of
    the academicpages template at `theme`, built with warnings on (see the module's note)."""
    site = work / "academicpages"
    shutil.copytree(theme, site)
    shutil.copytree(content, site, dirs_exist_ok=True)
    return build(site, work / "_academicpages", WARN)


_TAGS = re.compile(r"<[^>]+>")


def visible(markup: str) -> str:
    """The text a reader sees: tags out, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())
