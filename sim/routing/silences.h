// Alertmanager silences: matchers and a time window. An alert that every
// matcher of an active silence matches is muted at notification time; the
// alert itself keeps firing.
#pragma once

#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/routing/routing_spec.h"

namespace firedrill {

struct Silence {
  int id = 0;  // 1, 2, ... in creation order
  SilenceSpec spec;

  // Active at `time`: starts <= time < ends.
  bool active(SimTime time) const { return spec.starts <= time && time < spec.ends; }
  // "silence 2 (by alice: deploy in progress)"
  std::string describe() const;
};

// Why Alertmanager would refuse `spec` ("" if it is fine): no matcher, only
// matchers that match the empty string (it would silence every alert), or
// an end not after its start.
std::string silence_problem(const SilenceSpec& spec);

class SilenceStore {
 public:
  // Adds a silence; returns its id.
  int add(SilenceSpec spec);
  // Ends silence `id` at `time` if it would last longer. Returns false if there is no such silence.
  bool expire(int id, SimTime time);
  // The first silence active at `time` whose matchers all match `labels`; null if none.
  const Silence* muting(const Labels& labels, SimTime time) const;
  const std::vector<Silence>& all() const { return silences_; }

 private:
  std::vector<Silence> silences_;
};

}  // namespace firedrill
