// Binary operators: arithmetic, comparisons and set operators between
// scalars and vectors, with Prometheus' vector matching.
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "sim/promql/eval_internal.h"

namespace firedrill::promql::internal {
namespace {

bool is_comparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kGt:
    case BinaryOp::kLt:
    case BinaryOp::kGe:
    case BinaryOp::kLe:
      return true;
    default:
      return false;
  }
}

bool is_set_operator(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

// Prometheus' vectorElemBinop for floats: the value, and for comparisons
// whether the comparison holds (the value is then the left operand).
struct ElementResult {
  double value;
  bool keep;
};

ElementResult apply(BinaryOp op, double lhs, double rhs) {
  switch (op) {
    case BinaryOp::kAdd:
      return {lhs + rhs, true};
    case BinaryOp::kSub:
      return {lhs - rhs, true};
    case BinaryOp::kMul:
      return {lhs * rhs, true};
    case BinaryOp::kDiv:
      return {lhs / rhs, true};
    case BinaryOp::kMod:
      return {std::fmod(lhs, rhs), true};
    case BinaryOp::kPow:
      return {go_pow(lhs, rhs), true};
    case BinaryOp::kEq:
      return {lhs, lhs == rhs};
    case BinaryOp::kNe:
      return {lhs, lhs != rhs};
    case BinaryOp::kGt:
      return {lhs, lhs > rhs};
    case BinaryOp::kLt:
      return {lhs, lhs < rhs};
    case BinaryOp::kGe:
      return {lhs, lhs >= rhs};
    case BinaryOp::kLe:
      return {lhs, lhs <= rhs};
    case BinaryOp::kAnd:
    case BinaryOp::kOr:
    case BinaryOp::kUnless:
      break;
  }
  throw EvalError("operator not allowed between these operands");
}

Value scalar_result(double v) {
  Value out;
  out.type = ValueType::kScalar;
  out.scalar = v;
  return out;
}

Value vector_result(Vector vector) {
  Value out;
  out.type = ValueType::kInstantVector;
  out.vector = std::move(vector);
  return out;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

// The labels a matching compares: only the on(...) labels, or all but the
// ignoring(...) labels and __name__.
bool is_matching_label(const VectorMatching& matching, std::string_view name) {
  if (matching.on) return contains(matching.labels, name);
  return name != kMetricNameLabel && !contains(matching.labels, name);
}

// A key equal for two label sets exactly when their matching labels agree.
std::string signature(const LabelSet& labels, const VectorMatching& matching) {
  std::string key;
  for (const auto& [name, value] : labels) {
    if (!is_matching_label(matching, name)) continue;
    key += name;
    key += '\xff';
    key += value;
    key += '\xff';
  }
  return key;
}

// A key equal for two label sets exactly when they are equal.
std::string labels_key(const LabelSet& labels) {
  std::string key;
  for (const auto& [name, value] : labels) {
    key += name;
    key += '\xff';
    key += value;
    key += '\xff';
  }
  return key;
}

LabelSet matching_labels(const LabelSet& labels, const VectorMatching& matching) {
  LabelSet out;
  for (const auto& label : labels) {
    if (is_matching_label(matching, label.first)) out.push_back(label);
  }
  return out;
}

// Prometheus' resultMetric.
LabelSet result_labels(const LabelSet& many, const LabelSet& one, BinaryOp op,
                       const VectorMatching& matching, bool return_bool) {
  LabelSet labels = many;
  if (!is_comparison(op) || return_bool) drop_metric_name(labels);
  if (matching.card == VectorMatching::Cardinality::kOneToOne) {
    LabelSet kept;
    for (auto& label : labels) {
      bool listed = contains(matching.labels, label.first);
      if (listed == matching.on) kept.push_back(std::move(label));
    }
    labels = std::move(kept);
  }
  for (const std::string& name : matching.include) {
    set_label(labels, name, label_value(one, name));
  }
  return labels;
}

Vector vector_binop(BinaryOp op, Vector lhs, Vector rhs, const VectorMatching& matching,
                    bool return_bool) {
  const bool one_to_many = matching.card == VectorMatching::Cardinality::kOneToMany;
  // The right side is the "one" side below; for group_right swap the sides.
  if (one_to_many) std::swap(lhs, rhs);

  std::unordered_map<std::string, std::size_t> right_by_signature;
  right_by_signature.reserve(rhs.size());
  for (std::size_t i = 0; i < rhs.size(); ++i) {
    auto [it, inserted] = right_by_signature.emplace(signature(rhs[i].labels, matching), i);
    if (!inserted) {
      throw EvalError("found duplicate series for the match group " +
                      labels_string(matching_labels(rhs[i].labels, matching)) + " on the " +
                      (one_to_many ? "left" : "right") + " hand-side of the operation: [" +
                      labels_string(rhs[i].labels) + ", " + labels_string(rhs[it->second].labels) +
                      "];many-to-many matching not allowed: matching labels must be unique on "
                      "one side");
    }
  }

  Vector out;
  std::unordered_set<std::string> matched_one_to_one;
  std::unordered_set<std::string> produced;  // many-to-one: signature + result labels
  for (const VectorElement& left : lhs) {
    std::string sig = signature(left.labels, matching);
    auto found = right_by_signature.find(sig);
    if (found == right_by_signature.end()) continue;
    const VectorElement& right = rhs[found->second];
    double vl = left.value, vr = right.value;
    if (one_to_many) std::swap(vl, vr);
    ElementResult result = apply(op, vl, vr);
    if (return_bool) {
      result.value = result.keep ? 1.0 : 0.0;
    } else if (!result.keep) {
      continue;
    }
    LabelSet labels = result_labels(left.labels, right.labels, op, matching, return_bool);
    if (matching.card == VectorMatching::Cardinality::kOneToOne) {
      if (!matched_one_to_one.insert(sig).second) {
        throw EvalError(
            "multiple matches for labels: many-to-one matching must be explicit "
            "(group_left/group_right)");
      }
    } else {
      std::string key = sig + '\xfe' + labels_key(labels);
      if (!produced.insert(key).second) {
        throw EvalError("multiple matches for labels: grouping labels must ensure unique matches");
      }
    }
    out.push_back({std::move(labels), result.value});
  }
  return out;
}

Vector set_binop(BinaryOp op, Vector lhs, Vector rhs, const VectorMatching& matching) {
  if (op == BinaryOp::kAnd && (lhs.empty() || rhs.empty())) return {};
  if (op == BinaryOp::kOr) {
    if (lhs.empty()) return rhs;
    if (rhs.empty()) return lhs;
  }
  if (op == BinaryOp::kUnless && (lhs.empty() || rhs.empty())) return lhs;

  const Vector& indexed = op == BinaryOp::kOr ? lhs : rhs;
  std::unordered_set<std::string> signatures;
  signatures.reserve(indexed.size());
  for (const VectorElement& element : indexed) {
    signatures.insert(signature(element.labels, matching));
  }
  Vector out;
  if (op == BinaryOp::kOr) {
    out = std::move(lhs);
    for (VectorElement& element : rhs) {
      if (!signatures.count(signature(element.labels, matching))) out.push_back(std::move(element));
    }
    return out;
  }
  const bool keep_matches = op == BinaryOp::kAnd;
  for (VectorElement& element : lhs) {
    bool matched = signatures.count(signature(element.labels, matching)) > 0;
    if (matched == keep_matches) out.push_back(std::move(element));
  }
  return out;
}

Vector vector_scalar_binop(BinaryOp op, Vector vector, double scalar, bool scalar_on_left,
                           bool return_bool) {
  Vector out;
  out.reserve(vector.size());
  for (VectorElement& element : vector) {
    double lv = element.value, rv = scalar;
    if (scalar_on_left) std::swap(lv, rv);
    ElementResult result = apply(op, lv, rv);
    // A comparison always yields the vector's value, whichever side it is on.
    if (is_comparison(op) && scalar_on_left) result.value = rv;
    if (return_bool) {
      result.value = result.keep ? 1.0 : 0.0;
      result.keep = true;
    }
    if (!result.keep) continue;
    element.value = result.value;
    if (!is_comparison(op) || return_bool) drop_metric_name(element.labels);
    out.push_back(std::move(element));
  }
  return out;
}

}  // namespace

Value eval_binary(const Binary& binary, const EvalContext& ctx) {
  Value lhs = eval(*binary.lhs, ctx);
  Value rhs = eval(*binary.rhs, ctx);
  const bool lhs_scalar = lhs.type == ValueType::kScalar;
  const bool rhs_scalar = rhs.type == ValueType::kScalar;

  if (lhs_scalar && rhs_scalar) {
    ElementResult result = apply(binary.op, lhs.scalar, rhs.scalar);
    if (is_comparison(binary.op)) return scalar_result(result.keep ? 1.0 : 0.0);
    return scalar_result(result.value);
  }
  Vector out;
  if (lhs_scalar) {
    out =
        vector_scalar_binop(binary.op, std::move(rhs.vector), lhs.scalar, true, binary.return_bool);
  } else if (rhs_scalar) {
    out = vector_scalar_binop(binary.op, std::move(lhs.vector), rhs.scalar, false,
                              binary.return_bool);
  } else {
    VectorMatching matching;
    if (binary.matching) {
      matching = *binary.matching;
    } else if (is_set_operator(binary.op)) {
      matching.card = VectorMatching::Cardinality::kManyToMany;
    }
    if (is_set_operator(binary.op)) {
      out = set_binop(binary.op, std::move(lhs.vector), std::move(rhs.vector), matching);
    } else {
      out = vector_binop(binary.op, std::move(lhs.vector), std::move(rhs.vector), matching,
                         binary.return_bool);
    }
  }
  check_unique_labelsets(out);
  return vector_result(std::move(out));
}

}  // namespace firedrill::promql::internal
