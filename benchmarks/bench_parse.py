"""How fast does lawgraph parse the served corpus, compared with lxml alone?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_parse.py            # 5 interleaved repeats
    .venv/bin/python benchmarks/bench_parse.py --repeat 9
    .venv/bin/python benchmarks/bench_parse.py --profile  # top 15 functions, one pass

Two passes over every served CLML file (the files `tests.conftest.served_files` lists):

- *raw lxml*: read the file, gunzip, ``lxml.etree.fromstring``: the floor, since
  lawgraph has to do at least this much;
- *lxml + Python walk*: the raw pass, then a Python loop that reads every element's
  tag, text and tail and does nothing with them: what any model builder written in
  Python must spend just to look at the tree once;
- *lawgraph*: ``lawgraph.legislation.parser.parse_file``: the same reading and parsing,
  plus the safety checks and building the `Document`, with the compiled C reader when it
  is built (as ``pip install`` builds it wherever there is a C compiler);
- *lawgraph, Python only*: the same with the C reader switched off, which is what a
  machine without a compiler runs.

Passes are interleaved (raw, lawgraph, lawgraph, raw, ...) so drift in machine load or
cache state hits both alike; the median of each is reported. Throughput is uncompressed
XML megabytes per second and provisions (every `Provision` in every `Document`) per
second. The target is lawgraph throughput >= 50% of raw lxml throughput.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import gzip
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

# the benchmark reuses the test suite's definition of "served files" so both cover
# exactly the same corpus; running it as a script puts benchmarks/ on sys.path, not the
# checkout, hence the insert
_CHECKOUT = Path(__file__).resolve().parents[1]
if str(_CHECKOUT) not in sys.path:
    sys.path.insert(0, str(_CHECKOUT))

from tests.conftest import served_files  # noqa: E402

from lawgraph.legislation import parser as lawgraph_parser  # noqa: E402
from lawgraph.legislation.parser import parse_file  # noqa: E402
from lawgraph.settings import LEGISLATION_ENV, reference_corpus_dir  # noqa: E402

TARGET_PERCENT = 50.0


@dataclass(frozen=True)
class Result:
    """Timings of one kind of pass."""

    name: str
    seconds: list[float]

    @property
    def median(self) -> float:
        """Median wall time of one pass over the corpus, in seconds."""
        return statistics.median(self.seconds)


def raw_pass(files: list[Path]) -> int:
    """Gunzip and parse every file with lxml alone. Returns the element count."""
    elements = 0
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        root = etree.fromstring(data)
        elements += len(root)  # touch the result so the work is not idle
    return elements


def walk_pass(files: list[Path]) -> int:
    """The raw pass plus one Python visit of every element. Returns the element count."""
    elements = 0
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for el in etree.fromstring(data).iter():
            # read what a builder must read of each element, and no more
            el.tag, el.text, el.tail  # noqa: B018
            elements += 1
    return elements


def lawgraph_pass(files: list[Path]) -> int:
    """Parse every file into a `Document`. Returns the provision count."""
    return sum(sum(1 for _ in parse_file(path).walk()) for path in files)


def python_pass(files: list[Path]) -> int:
    """`lawgraph_pass` with the C reader switched off."""
    reader = lawgraph_parser._C_READER
    lawgraph_parser._C_READER = None
    try:
        return lawgraph_pass(files)
    finally:
        lawgraph_parser._C_READER = reader


def timed(run: Callable[[list[Path]], int], files: list[Path]) -> float:
    """Wall time of one pass, starting from a collected heap."""
    gc.collect()
    start = time.perf_counter()
    run(files)
    return time.perf_counter() - start


def corpus_files() -> list[Path]:
    """The served CLML files of the reference corpus, or exit with instructions."""
    root = reference_corpus_dir()
    if root is None or not root.is_dir():
        sys.exit(
            "reference legislation folder not found: put it at ../shared/legislation "
            f"or set {LEGISLATION_ENV}"
        )
    return served_files(root)


def uncompressed_bytes(files: list[Path]) -> int:
    """Total size of the files' XML once gunzipped."""
    total = 0
    for path in files:
        data = path.read_bytes()
        total += len(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return total


def benchmark(files: list[Path], repeat: int) -> None:
    """Time interleaved passes and print the table."""
    size = uncompressed_bytes(files)
    # one cold lawgraph pass first: it also warms imports, caches and the page cache,
    # which the measured passes then share with the raw passes
    cold = timed(lawgraph_pass, files)
    timed(raw_pass, files)
    provisions = lawgraph_pass(files)

    raw = Result("raw lxml (gunzip + fromstring)", [])
    walk = Result("lxml + Python walk", [])
    reader = "C reader" if lawgraph_parser.accelerated() else "C reader NOT BUILT"
    ours = Result(f"lawgraph parse_file ({reader})", [])
    pure = Result("lawgraph parse_file (Python only)", [])
    for i in range(repeat):
        # alternate the order, so no pass always runs on a just-warmed heap
        order = [
            (raw, raw_pass),
            (walk, walk_pass),
            (ours, lawgraph_pass),
            (pure, python_pass),
        ]
        if i % 2:
            order.reverse()
        for result, run in order:
            result.seconds.append(timed(run, files))

    mb = size / 1e6
    print(
        f"corpus: {len(files)} served files, {mb:.1f} MB uncompressed XML, "
        f"{provisions:,} provisions; {repeat} interleaved repeats"
    )
    print(f"lawgraph cold first pass: {cold:.3f} s")
    print()
    header = f"{'pass':<40} {'median s':>9} {'min s':>8} {'max s':>8} {'MB/s':>8} {'prov/s':>10}"
    print(header)
    print("-" * len(header))
    for r in (raw, walk, ours, pure):
        print(
            f"{r.name:<40} {r.median:>9.3f} {min(r.seconds):>8.3f} {max(r.seconds):>8.3f} "
            f"{mb / r.median:>8.1f} {provisions / r.median:>10,.0f}"
        )
    percent = 100.0 * raw.median / ours.median
    verdict = "meets" if percent >= TARGET_PERCENT else "BELOW"
    print()
    print(f"lxml + Python walk = {100.0 * raw.median / walk.median:.1f}% of raw lxml")
    print(f"lawgraph, Python only = {100.0 * raw.median / pure.median:.1f}% of raw lxml")
    print(
        f"lawgraph throughput = {percent:.1f}% of raw lxml "
        f"({verdict} the >= {TARGET_PERCENT:.0f}% target)"
    )


def profile(files: list[Path], top: int = 15) -> None:
    """Print the top functions by cumulative time for one lawgraph pass."""
    lawgraph_pass(files)  # warm, so the profile shows steady-state work
    profiler = cProfile.Profile()
    profiler.enable()
    lawgraph_pass(files)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="passes of each kind (default 5)")
    parser.add_argument(
        "--profile", action="store_true", help="profile one lawgraph pass instead (cProfile)"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    files = corpus_files()
    if args.profile:
        profile(files)
    else:
        benchmark(files, args.repeat)


if __name__ == "__main__":
    main()
