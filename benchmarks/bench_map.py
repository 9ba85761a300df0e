"""How long does `lawgraph.reasoning.sharing_map.sharing_map` take for one holder?

Run on demand (pytest does not collect it)::

    .venv/bin/python benchmarks/bench_map.py                       # a sample of holders
    .venv/bin/python benchmarks/bench_map.py --holders all         # every organisation
    .venv/bin/python benchmarks/bench_map.py --purpose safeguarding

The knowledge is loaded once; each map is drawn over every other holder, every purpose
asked (default: all) and the default categories (personal, special category and
criminal offence data), in both directions, on a fixed date, as `lawgraph map` draws
it (answers with no lawful basis counted, not listed). The process is pinned to one
core where the platform allows, and timed in CPU seconds (the machine's other work
moves wall time, not this). The baseline, timed in the same run, is one `ask` per
cell of the map: the ratio map / (cells x ask) says what the map costs beyond the
reasoner itself (1.0 would be free). The target is a map in under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning import HolderNotInExistenceError, ask
from lawgraph.reasoning.sharing_map import sharing_map
from lawgraph.settings import data_dir

TARGET_S = 1.0
AS_AT = dt.date(2026, 11, 21)
SAMPLE = ("local-authority-childrens-services", "nhs-trust", "chief-officer-of-police", "academy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", default="sample", help="'sample' (4 holders) or 'all'")
    parser.add_argument("--purpose", action="append", default=[], help="repeat; default all")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    knowledge = load_knowledge(data_dir())
    holders = (
        [h.id for h in knowledge.holders.values() if not (h.practitioner or h.private_person)]
        if args.holders == "all"
        else list(SAMPLE)
    )
    sharing_map(knowledge, holders[0], as_at=AS_AT, purposes=["safeguarding"])  # warm up
    times: dict[str, float] = {}
    per_ask: list[float] = []
    for holder in holders:
        start = time.process_time()
        try:
            # as `lawgraph map` runs it: the answers with no basis counted, not listed
            m = sharing_map(knowledge, holder, as_at=AS_AT, purposes=args.purpose)
        except HolderNotInExistenceError as exc:
            print(f"{holder:45s} left out: {exc}")
            continue
        times[holder] = time.process_time() - start
        cells = len(m.cells) + m.no_basis
        # baseline: the same questions asked one by one, timed on a sample of 200
        sample = m.cells[:: max(1, len(m.cells) // 200)]
        t = time.process_time()
        for cell in sample:
            ask(knowledge, cell.question.scenario(AS_AT), expand=False)
        per_ask.append((time.process_time() - t) / len(sample))
        ratio = times[holder] / (cells * per_ask[-1])
        print(f"{holder:45s} {times[holder]:8.2f} s  {cells:6d} cells  ratio {ratio:.2f}")
    median = statistics.median(times.values())
    slowest = max(times, key=times.__getitem__)
    print(f"median {median:.2f} s; slowest {slowest} {times[slowest]:.2f} s")
    print(f"ask per cell (median) {statistics.median(per_ask) * 1000:.3f} ms")
    verdict = "meets" if times[slowest] < TARGET_S else "MISSES"
    print(f"{verdict} the target: every map under {TARGET_S:.0f} s")


if __name__ == "__main__":
    main()
