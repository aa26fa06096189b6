"""`shown.dates_in` on lowered text finds the dates the ignore-case patterns it replaced
found (and its numeric patterns, looking behind after the first digits, those that looked
behind first), on every page of the fixtures and the real corpora and on odd spellings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converter import shown
from tests.conftest import FIXTURES, corpus_params

_MONTH = shown._MONTH
_REFERENCE = (  # issue 20's patterns, matched with re.I on the text as it is
    re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I),
    re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(\d{4})", re.I),
    re.compile(_MONTH + r",?\s+(\d{4})", re.I),
)


_REFERENCE_NUMERIC = (  # looking behind first: tried at every position
    re.compile(r"(?<!\d)(\d{4})-(\d\d)-(\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})/(\d\d)/(\d\d)(?!\d)"),
)


def reference_dates_in(text: str) -> tuple[set[str], set[str]]:
    days: set[str] = set()
    months: set[str] = set()

    def add(year: str, month: int, day: int | None) -> None:
        if not 1 <= month <= 12:
            return
        months.add(f"{year}-{month:02d}")
        if day is not None and 1 <= day <= 31:
            days.add(f"{year}-{month:02d}-{day:02d}")

    for pattern in _REFERENCE_NUMERIC:
        for y, m, d in pattern.findall(text):
            add(y, int(m), int(d))
    month_day_year, day_month_year, month_year = _REFERENCE
    for name, d, y in month_day_year.findall(text):
        add(y, shown.MONTHS[name.lower()], int(d))
    for d, name, y in day_month_year.findall(text):
        add(y, shown.MONTHS[name.lower()], int(d))
    for name, y in month_year.findall(text):
        add(y, shown.MONTHS[name.lower()], None)
    return days, months


ODD = [
    "Published MARCH 3RD, 2021 and 4 Sept. 2019; see Dec 2020.",
    "dismay 2020, mayday 12 2021, 31st of May 2022, 1 JAN 1999",
    "May 20245 june 1, 2020 July,2020 aug 32, 2020 13 Oct. 2018",
    "2020-13-01 2019/02/30 2021-02-03T10:00 1st Feb 2020 Feb 1st 2020",
    "Ünïcode Ärger: 3 März 2020, 4 mai 2020, Mai 2020, SEPT 9 2011",
    "",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_spellings(text: str) -> None:
    assert shown.dates_in(text) == reference_dates_in(text)


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


def test_every_fixture_page() -> None:
    pages = _pages(FIXTURES)
    assert pages
    found = 0
    for page in pages:
        text = page.read_text("utf-8", errors="replace")
        want = reference_dates_in(text)
        assert shown.dates_in(text) == want, page
        found += bool(want[1])
    assert found  # the fixtures spell dates, so the comparison compared something


@pytest.mark.parametrize("root", corpus_params())
def test_every_corpus_page(root: Path) -> None:
    for page in _pages(root / "content"):
        text = page.read_text("utf-8", errors="replace")
        assert shown.dates_in(text) == reference_dates_in(text), page
