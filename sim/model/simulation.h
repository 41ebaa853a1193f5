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

#include <cstddef>
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
class AlertMonitor;  // sim/alerting/alert_monitor.h
class Dispatcher;    // sim/routing/dispatcher.h
class Pager;         // sim/paging/pager.h
class Scheduler;     // sim/kernel/scheduler.h

// What a replica looks like at the current simulated time.
struct ReplicaStatus {
  std::string instance;  // "checkout-0"
  bool up = false;       // taking traffic (false while restarting or held down by an outage)
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
  // The same store, for rule evaluation: it appends ALERTS and recording-rule
  // series at now(). Nothing else should write to it.
  MetricStore& mutable_metrics();
  // The scenario's alert rules and their alerts now; null if it has none.
  // They are evaluated every evaluation_interval from time 0, after the scrape
  // of the same instant (docs/alerting.md).
  const AlertMonitor* alerts() const;
  // Alertmanager: routes the firing alerts to receivers, groups, mutes and
  // notifies them (docs/paging.md). Null if the scenario has no `routing:`.
  Dispatcher* alertmanager();
  const Dispatcher* alertmanager() const;
  // The teams' incidents, pages and escalations; a notification to a
  // receiver with a team triggers an incident. Null if the scenario has no teams.
  Pager* pager();
  const Pager* pager() const;
  // Per-service totals from time 0 to now().
  std::vector<ServiceSummary> summary() const;
  // The state of one replica now. `service` and `ordinal` must exist.
  ReplicaStatus replica(ServiceIndex service, int ordinal) const;

  // --- Faults. Each takes effect at now() and lasts until changed or cleared.
  // Turning a fault on (or changing it, or setting it again) emits a `fault`
  // event with the fault's name and parameters; turning it off emits
  // `fault_cleared`, only if it was on. An argument out of range (an unknown
  // service or traffic index included) throws std::invalid_argument and
  // changes nothing. Semantics in docs/simulation-model.md ("Faults"). ---

  // Kills `count` replicas of `service` that are up, lowest ordinal first
  // (every replica if count <= 0): their requests fail as connection resets
  // and each restarts after its startup time (CrashLoopBackOff applies). Emits
  // one `fault` event (attribute `replicas`: how many were killed, possibly
  // 0), then one `restart` event per killed replica, reason "crashed".
  void crash(ServiceIndex service, int count = 0);
  // Holds round(fraction x replicas) replicas of `service` down (at least one
  // if fraction > 0), the lowest ordinals, until the fraction is lowered:
  // their requests fail as resets; callers of a service with no replica up
  // get connection refused. A held replica does not count as restarted and
  // keeps its CrashLoopBackOff streak; one that was restarting stays down.
  // Released replicas come back after their startup time (no back-off).
  // Emits a `replica_down` event (reason "outage") per replica newly held.
  // fraction in [0, 1]; 0 ends the outage.
  void set_outage(ServiceIndex service, double fraction);
  // Adds `add` to a request's own service time (after a CPU hog's factor),
  // with probability `probability` in [0, 1] per request. add = 0 ends it.
  void set_added_latency(ServiceIndex service, SimTime add, double probability = 1.0);
  // Makes `service` answer 500 to a fraction `rate` of the requests it
  // serves, on top of its own error probability. rate in [0, 1]; 0 ends it.
  void set_error_rate(ServiceIndex service, double rate);
  // Makes every replica of `service` leak memory: `bytes_per_second` while it
  // is up, plus `bytes_per_request` per request it finishes. A restart frees
  // what leaked but not the leak itself. Zero for both stops the leak; what
  // leaked so far stays until the replica restarts. Both >= 0.
  void set_memory_leak(ServiceIndex service, double bytes_per_second,
                       std::int64_t bytes_per_request = 0);
  // Multiplies the service time of `service`'s requests by `factor` (>= 1):
  // something else eats its CPU. 1 ends it.
  void set_cpu_hog(ServiceIndex service, double factor);
  // Cuts the network between `a` and `b` (both directions): attempts along
  // calls between them are never answered and end by their timeout (a call
  // without a timeout waits until its caller dies). `partitioned` false heals
  // it; attempts already lost stay lost.
  void set_partition(ServiceIndex a, ServiceIndex b, bool partitioned);
  // Ends every fault on `service`: latency, errors, memory leak, CPU hog,
  // outage, and partitions it is part of. Emits one `fault_cleared` event
  // with fault "all". What already happened (leaked memory, crashes) stays.
  void clear_faults(ServiceIndex service);
  // Whether any fault is on `service` now (latency, errors, a leak, a CPU
  // hog, an outage, a partition it is part of).
  bool has_faults(ServiceIndex service) const;

  // --- Traffic. `traffic` is an index into Scenario::traffic. ---

  // Multiplies the arrival rate of `traffic` by `factor` (> 0) for
  // `duration` (> 0), then returns to normal (a `spike_ended` event). A new
  // spike replaces one under way (which then ends without `spike_ended`).
  // The `fault` event (fault "spike") has the entry service as its service.
  // The resulting peak rate must stay at most 1e9 requests per second.
  void spike_traffic(std::size_t traffic, double factor, SimTime duration);
  // Scales the shape of `traffic` so that its base rate (the constant rate,
  // the diurnal mean, the ramp's start) becomes `requests_per_second` (>= 0).
  // 0 stops the traffic; the rate as written restores it (`fault_cleared`).
  // A shape whose base is 0 cannot be scaled: its base becomes the rate and
  // the rest of the shape (a ramp's end) stays as written. The peak rate
  // (times a spike under way) must stay at most 1e9 requests per second.
  void set_traffic_rate(std::size_t traffic, double requests_per_second);

  // --- Changes and mitigations. ---

  // Records a deploy of `version` of `service` in the change log and as an event.
  void deploy(ServiceIndex service, const std::string& version, const std::string& description);
  // Rolls `service` back to the version deployed before its current one (""
  // if none; deploys form a stack, so a second rollback goes back one more):
  // a change-log entry of kind "rollback" whose version is the one rolled
  // back to, a `rollback` event with attributes `from` and `to`, and an info
  // log line. It happens at once (roll_back() is the responders' rolling
  // one) and ends the faults attached to the reverted deploy
  // (attach_faults_to_deploy); other faults are not touched: whoever
  // introduced them with the deploy reacts to the event. A roll_back() of
  // the service under way is superseded (it stops, without mitigation_done),
  // as it is by a deploy().
  void rollback(ServiceIndex service, const std::string& description);
  // The version of `service` now: the last deployed or rolled back to, "" if never deployed.
  std::string version(ServiceIndex service) const;
  // Restarts replica `ordinal` of `service` now (a no-op if it is already
  // restarting): its requests fail as resets and it is back after its
  // startup time. Like a deleted Kubernetes pod, the new container starts
  // without back-off and ends the replica's crash streak. Emits a `restart`
  // event, reason "manual". A replica held down by an outage stays down: the
  // event then has result "still_down" (a script may end the outage on it).
  void restart(ServiceIndex service, int ordinal);

  // --- Mitigations: what responders do to the model (trainee actions reach
  // them through sim/response/incident_desk.h). Each emits a `mitigation`
  // event at now() (attributes: `action`, its parameters, and `takes`: how
  // long until it has fully taken effect, as a duration) and, once it has, a
  // `mitigation_done` event with the same `action`. A bad argument (unknown
  // service, out of range) or a mitigation that cannot apply now (failover
  // without a standby, a rollout already under way, nothing to roll back to)
  // throws std::invalid_argument with a message meant for the trainee, and
  // changes nothing. Semantics in docs/simulation-model.md ("Mitigations"). ---

  // A rolling restart: each replica of `service` in turn is restarted as
  // restart() does (its requests fail as resets; leaked memory is freed, the
  // leak stays) once the previous one is ready again. Done when the last is.
  void rolling_restart(ServiceIndex service);
  // Rolls `service` back to the version before its current one, as a rolling
  // deploy: replicas are replaced one at a time, each taking its startup
  // time. When the last is ready, the version changes exactly as rollback()
  // records it (change log, `rollback` event) and every fault attached to the
  // reverted deploy (attach_faults_to_deploy) ends.
  void roll_back(ServiceIndex service);
  // Sets the replica count of `service` to `replicas` (1..1000). New replicas
  // start now and take traffic after their startup time; removed replicas
  // (highest ordinals first) stop at once, their requests failing as resets.
  void scale(ServiceIndex service, int replicas);
  // The number of replicas `service` has now (as scaled).
  int replica_count(ServiceIndex service) const;
  // Drains `service` (true) or puts it back (false): while drained it admits
  // no new request (callers are refused at once, optional callers degrade);
  // requests it already holds finish.
  void set_drained(ServiceIndex service, bool drained);
  // Admits at most `per_second` new requests per second to `service` (a token
  // bucket holding one second of requests), answering the rest 503 at once.
  // 0 removes the limit.
  void set_rate_limit(ServiceIndex service, double per_second);
  // Promotes the standby of `service` (its `failover:` time): every replica
  // goes down now (callers refused) and comes back after the failover time
  // with fresh memory and every fault on the service ended.
  void failover(ServiceIndex service);
  // Turns feature flag `flag` of `service` on or off: its calls marked with
  // that flag are made only while it is on. Every flag starts on. Throws if
  // no call of `service` has that flag.
  void set_flag(ServiceIndex service, const std::string& flag, bool on);
  bool flag(ServiceIndex service, const std::string& flag) const;
  // Runs `fn` (a fault script's deploy body). Every fault it turns on (on any
  // service) is attached to the current deploy of `service`: rolling that
  // deploy back with roll_back() (or rollback()) ends them. A fault changed
  // later outside such a scope is no longer attached. Throws if `service`
  // was never deployed. Emits no event of its own.
  void attach_faults_to_deploy(ServiceIndex service, const std::function<void()>& fn);

  // --- Messages. ---

  // Writes a log line of `service`, never rate-limited.
  void log(ServiceIndex service, LogLevel level, const std::string& message);
  // A facilitator's message for trainees ("support reports failed
  // checkouts"): an `inject` event with attribute `message`.
  void inject(const std::string& message);

  // --- Hooks for drivers and scripts. ---

  // Calls `fn` at simulated time `time` (>= now()), in the kernel's (time,
  // scheduling order) sequence with the model's own events.
  void at(SimTime time, std::function<void()> fn);
  // Calls `listener` for every event appended to the journal, as it happens.
  void add_event_listener(std::function<void(const RunEvent&)> listener);
  // Appends an event that happened outside the model (an alert changing
  // state) at now(), and tells the listeners. Its time is set to now().
  void emit(RunEvent event);
  // Called whenever every event at now() has run, before the clock moves on
  // (and at the end of run_until). It returns true if it did something (it
  // may have scheduled events at now(): they run, then it is called again).
  // Responders' actions are applied here, so that an action applied from a
  // callback lands at the same point as one applied between run_until calls.
  void set_instant_end_hook(std::function<bool()> hook);

 private:
  std::unique_ptr<Engine> engine_;
  // After engine_: they schedule on it.
  std::unique_ptr<Scheduler> clock_;
  std::unique_ptr<Pager> pager_;
  std::unique_ptr<Dispatcher> alertmanager_;
  std::unique_ptr<AlertMonitor> alerts_;
};

}  // namespace firedrill
