// Replicas: round-robin load balancing over the healthy ones, memory
// accounting, OOM kills and restarts.
//
// Memory of a replica = base + per_request x (requests it holds) + leaked.
// A leak accrues continuously while the replica is up; instead of polling,
// the engine computes when usage will reach the limit and schedules one check
// for that microsecond, rescheduling whenever the prediction moves earlier.
// So an OOM kill lands at the time the arithmetic predicts.
//
// State changes come first, hooks after: a kill marks the replica down and
// frees its requests before listeners hear of it and before its callers get
// their answers, so that whatever they do sees a consistent model.
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/base/units.h"
#include "sim/model/engine.h"
#include "sim/model/event_kinds.h"

namespace firedrill {
namespace {

// Restart back-off after repeated crashes, as Kubernetes' CrashLoopBackOff:
// none for the first, then 10s, 20s, 40s, ... up to 5 minutes; the streak
// resets once a replica has stayed up for 10 minutes.
constexpr SimTime kBackoffBase = 10 * kSecond;
constexpr SimTime kBackoffCap = 5 * kMinute;
constexpr SimTime kBackoffReset = 10 * kMinute;

SimTime crash_backoff(int streak) {
  if (streak <= 1) return 0;
  SimTime backoff = kBackoffBase;
  for (int i = 2; i < streak && backoff < kBackoffCap; ++i) backoff *= 2;
  return std::min(backoff, kBackoffCap);
}

// Predicted crossings further away than this are not scheduled: no run is
// that long, and the microsecond count would not fit an int64 much further.
constexpr double kFarFuture = 1e17;  // microseconds, about 3,000 years

}  // namespace

std::int64_t Engine::pick_replica(ServiceState& s) {
  const auto n = static_cast<std::uint32_t>(s.replicas.size());
  std::uint32_t slot = s.next_replica;
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t replica = s.replicas[slot];
    if (++slot == n) slot = 0;
    if (replicas_[replica].up) {
      s.next_replica = slot;
      return replica;
    }
  }
  return -1;
}

void Engine::update_integrals(ServiceState& s) {
  const auto dt = static_cast<double>(now() - s.integral_at);
  s.busy_integral += s.computing * dt;
  s.capacity_integral += static_cast<double>(s.up) * s.spec->workers * dt;
  s.integral_at = now();
}

double Engine::memory_now(const Replica& r) const {
  const ServiceState& s = services_[r.service];
  const MemorySpec& m = s.spec->memory;
  const double held = static_cast<double>(r.busy) + static_cast<double>(r.queue.size());
  double leaked = r.leaked;
  if (s.leak_per_second > 0) leaked += s.leak_per_second * to_seconds(now() - r.leak_anchor);
  return static_cast<double>(m.base) + static_cast<double>(m.per_request) * held + leaked;
}

void Engine::settle_leak(Replica& r) {
  const ServiceState& s = services_[r.service];
  if (r.up && s.leak_per_second > 0) {
    r.leaked += s.leak_per_second * to_seconds(now() - r.leak_anchor);
  }
  r.leak_anchor = now();
}

void Engine::check_memory(std::uint32_t replica) {
  const Replica& r = replicas_[replica];
  const std::int64_t limit = services_[r.service].spec->memory.limit;
  if (limit == 0 || !r.up) return;
  if (memory_now(r) >= static_cast<double>(limit)) {
    oom_kill(replica);
    return;
  }
  schedule_memory_check(replica);
}

void Engine::schedule_memory_check(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  const ServiceState& s = services_[r.service];
  const auto limit = static_cast<double>(s.spec->memory.limit);
  if (!r.up || limit == 0 || s.leak_per_second <= 0) return;
  const double headroom = limit - memory_now(r);
  const double delay = headroom <= 0 ? 0 : std::ceil(headroom / s.leak_per_second * kSecond);
  if (delay > kFarFuture) return;
  // At least a microsecond: rounding can leave usage a hair under the limit
  // at the predicted time.
  const SimTime when = now() + std::max<SimTime>(1, static_cast<SimTime>(delay));
  if (r.memory_check_pending && r.memory_check_at <= when) return;
  ++r.memory_token;
  r.memory_check_pending = true;
  r.memory_check_at = when;
  kernel_.schedule_at(when, static_cast<std::uint32_t>(EventKind::kMemoryCheck), replica,
                      r.memory_token);
}

void Engine::on_memory_check(std::uint32_t replica, std::uint32_t token) {
  Replica& r = replicas_[replica];
  if (!r.memory_check_pending || token != r.memory_token) return;
  r.memory_check_pending = false;
  // Kills if at the limit; otherwise plans the next check (requests that
  // finished since this one was planned moved the crossing later).
  check_memory(replica);
}

void Engine::oom_kill(std::uint32_t replica) {
  const double usage = memory_now(replicas_[replica]);
  const std::uint32_t service = replicas_[replica].service;
  const std::int64_t limit = services_[service].spec->memory.limit;
  ++services_[service].oom_kills;
  std::vector<PendingResponse> victims;
  take_down(replica, Stop::kCrash, victims);
  // A copy: listeners may add replicas (scale), which moves them.
  const std::string instance = replicas_[replica].instance;
  write_log(service, instance, LogLevel::kError,
            "OOMKilled: container memory " + format_bytes(usage) + " reached its limit of " +
                format_bytes(static_cast<double>(limit)) + " (exit code 137)");
  write_log(service, instance, LogLevel::kInfo, restart_message(replica));
  const std::string& name = services_[service].spec->name;
  emit_event(RunEvent{0,
                      std::string(event_kind::kOomKilled),
                      name,
                      instance,
                      {{"memory_bytes", std::to_string(std::llround(std::min(usage, 9e18)))},
                       {"limit_bytes", std::to_string(limit)}}});
  emit_event(
      RunEvent{0, std::string(event_kind::kRestart), name, instance, {{"reason", "oom_killed"}}});
  answer(victims);
}

void Engine::take_down(std::uint32_t replica, Stop why, std::vector<PendingResponse>& victims) {
  Replica& r = replicas_[replica];
  ServiceState& s = services_[r.service];
  update_integrals(s);
  r.up = false;
  ++r.epoch;
  --s.up;
  r.memory_check_pending = false;
  ++r.memory_token;
  r.leaked = 0;

  // Every request the replica held fails. All are freed before anyone is
  // answered: the answers may deliver new requests that reuse the slots.
  for (std::uint32_t i = 0; i < requests_.capacity(); ++i) {
    if (!requests_.live(i) || requests_[i].replica != replica) continue;
    if (requests_[i].computing) --s.computing;
    victims.push_back(PendingResponse{requests_[i].reply, Outcome::kReset, replica});
    requests_.release(i);
  }
  r.busy = 0;
  r.queue.clear();

  switch (why) {
    case Stop::kCrash:
      r.crash_streak = now() - r.up_since >= kBackoffReset ? 1 : r.crash_streak + 1;
      break;
    case Stop::kManual:
      // A replaced container starts afresh, as when Kubernetes deletes a pod:
      // no back-off now, and the next crash is the first of a new streak.
      r.crash_streak = 0;
      break;
    case Stop::kHold:
      // Not a restart: no count, no streak, and no restart until released.
      return;
  }
  ++r.restarts;
  ++s.restarts;
  kernel_.schedule_after(crash_backoff(r.crash_streak) + s.spec->startup,
                         static_cast<std::uint32_t>(EventKind::kReplicaReady), replica, r.epoch);
}

void Engine::answer(const std::vector<PendingResponse>& victims) {
  for (const PendingResponse& victim : victims)
    respond(victim.reply, victim.outcome, victim.responder);
}

void Engine::restart(ServiceIndex service, int ordinal) {
  require_service(service, "restart");
  const ServiceState& s = services_[service];
  if (ordinal < 0 || static_cast<std::size_t>(ordinal) >= s.replicas.size()) {
    throw std::invalid_argument("restart: " + s.spec->name + " has " +
                                std::to_string(s.replicas.size()) + " replicas, no replica " +
                                std::to_string(ordinal));
  }
  const std::uint32_t replica = s.replicas[static_cast<std::size_t>(ordinal)];
  const Replica& r = replicas_[replica];
  if (r.held) {
    // The restart is attempted (scripts and trainees see it), but whatever
    // holds the replica down still does: it stays down.
    write_log(service, r.instance, LogLevel::kError,
              "manual restart: container failed to start (still down)");
    emit_event(RunEvent{0,
                        std::string(event_kind::kRestart),
                        s.spec->name,
                        r.instance,
                        {{"reason", "manual"}, {"result", "still_down"}}});
    return;
  }
  if (!r.up) return;  // restarting already
  replace_replica(replica, "manual restart");
}

void Engine::replace_replica(std::uint32_t replica, const char* why) {
  const std::uint32_t service = replicas_[replica].service;
  std::vector<PendingResponse> victims;
  take_down(replica, Stop::kManual, victims);
  const std::string instance = replicas_[replica].instance;
  write_log(service, instance, LogLevel::kInfo,
            std::string("received SIGTERM: shutting down (") + why + ")");
  write_log(service, instance, LogLevel::kInfo, restart_message(replica));
  emit_event(RunEvent{0,
                      std::string(event_kind::kRestart),
                      services_[service].spec->name,
                      instance,
                      {{"reason", "manual"}}});
  answer(victims);
}

std::string Engine::restart_message(std::uint32_t replica) const {
  const Replica& r = replicas_[replica];
  const SimTime startup = services_[r.service].spec->startup;
  const SimTime backoff = crash_backoff(r.crash_streak);
  if (backoff == 0) return "container restarting (back in " + format_duration(startup) + ")";
  return "back-off " + format_duration(backoff) +
         " restarting failed container (CrashLoopBackOff, " + std::to_string(r.crash_streak) +
         " crashes in a row; back in " + format_duration(backoff + startup) + ")";
}

void Engine::on_replica_ready(std::uint32_t replica, std::uint32_t epoch) {
  Replica& r = replicas_[replica];
  if (epoch != r.epoch || r.up || r.held) return;
  const std::uint32_t service = r.service;
  ServiceState& s = services_[service];
  // During a failover every replica stays down; its end brings them all up.
  if (s.rollout.kind == Rollout::Kind::kFailover) return;
  update_integrals(s);
  r.up = true;
  ++s.up;
  r.up_since = now();
  r.leaked = 0;
  r.leak_anchor = now();
  write_log(service, r.instance, LogLevel::kInfo, "started, ready to serve traffic");
  schedule_memory_check(replica);
  emit_event(RunEvent{
      0, std::string(event_kind::kReplicaReady), s.spec->name, replicas_[replica].instance, {}});
  if (services_[service].rollout.kind != Rollout::Kind::kNone) {
    rollout_replica_ready(service, replica);
  }
}

}  // namespace firedrill
