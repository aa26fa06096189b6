"""Render a body's shortcode tree in a target's own idiom, from the target's table.

Each target's table (`mappings/<target>.yaml`, section `body:`) names, per shortcode, either a
template (see `template.py`) or a block renderer below. What no table knows is kept so that the
target prints it literally (`escape:`), and reported: never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from converter.body.dialects import (
    DIALECT_FIXES,
    ends_in_html_block,
    goldmark_math,
    indented_code_lines,
)
from converter.body.shortcodes import Code, Escaped, Shortcode, Text, parse
from converter.body.template import fill

LinkResolver = Callable[[str], str | None]
SOURCE_LEVEL = {
    "lone_image_inline",
    "kramdown_math",
    "brackets_to_dollars",
    "url_underscores",
    "markdown_in_spans",
    "footnote_labels",
}  # about the author's Markdown, not ours
CODE_LEVEL = {"one_word_fence_info"}  # about the author's code blocks, before Liquid's raw tags
# about "fences" inside an HTML block, which Goldmark passes through as raw text
RAW_LEVEL = {"raw_fences"}


@dataclass
class BodyRules:
    """The `body:` section of a target's mapping table."""

    target: str
    shortcodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    escape: str = "none"  # quarto, liquid, none: how a call nobody knows is kept printable
    more: str | None = None  # what <!--more--> becomes (None: kept as it is)
    alerts: dict[str, Any] | None = None  # how GitHub alerts (> [!NOTE]) are rendered
    fences: dict[str, str] = field(default_factory=dict)  # code fence language -> target's
    dialect: list[str] = field(default_factory=list)  # names in dialects.DIALECT_FIXES
    # the site's Hugo read Markdown escapes inside math (no passthrough): the target, whose
    # math is raw TeX, gets the formula as MathJax saw it in Hugo (`x\_1` is `x_1`)
    math_escapes: bool = False

    @staticmethod
    def from_table(target: str, data: dict[str, Any] | None) -> BodyRules:
        data = data or {}
        return BodyRules(
            target=target,
            shortcodes=dict(data.get("shortcodes") or {}),
            escape=str(data.get("escape", "none")),
            more=data.get("more"),
            alerts=data.get("alerts"),
            fences=dict(data.get("fences") or {}),
            dialect=list(data.get("dialect") or []),
        )


@dataclass
class Rendered:
    text: str
    warnings: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # shortcodes kept literally


@dataclass
class _State:
    rules: BodyRules
    resolve: LinkResolver | None
    out: Rendered
    code_lines: frozenset[int] = frozenset()  # 1-based source lines in indented code blocks


def render_body(body: str, rules: BodyRules, resolve: LinkResolver | None = None) -> Rendered:
    """`body` with every known shortcode in the target's idiom; pure."""
    doc = parse(body)
    state = _State(
        rules,
        resolve,
        Rendered("", list(doc.warnings)),
        indented_code_lines(body) if "{{" in body else frozenset(),
    )
    source_fixes = [DIALECT_FIXES[n] for n in rules.dialect if n in SOURCE_LEVEL]
    for node, raw_math in _author_text(doc.nodes):  # the author's Markdown, before ours
        if rules.math_escapes and not raw_math:
            node.text = goldmark_math(node.text)
        for fix in source_fixes:
            node.text = fix(node.text)
    text = _nodes(doc.nodes, state)
    for name in rules.dialect:
        if name not in SOURCE_LEVEL | CODE_LEVEL | RAW_LEVEL:
            text = DIALECT_FIXES[name](text)
    if rules.alerts:
        text = _github_alerts(text, rules.alerts)
    if rules.more is not None:
        text = re.sub(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", rules.more, text, flags=re.MULTILINE)
    state.out.text = text
    return state.out


def _author_text(nodes: list[object], raw_math: bool = False) -> Iterator[tuple[Text, bool]]:
    """The Text nodes of the body, and whether each is inside `{{< math >}}`, whose content
    Hugo passes to MathJax as written."""
    for node in nodes:
        if isinstance(node, Text):
            yield node, raw_math
        elif isinstance(node, Shortcode) and node.children:
            yield from _author_text(node.children, raw_math or node.name == "math")


def _nodes(nodes: list[object], state: _State) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Shortcode):
            line_so_far = "".join(out).rsplit("\n", 1)[-1]
            indent = line_so_far if not line_so_far.strip() else ""
            out.append(_call(node, state, indent))
        elif isinstance(node, Escaped):
            # in an indented code block the target prints entities as written: code, not text
            shown = node.line not in state.code_lines
            out.append(_escape_literal(node.printed, state.rules.escape, code=not shown))
        elif isinstance(node, Code):
            code = _HUGO_ESCAPE.sub(r"{{\1\2\3}}", node.text)  # as Hugo prints it in code too
            fixes = (CODE_LEVEL | RAW_LEVEL).intersection(state.rules.dialect)
            if fixes and code.lstrip(" \t")[:3] in ("```", "~~~"):
                raw = ends_in_html_block("".join(out))  # a fence there is raw text
                for name in fixes.intersection(RAW_LEVEL if raw else CODE_LEVEL):
                    code = DIALECT_FIXES[name](code)
            out.append(_escape_code(_fence_language(code, state.rules.fences), state.rules.escape))
        else:
            assert isinstance(node, Text)
            text = node.text
            if state.rules.escape == "liquid" and ("{{" in text or "{%" in text):
                text = _liquid_safe(text)  # LaTeX such as x^{{2}}, template examples
            out.append(text)
    return "".join(out)


# `{{</* x */>}}`: Hugo runs shortcodes in code blocks too, so an escaped call is how a page
# shows one there; Hugo prints it without the comment marks, and so must the target
_HUGO_ESCAPE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)


def _liquid_safe(text: str) -> str:
    """Each line holding `{{` or `{%` wrapped in raw tags, so Liquid prints it as written."""
    lines = text.split("\n")
    return "\n".join(
        "{% raw %}" + line + "{% endraw %}" if "{{" in line or "{%" in line else line
        for line in lines
    )


def _spec(name: str, rules: BodyRules) -> dict[str, Any] | None:
    spec = rules.shortcodes.get(name)
    seen = {name}
    while isinstance(spec, dict) and "same_as" in spec:  # alert: {same_as: callout}
        other = str(spec["same_as"])
        if other in seen:
            return None
        seen.add(other)
        spec = {
            **rules.shortcodes.get(other, {}),
            **{k: v for k, v in spec.items() if k != "same_as"},
        }
    return spec if isinstance(spec, dict) else None


def _dedent(text: str, indent: str) -> str:
    if not indent:
        return text
    return "\n".join(
        line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")
        for line in text.split("\n")
    )


def _indent(text: str, indent: str) -> str:
    """Every line but the first (which follows the indentation already written) indented."""
    if not indent or "\n" not in text:
        return text
    first, rest = text.split("\n", 1)
    return (
        first
        + "\n"
        + "\n".join(indent + line if line.strip() else line for line in rest.split("\n"))
    )


def _call(call: Shortcode, state: _State, indent: str = "") -> str:
    """A call in the target's idiom; a block inside a list item keeps the item's indentation."""
    return _indent(_render_call(call, state, indent), indent)


def _render_call(call: Shortcode, state: _State, indent: str) -> str:
    spec = _spec(call.name, state.rules)
    inner = _nodes(call.children, state) if call.children is not None else ""
    inner = _dedent(inner, indent)
    if spec is None:
        state.out.unknown.append(call.name)
        state.out.warnings.append(f"line {call.line}: unknown shortcode {call.name!r} kept as text")
        return _keep(call, inner, state.rules.escape)

    def lookup(key: str) -> str | None:
        if key == "inner":
            return inner.strip("\n") if spec.get("strip_inner", True) else inner
        value = call.get(int(key)) if key.isdigit() else call.get(key)
        mapped = (spec.get("map") or {}).get(key)
        return mapped.get(value, value) if mapped and value is not None else value

    if "template" in spec:
        text = fill(str(spec["template"]), lookup)
    else:
        renderer = BLOCKS.get(str(spec.get("block")))
        if renderer is None:
            return _keep(call, inner, state.rules.escape)
        text = renderer(call, inner, spec, state, lookup)
    if spec.get("lossy"):
        state.out.warnings.append(f"line {call.line}: {spec['lossy']}")
    return text


def _keep(call: Shortcode, inner: str, escape: str) -> str:
    """A call nobody knows, written so the target shows it as it was written."""
    opening = _escape_literal(call.raw_open, escape)
    if call.children is None:
        return opening
    return opening + inner + _escape_literal(call.raw_close, escape)


def _escape_literal(text: str, escape: str, shown: bool = True, code: bool = False) -> str:
    """`text` as the target prints it; `shown=False` for text nobody sees (an HTML comment),
    `code=True` for text in a code block, where the target prints entities as written."""
    if escape == "quarto":  # Quarto prints {{{< x >}}} as {{< x >}}
        return re.sub(r"\{\{<(.*?)>\}\}", r"{{{<\1>}}}", text, flags=re.DOTALL)
    if escape == "liquid":
        if "{{" not in text and "{%" not in text:
            return text
        if shown and not code:  # entities, not quotes: kramdown would curl them
            text = text.replace('"', "&quot;").replace("'", "&#39;")
        return "{% raw %}" + text + "{% endraw %}"
    return text


def _escape_code(text: str, escape: str) -> str:
    """Code that shows a shortcode must still show it: Quarto and Liquid both read code too."""
    if escape == "quarto" and "{{<" in text:
        if text.lstrip().startswith(("```", "~~~")):
            return re.sub(
                r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*\{?\.?([\w+-]*)\}?[ \t]*$",
                _fence_no_shortcodes,
                text,
                count=1,
                flags=re.MULTILINE,
            )
        return _escape_literal(text, escape)
    if escape == "liquid" and ("{{" in text or "{%" in text):
        return "{% raw %}" + text + "{% endraw %}"
    return text


def _fence_language(text: str, fences: dict[str, str]) -> str:
    """```mermaid -> ```{mermaid} (Quarto runs diagrams as cells); other code unchanged."""
    m = re.match(r"([ \t]*(?:`{3,}|~{3,}))[ \t]*([\w+-]+)[ \t]*\n", text)
    if not m or m.group(2) not in fences:
        return text
    return m.group(1) + fences[m.group(2)] + "\n" + text[m.end() :]


def _fence_no_shortcodes(m: re.Match[str]) -> str:
    lang = m.group(2) or "default"
    return f'{m.group(1)}{{.{lang} shortcodes="false"}}'


# -- block renderers -------------------------------------------------------------------------

Block = Callable[[Shortcode, str, dict[str, Any], _State, Callable[[str], str | None]], str]


def _admonition(
    call: Shortcode,
    inner: str,
    spec: dict[str, Any],
    state: _State,
    lookup: Callable[[str], str | None],
) -> str:
    """Callouts, alerts and spoilers, as the block renderer of a shortcode."""
    kind = str(spec.get("kind") or call.get(0) or spec.get("default_kind", "note"))
    title = call.get(str(spec["title"])) if spec.get("title") else None
    return admonition(spec, kind, inner, title, bool(spec.get("collapse")))


def admonition(
    spec: dict[str, Any], kind: str, inner: str, title: str | None, collapse: bool
) -> str:
    """A boxed block of Markdown in the target's style, maybe collapsed, maybe titled."""
    kinds = spec.get("kinds") or {}
    label = kind.capitalize()  # the author's word for it, for a summary line
    kind = str(kinds.get(kind.lower(), kinds.get("*", kind.lower())))
    body = inner.strip("\n")
    style = spec.get("style")
    if style == "quarto":
        attrs = [f".callout-{kind}"]
        if title:
            attrs.append(f'title="{_quote(title)}"')
        if collapse:
            attrs.append('collapse="true"')
        return f"::: {{{' '.join(attrs)}}}\n{body}\n:::"
    if style == "mkdocs":
        marker = "???" if collapse else "!!!"
        head = f"{marker} {kind}" + (f' "{_quote(title)}"' if title else "")
        indented = "\n".join(("    " + line) if line.strip() else "" for line in body.split("\n"))
        return f"{head}\n\n{indented}\n"
    if style == "html-details" or (style == "html-div" and collapse):
        summary = title or label
        return f'<details markdown="1">\n<summary>{summary}</summary>\n\n{body}\n\n</details>'
    if style == "html-div":
        head = f"**{title}**\n\n" if title else ""  # Minimal Mistakes notices have no title
        return f'<div class="{kind}" markdown="1">\n\n{head}{body}\n\n</div>'
    raise ValueError(f"unknown admonition style {style!r}")


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _link(
    call: Shortcode,
    inner: str,
    spec: dict[str, Any],
    state: _State,
    lookup: Callable[[str], str | None],
) -> str:
    """ref/relref/cite: the page's new address, through the site-wide link map."""
    target = lookup(str(spec.get("param", "0"))) or ""
    resolved = state.resolve(target) if state.resolve else None
    if resolved is None:
        state.out.warnings.append(
            f"line {call.line}: {call.name} to {target!r}: no such page; kept as text"
        )
        return target
    if spec.get("template"):
        return fill(str(spec["template"]), lambda k: resolved if k == "url" else lookup(k))
    return resolved


def _unwrap(
    call: Shortcode,
    inner: str,
    spec: dict[str, Any],
    state: _State,
    lookup: Callable[[str], str | None],
) -> str:
    """The inner text alone, without the line breaks that separated it from the tags."""
    return inner.strip("\n")


def _comment(
    call: Shortcode,
    inner: str,
    spec: dict[str, Any],
    state: _State,
    lookup: Callable[[str], str | None],
) -> str:
    """No equivalent in the target: an HTML comment keeps the call for a person to finish."""
    state.out.warnings.append(
        f"line {call.line}: {call.name} has no equivalent; left as an HTML comment"
    )
    original = call.raw_open + (inner + call.raw_close if call.children is not None else "")
    kept = _escape_literal(original.replace("--", "- -"), state.rules.escape, shown=False)
    return "<!-- hugo: " + kept + " -->"


BLOCKS: dict[str, Block] = {
    "admonition": _admonition,
    "link": _link,
    "unwrap": _unwrap,
    "comment": _comment,
}


# -- GitHub alerts -----------------------------------------------------------------------------

_ALERT = re.compile(
    r"^(?P<indent>[ \t]*)>[ \t]*\[!(?P<kind>[A-Za-z]+)\](?P<fold>[+-]?)[ \t]*(?P<title>.*)\n"
    r"(?P<body>(?:(?P=indent)>.*(?:\n|$))*)",
    re.MULTILINE,
)


def _github_alerts(text: str, spec: dict[str, Any]) -> str:
    """`> [!NOTE] Title` blockquotes (Hugo Blox callouts) as the target's admonitions."""

    def replace(m: re.Match[str]) -> str:
        lines = m.group("body").rstrip("\n").split("\n")
        body = "\n".join(re.sub(r"^[ \t]*>[ \t]?", "", line) for line in lines)
        title = m.group("title").strip() or None
        out = admonition(spec, m.group("kind"), body, title, m.group("fold") in ("+", "-"))
        return out + ("\n" if m.group(0).endswith("\n") else "")

    if "[!" not in text:  # what every alert's first line holds: none here
        return text
    # an alert shown inside a code block (a page documenting alerts) stays code
    out, pos = [], 0
    for fence in _FENCED.finditer(text):
        out += [_ALERT.sub(replace, text[pos : fence.start()]), fence.group(0)]
        pos = fence.end()
    return "".join([*out, _ALERT.sub(replace, text[pos:])])


# a fenced code block, whole
_FENCED = re.compile(
    r"^[ \t]*(?P<f>`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]*(?P=f)[`~]*[ \t]*$", re.MULTILINE
)
