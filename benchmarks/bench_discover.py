"""How fast is ``discover`` (parallel parse and scan) against a plain parse of the same files?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_discover.py            # jobs chosen as the CLI does
    .venv/bin/python benchmarks/bench_discover.py --jobs 2   # force a pool of 2

Two passes over the files ``lawgraph discover`` scans by default
(`lawgraph.changes.discover.default_files`):

- *parse*: ``parse_file`` on each file in this process: the work every scan has to do;
- *discover*: `lawgraph.changes.discover.discover` with ``--jobs`` workers (default:
  `lawgraph.changes.discover.auto_jobs`, serial for a corpus this size), which parse
  and scan each file (in worker processes when there is a pool).

Throughput is provisions per second; the median of the repeats is reported, with the
ratio discover / parse (1.0 would mean scanning is free; above 1 means a pool more
than pays for the scanning). Passes are interleaved so machine load hits both alike.
"""

from __future__ import annotations

import argparse
import statistics
import time

from lawgraph.changes.discover import auto_jobs, default_files, discover
from lawgraph.legislation.parser import parse_file
from lawgraph.settings import legislation_dirs


def main() -> None:
    """Time both passes and print provisions per second and their ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = default_files(legislation_dirs())
    jobs = args.jobs if args.jobs is not None else auto_jobs(len(files))
    provisions = sum(len(parse_file(f).provision_ids()) for f in files)  # warm the cache
    parse_s: list[float] = []
    disc_s: list[float] = []
    scanned = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        for f in files:
            parse_file(f)
        parse_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = discover(files, jobs=jobs)
        disc_s.append(time.perf_counter() - t)
        scanned = result.provisions
    p, d = statistics.median(parse_s), statistics.median(disc_s)
    print(f"{len(files)} files, {provisions} provisions ({scanned} scanned incl. repeats of ids)")
    print(f"parse (1 process):      {p:6.2f} s  {provisions / p:>9,.0f} provisions/s")
    print(f"discover (jobs={jobs}):     {d:6.2f} s  {scanned / d:>9,.0f} provisions/s")
    print(f"ratio discover/parse:   {(scanned / d) / (provisions / p):.2f}")


if __name__ == "__main__":
    main()
