#!/usr/bin/python3
"""The domain model in SimPy 3: the peer of `firedrill run bench/model/fifty.yaml`.

Reads the same scenario file (python3-yaml) and simulates what
docs/simulation-model.md says firedrill does with it, as a SimPy user would
write it:

- each traffic entry is a Poisson process (`random.expovariate`) starting one
  request process per arrival at its entry service;
- a service's replicas are taken round robin; each replica is a
  `simpy.Resource(capacity=workers)`; a request that finds every worker busy
  and `queue` requests already waiting is rejected at once (503, counted);
- a request waits for a worker (FIFO), holds it for an exponential service
  time, then, still holding it, starts every call of its parallel group as a
  child request process and waits for all of them (`env.all_of`), releases
  the worker and answers.

Only the subset of the format that fifty.yaml uses is supported (constant
traffic, exponential latency, parallel calls with p = 1, count = 1, no
timeouts or retries, no errors); anything else is refused rather than
silently simulated differently.

Latency is admission to answer, queueing included, as in firedrill's
request_duration_seconds. Events executed are read from the environment's
event-id counter (scheduled minus still pending) instead of wrapping
`Environment.step`, so the count costs SimPy nothing.

Prints one JSON line: events, wall_seconds (setup plus the event loop),
simulated_seconds, requests answered, rejections, and per service: requests
answered, mean latency, and the share of its workers busy.
"""
import argparse
import json
import random
import re
import time

import simpy
import yaml

UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
RATE_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}


def seconds(value) -> float:
    """A scenario duration ('250ms', '1h30m', 0) in seconds."""
    if value == 0 or value == "0":
        return 0.0
    text = str(value)
    parts = re.findall(r"(\d+(?:\.\d+)?)(us|ms|s|m|h|d)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"unsupported duration {value!r}")
    return sum(float(n) * UNITS[u] for n, u in parts)


def per_second(value) -> float:
    """A scenario rate ('200/s', '30/m', 5) in events per second."""
    number, _, unit = str(value).partition("/")
    return float(number) / RATE_UNITS[unit or "s"]


class Service:
    """A service: its replicas (one Resource each) and what it counts."""

    def __init__(self, env, name, spec):
        def refuse(key):
            raise ValueError(f"service {name}: {key} is not supported by this model")

        latency = spec.get("latency", {})
        if latency.get("dist") != "exponential":
            refuse("a latency other than exponential")
        if spec.get("errors", 0) != 0:
            refuse("errors")
        self.name = name
        self.rate = 1.0 / seconds(latency["mean"])  # for expovariate
        self.replicas = [simpy.Resource(env, capacity=spec.get("workers", 8))
                         for _ in range(spec.get("replicas", 1))]
        self.queue_limit = spec.get("queue", 64)
        self.next_replica = 0
        self.call_specs = spec.get("calls", [])
        for call in self.call_specs:
            if (not call.get("parallel") or call.get("p", 1) != 1 or call.get("count", 1) != 1
                    or call.get("timeout", 0) not in (0, "0") or call.get("retries", 0)):
                refuse(f"call to {call['to']} (only parallel, p 1, count 1, no timeout/retries)")
        self.calls = []  # Services, resolved once all exist
        self.answered = 0
        self.latency_sum = 0.0
        self.busy_time = 0.0  # worker-seconds held
        self.rejected = 0


def request(env, service, rng):
    """One request inside `service`, from admission to answer (a SimPy process)."""
    replica = service.replicas[service.next_replica]
    service.next_replica = (service.next_replica + 1) % len(service.replicas)
    if replica.count == replica.capacity and len(replica.queue) >= service.queue_limit:
        service.rejected += 1
        return 503
    arrived = env.now
    with replica.request() as worker:
        yield worker
        started = env.now
        yield env.timeout(rng.expovariate(service.rate))
        if service.calls:
            yield env.all_of([env.process(request(env, callee, rng))
                              for callee in service.calls])
        service.busy_time += env.now - started
    service.answered += 1
    service.latency_sum += env.now - arrived
    return 200


def arrivals(env, entry, rate, rng):
    """Poisson arrivals at an entry service."""
    while True:
        yield env.timeout(rng.expovariate(rate))
        env.process(request(env, entry, rng))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", help="the scenario YAML file (bench/model/fifty.yaml)")
    parser.add_argument("--until", type=float,
                        help="simulated seconds to run (default: the scenario's duration)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with open(args.scenario) as f:
        scenario = yaml.safe_load(f)
    horizon = args.until or seconds(scenario.get("duration", "1h"))

    start = time.perf_counter()
    env = simpy.Environment()
    rng = random.Random(args.seed)
    services = {name: Service(env, name, spec or {})
                for name, spec in scenario["services"].items()}
    for s in services.values():
        s.calls = [services[call["to"]] for call in s.call_specs]
    for entry in scenario["traffic"]:
        if entry.get("shape", "constant") != "constant":
            raise ValueError("only constant traffic is supported by this model")
        env.process(arrivals(env, services[entry["entry"]], per_second(entry["rate"]), rng))
    env.run(until=horizon)
    wall = time.perf_counter() - start

    # Every event SimPy executed was scheduled, and what is still queued was not run.
    events = next(env._eid) - len(env._queue)
    print(json.dumps({
        "events": events,
        "wall_seconds": round(wall, 6),
        "events_per_second": round(events / wall, 1) if wall > 0 else 0.0,
        "simulated_seconds": horizon,
        "requests": sum(s.answered for s in services.values()),
        "rejected": sum(s.rejected for s in services.values()),
        "services": {
            s.name: {
                "requests": s.answered,
                "rejected": s.rejected,
                "mean_latency_seconds": s.latency_sum / s.answered if s.answered else None,
                "utilisation": s.busy_time / (
                    horizon * sum(r.capacity for r in s.replicas)),
            } for s in services.values()
        },
    }))


if __name__ == "__main__":
    main()
