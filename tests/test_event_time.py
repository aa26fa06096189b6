"""An event's time of day, as the Academic theme printed it beside the dates
(converter/event_time.py): Go's time layouts, all-day events, bare days, the site's and a
language's `time_format`; and the line every target prints."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from converter.cli import main
from converter.event_time import clock, event_times, go_format, time_format, time_line
from tests.conftest import FIXTURES

TEN = dt.time(10, 0)
AFTERNOON = dt.time(15, 4, 5)


@pytest.mark.parametrize(
    ("layout", "t", "shown"),
    [
        ("3:04 PM", TEN, "10:00 AM"),
        ("3:04 PM", AFTERNOON, "3:04 PM"),
        ("15:04", AFTERNOON, "15:04"),
        ("03:04:05 pm", dt.time(0, 7, 9), "12:07:09 am"),
        ("15:04 PM", AFTERNOON, "15:04 PM"),  # a corpus site's own layout, as Hugo writes it
        ("15h04", TEN, "10h00"),
    ],
)
def test_go_layouts(layout, t, shown):
    assert go_format(layout, t) == shown


def test_a_time_only_where_the_date_says_one():
    assert clock("2031-03-14T10:00:00Z") == TEN
    assert clock("2031-03-14 10:00") == TEN
    assert clock(dt.datetime(2031, 3, 14, 15, 4, 5, tzinfo=dt.timezone.utc)) == AFTERNOON
    assert clock("2031-03-14") is None and clock(dt.date(2031, 3, 14)) is None
    assert clock("2031-03-14T25:00:00") is None


def test_event_times_follow_the_theme():
    fields = {"date": "2031-03-14T10:00:00Z", "date_end": "2031-03-14T10:30:00Z"}
    assert event_times(fields, "3:04 PM") == ["10:00 AM", "10:30 AM"]
    assert time_line(event_times(fields, "15:04")) == "10:00 \u2013 10:30"
    assert event_times({**fields, "all_day": True}, "3:04 PM") == []
    assert event_times({**fields, "date_end": "2031-03-15"}, "3:04 PM") == ["10:00 AM"]
    assert event_times({"date": "2031-03-14"}, "3:04 PM") == []
    assert time_line([]) is None


def test_the_site_s_time_format_and_a_language_s_own():
    assert time_format({}) == "3:04 PM"
    assert time_format({"params": {"time_format": "15:04"}}) == "15:04"
    blox = {"params": {"hugoblox": {"locale": {"time_format": "15h04"}}}}
    assert time_format(blox) == "15h04"
    langs = {
        "params": {"time_format": "3:04 PM"},
        "languages": {"ja": {"params": {"time_format": "15:04"}}, "en": {}},
    }
    assert time_format(langs, "ja") == "15:04"
    assert time_format(langs, "en") == "3:04 PM"
    assert time_format(langs) == "3:04 PM"


@pytest.mark.parametrize(
    ("target", "page"),
    [
        ("jekyll", "_talks/2031-03-14-seed-talk.md"),
        ("quarto", "talks/seed-talk/index.qmd"),
        ("mkdocs", "docs/event/seed-talk/index.md"),
    ],
)
def test_every_target_prints_the_seed_talk_s_time(target, page, tmp_path):
    out = tmp_path / target
    args = ["convert", str(FIXTURES / "seed-talk"), "--to", target, "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "**Time:** 10:00 AM \u2013 10:30 AM" in (out / page).read_text()
