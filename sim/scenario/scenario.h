// A scenario as written by its author, after loading and validation: the
// plain data that every other module reads. See docs/scenario-format.md for
// the file format and the meaning and default of every field.
#pragma once

#include <array>
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
  // When the user impact starts (scenario time), if start_given. Without
  // `start:` (start_given false, start 0) the onset is the first `fault`
  // event of the run on the root-cause service (without a root-cause
  // service, the first `fault` event of the run): found by the run, not here.
  SimTime start = 0;
  bool start_given = false;
  // What really happened, in a few sentences, for the postmortem's root-cause
  // section; trainees never see it. "" = not given.
  std::string summary;
  // Mitigations that fix it: when one has taken effect, every fault on the
  // root-cause service (or, without one, on the fix's service) ends.
  std::vector<FixSpec> fixes;
  SourceLocation where;
};

// The upper bounds of the request_duration_seconds histogram buckets the
// model exports (Prometheus' default buckets, without +Inf). An SLO's latency
// threshold must be one of them, so that good requests can be counted from
// the buckets. Must match kDurationBuckets of sim/model/engine.h.
inline constexpr std::array<SimTime, 11> kLatencyBucketBounds = {
    5 * kMillisecond,    10 * kMillisecond,  25 * kMillisecond,  50 * kMillisecond,
    100 * kMillisecond,  250 * kMillisecond, 500 * kMillisecond, kSecond,
    2500 * kMillisecond, 5 * kSecond,        10 * kSecond};

// The user-facing objective impact is measured against (`scoring: slo:`).
struct SloSpec {
  // The service whose answers count. The loader resolves "" (not given) to
  // the entry service of the first traffic entry, so it is never empty in a
  // loaded scenario.
  std::string service;
  ServiceIndex service_index = 0;  // resolved by the loader
  double objective = 0.999;        // fraction of good requests, 0 < objective < 1
  // 0 = availability only; else answers slower than this are bad too. One of
  // kLatencyBucketBounds.
  SimTime latency = 0;
  SimTime window = 30 * kDay;  // the error budget's window, > 0
  // The `slo:` map; without one, the traffic entry the service came from.
  SourceLocation where;
};

// Targets that override the severity table (`scoring: targets:`). Each is
// positive when given; 0 = not given: use the severity table's.
struct ScoringTargets {
  SimTime acknowledge = 0;   // each page acknowledged within
  SimTime respond = 0;       // owning team engaged / incident detected within (from the 1st signal)
  SimTime mitigate = 0;      // user impact over within (from the onset)
  SimTime first_status = 0;  // first status update within (from the declaration)
  SimTime status_every = 0;  // status updates at least this often until resolved
  // false when written `status_every: none`: no cadence of status updates is
  // required, whatever the severity table says (status_every is then 0).
  bool status_cadence_required = true;
};

// How the score's 100 points are split between the sections
// (`scoring: weights:`). Each 0..100; they sum to 100.
struct ScoringWeights {
  int detection = 20;
  int triage = 20;
  int escalation = 15;
  int mitigation = 25;
  int communication = 10;
  int impact = 10;
};

// How a run is scored (`scoring:`). Every key is optional; a scenario
// without `scoring:` has all the defaults (with the SLO's service resolved).
struct ScoringSpec {
  int minimum = 70;  // `firedrill test`: the reference responder scores at least this, 0..100
  SloSpec slo;
  ScoringTargets targets;
  ScoringWeights weights;
  // Mitigations that are neither fixes nor harmful (e.g. "restart checkout",
  // "scale 4 checkout" buys time): written like incident fixes.
  std::vector<FixSpec> acceptable;
  SourceLocation where;  // the `scoring:` map, if given
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
  // How runs are scored (`scoring:`): the defaults when not given.
  ScoringSpec scoring;
  bool scoring_given = false;  // whether the scenario has `scoring:`
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
