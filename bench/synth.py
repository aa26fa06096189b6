"""A deterministic synthetic Hugo Academic site of any size, for the benchmark.

Real sites have tens to a few hundred pages; the benchmark needs thousands, shaped like the real
ones so that time goes where it goes on a real site: every content kind (posts, publications,
v5 events and v2-era TOML talks, projects, author profiles, slides, plain pages, homepage
widgets), YAML and TOML front matter, pages with comments and pages without (the writers'
fast paths differ), shortcode-rich bodies, inline and display math, code, and internal links
(`ref`/`relref` and root-relative Markdown links) to other pages of the site.

The same `(pages, seed)` always gives the same bytes: a run is repeatable and two machines
compare like with like.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# how many of every 100 pages are of each kind; the rest of the site (config, sections,
# homepage widgets) is fixed
MIX = {
    "post": 30,
    "publication": 24,
    "event": 10,
    "talk": 5,
    "project": 8,
    "slides": 4,
    "author": 3,
    "page": 16,
}
# a 1x1 PNG: bundles have files to place and copy, as real ones do
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f0005000201ffa8c1e7d40000000049454e44ae426082"
)
_TEXT = """
river sediment flow model gravel stonefly riffle estimate survey sample core variance network
graph compiler register loop kernel cache latency benchmark protein sequence alignment corpus
lexicon syntax theorem proof lemma bound climate station rainfall basin flood drought archive
method result data
"""
WORDS = _TEXT.split()
PUB_TYPES = ["paper-conference", "article-journal", "preprint", "report", "thesis", "book"]
STATIC = {
    "config/_default/config.yaml": """\
# Configuration of Hugo (synthetic benchmark site)
title: Synthetic Lab  # Website name
baseURL: 'https://bench.example.org/'
defaultContentLanguage: en
summaryLength: 30
paginate: 10
permalinks:
  event: '/talk/:slug/'
  tags: '/tag/:slug/'
""",
    "config/_default/params.yaml": """\
# Appearance
appearance:
  theme_day: minimal
  font: native
# SEO
site_type: ResearchGroup
description: 'A synthetic site for benchmarking academic-migrate.'
math: true
""",
    "config/_default/menus.yaml": """\
main:
  - name: Posts
    url: '#posts'
    weight: 20
  - name: Publications
    url: '#featured'
    weight: 30
  - name: Talks
    url: '#talks'
    weight: 40
""",
    "content/home/index.md": "---\n# Homepage\ntype: widget_page\nheadless: true\n---\n",
    "content/home/about.md": "---\nwidget: about\nheadless: true\nweight: 20\n"
    "active: true\nauthor: admin\n---\n",
    "content/home/posts.md": '+++\n# Recent posts\nwidget = "collection"\nheadless = true\n'
    'weight = 40\ntitle = "Recent Posts"\n\n[content]\n  page_type = "post"\n'
    "  count = 5\n+++\n",
    "content/post/_index.md": "---\ntitle: Posts\n---\n",
    "content/publication/_index.md": "---\ntitle: Publications\n"
    "# filters for the listing\nview: citation\n---\n",
    "content/event/_index.md": "---\ntitle: Events\n---\n",
    "content/talk/_index.md": '+++\ntitle = "Talks"\n+++\n',
    "content/project/_index.md": "---\ntitle: Projects\n---\n",
    "static/uploads/cv.pdf": "%PDF-1.4\n% synthetic\n",
    # stubs of the theme's shortcodes: `hugo convert` refuses a page whose shortcode has none
    **{
        f"layouts/shortcodes/{name}.html": "{{ .Inner }}\n"
        for name in ("callout", "spoiler", "fragment", "speaker_note")
    },
}


@dataclass(frozen=True)
class SitePage:
    kind: str
    slug: str
    rel: str  # content-relative path of the page file
    url: str  # the address Hugo serves it at
    ref: str  # what a ref shortcode names it by


def plan_pages(n: int, seed: int) -> list[SitePage]:
    """Which page is which: kinds in the MIX proportions, interleaved as a real site's are."""
    rng = random.Random(seed)
    kinds = [k for k, w in MIX.items() for _ in range(w)]
    pages = []
    for i in range(n):
        kind = kinds[(i * 37 + rng.randrange(3)) % len(kinds)]
        slug = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{i}"
        if kind == "author":
            rel, url = f"authors/{slug}/_index.md", f"/author/{slug}/"
        elif kind == "talk":
            rel, url = f"talk/{slug}.md", f"/talk/{slug}/"
        elif kind == "page":
            rel, url = f"{slug}.md", f"/{slug}/"
        elif kind == "post" and i % 3 == 0:
            rel, url = f"post/{slug}.md", f"/post/{slug}/"
        else:
            rel, url = f"{kind}/{slug}/index.md", f"/{'talk' if kind == 'event' else kind}/{slug}/"
        ref = rel.removesuffix("/index.md").removesuffix("/_index.md")
        pages.append(SitePage(kind, slug, rel, url, ref))
    return pages


def _sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 5)))


def body(page: SitePage, pages: list[SitePage], rng: random.Random) -> str:
    """A body of the page's kind: shortcodes, math, code, links to other pages."""
    other = pages[rng.randrange(len(pages))]
    another = pages[rng.randrange(len(pages))]
    parts = [_paragraph(rng)]
    if page.kind == "slides":
        return "\n\n".join(
            [
                "# " + _sentence(rng, 4),
                "---",
                "## Model\n\n$$\\hat{y} = \\beta_0 + \\beta_1 x$$",
                "{{% fragment %}} " + _sentence(rng, 5) + " {{% /fragment %}}",
                "{{% speaker_note %}}\n- " + _sentence(rng, 6) + "\n{{% /speaker_note %}}",
                "---",
                "## Questions?",
            ]
        )
    parts.append("<!--more-->")
    parts.append(f"## {_sentence(rng, 3)[:-1]}")
    parts.append(
        f'As shown in [{other.slug}]({{{{< ref "{other.ref}" >}}}}) and in '
        f"[the earlier work]({another.url}), the estimate $\\sigma^2 / n$ falls with $n$."
    )
    if rng.random() < 0.6:
        parts.append(
            '{{< figure src="featured.png" caption="' + _sentence(rng, 5) + '" numbered="true" >}}'
        )
    if rng.random() < 0.5:
        parts.append("{{% callout note %}}\n" + _paragraph(rng) + "\n{{% /callout %}}")
    parts.append("$$\nn \\geq \\left( \\frac{\\sigma}{\\bar{y}} \\right)^2\n$$")
    if rng.random() < 0.4:
        parts.append("```python\nfor i in range(10):\n    print(i ** 2)\n```")
    if rng.random() < 0.3:
        parts.append("{{< youtube " + f"v{rng.randrange(10**6)}" + " >}}")
    if rng.random() < 0.3:
        parts.append('{{< spoiler text="Details" >}}\n' + _sentence(rng) + "\n{{< /spoiler >}}")
    parts.append(
        "- " + _sentence(rng, 5) + "\n- " + _sentence(rng, 7) + "\n- see {{< relref "
        f'"{another.ref}" >}}}}'
    )
    parts.append(_paragraph(rng))
    return "\n\n".join(parts) + "\n"


def _authors(rng: random.Random, authors: list[SitePage]) -> list[str]:
    names = ["admin"] + [a.slug for a in authors[:50]]
    return sorted(set(rng.sample(names, k=min(len(names), rng.randint(1, 4)))))


def _date(rng: random.Random) -> str:
    return f"20{rng.randint(10, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _commenter(comments: bool) -> Callable[[str], str]:
    """A YAML comment line of its text, or nothing when the site is made without comments."""
    return (lambda text: f"# {text}\n") if comments else (lambda text: "")


def _yaml_list(items: list[str]) -> str:
    return "".join(f"\n  - {item}" for item in items) if items else " []"


def yaml_page(page: SitePage, rng: random.Random, authors: list[SitePage], comments: bool) -> str:
    c = _commenter(comments)
    date = _date(rng)
    title = _sentence(rng, rng.randint(3, 9))[:-1].replace("'", "")
    lines = [f"title: '{title}'"]
    if page.kind == "author":
        lines += [
            f"role: {_sentence(rng, 3)[:-1]}",
            "organizations:\n  - name: Synthetic University\n    url: ''",
            f"bio: {_sentence(rng)}",
            "interests:\n  - Rivers\n  - Benchmarks",
            "social:\n  - icon: envelope\n    icon_pack: fas\n    link: '#contact'",
            "superuser: false",
        ]
        return "---\n" + "\n".join(lines) + "\n---\n"
    lines += [
        f"authors:{_yaml_list(_authors(rng, authors))}",
        c("Date published") + f"date: {date}",
    ]
    if page.kind == "publication":
        lines += [
            f"doi: '10.5555/bench.{rng.randrange(10**6)}'",
            c("Publication type.\n# Enter a publication type from the CSL standard.")
            + f'publication_types: ["{rng.choice(PUB_TYPES)}"]',
            f"publication: '*{rng.choice(WORDS).title()} Letters*, {rng.randint(1, 40)}'",
            f"abstract: |\n  {_paragraph(rng)}\n  With $x^2$ inline.",
            "url_pdf: ''",
            f"url_code: 'https://github.com/example/{page.slug}'",
        ]
    elif page.kind == "event":
        lines += [
            f"event: {_sentence(rng, 4)[:-1]}",
            "event_url: https://example.org/event",
            "location: Riverside Conference Centre",
            c("Talk start and end times.") + f"date_end: {date}T17:00:00Z",
            "all_day: false",
            f"abstract: '{_sentence(rng)}'",
            "url_slides: ''",
        ]
    elif page.kind == "project":
        lines += [
            "external_link: ''",
            "url_code: ''",
            f"summary: {_sentence(rng)}",
        ]
    elif page.kind == "slides":
        lines += [
            "slides:\n  theme: black\n  highlight_style: dracula",
            f"summary: {_sentence(rng)}",
        ]
    else:
        lines += [
            c("Date updated") + f"lastmod: {date}T10:00:00+01:00",
            c("Is this an unpublished draft?") + "draft: false",
            f"summary: '{_sentence(rng).replace(chr(39), '')}'",
        ]
    lines += [
        f"tags:{_yaml_list([rng.choice(WORDS).title() for _ in range(rng.randint(0, 3))])}",
        "featured: false",
        c("Featured image")
        + "image:\n  caption: ''\n  focal_point: 'Smart'\n  preview_only: false",
        "projects: []",
    ]
    if page.kind in ("post", "publication") and rng.random() < 0.3:
        lines.append("math: true")
    return "---\n" + "\n".join(lines) + "\n---\n"


def toml_page(page: SitePage, rng: random.Random, authors: list[SitePage], comments: bool) -> str:
    """v2-era TOML front matter (`time_start`, `abstract_short`, numeric publication types)."""
    c = _commenter(comments)
    date = _date(rng)
    title = _sentence(rng, rng.randint(3, 9))[:-1]
    authors_list = ", ".join(f'"{a}"' for a in _authors(rng, authors))
    lines = [f'title = "{title}"', f"date = {date}", f"authors = [{authors_list}]"]
    if page.kind == "talk":
        lines += [
            f'abstract = "{_sentence(rng)}"',
            f'abstract_short = "{_sentence(rng, 6)}"',
            f'event = "{_sentence(rng, 4)[:-1]}"',
            'location = "Harbourton"',
            c("Talk start and end times.") + f"time_start = {date}T14:00:00-05:00",
            f"time_end = {date}T14:30:00-05:00",
            c("Is this a selected talk? (true/false)") + "selected = true",
            'url_code = "https://github.com/example/code"',
            'url_custom = [{name = "Programme", url = "https://example.org/p"}]',
            "math = true",
        ]
    elif page.kind == "publication":
        lines += [
            f'publication_types = ["{rng.randint(0, 8)}"]',
            f'publication = "*Proc. {rng.choice(WORDS).title()}*"',
            f'abstract = """\n{_paragraph(rng)}"""',
            c("Links (optional).") + 'url_pdf = ""',
        ]
    else:
        lines += [
            c("Is this an unpublished draft?") + "draft = false",
            f"tags = [{', '.join(repr(rng.choice(WORDS)) for _ in range(2))}]".replace("'", '"'),
        ]
    lines.append(c("Featured image") + '[header]\nimage = ""\ncaption = ""')
    return "+++\n" + "\n".join(lines) + "\n+++\n"


def generate(root: Path, n: int, seed: int = 1) -> list[SitePage]:
    """Write a site of `n` pages (plus its fixed config, sections and widgets) under `root`."""
    for rel, text in STATIC.items():
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    pages = plan_pages(n, seed)
    authors = [p for p in pages if p.kind == "author"]
    rng = random.Random(seed + 1)
    for page in pages:
        comments = rng.random() < 0.5
        use_toml = page.kind == "talk" or (page.kind != "author" and rng.random() < 0.25)
        front = (toml_page if use_toml else yaml_page)(page, rng, authors, comments)
        text = front + ("" if page.kind == "author" else "\n" + body(page, pages, rng))
        dest = root / "content" / page.rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        if page.rel.endswith("/index.md") and rng.random() < 0.4:
            (dest.parent / "featured.png").write_bytes(PNG)
        if page.kind == "publication" and page.rel.endswith("/index.md"):
            (dest.parent / "cite.bib").write_text(
                f"@article{{{page.slug.replace('-', '')},\n  title = {{{page.slug}}}\n}}\n",
                encoding="utf-8",
            )
    return pages
