"""How long does one `lawgraph.reasoning.ask` call take once the knowledge is loaded?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_ask.py                    # 10,000 scenarios
    .venv/bin/python benchmarks/bench_ask.py --n 2000 --profile # top functions by time
    .venv/bin/python benchmarks/bench_ask.py --save before.json # digest of every answer
    .venv/bin/python benchmarks/bench_ask.py --check before.json  # same answers as before?

Scenarios are generated from the real ids in ``data/`` (holders, categories, purposes)
with a fixed seed, so every run asks the same questions. The process is pinned to one
core where the platform allows. One untimed pass warms up; then each call is timed with
``time.perf_counter_ns`` and the median and 99th percentile are printed against the
target (median at most 1 ms).

``--save`` writes a SHA-256 of each determination's JSON; ``--check`` compares against
such a file, so an optimisation can be shown not to change any answer.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Jurisdiction
from lawgraph.reasoning import ConsentStatus, Context, Scenario, Subject, ask
from lawgraph.reasoning.scenario import practitioners
from lawgraph.settings import data_dir

TARGET_MEDIAN_MS = 1.0
SEED = 20261121


def scenarios(knowledge: Knowledge, n: int, seed: int = SEED) -> list[Scenario]:
    """`n` valid scenarios built from real ids, the same for the same seed."""
    rng = random.Random(seed)
    holders = sorted(knowledge.holders)
    recipients = sorted(set(holders) - practitioners(knowledge))
    categories = sorted(knowledge.categories)
    purposes = sorted(knowledge.purposes)
    start = dt.date(2018, 6, 1).toordinal()
    end = dt.date(2030, 12, 31).toordinal()
    out = []
    while len(out) < n:
        discloser = rng.choice(holders)
        recipient = rng.choice([r for r in recipients if r != discloser])
        # only dates on which both bodies exist in law: others are refused as contradictory
        spans = (knowledge.lifespan(discloser), knowledge.lifespan(recipient))
        lo = max([start] + [s.start.toordinal() for s in spans if s.start is not None])
        hi = min([end] + [s.end.toordinal() for s in spans if s.end is not None])
        if lo > hi:
            continue
        cats = sorted(rng.sample(categories, rng.randint(1, 3)))
        out.append(
            Scenario(
                discloser=discloser,
                recipient=recipient,
                subject=rng.choice(list(Subject)),
                categories=tuple(cats),
                purpose=rng.choice(purposes),
                context=rng.choice(list(Context)),
                consent=rng.choice(list(ConsentStatus)),
                in_confidence=rng.random() < 0.5,
                as_at=dt.date.fromordinal(rng.randint(lo, hi)),
                jurisdiction=rng.choice(list(Jurisdiction)),
            )
        )
    return out


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (platform does not allow it)"


def _digest(knowledge: Knowledge, batch: list[Scenario]) -> list[str]:
    return [hashlib.sha256(ask(knowledge, s).model_dump_json().encode()).hexdigest() for s in batch]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="scenarios (default 10000)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", action="store_true", help="profile instead of timing")
    parser.add_argument("--save", type=Path, help="write a digest of every answer here")
    parser.add_argument("--check", type=Path, help="compare answers with a saved digest")
    args = parser.parse_args(argv)

    pinned = _pin_one_core()
    knowledge = load_knowledge(data_dir())
    batch = scenarios(knowledge, args.n, args.seed)

    if args.save or args.check:
        digests = _digest(knowledge, batch)
        if args.save:
            args.save.write_text(json.dumps(digests) + "\n", encoding="utf-8")
            print(f"saved {len(digests)} answer digests to {args.save}")
        if args.check:
            saved = json.loads(args.check.read_text(encoding="utf-8"))
            differ = [i for i, (a, b) in enumerate(zip(saved, digests, strict=True)) if a != b]
            if differ:
                print(f"{len(differ)} answers differ, first at scenario {differ[0]}")
                return 1
            print(f"all {len(digests)} answers identical to {args.check}")
        return 0

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for s in batch:
            ask(knowledge, s)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(20)
        return 0

    for s in batch[: min(500, len(batch))]:  # warm-up, untimed
        ask(knowledge, s)
    times_ms = []
    clock = time.perf_counter_ns
    for s in batch:
        t0 = clock()
        ask(knowledge, s)
        times_ms.append((clock() - t0) / 1e6)
    times_ms.sort()
    median = statistics.median(times_ms)
    p99 = times_ms[min(len(times_ms) - 1, int(0.99 * len(times_ms)))]
    verdict = "met" if median <= TARGET_MEDIAN_MS else "NOT met"
    print(f"ask(): {len(batch)} scenarios, seed {args.seed}, {pinned}")
    print(f"median {median:.3f} ms   p99 {p99:.3f} ms   max {times_ms[-1]:.3f} ms")
    print(f"target: median <= {TARGET_MEDIAN_MS:.1f} ms ({verdict})")
    return 0 if median <= TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    sys.exit(main())
