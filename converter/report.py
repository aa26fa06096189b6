"""What a conversion did or would do, as text (with diffs) or as the documented JSON object."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from converter.api import Result
from converter.plan import FileAction, PageReport
from converter.roundtrip import TripResult


def _old_bytes(result: Result, action: FileAction) -> bytes | None:
    if action.origin is None:
        return None
    path = result.site.root / action.origin
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def changed_files(result: Result) -> Iterator[tuple[FileAction, bytes | None]]:
    """Actions that write new text (converted pages and configs) and differ from their source."""
    for action in result.plan.actions:
        if action.content is None:
            continue
        old = _old_bytes(result, action)
        if old == action.content and action.dest == action.origin:
            continue
        yield action, old


def unified_diff(result: Result, action: FileAction, old: bytes | None) -> list[str]:
    before = (old or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    after = (action.content or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(
        difflib.unified_diff(
            before,
            after,
            fromfile=f"a/{action.origin}" if old is not None else "/dev/null",
            tofile=f"b/{action.dest}",
        )
    )
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def summary(result: Result) -> dict[str, int]:
    pages = result.plan.pages
    return {
        "pages": len(pages),
        "written": len(result.written),
        "warnings": sum(len(p.warnings) for p in pages) + len(result.plan.warnings),
        "errors": sum(1 for p in pages if p.status == "failed"),
    }


def json_report(result: Result) -> dict[str, Any]:
    return {
        "source": str(result.site.root),
        "target": result.plan.target,
        "dry_run": result.dry_run,
        "out": str(result.out) if result.out else None,
        "summary": summary(result),
        "pages": [page_json(p) for p in result.plan.pages],
        "warnings": result.plan.warnings,
    }


def page_json(p: PageReport) -> dict[str, Any]:
    """One page of the JSON report, in the documented shape."""
    return {
        "source": p.source,
        "outputs": p.outputs,
        "status": p.status,
        "mapped": p.mapped,
        "kept": p.kept,
        "dropped": p.dropped,
        "warnings": p.warnings,
        "error": p.error,
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


def summary_line(result: Result) -> str:
    s = summary(result)
    by_status: dict[str, int] = {}
    for p in result.plan.pages:
        by_status[p.status] = by_status.get(p.status, 0) + 1
    parts = [f"{n} {status}" for status, n in sorted(by_status.items())]
    verb = "would write" if result.dry_run else "wrote"
    files = len(result.plan.actions) if result.dry_run else s["written"]
    where = f" to {result.out}" if result.out else ""
    return (
        f"{s['pages']} pages ({', '.join(parts) or 'none'}); {s['warnings']} warnings; "
        f"{s['errors']} errors; {verb} {files} files{where}"
    )
