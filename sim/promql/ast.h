// The syntax tree of a PromQL expression, as the parser builds it and the
// evaluator walks it. Nodes are immutable after parsing and shared freely.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/base/time.h"
#include "sim/promql/regex.h"

namespace firedrill::promql {

// What an expression evaluates to. PromQL's four types.
enum class ValueType { kScalar, kInstantVector, kRangeVector, kString };

// "scalar", "instant vector", "range vector", "string": as in error messages.
const char* value_type_name(ValueType type);

// One matcher of a selector: name="value", name!="value", name=~"re", name!~"re".
struct LabelMatcher {
  enum class Op { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };
  std::string name;
  Op op = Op::kEqual;
  std::string value;
  std::shared_ptr<const Regex> regex;  // compiled, anchored; set for the regex ops

  // Whether a label value ("" when the label is absent) satisfies the matcher.
  bool matches(std::string_view label_value) const;
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct NumberLiteral {
  double value = 0;
};

struct StringLiteral {
  std::string value;
};

// metric{matchers} [offset d]. A metric name written before the braces is
// also a matcher on __name__ (always the first of `matchers`).
struct VectorSelector {
  std::string name;  // the metric name as written, "" if only matchers
  std::vector<LabelMatcher> matchers;
  SimTime offset = 0;  // may be negative
};

// metric{matchers}[range] [offset d].
struct MatrixSelector {
  VectorSelector selector;  // its offset is the matrix selector's offset
  SimTime range = 0;        // > 0
};

// A function call: rate(x[5m]), histogram_quantile(0.9, ...).
struct Call {
  std::string function;
  std::vector<ExprPtr> args;
};

enum class AggregateOp {
  kSum, kAvg, kMin, kMax, kCount, kGroup, kStddev, kStdvar, kTopk, kBottomk, kQuantile,
};

// sum by (a, b) (expr), topk(3, expr), quantile without (x) (0.9, expr).
struct Aggregation {
  AggregateOp op = AggregateOp::kSum;
  ExprPtr expr;
  ExprPtr param;  // topk/bottomk's k, quantile's q; null otherwise
  std::vector<std::string> grouping;
  bool without = false;  // `without (...)` rather than `by (...)` (or nothing)
};

// -expr, +expr.
struct Unary {
  bool negate = false;
  ExprPtr expr;
};

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv, kMod, kPow,
  kEq, kNe, kGt, kLt, kGe, kLe,
  kAnd, kOr, kUnless,
};

// How two vectors' elements pair up: on/ignoring and group_left/right.
struct VectorMatching {
  enum class Cardinality { kOneToOne, kManyToOne, kOneToMany, kManyToMany };
  Cardinality card = Cardinality::kOneToOne;  // and/or/unless: kManyToMany
  std::vector<std::string> labels;            // of on(...) or ignoring(...)
  bool on = false;                            // on(...) rather than ignoring(...)
  std::vector<std::string> include;           // group_left(...)/group_right(...) labels
};

struct Binary {
  BinaryOp op = BinaryOp::kAdd;
  ExprPtr lhs, rhs;
  bool return_bool = false;  // comparison with `bool`
  // Set when both sides are vectors (defaults apply when not written).
  std::optional<VectorMatching> matching;
};

struct Paren {
  ExprPtr expr;
};

using Node = std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, Call,
                          Aggregation, Unary, Binary, Paren>;

// A node with its place in the expression text.
struct Expr {
  Node node;
  ValueType type = ValueType::kScalar;  // checked by the parser
  int begin = 0;                        // byte offset of its first character
  int end = 0;                          // byte offset past its last character
};

}  // namespace firedrill::promql
