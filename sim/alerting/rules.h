// Prometheus rule groups as firedrill holds them after loading: alerting and
// recording rules with parsed expressions and templates.
//
// Where they come from: a scenario's `alerts:` key, a standalone rule file
// (`firedrill run --rules FILE`), or a promtool unit-test file's
// `rule_files`. The format is Prometheus' own (docs/alerting.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/base/time.h"
#include "sim/promql/ast.h"

namespace firedrill {

class Template;  // sim/alerting/template.h

// A label or annotation whose value is a template ("{{ $labels.service }} is down").
struct TemplatedPair {
  std::string name;
  std::string text;                           // as written
  std::shared_ptr<const Template> template_;  // parsed
};

struct RuleSpec {
  enum class Kind { kAlert, kRecord };
  Kind kind = Kind::kAlert;
  std::string name;       // `alert:` or `record:`
  std::string expr_text;  // as written
  promql::ExprPtr expr;
  SimTime for_duration = 0;                // `for:`, alerting rules only
  SimTime keep_firing_for = 0;             // `keep_firing_for:`, alerting rules only
  std::vector<TemplatedPair> labels;       // sorted by name; recording rules: plain values
  std::vector<TemplatedPair> annotations;  // sorted by name; alerting rules only
  SourceLocation where;                    // the rule's first key
};

struct RuleGroupSpec {
  std::string name;
  SimTime interval = 0;  // `interval:`; 0 = the evaluation_interval in force
  int limit = 0;         // `limit:`; 0 = none
  std::vector<RuleSpec> rules;
  SourceLocation where;
};

}  // namespace firedrill
