#include "sim/promql/evaluator.h"

#include "sim/promql/go_quote.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/promql/eval_internal.h"
#include "sim/promql/selection.h"

namespace firedrill::promql {
namespace internal {
namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

Value scalar_value(double v) {
  Value out;
  out.type = ValueType::kScalar;
  out.scalar = v;
  return out;
}

Value eval_unary(const Unary& unary, const EvalContext& ctx) {
  Value value = eval(*unary.expr, ctx);
  if (!unary.negate) return value;
  if (value.type == ValueType::kScalar) {
    value.scalar = -value.scalar;
    return value;
  }
  for (VectorElement& element : value.vector) {
    element.value = -element.value;
    drop_metric_name(element.labels);
  }
  check_unique_labelsets(value.vector);
  return value;
}

// FNV-1a over names and values, with separators.
std::uint64_t hash_labels(const LabelSet& labels) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0xff;
    hash *= 0x100000001b3ULL;
  };
  for (const auto& [name, value] : labels) {
    mix(name);
    mix(value);
  }
  return hash;
}

}  // namespace

const Expr& unwrap_parens(const Expr& expr) {
  const Expr* e = &expr;
  while (const auto* paren = std::get_if<Paren>(&e->node)) e = paren->expr.get();
  return *e;
}

void set_label(LabelSet& labels, std::string_view name, std::string_view value) {
  auto it = std::lower_bound(labels.begin(), labels.end(), name,
                             [](const auto& label, std::string_view n) { return label.first < n; });
  if (it != labels.end() && it->first == name) {
    if (value.empty()) {
      labels.erase(it);
    } else {
      it->second = std::string(value);
    }
  } else if (!value.empty()) {
    labels.emplace(it, std::string(name), std::string(value));
  }
}

void remove_label(LabelSet& labels, std::string_view name) {
  auto it = std::find_if(labels.begin(), labels.end(),
                         [&](const auto& label) { return label.first == name; });
  if (it != labels.end()) labels.erase(it);
}

void check_unique_labelsets(const Vector& vector) {
  if (vector.size() < 2) return;
  // Sort hashes, not label sets: only equal hashes need a full comparison.
  std::vector<std::pair<std::uint64_t, const LabelSet*>> hashed;
  hashed.reserve(vector.size());
  for (const VectorElement& element : vector) {
    hashed.emplace_back(hash_labels(element.labels), &element.labels);
  }
  std::sort(hashed.begin(), hashed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < hashed.size(); ++i) {
    for (std::size_t j = i; j > 0 && hashed[j - 1].first == hashed[i].first; --j) {
      if (*hashed[j - 1].second == *hashed[i].second) {
        throw EvalError("vector cannot contain metrics with the same labelset");
      }
    }
  }
}

std::string labels_string(const LabelSet& labels) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ", ";
    first = false;
    out += name;
    out += '=';
    out += go_quote(value);
  }
  out += '}';
  return out;
}

double eval_scalar(const Expr& expr, const EvalContext& ctx) {
  Value value = eval(expr, ctx);
  if (value.type != ValueType::kScalar) {
    throw EvalError(std::string("expected scalar, got ") + value_type_name(value.type));
  }
  return value.scalar;
}

Value eval(const Expr& expr, const EvalContext& ctx) {
  return std::visit(
      Overloaded{
          [](const NumberLiteral& n) { return scalar_value(n.value); },
          [](const StringLiteral& s) {
            Value out;
            out.type = ValueType::kString;
            out.string = s.value;
            return out;
          },
          [&](const VectorSelector& selector) {
            Value out;
            out.type = ValueType::kInstantVector;
            out.vector = select_instant(selector, ctx.store, ctx.time, ctx.options.lookback);
            return out;
          },
          [&](const MatrixSelector& selector) {
            Value out;
            out.type = ValueType::kRangeVector;
            out.matrix = select_range(selector, ctx.store, ctx.time);
            return out;
          },
          [&](const Call& call) { return eval_call(call, ctx); },
          [&](const Aggregation& aggregation) { return eval_aggregation(aggregation, ctx); },
          [&](const Unary& unary) { return eval_unary(unary, ctx); },
          [&](const Binary& binary) { return eval_binary(binary, ctx); },
          [&](const Paren& paren) { return eval(*paren.expr, ctx); },
      },
      expr.node);
}

}  // namespace internal

Value evaluate(const Expr& expr, const MetricStore& store, SimTime time,
               const EvalOptions& options) {
  internal::EvalContext ctx{store, time, options};
  return internal::eval(expr, ctx);
}

}  // namespace firedrill::promql
