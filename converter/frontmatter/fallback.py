"""`Fallback`: a fast path declining, so that its format's reference path takes the text.

Each format (yamlcodec, tomlcodec) has a reference path through the library whose output is
the definition (ruamel.yaml, tomlkit) and fast paths that give those bytes and values without
the library's cost for the shapes front matter takes. A fast path never guesses: outside what
it covers it raises `Fallback`, and the format's public `load`/`dump` take the reference path.
"""

from __future__ import annotations


class Fallback(Exception):
    """The text or value is for the reference path."""
