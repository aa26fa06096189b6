"""Quarto's about pages: the site's main profile as `about.qmd` and each profile page, with
Quarto's about template (`jolla`): the avatar, the profile's links with Quarto's icons, and
the interests and education the Academic profile showed."""

from __future__ import annotations

import posixpath
from typing import Any

from converter import fieldmap
from converter.model import Author, Page, Site
from converter.pages import parse_page
from converter.plan import FileAction, Plan
from converter.writers.quarto_site import ABOUT
from converter.writers.target import Placement

ABOUT_TEMPLATE = "jolla"


def main_author(site: Site) -> Author | None:
    """The site owner: `admin` (Academic), `me` (Hugo Blox), else the first profile."""
    for slug in ("admin", "me"):
        if slug in site.authors:
            return site.authors[slug]
    return next(iter(site.authors.values()), None)


def profile_about(
    page: Page, placement: Placement, here: str, table: fieldmap.Table | None
) -> dict[str, Any] | None:
    """Quarto's about template for a profile: its avatar and its links."""
    about: dict[str, Any] = {"template": ABOUT_TEMPLATE}
    avatar = next((r for r in page.resources if r.name.startswith("avatar")), None)
    if avatar is not None:
        rdest = placement.resources[(id(page), avatar.name)]
        about["image"] = posixpath.relpath(rdest, here or ".")
    links = social_links(page.fields, table)
    if links:
        about["links"] = links
    return about


def social_links(fields: dict[str, Any], table: fieldmap.Table | None) -> list[dict[str, Any]]:
    """A profile's links as the about template's `links`, with the icons Quarto knows."""
    icons: dict[str, str] = dict((table.data if table else {}).get("icons") or {})
    out: list[dict[str, Any]] = []
    found = fields.get("social") or fields.get("profiles") or fields.get("links") or []
    for item in found if isinstance(found, list) else []:
        if not isinstance(item, dict):
            continue
        link = item.get("link") or item.get("url")
        if not isinstance(link, str) or not link:
            continue
        name = str(item.get("icon") or "link").split("/")[-1]
        entry: dict[str, Any] = {"icon": icons.get(name, name)}
        label = item.get("label") or item.get("name")
        entry["text"] = str(label) if label else name.replace("-", " ").title()
        entry["href"] = link
        out.append(entry)
    return out


def about_page(
    site: Site, plan: Plan, placement: Placement, table: fieldmap.Table | None
) -> tuple[dict[str, Any], str] | None:
    """about.qmd from the main profile, with Quarto's about template."""
    profile = main_author(site)
    if profile is None:
        return None
    page = next((p for p in site.pages if p.kind == "author" and p.slug == profile.slug), None)
    data: dict[str, Any] = {"title": profile.name}
    f = profile.fields
    if isinstance(f.get("role"), str) and f["role"]:
        data["subtitle"] = f["role"]
    about: dict[str, Any] = {"template": ABOUT_TEMPLATE}
    body = ""
    if page is not None:
        avatar = next((r for r in page.resources if r.name.startswith("avatar")), None)
        if avatar is not None:
            about["image"] = placement.resources[(id(page), avatar.name)]
        else:
            about.update(_avatar_copy(site, page, plan, placement))
        dest = placement.dest(page)
        written = next((a for a in plan.actions if a.dest == dest and not a.copies), None)
        content = written.content if written is not None else None
        if content:
            body = parse_page(content).split.body
    links = social_links(f, table)
    if links:
        about["links"] = links
    data["about"] = about
    if not body.strip() and isinstance(f.get("bio"), str):
        body = f["bio"]
    if page is None:  # the profile page's own body already has its facts block
        body = body.rstrip("\n") + "\n" + _profile_lists(f)
    return data, body.lstrip("\n")


def bundle_avatar(site: Site, page: Page) -> str | None:
    """The site file of a profile's `avatar.*` beside its branch bundle's `_index.md`."""
    folder = posixpath.dirname(f"{site.content_dir}/{page.path}")
    return next(
        (
            f
            for f in site.files
            if posixpath.dirname(f) == folder and f.split("/")[-1].startswith("avatar.")
        ),
        None,
    )


def _avatar_copy(site: Site, page: Page, plan: Plan, placement: Placement) -> dict[str, Any]:
    """A branch bundle's avatar is no page resource (Hugo keeps it as a file of the
    bundle folder, so it waits under _hugo_academic, which Quarto does not serve): a copy
    beside the profile page shows it on the about page."""
    rel = bundle_avatar(site, page)
    if rel is None:
        return {}
    dest = posixpath.join(posixpath.dirname(placement.dest(page)), rel.split("/")[-1])
    if any(a.dest == dest for a in plan.actions):
        return {}
    plan.actions.append(FileAction(dest, None, site.file_path(rel), origin=f"{ABOUT}:avatar"))
    return {"image": dest}


def _profile_lists(f: dict[str, Any]) -> str:
    parts: list[str] = []
    interests = [str(i) for i in f.get("interests") or [] if isinstance(i, (str, int))]
    if interests:
        parts.append("## Interests\n\n" + "\n".join(f"- {i}" for i in interests))
    education = f.get("education")
    courses = education.get("courses") if isinstance(education, dict) else education
    lines = []
    for c in courses or []:
        name = c.get("course") or c.get("degree") if isinstance(c, dict) else None
        if isinstance(c, dict) and name:
            bits = [str(name)] + [
                str(c[k]) for k in ("institution", "year") if c.get(k) not in (None, "")
            ]
            lines.append("- " + ", ".join(bits))
    if lines:
        parts.append("## Education\n\n" + "\n".join(lines))
    return "".join(f"\n{p}\n" for p in parts)
