"""How quickly does the command line start, and answer, in a fresh process?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_cli.py            # 7 interleaved repeats
    .venv/bin/python benchmarks/bench_cli.py --repeat 11

Each pass runs a new Python process, as a user's shell does, and times it from start
to exit:

- ``python -c pass``: the interpreter alone (the floor under every figure);
- ``import lawgraph``;
- ``lawgraph --version`` and ``lawgraph --help``;
- ``lawgraph ask --file examples/scenario-school-to-csc.yaml`` with a warm graph cache.

The passes are interleaved so drift in machine load hits all alike, and the medians
are compared with the targets of issue 14: ``import lawgraph`` at most 150 ms,
``lawgraph --help`` at most 300 ms, and ``ask`` at most 1.5 times ``--version``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenario-school-to-csc.yaml"
CLI = "from lawgraph.cli import main; main()"


def _passes() -> dict[str, list[str]]:
    py = sys.executable
    return {
        "python -c pass": [py, "-c", "pass"],
        "import lawgraph": [py, "-c", "import lawgraph"],
        "lawgraph --version": [py, "-c", CLI, "--version"],
        "lawgraph --help": [py, "-c", CLI, "--help"],
        "lawgraph ask (warm cache)": [py, "-c", CLI, "ask", "--file", str(SCENARIO)],
    }


def _time(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed passes of each command")
    args = parser.parse_args(argv)
    passes = _passes()
    with tempfile.TemporaryDirectory(prefix="lawgraph-bench-") as cache:
        env = {**os.environ, "LAWGRAPH_CACHE": cache}
        for command in passes.values():  # warm: the graph cache, the OS file cache
            _time(command, env)
        times: dict[str, list[float]] = {name: [] for name in passes}
        for i in range(args.repeat):
            order = list(passes.items())
            for name, command in order if i % 2 == 0 else reversed(order):
                times[name].append(_time(command, env))
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{args.repeat} repeats, fresh process each; median, min and max in seconds")
    print(f"{'pass':28} {'median':>8} {'min':>8} {'max':>8}")
    for name, t in times.items():
        print(f"{name:28} {median[name]:8.3f} {min(t):8.3f} {max(t):8.3f}")
    ratio = median["lawgraph ask (warm cache)"] / median["lawgraph --version"]
    checks = [
        ("import lawgraph <= 150 ms", median["import lawgraph"] <= 0.150),
        ("lawgraph --help <= 300 ms", median["lawgraph --help"] <= 0.300),
        (f"ask / --version = {ratio:.2f} <= 1.5", ratio <= 1.5),
    ]
    print()
    for label, met in checks:
        print(f"{'meets' if met else 'MISSES'}: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
