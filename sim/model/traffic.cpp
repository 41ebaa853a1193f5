// Arrivals at the entry points: a Poisson process whose rate follows the
// traffic's shape. A time-varying rate is produced by thinning (Lewis and
// Shedler): candidates at the peak rate, each kept with probability
// rate(t) / peak.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/model/engine.h"

namespace firedrill {

double Engine::rate_at(const TrafficSpec& spec, SimTime t) const {
  switch (spec.shape) {
    case TrafficSpec::Shape::kConstant:
      return spec.rate;
    case TrafficSpec::Shape::kDiurnal: {
      const SimTime time_of_day = (scenario_.start_of_day + t) % kDay;
      const double phase = static_cast<double>(time_of_day - spec.peak) / static_cast<double>(kDay);
      return spec.rate * (1.0 + spec.amplitude * std::cos(2.0 * std::numbers::pi * phase));
    }
    case TrafficSpec::Shape::kRamp: {
      if (t <= spec.ramp_start) return spec.rate;
      const SimTime over =
          spec.ramp_over > 0 ? spec.ramp_over : scenario_.duration - spec.ramp_start;
      if (over <= 0 || t >= spec.ramp_start + over) return spec.ramp_to;
      const double fraction = static_cast<double>(t - spec.ramp_start) / static_cast<double>(over);
      return spec.rate + (spec.ramp_to - spec.rate) * fraction;
    }
  }
  return spec.rate;
}

double peak_rate(const TrafficSpec& spec) {
  switch (spec.shape) {
    case TrafficSpec::Shape::kConstant:
      return spec.rate;
    case TrafficSpec::Shape::kDiurnal:
      return spec.rate * (1.0 + spec.amplitude);
    case TrafficSpec::Shape::kRamp:
      return std::max(spec.rate, spec.ramp_to);
  }
  return spec.rate;
}

void Engine::schedule_arrival(std::uint32_t traffic) {
  TrafficState& t = traffic_[traffic];
  if (t.rate_max <= 0) return;
  t.next_arrival += t.rng.exponential(1.0 / t.rate_max);
  const auto at = static_cast<SimTime>(std::llround(t.next_arrival * kSecond));
  kernel_.schedule_at(std::max(at, now()), static_cast<std::uint32_t>(EventKind::kArrival),
                      traffic);
}

void Engine::on_arrival(std::uint32_t traffic) {
  TrafficState& t = traffic_[traffic];
  schedule_arrival(traffic);
  if (t.spec->shape != TrafficSpec::Shape::kConstant &&
      t.rng.uniform01() * t.rate_max >= rate_at(*t.spec, now())) {
    return;  // thinned out
  }
  deliver(t.spec->entry_index, ReplyTo{ReplyTo::Kind::kIngress, traffic, 0, 0});
}

}  // namespace firedrill
