"""The fast paths against the libraries whose rules they copy, on every front matter of the
fixtures, with a failure that says which library and which release to look at.

`fastemit` writes ruamel.yaml's bytes, `fastyaml`/`fastload` read what ruamel.yaml reads, and
`fasttoml` writes and reads what tomlkit does, without going through them (the speed work of
issue 9). A fresh install takes the newest release of each library; when a release changes
an output or reading rule, the fast path and its library disagree, and the converter would
write two different files for the same page depending on which path a page took. The
detailed tests (test_perf_*.py) compare the two on generated data and the corpora; this one
answers the question a red CI run after a dependency release asks first: which library, which
version, which fixture file.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

import pytest

from converter.errors import FrontMatterError
from converter.frontmatter import (
    fastemit,
    fastload,
    fasttoml,
    fastyaml,
    lowering,
    tomlcodec,
    yamlcodec,
)
from converter.frontmatter.comments import Comments
from converter.frontmatter.split import split
from converter.frontmatter.values import differences, same
from converter.pages import decode
from tests.conftest import FIXTURES

RUAMEL = f"ruamel.yaml {version('ruamel.yaml')}"
TOMLKIT = f"tomlkit {version('tomlkit')}"
PYYAML = f"PyYAML {version('PyYAML')}"


def _front_matters() -> Iterator[tuple[str, str, str]]:
    """(file, format, text) of every YAML or TOML front matter and config file of the fixtures
    (the bad site's broken ones left out: they test errors, not rules)."""
    for path in sorted(FIXTURES.rglob("*")):
        where = str(path.relative_to(FIXTURES))
        if not path.is_file() or where.startswith("bad-site"):
            continue
        if path.suffix in (".yaml", ".yml", ".toml"):
            yield where, "toml" if path.suffix == ".toml" else "yaml", decode(path.read_bytes())
        elif path.suffix in (".md", ".markdown"):
            try:
                parts = split(decode(path.read_bytes()))
            except Exception:
                continue
            if parts is not None and parts.format in ("yaml", "toml"):
                yield where, parts.format, parts.text


def _readable(fmt: str, text: str) -> bool:
    try:
        (yamlcodec.load if fmt == "yaml" else tomlcodec.load)(text)
    except FrontMatterError:  # a data file that is a list, say: not front matter
        return False
    return True


FRONT_MATTERS = [(w, fmt, text) for w, fmt, text in _front_matters() if _readable(fmt, text)]


def _declined(*args: Any, **kwargs: Any) -> Any:
    raise fastyaml.Fallback


def _disagreement(fast: str, library: str, where: str, detail: object) -> str:
    return (
        f"{fast} and {library} disagree on fixtures/{where}: {detail}. The fast path copies "
        f"{library.split()[0]}'s rules, which this release seems to have changed: update "
        f"{fast} to the new rules, or give {library.split()[0]} an upper bound below "
        f"{library.split()[1]} in pyproject.toml, saying why"
    )


def _loaded(fmt: str) -> list[tuple[str, dict[str, Any], Comments]]:
    load = yamlcodec.load if fmt == "yaml" else tomlcodec.load
    return [(where, *load(text)) for where, f, text in FRONT_MATTERS if f == fmt]


def test_the_fixtures_hold_front_matter_of_both_formats() -> None:
    formats = [fmt for _, fmt, _ in FRONT_MATTERS]
    assert formats.count("yaml") > 40 and formats.count("toml") > 15


def test_yaml_read_by_libyaml_and_in_one_walk_is_what_ruamel_yaml_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast_taken = 0
    for where, fmt, text in FRONT_MATTERS:
        if fmt != "yaml":
            continue
        quick_data, quick_comments = yamlcodec.load(text)  # libyaml composes (fastyaml)
        try:
            walked: tuple[dict[str, Any], Comments] | None = fastload.load(text, [])
            fast_taken += 1
        except fastload.Fallback:
            walked = None
        with monkeypatch.context() as m:
            m.setattr(fastyaml, "compose", _declined)
            data, comments = yamlcodec.load(text)  # ruamel alone
        for name, (got, got_comments) in (
            (f"fastyaml ({PYYAML}'s libyaml)", (quick_data, quick_comments)),
            ("fastload", walked or (data, comments)),
        ):
            assert same(got, data), _disagreement(name, RUAMEL, where, differences(data, got)[:3])
            assert got_comments.canonical(got) == comments.canonical(data), _disagreement(
                name, RUAMEL, where, "comments placed differently"
            )
    assert fast_taken > 30, "fastload read almost nothing: this test would compare nothing"


def test_yaml_written_by_the_fast_emitter_is_ruamel_yamls_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast_taken = 0
    for fmt in ("yaml", "toml"):
        for where, data, comments in _loaded(fmt):
            lowered, placed = lowering.lower("yaml", data, comments)
            try:
                fastemit.dump(lowered, yamlcodec.needs_quotes, yamlcodec._literal_ok, None)
                fast_taken += 1
            except fastyaml.Fallback:
                continue
            fast = yamlcodec.dump(lowered, placed)
            with monkeypatch.context() as m:
                m.setattr(fastemit, "dump", _declined)
                reference = yamlcodec.dump(lowered, placed)
            assert fast == reference, _disagreement(
                "fastemit", RUAMEL, where, _first_difference(reference, fast)
            )
    assert fast_taken > 40, "the fast emitter wrote almost nothing: nothing was compared"


def test_toml_read_without_tomlkit_is_what_tomlkit_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    # the fixtures' own TOML, and the TOML written for every front matter (what a round trip
    # through Hugo-TOML reads back)
    texts = [(where, text) for where, fmt, text in FRONT_MATTERS if fmt == "toml"]
    for fmt in ("yaml", "toml"):
        for where, data, comments in _loaded(fmt):
            lowered, placed = lowering.lower("toml", data, comments)
            texts.append((f"{where}, written as TOML", tomlcodec.dump(lowered, placed)))
    fast_taken = 0
    for where, text in texts:
        try:
            data, comments = fasttoml.load(text)
            fast_taken += 1
        except fasttoml.Fallback:
            continue
        with monkeypatch.context() as m:
            m.setattr(fasttoml, "load", _declined)
            ref_data, ref_comments = tomlcodec.load(text)
        assert same(data, ref_data), _disagreement(
            "fasttoml.load", TOMLKIT, where, differences(ref_data, data)[:3]
        )
        assert comments.canonical(data) == ref_comments.canonical(ref_data), _disagreement(
            "fasttoml.load", TOMLKIT, where, "comments placed differently"
        )
    assert fast_taken > 10, "fasttoml read almost nothing: nothing was compared"


def test_toml_written_without_tomlkit_is_tomlkits_bytes() -> None:
    fast_taken = 0
    for fmt in ("yaml", "toml"):
        for where, data, comments in _loaded(fmt):
            lowered, placed = lowering.lower("toml", data, comments)
            try:
                fast = fasttoml.dump(lowered, placed)
                fast_taken += 1
            except fasttoml.Fallback:
                continue
            reference = tomlcodec.slow_dump(lowered, placed)
            assert fast == reference, _disagreement(
                "fasttoml.dump", TOMLKIT, where, _first_difference(reference, fast)
            )
    assert fast_taken > 40, "fasttoml wrote almost nothing: nothing was compared"


def _first_difference(reference: str, fast: str) -> str:
    ref_lines, fast_lines = reference.split("\n"), fast.split("\n")
    for n, (a, b) in enumerate(zip(ref_lines, fast_lines, strict=False), 1):
        if a != b:
            return f"line {n}: the library writes {a!r}, the fast path {b!r}"
    return f"the library writes {len(ref_lines)} lines, the fast path {len(fast_lines)}"


def test_a_disagreement_names_the_library_its_release_and_the_file() -> None:
    """The message a maintainer reads when a release breaks a fast path (here: one made up)."""
    message = _disagreement("fastemit", RUAMEL, "academic-v5-yaml/content/post/x.md", "line 2: ...")
    assert f"ruamel.yaml {version('ruamel.yaml')}" in message
    assert "fixtures/academic-v5-yaml/content/post/x.md" in message
    assert "upper bound below" in message
