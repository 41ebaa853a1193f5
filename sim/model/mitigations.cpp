// Mitigations: what responders do to a service to stop an incident, as
// Simulation's "Mitigations" section declares them and
// docs/simulation-model.md ("Mitigations") describes them.
//
// Rolling restarts, rollbacks, scale-ups and failovers take time: each is a
// Rollout of its service (one at a time), advanced by replica readiness
// (on_replica_ready) or, for a failover, by one kFailoverDone event. Drains,
// rate limits and feature flags take effect at once; a drain or a rate limit
// is checked at admission behind one branch (ServiceState::gated), a flag
// per call behind another (Edge::flag_off).
//
// Faults can be attached to a deploy (attach_faults_to_deploy): a fault set
// inside the scope records the deploy's id as its owner (own_fault in
// faults.cpp), and a rollback that reverts that deploy turns it off.
//
// Every mitigation checks everything before it changes anything: a refusal
// throws std::invalid_argument with a message for the trainee.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "sim/base/suggest.h"
#include "sim/model/engine.h"
#include "sim/model/event_kinds.h"

namespace firedrill {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// As the scenario loader's bound on `replicas`.
constexpr int kMaxReplicas = 1000;
// A rate limit above this is a typo.
constexpr double kMaxRateLimit = 1e9;

std::string number(double x) {
  return fmt::format("{}", x);
}

// A time of the run for a trainee: "00:31:20", milliseconds only if any.
std::string clock_text(SimTime t) {
  std::string text = format_clock(t);
  const std::string_view zero = ".000";
  if (text.size() > zero.size() && text.ends_with(zero)) text.resize(text.size() - zero.size());
  return text;
}

const char* rollout_name(Rollout::Kind kind) {
  switch (kind) {
    case Rollout::Kind::kRestart:
      return "a rolling restart";
    case Rollout::Kind::kRollback:
      return "a rollback";
    case Rollout::Kind::kScale:
      return "a scale-up";
    case Rollout::Kind::kFailover:
      return "a failover";
    case Rollout::Kind::kNone:
      break;
  }
  return "a change";
}

bool replaces_replicas(Rollout::Kind kind) {
  return kind == Rollout::Kind::kRestart || kind == Rollout::Kind::kRollback;
}

// The feature flag `name` of `s`, or an error naming the flags it has.
const FeatureFlag& find_flag(const ServiceState& s, const std::string& name) {
  std::vector<std::string> names;
  for (const FeatureFlag& f : s.flags) {
    if (f.name == name) return f;
    names.push_back(f.name);
  }
  const std::string& service = s.spec->name;
  if (names.empty()) {
    throw std::invalid_argument(service +
                                " has no feature flags (a call marked with `flag:` in the "
                                "scenario has one)");
  }
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  throw std::invalid_argument(service + " has no feature flag '" + name + "'" +
                              did_you_mean(name, names) + " (its flags: " + list + ")");
}

}  // namespace

// --- Events and refusals ---

void Engine::emit_mitigation(std::uint32_t service, const Attributes& attributes, SimTime takes) {
  RunEvent event{0, std::string(event_kind::kMitigation), services_[service].spec->name, "",
                 attributes};
  event.attributes.emplace_back("takes", format_duration(takes));
  emit_event(std::move(event));
}

void Engine::emit_mitigation_done(std::uint32_t service, const Attributes& attributes) {
  emit_event(RunEvent{0, std::string(event_kind::kMitigationDone), services_[service].spec->name,
                      "", attributes});
}

void Engine::refuse_if_busy(std::uint32_t service) const {
  const ServiceState& s = services_[service];
  if (s.rollout.kind == Rollout::Kind::kNone) return;
  // The expected end; a crash-looping replica can make a rollout run late.
  throw std::invalid_argument(std::string(rollout_name(s.rollout.kind)) + " of " + s.spec->name +
                              (s.rollout.until > now()
                                   ? " is under way until " + clock_text(s.rollout.until)
                                   : std::string(" is still under way")));
}

// --- Rolling restart and rollback ---

void Engine::rolling_restart(ServiceIndex service) {
  require_service(service, "rolling_restart");
  refuse_if_busy(service);
  start_rollout(service, Rollout::Kind::kRestart, {{"action", "restart"}});
}

void Engine::roll_back(ServiceIndex service) {
  require_service(service, "roll_back");
  refuse_if_busy(service);
  const ServiceState& s = services_[service];
  if (s.versions.empty()) {
    throw std::invalid_argument(s.spec->name + " has no earlier version to roll back to");
  }
  const std::string from = s.versions.back();
  const std::string to = s.versions.size() >= 2 ? s.versions[s.versions.size() - 2] : "";
  start_rollout(service, Rollout::Kind::kRollback,
                {{"action", "rollback"}, {"from", from}, {"to", to}});
}

void Engine::start_rollout(std::uint32_t service, Rollout::Kind kind, Attributes attributes) {
  ServiceState& s = services_[service];
  // One startup per replica to replace; replicas held down by an outage are skipped.
  SimTime takes = 0;
  for (std::uint32_t replica : s.replicas) {
    if (!replicas_[replica].held) takes += s.spec->startup;
  }
  s.rollout = Rollout{};
  s.rollout.kind = kind;
  s.rollout.until = now() + takes;
  s.rollout.attributes = std::move(attributes);
  if (kind == Rollout::Kind::kRollback) s.rollout.deploy = s.deploys.back();
  emit_mitigation(service, s.rollout.attributes, takes);
  advance_rollout(service);
}

void Engine::advance_rollout(std::uint32_t service) {
  for (;;) {
    ServiceState& s = services_[service];
    Rollout& rollout = s.rollout;
    // A listener may have ended it (a deploy supersedes a rollback).
    if (!replaces_replicas(rollout.kind)) return;
    if (rollout.next >= s.replicas.size()) {
      finish_rollout(service);
      return;
    }
    const std::uint32_t replica = s.replicas[rollout.next++];
    // A replica held down by an outage starts afresh when it is released.
    if (replicas_[replica].held) continue;
    rollout.waiting = replica;
    // One that is restarting already is waited for as it is.
    if (replicas_[replica].up) {
      replace_replica(replica,
                      rollout.kind == Rollout::Kind::kRestart ? "rolling restart" : "rollback");
    }
    return;
  }
}

void Engine::finish_rollout(std::uint32_t service) {
  ServiceState& s = services_[service];
  const Rollout done = std::move(s.rollout);
  s.rollout = Rollout{};
  if (done.kind == Rollout::Kind::kRollback) revert(service, "rolling deploy by the responders");
  emit_mitigation_done(service, done.attributes);
}

void Engine::cancel_rollback(std::uint32_t service, const std::string& why) {
  services_[service].rollout = Rollout{};
  write_log(service, "", LogLevel::kWarn, "rollback stopped: " + why);
}

void Engine::rollout_replica_ready(std::uint32_t service, std::uint32_t replica) {
  Rollout& rollout = services_[service].rollout;
  if (replaces_replicas(rollout.kind)) {
    if (rollout.waiting == static_cast<std::int64_t>(replica)) advance_rollout(service);
  } else if (rollout.kind == Rollout::Kind::kScale) {
    std::erase(rollout.starting, replica);
    if (rollout.starting.empty()) finish_rollout(service);
  }
}

void Engine::rollout_after_hold(std::uint32_t service) {
  Rollout& rollout = services_[service].rollout;
  if (replaces_replicas(rollout.kind)) {
    if (rollout.waiting >= 0 && replicas_[static_cast<std::size_t>(rollout.waiting)].held) {
      advance_rollout(service);
    }
  } else if (rollout.kind == Rollout::Kind::kScale) {
    std::erase_if(rollout.starting, [&](std::uint32_t r) { return replicas_[r].held; });
    if (rollout.starting.empty()) finish_rollout(service);
  }
}

// --- Scale ---

int Engine::replica_count(ServiceIndex service) const {
  require_service(service, "replica_count");
  return static_cast<int>(services_[service].replicas.size());
}

std::uint32_t Engine::add_replica(std::uint32_t service) {
  ServiceState& s = services_[service];
  std::uint32_t replica;
  if (!s.retired.empty()) {
    replica = s.retired.back();
    s.retired.pop_back();
  } else {
    replica = static_cast<std::uint32_t>(replicas_.size());
    Replica r;
    r.service = service;
    r.instance = s.spec->name + "-" + std::to_string(s.replicas.size());
    r.queue = RingQueue(static_cast<std::size_t>(s.spec->queue));
    r.memory_series =
        metrics_.intern("memory_bytes", {{"service", s.spec->name}, {"instance", r.instance}});
    replicas_.push_back(std::move(r));
  }
  // A new pod: down until its startup time has passed, no restarts, no streak.
  Replica& r = replicas_[replica];
  r.up = false;
  r.held = false;
  ++r.epoch;
  r.crash_streak = 0;
  r.restarts = 0;
  r.leaked = 0;
  r.leak_anchor = now();
  r.memory_check_pending = false;
  ++r.memory_token;
  s.replicas.push_back(replica);
  kernel_.schedule_after(s.spec->startup, static_cast<std::uint32_t>(EventKind::kReplicaReady),
                         replica, r.epoch);
  return replica;
}

void Engine::scale(ServiceIndex service, int replicas) {
  require_service(service, "scale");
  ServiceState& s = services_[service];
  const std::string& name = s.spec->name;
  if (replicas < 1 || replicas > kMaxReplicas) {
    throw std::invalid_argument("cannot scale " + name + " to " + std::to_string(replicas) +
                                " replicas: a service runs 1 to " + std::to_string(kMaxReplicas));
  }
  refuse_if_busy(service);
  const int before = static_cast<int>(s.replicas.size());
  if (replicas == before) {
    throw std::invalid_argument(name + " already runs " + std::to_string(before) + " replicas");
  }

  std::vector<std::uint32_t> started, removed, held;
  std::vector<PendingResponse> victims;
  while (static_cast<int>(s.replicas.size()) < replicas) started.push_back(add_replica(service));
  while (static_cast<int>(s.replicas.size()) > replicas) {
    // Highest ordinals first; they stop at once, without a restart.
    const std::uint32_t replica = s.replicas.back();
    if (replicas_[replica].up) {
      take_down(replica, Stop::kHold, victims);
    } else {
      ++replicas_[replica].epoch;  // restarting or held: cancels its start
    }
    replicas_[replica].held = false;
    s.replicas.pop_back();
    s.retired.push_back(replica);
    removed.push_back(replica);
  }
  if (s.next_replica >= s.replicas.size()) s.next_replica = 0;
  // An outage holds its fraction of the replicas the service has now.
  if (s.outage_fraction > 0) {
    hold_replicas(service, outage_target(s.outage_fraction, s.replicas.size()), held, victims);
  }

  std::vector<std::uint32_t> starting;
  for (std::uint32_t replica : started) {
    if (replicas_[replica].held) continue;
    starting.push_back(replica);
    write_log(service, replicas_[replica].instance, LogLevel::kInfo,
              "container starting (back in " + format_duration(s.spec->startup) + ")");
  }
  for (std::uint32_t replica : removed) {
    write_log(service, replicas_[replica].instance, LogLevel::kInfo,
              "received SIGTERM: shutting down (scaled down)");
  }
  const Attributes attributes{{"action", "scale"},
                              {"replicas", std::to_string(replicas)},
                              {"previous", std::to_string(before)}};
  const SimTime takes = starting.empty() ? 0 : s.spec->startup;
  if (!starting.empty()) {
    s.rollout = Rollout{};
    s.rollout.kind = Rollout::Kind::kScale;
    s.rollout.until = now() + takes;
    s.rollout.starting = starting;
    s.rollout.attributes = attributes;
  }
  emit_mitigation(service, attributes, takes);
  for (std::uint32_t replica : removed) {
    emit_event(RunEvent{0,
                        std::string(event_kind::kReplicaDown),
                        name,
                        replicas_[replica].instance,
                        {{"reason", "scaled_down"}}});
  }
  for (std::uint32_t replica : held) {
    emit_event(RunEvent{0,
                        std::string(event_kind::kReplicaDown),
                        name,
                        replicas_[replica].instance,
                        {{"reason", "outage"}}});
  }
  if (starting.empty()) emit_mitigation_done(service, attributes);
  answer(victims);
}

// --- Drain and rate limit ---

void Engine::set_drained(ServiceIndex service, bool drained) {
  require_service(service, "set_drained");
  ServiceState& s = services_[service];
  if (s.drained == drained) {
    throw std::invalid_argument(s.spec->name +
                                (drained ? " is already drained" : " is not drained"));
  }
  s.drained = drained;
  s.gated = s.drained || s.rate_limit > 0;
  const Attributes attributes{{"action", drained ? "drain" : "undrain"}};
  emit_mitigation(service, attributes, 0);
  emit_mitigation_done(service, attributes);
}

void Engine::set_rate_limit(ServiceIndex service, double per_second) {
  require_service(service, "set_rate_limit");
  ServiceState& s = services_[service];
  if (!(per_second >= 0) || !(per_second <= kMaxRateLimit)) {  // NaN fails both
    throw std::invalid_argument(
        "a rate limit is a number of requests per second from 0 (none) to 1000000000, not " +
        number(per_second));
  }
  if (per_second == s.rate_limit) {
    throw std::invalid_argument(per_second == 0 ? s.spec->name + " has no rate limit to remove"
                                                : s.spec->name + " is already limited to " +
                                                      number(per_second) + "/s");
  }
  // A new limit starts with a full bucket; a changed one keeps what is left.
  const double burst = std::max(per_second, 1.0);
  if (s.rate_limit > 0) {
    const double refill = s.rate_limit * static_cast<double>(now() - s.tokens_at) / kSecond;
    s.tokens = std::min({burst, std::max(s.rate_limit, 1.0), s.tokens + refill});
  } else {
    s.tokens = burst;
  }
  s.tokens_at = now();
  s.rate_limit = per_second;
  s.gated = s.drained || s.rate_limit > 0;
  const Attributes attributes{{"action", "rate-limit"},
                              {"limit", per_second > 0 ? number(per_second) + "/s" : "off"}};
  emit_mitigation(service, attributes, 0);
  emit_mitigation_done(service, attributes);
}

bool Engine::gate(std::uint32_t service, const ReplyTo& reply) {
  ServiceState& s = services_[service];
  if (s.drained) {
    respond(reply, Outcome::kRefused, kNoReplica);
    return true;
  }
  if (s.rate_limit <= 0) return false;
  // A token bucket of one second of requests, refilled continuously.
  const double burst = std::max(s.rate_limit, 1.0);
  s.tokens =
      std::min(burst, s.tokens + s.rate_limit * static_cast<double>(now() - s.tokens_at) / kSecond);
  s.tokens_at = now();
  if (s.tokens >= 1) {
    s.tokens -= 1;
    return false;
  }
  // Answered 503 in front of the replicas: no worker, no queue, no time.
  ++s.by_code[static_cast<int>(Code::k503)];
  ++s.bucket_counts[0];
  s.latency->record(0);
  log(LogKind::kRateLimited, service, 0, "", LogLevel::kWarn, [&] {
    return "rate limit of " + number(s.rate_limit) + "/s exceeded: rejected request with 503";
  });
  respond(reply, Outcome::kRejected, kNoReplica);
  return true;
}

// --- Failover ---

void Engine::failover(ServiceIndex service) {
  require_service(service, "failover");
  ServiceState& s = services_[service];
  const std::string& name = s.spec->name;
  if (s.spec->failover <= 0) {
    throw std::invalid_argument(name +
                                " has no standby to fail over to (add `failover:` to the service)");
  }
  refuse_if_busy(service);
  std::vector<std::uint32_t> downed;
  std::vector<PendingResponse> victims;
  for (std::uint32_t replica : s.replicas) {
    if (replicas_[replica].up) {
      take_down(replica, Stop::kHold, victims);
      downed.push_back(replica);
    } else if (!replicas_[replica].held) {
      ++replicas_[replica].epoch;  // restarting: the failover's end brings it up
    }
  }
  const SimTime takes = s.spec->failover;
  s.rollout = Rollout{};
  s.rollout.kind = Rollout::Kind::kFailover;
  s.rollout.until = now() + takes;
  s.rollout.attributes = {{"action", "failover"}};
  ++s.failover_token;
  kernel_.schedule_at(s.rollout.until, static_cast<std::uint32_t>(EventKind::kFailoverDone),
                      service, s.failover_token);
  write_log(service, "", LogLevel::kWarn,
            "failing over: promoting the standby (ready in " + format_duration(takes) + ")");
  emit_mitigation(service, s.rollout.attributes, takes);
  for (std::uint32_t replica : downed) {
    emit_event(RunEvent{0,
                        std::string(event_kind::kReplicaDown),
                        name,
                        replicas_[replica].instance,
                        {{"reason", "failover"}}});
  }
  answer(victims);
}

void Engine::on_failover_done(std::uint32_t service, std::uint32_t token) {
  ServiceState& s = services_[service];
  if (s.rollout.kind != Rollout::Kind::kFailover || token != s.failover_token) return;
  const Attributes attributes = s.rollout.attributes;
  s.rollout = Rollout{};
  // The promoted standby has none of the old primary's faults, and starts
  // with fresh memory and no crash streak.
  reset_faults(service);
  for (std::uint32_t replica : s.replicas) {
    Replica& r = replicas_[replica];
    r.held = false;
    r.crash_streak = 0;
    ++r.epoch;
  }
  write_log(service, "", LogLevel::kInfo, "failover complete: the standby is the new primary");
  emit_fault_cleared(service, "all");
  // A copy: listeners of replica_ready may scale the service.
  const std::vector<std::uint32_t> replicas = services_[service].replicas;
  for (std::uint32_t replica : replicas) on_replica_ready(replica, replicas_[replica].epoch);
  emit_mitigation_done(service, attributes);
}

// --- Feature flags ---

void Engine::set_flag(ServiceIndex service, const std::string& name, bool on) {
  require_service(service, "set_flag");
  ServiceState& s = services_[service];
  const FeatureFlag& found = find_flag(s, name);
  if (found.on == on) {
    throw std::invalid_argument("feature flag '" + name + "' of " + s.spec->name + " is already " +
                                (on ? "on" : "off"));
  }
  FeatureFlag& flag = s.flags[static_cast<std::size_t>(&found - s.flags.data())];
  flag.on = on;
  for (std::uint32_t edge : flag.edges) edges_[edge].flag_off = !on;
  const Attributes attributes{{"action", "flag"}, {"flag", name}, {"state", on ? "on" : "off"}};
  emit_mitigation(service, attributes, 0);
  emit_mitigation_done(service, attributes);
}

bool Engine::flag(ServiceIndex service, const std::string& name) const {
  require_service(service, "flag");
  return find_flag(services_[service], name).on;
}

// --- Faults attached to deploys ---

void Engine::attach_faults_to_deploy(ServiceIndex service, const std::function<void()>& fn) {
  require_service(service, "attach_faults_to_deploy");
  const ServiceState& s = services_[service];
  if (s.deploys.empty()) {
    throw std::invalid_argument("attach_faults_to_deploy: " + s.spec->name +
                                " has no deploy to attach faults to (deploy it first)");
  }
  // Restores the outer scope however fn ends (scopes may nest).
  struct Attaching {
    Engine& e;
    std::uint32_t saved;
    ~Attaching() { e.attaching_ = saved; }
  } restore{*this, attaching_};
  attaching_ = s.deploys.back();
  fn();
}

void Engine::end_deploy_faults(std::uint32_t deploy) {
  // Services in index order, faults in a fixed order, then partitions by
  // pair: the fault_cleared events come in the same order in every run.
  for (std::uint32_t i = 0; i < services_.size(); ++i) {
    auto owned = [&](FaultSlot slot) {
      return services_[i].fault_deploy[static_cast<int>(slot)] == deploy;
    };
    if (owned(FaultSlot::kLatency)) set_added_latency(i, 0, 1);
    if (owned(FaultSlot::kErrors)) set_error_rate(i, 0);
    if (owned(FaultSlot::kMemoryLeak)) set_memory_leak(i, 0, 0);
    if (owned(FaultSlot::kCpuHog)) set_cpu_hog(i, 1);
    if (owned(FaultSlot::kOutage)) set_outage(i, 0);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (const auto& [pair, owner] : partition_deploy_) {
    if (owner == deploy) pairs.push_back(pair);
  }
  for (const auto& [a, b] : pairs) set_partition(a, b, false);
}

}  // namespace firedrill
