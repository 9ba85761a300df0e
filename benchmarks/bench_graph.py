"""How much faster is loading the graph from the cache than building it?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_graph.py            # 7 interleaved repeats
    .venv/bin/python benchmarks/bench_graph.py --repeat 11

Two kinds of pass, both through `lawgraph.graph.load_graph` with the real ``data/`` and
the configured legislation folders (``statutes/`` and ``../shared/legislation``):

- *cold build*: ``use_cache=False``: load the knowledge, open the corpus, parse the
  held documents the knowledge cites, prove every citation, build the graph;
- *cached load*: hash the inputs, find the cache file, read its JSON back into a graph.

The cache lives in a temporary folder (``LAWGRAPH_CACHE``) so no user cache is touched.
One untimed pass of each runs first; then the passes are interleaved so drift in machine
load hits both alike, and the medians are compared. The target: a cached load takes at
most 5% of a cold build.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

from lawgraph.graph import cache
from lawgraph.graph.cache import load_graph

TARGET_PERCENT = 5.0


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed passes of each kind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lawgraph-bench-") as folder:
        os.environ[cache.CACHE_ENV] = folder
        cold_fn = functools.partial(load_graph, use_cache=False)
        warm_fn = functools.partial(load_graph, use_cache=True)
        graph = load_graph(use_cache=True)  # writes the cache (and warms imports)
        cold_fn()
        cache.stats.reset()
        cold: list[float] = []
        warm: list[float] = []
        for i in range(args.repeat):
            pair = [(cold, cold_fn), (warm, warm_fn)]
            for times, fn in pair if i % 2 == 0 else reversed(pair):
                times.append(_time(fn))
        if cache.stats.hits != args.repeat or cache.stats.builds != args.repeat:
            print(f"unexpected cache behaviour: {cache.stats}", file=sys.stderr)
            return 1
    print(
        f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
        f"{args.repeat} repeats"
    )
    print(f"{'pass':<14}{'median s':>10}{'min s':>9}{'max s':>9}")
    for name, times in (("cold build", cold), ("cached load", warm)):
        print(f"{name:<14}{statistics.median(times):>10.4f}{min(times):>9.4f}{max(times):>9.4f}")
    percent = 100 * statistics.median(warm) / statistics.median(cold)
    verdict = "meets" if percent <= TARGET_PERCENT else "MISSES"
    print(
        f"\ncached load = {percent:.1f}% of cold build "
        f"({verdict} the <= {TARGET_PERCENT:.0f}% target)"
    )
    return 0 if percent <= TARGET_PERCENT else 1


if __name__ == "__main__":
    sys.exit(main())
