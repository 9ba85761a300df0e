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

The passes are interleaved so drift in machine load hits all alike. Each pass is timed
twice: wall time (what a user waits) and CPU time (user + system time of the child,
which other work on a shared machine disturbs far less). The medians are compared with
the targets of issue 14: ``import lawgraph`` at most 150 ms, ``lawgraph --help`` at most
300 ms, and ``ask`` at most 1.5 times ``--version``; the verdicts use CPU time, and the
wall-time ratio is printed beside it.

The children run without ``PYTHONDONTWRITEBYTECODE``, so the warm-up pass leaves the
bytecode an installed package has (pip compiles it on install); with that variable set,
every pass would compile lawgraph's modules from source, which no user's shell does.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time of one run of `args`, in seconds."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed, used = time.perf_counter() - start, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return elapsed, used


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed passes of each command")
    args = parser.parse_args(argv)
    passes = _passes()
    with tempfile.TemporaryDirectory(prefix="lawgraph-bench-") as cache:
        env = {**os.environ, "LAWGRAPH_CACHE": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for command in passes.values():  # warm: the caches, the bytecode, the OS file cache
            _time(command, env)
        wall: dict[str, list[float]] = {name: [] for name in passes}
        cpu: dict[str, list[float]] = {name: [] for name in passes}
        for i in range(args.repeat):
            order = list(passes.items())
            for name, command in order if i % 2 == 0 else reversed(order):
                elapsed, used = _time(command, env)
                wall[name].append(elapsed)
                cpu[name].append(used)
    median = {name: statistics.median(t) for name, t in cpu.items()}
    median_wall = {name: statistics.median(t) for name, t in wall.items()}
    print(
        f"{args.repeat} repeats, fresh process each, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; medians (min-max) in seconds"
    )
    print(f"{'pass':28} {'CPU':>7} {'(min-max)':>15} {'wall':>7} {'(min-max)':>15}")
    for name in passes:
        c, w = cpu[name], wall[name]
        print(
            f"{name:28} {median[name]:7.3f} ({min(c):.3f}-{max(c):.3f}) "
            f"{median_wall[name]:7.3f} ({min(w):.3f}-{max(w):.3f})"
        )
    ask, version = "lawgraph ask (warm cache)", "lawgraph --version"
    ratio = median[ask] / median[version]
    wall_ratio = median_wall[ask] / median_wall[version]
    checks = [
        ("import lawgraph <= 150 ms (CPU)", median["import lawgraph"] <= 0.150),
        ("lawgraph --help <= 300 ms (CPU)", median["lawgraph --help"] <= 0.300),
        (f"ask / --version = {ratio:.2f} CPU, {wall_ratio:.2f} wall; <= 1.5", ratio <= 1.5),
    ]
    print()
    for label, met in checks:
        print(f"{'meets' if met else 'MISSES'}: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
