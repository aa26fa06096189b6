"""The shortcode parser: every call form, code left alone, never a lost byte."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from converter.body.shortcodes import Code, Escaped, Shortcode, canonical, parse, serialize


def calls(text: str) -> list[Shortcode]:
    return list(parse(text).shortcodes())


def test_both_delimiters_paired_and_nested():
    text = "{{% callout note %}}\nSee {{< hl >}}this{{< /hl >}}.\n{{% /callout %}}\n"
    (callout, hl) = calls(text)
    assert (callout.name, callout.delim, callout.get(0)) == ("callout", "%", "note")
    assert callout.paired and "{{< hl >}}" in callout.inner
    assert (hl.name, hl.delim, hl.inner) == ("hl", "<", "this")


def test_named_positional_and_quoted_parameters():
    (fig,) = calls('{{< figure src="a.png" caption="A \\"q\\" cap" numbered=true >}}')
    assert (
        fig.get("src") == "a.png"
        and fig.get("caption") == 'A "q" cap'
        and fig.get("numbered") == "true"
    )
    (yt,) = calls("{{< youtube w7Ft2ymGmfc >}}")
    assert yt.get(0) == "w7Ft2ymGmfc" and not yt.paired
    (sp,) = calls('{{< spoiler text=`raw "x" here` >}}in{{< /spoiler >}}')
    assert sp.get("text") == 'raw "x" here' and sp.params[0].quote == "`"
    (b,) = calls("{{< button url='/x' text='Go' />}}")
    assert b.self_closing and b.get("text") == "Go" and b.params[0].quote == "'"


def test_multi_line_calls_and_line_numbers():
    text = 'one\ntwo\n{{< cta cta_text="Go"\n    cta_link="/x"\n    cta_new_tab="true" >}}\n'
    (cta,) = calls(text)
    assert cta.line == 3 and cta.get("cta_new_tab") == "true"


def test_calls_in_code_are_text_and_escaped_calls_stay_literal():
    text = (
        "Use `{{< figure >}}` inline.\n"
        "```markdown\n{{< youtube x >}}\n```\n"
        "~~~\n{{% callout %}}\n~~~\n"
        'Escaped: {{</* figure src="x" */>}} and {{%/* callout note */%}}\n'
    )
    doc = parse(text)
    assert list(doc.shortcodes()) == []
    kinds = [type(n).__name__ for n in doc.nodes]
    assert kinds.count("Code") == 3 and kinds.count("Escaped") == 2
    escaped = [n for n in doc.nodes if isinstance(n, Escaped)]
    assert escaped[0].printed == '{{< figure src="x" >}}'
    assert any(isinstance(n, Code) and "youtube" in n.text for n in doc.nodes)


def test_links_built_from_relref():
    (ref,) = calls('[text]({{< relref "../x/index.md" >}}) and more')
    assert ref.name == "relref" and ref.get(0) == "../x/index.md"


def test_unclosed_and_malformed_calls_warn_with_a_line_and_keep_their_text():
    text = 'ok\n{{< figure src="a.png"\nno end\n\n{{< /spoiler >}}\n'
    doc = parse(text)
    assert serialize(doc.nodes) == text
    assert any(w.startswith("line 2:") and "never closes" in w for w in doc.warnings)
    assert any(w.startswith("line 5:") and "no opening" in w for w in doc.warnings)


def test_an_opening_without_closing_stands_alone():
    text = "{{< toc >}}\n## Heading\n{{< figure src=x >}}\n"
    toc, fig = calls(text)
    assert not toc.paired and not fig.paired
    assert serialize(parse(text).nodes) == text


def test_canonical_form_ignores_spacing_and_quoting():
    a = canonical(parse("{{<figure  src=\"a.png\"   caption='Cap'>}}").nodes)
    b = canonical(parse('{{< figure src=a.png caption="Cap" >}}').nodes)
    assert a == b == '{{< figure src="a.png" caption="Cap" >}}'


fragments = st.lists(
    st.sampled_from(
        [
            "{{<",
            "{{%",
            ">}}",
            "%}}",
            "/>}}",
            "{{< /x >}}",
            "{{< x >}}",
            "{{% y a=1 %}}",
            "{{% /y %}}",
            "{{</*",
            "*/>}}",
            "`",
            "```",
            "\n",
            "~~~",
            '"',
            "'",
            " ",
            "name",
            "=",
            "\\",
            "text",
            "{{< z `q` />}}",
        ]
    )
    | st.text(max_size=5),
    max_size=30,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(fragments)
def test_parse_never_raises_and_never_loses_a_byte(text):
    doc = parse(text)
    assert serialize(doc.nodes) == text
    again = parse(serialize(doc.nodes))
    assert canonical(again.nodes) == canonical(doc.nodes)
