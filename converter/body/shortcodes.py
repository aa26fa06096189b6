"""Parse Hugo shortcodes in a page body into a tree, and write the tree back.

Hugo expands shortcodes before Markdown, so in a body they are the structure every other
engine misreads. The parser keeps every byte: `serialize(parse(text)) == text` for any text,
broken calls included, so a writer can rewrite the calls it knows and leave the rest exactly
as written. Calls inside fenced code and inline code are not calls (they document shortcodes),
and neither are escaped ones (`{{</* figure */>}}`), which Hugo prints literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Text:
    text: str


@dataclass
class Code:
    """A fenced block or an inline code span: no shortcode inside is a call."""

    text: str


@dataclass
class Escaped:
    """`{{</* name */>}}`: Hugo prints it as `{{< name >}}`."""

    text: str
    line: int = 0  # 1-based line of the body it starts on (0: not known)

    @property
    def printed(self) -> str:
        """What Hugo shows for it: the call without the comment markers."""
        return re.sub(
            r"^\{\{([<%])/\*\s?", r"{{\1 ", re.sub(r"\s?\*/([>%])\}\}$", r" \1}}", self.text)
        )


@dataclass
class Param:
    name: str | None  # None for a positional parameter
    value: str
    quote: str = ""  # '"', "'", '`' or '' (bare)


@dataclass
class Shortcode:
    name: str
    delim: str  # "<" for {{< >}}, "%" for {{% %}}
    params: list[Param] = field(default_factory=list)
    children: list[object] | None = None  # None: no closing tag; a list: paired
    self_closing: bool = False  # {{< x />}}
    raw_open: str = ""
    raw_close: str = ""
    line: int = 0

    def get(self, name: str | int, default: str | None = None) -> str | None:
        """A named parameter, or the n-th positional one, as Hugo's `.Get` does."""
        if isinstance(name, int):
            positional = [p.value for p in self.params if p.name is None]
            return positional[name] if name < len(positional) else default
        for p in self.params:
            if p.name == name:
                return p.value
        return default

    @property
    def inner(self) -> str:
        return serialize(self.children or [])

    @property
    def paired(self) -> bool:
        return self.children is not None


@dataclass
class Document:
    nodes: list[object]
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[object]:
        yield from walk(self.nodes)

    def shortcodes(self) -> Iterator[Shortcode]:
        return (n for n in self.walk() if isinstance(n, Shortcode))


def walk(nodes: list[object]) -> Iterator[object]:
    for node in nodes:
        yield node
        if isinstance(node, Shortcode) and node.children:
            yield from walk(node.children)


# a backtick fence's info string has no backtick: "```a, b```" is a code span (CommonMark)
_FENCE = re.compile(r"^[ \t]*(`{3,}(?=[^`\n]*$)|~{3,})", re.MULTILINE)
_OPEN = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")


_CALL_EXTENT = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)


def _mask_calls(text: str) -> str:
    """`text` with backticks inside shortcode calls blanked: a raw-string parameter
    (text=`a b`) is not inline code."""
    return _CALL_EXTENT.sub(lambda m: m.group(0).replace("`", "\x00"), text)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of fenced code blocks and inline code spans, in order."""
    spans: list[tuple[int, int]] = []
    masked = _mask_calls(text)
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        fence_start = m.start() if m else len(text)
        spans.extend(_inline_spans(masked, pos, fence_start))
        if not m:
            break
        fence = m.group(1)
        line_end = text.find("\n", m.end())
        if line_end == -1:
            spans.append((m.start(), len(text)))
            break
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        c = closer.search(text, line_end + 1)
        end = c.end() if c else len(text)
        spans.append((m.start(), end))
        pos = end
    return spans


def _inline_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    i = start
    while i < end:
        j = text.find("`", i, end)
        if j == -1:
            break
        k = j
        while k < end and text[k] == "`":
            k += 1
        ticks = text[j:k]
        close = re.compile(rf"(?<!`){ticks}(?!`)")
        c = close.search(text, k, end)
        if c is None or "\n\n" in text[k : c.start()]:
            i = k
            continue
        spans.append((j, c.end()))
        i = c.end()
    return spans


@dataclass
class _Token:
    kind: str  # text, code, escaped, open, close
    start: int
    end: int
    call: Shortcode | None = None
    name: str = ""


def _scan_call(text: str, start: int) -> tuple[str, int, Shortcode | None, str] | None:
    """Parse the call at `start` (`{{<` or `{{%`): (kind, end, call, closing-name) or None."""
    delim = text[start + 2]
    close_mark = ">}}" if delim == "<" else "%}}"
    i = start + 3
    if text.startswith("/*", i):
        end = text.find("*/" + close_mark, i)
        if end == -1:
            return None
        return "escaped", end + 2 + len(close_mark), None, ""
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    closing = i < n and text[i] == "/"
    if closing:
        i += 1
        while i < n and text[i] in " \t":
            i += 1
    m = _NAME.match(text, i)
    if not m:
        return None
    name = m.group(0)
    i = m.end()
    params: list[Param] = []
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if text.startswith(close_mark, i):
            end = i + len(close_mark)
            break
        if text.startswith("/" + close_mark, i):
            end = i + 1 + len(close_mark)
            if closing:
                return None
            call = Shortcode(name, delim, params, None, True, text[start:end])
            return "open", end, call, ""
        if i >= n or text.startswith("{{", i):
            return None  # the next call starts before this one ended
        key = None
        km = re.compile(r"([A-Za-z0-9_-]+)\s*=\s*").match(text, i)
        if km and not closing:
            key = km.group(1)
            i = km.end()
        value, i, quote = _value(text, i, close_mark)
        if value is None:
            return None
        params.append(Param(key, value, quote))
    else:
        return None
    if closing:
        return "close", end, None, name
    return "open", end, Shortcode(name, delim, params, None, False, text[start:end]), ""


def _value(text: str, i: int, close_mark: str) -> tuple[str | None, int, str]:
    if i >= len(text):
        return None, i, ""
    q = text[i]
    if q in "\"'`":
        j = i + 1
        out = []
        while j < len(text):
            ch = text[j]
            if ch == "\\" and q != "`" and j + 1 < len(text) and text[j + 1] in (q, "\\"):
                out.append(text[j + 1])
                j += 2
                continue
            if ch == q:
                return "".join(out), j + 1, q
            out.append(ch)
            j += 1
        return None, i, ""
    j = i
    while j < len(text) and text[j] not in " \t\r\n" and not text.startswith(close_mark, j):
        if text.startswith("/" + close_mark, j):
            break
        j += 1
    if j == i:
        return None, i, ""
    return text[i:j], j, ""


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse(text: str) -> Document:
    """The shortcode tree of a body. Never raises: what cannot be parsed stays text."""
    tokens: list[_Token] = []
    warnings: list[str] = []
    pos = 0
    for code_start, code_end in [*_code_spans(text), (len(text), len(text))]:
        i = pos
        while True:
            m = _OPEN.search(text, i, code_start)
            if not m:
                break
            scanned = _scan_call(text, m.start())
            if scanned is None or scanned[1] > code_start:
                warnings.append(
                    f"line {_line(text, m.start())}: a shortcode call that never closes or "
                    f"cannot be read; kept as text: {text[m.start() : m.start() + 40]!r}"
                )
                i = m.end()
                continue
            kind, end, call, closing_name = scanned
            if m.start() > pos:
                tokens.append(_Token("text", pos, m.start()))
            if call is not None:
                call.line = _line(text, m.start())
            tokens.append(_Token(kind, m.start(), end, call, closing_name))
            pos = i = end
        if code_start > pos:
            tokens.append(_Token("text", pos, code_start))
        if code_end > code_start:
            tokens.append(_Token("code", code_start, code_end))
        pos = max(pos, code_end)
    return Document(_build(text, tokens, warnings), warnings)


MAX_NESTING = 100  # paired calls inside paired calls; real bodies nest two or three


def _build(text: str, tokens: list[_Token], warnings: list[str]) -> list[object]:
    root: list[object] = []
    stack: list[tuple[Shortcode, list[object]]] = []  # open calls, and the list holding each
    too_deep = False

    def current() -> list[object]:
        if not stack:
            return root
        children = stack[-1][0].children
        assert children is not None
        return children

    for tok in tokens:
        raw = text[tok.start : tok.end]
        if tok.kind == "text":
            current().append(Text(raw))
        elif tok.kind == "code":
            current().append(Code(raw))
        elif tok.kind == "escaped":
            current().append(Escaped(raw, _line(text, tok.start)))
        elif tok.kind == "open":
            assert tok.call is not None
            container = current()
            container.append(tok.call)
            if len(stack) >= MAX_NESTING and not tok.call.self_closing:
                # every walk of the tree recurses: a body of thousands of nested calls would
                # crash each writer (RecursionError); deeper calls stand alone, kept as written
                if not too_deep:
                    warnings.append(
                        f"line {_line(text, tok.start)}: shortcode calls nested more than "
                        f"{MAX_NESTING} deep; the deeper ones read as standing alone"
                    )
                too_deep = True
            elif not tok.call.self_closing:
                tok.call.children = []
                stack.append((tok.call, container))
        else:  # a closing tag
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if stack[d][0].name == tok.name), None
            )
            if depth is None:
                warnings.append(
                    f"line {_line(text, tok.start)}: closing {raw.strip()!r} has no opening "
                    "call; kept as text"
                )
                current().append(Text(raw))
                continue
            while len(stack) > depth + 1:  # opened after the matching call, never closed
                _unpair(*stack.pop())
            call, _ = stack.pop()
            call.raw_close = raw
    while stack:
        _unpair(*stack.pop())
    return root


def _unpair(call: Shortcode, parent: list[object]) -> None:
    """A call with no closing tag stands alone; what followed it goes back beside it."""
    children = call.children or []
    call.children = None
    parent.extend(children)


def serialize(nodes: list[object]) -> str:
    """The exact text the nodes were parsed from (or, for edited nodes, their text)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Shortcode):
            out.append(node.raw_open or canonical_call(node))
            if node.children is not None:
                out.append(serialize(node.children))
                out.append(node.raw_close or f"{{{{{node.delim} /{node.name} {_mark(node)}}}}}")
        else:
            out.append(node.text)  # type: ignore[attr-defined]
    return "".join(out)


def _mark(call: Shortcode) -> str:
    return ">" if call.delim == "<" else "%"


def canonical_call(call: Shortcode) -> str:
    """A call's opening tag in one spelling: `{{< name a="b" "c" >}}`, whatever the quoting."""
    parts = [call.name]
    for p in call.params:
        value = '"' + p.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        parts.append(f"{p.name}={value}" if p.name else value)
    end = f" /{_mark(call)}" if call.self_closing else f" {_mark(call)}"
    return f"{{{{{call.delim} {' '.join(parts)}{end}}}}}"


def canonical(nodes: list[object]) -> str:
    """The text with every call respelled by `canonical_call`: equal for equivalent bodies."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Shortcode):
            out.append(canonical_call(node))
            if node.children is not None:
                out.append(canonical(node.children))
                out.append(f"{{{{{node.delim} /{node.name} {_mark(node)}}}}}")
        else:
            out.append(node.text)  # type: ignore[attr-defined]
    return "".join(out)
