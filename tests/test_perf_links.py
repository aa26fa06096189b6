"""`hugo_url` without pathlib gives the addresses the pathlib version gave, for every page of
the fixtures, the real corpora and a synthetic site, and for odd file names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path, PurePosixPath

import pytest

from converter import read_site
from converter.body import links
from converter.model import Page, Site
from tests.conftest import FIXTURE_SITES, FIXTURES, corpus_params


def _urlize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = re.sub(r"\s+", "-", text)
    return re.sub(r"[^\w\-./~]", "", text)


def _slashes(url: str) -> str:
    url = "/" + url.strip("/")
    return url if url == "/" or PurePosixPath(url).suffix else url + "/"


def reference_hugo_url(page: Page, site: Site) -> str:
    """The pathlib version `hugo_url` replaced (session 4's code), kept as the reference."""
    fields = page.fields
    if isinstance(fields.get("url"), str) and fields["url"]:
        return _slashes(fields["url"])
    parts = list(PurePosixPath(page.path).parts)
    if page.lang and parts and parts[0] == page.lang:
        parts = parts[1:]
    name = parts[-1]
    if page.bundle in ("leaf", "branch"):
        dirs = parts[:-1]
    else:
        dirs = [*parts[:-1], PurePosixPath(name).stem]
    title = str(fields.get("title") or "")
    slug = str(fields.get("slug") or "")
    permalinks = site.params.get("permalinks")
    section = dirs[0] if dirs else ""
    pattern = None
    if isinstance(permalinks, dict) and page.bundle != "branch" and len(dirs) > 1:
        pattern = permalinks.get(section) or permalinks.get(str(fields.get("type", "")))
        if isinstance(pattern, dict):
            pattern = pattern.get("page")
    if isinstance(pattern, str):
        date = page.fields.get("date")
        when = date if isinstance(date, dt.date) else None
        tokens = {
            ":year": f"{when.year:04d}" if when else "",
            ":month": f"{when.month:02d}" if when else "",
            ":day": f"{when.day:02d}" if when else "",
            ":title": _urlize(title),
            ":slug": _urlize(slug or title),
            ":filename": _urlize(dirs[-1]) if dirs else "",
            ":contentbasename": _urlize(dirs[-1]) if dirs else "",
            ":section": _urlize(dirs[0]) if dirs else "",
            ":sections": "/".join(_urlize(d) for d in dirs[:-1]),
        }
        url = re.sub(r":[a-z]+", lambda m: tokens.get(m.group(0), m.group(0)), pattern)
    else:
        if slug and dirs:
            dirs = [*dirs[:-1], slug]
        url = "/" + "/".join(_urlize(d) for d in dirs)
    prefix = links._lang_prefix(page, site)
    return "/" + (prefix + url).strip("/") + "/" if (prefix + url).strip("/") else "/"


def _same_for_every_page(site: Site) -> None:
    assert site.pages
    for page in site.pages:
        assert links.hugo_url(page, site) == reference_hugo_url(page, site), page.path


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_addresses_as_before(name: str) -> None:
    _same_for_every_page(read_site(FIXTURES / name))


@pytest.mark.parametrize("root", corpus_params())
def test_corpus_addresses_as_before(root: Path) -> None:
    _same_for_every_page(read_site(root))


def test_synthetic_addresses_as_before(tmp_path: Path) -> None:
    from bench import synth

    synth.generate(tmp_path / "site", 300, seed=3)
    _same_for_every_page(read_site(tmp_path / "site"))


NAMES = [
    "a.md",
    "index.md",
    "_index.md",
    ".hidden.md",
    "a.b.c.md",
    "x.",
    "..md",
    "a..md",
    "ends.with.dot..",
    "Ünï cödé.md",
    "sp ace.md",
    ".md",
    "a.tar.gz",
]
FIELDS = [
    {},
    {"slug": "My Slug"},
    {"url": "/x/y.html"},
    {"url": "x/./y/"},
    {"url": "/a./"},
    {"url": "//two//"},
    {"title": "T: é!", "date": dt.date(2020, 1, 2)},
    {"url": "."},
]


@pytest.mark.parametrize("folder", ["", "post", "post/./sub", "en/post", "a b/c.d"])
@pytest.mark.parametrize("bundle", [None, "leaf", "branch"])
def test_odd_names_give_the_addresses_pathlib_gave(folder: str, bundle: str | None) -> None:
    site = Site(
        Path("/site"),
        params={"permalinks": {"post": "/:year/:slug/", "sub": "/:sections/:filename/"}},
    )
    for name in NAMES:
        for fields in FIELDS:
            for lang in (None, "en"):
                path = f"{folder}/{name}" if folder else name
                page = Page("post", "s", path, fields=dict(fields), lang=lang, bundle=bundle)
                assert links.hugo_url(page, site) == reference_hugo_url(page, site), (path, fields)
