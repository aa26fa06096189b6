"""Look at a converted site as its visitor will: convert, build with the target's real engine,
serve it on localhost and take a headless Chromium screenshot of a page (the home page by
default).

    python -m bench.screenshots SITE --to jekyll --out shots/           # our own layouts
    python -m bench.screenshots SITE --to jekyll --academicpages ../shared/themes/academicpages
    python -m bench.screenshots SITE --to mkdocs --page /publication/ --out shots/
    python -m bench.screenshots SITE --to quarto                        # needs `quarto` on PATH

Nothing but the engines (Debian's `jekyll`, `mkdocs` from PyPI, `quarto` where installed) and
Debian's `chromium` is needed. The academicpages build copies the template (its README-THEME.md:
never build in place), adds the `--content-only` output and builds it as it is.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from converter import convert


def build(site: Path, target: str, work: Path, academicpages: Path | None) -> Path:
    """Convert `site` to `target` under `work` and build it; the folder the engine wrote."""
    out = work / "converted"
    result = convert(site, target, out, content_only=academicpages is not None, force=True)
    if result.exit_code != 0:
        print(f"warning: {len(result.plan.failed)} page(s) failed", file=sys.stderr)
    if target == "jekyll":
        source = out
        if academicpages is not None:
            source = work / "academicpages"
            shutil.copytree(academicpages, source)
            shutil.copytree(out, source, dirs_exist_ok=True)
        command = ["jekyll", "build", "-s", str(source), "-d", str(work / "_site")]
        built = work / "_site"
    elif target == "mkdocs":
        command = ["mkdocs", "build", "-f", str(out / "mkdocs.yml"), "-d", str(work / "site")]
        built = work / "site"
    elif target == "quarto":
        if shutil.which("quarto") is None:
            raise SystemExit("quarto is not on PATH: nothing renders a Quarto site here")
        command = ["quarto", "render", str(out)]
        built = out / "_site"
    else:
        raise SystemExit(f"{target}: the Hugo targets build with hugo and the theme, not here")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return built


def screenshot(folder: Path, page: str, png: Path, width: int, height: int) -> None:
    """Serve `folder` on a free localhost port and screenshot `page` with headless Chromium
    (the flags this machine's Chromium needs offline; a virtual time budget for themes that
    fade their page in)."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}{page}"
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    f"--user-data-dir={profile}",
                    f"--screenshot={png}",
                    f"--window-size={width},{height}",
                    "--virtual-time-budget=3000",
                    url,
                ],
                capture_output=True,
                timeout=120,
            )
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the Hugo Academic site")
    parser.add_argument("--to", required=True, choices=["jekyll", "mkdocs", "quarto"])
    parser.add_argument("--out", type=Path, default=Path("."), help="where the PNG goes")
    parser.add_argument("--page", default="/", help="the address to shoot (default: home)")
    parser.add_argument("--academicpages", type=Path, help="build inside this template")
    parser.add_argument("--size", default="1200x1600", help="window WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"{args.site.resolve().name}-{args.to}{'-academicpages' if args.academicpages else ''}"
    png = args.out / f"{name}{args.page.strip('/').replace('/', '-') or '-home'}.png"
    with tempfile.TemporaryDirectory() as work:
        built = build(args.site, args.to, Path(work), args.academicpages)
        screenshot(built, args.page, png.resolve(), width, height)
    print(png)
    return 0 if png.is_file() else 1


if __name__ == "__main__":
    sys.exit(main())
