"""The neutral site model every reader produces and every writer consumes.

Field names are the current Hugo Academic vocabulary (see mappings/hugo.yaml for how older and
newer eras are brought into it). A page also remembers where it came from (`source`), so a
writer can reproduce an unchanged page byte for byte and write a changed one in its own era.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converter.errors import ConversionError
from converter.frontmatter.comments import Comments
from converter.frontmatter.values import same
from converter.keypath import KeyPath

KINDS = (
    "event",
    "publication",
    "post",
    "project",
    "author",
    "slides",
    "docs",
    "widget",
    "section",
    "home",
    "page",
)


@dataclass(slots=True)
class Resource:
    """A file that belongs to a page bundle (featured image, PDF, cite.bib, a nested .md)."""

    name: str  # path relative to the bundle folder, POSIX
    source: Path | None = None  # absolute path to read the bytes from
    role: str = "file"  # featured, pdf, bib, page-resource, file


@dataclass(slots=True)
class Upgrade:
    """One era rule applied by the reader, enough to undo it (see mappings/hugo.yaml `eras`)."""

    rule: str
    old: KeyPath
    new: KeyPath
    index: int  # position of the old key in its parent map
    old_value: Any = None  # set when the value itself was changed (numeric publication types)
    value_changed: bool = False


class SourceChanged(ConversionError):
    """A page's file that no longer holds the bytes it was read with: its `raw` is gone."""


def raw_digest(raw: bytes) -> bytes:
    """What tells a file's bytes from others of the same size (`SourceInfo.is_raw`)."""
    return hashlib.blake2b(raw, digest_size=16).digest()


class SourceInfo:
    """Where a page was read from, and everything needed to write it back unchanged.

    Held for every page while a site is converted, so it holds none of the file: `raw`, the
    file's bytes, is read again from the file when asked (`root`, the site root, given), and
    `comments`, when they are those of `raw`'s front matter as the parser gives them
    (`comments=None`), are parsed from `raw` again when asked (no conversion asks: a writer
    works from the page's own). A file that no longer holds the bytes read (changed or gone
    since: told by its size and digest, taken when it was read) raises `SourceChanged` rather
    than give other bytes as the page's. A source made without a `root` (a page built in
    memory) keeps its bytes: the part before the body when the rest is the page's body
    (`body`, the page's own string, encoded again when `raw` is asked for), else all of them.
    `data`, the front matter as read, are not held either for a page read from a file
    (`forget_data`): parsed from `raw` again when asked, their digest tells a writer
    whether a page's front matter is still them (`is_data`). What `raw`, `data` and
    `comments` give is the same either way (tests/test_source_memory.py)."""

    __slots__ = (
        "_body",
        "_comments",
        "_data",
        "_data_digest",
        "_digest",
        "_head",
        "_root",
        "_size",
        "body_line",
        "comments_format",
        "format",
        "newline",
        "path",
        "prefix",
        "record",
    )

    def __init__(
        self,
        path: str,  # relative to the site root, POSIX
        format: str | None,  # yaml, toml, json, or None (no front matter)
        raw: bytes = b"",
        data: dict[str, Any] | None = None,  # front matter as read, before upgrades
        comments: Comments | None = None,  # keyed by the paths in `data`; None: raw's own
        prefix: str = "",  # BOM and blank lines before the front matter
        newline: str = "\n",
        body_line: int = 1,
        # the keep record file read with the page (converter/sidecar.py), site-relative: the
        # page as written is then not the whole page, and is not copied back without it
        record: str | None = None,
        # the syntax the page's comments are in when not `format`'s: a record gave back a
        # YAML page's commented-out fields after they had been respelled for TOML
        # (commented_syntax.py)
        comments_format: str | None = None,
        *,
        body: str | None = None,  # the page's body as read, when `raw` ends with it
        # the site root `path` is below: `raw` is read again from there when asked, not held
        # (one string shared by a site's sources)
        root: str | None = None,
    ) -> None:
        self.path = path
        self.format = format
        self._data: dict[str, Any] | None = data if data is not None else {}
        self._data_digest: bytes | None = None
        self.prefix = prefix
        self.newline = newline
        self.body_line = body_line
        self.record = record
        self.comments_format = comments_format
        self._comments = comments
        self._root: str | None = None
        self._head: bytes = raw
        self._body: str | None = None
        self._size, self._digest = len(raw), b""
        if root is not None:
            self._root, self._head, self._digest = root, b"", raw_digest(raw)
        elif body:
            tail = body.encode("utf-8")
            if raw.endswith(tail):
                self._head, self._body = raw[: len(raw) - len(tail)], body

    @property
    def raw(self) -> bytes:
        """The file's bytes as read."""
        if self._root is not None:
            return self._read_again(self._root)
        body = self._body
        return self._head if body is None else self._head + body.encode("utf-8")

    @raw.setter
    def raw(self, value: bytes) -> None:
        self._root, self._head, self._body = None, value, None
        self._size, self._digest = len(value), b""

    @property
    def size(self) -> int:
        """`len(raw)`, without reading the file again."""
        return self._size

    def is_raw(self, data: bytes) -> bool:
        """Whether `data` are the bytes read (`data == raw`), told from their size and digest
        when the file is not held: a writer asks it of every page, which would otherwise read
        every file once more."""
        if len(data) != self._size:
            return False
        if self._root is not None:
            return raw_digest(data) == self._digest
        return data == self.raw

    def raw_if_unchanged(self) -> bytes | None:
        """`raw`, or None when the file no longer holds it (a failed page's bytes to keep)."""
        try:
            return self.raw
        except SourceChanged:
            return None

    def _read_again(self, root: str) -> bytes:
        size = self._size
        try:  # a byte more than was read, to see a file grown since (a read per page: lean)
            fd = os.open(os.path.join(root, self.path), os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                data = os.read(fd, size + 1)
                while 0 < len(data) <= size:  # a short read (not seen on a regular file)
                    more = os.read(fd, size + 1 - len(data))
                    if not more:
                        break
                    data += more
            finally:
                os.close(fd)
        except OSError as e:
            raise SourceChanged(
                f"cannot be read again ({e.strerror or e}) since it was read; "
                "convert the site again",
                self.path,
            ) from None
        if len(data) != self._size or raw_digest(data) != self._digest:
            raise SourceChanged(
                "changed since it was read (during the conversion); convert the site again",
                self.path,
            )
        return data

    @property
    def data(self) -> dict[str, Any]:
        """The front matter as read, before upgrades."""
        if self._data is not None:
            return self._data
        from converter.pages import parse_page  # pages reads into this model

        return parse_page(self.raw).data

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self._data, self._data_digest = value, None

    def forget_data(self, data_digest: bytes | None) -> None:
        """Hold no `data` (`data_digest`, their `fields_digest`, tells them apart): they are
        parsed from `raw` again when asked. A writer asks whether a page's front matter is
        still its data (`is_data`) to write an unchanged page as read: the digest tells for
        every page not changed since. (A source read with a keep record or from Org keeps
        its data: they are not what parsing `raw` gives.)"""
        if data_digest is not None and self._root is not None:
            self._data, self._data_digest = None, data_digest

    @property
    def holds_data(self) -> bool:
        return self._data is not None

    def hold_data(self, data: dict[str, Any]) -> None:
        """Hold `data` from now on where they are not held: `data`, the caller's making of
        them (a reader about to replace a page's fields), if their digest says they are, else
        parsed from `raw` again."""
        if self._data is None:
            self.data = data if fields_digest(data) == self._data_digest else self.data

    def is_data(self, data: dict[str, Any]) -> bool:
        """`same(data, self.data)`, told by the digest alone where `data` are not held and
        `data` are they (a page not changed since it was read): not parsed again for it."""
        held = self._data_digest
        if held is not None and fields_digest(data) == held:
            return True
        return same(data, self.data)

    @property
    def comments(self) -> Comments:
        """The front matter's comments as read, keyed by the paths in `data`."""
        if self._comments is not None:
            return self._comments
        from converter.pages import parse_page  # pages reads into this model

        return parse_page(self.raw).comments

    @comments.setter
    def comments(self, value: Comments) -> None:
        self._comments = value

    def _key(self) -> tuple[object, ...]:
        return (
            self.path,
            self.format,
            self.raw,
            self.data,
            self.comments,
            self.prefix,
            self.newline,
            self.body_line,
            self.record,
            self.comments_format,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceInfo):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (
            f"SourceInfo(path={self.path!r}, format={self.format!r}, raw={self.raw!r}, "
            f"data={self.data!r}, comments={self.comments!r}, prefix={self.prefix!r}, "
            f"newline={self.newline!r}, body_line={self.body_line!r}, "
            f"record={self.record!r}, comments_format={self.comments_format!r})"
        )


@dataclass(slots=True)
class Alternate:
    """A page's second body: the R Markdown source (`index.Rmd`, `x.Rmarkdown`) blogdown
    rendered the page's file from. Hugo publishes the rendered file, which is the page; the
    source is what an R user edits and what Quarto can run, so it travels with the page."""

    name: str  # file name relative to the page's folder: index.Rmd, x.Rmarkdown
    head: str  # the file's text before its body: front matter with what surrounds it
    body: str  # R Markdown, chunks and all
    fields: dict[str, Any] = field(default_factory=dict)  # its front matter as read
    raw: bytes = b""  # the file as read (written back as it was while the text is unchanged)
    mtime: float | None = None  # the file's modification time, to tell a stale rendering

    @property
    def text(self) -> str:
        return self.head + self.body

    def data(self) -> bytes:
        """The file's bytes: as read, unless the text was changed since."""
        text = self.text
        if self.raw and self.raw.decode("utf-8", "replace") == text:
            return self.raw
        return text.encode("utf-8")


@dataclass(slots=True)
class Page:
    kind: str
    slug: str
    path: str  # content-relative path, POSIX: "publication/foo/index.md"
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    resources: list[Resource] = field(default_factory=list)
    comments: Comments = field(default_factory=Comments)  # keyed by neutral field paths
    upgrades: list[Upgrade] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None
    bundle: str | None = None  # "leaf", "branch" or None for a flat file
    source: SourceInfo | None = None
    warnings: list[str] = field(default_factory=list)
    alternate: Alternate | None = None  # the R Markdown source of a rendered page
    # a digest of the neutral fields as first read, to tell an edited page from an untouched one
    _read_fields: bytes | None = field(default=None, repr=False, compare=False)
    _read_body: str | None = field(default=None, repr=False, compare=False)

    def snapshot(self) -> None:
        """Remember the page as read, so that anyone can tell whether it was changed since.

        A digest, not a copy: a copy of every page's fields was a tenth of a read site's
        memory, for a question asked of few pages."""
        self._read_fields = fields_digest(self.fields)
        self._read_body = self.body

    @property
    def unchanged(self) -> bool:
        """Fields and body as read: the same keys in the same order, values of the same types
        (1, 1.0 and True differ). A value replaced by an equal one still counts as unchanged;
        one object that appeared twice (a YAML alias) replaced by two equal ones does not."""
        digest = self._read_fields
        return (
            digest is not None
            and self.body == self._read_body
            and fields_digest(self.fields) == digest
        )


def fields_digest(fields: dict[str, Any]) -> bytes | None:
    """A digest of `fields` that changes when a key, its order, a value or a value's type does
    (pickle writes all of these); None for values pickle cannot write (never equal)."""
    try:
        data = pickle.dumps(fields, protocol=5)
    except Exception:
        return None
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class ConfigFile:
    """One site configuration file (config.toml, config/_default/params.yaml, hugo.yaml...)."""

    path: str  # relative to the site root
    format: str  # yaml, toml or json
    data: dict[str, Any]
    comments: Comments
    raw: bytes
    # the keep record (site-relative) it was read with: a config file that a Hugo target
    # wrote in TOML holds no null, its record does (converter/sidecar.py)
    record: str | None = None


@dataclass
class Author:
    slug: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # content/authors/<slug>/_index.md or data/authors/<slug>.yaml


@dataclass
class Problem:
    """A file that could not be read; the rest of the site is still converted."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else f"{self.path}: {self.message}"
        )


@dataclass
class Listing:
    """What a listing widget or block shows: pages of some kinds or folders, filtered,
    ordered by date, `offset` skipped, at most `count` (0: all)."""

    kinds: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    hugo_kinds: list[str] = field(default_factory=list)  # Hugo's `.Kind`: page, section
    count: int = 0
    offset: int = 0
    ascending: bool = False
    featured_only: bool = False
    exclude_featured: bool = False
    exclude_past: bool = False
    exclude_future: bool = False
    tag: str = ""
    category: str = ""
    author: str = ""
    publication_type: str = ""
    # the language of the page that lists (a multilingual site lists its own language's pages)
    lang: str | None = None


@dataclass
class Section:
    kind: str  # biography, markdown, experience, listing, contact... (KINDS); "unknown"
    widget: str  # the widget or block name as the site wrote it
    id: str  # the anchor Academic gave it: the widget file's stem, the block's `id`
    source: str  # where it was read: `home/about.md`, `_index.md#sections[2]`
    title: str = ""
    subtitle: str = ""
    text: str = ""  # Markdown: the widget's body, the block's `content.text`
    author: str | None = None  # the profile a biography shows
    items: list[dict[str, Any]] = field(default_factory=list)  # experience, awards, skills...
    buttons: list[dict[str, str]] = field(default_factory=list)  # {text, url}
    listing: Listing | None = None
    weight: float = 0
    known: bool = True
    data: dict[str, Any] = field(default_factory=dict)  # the widget's front matter, the block
    lang: str | None = None  # the language of the page it is on (a multilingual site)


@dataclass
class Site:
    root: Path
    content_dir: str = "content"
    pages: list[Page] = field(default_factory=list)
    config: list[ConfigFile] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)  # merged site config (title, baseURL...)
    menus: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # every other file, its Hugo site path
    # where a file of `files` really is, when not at root/path (a site read from another
    # convention keeps Hugo's files elsewhere)
    file_sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # what the reader noticed of the site as a whole that read fine all the same (a keep
    # record whose page is gone): said with the conversion's warnings, exit status 0
    warnings: list[str] = field(default_factory=list)
    reader: str = ""
    # widget pages and landing pages (converter/home.py): the folder a page is served from
    # (`home` for Academic's home page, `` for a root landing page) -> its sections in order
    sections: dict[str, list[Section]] = field(default_factory=dict)
    # how the site was published, as the reader found it: github-pages, netlify or ""
    deployment: str = ""

    # (content path without its language folder, lower case, language) -> page; see get_page
    _refs: dict[tuple[str, str | None], Page] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def file_path(self, rel: str) -> Path:
        return self.file_sources.get(rel) or self.root / rel

    def forget_page_index(self) -> None:
        """For a reader that replaced pages after `get_page` was asked."""
        self._refs = None

    def get_page(self, ref: str, lang: str | None = None) -> Page | None:
        """The page Hugo's `site.GetPage` finds for a content path such as `project/foo`: the
        leaf or branch bundle of that folder, or the file of that name, any case, in `lang`
        (else in any language); a draft is no page (Hugo does not build it). The theme's
        `projects:` and `slides:` buttons link only pages found so."""
        if self._refs is None:
            self._refs = {}
            for page in self.pages:
                if page.fields.get("draft") is True:
                    continue
                parts = [p for p in page.path.split("/") if p and p != "."]
                if page.lang and parts and parts[0] == page.lang:
                    parts = parts[1:]
                if not parts:
                    continue
                if page.bundle:
                    parts = parts[:-1]
                else:
                    parts[-1] = parts[-1].rsplit(".", 1)[0]
                key = "/".join(parts).lower()
                self._refs.setdefault((key, page.lang), page)
                self._refs.setdefault((key, None), page)
        key = "/".join(p for p in ref.split("/") if p and p != ".").lower()
        return self._refs.get((key, lang)) or self._refs.get((key, None))

    @property
    def title(self) -> str:
        return str(self.params.get("title", ""))

    @property
    def math_passthrough(self) -> bool:
        """Whether Hugo hands math to MathJax as written (Goldmark's passthrough extension).
        Without it, Goldmark (and Blackfriday before it) reads Markdown escapes inside `$...$`
        first, which is why such sites write `x\\_1` and `\\\\`: MathJax sees `x_1` and `\\`.
        Hugo Blox turns passthrough on in its modules (2024-01); a site's own
        `markup.goldmark.extensions.passthrough.enable` says so either way."""
        markup = self.params.get("markup")
        ext = _dig(markup, "goldmark", "extensions", "passthrough")
        if isinstance(ext, dict) and "enable" in ext:
            return bool(ext["enable"])
        imports = _dig(self.params.get("module"), "imports")
        paths = [i.get("path", "") for i in imports or [] if isinstance(i, dict)]
        return any("hugoblox" in str(p).lower() for p in paths)

    @property
    def base_url(self) -> str:
        return str(self.params.get("baseURL", self.params.get("baseurl", "")))


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
