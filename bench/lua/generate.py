#!/usr/bin/python3
"""Writes the scenarios of the Lua-callback benchmark into a folder.

    /usr/bin/python3 bench/lua/generate.py OUT_DIR

OUT_DIR/plain, OUT_DIR/empty and OUT_DIR/metric each get a scenario.yaml:
1,000 independent services (one replica, 4 workers, exponential 5 ms), each
receiving 1 request/s of Poisson traffic, scraped every minute, one simulated
hour. `empty` and `metric` add a faults.lua that registers `every("1s", fn)`
on each of the 1,000 services (3.6 million callbacks in the hour): `empty`
with a function that does nothing, `metric` with one that reads a metric and
compares it, as a facilitator's watchdog would. `plain` has no script: the
same run without Lua.
"""
import sys
from pathlib import Path

SERVICES = 1000

SCRIPTS = {
    "empty": """\
-- every("1s") on each service, doing nothing: the cost of a callback itself.
for _, s in ipairs(services()) do
  every("1s", function() end)
end
""",
    "metric": """\
-- every("1s") on each service, reading a metric: a watchdog's cost.
for _, s in ipairs(services()) do
  every("1s", function()
    if s:metric("inflight_requests") > 1000 then log(s, "warn", "overloaded") end
  end)
end
""",
}


def scenario_yaml(name: str, with_script: bool) -> str:
    lines = [
        "firedrill: 1",
        f"name: lua-{name}",
        f"title: 1,000 services, {'every(1s) on each' if with_script else 'no script'}",
        "duration: 1h",
        "seed: 1",
        "scrape_interval: 1m",
        "services:",
    ]
    for i in range(SERVICES):
        lines.append(f"  svc-{i:03d}: {{replicas: 1, workers: 4, queue: 64, "
                     "latency: {mean: 5ms, dist: exponential}}")
    lines.append("traffic:")
    for i in range(SERVICES):
        lines.append(f"  - {{entry: svc-{i:03d}, rate: 1/s}}")
    if with_script:
        lines.append("faults: faults.lua")
    return "\n".join(lines) + "\n"


def main() -> None:
    out = Path(sys.argv[1])
    for name in ["plain", *SCRIPTS]:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scenario.yaml").write_text(scenario_yaml(name, name != "plain"))
        if name in SCRIPTS:
            (folder / "faults.lua").write_text(SCRIPTS[name])


if __name__ == "__main__":
    main()
