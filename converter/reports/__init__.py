"""What a conversion did or would do, for a reviewer: text with diffs, JSON, or one HTML file.

`review(result)` sorts a plan into pages, their fields and their changed files once; each
format renders that same review.
"""

from converter.reports.html import html_report
from converter.reports.json import dumps as json_text
from converter.reports.json import json_report, roundtrip_report, schema, schema_path, validate
from converter.reports.model import Review, review, summary
from converter.reports.text import print_brief, print_report, summary_line, unified_diff

__all__ = [
    "Review",
    "html_report",
    "json_report",
    "json_text",
    "print_brief",
    "print_report",
    "review",
    "roundtrip_report",
    "schema",
    "schema_path",
    "summary",
    "summary_line",
    "unified_diff",
    "validate",
]
