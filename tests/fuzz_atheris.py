"""Coverage-guided fuzzing of page parsing with atheris (libFuzzer), outside the test suite.

hypothesis (tests/test_fuzz.py) runs in every test run; this is the optional long run that
lets libFuzzer's coverage feedback look for inputs a grammar of tokens does not think of.
atheris is not a dependency (it is a compiled extension with wheels only for some Pythons):

    pip install atheris
    python tests/fuzz_atheris.py -atheris_runs=200000        # or -max_total_time=600

Every input is fed, as bytes, to the page parser (split + the YAML/TOML/JSON codecs), and the
parsed data is written back in all three formats and read again; its body goes through the
shortcode parser. Any exception other than a ConversionError, and any data that does not come
back the same, is a crash that libFuzzer saves as `crash-*`.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from converter import frontmatter as fm
    from converter.body.shortcodes import parse, serialize
    from converter.errors import ConversionError
    from converter.frontmatter.values import same
    from converter.pages import parse_page


def string_keys(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and string_keys(v) for k, v in value.items())
    if isinstance(value, list):
        return all(string_keys(v) for v in value)
    return True


def one_input(raw: bytes) -> None:
    try:
        page = parse_page(raw)
    except ConversionError:
        return
    doc = parse(page.split.body)
    assert serialize(doc.nodes) == page.split.body
    own = page.split.format
    formats = fm.FORMATS if string_keys(page.data) else ((own,) if own else ())
    for fmt in formats:
        text = fm.dump(fmt, page.data)
        back, _ = fm.load(fmt, text)
        assert same(back, page.data), (fmt, text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
