"""How long does ``lawgraph protocol`` take for the example partnership?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_protocol.py              # 5 repeats
    .venv/bin/python benchmarks/bench_protocol.py --repeat 9

The knowledge is loaded once (as the CLI does per run, and not timed: ``bench_cli.py``
measures loading). Each repeat reads ``examples/partnership-anytown.yaml``, asks the
reasoner about every flow (10 members, 2 purposes, 2 categories: 360 questions), and
writes the Markdown and HTML agreements. The process is pinned to one core where the
platform allows. One untimed pass warms up; the median, min and max of the timed passes
are printed against the target (median under 2 s), with the share of it spent reading
the file and asking, so the ratio shows what building the document adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning.agreement import build_agreement
from lawgraph.reasoning.agreement_render import to_html, to_markdown
from lawgraph.reasoning.partnership import load_partnership
from lawgraph.settings import data_dir

TARGET_S = 2.0
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "partnership-anytown.yaml"


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (platform does not allow it)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    pinned = _pin_one_core()
    knowledge = load_knowledge(data_dir())

    def once() -> tuple[float, float, int]:
        t0 = time.perf_counter()
        partnership = load_partnership(EXAMPLE, knowledge)
        agreement = build_agreement(knowledge, partnership)
        t1 = time.perf_counter()
        to_markdown(agreement, knowledge)
        to_html(agreement, knowledge)
        return time.perf_counter() - t0, t1 - t0, len(agreement.flows)

    once()  # warm-up, untimed
    runs = [once() for _ in range(args.repeat)]
    total = [r[0] for r in runs]
    asking = [r[1] for r in runs]
    flows = runs[0][2]
    median = statistics.median(total)
    print(f"lawgraph protocol {EXAMPLE.name}: {flows} flows, {pinned}, {args.repeat} repeats")
    print(f"  whole protocol   median {median:.3f} s  min {min(total):.3f}  max {max(total):.3f}")
    print(
        f"  asking + reading median {statistics.median(asking):.3f} s "
        f"({statistics.median(asking) / median:.0%} of the whole)"
    )
    ok = median < TARGET_S
    print(f"  target: median under {TARGET_S:.0f} s: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
