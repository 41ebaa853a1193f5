// Evaluating a parsed PromQL expression at one instant over a MetricStore,
// with Prometheus' semantics (lookback, staleness, extrapolated rates, vector
// matching). The arithmetic follows Prometheus 2.42 operation for operation,
// so that results agree with promtool to the last bit.
//
//   Value v = evaluate(*parse_expr("rate(requests_total[5m])"), store, 10 * kMinute);
#pragma once

#include <stdexcept>

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/promql/ast.h"
#include "sim/promql/value.h"

namespace firedrill::promql {

// An error found while evaluating (not parsing): duplicate label sets after
// an aggregation or a binary operation, many-to-many matching, and the like.
// Messages follow Prometheus'.
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EvalOptions {
  // How far back an instant selector looks for a sample (Prometheus'
  // --query.lookback-delta, default 5m).
  SimTime lookback = 5 * kMinute;
};

// Evaluates `expr` at `time`. Samples after `time` are never read; a sample at
// exactly `time` is. Throws EvalError.
Value evaluate(const Expr& expr, const MetricStore& store, SimTime time,
               const EvalOptions& options = {});

}  // namespace firedrill::promql
