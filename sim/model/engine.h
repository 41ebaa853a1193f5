// Internal: the state and mechanics behind Simulation. Not a public header;
// only sim/model/*.cpp include it. The member functions are spread over one
// file per topic:
//   engine.cpp        construction, event dispatch
//   simulation.cpp    the public facade (Simulation), forwarding here
//   request_flow.cpp  a request's life inside a service: admit, queue, compute, respond
//   calls.cpp         downstream calls: attempts, timeouts, retries, outcomes
//   replicas.cpp      load balancing, memory, OOM kills, restarts
//   faults.cpp        faults on services: crash, outage, latency, errors, leak, CPU hog, partition
//   traffic.cpp       arrivals at the entry points, spikes and rate changes
//   changes.cpp       deploys, rollbacks, log lines and injects from scripts
//   mitigations.cpp   responders' mitigations: rollouts, scaling, drains, rate
//                     limits, failovers, feature flags; faults attached to deploys
//   scrape.cpp        metric series and sampling
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/base/random.h"
#include "sim/kernel/event_queue.h"
#include "sim/metrics/latency_histogram.h"
#include "sim/metrics/metric_store.h"
#include "sim/model/deadline_queue.h"
#include "sim/model/journal.h"
#include "sim/model/log_sampler.h"
#include "sim/model/pool.h"
#include "sim/model/ring_queue.h"
#include "sim/model/run_summary.h"
#include "sim/model/simulation.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

// What an event in the kernel means. Values are part of the determinism
// contract only through their scheduling order, not their numbers.
enum class EventKind : std::uint32_t {
  kArrival,       // target: traffic index; payload: arrival token
  kComputeDone,   // target: request slot; payload: generation
  kCallTimeout,   // target: edge whose earliest pending deadline is due
  kRetry,         // target: call slot; payload: generation
  kReplicaReady,  // target: replica; payload: epoch
  kMemoryCheck,   // target: replica; payload: token
  kScrape,        // target: unused
  kCallback,      // target: index into Engine::callbacks_
  kSpikeEnd,      // target: traffic index; payload: spike token
  kFailoverDone,  // target: service; payload: failover token
};

// The longest added latency, spike or fault-stretched service time: a
// century, far beyond any run, and small enough that sums of such times stay
// far from overflowing SimTime.
inline constexpr SimTime kMaxFaultTime = 100 * 365 * kDay;

// Why a replica goes down (take_down).
enum class Stop : std::uint8_t {
  kCrash,   // OOM kill or crash fault: a restart, with CrashLoopBackOff
  kManual,  // an operator's restart: a fresh container, no back-off
  kHold,    // held down by an outage: no restart until released
};

// The round(fraction x replicas) replicas an outage holds, at least one if
// the fraction is above 0 (halves round away from zero).
int outage_target(double fraction, std::size_t replicas);

// How one call attempt ended, as the caller saw it. Order = metric label order.
enum class Outcome : std::uint8_t { kOk, kError, kTimeout, kRejected, kRefused, kReset };
inline constexpr int kOutcomeCount = 6;
const char* outcome_name(Outcome o);

// The status code a service answered with. Order = metric label order.
enum class Code : std::uint8_t { k200, k500, k503, k504 };
inline constexpr int kCodeCount = 4;
const char* code_name(Code c);

// Prometheus' default histogram buckets (seconds), without +Inf.
inline constexpr std::array<double, 11> kDurationBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5,   1,    2.5,   5,    10};

// The scenario format lists the same bounds for SLO latency thresholds.
constexpr bool same_as_latency_bounds() {
  for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
    if (static_cast<SimTime>(kDurationBuckets[i] * 1e6 + 0.5) != kLatencyBucketBounds[i]) {
      return false;
    }
  }
  return kDurationBuckets.size() == kLatencyBucketBounds.size();
}
static_assert(same_as_latency_bounds(), "kDurationBuckets and kLatencyBucketBounds differ");

// Kinds of frequent synthetic log lines; similar lines are rate-limited
// together. Rare lines (OOM kills, restarts, deploys) are never suppressed.
enum class LogKind : std::uint8_t {
  kRejected,
  kOwnError,
  kRequestFailed,
  kRefused,
  kReset,
  kTimeout,
  kRateLimited
};

// Where a request's response goes.
struct ReplyTo {
  enum class Kind : std::uint8_t { kIngress, kCall };
  Kind kind = Kind::kIngress;
  std::uint32_t index = 0;       // traffic index, or call slot
  std::uint32_t attempt = 0;     // which attempt of the call
  std::uint64_t generation = 0;  // call generation
};

// Marks a response that no replica gave (connection refused).
inline constexpr std::uint32_t kNoReplica = UINT32_MAX;

// A response on its way to its caller. Responses are queued and delivered
// one at a time by the outermost handler, so that a long chain of answers
// (a request whose answer completes its caller, whose answer completes its
// caller, ...) unwinds in a loop instead of on the stack.
struct PendingResponse {
  ReplyTo reply;
  Outcome outcome = Outcome::kOk;
  std::uint32_t responder = kNoReplica;  // the replica that answered
};

// A request being served by a replica (queued or holding a worker).
struct Request {
  ReplyTo reply;
  SimTime arrived = 0;
  std::uint32_t service = 0;
  std::uint32_t replica = 0;
  std::uint32_t next_group = 0;  // the call group to run next
  std::uint32_t pending = 0;     // calls of the current group not yet ended
  bool computing = false;
  bool degraded = false;  // an optional call failed
};

// A downstream call made by a request, across its attempts.
struct Call {
  PoolRef caller;               // the request that made it
  std::uint32_t edge = 0;       // index into Engine::edges_
  std::uint32_t attempt = 0;    // attempts started so far
  bool in_flight = false;       // an attempt is waiting for its response
  SimTime deadline = kForever;  // when the attempt in flight times out
  Outcome last_failure = Outcome::kOk;
};

// A call within a call group: `copies` concurrent calls along one edge.
struct GroupCall {
  std::uint32_t edge = 0;
  std::uint32_t copies = 1;
};

// One CallSpec of one service, resolved.
struct Edge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  const CallSpec* spec = nullptr;
  std::uint32_t link = 0;  // index into Engine::links_ (counters per (from, to))
  // A partition between the two services: attempts are never delivered.
  // Kept per edge (derived from Engine::partitions_) so that a healthy
  // attempt pays one branch.
  bool partitioned = false;
  // The call's feature flag is off: the call is not made (mitigations.cpp).
  bool flag_off = false;
  // Deadlines of attempts along this edge that may still time out. One
  // kCallTimeout event is pending for the earliest one while any remain.
  DeadlineQueue deadlines;
  bool timer_pending = false;
};

// Counters of attempts from one caller to one callee (all CallSpecs between
// the two, or the ingress into an entry service).
struct Link {
  std::string from;  // service name, or "ingress"
  std::string to;
  std::array<std::int64_t, kOutcomeCount> outcomes{};
  std::array<SeriesId, kOutcomeCount> series{};
};

// One replica of a service.
struct Replica {
  std::uint32_t service = 0;
  std::string instance;
  bool up = true;
  bool held = false;        // held down by an outage: no restart until released
  std::uint32_t epoch = 0;  // incremented at every kill, hold and release
  SimTime up_since = 0;     // when it last became ready
  int crash_streak = 0;     // restarts without 10 minutes of uptime between them
  int busy = 0;
  RingQueue queue;
  // Memory leaked so far, as of leak_anchor (accrues at the service's leak rate while up).
  double leaked = 0;
  SimTime leak_anchor = 0;
  std::uint32_t memory_token = 0;  // identifies the one live kMemoryCheck event
  bool memory_check_pending = false;
  SimTime memory_check_at = 0;
  std::int64_t restarts = 0;
  SeriesId memory_series = 0;
};

// A fault that can be attached to a deploy (attach_faults_to_deploy): its
// kind on one service. Partitions are kept per pair (Engine::partition_deploy_).
enum class FaultSlot : std::uint8_t { kLatency, kErrors, kMemoryLeak, kCpuHog, kOutage };
inline constexpr int kFaultSlotCount = 5;

// A feature flag of a service and the calls it gates.
struct FeatureFlag {
  std::string name;
  bool on = true;
  std::vector<std::uint32_t> edges;
};

// A mitigation that changes a service's replicas over time (mitigations.cpp).
// One at a time per service.
struct Rollout {
  enum class Kind : std::uint8_t { kNone, kRestart, kRollback, kScale, kFailover };
  Kind kind = Kind::kNone;
  SimTime until = 0;  // when it is expected to be done (for refusals)
  // Restart and rollback: the next ordinal to replace, and the replica whose
  // readiness is awaited (-1: none).
  std::size_t next = 0;
  std::int64_t waiting = -1;
  // Scale: the new replicas not ready yet.
  std::vector<std::uint32_t> starting;
  std::uint32_t deploy = 0;  // rollback: the id of the deploy being reverted
  // Attributes of the `mitigation` event (without `takes`), repeated by `mitigation_done`.
  std::vector<std::pair<std::string, std::string>> attributes;
};

// The runtime state of one service.
struct ServiceState {
  const ServiceSpec* spec = nullptr;
  RandomStream rng{0};
  double lognormal_mu = 0, lognormal_sigma = 0;
  std::vector<std::uint32_t> replicas;
  std::uint32_t next_replica = 0;  // round-robin cursor
  int up = 0;
  std::vector<std::vector<GroupCall>> groups;  // call groups, run one after another

  // Faults (faults.cpp). `slow` is set while added latency or a CPU hog is,
  // so that a healthy service pays one branch per request for both.
  bool slow = false;
  double cpu_factor = 1;
  SimTime added_latency = 0;
  double added_latency_p = 1;
  double error_rate = 0;  // 500s on top of spec->errors
  double outage_fraction = 0;
  double leak_per_second = 0;
  std::int64_t leak_per_request = 0;
  // Deploy history, the current version last (changes.cpp), and the ids of
  // the same deploys (faults attach to an id: versions may repeat).
  std::vector<std::string> versions;
  std::vector<std::uint32_t> deploys;
  // Which deploy each fault of the service is attached to (0: none).
  std::array<std::uint32_t, kFaultSlotCount> fault_deploy{};

  // Mitigations (mitigations.cpp). `gated` is set while the service is
  // drained or rate limited, so that admission pays one branch for both.
  Rollout rollout;
  std::uint32_t failover_token = 0;  // of the live kFailoverDone event
  bool gated = false;
  bool drained = false;
  double rate_limit = 0;  // requests per second; 0 = none
  double tokens = 0;      // in the bucket as of tokens_at (at most max(rate_limit, 1))
  SimTime tokens_at = 0;
  std::vector<FeatureFlag> flags;  // in the order their calls are written
  // Replicas removed by scaling down, the lowest ordinal last: scaling up
  // again reuses them (same instance name, same memory series).
  std::vector<std::uint32_t> retired;

  // Counters since time 0.
  std::array<std::int64_t, kCodeCount> by_code{};
  std::int64_t degraded = 0;
  std::array<std::int64_t, kDurationBuckets.size() + 1> bucket_counts{};  // non-cumulative
  double duration_sum = 0;                                                // seconds
  std::unique_ptr<LatencyHistogram> latency = std::make_unique<LatencyHistogram>();
  std::int64_t oom_kills = 0;
  std::int64_t restarts = 0;

  // Time integrals for CPU utilisation: worker-microseconds computing, and
  // worker-microseconds of capacity (up replicas x workers).
  int computing = 0;
  double busy_integral = 0;
  double capacity_integral = 0;
  SimTime integral_at = 0;
  double busy_at_scrape = 0;
  double capacity_at_scrape = 0;

  // Series.
  std::array<SeriesId, kCodeCount> requests_series{};
  std::array<SeriesId, kDurationBuckets.size() + 1> bucket_series{};
  SeriesId duration_sum_series = 0, duration_count_series = 0, inflight_series = 0,
           queue_series = 0, cpu_series = 0, up_series = 0, restarts_series = 0, oom_series = 0,
           degraded_series = 0, desired_series = 0;
  std::optional<SeriesId> memory_limit_series;  // only with a memory limit
};

// The highest rate a traffic entry's shape reaches: the bound for thinning.
double peak_rate(const TrafficSpec& spec);

// Arrivals at one entry point.
struct TrafficState {
  const TrafficSpec* spec = nullptr;  // as written
  TrafficSpec shape;                  // the spec rescaled by set_traffic_rate
  RandomStream rng{0};
  double peak = 0;                // peak_rate(shape): the bound for thinning
  double spike = 1;               // factor of the spike under way, 1 if none
  double rate_max = 0;            // candidate rate: peak x spike
  std::uint32_t token = 0;        // of the live chain of kArrival events
  std::uint32_t spike_token = 0;  // of the live kSpikeEnd event
  bool rescaled = false;          // shape differs from *spec
  // The exact time of the next candidate arrival, in seconds: gaps are added
  // unrounded so that rounding to the microsecond does not bias the rate.
  double next_arrival = 0;
  std::uint32_t link = 0;
};

class Engine {
 public:
  Engine(const Scenario& scenario, std::uint64_t seed);

  void run_until(SimTime time);
  SimTime now() const { return kernel_.now(); }
  std::uint64_t events_executed() const { return kernel_.executed(); }
  const MetricStore& metrics() const { return metrics_; }
  MetricStore& mutable_metrics() { return metrics_; }
  const RunJournal& journal() const { return journal_; }
  std::vector<ServiceSummary> summary() const;
  ReplicaStatus replica_status(ServiceIndex service, int ordinal) const;
  // Call slots in use (tests: lost attempts must not accumulate).
  std::uint32_t live_calls() const { return calls_.live_count(); }

  // Faults, traffic, changes and messages: see Simulation (simulation.h).
  void crash(ServiceIndex service, int count);
  void set_outage(ServiceIndex service, double fraction);
  void set_added_latency(ServiceIndex service, SimTime add, double probability);
  void set_error_rate(ServiceIndex service, double rate);
  void set_memory_leak(ServiceIndex service, double per_second, std::int64_t per_request);
  void set_cpu_hog(ServiceIndex service, double factor);
  void set_partition(ServiceIndex a, ServiceIndex b, bool partitioned);
  void clear_faults(ServiceIndex service);
  bool has_faults(ServiceIndex service) const;
  void spike_traffic(std::size_t traffic, double factor, SimTime duration);
  void set_traffic_rate(std::size_t traffic, double requests_per_second);
  void deploy(ServiceIndex service, const std::string& version, const std::string& description);
  void rollback(ServiceIndex service, const std::string& description);
  std::string version(ServiceIndex service) const;
  void restart(ServiceIndex service, int ordinal);

  // Mitigations: see Simulation (simulation.h) and mitigations.cpp.
  void rolling_restart(ServiceIndex service);
  void roll_back(ServiceIndex service);
  void scale(ServiceIndex service, int replicas);
  int replica_count(ServiceIndex service) const;
  void set_drained(ServiceIndex service, bool drained);
  void set_rate_limit(ServiceIndex service, double per_second);
  void failover(ServiceIndex service);
  void set_flag(ServiceIndex service, const std::string& flag, bool on);
  bool flag(ServiceIndex service, const std::string& flag) const;
  void attach_faults_to_deploy(ServiceIndex service, const std::function<void()>& fn);

  void log(ServiceIndex service, LogLevel level, const std::string& message);
  void inject(const std::string& message);

  void at(SimTime time, std::function<void()> fn);
  void add_event_listener(std::function<void(const RunEvent&)> listener);
  void set_instant_end_hook(std::function<bool()> hook) { instant_end_hook_ = std::move(hook); }
  // Appends `event` at now() and tells the listeners.
  void emit_event(RunEvent event);

 private:
  void dispatch(const Event& e);

  // request_flow.cpp
  void deliver(std::uint32_t service, const ReplyTo& reply);
  void admit(std::uint32_t replica, const ReplyTo& reply);
  void start_compute(std::uint32_t request);
  void on_compute_done(PoolRef request);
  void run_next_group(std::uint32_t request);
  void on_call_ended(PoolRef request, std::uint32_t edge, Outcome outcome);
  void finish(std::uint32_t request, Code code);
  void respond(const ReplyTo& reply, Outcome outcome, std::uint32_t responder);
  void deliver_response(const PendingResponse& response);
  SimTime sample_compute_time(ServiceState& s);

  // calls.cpp
  void launch_call(std::uint32_t request, std::uint32_t edge);
  void send_attempt(std::uint32_t call);
  void on_attempt_result(const ReplyTo& reply, Outcome outcome, std::uint32_t responder);
  bool release_if_orphaned(std::uint32_t call);
  void on_deadline(std::uint32_t edge);
  bool attempt_waiting(const Deadline& d) const;
  void on_retry(PoolRef call);
  void after_failed_attempt(std::uint32_t call);
  void end_call(std::uint32_t call, Outcome outcome);
  void count_attempt(std::uint32_t link, Outcome outcome);
  void lose_attempt(const Edge& edge);
  void release_orphaned_calls();

  // replicas.cpp
  std::int64_t pick_replica(ServiceState& s);
  double memory_now(const Replica& r) const;
  void check_memory(std::uint32_t replica);
  void schedule_memory_check(std::uint32_t replica);
  void on_memory_check(std::uint32_t replica, std::uint32_t token);
  void oom_kill(std::uint32_t replica);
  // Marks a replica down, frees the requests it held and (unless held)
  // schedules its restart; appends the callers to answer to `victims`, which
  // the caller answers after its own hooks.
  void take_down(std::uint32_t replica, Stop why, std::vector<PendingResponse>& victims);
  std::string restart_message(std::uint32_t replica) const;
  // Answers what take_down collected.
  void answer(const std::vector<PendingResponse>& victims);
  void on_replica_ready(std::uint32_t replica, std::uint32_t epoch);
  void settle_leak(Replica& r);
  void update_integrals(ServiceState& s);

  // faults.cpp
  SimTime slow_down(ServiceState& s, SimTime compute);
  void change_leak(ServiceState& s, double per_second, std::int64_t per_request);
  // Holds the first `target` replicas of `service` down and releases the
  // others; appends the replicas newly held and the callers to answer.
  void hold_replicas(std::uint32_t service, int target, std::vector<std::uint32_t>& held,
                     std::vector<PendingResponse>& victims);
  void refresh_partitions();
  // Ends latency, errors, the leak, the CPU hog and partitions of `service`,
  // and zeroes its outage fraction without releasing held replicas.
  void reset_faults(std::uint32_t service);
  // Records who set a fault that was just turned on (on) or off: the deploy
  // being attached to, if any (attach_faults_to_deploy).
  void own_fault(std::uint32_t service, FaultSlot slot, bool on);
  void emit_fault(std::uint32_t service, std::string_view fault,
                  std::vector<std::pair<std::string, std::string>> parameters);
  void emit_fault_cleared(std::uint32_t service, std::string_view fault,
                          std::vector<std::pair<std::string, std::string>> parameters = {});

  // traffic.cpp
  double rate_at(const TrafficSpec& spec, SimTime t) const;
  void schedule_arrival(std::uint32_t traffic);
  void on_arrival(std::uint32_t traffic, std::uint32_t token);
  // Takes a changed shape or spike into account: restarts the arrivals from
  // now() if the candidate rate changed.
  void apply_rate_change(std::uint32_t traffic);
  void on_spike_end(std::uint32_t traffic, std::uint32_t token);

  // changes.cpp: records a rollback of `service` (change log, log line,
  // event) and ends the faults attached to the deploy it reverts.
  void revert(std::uint32_t service, const std::string& description);

  // mitigations.cpp
  // Throws if a rollout or failover of `service` is under way.
  void refuse_if_busy(std::uint32_t service) const;
  void start_rollout(std::uint32_t service, Rollout::Kind kind,
                     std::vector<std::pair<std::string, std::string>> attributes);
  // Replaces the next replica of the rollout, or finishes it.
  void advance_rollout(std::uint32_t service);
  void finish_rollout(std::uint32_t service);
  // A deploy or rollback by a script supersedes a rollback under way.
  void cancel_rollback(std::uint32_t service, const std::string& why);
  // A replica became ready, or an outage held replicas: rollouts move on.
  void rollout_replica_ready(std::uint32_t service, std::uint32_t replica);
  void rollout_after_hold(std::uint32_t service);
  // A manual restart of an up replica, as restart() does; `why` ends the log line.
  void replace_replica(std::uint32_t replica, const char* why);
  std::uint32_t add_replica(std::uint32_t service);
  void on_failover_done(std::uint32_t service, std::uint32_t token);
  // Drain and rate limit at admission: true if the request was answered.
  bool gate(std::uint32_t service, const ReplyTo& reply);
  void end_deploy_faults(std::uint32_t deploy);
  void emit_mitigation(std::uint32_t service,
                       const std::vector<std::pair<std::string, std::string>>& attributes,
                       SimTime takes);
  void emit_mitigation_done(std::uint32_t service,
                            const std::vector<std::pair<std::string, std::string>>& attributes);

  // Argument checks of the facade: throw std::invalid_argument.
  void require_service(ServiceIndex service, const char* function) const;
  void require_traffic(std::size_t traffic, const char* function) const;

  // scrape.cpp
  void create_series();
  void scrape();

  // journal helpers
  // Writes a log line unless the sampler suppresses it; `make_message` is
  // only called when the line is written. `detail` tells similar lines apart
  // (a peer service, a replica).
  template <class MakeMessage>
  void log(LogKind kind, std::uint32_t service, std::uint32_t detail, const std::string& instance,
           LogLevel level, MakeMessage&& make_message) {
    const std::uint64_t key = (std::uint64_t{service} << 40) | (std::uint64_t(kind) << 32) | detail;
    if (auto suppressed = log_sampler_.admit(key, now())) {
      write_log(service, instance, level, make_message(), *suppressed);
    }
  }
  // Writes a log line unconditionally, noting how many similar lines were suppressed.
  void write_log(std::uint32_t service, const std::string& instance, LogLevel level,
                 std::string message, std::int64_t suppressed = 0);

  const Scenario& scenario_;
  Kernel kernel_;
  MetricStore metrics_;
  RunJournal journal_;
  LogSampler log_sampler_{10 * kSecond};

  std::vector<ServiceState> services_;
  std::vector<Replica> replicas_;
  std::vector<Edge> edges_;
  std::vector<Link> links_;
  std::vector<TrafficState> traffic_;
  Pool<Request> requests_;
  Pool<Call> calls_;

  // Partitioned pairs of services (lower index first); Edge::partitioned mirrors them.
  std::set<std::pair<std::uint32_t, std::uint32_t>> partitions_;
  // The deploy each partitioned pair is attached to (absent: none).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> partition_deploy_;
  // Deploy ids: the last given, and the one attach_faults_to_deploy is
  // attaching to now (0: none).
  std::uint32_t last_deploy_id_ = 0;
  std::uint32_t attaching_ = 0;
  // Attempts lost to a partition on edges without a timeout: nothing ever
  // ends them, so once their caller is gone their call slots are reclaimed
  // by a sweep, run when enough have accumulated.
  static constexpr std::uint64_t kLostSweepMin = 4096;
  std::uint64_t lost_attempts_ = 0;  // since the last sweep
  std::uint64_t next_lost_sweep_ = kLostSweepMin;

  std::vector<PendingResponse> responses_;  // FIFO: delivered from responses_head_
  std::size_t responses_head_ = 0;
  bool delivering_responses_ = false;

  // Hooks. A callback slot is freed (and reused) once its callback has run.
  std::vector<std::function<void()>> callbacks_;
  std::vector<std::uint32_t> free_callbacks_;
  std::vector<std::function<void(const RunEvent&)>> listeners_;
  std::function<bool()> instant_end_hook_;  // Simulation::set_instant_end_hook
};

}  // namespace firedrill
