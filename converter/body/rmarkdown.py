"""R Markdown bodies: knitr chunks to Quarto's form, or to plain code where no R runs.

A knitr chunk opens with ```` ```{r label, echo=FALSE, fig.cap="A plot"} ````. Quarto runs
the same chunk, and wants its options as YAML comments (`#| echo: false`), with `-` for
knitr's `.` (mappings/content/rmarkdown.yaml). An option whose value is an R expression
(`eval=do_it`) stays in the header, where knitr still evaluates it; Quarto passes header
options to knitr as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ruamel.yaml import YAML

from converter.tables import data_file

# ```{r label, opt=value}  (knitr also reads ``` {r} with a space; the fence may be longer)
CHUNK = re.compile(
    r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*\{(?P<engine>[A-Za-z][\w.-]*)"
    r"(?P<options>[^}\n]*)\}[ \t]*$"
)
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?L?$")
_PACKAGE = re.compile(
    r"\b(?:library|require|requireNamespace|pacman::p_load)\(\s*"
    r"(?:package\s*=\s*)?[\"']?([A-Za-z][A-Za-z0-9.]*)[\"']?"
)


@cache
def table() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(
        data_file("content/rmarkdown.yaml").read_text(encoding="utf-8")
    )
    return data


@dataclass
class Chunk:
    """A parsed chunk header: its engine, label and options, each as knitr wrote it."""

    engine: str
    label: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)  # (name, R source)


def split_options(text: str) -> list[str]:
    """`a, b=c(1, 2), d="x, y"` -> its items, commas inside quotes and brackets kept."""
    items: list[str] = []
    depth, quote, start = 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [i.strip() for i in items if i.strip()]


def parse_header(engine: str, options: str) -> Chunk:
    chunk = Chunk(engine)
    for i, item in enumerate(split_options(options)):
        name, eq, value = item.partition("=")
        if not eq:
            if i == 0:
                chunk.label = item.strip("'\"")
            else:
                chunk.options.append((item, ""))
            continue
        name = name.strip()
        if name == "label":
            chunk.label = value.strip().strip("'\"")
        else:
            chunk.options.append((name, value.strip()))
    return chunk


class Expression(Exception):
    """An option value knitr must evaluate: no YAML can say it."""


def r_value(source: str) -> Any:
    """The value of an R literal (TRUE, 3, "a", NULL), or Expression."""
    text = source.strip()
    if text in ("TRUE", "T"):
        return True
    if text in ("FALSE", "F"):
        return False
    if text == "NULL":
        return None
    if _NUMBER.match(text):
        number = text.rstrip("L")
        return int(number) if re.fullmatch(r"-?\d+", number) else float(number)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        inner = text[1:-1]
        if text[0] not in inner.replace("\\" + text[0], ""):
            return inner.replace("\\" + text[0], text[0]).replace("\\\\", "\\")
    raise Expression(text)


def quarto_option(name: str, value: Any) -> tuple[str, Any]:
    rule = table()["chunk_options"].get(name)
    if rule is None:
        return name.replace(".", "-"), value
    values = rule.get("values") or {}
    if isinstance(value, str) and value in values:
        value = values[value]
    return str(rule.get("to", name)), value


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
# plain words YAML 1.1 or 1.2 reads as something other than a string
_NOT_STRINGS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}


def yaml_scalar(value: Any) -> str:
    """A YAML flow scalar: plain where the word reads back as the same string, else JSON's
    spelling, which is YAML's too."""
    if isinstance(value, str) and _PLAIN.match(value) and value.lower() not in _NOT_STRINGS:
        return value
    if isinstance(value, float) and value.is_integer():
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def quarto_header(chunk: Chunk, indent: str, fence: str) -> list[str]:
    """The chunk's opening lines in Quarto's form: ```` ```{r} ```` and `#|` options."""
    kept: list[str] = []
    lines: list[str] = []
    if chunk.label:
        lines.append(f"{indent}#| label: {yaml_scalar(chunk.label)}")
    for name, source in chunk.options:
        try:
            value = r_value(source) if source else True
        except Expression:
            kept.append(f"{name}={source}")
            continue
        key, value = quarto_option(name, value)
        lines.append(f"{indent}#| {key}: {yaml_scalar(value)}")
    header = f"{indent}{fence}{{{chunk.engine}{', ' + ', '.join(kept) if kept else ''}}}"
    return [header, *lines]


@dataclass
class Converted:
    text: str
    chunks: int = 0
    warnings: list[str] = field(default_factory=list)


def _chunks(lines: list[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
    """(opening line, closing line or len(lines), header match) of each chunk."""
    i = 0
    while i < len(lines):
        m = CHUNK.match(lines[i])
        if m is None:
            i += 1
            continue
        fence = m.group("fence")
        end = i + 1
        while end < len(lines):
            stripped = lines[end].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            end += 1
        yield i, end, m
        i = end + 1


def to_quarto(body: str) -> Converted:
    """The body with every chunk header in Quarto's form; the rest as it was."""
    lines = body.split("\n")
    out = Converted("")
    result: list[str] = []
    last = 0
    for start, _end, m in _chunks(lines):
        result += lines[last:start]
        chunk = parse_header(m.group("engine"), m.group("options"))
        result += quarto_header(chunk, m.group("indent"), m.group("fence"))
        last = start + 1
        out.chunks += 1
    result += lines[last:]
    out.text = "\n".join(result)
    return out


def to_code(body: str) -> Converted:
    """The body with every chunk a plain code block (```` ```r ````): what a page shows where
    no R runs and no rendering exists. Chunks knitr would not show (`include=FALSE`,
    `echo=FALSE`) are shown too: nothing is lost, and the warning says outputs are missing."""
    lines = body.split("\n")
    out = Converted("")
    for start, _end, m in _chunks(lines):
        lines[start] = f"{m.group('indent')}{m.group('fence')}{m.group('engine').lower()}"
        out.chunks += 1
    out.text = "\n".join(lines)
    if out.chunks:
        out.warnings.append(
            f"R Markdown never rendered: its {out.chunks} code chunk(s) are shown as code, "
            "their outputs (figures, tables, printed results) are missing; render it with "
            "blogdown and convert again, or convert to Quarto, which runs them"
        )
    return out


def packages(body: str) -> list[str]:
    """The R packages the chunks of `body` load (`library()`, `require()`), in order."""
    lines = body.split("\n")
    found: dict[str, None] = {}
    for start, end, m in _chunks(lines):
        if m.group("engine").lower() != "r":
            continue
        for line in lines[start + 1 : end]:
            code = line.split("#", 1)[0]
            for name in _PACKAGE.findall(code):
                found.setdefault(name, None)
    return list(found)


def quarto_format(output: Any) -> tuple[Any, list[str]]:
    """An rmarkdown `output:` value as Quarto's `format:` (None: nothing to say), and what
    could not be said."""
    formats: dict[str, str] = table()["output_formats"]
    options: dict[str, str] = table()["format_options"]
    if isinstance(output, str):
        items: dict[str, Any] = {output: None}
    elif isinstance(output, dict):
        items = {str(k): v for k, v in output.items()}
    elif isinstance(output, list):
        items = {str(k): None for k in output}
    else:
        return None, []
    out: dict[str, Any] = {}
    left: list[str] = []
    for name, opts in items.items():
        fmt = formats.get(name)
        if fmt is None:
            left.append(f"output format {name} has no Quarto format; left out of `format`")
            continue
        mapped: dict[str, Any] = {}
        for key, value in (opts or {}).items() if isinstance(opts, dict) else []:
            if key in options:
                mapped[options[key]] = value
            else:
                left.append(f"output option {name}: {key} has no Quarto option; left out")
        out.setdefault(fmt, mapped or "default")
    if not out:
        return None, left
    if all(v == "default" for v in out.values()) and len(out) == 1:
        return next(iter(out)), left
    return out, left
