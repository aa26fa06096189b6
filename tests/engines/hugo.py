"""Build a Hugo site with the real ``hugo`` binary, without its theme.

Why this exists
---------------
The converter must prove that what it reads (or writes) is a site Hugo itself
accepts, and which pages Hugo really renders. Hugo Academic / Wowchemy / Hugo
Blox sites get all their layouts, shortcodes and several output formats from a
theme that is a Hugo *module* fetched from GitHub. There is no network in the
test environment (nor in CI), so we build every site against a **stub theme**
generated here: stub layouts that render ``.Content`` (so the Markdown and every
shortcode call in it is really executed by Hugo) and embed a marker naming the
source file, plus a stub for every shortcode the content uses.

What is neutralised, and how (only in the copy / on the command line)
-----------------------------------------------------------------------
The site's config files are copied **byte for byte**; everything below is done
with command-line flags, environment variables and the generated stub theme, so
that every other setting (``permalinks``, ``uglyURLs``, ``disableKinds``,
``defaultContentLanguageInSubdir``, per-language ``contentDir``, ``markup``,
``taxonomies``, ``cascade``, ``module.mounts`` ...) keeps its real effect.

``theme``
    Replaced by ``--theme`` pointing at the generated stub theme (a command-line
    flag wins over the config files).
``module.imports`` (in ``config.*``, ``hugo.*``, ``config/<env>/config.*``,
``config/<env>/hugo.*`` or ``config/<env>/module.*``)
    Every imported module path is redirected, through
    ``HUGO_MODULE_REPLACEMENTS``, to an empty local directory, so Hugo never
    tries to download it. ``GOPROXY``/``HUGO_MODULE_PROXY`` are set to ``off``
    as a second safety net, and ``go.mod``/``go.sum``/``_vendor`` are not copied
    (with a ``go.mod`` Hugo would run ``go mod download``).
``outputs`` / ``cascade.outputs`` / front matter ``outputs`` naming formats
that only the theme defines (Wowchemy: ``headers``, ``redirects``; Hugo Blox
kit: ``backlinks``, ``present``; old Academic: ``WebAppManifest`` is built into
Hugo 0.111 so it needs nothing)
    Each such format is defined in the *stub theme's* config as a plain-text,
    ``notAlternative`` format with the media type ``text/x-harness-stub``;
    Hugo merges a theme's ``outputFormats`` under the site's, exactly as it did
    with the real theme. No layout exists for them, so Hugo renders nothing for
    them (it only warns, and ``--quiet`` hides that). The site keeps its own
    definitions of any format it defines itself.
``mediaTypes`` used by the site's own ``outputFormats`` but defined only by the
theme (e.g. Wowchemy's ``text/netlify``)
    When Hugo stops with 'media type "…" not found', that type is defined in
    the stub theme's config with a ``txt`` suffix and the build is retried (not
    guessed in advance, so a built-in media type is never redefined).
``enableGitInfo``
    Forced off with ``--enableGitInfo=false``: the copy has no ``.git`` (and
    if the work directory happened to sit inside another repository Hugo would
    read *that* repository's log).
``layouts/``, ``themes/``, ``static/``, ``assets/``, ``resources/``,
``public/``, ``node_modules/``
    Not copied: the site's own layouts and shortcodes call theme partials that
    do not exist here, and static files/assets play no part in which pages are
    rendered. Every shortcode the content uses gets a stub instead.

Shortcode stubs
---------------
Hugo 0.111 decides *statically*, from whether the template mentions ``.Inner``,
how a call must look: a template that uses ``.Inner`` must be closed
(``{{< x >}}…{{< /x >}}``) or self-closed (``{{< x />}}``) and fails with
"must be closed or self-closed" on a bare ``{{< x >}}``; a template without
``.Inner`` fails on a closing tag *and* on ``/>``. So each stub is generated
from how the content calls it: ``{{ with .Inner }}{{ . }}{{ end }}`` when any
call is closed or self-closed, an empty body otherwise. A name called both bare
and closed/self-closed cannot be satisfied by one template on Hugo 0.111 (nor by
the real theme); the build then fails and the error names the shortcode.
Escaped calls ``{{</* x */>}}`` are not calls and are ignored. Stubs override
Hugo's built-ins that need the network or validate their target (``youtube``,
``vimeo``, ``tweet``, ``x``, ``gist``, ``instagram``, ``ref``, ``relref``,
``figure``, ``highlight``, ``param``, ``details``, ``qr``); these are always
stubbed, even when the scan does not see them.

Page markers and ``HugoBuild.pages``
------------------------------------
Every HTML stub layout does two things for the page's source file (``.File``):

* publishes a tiny JSON record ``public/_academic-migrate-harness/<md5>.json``
  (via ``resources.FromString … .Publish``) — one per rendered source file, so a
  page still counts when another page with the same URL overwrites its HTML
  (this happens in the corpora: ``:slug`` permalinks built from equal titles);
  the directory is deleted after reading;
* writes ``<meta name="academic-migrate-harness" data-filename=… data-path=…>``
  into its HTML, which gives ``HugoBuild.outputs`` (source -> output files).

The key is ``.File.Filename`` (absolute) made relative to the site's
``content/`` directory (``contentDir`` if the site sets one): with a
per-language ``contentDir = "content/ja"`` that gives ``ja/post/x.md`` without
having to know the language setup. ``.File.Path`` would give ``post/x.md``
there (it is relative to the *language's* content directory), so it is only the
fallback for files mounted or configured from outside ``content/``. Pages
without a source file (auto-created home, sections, taxonomy lists and terms)
are not in ``pages``; neither are headless bundles (``content/home/`` widget
pages), ``_build: {render: never}`` pages, or non-index ``.md`` files inside a
leaf bundle (they are resources) — Hugo does not render them.

If Hugo still fails on something a stub can fix (a module import, output
format, media type or shortcode that the scan missed), the build is retried
with that added, a few times at most; ``HugoBuild.notes`` says what was done.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef, import-not-found, unused-ignore]

__all__ = [
    "BUILTIN_OUTPUT_FORMATS",
    "HUGO",
    "NETWORK_SHORTCODES",
    "HugoBuild",
    "ShortcodeUse",
    "build_site",
    "scan_shortcodes",
]

#: Path of the ``hugo`` executable, or ``None`` when it is not on ``PATH``
#: (tests that need it skip then).
HUGO: str | None = shutil.which("hugo")

#: Output formats built into Hugo 0.111 (case-insensitive); anything else named
#: in ``outputs`` must be defined by the site or gets a stub definition.
# fmt: off
BUILTIN_OUTPUT_FORMATS: frozenset[str] = frozenset({
    "amp", "calendar", "css", "csv", "html", "json", "markdown", "webappmanifest",
    "robots", "rss", "sitemap",
})
# fmt: on

#: Built-in shortcodes that fetch from the network, validate link targets or
#: (``details``, ``qr``) do not exist in Hugo 0.111: always replaced by stubs.
# fmt: off
NETWORK_SHORTCODES: dict[str, bool] = {
    # name -> whether the stub renders .Inner (i.e. the usual call is paired)
    "youtube": False, "vimeo": False, "tweet": False, "x": False, "gist": False,
    "instagram": False, "ref": False, "relref": False, "figure": False,
    "highlight": True, "param": False, "details": True, "qr": False,
}
# fmt: on

#: Content file suffixes Hugo treats as pages (and which may call shortcodes).
# fmt: off
CONTENT_SUFFIXES: frozenset[str] = frozenset({
    ".md", ".markdown", ".mdown", ".html", ".htm", ".org", ".adoc", ".ad", ".asciidoc",
    ".rst", ".pandoc", ".pdc",
})
# fmt: on

#: Top-level entries of the site that are not copied (see module docstring).
# fmt: off
SKIPPED_TOP_LEVEL: frozenset[str] = frozenset({
    ".git", ".hugo_build.lock", "_vendor", "assets", "go.mod", "go.sum", "layouts",
    "node_modules", "public", "resources", "static", "themes",
})
# fmt: on

STUB_THEME = "academic-migrate-harness"
STUB_MEDIA_TYPE = "text/x-harness-stub"
MARKER_NAME = "academic-migrate-harness"
RECORDS_DIR = "_academic-migrate-harness"
DEFAULT_TIMEOUT = 180.0
MAX_ATTEMPTS = 12

_CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")

# {{< name …>}}, {{% /name %}}, {{< name … />}}. Escaped calls {{</* name */>}}
# do not match because a name cannot start with "*".
_SHORTCODE_RE = re.compile(
    r"\{\{(?:(?P<angle><)|%)\s*(?P<close>/)?\s*(?P<name>[A-Za-z0-9_][\w./-]*)"
    r"(?P<rest>.*?)(?(angle)>|%)\}\}",
    re.DOTALL,
)
# The "/" of a self-closing call stands alone before the delimiter:
# {{< x />}}, {{< x a="b" />}}, not {{< x url=/a/ >}}.
_SELF_CLOSE_RE = re.compile(r"""(?:^|[\s"'`])/\s*$""")
_MARKER_RE = re.compile(r'<meta name="' + MARKER_NAME + r'"(?P<attrs>[^>]*)>')
_ATTR_RE = re.compile(r'data-(?P<key>[a-z]+)="(?P<value>[^"]*)"')


@dataclass
class HugoBuild:
    """Result of one Hugo build of a (copied, stubbed) site.

    ``pages`` holds the content-relative POSIX source path (``post/foo/index.md``,
    ``_index.md``, ``ja/post/x.md``) of every page Hugo rendered as HTML; the
    other fields are extras for diagnostics and URL checks.
    """

    returncode: int
    stdout: str
    stderr: str
    pages: set[str]
    #: source path -> output files (relative to ``public``) that carry its marker.
    outputs: dict[str, set[str]] = field(default_factory=dict)
    #: the copied site Hugo built (``<workdir>/site``) and its ``public`` directory.
    site_dir: Path | None = None
    public_dir: Path | None = None
    #: what the harness neutralised or stubbed, for reports and debugging.
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when Hugo exited with status 0."""
        return self.returncode == 0


@dataclass
class ShortcodeUse:
    """How the content calls one shortcode name (decides its stub's shape)."""

    bare: int = 0  # {{< x >}} without a matching closing tag in its file
    paired_or_self_closed: int = 0  # {{< x />}}, or {{< x >}}…{{< /x >}}

    @property
    def needs_inner(self) -> bool:
        """The stub must mention .Inner (Hugo 0.111 then requires closing)."""
        return self.paired_or_self_closed > 0

    @property
    def conflicting(self) -> bool:
        """Called both bare and closed: no single Hugo 0.111 template fits."""
        return self.bare > 0 and self.paired_or_self_closed > 0


# --------------------------------------------------------------------------- #
# Reading the site (read-only)
# --------------------------------------------------------------------------- #


def _load_structured(path: Path) -> Any:
    """Parse a TOML/YAML/JSON file; ``None`` if it cannot be parsed.

    Only used to *discover* module paths, output formats and ``contentDir``;
    a file Python cannot parse is left to Hugo (and to the retry fallback).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix in (".yaml", ".yml"):
            return yaml.safe_load(text)
        if path.suffix == ".json":
            return json.loads(text)
    except Exception:  # any parse problem: leave the file to Hugo
        return None
    return None


def _config_files(site: Path) -> Iterator[tuple[Path, list[str]]]:
    """Yield every config file with the key path its content sits under.

    ``config.toml``/``hugo.yaml`` (root or ``config/<env>/``) are the root;
    ``config/<env>/module.yaml`` is under ``module``, ``languages.toml`` under
    ``languages``, ``menus.en.toml`` under ``menus`` (language part ignored).
    """
    for name in ("hugo", "config"):
        for suffix in _CONFIG_SUFFIXES:
            p = site / f"{name}{suffix}"
            if p.is_file():
                yield p, []
    config_dir = site / "config"
    if config_dir.is_dir():
        for p in sorted(config_dir.rglob("*")):
            if not p.is_file() or p.suffix not in _CONFIG_SUFFIXES:
                continue
            key = p.stem.split(".")[0]
            yield p, ([] if key in ("config", "hugo") else [key])


def _site_config(site: Path) -> dict[str, Any]:
    """A rough merge of all config files (every environment), enough to find
    module imports, output formats, cascades and ``contentDir``."""
    merged: dict[str, Any] = {
        "_imports": [],
        "_outputs": set(),
        "_formats": set(),
        "_lang_content_dirs": set(),
    }
    for path, prefix in _config_files(site):
        data = _load_structured(path)
        if not isinstance(data, dict):
            continue
        for key in reversed(prefix):
            data = {key: data}
        _absorb_config(data, merged)
        if isinstance(data.get("languages"), dict):
            for lang_cfg in data["languages"].values():
                if isinstance(lang_cfg, dict):
                    _absorb_config(lang_cfg, merged, top=False)
    return merged


def _ci_get(mapping: dict[str, Any], key: str) -> Any:
    """Hugo config keys are case-insensitive."""
    for k, v in mapping.items():
        if isinstance(k, str) and k.lower() == key.lower():
            return v
    return None


def _absorb_config(data: dict[str, Any], merged: dict[str, Any], *, top: bool = True) -> None:
    module = _ci_get(data, "module")
    if isinstance(module, dict):
        imports = _ci_get(module, "imports")
        for imp in imports if isinstance(imports, list) else []:
            path = _ci_get(imp, "path") if isinstance(imp, dict) else imp
            if isinstance(path, str) and path.strip():
                merged["_imports"].append(path.strip())
    outputs = _ci_get(data, "outputs")
    if isinstance(outputs, dict):
        for names in outputs.values():
            merged["_outputs"].update(_names(names))
    merged["_outputs"].update(_cascade_outputs(_ci_get(data, "cascade")))
    formats = _ci_get(data, "outputFormats")
    if isinstance(formats, dict):
        for name in formats:
            merged["_formats"].add(str(name).lower())
    content_dir = _ci_get(data, "contentDir")
    if isinstance(content_dir, str) and content_dir.strip():
        if top:
            merged["contentDir"] = content_dir.strip()
        else:
            merged["_lang_content_dirs"].add(content_dir.strip())


def _names(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _cascade_outputs(cascade: Any) -> set[str]:
    found: set[str] = set()
    entries = cascade if isinstance(cascade, list) else [cascade]
    for entry in entries:
        if isinstance(entry, dict):
            found |= _names(_ci_get(entry, "outputs"))
    return found


def _front_matter(text: str) -> Any:
    """Parse a page's front matter (YAML ``---``, TOML ``+++`` or JSON)."""
    stripped = text.lstrip("\ufeff")
    for fence, loader in (("---", yaml.safe_load), ("+++", tomllib.loads)):
        if stripped.startswith(fence):
            end = stripped.find("\n" + fence, len(fence))
            if end < 0:
                return None
            try:
                return loader(stripped[len(fence) : end])
            except Exception:  # Hugo reports real errors itself
                return None
    if stripped.startswith("{"):
        try:
            return json.JSONDecoder().raw_decode(stripped)[0]
        except ValueError:
            return None
    return None


def _content_files(content_dir: Path) -> Iterator[Path]:
    if content_dir.is_dir():
        for p in sorted(content_dir.rglob("*")):
            if p.is_file() and p.suffix.lower() in CONTENT_SUFFIXES:
                yield p


def scan_shortcodes(texts: Iterable[str]) -> dict[str, ShortcodeUse]:
    """Every shortcode name called in ``texts`` and how it is called.

    Each text is one content file: openings and closing tags are matched per
    file, so ``bare`` counts openings left without a closing tag there.
    Inline shortcodes (``name.inline``) are defined by the content itself and
    are left out.
    """
    uses: dict[str, ShortcodeUse] = {}
    for text in texts:
        opened: dict[str, int] = {}
        closed: dict[str, int] = {}
        for m in _SHORTCODE_RE.finditer(text):
            name = m.group("name")
            self_closed = bool(_SELF_CLOSE_RE.search(m.group("rest")))
            if name.endswith("/"):  # {{< name/>}}
                name, self_closed = name.rstrip("/"), True
            if not name or name.endswith(".inline"):
                continue
            use = uses.setdefault(name, ShortcodeUse())
            if m.group("close"):
                closed[name] = closed.get(name, 0) + 1
            elif self_closed:
                use.paired_or_self_closed += 1
            else:
                opened[name] = opened.get(name, 0) + 1
        for name, n_open in opened.items():
            n_closed = min(closed.get(name, 0), n_open)
            uses[name].paired_or_self_closed += n_closed
            uses[name].bare += n_open - n_closed
    return uses


# --------------------------------------------------------------------------- #
# The stub theme
# --------------------------------------------------------------------------- #

_MARKER = (
    '<meta name="' + MARKER_NAME + '" data-kind="{{ .Kind }}" data-lang="{{ .Lang }}"'
    '{{ with .File }} data-filename="{{ .Filename }}" data-path="{{ .Path }}"{{ end }}>'
)
# One small JSON record per rendered source file, published under a path of
# its own: unlike the HTML marker it survives when two pages share a URL.
_RECORD = (
    '{{- with .File }}{{ $rec := dict "filename" .Filename "path" .Path'
    ' "lang" $.Lang "kind" $.Kind }}'
    '{{ $res := resources.FromString (printf "' + RECORDS_DIR + '/%s.json" (md5 .Filename))'
    " (string (jsonify $rec)) }}{{ $res.Publish }}{{ end -}}"
)
_PAGE = (
    _RECORD
    + '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{{ .Title }}</title>\n'
    + _MARKER
    + "\n</head><body>\n{{ .Content }}\n</body></html>\n"
)
_INNER_STUB = "{{- with .Inner }}{{ . }}{{ end -}}\n"
_EMPTY_STUB = "{{- /* academic-migrate harness stub */ -}}\n"


@dataclass
class _Stubs:
    """What the stub theme has to provide; grown by the retry fallback."""

    shortcodes: dict[str, bool] = field(default_factory=dict)  # name -> needs .Inner
    formats: set[str] = field(default_factory=set)
    media_types: set[str] = field(default_factory=set)
    imports: list[str] = field(default_factory=list)


def _write_theme(theme_dir: Path, stubs: _Stubs) -> None:
    if theme_dir.exists():
        shutil.rmtree(theme_dir)
    layouts = theme_dir / "layouts"
    for rel in (
        "_default/single.html",
        "_default/list.html",
        "index.html",
        "_default/taxonomy.html",
        "_default/term.html",
    ):
        p = layouts / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_PAGE, encoding="utf-8")
    for name, inner in sorted(stubs.shortcodes.items()):
        p = layouts / "shortcodes" / f"{name}.html"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_INNER_STUB if inner else _EMPTY_STUB, encoding="utf-8")
    config: dict[str, Any] = {}
    media = {STUB_MEDIA_TYPE} | stubs.media_types if stubs.formats else set(stubs.media_types)
    if media:
        config["mediaTypes"] = {m: {"suffixes": ["txt"]} for m in sorted(media)}
    if stubs.formats:
        config["outputFormats"] = {
            f: {
                "mediaType": STUB_MEDIA_TYPE,
                "baseName": f"harness-stub-{f.lower()}",
                "isPlainText": True,
                "notAlternative": True,
            }
            for f in sorted(stubs.formats)
        }
    # JSON is valid config for Hugo and needs no TOML writer.
    (theme_dir / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------- #
# Building
# --------------------------------------------------------------------------- #


def _copy_site(site_root: Path, dest: Path) -> None:
    def ignore(directory: str, names: list[str]) -> set[str]:
        if directory == str(site_root):
            return {n for n in names if n in SKIPPED_TOP_LEVEL}
        return set()

    shutil.copytree(site_root, dest, ignore=ignore)


def _plan(site: Path, content_dir: Path, config: dict[str, Any]) -> tuple[_Stubs, list[str]]:
    stubs = _Stubs()
    notes: list[str] = []
    texts: list[str] = []
    fm_outputs: set[str] = set()
    # The site's content dir plus per-language contentDirs outside of it.
    scan_dirs = [content_dir]
    for d in sorted(config["_lang_content_dirs"]):
        lang_dir = (site / d).resolve()
        if content_dir not in lang_dir.parents and lang_dir != content_dir:
            scan_dirs.append(lang_dir)
    for d in scan_dirs:
        for p in _content_files(d):
            text = p.read_text(encoding="utf-8", errors="replace")
            texts.append(text)
            if "outputs" in text:
                fm = _front_matter(text)
                if isinstance(fm, dict):
                    fm_outputs |= _names(_ci_get(fm, "outputs"))
                    fm_outputs |= _cascade_outputs(_ci_get(fm, "cascade"))
    uses = scan_shortcodes(texts)
    stubs.shortcodes = dict(NETWORK_SHORTCODES)
    stubs.shortcodes.update({n: u.needs_inner for n, u in uses.items()})
    notes.append(f"stubbed shortcodes: {', '.join(sorted(stubs.shortcodes))}")
    for name, use in sorted(uses.items()):
        if use.conflicting:
            notes.append(
                f"shortcode {name!r} is called both bare ({use.bare}x) and closed/self-closed "
                f"({use.paired_or_self_closed}x): Hugo 0.111 will reject one of the forms"
            )

    stubs.imports = list(dict.fromkeys(config["_imports"]))
    if stubs.imports:
        notes.append(f"module imports replaced by an empty module: {', '.join(stubs.imports)}")

    wanted = config["_outputs"] | fm_outputs
    stubs.formats = {
        f for f in wanted if f.lower() not in BUILTIN_OUTPUT_FORMATS | config["_formats"]
    }
    if stubs.formats:
        notes.append(f"theme-only output formats stubbed: {', '.join(sorted(stubs.formats))}")
    return stubs, notes


def _env(stubs: _Stubs, empty_module: Path) -> dict[str, str]:
    # Drop the caller's HUGO_* settings so every build is configured the same way.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("HUGO_")}
    env["GOPROXY"] = "off"
    env["HUGO_MODULE_PROXY"] = "off"
    env["GOFLAGS"] = "-mod=mod"
    if stubs.imports:
        env["HUGO_MODULE_REPLACEMENTS"] = ",".join(f"{p} -> {empty_module}" for p in stubs.imports)
    return env


_FIXABLE = [
    (re.compile(r'module "([^"]+)" not found'), "import"),
    (re.compile(r'failed to resolve output format "([^"]+)"'), "format"),
    (re.compile(r'media type "([^"]+)" not found'), "media"),
    (re.compile(r'template for shortcode "([^"]+)" not found'), "shortcode"),
    (re.compile(r'shortcode "([^"]+)" does not evaluate \.Inner'), "inner"),
]


def _fix(stderr: str, stubs: _Stubs) -> str | None:
    """Apply the stub for the first fixable error in ``stderr``; describe it."""
    for pattern, kind in _FIXABLE:
        m = pattern.search(stderr)
        if not m:
            continue
        name = m.group(1)
        if kind == "import" and name not in stubs.imports:
            stubs.imports.append(name)
        elif kind == "format" and name not in stubs.formats:
            stubs.formats.add(name)
        elif kind == "media" and name not in stubs.media_types:
            stubs.media_types.add(name)
        elif kind == "shortcode" and name not in stubs.shortcodes:
            stubs.shortcodes[name] = False
        elif kind == "inner" and stubs.shortcodes.get(name) is False:
            stubs.shortcodes[name] = True
        else:
            continue
        return f"retry: {kind} {name!r} stubbed after: {m.group(0)}"
    return None


def _collect(public: Path, site: Path, content_dir: Path) -> dict[str, set[str]]:
    """Map content-relative source path -> output files carrying its marker.

    The set of keys comes from the JSON records (one per rendered source file);
    the output files from the HTML markers. A page whose HTML was overwritten by
    another page with the same URL keeps an empty set. The records directory is
    removed so ``public`` holds only what the site itself produced.
    """
    found: dict[str, set[str]] = {}
    if not public.is_dir():
        return found
    records = public / RECORDS_DIR
    if records.is_dir():
        for rec in records.glob("*.json"):
            attrs = json.loads(rec.read_text(encoding="utf-8"))
            rel = _content_relative(attrs, site, content_dir)
            if rel is not None:
                found.setdefault(rel, set())
        shutil.rmtree(records)
    for out in public.rglob("*"):
        if not out.is_file() or out.suffix.lower() not in (".html", ".htm", ".xhtml"):
            continue
        text = out.read_text(encoding="utf-8", errors="replace")
        for m in _MARKER_RE.finditer(text):
            attrs = {a["key"]: html.unescape(a["value"]) for a in _ATTR_RE.finditer(m["attrs"])}
            rel = _content_relative(attrs, site, content_dir)
            if rel is not None:
                found.setdefault(rel, set()).add(out.relative_to(public).as_posix())
    return found


def _content_relative(attrs: dict[str, str], site: Path, content_dir: Path) -> str | None:
    filename, path = attrs.get("filename"), attrs.get("path")
    if not filename and not path:
        return None
    if filename:
        fpath = Path(filename)
        for base in (content_dir, site / "content"):
            try:
                return fpath.relative_to(base).as_posix()
            except ValueError:
                continue
    # Mounted from outside the content directory: the path inside "content".
    return PurePosixPath((path or filename or "").replace("\\", "/")).as_posix()


def build_site(
    site_root: Path,
    workdir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    extra_args: Iterable[str] = (),
) -> HugoBuild:
    """Copy ``site_root`` into ``workdir`` and build it with Hugo and the stub theme.

    ``site_root`` is never modified. ``workdir`` receives ``site/`` (the copy,
    with ``site/public`` as Hugo's destination), ``harness/`` (stub theme,
    empty module, Hugo cache); both are recreated on every call. Drafts,
    future and expired pages are built so ``pages`` covers all content that
    Hugo can render. A timeout gives returncode 124 instead of raising.
    """
    if HUGO is None:
        raise RuntimeError("hugo is not installed (not on PATH)")
    site_root = Path(site_root).resolve()
    workdir = Path(workdir).resolve()
    if not site_root.is_dir():
        raise FileNotFoundError(site_root)
    if workdir == site_root or site_root in workdir.parents or workdir in site_root.parents:
        raise ValueError("workdir and site_root must not contain each other")

    site, harness = workdir / "site", workdir / "harness"
    for d in (site, harness):
        if d.exists():
            shutil.rmtree(d)
    workdir.mkdir(parents=True, exist_ok=True)
    _copy_site(site_root, site)
    themes_dir, empty_module = harness / "themes", harness / "empty-module"
    empty_module.mkdir(parents=True)
    (harness / "cache").mkdir()

    config = _site_config(site)
    content_dir = (site / config.get("contentDir", "content")).resolve()
    stubs, notes = _plan(site, content_dir, config)
    notes.insert(0, f"theme replaced by stub theme {STUB_THEME!r}; enableGitInfo forced off")

    # fmt: off
    args = [
        HUGO, "--source", str(site), "--destination", "public",
        "--themesDir", str(themes_dir), "--theme", STUB_THEME,
        "--cacheDir", str(harness / "cache"), "--enableGitInfo=false",
        "--buildDrafts", "--buildFuture", "--buildExpired", "--quiet", "--noBuildLock",
        *extra_args,
    ]
    # fmt: on
    stdout = stderr = ""
    returncode = 0
    for _attempt in range(MAX_ATTEMPTS):
        _write_theme(themes_dir / STUB_THEME, stubs)
        public = site / "public"
        if public.exists():
            shutil.rmtree(public)
        try:
            result = subprocess.run(
                args,
                cwd=site,
                env=_env(stubs, empty_module),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else ""
            return HugoBuild(
                124,
                out,
                f"hugo timed out after {timeout}s",
                set(),
                site_dir=site,
                public_dir=site / "public",
                notes=notes,
            )
        stdout, stderr, returncode = result.stdout, result.stderr, result.returncode
        if returncode == 0:
            break
        fixed = _fix(stderr, stubs)
        if fixed is None:
            break
        notes.append(fixed)

    outputs = _collect(site / "public", site, content_dir)
    clobbered = sorted(p for p, files in outputs.items() if not files)
    if clobbered:
        notes.append(
            "rendered, but HTML overwritten by another page with the same URL: "
            + ", ".join(clobbered)
        )
    return HugoBuild(
        returncode=returncode,
        stdout=stdout,
        stderr=stderr,
        pages=set(outputs),
        outputs=outputs,
        site_dir=site,
        public_dir=site / "public",
        notes=notes,
    )
