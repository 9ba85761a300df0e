"""Build the docs site, check every internal link, and look at pages in headless Chromium.

    .venv/bin/python scripts/check_site.py [--site DIR] [--screenshots DIR] [--no-browser]

1. ``mkdocs build --strict`` into a temporary folder (or ``--site``).
2. Crawl every built HTML file and check that each internal ``href``/``src`` resolves to
   a file in the site (no network). Broken links fail the run.
3. Serve the site on 127.0.0.1 (random port) and load the home page, a recipe and a
   generated gateway page in headless Chromium: a screenshot of each, and the rendered
   DOM checked for the page's content. Chromium missing fails the run unless
   ``--no-browser`` is given, so CI cannot skip the check silently.

Exit status: 0 when everything passed; 1 otherwise (each problem is printed).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

#: Pages loaded in the browser, with text each must show once rendered.
PAGES: dict[str, tuple[str, ...]] = {
    "": ("Getting started", "not legal advice", "lawgraph ask"),
    "recipes/school-to-childrens-social-care/": (
        "School to children",
        "Schedule 1 paragraph 18",
        "may-share-if-judgement",
    ),
    "reference/gateways/ea2002-s175/": (
        "Education functions and school/college governance",
        "Provisions cited",
        "duty to make arrangements",
    ),
}


def build_site(dest: Path) -> None:
    """``mkdocs build --strict`` into `dest`; raises CalledProcessError on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        check=True,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _target(site: Path, page: Path, link: str) -> Path | None:
    """The file an internal link points to, or None for external links and fragments."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Every internal link in the built site that does not resolve to a file."""
    site = site.resolve()
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            target = _target(site, page, link)
            if target is None:
                continue
            if not target.is_relative_to(site) or not target.is_file():
                problems.append(f"{page.relative_to(site)}: broken link {link!r}")
    return problems


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at a random port; yields the base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


_CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)$")


def console_messages(stderr: str) -> list[str]:
    """The page's console messages from Chromium's log: the site should log none.

    Chromium logs every console call at one level, so any message (an uncaught error,
    a failed resource, a stray ``console.error``) counts as a problem.
    """
    return [m.group(1) for line in stderr.splitlines() if (m := _CONSOLE.search(line))]


def browse(base: str, shots: Path) -> list[str]:
    """Screenshot and DOM-check each page in `PAGES`; returns the problems found."""
    problems: list[str] = []
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lawgraph-chromium-") as profile:
        for page, expected in PAGES.items():
            url = base + page
            name = (page.strip("/").replace("/", "_") or "index") + ".png"
            shot = shots / name
            done = _chromium([f"--screenshot={shot}", url], Path(profile))
            if not shot.is_file() or shot.stat().st_size < 10_000:
                problems.append(f"{url}: no screenshot ({done.stderr.strip()[-300:]})")
            loaded = _chromium(
                ["--enable-logging=stderr", "--v=0", "--dump-dom", url], Path(profile)
            )
            dom = loaded.stdout
            problems += [f"{url}: console: {m}" for m in console_messages(loaded.stderr)]
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split()).lower()
            problems += [
                f"{url}: rendered page lacks {want!r}"
                for want in expected
                if want.lower() not in text
            ]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="build into DIR (default: a temp folder)")
    parser.add_argument("--screenshots", type=Path, help="where to save screenshots")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium check")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lawgraph-site-") as tmp:
        site = args.site or Path(tmp) / "site"
        build_site(site)
        problems = broken_links(site)
        pages = len(list(site.rglob("*.html")))
        print(f"built {pages} pages into {site}; {len(problems)} broken internal links")
        if not args.no_browser:
            if not CHROMIUM.is_file():
                problems.append(f"{CHROMIUM} not found: install chromium or pass --no-browser")
            else:
                shots = args.screenshots or Path(tmp) / "screenshots"
                with serve(site) as base:
                    problems += browse(base, shots)
                print(f"screenshots of {len(PAGES)} pages in {shots}")
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
