// Builds small scenarios in code for model tests, without YAML.
#pragma once

#include <string>

#include "sim/scenario/scenario.h"

namespace firedrill::testing {

// A scenario with no services yet: 1 hour, seed 1, scrape every 15s.
inline Scenario make_scenario(SimTime duration = kHour, SimTime scrape = 15 * kSecond) {
  Scenario s;
  s.name = "test";
  s.title = "test";
  s.duration = duration;
  s.scrape_interval = scrape;
  s.seed = 1;
  return s;
}

// Adds a service with exponential service times of the given mean.
inline ServiceSpec& add_service(Scenario& s, const std::string& name, int replicas, int workers,
                                int queue, SimTime mean_latency) {
  ServiceSpec spec;
  spec.name = name;
  spec.replicas = replicas;
  spec.workers = workers;
  spec.queue = queue;
  spec.latency.distribution = LatencySpec::Distribution::kExponential;
  spec.latency.mean = mean_latency;
  s.services.push_back(spec);
  return s.services.back();
}

// Adds a call from `from` to `to` (both must exist); returns it for tweaking.
inline CallSpec& add_call(Scenario& s, const std::string& from, const std::string& to) {
  CallSpec call;
  call.to = to;
  call.to_index = *s.find_service(to);
  s.services[*s.find_service(from)].calls.push_back(call);
  return s.services[*s.find_service(from)].calls.back();
}

// Adds constant Poisson traffic at `entry`.
inline void add_traffic(Scenario& s, const std::string& entry, double rate) {
  TrafficSpec t;
  t.entry = entry;
  t.entry_index = *s.find_service(entry);
  t.rate = rate;
  s.traffic.push_back(t);
}

}  // namespace firedrill::testing
