#include "sim/model/engine.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "sim/model/simulation.h"

namespace firedrill {

const char* outcome_name(Outcome o) {
  static constexpr const char* kNames[] = {"ok",       "error",   "timeout",
                                           "rejected", "refused", "reset"};
  return kNames[static_cast<int>(o)];
}

const char* code_name(Code c) {
  static constexpr const char* kNames[] = {"200", "500", "503", "504"};
  return kNames[static_cast<int>(c)];
}

int outage_target(double fraction, std::size_t replicas) {
  const int n = static_cast<int>(replicas);
  return fraction > 0 ? std::clamp(static_cast<int>(std::lround(fraction * n)), 1, n) : 0;
}

Engine::Engine(const Scenario& scenario, std::uint64_t seed) : scenario_(scenario) {
  // Services and their replicas, in file order.
  services_.resize(scenario.services.size());
  for (std::uint32_t i = 0; i < scenario.services.size(); ++i) {
    const ServiceSpec& spec = scenario.services[i];
    ServiceState& s = services_[i];
    s.spec = &spec;
    s.rng = RandomStream(seed, "service:" + spec.name);
    if (spec.latency.distribution == LatencySpec::Distribution::kLognormal) {
      auto fit =
          LognormalFit::from_p50_p99(to_seconds(spec.latency.p50), to_seconds(spec.latency.p99));
      s.lognormal_mu = fit.mu;
      s.lognormal_sigma = fit.sigma;
    }
    for (int r = 0; r < spec.replicas; ++r) {
      Replica replica;
      replica.service = i;
      replica.instance = spec.name + "-" + std::to_string(r);
      replica.queue = RingQueue(static_cast<std::size_t>(spec.queue));
      s.replicas.push_back(static_cast<std::uint32_t>(replicas_.size()));
      replicas_.push_back(std::move(replica));
    }
    s.up = spec.replicas;
  }

  // Edges, grouped into call groups, and links (one per caller/callee pair).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> link_of;
  auto link_for = [&](std::uint32_t from, std::uint32_t to, std::string from_name) {
    auto [it, inserted] =
        link_of.try_emplace({from, to}, static_cast<std::uint32_t>(links_.size()));
    if (inserted) links_.push_back(Link{std::move(from_name), scenario.services[to].name, {}, {}});
    return it->second;
  };
  constexpr std::uint32_t kIngress = UINT32_MAX;
  for (std::uint32_t i = 0; i < scenario.services.size(); ++i) {
    const ServiceSpec& spec = scenario.services[i];
    // Consecutive parallel calls share a group, their `count` copies too; a
    // sequential call with count n is n groups, one after another.
    auto& groups = services_[i].groups;
    bool previous_parallel = false;
    for (const CallSpec& call : spec.calls) {
      auto edge = static_cast<std::uint32_t>(edges_.size());
      Edge& e = edges_.emplace_back();
      e.from = i;
      e.to = call.to_index;
      e.spec = &call;
      e.link = link_for(i, call.to_index, spec.name);
      if (!call.flag.empty()) {
        // Feature flags in the order their calls are written.
        auto& flags = services_[i].flags;
        auto flag = std::find_if(flags.begin(), flags.end(),
                                 [&](const FeatureFlag& f) { return f.name == call.flag; });
        if (flag == flags.end()) flag = flags.insert(flags.end(), FeatureFlag{call.flag, true, {}});
        flag->edges.push_back(edge);
      }
      const auto copies = static_cast<std::uint32_t>(call.count);
      if (call.parallel && previous_parallel) {
        groups.back().push_back({edge, copies});
      } else if (call.parallel) {
        groups.push_back({{edge, copies}});
      } else {
        for (std::uint32_t n = 0; n < copies; ++n) groups.push_back({{edge, 1}});
      }
      previous_parallel = call.parallel;
    }
  }
  for (std::uint32_t t = 0; t < scenario.traffic.size(); ++t) {
    const TrafficSpec& spec = scenario.traffic[t];
    TrafficState traffic;
    traffic.spec = &spec;
    traffic.rng = RandomStream(seed, "traffic:" + std::to_string(t) + ":" + spec.entry);
    traffic.link = link_for(kIngress, spec.entry_index, "ingress");
    traffic.shape = spec;
    traffic.peak = peak_rate(spec);
    traffic.rate_max = traffic.peak;
    traffic_.push_back(std::move(traffic));
  }

  create_series();
  // The first scrape runs before anything else at time 0.
  kernel_.schedule_at(0, static_cast<std::uint32_t>(EventKind::kScrape), 0);
  for (std::uint32_t t = 0; t < traffic_.size(); ++t) schedule_arrival(t);
}

void Engine::run_until(SimTime time) {
  if (!instant_end_hook_) {
    kernel_.run_until(time, [this](const Event& e) { dispatch(e); });
    return;
  }
  kernel_.run_until(
      time, [this](const Event& e) { dispatch(e); }, [this] { return instant_end_hook_(); });
}

void Engine::dispatch(const Event& e) {
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::kArrival:
      on_arrival(e.target, static_cast<std::uint32_t>(e.payload));
      break;
    case EventKind::kComputeDone:
      on_compute_done({e.target, e.payload});
      break;
    case EventKind::kCallTimeout:
      on_deadline(e.target);
      break;
    case EventKind::kRetry:
      on_retry({e.target, e.payload});
      break;
    case EventKind::kReplicaReady:
      on_replica_ready(e.target, static_cast<std::uint32_t>(e.payload));
      break;
    case EventKind::kMemoryCheck:
      on_memory_check(e.target, static_cast<std::uint32_t>(e.payload));
      break;
    case EventKind::kScrape:
      scrape();
      kernel_.schedule_after(scenario_.scrape_interval,
                             static_cast<std::uint32_t>(EventKind::kScrape), 0);
      break;
    case EventKind::kCallback: {
      // Move the callback out first: it may schedule more, reallocating callbacks_.
      std::function<void()> fn = std::move(callbacks_[e.target]);
      callbacks_[e.target] = nullptr;
      free_callbacks_.push_back(e.target);
      fn();
      break;
    }
    case EventKind::kSpikeEnd:
      on_spike_end(e.target, static_cast<std::uint32_t>(e.payload));
      break;
    case EventKind::kFailoverDone:
      on_failover_done(e.target, static_cast<std::uint32_t>(e.payload));
      break;
  }
}

void Engine::at(SimTime time, std::function<void()> fn) {
  if (time < now()) {
    throw std::invalid_argument("cannot schedule a callback at " + format_clock(time) +
                                ", before the current time " + format_clock(now()));
  }
  std::uint32_t index;
  if (!free_callbacks_.empty()) {
    index = free_callbacks_.back();
    free_callbacks_.pop_back();
    callbacks_[index] = std::move(fn);
  } else {
    index = static_cast<std::uint32_t>(callbacks_.size());
    callbacks_.push_back(std::move(fn));
  }
  kernel_.schedule_at(time, static_cast<std::uint32_t>(EventKind::kCallback), index);
}

void Engine::add_event_listener(std::function<void(const RunEvent&)> listener) {
  listeners_.push_back(std::move(listener));
}

void Engine::emit_event(RunEvent event) {
  event.time = now();
  journal_.events.push_back(event);
  // Listeners may append events or add listeners: they get their own copy of
  // the event, and only the listeners present now are called.
  const std::size_t count = listeners_.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::function<void(const RunEvent&)> listener = listeners_[i];
    listener(event);
  }
}

void Engine::write_log(std::uint32_t service, const std::string& instance, LogLevel level,
                       std::string message, std::int64_t suppressed) {
  if (suppressed > 0) message += " (" + std::to_string(suppressed) + " similar lines suppressed)";
  journal_.logs.push_back(
      LogLine{now(), services_[service].spec->name, instance, level, std::move(message)});
}

void Engine::require_service(ServiceIndex service, const char* function) const {
  if (service >= services_.size()) {
    throw std::invalid_argument(std::string(function) + ": unknown service index " +
                                std::to_string(service) + " (the scenario has " +
                                std::to_string(services_.size()) + " services)");
  }
}

void Engine::require_traffic(std::size_t traffic, const char* function) const {
  if (traffic >= traffic_.size()) {
    throw std::invalid_argument(std::string(function) + ": unknown traffic index " +
                                std::to_string(traffic) + " (the scenario has " +
                                std::to_string(traffic_.size()) + " traffic entries)");
  }
}

std::vector<ServiceSummary> Engine::summary() const {
  std::vector<ServiceSummary> out;
  const double elapsed = to_seconds(now());
  for (const ServiceState& s : services_) {
    ServiceSummary sum;
    sum.service = s.spec->name;
    for (int c = 0; c < kCodeCount; ++c) sum.requests += s.by_code[c];
    sum.errors = sum.requests - s.by_code[static_cast<int>(Code::k200)];
    sum.requests_per_second = elapsed > 0 ? static_cast<double>(sum.requests) / elapsed : 0;
    sum.p50 = s.latency->quantile(0.50);
    sum.p99 = s.latency->quantile(0.99);
    sum.oom_kills = s.oom_kills;
    sum.restarts = s.restarts;
    out.push_back(std::move(sum));
  }
  return out;
}

ReplicaStatus Engine::replica_status(ServiceIndex service, int ordinal) const {
  const Replica& r = replicas_[services_[service].replicas[static_cast<std::size_t>(ordinal)]];
  return ReplicaStatus{
      r.instance, r.up, r.busy, static_cast<int>(r.queue.size()), r.up ? memory_now(r) : 0.0,
      r.restarts};
}

}  // namespace firedrill
