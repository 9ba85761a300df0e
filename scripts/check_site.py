"""Build the docs site, check every internal link, and look at pages in headless Chromium.

    .venv/bin/python scripts/check_site.py [--site DIR] [--screenshots DIR] [--no-browser]

1. ``mkdocs build --strict`` into a temporary folder (or ``--site``). Its log must not
   list pages left out of the nav (``not_in_nav`` in ``mkdocs.yml`` names the generated
   reference pages, which their index pages link to).
2. Crawl every built HTML file and check that each internal ``href``/``src`` resolves to
   a file in the site (no network). Broken links fail the run.
3. Serve the site on 127.0.0.1 (random port) and load, in headless Chromium, the home
   page, the start page for IG leads, a recipe and a generated gateway page: a screenshot
   of each (into ``build-artifacts/screenshots/`` unless ``--screenshots`` says
   otherwise; not committed), and the rendered DOM checked for the page's headings and
   content. On the start page, every link to a recipe must lead to a recipe page that
   renders with its heading. On the partnership diagram's page the picture must have
   rendered: an inline SVG with a node for each organisation named, arrows and the key
   (a taller screenshot shows the whole of it). Chromium missing fails the run unless
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
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
#: Where screenshots go by default (git-ignored): CI keeps them as build artifacts.
SCREENSHOTS = ROOT / "build-artifacts" / "screenshots"
#: What mkdocs logs before listing the pages that are in neither the nav nor not_in_nav.
NOT_IN_NAV = 'are not included in the "nav" configuration'

#: Pages loaded in the browser, with text each must show once rendered.
PAGES: dict[str, tuple[str, ...]] = {
    "": ("Getting started", "not legal advice", "lawgraph ask", "Start here"),
    "start/": (
        "Start here: who are you, and who do you want to tell?",
        "I am a",
        "and I want to tell",
        "designated safeguarding lead",
        "children's social care",
        "Not legal advice",
    ),
    "recipes/school-to-childrens-social-care/": (
        "School to children",
        "On the command line",
        "Schedule 1 paragraph 18",
        "may-share-if-judgement",
        "In Python",
    ),
    "guides/partnership-diagram/": (
        "Drawing a partnership's sharing map",
        "Domestic Abuse Act 2021, s.49A(1)",
        "Children Act 1989, s.47(9)",
        "Between any two of the bodies shown",
        "Not legal advice",
    ),
    "reference/gateways/ea2002-s175/": (
        "Education functions and school/college governance",
        "Provisions cited",
        "duty to make arrangements",
    ),
}


def build_site(dest: Path) -> str:
    """``mkdocs build --strict`` into `dest`; returns its log. Raises CalledProcessError
    (after printing the log) when the build fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        done.check_returncode()
    return done.stdout + done.stderr


def pages_not_in_nav(log: str) -> list[str]:
    """The pages a build log lists as in neither the nav nor ``not_in_nav``."""
    lines = log.splitlines()
    found: list[str] = []
    for k, line in enumerate(lines):
        if NOT_IN_NAV in line:
            for item in lines[k + 1 :]:
                if not item.startswith("  - "):
                    break
                found.append(item[4:].strip())
            found = found or ["(the log names none)"]
    return found


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


#: The page with the partnership diagram, and how many organisations it names.
DIAGRAM_PAGE = "guides/partnership-diagram/"
DIAGRAM_BODIES = 13


def _chromium(
    args: list[str], profile: Path, size: str = "1280,900"
) -> subprocess.CompletedProcess[str]:
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
        f"--window-size={size}",
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


def _dom(url: str, profile: Path) -> tuple[str, list[str]]:
    """The rendered DOM of `url`, and the console messages it logged."""
    loaded = _chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", url], profile)
    return loaded.stdout, console_messages(loaded.stderr)


def _text(dom: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split()).lower()


def headings(dom: str) -> list[str]:
    """The text of each h1 and h2 in a rendered page's article, in order."""
    article = dom.split("<article", 1)[-1].split("</article>", 1)[0]
    found = re.findall(r"<h([12])\b[^>]*>(.*?)</h\1>", article, flags=re.S)
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).replace("¶", "").split())
        for _, t in found
    ]


def recipe_links(dom: str, page_url: str) -> list[str]:
    """The recipe pages a rendered page's article links to, as absolute URLs."""
    article = dom.split("<article", 1)[-1].split("</article>", 1)[0]
    parser = _Links()
    parser.feed(article)
    found: list[str] = []
    for link in parser.links:
        url = urljoin(page_url, link).split("#", 1)[0]
        if "/recipes/" in url and not url.endswith("/recipes/") and url not in found:
            found.append(url)
    return found


def browse(base: str, shots: Path) -> list[str]:
    """Screenshot and DOM-check each page in `PAGES`, and follow the start page's links
    to recipes; returns the problems found."""
    problems: list[str] = []
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lawgraph-chromium-") as tmp:
        profile = Path(tmp)
        for page, expected in PAGES.items():
            url = base + page
            name = (page.strip("/").replace("/", "_") or "index") + ".png"
            shot = shots / name
            done = _chromium([f"--screenshot={shot}", url], profile)
            if not shot.is_file() or shot.stat().st_size < 10_000:
                problems.append(f"{url}: no screenshot ({done.stderr.strip()[-300:]})")
            dom, console = _dom(url, profile)
            problems += [f"{url}: console: {m}" for m in console]
            text = _text(dom) + " " + " ".join(headings(dom)).lower()
            problems += [
                f"{url}: rendered page lacks {want!r}"
                for want in expected
                if want.lower() not in text
            ]
            if not headings(dom):
                problems.append(f"{url}: no heading rendered")
            if page == "start/":
                problems += _follow_recipes(base, url, dom, profile)
            if page == DIAGRAM_PAGE:
                problems += diagram_problems(dom, url)
                _chromium(
                    [f"--screenshot={shots / 'partnership-diagram-full.png'}", url],
                    profile,
                    size="1600,2400",
                )
    return problems


def diagram_problems(dom: str, url: str) -> list[str]:
    """What is missing from the rendered diagram: the inline SVG, a node for each of the
    organisations, arrows, and the key."""
    found = re.search(r'<div class="lawgraph-diagram"[^>]*>\s*<svg\b(.*?)</svg>', dom, flags=re.S)
    if found is None:
        return [f"{url}: the diagram did not render (no inline SVG; is Graphviz installed?)"]
    svg = found.group(1)
    titles = re.findall(r'<g id="node\d+" class="node">\s*<title>(.*?)</title>', svg)
    nodes = len([t for t in titles if not t.startswith("via")])  # not a gateway's oval
    edges = len(re.findall(r'<g id="edge\d+" class="edge"', svg))
    problems = []
    if nodes != DIAGRAM_BODIES:
        problems.append(f"{url}: the diagram has {nodes} nodes, expected {DIAGRAM_BODIES}")
    if edges < 3:
        problems.append(f"{url}: the diagram has {edges} arrows, expected at least 3")
    if "Key" not in svg:
        problems.append(f"{url}: the diagram has no key")
    return problems


def _follow_recipes(base: str, url: str, dom: str, profile: Path) -> list[str]:
    """Every recipe the start page links to must load and render its own heading."""
    links = recipe_links(dom, url)
    if len(links) < 5:
        return [f"{url}: links to {len(links)} recipes, expected at least 5"]
    problems: list[str] = []
    for link in links:
        try:
            with urlopen(link, timeout=30) as response:
                source = response.read().decode("utf-8")
        except OSError as error:
            problems.append(f"{url}: link to {link} is broken ({error})")
            continue
        if not headings(source):
            problems.append(f"{url}: {link} has no heading")
    # and one of them through the browser, as a reader following the link would see it
    recipe_dom, console = _dom(links[0], profile)
    problems += [f"{links[0]}: console: {m}" for m in console]
    if not headings(recipe_dom) or "lawgraph ask" not in _text(recipe_dom):
        problems.append(f"{links[0]}: followed from the start page, it does not render a recipe")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="build into DIR (default: a temp folder)")
    parser.add_argument(
        "--screenshots", type=Path, help=f"where to save screenshots (default: {SCREENSHOTS})"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium check")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lawgraph-site-") as tmp:
        site = args.site or Path(tmp) / "site"
        log = build_site(site)
        problems = [f"not in the nav: {p}" for p in pages_not_in_nav(log)]
        problems += broken_links(site)
        pages = len(list(site.rglob("*.html")))
        print(f"built {pages} pages into {site}; {len(problems)} problems")
        if not args.no_browser:
            if not CHROMIUM.is_file():
                problems.append(f"{CHROMIUM} not found: install chromium or pass --no-browser")
            else:
                shots = args.screenshots or SCREENSHOTS
                with serve(site) as base:
                    problems += browse(base, shots)
                print(f"screenshots of {len(PAGES)} pages in {shots}")
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
