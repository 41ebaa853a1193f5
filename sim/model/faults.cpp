// Faults on services, as a fault script sets them: crashes, outages, added
// latency, errors, memory leaks, CPU hogs and network partitions.
//
// A fault is state the hot path reads with one branch while it is off:
// ServiceState::slow (latency, CPU hog), ServiceState::error_rate,
// Edge::partitioned, and the leak rates the memory arithmetic already uses.
// Setting a fault emits a `fault` event, turning it off a `fault_cleared`
// event (only if it was on: a script that clears defensively leaves no noise).
//
// As everywhere in the model, state changes come before hooks: replicas are
// taken down and their requests freed before any listener hears of it, and
// their callers are answered last.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/core.h>

#include "sim/model/engine.h"
#include "sim/model/event_kinds.h"

namespace firedrill {
namespace {

// Attribute values: the shortest text that reads back as the same double.
std::string number(double x) {
  return fmt::format("{}", x);
}

// Throws the facade's error for an argument out of range.
[[noreturn]] void invalid(const char* function, const std::string& what, double got) {
  throw std::invalid_argument(std::string(function) + ": " + what + ", got " + number(got));
}

bool in_unit_interval(double x) {
  return x >= 0 && x <= 1;  // false for NaN
}

}  // namespace

void Engine::emit_fault(std::uint32_t service, std::string_view fault,
                        std::vector<std::pair<std::string, std::string>> parameters) {
  RunEvent event{0, std::string(event_kind::kFault), services_[service].spec->name, "", {}};
  event.attributes.emplace_back("fault", std::string(fault));
  for (auto& p : parameters) event.attributes.push_back(std::move(p));
  emit_event(std::move(event));
}

void Engine::emit_fault_cleared(std::uint32_t service, std::string_view fault,
                                std::vector<std::pair<std::string, std::string>> parameters) {
  RunEvent event{0, std::string(event_kind::kFaultCleared), services_[service].spec->name, "", {}};
  event.attributes.emplace_back("fault", std::string(fault));
  for (auto& p : parameters) event.attributes.push_back(std::move(p));
  emit_event(std::move(event));
}

// --- Crash and outage ---

void Engine::crash(ServiceIndex service, int count) {
  require_service(service, "crash");
  const ServiceState& s = services_[service];
  std::vector<std::uint32_t> killed;
  std::vector<PendingResponse> victims;
  for (std::uint32_t replica : s.replicas) {
    if (count > 0 && killed.size() >= static_cast<std::size_t>(count)) break;
    if (!replicas_[replica].up) continue;
    take_down(replica, Stop::kCrash, victims);
    killed.push_back(replica);
  }
  for (std::uint32_t replica : killed) {
    const Replica& r = replicas_[replica];
    write_log(service, r.instance, LogLevel::kError, "container exited with code 1 (crashed)");
    write_log(service, r.instance, LogLevel::kInfo, restart_message(replica));
  }
  emit_fault(service, "crash", {{"replicas", std::to_string(killed.size())}});
  for (std::uint32_t replica : killed) {
    emit_event(RunEvent{0,
                        std::string(event_kind::kRestart),
                        s.spec->name,
                        replicas_[replica].instance,
                        {{"reason", "crashed"}}});
  }
  answer(victims);
}

void Engine::hold_replicas(std::uint32_t service, int target, std::vector<std::uint32_t>& held,
                           std::vector<PendingResponse>& victims) {
  const ServiceState& s = services_[service];
  for (std::size_t ordinal = 0; ordinal < s.replicas.size(); ++ordinal) {
    const std::uint32_t replica = s.replicas[ordinal];
    Replica& r = replicas_[replica];
    if (static_cast<int>(ordinal) < target) {
      if (r.held) continue;
      r.held = true;
      held.push_back(replica);
      if (r.up) {
        take_down(replica, Stop::kHold, victims);
      } else {
        ++r.epoch;  // restarting: its pending restart is cancelled
      }
    } else if (r.held) {
      // Released: starts like a new container (no back-off: it did not crash).
      r.held = false;
      ++r.epoch;
      kernel_.schedule_after(s.spec->startup, static_cast<std::uint32_t>(EventKind::kReplicaReady),
                             replica, r.epoch);
      write_log(service, r.instance, LogLevel::kInfo,
                "container starting (back in " + format_duration(s.spec->startup) + ")");
    }
  }
}

void Engine::set_outage(ServiceIndex service, double fraction) {
  require_service(service, "set_outage");
  if (!in_unit_interval(fraction)) invalid("set_outage", "fraction must be in [0, 1]", fraction);
  ServiceState& s = services_[service];
  const int target = outage_target(fraction, s.replicas.size());
  const bool was_on = s.outage_fraction > 0;
  s.outage_fraction = fraction;
  std::vector<std::uint32_t> held;
  std::vector<PendingResponse> victims;
  hold_replicas(service, target, held, victims);
  own_fault(service, FaultSlot::kOutage, fraction > 0);
  if (fraction > 0) {
    emit_fault(service, "outage",
               {{"fraction", number(fraction)}, {"replicas", std::to_string(target)}});
  } else if (was_on) {
    emit_fault_cleared(service, "outage");
  }
  for (std::uint32_t replica : held) {
    emit_event(RunEvent{0,
                        std::string(event_kind::kReplicaDown),
                        s.spec->name,
                        replicas_[replica].instance,
                        {{"reason", "outage"}}});
  }
  answer(victims);
  // A rollout does not wait for replicas the outage now holds.
  if (!held.empty()) rollout_after_hold(service);
}

// --- Slowness and errors ---

SimTime Engine::slow_down(ServiceState& s, SimTime compute) {
  if (s.cpu_factor != 1) {
    const double stretched = static_cast<double>(compute) * s.cpu_factor;
    compute = stretched >= static_cast<double>(kMaxFaultTime)
                  ? kMaxFaultTime
                  : static_cast<SimTime>(std::llround(stretched));
  }
  // The draw is made only for a partial probability: p = 1 costs no random number.
  if (s.added_latency > 0 && (s.added_latency_p >= 1 || s.rng.bernoulli(s.added_latency_p))) {
    compute += s.added_latency;
  }
  return compute;
}

void Engine::set_added_latency(ServiceIndex service, SimTime add, double probability) {
  require_service(service, "set_added_latency");
  if (add < 0 || add > kMaxFaultTime) {
    throw std::invalid_argument("set_added_latency: add must be in [0, " +
                                format_duration(kMaxFaultTime) + "], got " + format_duration(add));
  }
  if (!in_unit_interval(probability)) {
    invalid("set_added_latency", "probability must be in [0, 1]", probability);
  }
  ServiceState& s = services_[service];
  const bool was_on = s.added_latency > 0;
  s.added_latency = add;
  s.added_latency_p = probability;
  s.slow = s.added_latency > 0 || s.cpu_factor != 1;
  own_fault(service, FaultSlot::kLatency, add > 0);
  if (add > 0) {
    emit_fault(service, "latency",
               {{"add", format_duration(add)}, {"probability", number(probability)}});
  } else if (was_on) {
    emit_fault_cleared(service, "latency");
  }
}

void Engine::set_cpu_hog(ServiceIndex service, double factor) {
  require_service(service, "set_cpu_hog");
  if (!(factor >= 1) || !std::isfinite(factor)) {
    invalid("set_cpu_hog", "factor must be a finite number >= 1", factor);
  }
  ServiceState& s = services_[service];
  const bool was_on = s.cpu_factor != 1;
  s.cpu_factor = factor;
  s.slow = s.added_latency > 0 || s.cpu_factor != 1;
  own_fault(service, FaultSlot::kCpuHog, factor != 1);
  if (factor != 1) {
    emit_fault(service, "cpu_hog", {{"factor", number(factor)}});
  } else if (was_on) {
    emit_fault_cleared(service, "cpu_hog");
  }
}

void Engine::set_error_rate(ServiceIndex service, double rate) {
  require_service(service, "set_error_rate");
  if (!in_unit_interval(rate)) invalid("set_error_rate", "rate must be in [0, 1]", rate);
  ServiceState& s = services_[service];
  const bool was_on = s.error_rate > 0;
  s.error_rate = rate;
  own_fault(service, FaultSlot::kErrors, rate > 0);
  if (rate > 0) {
    emit_fault(service, "errors", {{"rate", number(rate)}});
  } else if (was_on) {
    emit_fault_cleared(service, "errors");
  }
}

// --- Memory leak ---

void Engine::change_leak(ServiceState& s, double per_second, std::int64_t per_request) {
  // What leaked at the old rate is booked before the rate changes.
  for (std::uint32_t replica : s.replicas) settle_leak(replicas_[replica]);
  s.leak_per_second = per_second;
  s.leak_per_request = per_request;
  for (std::uint32_t replica : s.replicas) {
    replicas_[replica].memory_check_pending = false;
    ++replicas_[replica].memory_token;
    check_memory(replica);
  }
}

void Engine::set_memory_leak(ServiceIndex service, double per_second, std::int64_t per_request) {
  require_service(service, "set_memory_leak");
  if (!(per_second >= 0) || !std::isfinite(per_second)) {
    invalid("set_memory_leak", "bytes_per_second must be a finite number >= 0", per_second);
  }
  if (per_request < 0) {
    invalid("set_memory_leak", "bytes_per_request must be >= 0", static_cast<double>(per_request));
  }
  ServiceState& s = services_[service];
  const bool was_on = s.leak_per_second > 0 || s.leak_per_request > 0;
  change_leak(s, per_second, per_request);
  own_fault(service, FaultSlot::kMemoryLeak, per_second > 0 || per_request > 0);
  if (per_second > 0 || per_request > 0) {
    emit_fault(service, "memory_leak",
               {{"bytes_per_second", number(per_second)},
                {"bytes_per_request", std::to_string(per_request)}});
  } else if (was_on) {
    emit_fault_cleared(service, "memory_leak");
  }
}

// --- Partitions ---

void Engine::refresh_partitions() {
  for (Edge& e : edges_) {
    e.partitioned = partitions_.count({std::min(e.from, e.to), std::max(e.from, e.to)}) > 0;
  }
}

void Engine::set_partition(ServiceIndex a, ServiceIndex b, bool partitioned) {
  require_service(a, "set_partition");
  require_service(b, "set_partition");
  if (a == b) {
    throw std::invalid_argument("set_partition: cannot partition " + services_[a].spec->name +
                                " from itself");
  }
  const std::pair<std::uint32_t, std::uint32_t> key{std::min(a, b), std::max(a, b)};
  const bool was_on = partitions_.count(key) > 0;
  if (partitioned) {
    partitions_.insert(key);
  } else {
    partitions_.erase(key);
  }
  if (partitioned && attaching_ != 0) {
    partition_deploy_[key] = attaching_;
  } else {
    partition_deploy_.erase(key);
  }
  refresh_partitions();
  if (partitioned) {
    emit_fault(a, "partition", {{"other", services_[b].spec->name}});
  } else if (was_on) {
    emit_fault_cleared(a, "partition", {{"other", services_[b].spec->name}});
  }
}

// --- All at once ---

void Engine::own_fault(std::uint32_t service, FaultSlot slot, bool on) {
  services_[service].fault_deploy[static_cast<int>(slot)] = on ? attaching_ : 0;
}

void Engine::reset_faults(std::uint32_t service) {
  ServiceState& s = services_[service];
  s.slow = false;
  s.cpu_factor = 1;
  s.added_latency = 0;
  s.added_latency_p = 1;
  s.error_rate = 0;
  change_leak(s, 0, 0);
  s.outage_fraction = 0;
  s.fault_deploy = {};
  auto involves = [&](const auto& p) { return p.first == service || p.second == service; };
  std::erase_if(partitions_, involves);
  std::erase_if(partition_deploy_, [&](const auto& entry) { return involves(entry.first); });
  refresh_partitions();
}

bool Engine::has_faults(ServiceIndex service) const {
  require_service(service, "has_faults");
  const ServiceState& s = services_[service];
  if (s.slow || s.error_rate > 0 || s.outage_fraction > 0 || s.leak_per_second > 0 ||
      s.leak_per_request > 0) {
    return true;
  }
  for (const auto& [a, b] : partitions_) {
    if (a == service || b == service) return true;
  }
  return false;
}

void Engine::clear_faults(ServiceIndex service) {
  require_service(service, "clear_faults");
  reset_faults(service);
  std::vector<std::uint32_t> held;
  std::vector<PendingResponse> victims;
  hold_replicas(service, 0, held, victims);  // releases only: nothing to answer
  emit_fault_cleared(service, "all");
}

}  // namespace firedrill
