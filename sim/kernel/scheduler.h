// What a component beside the model (Alertmanager's dispatcher, the pager)
// needs from the clock: the time now, and a call back later. A Simulation
// provides one over its kernel; ManualScheduler is one on its own queue, for
// tests and for drivers without a model.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <utility>

#include "sim/base/time.h"

namespace firedrill {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual SimTime now() const = 0;
  // Calls `fn` at `time` (>= now()). Callbacks due at the same time run in
  // the order they were scheduled. There is no cancellation: a callback that
  // may have become moot checks for itself (a generation number).
  virtual void at(SimTime time, std::function<void()> fn) = 0;
};

// A Scheduler with its own queue: run_until() runs what is due.
class ManualScheduler final : public Scheduler {
 public:
  SimTime now() const override { return now_; }
  void at(SimTime time, std::function<void()> fn) override {
    if (time < now_) throw std::invalid_argument("ManualScheduler::at: time is in the past");
    queue_.emplace(std::make_pair(time, next_seq_++), std::move(fn));
  }
  // Runs every callback due at or before `time` (including those they
  // schedule), then sets now() to `time`.
  void run_until(SimTime time) {
    while (!queue_.empty() && queue_.begin()->first.first <= time) {
      auto node = queue_.extract(queue_.begin());
      now_ = node.key().first;
      node.mapped()();
    }
    if (time > now_) now_ = time;
  }
  bool idle() const { return queue_.empty(); }

 private:
  SimTime now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::map<std::pair<SimTime, std::uint64_t>, std::function<void()>> queue_;
};

}  // namespace firedrill
