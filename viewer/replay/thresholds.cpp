// alert_thresholds: each alerting rule's PromQL tree is walked twice over.
// `describe` says what a sub-expression measures (a constant, the error
// ratio of some services over some windows, their memory...), and `collect`
// finds the comparisons whose one side is a plotted quantity and the other a
// constant. Both follow recording rules by name.
#include "viewer/replay/thresholds.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace firedrill::viewer {
namespace {

using promql::AggregateOp;
using promql::Aggregation;
using promql::Binary;
using promql::BinaryOp;
using promql::Call;
using promql::Expr;
using promql::LabelMatcher;
using promql::VectorSelector;

// Recording rules naming each other in a loop (or absurdly deep chains) stop
// being followed after this many hops; what lies beyond counts as unknown.
constexpr int kMaxHops = 16;

// What a sub-expression measures, as far as the plots are concerned.
enum class What {
  kUnknown,
  kConstant,
  // Raw counters, before rate(): meaningless compared with a constant.
  kRequestsCounter,  // requests_total of every code
  kErrorsCounter,    // requests_total of the 5xx codes
  kBucketsCounter,   // request_duration_seconds_bucket
  // Per-second rates of those.
  kRequests,
  kErrors,
  kBuckets,
  kErrorRatio,     // kErrors / kRequests
  kP99,            // histogram_quantile(0.99, kBuckets)
  kMemory,         // memory_bytes
  kMemoryLimit,    // memory_limit_bytes
  kMemoryOfLimit,  // kMemory / kMemoryLimit
  kCpu,            // cpu_utilization
  kReplicasUp,     // replicas_up
};

struct Quantity {
  What what = What::kUnknown;
  double constant = 0;  // kConstant: its value
  double scale = 1;     // otherwise the expression is scale x the quantity
  // The services it is about; none: not restricted (every service).
  std::optional<std::vector<std::string>> services;
  std::vector<SimTime> windows;  // range selector ranges, in order, distinct
};

Quantity constant(double value) {
  Quantity q;
  q.what = What::kConstant;
  q.constant = value;
  return q;
}

bool is_gauge(What w) {
  return w == What::kMemory || w == What::kMemoryLimit || w == What::kCpu ||
         w == What::kReplicasUp || w == What::kErrorRatio || w == What::kP99 ||
         w == What::kMemoryOfLimit;
}

void merge_windows(std::vector<SimTime>& into, const std::vector<SimTime>& more) {
  for (SimTime w : more) {
    if (std::find(into.begin(), into.end(), w) == into.end()) into.push_back(w);
  }
}

// Narrows `into` to the services also in `allowed` (none: no restriction).
void restrict_services(std::optional<std::vector<std::string>>& into,
                       const std::optional<std::vector<std::string>>& allowed) {
  if (!allowed) return;
  if (!into) {
    into = allowed;
    return;
  }
  std::erase_if(*into, [&](const std::string& s) {
    return std::find(allowed->begin(), allowed->end(), s) == allowed->end();
  });
}

// The quantity of a binary operation of two described sides: both sides'
// services and windows.
Quantity combined(What what, double scale, const Quantity& a, const Quantity& b) {
  Quantity q;
  q.what = what;
  q.scale = scale;
  q.services = a.services;
  restrict_services(q.services, b.services);
  q.windows = a.windows;
  merge_windows(q.windows, b.windows);
  return q;
}

std::optional<double> fold(BinaryOp op, double a, double b) {
  switch (op) {
    case BinaryOp::kAdd:
      return a + b;
    case BinaryOp::kSub:
      return a - b;
    case BinaryOp::kMul:
      return a * b;
    case BinaryOp::kDiv:
      return a / b;
    case BinaryOp::kMod:
      return std::fmod(a, b);
    case BinaryOp::kPow:
      return std::pow(a, b);
    default:
      return std::nullopt;
  }
}

std::optional<Comparison> comparison_of(BinaryOp op) {
  switch (op) {
    case BinaryOp::kGt:
      return Comparison::kGt;
    case BinaryOp::kGe:
      return Comparison::kGe;
    case BinaryOp::kLt:
      return Comparison::kLt;
    case BinaryOp::kLe:
      return Comparison::kLe;
    case BinaryOp::kEq:
      return Comparison::kEq;
    case BinaryOp::kNe:
      return Comparison::kNe;
    default:
      return std::nullopt;
  }
}

// The comparison with its operands swapped: c < x is x > c.
Comparison mirrored(Comparison op) {
  switch (op) {
    case Comparison::kGt:
      return Comparison::kLt;
    case Comparison::kGe:
      return Comparison::kLe;
    case Comparison::kLt:
      return Comparison::kGt;
    case Comparison::kLe:
      return Comparison::kGe;
    default:
      return op;
  }
}

std::optional<PlotKind> plot_of(What what) {
  switch (what) {
    case What::kRequests:
      return PlotKind::kRequestRate;
    case What::kErrorRatio:
      return PlotKind::kErrorRatio;
    case What::kP99:
      return PlotKind::kP99;
    case What::kMemory:
    case What::kMemoryOfLimit:
      return PlotKind::kMemory;
    case What::kCpu:
      return PlotKind::kCpu;
    case What::kReplicasUp:
      return PlotKind::kReplicas;
    default:
      return std::nullopt;
  }
}

// Whether an aggregation by/without `grouping` keeps the service label.
bool keeps_service(const Aggregation& agg) {
  const bool listed =
      std::find(agg.grouping.begin(), agg.grouping.end(), "service") != agg.grouping.end();
  return agg.without ? !listed : listed;
}

// One comparison of a plotted quantity with a constant, before merging.
struct Found {
  PlotKind plot = PlotKind::kErrorRatio;
  double value = 0;
  bool of_limit = false;
  Comparison op = Comparison::kGt;
  std::optional<std::vector<std::string>> services;
  std::vector<SimTime> windows;
};

class Walker {
 public:
  explicit Walker(const Scenario& scenario) : scenario_(scenario) {
    for (const RuleGroupSpec& group : scenario.alert_rules) {
      for (const RuleSpec& rule : group.rules) {
        // Prometheus allows several rules recording one name (with different
        // labels); the first one stands for the name here.
        if (rule.kind == RuleSpec::Kind::kRecord && rule.expr) records_.emplace(rule.name, &rule);
      }
    }
  }

  std::vector<Found> comparisons(const Expr& expr) {
    std::vector<Found> out;
    collect(expr, 0, out);
    return out;
  }

 private:
  const RuleSpec* record(const VectorSelector& sel) const {
    std::string_view name = sel.name;
    if (name.empty()) {
      for (const LabelMatcher& m : sel.matchers) {
        if (m.name == "__name__" && m.op == LabelMatcher::Op::kEqual) name = m.value;
      }
    }
    auto it = records_.find(name);
    return it == records_.end() ? nullptr : it->second;
  }

  // The scenario's services a selector's service matchers allow; none when it
  // has no service matcher.
  std::optional<std::vector<std::string>> services_of(const VectorSelector& sel) const {
    std::optional<std::vector<std::string>> out;
    for (const LabelMatcher& m : sel.matchers) {
      if (m.name != "service") continue;
      std::vector<std::string> allowed;
      for (const ServiceSpec& s : scenario_.services) {
        if (m.matches(s.name)) allowed.push_back(s.name);
      }
      restrict_services(out, allowed);
    }
    return out;
  }

  // requests_total's code matchers, tried on the codes the model answers
  // with: 5xx only, every code, or something else (unknown).
  static What requests_kind(const VectorSelector& sel) {
    auto accepts = [&](std::string_view code) {
      return std::all_of(sel.matchers.begin(), sel.matchers.end(), [&](const LabelMatcher& m) {
        return m.name != "code" || m.matches(code);
      });
    };
    const bool errors = accepts("500") && accepts("503") && accepts("504");
    if (errors && accepts("200")) return What::kRequestsCounter;
    if (errors) return What::kErrorsCounter;
    return What::kUnknown;
  }

  static What metric_kind(const VectorSelector& sel) {
    const std::string& name = sel.name;
    if (name == "requests_total") return requests_kind(sel);
    if (name == "request_duration_seconds_bucket") {
      // One bucket picked out is a count, not a histogram.
      const bool one_bucket = std::any_of(sel.matchers.begin(), sel.matchers.end(),
                                          [](const LabelMatcher& m) { return m.name == "le"; });
      return one_bucket ? What::kUnknown : What::kBucketsCounter;
    }
    if (name == "memory_bytes") return What::kMemory;
    if (name == "memory_limit_bytes") return What::kMemoryLimit;
    if (name == "cpu_utilization") return What::kCpu;
    if (name == "replicas_up") return What::kReplicasUp;
    return What::kUnknown;
  }

  // A selector (with its range, 0 for an instant one): a recording rule's
  // quantity narrowed by the selector's matchers, or a metric's.
  Quantity selector(const VectorSelector& sel, SimTime range, int hops) {
    Quantity q;
    if (const RuleSpec* rule = record(sel)) {
      if (hops >= kMaxHops) return {};
      q = describe(*rule->expr, hops + 1);
      if (q.what == What::kUnknown || q.what == What::kConstant) return q;
    } else {
      q.what = metric_kind(sel);
      if (q.what == What::kUnknown) return {};
    }
    restrict_services(q.services, services_of(sel));
    if (range > 0) merge_windows(q.windows, {range});
    return q;
  }

  Quantity call(const Call& c, int hops) {
    const std::string& f = c.function;
    if (f == "rate" || f == "irate" || f == "increase") {
      if (c.args.size() != 1) return {};
      const auto* m = std::get_if<promql::MatrixSelector>(&c.args[0]->node);
      if (m == nullptr) return {};
      Quantity q = selector(m->selector, m->range, hops);
      switch (q.what) {
        case What::kRequestsCounter:
          q.what = What::kRequests;
          break;
        case What::kErrorsCounter:
          q.what = What::kErrors;
          break;
        case What::kBucketsCounter:
          q.what = What::kBuckets;
          break;
        default:
          return {};
      }
      // increase(x[r]) is rate(x[r]) x r seconds.
      if (f == "increase") q.scale *= to_seconds(m->range);
      return q;
    }
    if (f == "avg_over_time" || f == "min_over_time" || f == "max_over_time" ||
        f == "last_over_time" || f == "quantile_over_time") {
      // Smoothing a gauge over time keeps its unit.
      if (c.args.empty()) return {};
      const auto* m = std::get_if<promql::MatrixSelector>(&c.args.back()->node);
      if (m == nullptr) return {};
      Quantity q = selector(m->selector, m->range, hops);
      return is_gauge(q.what) ? q : Quantity{};
    }
    if (f == "histogram_quantile") {
      if (c.args.size() != 2) return {};
      const Quantity level = describe(*c.args[0], hops);
      Quantity q = describe(*c.args[1], hops);
      // The plot is the p99; other quantiles would sit on the wrong curve.
      if (level.what != What::kConstant || std::abs(level.constant - 0.99) > 1e-9) return {};
      if (q.what != What::kBuckets) return {};
      q.what = What::kP99;
      q.scale = 1;
      return q;
    }
    return {};
  }

  Quantity aggregation(const Aggregation& agg, int hops) {
    if (!agg.expr) return {};
    Quantity q = describe(*agg.expr, hops);
    if (q.what == What::kConstant || q.what == What::kUnknown) return {};
    const bool summed_rate =
        q.what == What::kRequests || q.what == What::kErrors || q.what == What::kBuckets;
    bool ok = false;
    switch (agg.op) {
      // Sums of rates over codes and instances are the service's rate; sums
      // of gauges (memory over replicas) are not what the plots show, except
      // replicas_up (one series per service anyway).
      case AggregateOp::kSum:
        ok = summed_rate || q.what == What::kReplicasUp;
        break;
      case AggregateOp::kMax:
      case AggregateOp::kMin:
      case AggregateOp::kAvg:
        ok = is_gauge(q.what);
        break;
      default:
        ok = false;
    }
    if (!ok) return {};
    // Summed across services, the quantity is a service's only when the
    // selectors picked out a single one.
    if (!keeps_service(agg) && !(q.services && q.services->size() == 1)) return {};
    return q;
  }

  Quantity arithmetic(const Binary& b, const Quantity& l, const Quantity& r) {
    const bool lc = l.what == What::kConstant;
    const bool rc = r.what == What::kConstant;
    if (lc && rc) {
      const std::optional<double> v = fold(b.op, l.constant, r.constant);
      return v ? constant(*v) : Quantity{};
    }
    if (l.what == What::kUnknown || r.what == What::kUnknown) return {};
    // Scaling by a constant keeps the quantity (`ratio * 100` is a percentage).
    if (rc && (b.op == BinaryOp::kMul || b.op == BinaryOp::kDiv) && r.constant != 0) {
      Quantity q = l;
      q.scale = b.op == BinaryOp::kMul ? q.scale * r.constant : q.scale / r.constant;
      return q;
    }
    if (lc && b.op == BinaryOp::kMul) {
      Quantity q = r;
      q.scale *= l.constant;
      return q;
    }
    if (b.op == BinaryOp::kDiv) {
      if (l.what == What::kErrors && r.what == What::kRequests) {
        return combined(What::kErrorRatio, l.scale / r.scale, l, r);
      }
      if (l.what == What::kMemory && r.what == What::kMemoryLimit) {
        return combined(What::kMemoryOfLimit, l.scale / r.scale, l, r);
      }
    }
    return {};
  }

  Quantity describe(const Expr& e, int hops) {
    return std::visit(
        [&](const auto& n) -> Quantity {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, promql::NumberLiteral>) {
            return constant(n.value);
          } else if constexpr (std::is_same_v<T, promql::Paren>) {
            return n.expr ? describe(*n.expr, hops) : Quantity{};
          } else if constexpr (std::is_same_v<T, promql::Unary>) {
            if (!n.expr) return {};
            Quantity q = describe(*n.expr, hops);
            if (!n.negate) return q;
            return q.what == What::kConstant ? constant(-q.constant) : Quantity{};
          } else if constexpr (std::is_same_v<T, VectorSelector>) {
            return selector(n, 0, hops);
          } else if constexpr (std::is_same_v<T, Call>) {
            return call(n, hops);
          } else if constexpr (std::is_same_v<T, Aggregation>) {
            return aggregation(n, hops);
          } else if constexpr (std::is_same_v<T, Binary>) {
            // Comparisons and set operations filter rather than measure.
            if (!n.lhs || !n.rhs || comparison_of(n.op) || n.op == BinaryOp::kAnd ||
                n.op == BinaryOp::kOr || n.op == BinaryOp::kUnless) {
              return {};
            }
            return arithmetic(n, describe(*n.lhs, hops), describe(*n.rhs, hops));
          } else {
            return {};  // strings, bare range selectors
          }
        },
        e.node);
  }

  // A comparison of a quantity with a constant, if `b` is one.
  void compare(const Binary& b, Comparison op, int hops, std::vector<Found>& out) {
    Quantity l = describe(*b.lhs, hops);
    Quantity r = describe(*b.rhs, hops);
    if (l.what == What::kConstant) {
      std::swap(l, r);
      op = mirrored(op);
    }
    if (r.what != What::kConstant) return;
    const std::optional<PlotKind> plot = plot_of(l.what);
    if (!plot || l.scale == 0 || !std::isfinite(r.constant)) return;
    Found f;
    f.plot = *plot;
    f.of_limit = l.what == What::kMemoryOfLimit;
    // scale x q > c is q > c / scale, turned round when scale is negative.
    f.value = r.constant / l.scale;
    f.op = l.scale < 0 ? mirrored(op) : op;
    f.services = l.services;
    f.windows = l.windows;
    out.push_back(std::move(f));
  }

  void collect(const Expr& e, int hops, std::vector<Found>& out) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, Binary>) {
            if (!n.lhs || !n.rhs) return;
            if (std::optional<Comparison> op = comparison_of(n.op)) compare(n, *op, hops, out);
            collect(*n.lhs, hops, out);
            // `x unless y`: y says when not to fire; its comparisons are no
            // alert lines.
            if (n.op != BinaryOp::kUnless) collect(*n.rhs, hops, out);
          } else if constexpr (std::is_same_v<T, VectorSelector>) {
            if (const RuleSpec* rule = record(n); rule != nullptr && hops < kMaxHops) {
              collect(*rule->expr, hops + 1, out);
            }
          } else if constexpr (std::is_same_v<T, promql::MatrixSelector>) {
            if (const RuleSpec* rule = record(n.selector); rule != nullptr && hops < kMaxHops) {
              collect(*rule->expr, hops + 1, out);
            }
          } else if constexpr (std::is_same_v<T, Call>) {
            for (const promql::ExprPtr& arg : n.args) {
              if (arg) collect(*arg, hops, out);
            }
          } else if constexpr (std::is_same_v<T, Aggregation>) {
            if (n.expr) collect(*n.expr, hops, out);
          } else if constexpr (std::is_same_v<T, promql::Unary> ||
                               std::is_same_v<T, promql::Paren>) {
            if (n.expr) collect(*n.expr, hops, out);
          }
        },
        e.node);
  }

  const Scenario& scenario_;
  std::map<std::string, const RuleSpec*, std::less<>> records_;
};

std::string window_text(const std::vector<SimTime>& windows) {
  std::string out;
  for (SimTime w : windows) {
    if (!out.empty()) out += ", ";
    out += format_duration(w);
  }
  return out;
}

// The expression on one line, runs of white space as one space.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string severity_of(const RuleSpec& rule) {
  for (const TemplatedPair& label : rule.labels) {
    if (label.name == "severity") return label.text;
  }
  return {};
}

}  // namespace

const char* comparison_symbol(Comparison op) {
  switch (op) {
    case Comparison::kGt:
      return ">";
    case Comparison::kGe:
      return ">=";
    case Comparison::kLt:
      return "<";
    case Comparison::kLe:
      return "<=";
    case Comparison::kEq:
      return "==";
    case Comparison::kNe:
      return "!=";
  }
  return "?";
}

std::vector<Threshold> alert_thresholds(const Scenario& scenario) {
  Walker walker(scenario);
  std::vector<Threshold> out;
  for (const RuleGroupSpec& group : scenario.alert_rules) {
    for (const RuleSpec& rule : group.rules) {
      if (rule.kind != RuleSpec::Kind::kAlert || !rule.expr) continue;
      // This rule's lines, each with the windows of the conditions drawing it.
      std::vector<std::pair<Threshold, std::vector<SimTime>>> lines;
      for (const Found& f : walker.comparisons(*rule.expr)) {
        // A matcher that allows no service of the scenario: no line anywhere.
        if (f.services && f.services->empty()) continue;
        const std::vector<std::string> services = f.services.value_or(std::vector<std::string>{});
        // The same line from another condition of this rule (a burn-rate
        // rule's long and short windows) is one line naming both windows.
        auto same = std::find_if(lines.begin(), lines.end(), [&](const auto& line) {
          const Threshold& t = line.first;
          return t.plot == f.plot && t.value == f.value && t.of_limit == f.of_limit &&
                 t.op == f.op && t.services == services;
        });
        if (same != lines.end()) {
          merge_windows(same->second, f.windows);
          continue;
        }
        Threshold t;
        t.alert = rule.name;
        t.severity = severity_of(rule);
        t.plot = f.plot;
        t.value = f.value;
        t.of_limit = f.of_limit;
        t.op = f.op;
        t.above = f.op == Comparison::kGt || f.op == Comparison::kGe;
        t.services = services;
        t.for_duration = rule.for_duration;
        t.expr = one_line(rule.expr_text);
        lines.emplace_back(std::move(t), f.windows);
      }
      for (auto& [t, windows] : lines) {
        t.window = window_text(windows);
        out.push_back(std::move(t));
      }
    }
  }
  return out;
}

bool applies_to(const Threshold& threshold, const std::string& service) {
  return threshold.services.empty() ||
         std::find(threshold.services.begin(), threshold.services.end(), service) !=
             threshold.services.end();
}

}  // namespace firedrill::viewer
