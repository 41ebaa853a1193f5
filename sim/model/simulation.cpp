// The Simulation facade: forwards to the Engine, and runs beside it what
// watches it: the scenario's alert rules, Alertmanager, and the pager.
//
//   AlertMonitor --firing/resolved--> Dispatcher --notification--> Pager
//                                     (receiver with a team)       (pages people)
#include "sim/model/simulation.h"

#include "sim/alerting/alert_monitor.h"
#include "sim/kernel/scheduler.h"
#include "sim/model/engine.h"
#include "sim/paging/pager.h"
#include "sim/routing/dispatcher.h"

namespace firedrill {
namespace {

// The simulation's kernel as a Scheduler for the components beside it.
class SimulationClock final : public Scheduler {
 public:
  explicit SimulationClock(Simulation& sim) : sim_(sim) {}
  SimTime now() const override { return sim_.now(); }
  void at(SimTime time, std::function<void()> fn) override { sim_.at(time, std::move(fn)); }

 private:
  Simulation& sim_;
};

}  // namespace

Simulation::Simulation(const Scenario& scenario, std::uint64_t seed)
    : engine_(std::make_unique<Engine>(scenario, seed)),
      clock_(std::make_unique<SimulationClock>(*this)) {
  auto emit = [this](RunEvent e) { this->emit(std::move(e)); };
  if (!scenario.teams.empty()) {
    pager_ = std::make_unique<Pager>(scenario.teams, scenario.start_of_day, *clock_, emit);
  }
  if (scenario.routing) {
    alertmanager_ = std::make_unique<Dispatcher>(
        *scenario.routing, *clock_, emit, [this](const Notification& n) {
          if (pager_ == nullptr || n.receiver->team.empty()) return;
          // PagerDuty's dedup key is the group: one incident per receiver and group.
          const std::string key = n.receiver->name + "/" + n.group_key;
          if (n.resolved) {
            pager_->resolve_by_key(n.receiver->team, key);
          } else {
            pager_->trigger(n.receiver->team, key, n.title,
                            "Alertmanager notified receiver " + n.receiver->name + ": " + n.reason);
          }
        });
  }
  if (!scenario.alert_rules.empty()) {
    alerts_ =
        std::make_unique<AlertMonitor>(*this, scenario.alert_rules, scenario.evaluation_interval);
    if (alertmanager_) {
      alerts_->set_transition_listener([this](const AlertTransition& t) {
        if (t.to == AlertState::kFiring && t.from != AlertState::kFiring) {
          alertmanager_->alert_firing(t.alert.labels, t.alert.annotations);
        } else if (t.from == AlertState::kFiring && t.to == AlertState::kInactive) {
          alertmanager_->alert_resolved(t.alert.labels);
        }
      });
    }
  }
}
Simulation::~Simulation() = default;
Dispatcher* Simulation::alertmanager() {
  return alertmanager_.get();
}
const Dispatcher* Simulation::alertmanager() const {
  return alertmanager_.get();
}
Pager* Simulation::pager() {
  return pager_.get();
}
const Pager* Simulation::pager() const {
  return pager_.get();
}
SimTime Simulation::now() const {
  return engine_->now();
}
void Simulation::run_until(SimTime time) {
  engine_->run_until(time);
}
std::uint64_t Simulation::events_executed() const {
  return engine_->events_executed();
}
const MetricStore& Simulation::metrics() const {
  return engine_->metrics();
}
MetricStore& Simulation::mutable_metrics() {
  return engine_->mutable_metrics();
}
void Simulation::set_instant_end_hook(std::function<bool()> hook) {
  engine_->set_instant_end_hook(std::move(hook));
}

void Simulation::emit(RunEvent event) {
  engine_->emit_event(std::move(event));
}
const AlertMonitor* Simulation::alerts() const {
  return alerts_.get();
}
const RunJournal& Simulation::journal() const {
  return engine_->journal();
}
std::vector<ServiceSummary> Simulation::summary() const {
  return engine_->summary();
}
ReplicaStatus Simulation::replica(ServiceIndex service, int ordinal) const {
  return engine_->replica_status(service, ordinal);
}
void Simulation::crash(ServiceIndex service, int count) {
  engine_->crash(service, count);
}
void Simulation::set_outage(ServiceIndex service, double fraction) {
  engine_->set_outage(service, fraction);
}
void Simulation::set_added_latency(ServiceIndex service, SimTime add, double probability) {
  engine_->set_added_latency(service, add, probability);
}
void Simulation::set_error_rate(ServiceIndex service, double rate) {
  engine_->set_error_rate(service, rate);
}
void Simulation::set_memory_leak(ServiceIndex service, double bytes_per_second,
                                 std::int64_t bytes_per_request) {
  engine_->set_memory_leak(service, bytes_per_second, bytes_per_request);
}
void Simulation::set_cpu_hog(ServiceIndex service, double factor) {
  engine_->set_cpu_hog(service, factor);
}
void Simulation::set_partition(ServiceIndex a, ServiceIndex b, bool partitioned) {
  engine_->set_partition(a, b, partitioned);
}
void Simulation::clear_faults(ServiceIndex service) {
  engine_->clear_faults(service);
}

bool Simulation::has_faults(ServiceIndex service) const {
  return engine_->has_faults(service);
}
void Simulation::spike_traffic(std::size_t traffic, double factor, SimTime duration) {
  engine_->spike_traffic(traffic, factor, duration);
}
void Simulation::set_traffic_rate(std::size_t traffic, double requests_per_second) {
  engine_->set_traffic_rate(traffic, requests_per_second);
}
void Simulation::deploy(ServiceIndex service, const std::string& version,
                        const std::string& description) {
  engine_->deploy(service, version, description);
}
void Simulation::rollback(ServiceIndex service, const std::string& description) {
  engine_->rollback(service, description);
}
std::string Simulation::version(ServiceIndex service) const {
  return engine_->version(service);
}
void Simulation::restart(ServiceIndex service, int ordinal) {
  engine_->restart(service, ordinal);
}
void Simulation::rolling_restart(ServiceIndex service) {
  engine_->rolling_restart(service);
}
void Simulation::roll_back(ServiceIndex service) {
  engine_->roll_back(service);
}
void Simulation::scale(ServiceIndex service, int replicas) {
  engine_->scale(service, replicas);
}
int Simulation::replica_count(ServiceIndex service) const {
  return engine_->replica_count(service);
}
void Simulation::set_drained(ServiceIndex service, bool drained) {
  engine_->set_drained(service, drained);
}
void Simulation::set_rate_limit(ServiceIndex service, double per_second) {
  engine_->set_rate_limit(service, per_second);
}
void Simulation::failover(ServiceIndex service) {
  engine_->failover(service);
}
void Simulation::set_flag(ServiceIndex service, const std::string& flag, bool on) {
  engine_->set_flag(service, flag, on);
}
bool Simulation::flag(ServiceIndex service, const std::string& flag) const {
  return engine_->flag(service, flag);
}
void Simulation::attach_faults_to_deploy(ServiceIndex service, const std::function<void()>& fn) {
  engine_->attach_faults_to_deploy(service, fn);
}
void Simulation::log(ServiceIndex service, LogLevel level, const std::string& message) {
  engine_->log(service, level, message);
}
void Simulation::inject(const std::string& message) {
  engine_->inject(message);
}
void Simulation::at(SimTime time, std::function<void()> fn) {
  engine_->at(time, std::move(fn));
}
void Simulation::add_event_listener(std::function<void(const RunEvent&)> listener) {
  engine_->add_event_listener(std::move(listener));
}

}  // namespace firedrill
