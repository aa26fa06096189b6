"""Check a converted Quarto site the way `quarto render` would, without Quarto.

No Quarto binary can be installed here, so the checks are what Quarto does first with a page:

Front matter
    Quarto validates every key it knows against its schema and stops the render on a wrong
    type ("Validation of YAML front matter failed"); unknown keys pass. The types below are
    quarto-cli's `src/resources/schema/document-attributes.yml` (title, subtitle, abstract,
    doi strings; `date`/`date-modified` a date; `author` an object or string, or a list of
    them; `order` a number), `document-website.yml` (`image` a path or boolean, `image-alt` a
    string, `aliases` a list of strings), `document-metadata.yml` (`description` a string,
    `keywords` a string or list), `document-listing.yml` (`listing` a boolean, string, object
    or a list of them), `document-about.yml` (`about.template` one of five names) and the
    docs for `categories` (a list), `other-links`/`code-links` (items with `text` and `href`)
    and `citation` (a CSL item: `type` a CSL type).

Front matter as pandoc reads it
    Each page's opening block goes to pandoc's `markdown` reader on its own, and the metadata
    keys pandoc finds must be the keys written: pandoc reads no block whose `---` a blank line
    follows, and our own parser would not notice.

Body
    Quarto hands the body to pandoc's `markdown` reader. Every body must parse with no
    warning, every `::: {.callout-*}` must arrive as a Div with that class (an unclosed fence
    or a fence pandoc does not see would print the colons), and no `{{<` may be left but
    Quarto's own shortcodes (an unknown one prints its source into the page). A body that
    opens with the writer's facts block must open with that Div.

pandoc is called once for many bodies (joined with marker comments, split again); a body
that defines footnotes or link references is read alone, since those labels are global.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypandoc

from converter.body.fidelity import join_batch, split_batch
from converter.frontmatter import load as load_front_matter
from converter.pages import parse_page

# docs/authoring/_shortcodes.qmd: the shortcodes Quarto ships
QUARTO_SHORTCODES = {
    "version",
    "var",
    "meta",
    "env",
    "pagebreak",
    "kbd",
    "video",
    "include",
    "embed",
    "placeholder",
    "lipsum",
    "contents",
    "brand",
}
# CSL 1.0.2 item types (citation.type), as Quarto's csl-item schema lists them
CSL_TYPES = {
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
}
ABOUT_TEMPLATES = {"jolla", "trestles", "solana", "marquee", "broadside"}


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _date(v: Any) -> bool:
    # `date` in definitions.yml: a string, or {value, format}; a YAML timestamp is not one
    if isinstance(v, dict):
        return _str(v.get("value"))
    return _str(v)


def _maybe_list(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: check(v) or (isinstance(v, list) and all(check(i) for i in v))


def _list_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, list) and all(check(i) for i in v)


def _link(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and _str(v.get("text"))
        and _str(v.get("href"))
        and _str(v.get("icon", ""))
    )


def _citation(v: Any) -> bool:
    if isinstance(v, bool):
        return True
    if not isinstance(v, dict):
        return False
    if "type" in v and v["type"] not in CSL_TYPES:
        return False
    return all(_str(v[k]) for k in ("container-title", "doi", "url") if k in v)


def _about(v: Any) -> bool:
    if _str(v):
        return v in ABOUT_TEMPLATES
    if not isinstance(v, dict):
        return False
    links = v.get("links", [])
    return (
        v.get("template", "jolla") in ABOUT_TEMPLATES
        and _str(v.get("image", ""))
        and isinstance(links, list)
        and all(isinstance(i, dict) and _str(i.get("href")) for i in links)
    )


def _one_listing(i: Any) -> bool:
    if _str(i):
        return True
    if not isinstance(i, dict):
        return False
    contents = i.get("contents", [])
    contents = [contents] if _str(contents) else contents
    return (
        isinstance(contents, list)
        and all(_str(c) for c in contents)
        and _str(i.get("type", "default"))
        and _str(i.get("sort", ""))
        and isinstance(i.get("fields", []), list)
    )


def _listing(v: Any) -> bool:
    return (
        isinstance(v, bool)
        or _one_listing(v)
        or (isinstance(v, list) and all(_one_listing(i) for i in v))
    )


TYPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "title": ("a string", _str),
    "subtitle": ("a string", _str),
    "description": ("a string", _str),
    "abstract": ("a string", _str),
    "doi": ("a string", _str),
    "date": ("a date string", _date),
    "date-modified": ("a date string", _date),
    "author": (
        "a string, map, or list of them",
        _maybe_list(lambda a: _str(a) or isinstance(a, dict)),
    ),
    "categories": ("a list of strings", _list_of(_str)),
    "keywords": ("a string or list of strings", _maybe_list(_str)),
    "image": ("a path or boolean", lambda v: _str(v) or isinstance(v, bool)),
    "image-alt": ("a string", _str),
    "draft": ("a boolean", lambda v: isinstance(v, bool)),
    "aliases": ("a list of strings", _list_of(_str)),
    "order": ("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    "other-links": ("a list of {text, href, icon}", _list_of(_link)),
    "code-links": ("a list of {text, href, icon}", _list_of(_link)),
    "citation": ("a CSL item (type a CSL type)", _citation),
    "listing": ("a listing", _listing),
    "about": ("an about template", _about),
    "toc": ("a boolean", lambda v: isinstance(v, bool)),
}


def front_matter_problems(data: dict[str, Any]) -> list[str]:
    """Keys Quarto knows whose value is not of the type its schema gives."""
    out = []
    for key, (expected, check) in TYPES.items():
        if key in data and not check(data[key]):
            out.append(f"{key}: {data[key]!r} is not {expected}")
    if isinstance(data.get("author"), (list, dict)):
        authors = data["author"] if isinstance(data["author"], list) else [data["author"]]
        for a in authors:
            if isinstance(a, dict) and not _str(a.get("name")):
                out.append(f"author: {a!r} has no name")
    for key in ("date", "date-modified"):
        if _str(data.get(key)) and not _parses(data[key]):
            out.append(f"{key}: {data[key]!r} is not a form Quarto parses")
    return out


def _parses(text: str) -> bool:
    """docs/reference/dates.qmd: ISO 8601 forms (and a few others, not written here)."""
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


# -- bodies --------------------------------------------------------------------------------

_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:", re.MULTILINE)
# a backtick fence's info string has no backtick: "```a, b```" is a code span (CommonMark)
_FENCE = re.compile(r"^[ \t]*(`{3,}(?=[^`]*$)|~{3,})")
_CALLOUT = re.compile(r"^[ \t]*:{3,}[ \t]*\{[^}\n]*\.callout-[a-z]+")
_CALL = re.compile(r"(?<!\{)\{\{<\s*([A-Za-z][\w-]*)")


@dataclass
class BodyCheck:
    problems: list[str] = field(default_factory=list)


def _pandoc(text: str) -> tuple[list[Any] | None, list[str]]:
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json", "--sandbox"],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=600,
    )
    warnings = [
        line for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()
    ]
    if proc.returncode != 0:
        return None, warnings or [f"pandoc exited {proc.returncode}"]
    return list(json.loads(proc.stdout)["blocks"]), warnings


def _callout_divs(node: Any) -> int:
    if isinstance(node, list):
        return sum(_callout_divs(n) for n in node)
    if not isinstance(node, dict):
        return 0
    count = 0
    if node.get("t") == "Div":
        classes = node["c"][0][1]
        count += any(c.startswith("callout-") for c in classes)
    return count + _callout_divs(node.get("c"))


def _callout_fences(body: str) -> int:
    count, fence = 0, None
    for line in body.splitlines():
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and _CALLOUT.match(line):
            count += 1
    return count


def _shortcode_text(body: str) -> str:
    """The body without code blocks marked `shortcodes="false"`, where Quarto reads none."""
    out, fence, skip = [], None, False
    for line in body.splitlines():
        m = _FENCE.match(line)
        if fence is None and m:
            fence, skip = m.group(1), 'shortcodes="false"' in line
        elif (
            fence is not None
            and line.strip().startswith(fence)
            and not line.strip()[len(fence) :].strip()
        ):
            fence, skip = None, False
            continue
        if not skip:
            out.append(line)
    return "\n".join(out)


def _text_problems(body: str) -> list[str]:
    out = []
    for m in _CALL.finditer(_shortcode_text(body)):
        if m.group(1) not in QUARTO_SHORTCODES:
            out.append(f"shortcode {{{{< {m.group(1)} left in the body: Quarto prints it")
    return out


# a chunk Quarto runs: ```{r}, ```{python label}; its `#|` lines are YAML (quarto.org
# docs/computations/execution-options.qmd: these options are booleans, `output` also `asis`)
_CHUNK = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*\{([A-Za-z][\w.-]*)([^}]*)\}[ \t]*$")
_BOOLEAN_OPTIONS = {"include", "warning", "message", "error", "cache"}


def chunk_problems(body: str) -> list[str]:
    """Executable chunks whose `#|` options are not a YAML map, or give an execution option
    a value of the wrong type; a header option list that does not start with a comma."""
    out: list[str] = []
    lines = body.split("\n")
    for i, line in enumerate(lines):
        m = _CHUNK.match(line)
        if m is None:
            continue
        rest = m.group(3).strip()
        if rest and not rest.startswith(","):
            out.append(f"line {i + 1}: chunk header {line.strip()!r}: options must follow a comma")
        options = []
        for follow in lines[i + 1 :]:
            if not follow.lstrip().startswith("#|"):
                break
            options.append(follow.lstrip()[2:])
        if not options:
            continue
        try:
            data = load_front_matter("yaml", "\n".join(options))[0]
        except Exception as e:
            out.append(f"line {i + 1}: chunk options are not YAML: {e}")
            continue
        for key, value in data.items():
            if key in _BOOLEAN_OPTIONS and not isinstance(value, bool):
                out.append(f"line {i + 1}: chunk option {key}: {value!r} is not a boolean")
            if key == "output" and value not in (True, False, "asis"):
                out.append(f"line {i + 1}: chunk option output: {value!r}")
            if key in ("echo", "eval") and not isinstance(value, (bool, list, str)):
                out.append(f"line {i + 1}: chunk option {key}: {value!r}")
    return out


FACTS_FENCE = "::: {.page-facts}"  # converter/writers/quarto_blocks.py


def _is_facts_div(blocks: list[Any]) -> bool:
    return bool(blocks) and blocks[0].get("t") == "Div" and "page-facts" in blocks[0]["c"][0][1]


def check_bodies(bodies: list[str], batch: int = 60) -> list[BodyCheck]:
    """Each body as pandoc's markdown reader (Quarto's) reads it."""
    results = [BodyCheck(_text_problems(b)) for b in bodies]
    parsed: dict[int, tuple[list[Any] | None, list[str]]] = {}
    alone = [i for i, b in enumerate(bodies) if _DEFINITION.search(b)]
    together = [i for i in range(len(bodies)) if i not in set(alone)]
    chunks = [together[s : s + batch] for s in range(0, len(together), batch)]

    def run_chunk(chunk: list[int]) -> dict[int, tuple[list[Any] | None, list[str]]]:
        blocks, warnings = _pandoc(join_batch([bodies[i] for i in chunk]))
        parts = split_batch(blocks, len(chunk)) if blocks is not None else None
        if parts is None or warnings:  # find which body it was: read them one by one
            return {i: _pandoc(bodies[i]) for i in chunk}
        return {i: (part, []) for i, part in zip(chunk, parts, strict=True)}

    with ThreadPoolExecutor(max_workers=8) as pool:  # pandoc runs in its own process
        for i, result in zip(alone, pool.map(lambda i: _pandoc(bodies[i]), alone), strict=True):
            parsed[i] = result
        for chunk_parsed in pool.map(run_chunk, chunks):
            parsed.update(chunk_parsed)
    for i, (blocks, warnings) in parsed.items():
        results[i].problems += [f"pandoc: {w}" for w in warnings]
        if blocks is None:
            continue
        if bodies[i].startswith(FACTS_FENCE) and not _is_facts_div(blocks[:1]):
            results[i].problems.append("the facts block is no Div after pandoc: its colons show")
        fences, divs = _callout_fences(bodies[i]), _callout_divs(blocks)
        if fences != divs:
            results[i].problems.append(
                f"{fences} callout fence(s) but {divs} callout Div(s) after pandoc"
            )
    return results


@dataclass
class SiteCheck:
    pages: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)  # file -> problems


def _pandoc_meta_keys(front: str) -> set[str] | None:
    """The metadata keys pandoc's `markdown` reader finds in a page's opening block (what
    Quarto gets), or None when pandoc cannot read it."""
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json", "--sandbox"],
        input=front.encode("utf-8"),
        capture_output=True,
        timeout=600,
    )
    if proc.returncode != 0:
        return None
    return set(json.loads(proc.stdout)["meta"])


def metadata_problems(fronts: list[str], datas: list[dict[str, Any]]) -> list[list[str]]:
    """Whether pandoc reads each page's front matter as its metadata, the keys we wrote.

    Our own parser is lenient where pandoc is not: a blank line right after the opening
    `---`, say, and pandoc reads no metadata at all (a rule, then the YAML as text). Each
    page's front matter (its text up to the closing fence, nothing of the body) goes to
    pandoc on its own, since only the first block of a document is its front matter."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        keys = list(pool.map(_pandoc_meta_keys, fronts))
    out: list[list[str]] = []
    for found, data in zip(keys, datas, strict=True):
        wanted = {str(k) for k in data}
        if found is None:
            out.append(["pandoc cannot read the front matter"])
        elif found != wanted:
            missing = sorted(wanted - found)
            out.append([f"pandoc reads no front matter key {missing[:5]} (of {len(wanted)})"])
        else:
            out.append([])
    return out


def check_site(root: Path) -> SiteCheck:
    """Every page Quarto would render in a converted site: front matter types, bodies."""
    result = SiteCheck()
    files = sorted(
        f
        for f in root.rglob("*")
        if f.suffix in (".qmd", ".md")
        and not any(p.startswith(("_", ".")) for p in f.relative_to(root).parts)
    )
    bodies, fronts, datas = [], [], []
    for f in files:
        rel = f.relative_to(root).as_posix()
        raw = f.read_bytes().decode("utf-8")
        parsed = parse_page(raw.encode("utf-8"))
        result.problems[rel] = front_matter_problems(parsed.data)
        result.problems[rel] += chunk_problems(parsed.split.body)
        bodies.append(parsed.split.body)
        if parsed.split.format == "yaml":
            fronts.append(raw[: len(raw) - len(parsed.split.body)])
            datas.append(parsed.data)
        else:
            fronts.append("")
            datas.append({})
    for f, check in zip(files, check_bodies(bodies), strict=True):
        result.problems[f.relative_to(root).as_posix()] += check.problems
    for f, meta in zip(files, metadata_problems(fronts, datas), strict=True):
        result.problems[f.relative_to(root).as_posix()] += meta
    config = root / "_quarto.yml"
    if not config.is_file():
        result.problems["_quarto.yml"] = ["missing"]
    else:
        data, _ = load_front_matter("yaml", config.read_text("utf-8"))
        project = data.get("project") or {}
        if project.get("type") != "website":
            result.problems["_quarto.yml"] = [f"project.type is {project.get('type')!r}"]
    result.problems = {k: v for k, v in result.problems.items() if v}
    result.pages = len(files)
    return result
