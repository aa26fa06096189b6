"""What a visitor gets from a built page: its text (as words), the addresses of its links,
the dates it shows in any spelling; and which of the facts the theme showed it lacks.

The half of the visible-fidelity check that reads pages (converter/visible.py makes the facts
from the Hugo site): one reading for every target's built HTML and every planned page, so a
fact is judged by what it means, not by how it is spelt.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Fact:
    """One thing the theme showed: `show` is "text", "href" or "date"; `value` the text, the
    link's address, or the date as ISO text (`2021-03-04`, or `2021-03` where the theme showed
    the month alone)."""

    field: str  # the neutral field, with an index or key for one item: `links[1]`, `address.city`
    show: str
    value: str
    label: str = ""  # the theme's name for it, where it had one (a button's text)

    def __str__(self) -> str:
        return f"{self.field} ({self.show} {self.value!r})"


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[{\[<&]")  # what each pass below starts from: without it, none acts


def plain_text(value: Any) -> str:
    """What a reader sees of a Markdown value: link and image texts, not their addresses;
    no tags, no shortcode calls (their inner text stays)."""
    text = str(value)
    if not _MARKUP.search(text):  # most values (names, venues, titles): nothing to take out
        return text
    text = _SHORTCODE.sub(" ", text)  # a shortcode's name and options are not shown
    text = _MD_LINK.sub(r"\1", text)
    return htmllib.unescape(_TAG.sub(" ", text))


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased in NFKC: what two spellings of one text share."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def phrase(text: str) -> str:
    """A text's words joined by single spaces: what `Shown.has` looks for, the same for a
    text on every page that shows it (an author's name, a venue), so made once per text."""
    done = _PHRASES.get(text)
    if done is None:
        done = " ".join(words(text))
        if len(text) <= MAX_PHRASE and len(_PHRASES) < MAX_PHRASES:
            _PHRASES[text] = done
    return done


def has_words(text: str) -> bool:
    """`bool(phrase(text))`, without making the phrase of a long text (an abstract), which
    is not kept: the first word found answers."""
    if len(text) <= MAX_PHRASE:
        return bool(phrase(text))
    return _WORD.search(unicodedata.normalize("NFKC", text).casefold()) is not None


_PHRASES: dict[str, str] = {}
MAX_PHRASES = 16384
MAX_PHRASE = 200  # a longer text (an abstract) seldom recurs: not kept


# -- the built page ---------------------------------------------------------------------------


@dataclass
class Shown:
    """What a visitor gets from a built page: its text (as words), link addresses, dates."""

    text: str  # " word word ... " with a space at each end, for whole-word search
    hrefs: list[str]
    days: set[str]  # YYYY-MM-DD of every full date in the text
    months: set[str]  # YYYY-MM of every date, full or not

    def has(self, fact: Fact) -> bool:
        if fact.show == "text":
            wanted = phrase(fact.value)
            return not wanted or f" {wanted} " in self.text
        if fact.show == "date":
            return fact.value in (self.days if len(fact.value) == 10 else self.months)
        if fact.show == "href":
            return any(same_address(fact.value, href) for href in self.hrefs)
        raise ValueError(fact.show)


class _Visible(HTMLParser):
    """The text and links of an HTML page as a browser shows it: nothing of <head>, scripts,
    styles or templates."""

    SKIP = frozenset({"head", "script", "style", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.hrefs.append(value)
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def shown_in_html(page_html: str) -> Shown:
    parser = _Visible()
    parser.feed(page_html)
    parser.close()
    return shown_in_text(" ".join(parser.parts), parser.hrefs)


def shown_in_text(text: str, hrefs: Iterable[str] = ()) -> Shown:
    days, months = dates_in(text)
    return Shown(f" {' '.join(words(text))} ", list(hrefs), days, months)


MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for m in names
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
# "no digit before" asked after the first digits: a look-behind first is tried at every place
_ISO = re.compile(r"(\d\d{3})(?<!\d{5})-(\d\d)-(\d\d)(?!\d)")
_SLASHED = re.compile(r"(\d\d{3})(?<!\d{5})/(\d\d)/(\d\d)(?!\d)")
# Matched against the text lowered, not with re.I: a pattern that starts with an alternation
# of plain letters is scanned for by its first letter, an ignore-case one tried at every
# position, twenty times slower on a long page (see tests/test_perf_visible.py).
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d(?<!\d\d)\d?)(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(\d{4})")
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(\d{4})")
# The two spellings of a numeric date, in one pass over the text: no two of their matches can
# overlap (a match's inner numbers are two digits long), so the pass finds what each found.
_NUMERIC = re.compile(r"(\d\d{3})(?<!\d{5})([-/])(\d\d)\2(\d\d)(?!\d)")
# The two patterns that open with a month's name, spelt backwards for the text reversed, as
# one: they then open with the year's digits, which are rare in text, where the names' first
# letters are in every other word (tried at each, the patterns above cost as much as the rest
# of the visible check). They find the same dates: a match holds one month's name, no name
# ends another, none starts inside a match, and at a year at most one of the two matches (a
# day's digits or suffix, or a month's name, follows its spaces), so every match is found
# either way (see tests/test_perf_plancpu.py). `day` is empty for a month and year.
_NAMES = _MONTH[1 : _MONTH.index(")")].split("|")
_EMAN = "(" + "|".join(name[::-1] for name in _NAMES) + ")"
_RAEY_YAD_HTNOM = re.compile(r"(\d{4})\s+,?(?:(?:ts|dn|dr|ht)?(\d{1,2})\s+\.?|\.?)" + _EMAN)


def dates_in(text: str) -> tuple[set[str], set[str]]:
    """(YYYY-MM-DD of every full date, YYYY-MM of every date) spelt in `text`."""
    days: set[str] = set()
    months: set[str] = set()

    def add(year: str, month: int, day: int | None) -> None:
        if not 1 <= month <= 12:
            return
        months.add(f"{year}-{month:02d}")
        if day is not None and 1 <= day <= 31:
            days.add(f"{year}-{month:02d}-{day:02d}")

    for y, _, m, d in _NUMERIC.findall(text):
        add(y, int(m), int(d))
    lowered = text.lower()
    for y, d, name in _RAEY_YAD_HTNOM.findall(lowered[::-1]):
        add(y[::-1], MONTHS[name[::-1]], int(d[::-1]) if d else None)
    for d, name, y in _DAY_MONTH_YEAR.findall(lowered):
        add(y, MONTHS[name], int(d))
    return days, months


def same_address(value: str, href: str) -> bool:
    """Whether a link to `href` is a link to what the field `value` named: the same URL, or
    for a path or a bundle file (`paper.pdf`), any address that ends with it (the target moved
    the file, or serves the site under another base)."""
    a, b = _address(value), _address(href)
    if not a or not b:
        return False
    if a == b:
        return True
    if "://" in a or a.startswith("mailto:"):
        return False
    return b.endswith("/" + a.lstrip("/")) or b == a.lstrip("/")


def _address(url: str) -> str:
    url = htmllib.unescape(url.strip())
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        url = f"{parts.scheme}://{parts.netloc.lower()}{parts.path}"
        url += f"?{parts.query}" if parts.query else ""
        url += f"#{parts.fragment}" if parts.fragment else ""
    url = unquote(url)
    return url.rstrip("/") if url not in ("/", "") else url


class Spelt:
    """What a planned page shows (`Shown`), its text read lazily: a text fact is first looked
    for as it is spelt (in NFKC, case folded, as `words` reads it), with no word character
    just outside it; only when that fails are the words of the whole text made, once, and the
    fact asked as `Shown.has` asks it. Where the value is found so, its words are whole words
    of the text, one after the other (between two of them the value's own non-word characters),
    so the answer is the same (tests/test_perf_plancpu2.py); most pages show their facts as the
    writer spelt them, and making the words of a long body is most of what the check costs.
    A date is first looked for as ISO spells it (a month as any day of it), between two
    characters that are no digit (where `dates_in` finds it too: no other numeric date can
    overlap it), before every spelling of every date in the text is sought."""

    def __init__(self, text: str, hrefs: list[str]) -> None:
        self.text = text
        self.normal: str | None = None  # what `words` reads, once made
        self.words: str | None = None  # `Shown.text`, once made
        self.dates: tuple[set[str], set[str]] | None = None  # `dates_in(text)`, once made
        self.links = Shown("  ", hrefs, set(), set())

    def has(self, fact: Fact) -> bool:
        if fact.show == "date":
            if self.dates is None:
                if iso_date_in(self.text, fact.value):
                    return True
                self.dates = dates_in(self.text)
            return fact.value in self.dates[0 if len(fact.value) == 10 else 1]
        if fact.show != "text":
            return self.links.has(fact)
        said = unicodedata.normalize("NFKC", fact.value).casefold()
        if not _WORD.search(said):  # no words (an empty phrase): nothing to find
            return True
        if self.words is None:
            if self.normal is None:
                self.normal = unicodedata.normalize("NFKC", self.text).casefold()
            if spelt_in(self.normal, said):
                return True
            self.words = f" {' '.join(_WORD.findall(self.normal))} "
        return f" {phrase(fact.value)} " in self.words


_ISO_DATE = re.compile(r"(\d{4})-(\d\d)(?:-(\d\d))?", re.ASCII)
_DIGIT = re.compile(r"\d")  # what `dates_in`'s patterns take for a digit (any decimal one)


def iso_date_in(text: str, date: str) -> bool:
    """Whether the day `date` (YYYY-MM-DD), or a day of the month `date` (YYYY-MM), is spelt
    so in `text` with no digit on either side: there `_NUMERIC` finds it (a match ending
    inside it would end after two digits that follow a `-`, and none there does)."""
    m = _ISO_DATE.fullmatch(date)
    if m is None or not 1 <= int(m[2]) <= 12 or (m[3] and not 1 <= int(m[3]) <= 31):
        return False
    spelt = date if m[3] else date + "-"  # a month: any two digits after it, as `add` takes
    start = text.find(spelt)
    for _ in range(MAX_TRIES):
        if start < 0:
            return False
        end = start + len(spelt)
        if not m[3]:  # the day's two digits
            end = end + 2 if _DIGIT.match(text, end) and _DIGIT.match(text, end + 1) else -1
        if (
            end > 0
            and (start == 0 or not _DIGIT.match(text, start - 1))
            and (end == len(text) or not _DIGIT.match(text, end))
        ):
            return True
        start = text.find(spelt, start + 1)
    return False


MAX_TRIES = 8  # places where a value is spelt inside other words, before the words are made


def spelt_in(normal: str, value: str) -> bool:
    """Whether `value` is in `normal` with no word character next to a word character of its
    own at either end (a whole word, or the value starts or ends with a non-word character)."""
    start = normal.find(value)
    open_left = not _WORD.match(value)  # starts with a non-word character: nothing to check
    open_right = not _WORD.match(value, len(value) - 1)
    for _ in range(MAX_TRIES):
        if start < 0:
            return False
        end = start + len(value)
        if (open_left or start == 0 or not _WORD.match(normal, start - 1, start)) and (
            open_right or end == len(normal) or not _WORD.match(normal, end, end + 1)
        ):
            return True
        start = normal.find(value, start + 1)
    return False


def hidden(facts: Iterable[Fact], shown: Shown) -> list[Fact]:
    """The facts a visitor of the built page does not see."""
    return [f for f in facts if not shown.has(f)]
