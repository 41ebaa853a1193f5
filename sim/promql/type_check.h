// The type check of a parsed PromQL expression: what Prometheus' checkAST
// rejects (wrong argument types and counts, comparisons between scalars
// without `bool`, set operators on scalars, empty selectors, ...).
//
//   check_types(*expr, text);  // throws ParseError
//
// Internal to sim/promql: parse_expr runs it once the syntax is known good,
// while every Binary still has its `matching` as written.
#pragma once

#include <string_view>

#include "sim/promql/ast.h"

namespace firedrill::promql {

// Throws ParseError for the first problem, in the order Prometheus finds them.
// `text` is the expression's text (to place errors at an operator).
void check_types(const Expr& expr, std::string_view text);

}  // namespace firedrill::promql
