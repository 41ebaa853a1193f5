// The rule manager's group loop (Prometheus 2.42 rules/group.go Eval): each
// rule in order at the same instant, results appended to the store so later
// rules see them, staleness markers for series a rule stopped producing, and
// failures recorded without stopping the group.
#include "sim/alerting/rule_evaluator.h"

#include <algorithm>
#include <utility>

#include "sim/alerting/rule_state.h"

namespace firedrill {

using rules_internal::Output;
using rules_internal::RuleError;
using rules_internal::RuleState;

const char* alert_state_name(AlertState state) {
  switch (state) {
    case AlertState::kInactive:
      return "inactive";
    case AlertState::kPending:
      return "pending";
    case AlertState::kFiring:
      return "firing";
  }
  return "inactive";
}

namespace {

// RecordingRule.Eval: the samples renamed, the rule's labels applied.
void record(const RuleSpec& rule, const promql::Vector& result, int limit, RuleState& state,
            MetricStore& store, std::vector<Output>& out) {
  Labels labels;
  for (const promql::VectorElement& sample : result) {
    labels.clear();
    for (const auto& label : sample.labels) {
      if (label.first != "__name__") labels.push_back(label);
    }
    for (const TemplatedPair& label : rule.labels) {
      rules_internal::set_label(labels, label.name, label.text);
    }
    auto it = state.recorded_series.find(labels);
    if (it == state.recorded_series.end()) {
      const SeriesId id = store.intern(rule.name, labels);
      it = state.recorded_series.emplace(labels, id).first;
    }
    out.push_back(Output{it->second, sample.value});
  }
  std::vector<SeriesId> ids;
  ids.reserve(out.size());
  for (const Output& o : out) ids.push_back(o.series);
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) {
    throw RuleError("vector contains metrics with the same labelset after applying rule labels");
  }
  if (limit > 0 && out.size() > static_cast<std::size_t>(limit)) {
    throw RuleError("exceeded limit " + std::to_string(limit) + " with " +
                    std::to_string(out.size()) + " series");
  }
}

// Whether `series` may take a sample at `time` (two rules writing one
// series at one instant: Prometheus drops the second sample too).
bool accepts(const MetricStore& store, SeriesId series, SimTime time) {
  const std::vector<Sample>& samples = store.series(series).samples;
  return samples.empty() || samples.back().time < time;
}

}  // namespace

RuleEvaluator::RuleEvaluator(std::vector<RuleGroupSpec> groups, Labels external_labels,
                             std::string external_url, promql::EvalOptions options)
    : groups_(std::move(groups)),
      external_labels_(std::move(external_labels)),
      external_url_(std::move(external_url)),
      options_(options) {
  std::sort(external_labels_.begin(), external_labels_.end());
  state_.resize(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g) state_[g].resize(groups_[g].rules.size());
}

RuleEvaluator::~RuleEvaluator() = default;
RuleEvaluator::RuleEvaluator(RuleEvaluator&&) noexcept = default;
RuleEvaluator& RuleEvaluator::operator=(RuleEvaluator&&) noexcept = default;

SimTime RuleEvaluator::interval(std::size_t group, SimTime default_interval) const {
  return groups_[group].interval > 0 ? groups_[group].interval : default_interval;
}

void RuleEvaluator::evaluate_group(std::size_t group, SimTime time, MetricStore& store,
                                   std::vector<AlertTransition>& transitions,
                                   std::vector<RuleFailure>& failures) {
  const RuleGroupSpec& spec = groups_[group];
  std::vector<Output> out;
  std::vector<SeriesId> written;
  for (std::size_t r = 0; r < spec.rules.size(); ++r) {
    const RuleSpec& rule = spec.rules[r];
    RuleState& state = state_[group][r];
    out.clear();
    try {
      if (!rule.expr) throw RuleError("the rule has no parsed expression");
      promql::Value value = promql::evaluate(*rule.expr, store, time, options_);
      promql::Vector result;
      if (value.type == promql::ValueType::kScalar) {
        result.push_back(promql::VectorElement{{}, value.scalar});
      } else if (value.type == promql::ValueType::kInstantVector) {
        result = std::move(value.vector);
      } else {
        throw RuleError("rule result is not a vector or scalar");
      }
      if (rule.kind == RuleSpec::Kind::kRecord) {
        record(rule, result, spec.limit, state, store, out);
      } else {
        const rules_internal::AlertContext context{rule, spec.name, spec.limit, external_labels_,
                                                   external_url_};
        rules_internal::evaluate_alerts(context, result, time, state, store, out, transitions);
      }
    } catch (const std::exception& e) {  // EvalError, RuleError
      failures.push_back(RuleFailure{time, spec.name, rule.name, e.what(), r});
      continue;
    }
    written.clear();
    for (const Output& o : out) {
      if (accepts(store, o.series, time)) store.append(o.series, time, o.value);
      written.push_back(o.series);
    }
    std::sort(written.begin(), written.end());
    written.erase(std::unique(written.begin(), written.end()), written.end());
    // Series of the previous evaluation that this one lacks go stale.
    auto now = written.begin();
    for (const SeriesId before : state.written) {
      while (now != written.end() && *now < before) ++now;
      if (now != written.end() && *now == before) continue;
      if (accepts(store, before, time)) store.mark_stale(before, time);
    }
    state.written.swap(written);
  }
}

std::vector<Alert> RuleEvaluator::alerts(std::size_t group, std::size_t rule) const {
  std::vector<Alert> out;
  const RuleState& state = state_[group][rule];
  out.reserve(state.active.size());
  for (const auto& [labels, active] : state.active) out.push_back(active.alert);
  return out;
}

}  // namespace firedrill
