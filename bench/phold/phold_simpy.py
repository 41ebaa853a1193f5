#!/usr/bin/python3
"""PHOLD in SimPy 3: the peer of phold_kernel.cpp written as a SimPy user would.

Each message is a process: it waits its delay with `yield env.timeout(delay)`,
is handled at its LP (the LP counts it), picks the next destination and waits
again. Because every PHOLD event sends exactly one new message, a message's life
is a loop, and 1,000 long-lived processes are the idiomatic and the cheapest way
to say it in SimPy (one Timeout per PHOLD event, no Store/Interrupt plumbing),
so SimPy gets its best case. A per-LP process with a Store inbox would add a
put/get pair of events to every message.

Randomness is Python's `random` (a seeded random.Random), so the event sequence
differs from the C++ peers: compare event counts, not checksums. SimPy's
env.run(until=T) stops before events at exactly T; the C++ peers run events at
T too. With continuous delays that never changes the count.

Prints the same one-line JSON as the C++ peers.
"""
import argparse
import json
import random
import time

import simpy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lps", type=int, default=1000)
    parser.add_argument("--end-seconds", type=float, default=4400.0)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    lps = args.lps
    received = [0] * lps

    def delay():
        return rng.expovariate(1.0) + 0.1

    def message(env, lp):
        while True:
            yield env.timeout(delay())
            received[lp] += 1
            lp = rng.randrange(lps)

    start = time.perf_counter()
    env = simpy.Environment()
    for lp in range(lps):
        env.process(message(env, lp))
    env.run(until=args.end_seconds)
    wall = time.perf_counter() - start

    events = sum(received)
    weighted = sum((i + 1) * n for i, n in enumerate(received))
    print(json.dumps({
        "events": events,
        "wall_seconds": round(wall, 6),
        "events_per_second": round(events / wall, 1) if wall > 0 else 0.0,
        "checksum": "%016x" % (weighted & 0xFFFFFFFFFFFFFFFF),
    }))


if __name__ == "__main__":
    main()
