// Replicas: round-robin load balancing over the healthy ones, memory
// accounting, OOM kills and restarts.
//
// Memory of a replica = base + per_request x (requests it holds) + leaked.
// A leak accrues continuously while the replica is up; instead of polling,
// the engine computes when usage will reach the limit and schedules one check
// for that microsecond, rescheduling whenever the prediction moves earlier.
// So an OOM kill lands at the time the arithmetic predicts.
#include <cmath>

#include <fmt/core.h>

#include "sim/base/units.h"
#include "sim/model/engine.h"

namespace firedrill {

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
  if (r.up && s.leak_per_second > 0)
    r.leaked += s.leak_per_second * to_seconds(now() - r.leak_anchor);
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
  SimTime delay =
      headroom <= 0 ? 0 : static_cast<SimTime>(std::ceil(headroom / s.leak_per_second * kSecond));
  const SimTime when = now() + delay;
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
  if (!r.up) return;
  if (memory_now(r) >= static_cast<double>(services_[r.service].spec->memory.limit)) {
    oom_kill(replica);
    return;
  }
  // Rounding left usage a hair under the limit, or requests finished since
  // the check was planned: plan again (at least a microsecond later).
  const ServiceState& s = services_[r.service];
  if (s.leak_per_second <= 0) return;
  r.memory_check_pending = true;
  const double headroom = static_cast<double>(s.spec->memory.limit) - memory_now(r);
  SimTime delay = static_cast<SimTime>(std::ceil(headroom / s.leak_per_second * kSecond));
  if (delay < 1) delay = 1;
  r.memory_check_at = now() + delay;
  ++r.memory_token;
  kernel_.schedule_at(r.memory_check_at, static_cast<std::uint32_t>(EventKind::kMemoryCheck),
                      replica, r.memory_token);
}

void Engine::oom_kill(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  ServiceState& s = services_[r.service];
  const double usage = memory_now(r);
  const std::string limit = format_bytes(static_cast<double>(s.spec->memory.limit));
  ++s.oom_kills;
  emit_event(RunEvent{0,
                      "oom_killed",
                      s.spec->name,
                      r.instance,
                      {{"memory_bytes", std::to_string(std::llround(usage))},
                       {"limit_bytes", std::to_string(s.spec->memory.limit)}}});
  write_log(r.service, r.instance, LogLevel::kError,
            "OOMKilled: container memory " + format_bytes(usage) + " reached its limit of " +
                limit + " (exit code 137)");
  take_down(replica);
}

void Engine::take_down(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  ServiceState& s = services_[r.service];
  update_integrals(s);
  r.up = false;
  ++r.epoch;
  --s.up;
  ++r.restarts;
  ++s.restarts;
  r.memory_check_pending = false;
  ++r.memory_token;
  r.leaked = 0;

  // Every request the replica held fails. Free them all before answering
  // anyone: the answers may deliver new requests that reuse the slots.
  std::vector<ReplyTo> victims;
  for (std::uint32_t i = 0; i < requests_.capacity(); ++i) {
    if (!requests_.live(i) || requests_[i].replica != replica) continue;
    if (requests_[i].computing) --s.computing;
    victims.push_back(requests_[i].reply);
    requests_.release(i);
  }
  r.busy = 0;
  r.queue.clear();

  kernel_.schedule_after(s.spec->startup, static_cast<std::uint32_t>(EventKind::kReplicaReady),
                         replica, r.epoch);
  write_log(r.service, r.instance, LogLevel::kInfo,
            "container restarting (back in " + format_duration(s.spec->startup) + ")");
  for (const ReplyTo& victim : victims) respond(victim, Outcome::kReset, r.instance);
}

void Engine::on_replica_ready(std::uint32_t replica, std::uint32_t epoch) {
  Replica& r = replicas_[replica];
  if (epoch != r.epoch || r.up) return;
  ServiceState& s = services_[r.service];
  update_integrals(s);
  r.up = true;
  ++s.up;
  r.leaked = 0;
  r.leak_anchor = now();
  emit_event(RunEvent{0, "replica_ready", s.spec->name, r.instance, {}});
  write_log(r.service, r.instance, LogLevel::kInfo, "started, ready to serve traffic");
  schedule_memory_check(replica);
}

void Engine::set_memory_leak(ServiceIndex service, double per_second, std::int64_t per_request) {
  ServiceState& s = services_[service];
  for (std::uint32_t replica : s.replicas) settle_leak(replicas_[replica]);
  s.leak_per_second = per_second;
  s.leak_per_request = per_request;
  emit_event(RunEvent{0,
                      "memory_leak",
                      s.spec->name,
                      "",
                      {{"bytes_per_second", fmt::format("{}", per_second)},
                       {"bytes_per_request", std::to_string(per_request)}}});
  for (std::uint32_t replica : s.replicas) {
    replicas_[replica].memory_check_pending = false;
    ++replicas_[replica].memory_token;
    check_memory(replica);
  }
}

}  // namespace firedrill
