// A scenario as written by its author, after loading and validation: the
// plain data that every other module reads. See docs/scenario-format.md for
// the file format and the meaning and default of every field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/alerting/rules.h"
#include "sim/base/input_error.h"
#include "sim/base/time.h"
#include "sim/paging/oncall_spec.h"
#include "sim/routing/routing_spec.h"

namespace firedrill {

// Index of a service in Scenario::services (and of its vertex in the topology).
using ServiceIndex = std::uint32_t;

// How long a service spends on one request itself, excluding downstream calls.
struct LatencySpec {
  enum class Distribution { kLognormal, kExponential, kConstant };
  Distribution distribution = Distribution::kLognormal;
  SimTime p50 = 10 * kMillisecond;  // lognormal: median
  SimTime p99 = 50 * kMillisecond;  // lognormal: 99th percentile
  SimTime mean = 0;                 // exponential and constant: the mean (the value)
};

// Memory of one replica: base + per_request * accepted requests (+ leaks).
struct MemorySpec {
  std::int64_t base = 256LL << 20;  // bytes
  std::int64_t per_request = 0;     // bytes per request accepted (queued or in service)
  std::int64_t limit = 0;           // bytes; 0 = no limit (never OOM-killed)
};

// One downstream call made while serving a request.
struct CallSpec {
  std::string to;                       // callee service name
  ServiceIndex to_index = 0;            // resolved by the loader
  double p = 1.0;                       // probability that the call is made
  int count = 1;                        // how many such calls (each with probability p)
  SimTime timeout = 0;                  // per attempt; 0 = wait forever
  int retries = 0;                      // extra attempts after a failed one
  SimTime backoff = 25 * kMillisecond;  // base of the exponential backoff between attempts
  bool optional = false;                // failure degrades the response instead of failing it
  bool parallel = false;                // runs concurrently with adjacent parallel calls
  // A feature flag of the calling service: the call is made only while the
  // flag is on (every flag starts on). "" = always made.
  std::string flag;
  SourceLocation where;
};

// One service of the topology.
struct ServiceSpec {
  std::string name;
  std::string team;  // owning team (a key of Scenario::teams), may be empty
  int replicas = 1;
  int workers = 8;  // concurrent requests per replica
  int queue = 64;   // waiting requests per replica before rejecting with 503
  LatencySpec latency;
  double errors = 0;  // probability that the service itself answers 500
  MemorySpec memory;
  SimTime startup = 10 * kSecond;  // from (re)start until the replica takes traffic
  // A standby (a datastore's replica) and how long promoting it takes; 0 =
  // no standby, `mitigate failover` is refused.
  SimTime failover = 0;
  std::vector<CallSpec> calls;  // in the order they are made
  SourceLocation where;
};

// The shape of an entry point's arrival rate over time.
struct TrafficSpec {
  enum class Shape { kConstant, kDiurnal, kRamp };
  std::string entry;             // service receiving the requests
  ServiceIndex entry_index = 0;  // resolved by the loader
  double rate = 0;               // requests per second (the base, or the ramp's start)
  Shape shape = Shape::kConstant;
  // diurnal: rate * (1 + amplitude * cos(2*pi*(time_of_day - peak) / 24h))
  double amplitude = 0.5;
  SimTime peak = 14 * kHour;  // time of day of the daily peak
  // ramp: linear from `rate` at ramp_start to ramp_to at ramp_start + ramp_over
  double ramp_to = 0;
  SimTime ramp_start = 0;
  SimTime ramp_over = 0;  // 0 = until the end of the run
  SourceLocation where;
};

// A file the scenario was loaded from, kept verbatim for the recording.
struct ScenarioSource {
  std::string path;  // relative to the scenario's folder, e.g. "scenario.yaml"
  std::string content;
};

// A script the scenario names (its fault program), read verbatim.
struct ScriptSource {
  std::string path;  // as written in the scenario, relative to its folder: "faults.lua"
  std::string text;
  SourceLocation where;  // the scenario value that names it
};

// A mitigation that fixes the scenario's incident (`incident: fixes:`),
// written in the action vocabulary after `mitigate`: "rollback checkout".
struct FixSpec {
  std::string mitigation;         // "rollback", "failover", "scale", ...
  std::vector<std::string> args;  // the words between the mitigation and the service
  std::string service;
  ServiceIndex service_index = 0;  // resolved by the loader
  SourceLocation where;
};

// The ground truth of the scenario's incident (`incident:`), for the engine
// (declared fixes) and for scoring. Every field is optional.
struct IncidentSpec {
  int severity = 0;                // 1..4 (SEV-1 is the worst); 0 = not given
  std::string root_cause_service;  // "" = not given
  std::string root_cause_fault;    // a kind from fault_kinds() (sim/response/action.h)
  std::string team;                // the owning team, a key of `teams`
  SimTime start = 0;               // when the fault starts (scenario time)
  // Mitigations that fix it: when one has taken effect, every fault on the
  // root-cause service (or, without one, on the fix's service) ends.
  std::vector<FixSpec> fixes;
  SourceLocation where;
};

// A loaded, validated scenario.
struct Scenario {
  int format = 1;    // the `firedrill:` format version
  std::string name;  // short identifier, [a-z0-9-]
  std::string title;
  std::string briefing;  // what trainees are told at the start
  SimTime duration = kHour;
  std::uint64_t seed = 1;
  SimTime scrape_interval = 15 * kSecond;
  SimTime start_of_day = 9 * kHour;  // clock time of day at simulated time 0
  std::vector<TeamSpec> teams;
  std::vector<ServiceSpec> services;
  std::vector<TrafficSpec> traffic;
  std::optional<ScriptSource> faults;  // the `faults:` Lua program, if any
  // The reference responder bot (`responder:`, a Lua program), if any.
  std::optional<ScriptSource> responder;
  std::optional<IncidentSpec> incident;  // `incident:`, if given
  // Prometheus' evaluation_interval: how often rule groups without their own
  // `interval` are evaluated.
  SimTime evaluation_interval = kMinute;
  std::vector<RuleGroupSpec> alert_rules;  // the `alerts:` rule groups
  // Alertmanager's routing of firing alerts to receivers (`routing:`); none:
  // alerts fire but notify nobody.
  std::optional<RoutingSpec> routing;
  std::vector<ScenarioSource> sources;  // the YAML file first, then the scripts
  // What the loader found odd but usable (unsupported Alertmanager keys).
  std::vector<Diagnostic> warnings;

  // The index of a service by name, if there is one.
  std::optional<ServiceIndex> find_service(std::string_view name) const;
};

}  // namespace firedrill
