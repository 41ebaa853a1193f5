// The PromQL functions firedrill supports, with their argument and result
// types, as the parser checks calls against them.
//
//   const FunctionSignature* f = find_function("rate");  // null if not supported
//
// The table follows Prometheus 2.42 (promql/parser/functions.go).
#pragma once

#include <string_view>
#include <vector>

#include "sim/promql/ast.h"

namespace firedrill::promql {

struct FunctionSignature {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types; n > 0: the last of arg_types is optional and may
  // repeat up to n times; -1: the last may repeat without limit.
  int variadic = 0;
  ValueType return_type = ValueType::kInstantVector;
};

// The signature of a supported function, or null.
const FunctionSignature* find_function(std::string_view name);

// Whether `name` is a Prometheus 2.42 function that firedrill does not
// support (holt_winters, trigonometry, native histograms).
bool is_unsupported_prometheus_function(std::string_view name);

// All supported functions, in alphabetical order.
const std::vector<FunctionSignature>& supported_functions();

}  // namespace firedrill::promql
