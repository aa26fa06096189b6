"""Font Awesome icons, as Material ships them, for the icon names Academic used (Academicons,
Hugo Blox's names, Font Awesome packs): the buttons and links of home-page widgets."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

_PACKS = {"fab": "brands", "fas": "solid", "far": "regular", "brands": "brands"}
_ICONS = {  # Academicons and Hugo Blox names that Font Awesome has under another name
    "google-scholar": "brands/google-scholar",
    "orcid": "brands/orcid",
    "researchgate": "brands/researchgate",
    "cv": "solid/file-lines",
    "at-symbol": "solid/at",
    "envelope": "solid/envelope",
    "arxiv": "solid/file-lines",
    "x": "brands/x-twitter",
    "twitter": "brands/twitter",
    "linkedin": "brands/linkedin",
    "linkedin-in": "brands/linkedin-in",
    "github": "brands/github",
    "mastodon": "brands/mastodon",
    "bluesky": "brands/bluesky",
    "graduation-cap": "solid/graduation-cap",
}


# a link's text where the profile gave only its icon
LABELS = {
    "envelope": "Email",
    "at-symbol": "Email",
    "github": "GitHub",
    "gitlab": "GitLab",
    "google-scholar": "Google Scholar",
    "orcid": "ORCID",
    "cv": "CV",
    "linkedin": "LinkedIn",
    "linkedin-in": "LinkedIn",
    "stack-overflow": "Stack Overflow",
    "stackoverflow": "Stack Overflow",
    "dblp": "dblp",
    "publons": "Publons",
    "semantic-scholar": "Semantic Scholar",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "researchgate": "ResearchGate",
    "arxiv": "arXiv",
    "x": "X",
    "youtube": "YouTube",
}


@cache
def _icon_dir() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / ".icons"
    return folder if folder.is_dir() else None


def icon(name: str, pack: str = "") -> str:
    """Material's emoji shortcode of a Font Awesome icon (`:fontawesome-brands-github:`), or
    '' when the installed Material has no such icon (or no Material is installed)."""
    name = name.strip().lower()
    if "/" in name:  # Hugo Blox: brands/github, academicons/orcid, hero/...
        pack, name = name.split("/", 1)
    wanted = _ICONS.get(name) or (f"{_PACKS[pack]}/{name}" if pack in _PACKS else f"solid/{name}")
    folder = _icon_dir()
    if folder is None or not (folder / "fontawesome" / f"{wanted}.svg").is_file():
        return ""
    return ":fontawesome-" + wanted.replace("/", "-") + ":"
