#include "sim/run/session.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "sim/base/input_error.h"
#include "sim/model/event_kinds.h"
#include "sim/response/action_log.h"

#ifndef FIREDRILL_VERSION
#define FIREDRILL_VERSION "unknown"
#endif

namespace firedrill {

RunSession::RunSession(const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario), options_(options) {
  end_ = options_.until > 0 ? options_.until : scenario_.duration;
  seed_ = options_.seed.value_or(scenario_.seed);
  next_checkpoint_ = options_.checkpoint_every > 0 ? options_.checkpoint_every : end_;
  sim_ = std::make_unique<Simulation>(scenario_, seed_);
  desk_ = std::make_unique<IncidentDesk>(*sim_, scenario_);
  sim_->set_instant_end_hook([this] { return flush_one_queued_action(); });

  if (!options_.recording_path.empty()) {
    RunInfo info;
    info.engine_version = FIREDRILL_VERSION;
    info.scenario_name = scenario_.name;
    info.scenario_title = scenario_.title;
    info.scenario_hash = scenario_hash(scenario_.sources);
    info.seed = seed_;
    info.duration = end_;
    info.scrape_interval = scenario_.scrape_interval;
    info.start_of_day = scenario_.start_of_day;
    recorder_ = Recorder::create(options_.recording_path, info, scenario_);
  }
  if (!options_.action_log_path.empty()) {
    action_log_.open(options_.action_log_path, std::ios::binary | std::ios::trunc);
    if (!action_log_) {
      throw InputError("cannot write the action log '" + options_.action_log_path + "'");
    }
    ActionLog header;
    header.scenario = scenario_.name;
    header.scenario_hash = scenario_hash(scenario_.sources);
    header.seed = seed_;
    header.until = end_;
    write_action_log_header(action_log_, header);
    action_log_.flush();
  }
}

RunSession::~RunSession() = default;

void RunSession::start() {
  if (status_ != RunStatus::kRunning) return;
  try {
    if (options_.setup) options_.setup(*this);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void RunSession::fail(const std::string& message) {
  status_ = RunStatus::kFailed;
  error_ = message;
}

void RunSession::advance_to(SimTime time) {
  time = std::min(time, end_);
  // time == now() still runs the events pending at now().
  if (status_ != RunStatus::kRunning || time < sim_->now()) return;
  try {
    // A checkpoint at time C is written only once the run moves past C, so
    // that actions applied at exactly C land in it whatever the pacing.
    while (next_checkpoint_ < time) {
      sim_->run_until(next_checkpoint_);
      if (recorder_) recorder_->checkpoint(sim_->now(), sim_->metrics(), sim_->journal());
      next_checkpoint_ += options_.checkpoint_every > 0 ? options_.checkpoint_every : end_;
    }
    sim_->run_until(time);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

ActionOutcome RunSession::apply(Action action) {
  if (status_ != RunStatus::kRunning) {
    return ActionOutcome{false, "the run is over" + (error_.empty() ? "" : ": " + error_)};
  }
  try {
    // First whatever is pending at now() (the effects of an action applied
    // just before): the quiet point where a queued action would land too.
    sim_->run_until(sim_->now());
    ActionOutcome outcome = desk_->apply(std::move(action));
    log_action(desk_->actions().back());
    return outcome;
  } catch (const std::exception& e) {
    // A fault script's hook failed while reacting to the action.
    fail(e.what());
    return ActionOutcome{false, "the run failed: " + error_};
  }
}

void RunSession::submit(Action action) {
  queued_.push_back(std::move(action));
}

bool RunSession::flush_one_queued_action() {
  if (queued_.empty()) return false;
  Action action = std::move(queued_.front());
  queued_.pop_front();
  // Errors propagate out of run_until, failing the run in advance_to.
  desk_->apply(std::move(action));
  log_action(desk_->actions().back());
  return true;
}

void RunSession::log_action(const Action& action) {
  if (!action_log_.is_open()) return;
  action_log_ << action_log_line(action);
  action_log_.flush();
}

RunResult RunSession::finish() {
  RunResult result;
  if (finished_) throw std::logic_error("RunSession::finish called twice");
  finished_ = true;
  if (status_ == RunStatus::kRunning) status_ = RunStatus::kComplete;
  result.status = status_;
  result.error = error_;
  result.end = sim_->now();
  result.events = sim_->events_executed();
  result.summary = sim_->summary();
  for (const RunEvent& e : sim_->journal().events) {
    if (e.kind == event_kind::kAlertMuted || e.kind == event_kind::kNotification ||
        e.kind == event_kind::kPage || e.kind == event_kind::kEscalated ||
        e.kind.rfind("incident_", 0) == 0) {
      if (e.kind != event_kind::kIncidentFixed) {
        result.paging_events.push_back(e);
        continue;
      }
    }
    if (e.kind.rfind("alert_", 0) == 0 || e.kind == event_kind::kRuleFailed) {
      result.alert_events.push_back(e);
    } else if (e.kind == event_kind::kAction || e.kind == event_kind::kActionRefused ||
               e.kind == event_kind::kMitigation || e.kind == event_kind::kMitigationDone ||
               e.kind == event_kind::kIncidentFixed) {
      result.response_events.push_back(e);
    }
  }
  if (action_log_.is_open()) {
    if (result.end < end_) action_log_ << action_log_stop_line(result.end);
    action_log_.close();
  }
  if (recorder_) {
    recorder_->finish(result.end, sim_->metrics(), sim_->journal(), result.summary, result.status,
                      result.error);
  }
  return result;
}

}  // namespace firedrill
