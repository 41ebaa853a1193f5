// Arrivals at the entry points: a Poisson process whose rate follows the
// traffic's shape. A time-varying rate is produced by thinning (Lewis and
// Shedler): candidates at the peak rate, each kept with probability
// rate(t) / peak.
//
// Spikes and rate changes (faults) change the candidate rate. The pending
// candidate was drawn at the old rate, so a change restarts the process from
// now(): a token in each kArrival event identifies the live chain and stale
// ones are ignored. A Poisson process is memoryless, so the restart is exact.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/core.h>

#include "sim/model/engine.h"
#include "sim/model/event_kinds.h"

namespace firedrill {
namespace {

// Far above any real system, and low enough that gaps between arrivals stay
// well above the precision of the arrival clock (seconds in a double): at
// absurd rates the clock would stop advancing and the run would hang.
constexpr double kMaxArrivalRate = 1e9;  // requests per second

void check_arrival_rate(const char* function, double candidate) {
  if (candidate > kMaxArrivalRate) {
    throw std::invalid_argument(std::string(function) + ": the arrival rate would reach " +
                                fmt::format("{}", candidate) + "/s, above the limit of " +
                                fmt::format("{}", kMaxArrivalRate) + "/s");
  }
}

}  // namespace

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
  kernel_.schedule_at(std::max(at, now()), static_cast<std::uint32_t>(EventKind::kArrival), traffic,
                      t.token);
}

void Engine::on_arrival(std::uint32_t traffic, std::uint32_t token) {
  TrafficState& t = traffic_[traffic];
  if (token != t.token) return;  // drawn at a rate since changed
  schedule_arrival(traffic);
  // A spike scales the whole shape, so the thinning ratio is the shape's own.
  if (t.shape.shape != TrafficSpec::Shape::kConstant &&
      t.rng.uniform01() * t.peak >= rate_at(t.shape, now())) {
    return;  // thinned out
  }
  deliver(t.spec->entry_index, ReplyTo{ReplyTo::Kind::kIngress, traffic, 0, 0});
}

void Engine::apply_rate_change(std::uint32_t traffic) {
  TrafficState& t = traffic_[traffic];
  t.peak = peak_rate(t.shape);
  const double rate_max = t.peak * t.spike;
  // The pending candidate stays valid while the candidate rate does.
  if (rate_max == t.rate_max) return;
  t.rate_max = rate_max;
  ++t.token;
  t.next_arrival = to_seconds(now());
  schedule_arrival(traffic);
}

void Engine::spike_traffic(std::size_t traffic, double factor, SimTime duration) {
  require_traffic(traffic, "spike_traffic");
  if (!(factor > 0) || !std::isfinite(factor)) {
    throw std::invalid_argument("spike_traffic: factor must be a finite number > 0, got " +
                                fmt::format("{}", factor));
  }
  if (duration <= 0 || duration > kMaxFaultTime) {
    throw std::invalid_argument("spike_traffic: duration must be > 0 and at most " +
                                format_duration(kMaxFaultTime) + ", got " +
                                format_duration(duration));
  }
  const auto index = static_cast<std::uint32_t>(traffic);
  TrafficState& t = traffic_[index];
  check_arrival_rate("spike_traffic", t.peak * factor);
  t.spike = factor;
  ++t.spike_token;  // a spike under way ends now, without its spike_ended
  apply_rate_change(index);
  kernel_.schedule_after(duration, static_cast<std::uint32_t>(EventKind::kSpikeEnd), index,
                         t.spike_token);
  emit_fault(t.spec->entry_index, "spike",
             {{"entry", t.spec->entry},
              {"traffic", std::to_string(index)},
              {"factor", fmt::format("{}", factor)},
              {"duration", format_duration(duration)}});
}

void Engine::on_spike_end(std::uint32_t traffic, std::uint32_t token) {
  TrafficState& t = traffic_[traffic];
  if (token != t.spike_token) return;  // replaced by a later spike
  t.spike = 1;
  apply_rate_change(traffic);
  emit_event(RunEvent{0,
                      std::string(event_kind::kSpikeEnded),
                      t.spec->entry,
                      "",
                      {{"entry", t.spec->entry}, {"traffic", std::to_string(traffic)}}});
}

void Engine::set_traffic_rate(std::size_t traffic, double requests_per_second) {
  require_traffic(traffic, "set_traffic_rate");
  if (!(requests_per_second >= 0) || !std::isfinite(requests_per_second)) {
    throw std::invalid_argument(
        "set_traffic_rate: requests_per_second must be a finite number >= 0, got " +
        fmt::format("{}", requests_per_second));
  }
  const auto index = static_cast<std::uint32_t>(traffic);
  TrafficState& t = traffic_[index];
  const TrafficSpec& spec = *t.spec;
  TrafficSpec shape = spec;
  shape.rate = requests_per_second;
  if (spec.rate > 0) {
    // The whole shape scales: a ramp's end moves with its start.
    shape.ramp_to = spec.ramp_to * (requests_per_second / spec.rate);
  } else if (requests_per_second == 0) {
    shape.ramp_to = 0;  // nothing to scale from: 0 stops the traffic, ramp included
  }  // else a shape from 0 cannot be scaled: its base becomes the rate, the ramp's end stays
  check_arrival_rate("set_traffic_rate", peak_rate(shape) * t.spike);
  t.shape = std::move(shape);
  apply_rate_change(index);
  const bool was_rescaled = t.rescaled;
  t.rescaled = t.shape.rate != spec.rate || t.shape.ramp_to != spec.ramp_to;
  if (t.rescaled) {
    emit_fault(spec.entry_index, "traffic_rate",
               {{"entry", spec.entry},
                {"traffic", std::to_string(index)},
                {"requests_per_second", fmt::format("{}", requests_per_second)}});
  } else if (was_rescaled) {
    emit_fault_cleared(spec.entry_index, "traffic_rate",
                       {{"entry", spec.entry}, {"traffic", std::to_string(index)}});
  }
}

}  // namespace firedrill
