#include "sim/promtest/unit_test_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include <fmt/core.h>

#include "sim/alerting/rule_evaluator.h"
#include "sim/alerting/rule_file.h"
#include "sim/metrics/metric_store.h"
#include "sim/promql/evaluator.h"
#include "sim/promql/parser.h"
#include "sim/promql/value.h"

namespace firedrill::promtest {
namespace {

// An alert as compared: its labels and annotations.
using AlertIdentity = std::pair<Labels, Labels>;

std::string format_alerts(const std::vector<AlertIdentity>& alerts) {
  if (alerts.empty()) return "[]";
  std::string out = "[";
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    out += fmt::format("{}\n            {}:\n              Labels:{}\n              Annotations:{}",
                       i == 0 ? "" : ",", i, promql::format_labels(alerts[i].first),
                       promql::format_labels(alerts[i].second));
  }
  return out + "\n            ]";
}

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

std::string format_samples(const std::vector<ExpectedSample>& samples) {
  if (samples.empty()) return "nil";
  std::string out;
  for (const ExpectedSample& s : samples) {
    if (!out.empty()) out += ", ";
    out += promql::format_labels(s.labels) + " " + format_number(s.value);
  }
  return out;
}

bool same_samples(const std::vector<ExpectedSample>& a, const std::vector<ExpectedSample>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Exact: promtool compares with reflect.DeepEqual, where NaN != NaN.
    if (a[i].labels != b[i].labels || !(a[i].value == b[i].value)) return false;
  }
  return true;
}

void sort_samples(std::vector<ExpectedSample>& samples) {
  std::stable_sort(samples.begin(), samples.end(),
                   [](const auto& x, const auto& y) { return x.labels < y.labels; });
}

std::string name_line(const TestGroup& group) {
  return group.name.empty() ? "" : "    name: " + group.name + ",\n";
}

// Rule groups of all rule files, ordered by group_eval_order (groups not in
// it count as its first entry, as in promtool; ties keep file order).
std::vector<RuleGroupSpec> load_groups(const UnitTestFile& file,
                                       std::vector<std::string>& warnings) {
  std::vector<RuleGroupSpec> groups;
  for (const std::string& path : file.rule_files) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      const std::string warning = "  WARNING: no file match pattern " + path;
      if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end()) {
        warnings.push_back(warning);
      }
      continue;
    }
    for (RuleGroupSpec& g : load_rule_file(path)) groups.push_back(std::move(g));
  }
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < file.group_eval_order.size(); ++i) {
    order[file.group_eval_order[i]] = i;
  }
  auto rank = [&](const RuleGroupSpec& g) {
    auto it = order.find(g.name);
    return it == order.end() ? std::size_t{0} : it->second;
  };
  std::stable_sort(groups.begin(), groups.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  return groups;
}

void load_samples(const TestGroup& group, MetricStore& store) {
  for (const InputSeries& series : group.input_series) {
    const SeriesId id = store.intern(series.name, series.labels);
    for (std::size_t i = 0; i < series.values.size(); ++i) {
      if (series.values[i].omitted) continue;
      // Beyond the clock's end (a long interval times many values) no
      // evaluation can see a sample: the rest are left out.
      if (group.interval > 0 && static_cast<SimTime>(i) > kForever / group.interval) break;
      const SimTime t = static_cast<SimTime>(i) * group.interval;
      const auto& samples = store.series(id).samples;
      // With interval 0 every sample lands at time 0; as in promtool's
      // storage, the first one appended wins.
      if (!samples.empty() && samples.back().time >= t) continue;
      store.append(id, t, series.values[i].value);
    }
  }
}

class GroupRun {
 public:
  GroupRun(const UnitTestFile& file, const TestGroup& group, std::vector<RuleGroupSpec> rules)
      : file_(file),
        group_(group),
        rules_(std::move(rules), group.external_labels, group.external_url) {}

  std::vector<std::string> run() {
    load_samples(group_, store_);
    SimTime max_eval = 0;
    std::vector<SimTime> alert_times;
    for (const AlertTest& t : group_.alert_tests) {
      max_eval = std::max(max_eval, t.eval_time);
      alert_times.push_back(t.eval_time);
    }
    for (const PromqlTest& t : group_.promql_tests) max_eval = std::max(max_eval, t.eval_time);
    std::sort(alert_times.begin(), alert_times.end());
    alert_times.erase(std::unique(alert_times.begin(), alert_times.end()), alert_times.end());

    const SimTime step = file_.evaluation_interval;
    std::size_t next = 0;
    for (SimTime ts = 0; ts <= max_eval; ts += step) {
      if (!evaluate_rules(ts)) return errors_;
      // An eval_time in [ts, ts + step) is checked against this evaluation.
      while (next < alert_times.size() && alert_times[next] >= ts &&
             alert_times[next] < ts + step) {
        check_alerts(alert_times[next]);
        ++next;
      }
    }
    for (const PromqlTest& test : group_.promql_tests) check_query(test);
    return errors_;
  }

 private:
  bool evaluate_rules(SimTime ts) {
    std::vector<RuleFailure> failures;
    for (std::size_t g = 0; g < rules_.groups().size(); ++g) {
      rules_.evaluate_group(g, ts, store_, transitions_, failures);
    }
    transitions_.clear();
    for (const RuleFailure& f : failures) {
      errors_.push_back(fmt::format("    rule: {}, time: {}, err: {}", f.rule,
                                    promql::format_prometheus_duration(ts), f.message));
    }
    return failures.empty();
  }

  void check_alerts(SimTime eval_time) {
    for (const AlertTest& test : group_.alert_tests) {
      if (test.eval_time != eval_time) continue;
      std::vector<AlertIdentity> got;
      for (std::size_t g = 0; g < rules_.groups().size(); ++g) {
        const RuleGroupSpec& spec = rules_.groups()[g];
        for (std::size_t r = 0; r < spec.rules.size(); ++r) {
          if (spec.rules[r].kind != RuleSpec::Kind::kAlert || spec.rules[r].name != test.alertname)
            continue;
          for (const Alert& a : rules_.alerts(g, r)) {
            if (a.state == AlertState::kFiring) got.emplace_back(a.labels, a.annotations);
          }
        }
      }
      std::vector<AlertIdentity> expected;
      for (const ExpectedAlert& a : test.alerts) expected.emplace_back(a.labels, a.annotations);
      std::sort(got.begin(), got.end());
      std::sort(expected.begin(), expected.end());
      if (got != expected) {
        errors_.push_back(fmt::format(
            "{}    alertname: {}, time: {}, \n        exp:{}, \n        got:{}", name_line(group_),
            test.alertname, promql::format_prometheus_duration(test.eval_time),
            format_alerts(expected), format_alerts(got)));
      }
    }
  }

  void check_query(const PromqlTest& test) {
    const std::string where = fmt::format("    expr: \"{}\", time: {}", test.expr_text,
                                          promql::format_prometheus_duration(test.eval_time));
    std::vector<ExpectedSample> got;
    try {
      promql::Value v = promql::evaluate(*test.expr, store_, test.eval_time);
      if (v.type == promql::ValueType::kInstantVector) {
        for (const promql::VectorElement& e : v.vector) got.push_back({e.labels, e.value});
      } else if (v.type == promql::ValueType::kScalar) {
        got.push_back({{}, v.scalar});
      } else {
        errors_.push_back(where + ", err: rule result is not a vector or scalar");
        return;
      }
    } catch (const promql::EvalError& e) {
      errors_.push_back(where + ", err: " + e.what());
      return;
    }
    std::vector<ExpectedSample> expected = test.samples;
    sort_samples(expected);
    sort_samples(got);
    if (!same_samples(expected, got)) {
      errors_.push_back(fmt::format("{},\n        exp: {}\n        got: {}", where,
                                    format_samples(expected), format_samples(got)));
    }
  }

  const UnitTestFile& file_;
  const TestGroup& group_;
  RuleEvaluator rules_;
  MetricStore store_;
  std::vector<AlertTransition> transitions_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> run_unit_tests(const UnitTestFile& file,
                                        std::vector<std::string>& warnings) {
  std::vector<std::string> errors;
  for (const TestGroup& group : file.tests) {
    // Each group starts from fresh rules: promtool loads them per group.
    std::vector<RuleGroupSpec> rules = load_groups(file, warnings);
    std::vector<std::string> group_errors = GroupRun(file, group, std::move(rules)).run();
    errors.insert(errors.end(), group_errors.begin(), group_errors.end());
  }
  return errors;
}

}  // namespace firedrill::promtest
