"""The JSON report: DESIGN's documented object, checked against the schema shipped beside it.

Fields beyond DESIGN's shape (`kind`, `renamed`, `dry_run`...) are additions a consumer may
ignore; the schema says which keys every report has, so a script can rely on them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from converter.plan import PageReport
from converter.reports.model import PageEntry, Review, split_mapped
from converter.roundtrip import TripResult

SCHEMA_FILE = "report.schema.json"


def schema_path() -> Path:
    return Path(str(resources.files("converter.reports").joinpath(SCHEMA_FILE)))


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return data


def validate(report: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` if `report` is not a report of the documented shape."""
    import jsonschema  # here: a run that validates no report does not pay for its import

    jsonschema.validate(report, schema())


def page_json(p: PageReport, kind: str | None = None) -> dict[str, Any]:
    """One page of the JSON report, in the documented shape (plus `kind` and `renamed`)."""
    return {
        "source": p.source,
        "outputs": p.outputs,
        "status": p.status,
        "kind": kind,
        "mapped": p.mapped,
        "renamed": split_mapped(p.mapped)[1],
        "kept": p.kept,
        "dropped": p.dropped,
        "hidden": p.hidden,
        "warnings": p.warnings,
        "error": p.error,
    }


def _entry_json(entry: PageEntry) -> dict[str, Any]:
    """A page of a convert report: `mapped` lists every field the target expresses, the
    ones it spells the same too (writers list only those a rule moved)."""
    data = page_json(entry.report, entry.kind)
    data["mapped"] = entry.same + [f"{old} -> {new}" for old, new in entry.renamed.items()]
    return data


def json_report(review: Review) -> dict[str, Any]:
    result = review.result
    return {
        "source": str(result.site.root),
        "target": result.plan.target,
        "dry_run": result.dry_run,
        "out": str(result.out) if result.out else None,
        "summary": review.summary,
        "pages": [_entry_json(p) for p in review.pages],
        "warnings": result.plan.warnings,
        "notes": result.plan.notes,
    }


def roundtrip_report(trip: TripResult, via: str) -> dict[str, Any]:
    """The JSON object of `roundtrip`: the convert shape, plus `equal` and the differences."""
    by_source = {t.source: t for t in trip.pages}
    pages: list[dict[str, Any]] = []
    for p in trip.plan.pages:
        t = by_source.get(p.source)
        entry = page_json(p)
        entry["warnings"] = p.warnings + (t.warnings if t else [])
        pages.append(
            {
                **entry,
                "equal": bool(t and t.equal),
                "differences": [
                    {"field": d.field, "before": d.before, "after": d.after}
                    for d in (t.differences if t else [])
                ],
            }
        )
    return {
        "source": str(trip.site.root),
        "target": via,
        "summary": {
            "pages": len(pages),
            "written": len(trip.plan.actions),
            "warnings": sum(len(p["warnings"]) for p in pages),
            "errors": sum(1 for p in pages if p["status"] == "failed"),
            "equal": trip.equal,
            "unequal": sum(1 for p in pages if not p["equal"]),
        },
        "pages": pages,
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
