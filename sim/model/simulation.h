// The request-level simulation of a scenario's service graph.
//
// A Simulation owns the event kernel and the state of every service, replica,
// request and call. It is a deterministic function of (scenario, seed, and
// the calls made on it at given simulated times): no wall clock, no
// addresses, no unordered iteration.
//
// Typical use (see sim/run/run.h for the driver that also records):
//
//   Simulation sim(scenario, scenario.seed);
//   sim.run_until(scenario.duration);
//   for (const ServiceSummary& s : sim.summary()) ...
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/model/journal.h"
#include "sim/model/run_summary.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

class Engine;

// What a replica looks like at the current simulated time.
struct ReplicaStatus {
  std::string instance;  // "checkout-0"
  bool up = false;       // taking traffic (false while restarting)
  int busy_workers = 0;
  int queued = 0;
  double memory_bytes = 0;  // 0 while down
  std::int64_t restarts = 0;
};

class Simulation {
 public:
  // Prepares the run at simulated time 0: every replica up, first arrivals and
  // the first scrape scheduled. `scenario` must outlive the Simulation.
  Simulation(const Scenario& scenario, std::uint64_t seed);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Current simulated time.
  SimTime now() const;
  // Runs every event at or before `time` (>= now()); afterwards now() == time.
  void run_until(SimTime time);
  // Events executed so far.
  std::uint64_t events_executed() const;

  // Metrics scraped so far (a sample per series at every scrape_interval,
  // starting at time 0). Series names and labels: docs/scenario-format.md.
  const MetricStore& metrics() const;
  // Events, synthetic logs and the change log so far.
  const RunJournal& journal() const;
  // Per-service totals from time 0 to now().
  std::vector<ServiceSummary> summary() const;
  // The state of one replica now. `service` and `ordinal` must exist.
  ReplicaStatus replica(ServiceIndex service, int ordinal) const;

  // --- Effects (faults and changes). Each takes effect at now(). ---

  // Makes every replica of `service` leak memory: `bytes_per_second` while it
  // is up, plus `bytes_per_request` per request it finishes. A restart frees
  // what leaked but not the leak itself. Zero for both stops the leak.
  void set_memory_leak(ServiceIndex service, double bytes_per_second,
                       std::int64_t bytes_per_request = 0);
  // Records a deploy of `version` of `service` in the change log and as an event.
  void deploy(ServiceIndex service, const std::string& version, const std::string& description);

  // --- Hooks for drivers and scripts. ---

  // Calls `fn` at simulated time `time` (>= now()), in the kernel's (time,
  // scheduling order) sequence with the model's own events.
  void at(SimTime time, std::function<void()> fn);
  // Calls `listener` for every event appended to the journal, as it happens.
  void add_event_listener(std::function<void(const RunEvent&)> listener);

 private:
  std::unique_ptr<Engine> engine_;
};

}  // namespace firedrill
