"""A real-site benchmark input: the corpora's own pages, copied over and over into one Hugo site
of about N pages.

Synthetic pages (bench/synth.py) are regular; real ones are not: long bodies, deep bundles,
shortcodes of every kind, comments in front matter, dozens of authors. So the real-site mode of
`bench.run` measures on this instead. Each copy of a source site puts its pages into the same
section folders under a prefix of its own (`publication/c3-copenlu-foo/index.md`), so every
page keeps its kind; section indexes, author profiles, `data/` and the home page's widget files
are taken once, from the first source that has them. The site gets a minimal config of its own
(no theme or module to fetch, so `hugo convert` runs offline) and an empty template for every
shortcode its pages call, as Hugo wants one to exist.

The corpora are other people's words: the replica is written under the benchmark's work folder
and removed with it, never into the project.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

PAGE = (".md", ".markdown")
ONCE = ("home", "authors", "author")  # folders taken from the first source only
# the sites the issue measured with: one Academic v4, one Hugo Blox of a user, the template
DEFAULT_SOURCES = (
    "copenlu__academic-kickstart",
    "mkalz__kalzcc-hugoblox",
    "HugoBlox__hugo-blox-builder/templates/academic-cv",
)
_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*([A-Za-z][\w-]*)")
_CLOSING = re.compile(r"\{\{[<%]\s*/\s*([A-Za-z][\w-]*)")


def _pages_in(path: Path) -> int:
    if path.is_file():
        return 1 if path.suffix in PAGE else 0
    return sum(1 for p in path.rglob("*") if p.suffix in PAGE and p.is_file())


def _units(content: Path) -> list[tuple[Path, str]]:
    """(source path, content-relative destination folder) of what one copy copies: each entry
    of each section folder, and each page at the top of `content/`."""
    units = []
    for entry in sorted(content.iterdir()):
        if entry.name.startswith(".") or entry.name in ONCE:
            continue
        if entry.is_file():
            if entry.suffix in PAGE and entry.name != "_index.md":
                units.append((entry, ""))
            continue
        for item in sorted(entry.iterdir()):
            if item.name != "_index.md" and not item.name.startswith("."):
                units.append((item, entry.name))
    return units


def replicate(sources: list[Path], root: Path, pages: int) -> int:
    """Write a Hugo site at `root` of about `pages` pages copied from `sources` (site roots):
    whole copies of each source in turn, until there are `pages` or more. Returns the count."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "config.yaml").write_text(
        "title: Replica of real Academic sites\nbaseURL: https://replica.example.org/\n"
        "disableKinds: [taxonomy, term]\n",
        encoding="utf-8",
    )
    count = 0
    for source in sources:  # what every copy shares: section indexes, profiles, the home page
        src = source / "content"
        for index in [*sorted(src.glob("*/_index.md")), src / "_index.md"]:
            dest = content / index.relative_to(src)
            if index.is_file() and not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(index, dest)
                count += 1
        for name in ONCE:
            if (src / name).is_dir() and not (content / name).exists():
                shutil.copytree(src / name, content / name)
                count += _pages_in(content / name)
        if (source / "data").is_dir():
            shutil.copytree(source / "data", root / "data", dirs_exist_ok=True)
    units = {source: _units(source / "content") for source in sources}
    copy = 0
    while count < pages:
        for source in sources:
            short = source.name.split("__")[0].split("-")[0][:12] or "site"
            for path, folder in units[source]:
                dest = content / folder / f"c{copy}-{short}-{path.name}"
                dest.parent.mkdir(parents=True, exist_ok=True)
                if path.is_dir():
                    shutil.copytree(path, dest)
                else:
                    shutil.copy2(path, dest)
                count += _pages_in(dest)
            if count >= pages:
                break
        copy += 1
    _stub_shortcodes(root)
    return count


def _stub_shortcodes(root: Path) -> None:
    """A template for every shortcode the pages call (Hugo stops on a missing one): `.Inner`
    for one the pages ever close, as Hugo wants it then, else nothing."""
    names: set[str] = set()
    closed: set[str] = set()
    for page in (root / "content").rglob("*"):
        if page.suffix in PAGE and page.is_file():
            text = page.read_text("utf-8", errors="replace")
            names.update(_SHORTCODE.findall(text))
            closed.update(_CLOSING.findall(text))
    stubs = root / "layouts" / "shortcodes"
    stubs.mkdir(parents=True, exist_ok=True)
    for name in sorted(names):
        (stubs / f"{name}.html").write_text("{{ .Inner }}" if name in closed else "", "utf-8")


def default_sources(corpora: Path) -> list[Path]:
    return [corpora / s for s in DEFAULT_SOURCES if (corpora / s).is_dir()]
