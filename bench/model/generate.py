#!/usr/bin/python3
"""Writes bench/model/fifty.yaml, the input of the domain-model benchmark.

    /usr/bin/python3 bench/model/generate.py           # rewrite fifty.yaml
    /usr/bin/python3 bench/model/generate.py --check   # exit 1 if fifty.yaml differs

The model (see bench/README.md, "The domain model"): 50 services in a random
four-tier DAG, 200 req/s Poisson at each of the three edge services, every
non-leaf service making 1-3 parallel calls to services of later tiers,
exponential service times of 2-30 ms, one simulated hour.

fifty.yaml is checked in so that the benchmark input never changes by
accident; this script reproduces it byte for byte (a fixed seed, Python's
`random`, and a hand-written emitter rather than a YAML library whose
formatting could change).

Capacities come from Little's law. A worker is held for the service's own
time *and* while its parallel calls are under way, so a request holds it for
H = own time + max(response time of each call). Working bottom-up (leaves
first), each service's hold-time distribution is sampled (Monte Carlo over
its callees' sampled response times), the busy workers it needs are
B = rate x E[H], and replicas x workers is chosen so that B / (replicas x
workers) is about 55%. Its response time is then H plus the M/M/c waiting
time its callers will see (Erlang C), which feeds the tier above.
"""
import argparse
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "fifty.yaml"

SEED = 20261121
# Tier 1 holds the edges. Tier 2 can be called only by the edges (at most 9
# calls), so it stays small; the tiers widen towards the leaves.
TIERS = [("edge", 3), ("api", 6), ("svc", 16), ("store", 25)]
EDGE_RATE = 200.0            # requests per second at each edge
MEAN_MS = (2, 30)            # own service time: exponential, mean uniform in this range
FAN_OUT = (1, 3)             # calls per request of a non-leaf service
TARGET_UTILISATION = 0.55    # busy workers / workers
MAX_WORKERS_PER_REPLICA = 16
MAX_REPLICAS = 4
SAMPLES = 20000              # Monte Carlo samples per service


class Service:
    def __init__(self, name, team, tier):
        self.name = name
        self.team = team
        self.tier = tier
        self.mean_ms = 0
        self.calls = []          # callee Services, in call order
        self.rate = 0.0          # requests per second it receives
        self.hold_ms = 0.0       # E[worker holding time]
        self.response = []       # sampled response times (ms): hold + queueing
        self.replicas = 1
        self.workers = 1
        self.queue = 64

    @property
    def busy(self):
        return self.rate * self.hold_ms / 1000.0

    @property
    def utilisation(self):
        return self.busy / (self.replicas * self.workers)


def build_topology(rng):
    """The services by tier, with their own time and their calls."""
    tiers = []
    for t, (prefix, size) in enumerate(TIERS):
        width = 1 if size <= 9 else 2
        tiers.append([Service(f"{prefix}-{i:0{width}d}", prefix, t) for i in range(size)])
    services = [s for tier in tiers for s in tier]
    for s in services:
        s.mean_ms = rng.randint(*MEAN_MS)

    def later(s):
        return [c for tier in tiers[s.tier + 1:] for c in tier]

    # First every service below the edges gets one caller from an earlier
    # tier that still has room, so that every service receives traffic...
    for tier in tiers[1:]:
        for callee in tier:
            room = [c for t in tiers[:callee.tier] for c in t if len(c.calls) < FAN_OUT[1]]
            rng.choice(room).calls.append(callee)
    # ...then each caller is topped up to a fan-out drawn in 1-3 with distinct
    # callees from any later tier.
    for caller in (s for tier in tiers[:-1] for s in tier):
        want = rng.randint(*FAN_OUT)
        while len(caller.calls) < want:
            callee = rng.choice([c for c in later(caller) if c not in caller.calls])
            caller.calls.append(callee)
        caller.calls.sort(key=services.index)
    return tiers, services


def erlang_c(servers, offered):
    """Probability that an arrival waits in an M/M/c queue (offered load in Erlangs)."""
    term, total = 1.0, 1.0
    for k in range(1, servers):
        term *= offered / k
        total += term
    last = term * offered / servers / (1 - offered / servers)
    return last / (total + last)


def size_capacity(s, rng):
    """Samples s's hold time, chooses replicas, workers and queue, samples its response time."""
    holds = []
    for _ in range(SAMPLES):
        h = rng.expovariate(1.0 / s.mean_ms)
        if s.calls:
            h += max(rng.choice(c.response) for c in s.calls)
        holds.append(h)
    s.hold_ms = sum(holds) / len(holds)

    needed = s.busy / TARGET_UTILISATION
    s.replicas = min(MAX_REPLICAS, max(1, math.ceil(needed / MAX_WORKERS_PER_REPLICA)))
    per_replica = needed / s.replicas
    s.workers = min((max(1, math.floor(per_replica)), math.ceil(per_replica)),
                    key=lambda w: abs(s.busy / (s.replicas * w) - TARGET_UTILISATION))
    s.queue = max(64, 4 * s.workers)

    # Round robin splits the load evenly; each replica is taken as an M/M/c
    # queue, which overstates the wait a little (round-robin arrivals are
    # smoother than Poisson), erring towards more capacity upstream.
    offered = s.busy / s.replicas
    p_wait = erlang_c(s.workers, offered)
    mean_wait = s.hold_ms / (s.workers - offered)
    s.response = [h + (rng.expovariate(1.0 / mean_wait) if rng.random() < p_wait else 0.0)
                  for h in holds]


def plan(rng):
    tiers, services = build_topology(rng)
    for edge in tiers[0]:
        edge.rate = EDGE_RATE
    for s in services:  # tier order is a topological order
        for c in s.calls:
            c.rate += s.rate
    for tier in reversed(tiers):
        for s in tier:
            size_capacity(s, rng)
    return tiers, services


def render(tiers, services):
    total_rate = sum(s.rate for s in services)
    utilisations = [s.utilisation for s in services]
    lines = [
        "# Generated by bench/model/generate.py: do not edit by hand, rerun it instead.",
        "# The input of the domain-model benchmark (bench/README.md, \"The domain model\").",
        "# Comments give the planned load: requests per second, mean time a request holds",
        "# a worker (own time plus the slowest of its parallel calls), and the share of",
        "# workers busy (Little's law).",
        f"# Total {total_rate:.0f} requests/s over {len(services)} services; planned worker "
        f"utilisation {min(utilisations):.0%}-{max(utilisations):.0%}.",
        "firedrill: 1",
        "name: fifty",
        "title: Fifty services in a random four-tier call graph",
        "briefing: |",
        "  The domain-model benchmark: 200 requests per second at each of three",
        "  edge services, fanning out in parallel through four tiers. Healthy.",
        "duration: 1h",
        "seed: 1",
        "scrape_interval: 15s",
        "teams:",
    ]
    lines += [f"  {prefix}: {{}}" for prefix, _ in TIERS]
    lines.append("services:")
    for tier_index, tier in enumerate(tiers):
        lines.append(f"  # Tier {tier_index + 1}")
        for s in tier:
            lines += [
                f"  {s.name}:  # {s.rate:.0f} req/s, holds a worker {s.hold_ms:.1f} ms, "
                f"{s.utilisation:.0%} busy",
                f"    team: {s.team}",
                f"    replicas: {s.replicas}",
                f"    workers: {s.workers}",
                f"    queue: {s.queue}",
                f"    latency: {{mean: {s.mean_ms}ms, dist: exponential}}",
                "    errors: 0",
            ]
            if s.calls:
                lines.append("    calls:")
                lines += [f"      - {{to: {c.name}, p: 1, parallel: true}}" for c in s.calls]
    lines.append("traffic:")
    lines += [f"  - {{entry: {s.name}, rate: {EDGE_RATE:g}/s}}" for s in tiers[0]]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if fifty.yaml is not what this script writes")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()

    text = render(*plan(random.Random(SEED)))
    if args.check:
        same = args.output.exists() and args.output.read_text() == text
        print(f"{args.output}: {'up to date' if same else 'DIFFERS from generate.py output'}")
        return 0 if same else 1
    args.output.write_text(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
