// Alertmanager label matchers: `severity="critical"`, `service=~"db|cache"`,
// `team!=web`, as routes, inhibition rules and silences use them. Semantics
// are Alertmanager 0.25's: a missing label has the value "", and regexes are
// RE2 anchored at both ends.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/promql/regex.h"

namespace firedrill {

struct LabelMatcher {
  enum class Op { kEqual, kNotEqual, kRegex, kNotRegex };
  std::string name;
  Op op = Op::kEqual;
  std::string value;                           // as written (unquoted)
  std::shared_ptr<const promql::Regex> regex;  // for kRegex and kNotRegex

  bool matches(const Labels& labels) const;
  // Alertmanager's form: name, operator, and the value in double quotes with
  // OpenMetrics escapes (\\, \" and \n): `severity=~"a|b"`.
  std::string str() const;
};

// All must match (an empty list matches everything).
using LabelMatchers = std::vector<LabelMatcher>;
bool matches_all(const LabelMatchers& matchers, const Labels& labels);
// `{a="b",c=~"d"}`, as Alertmanager prints a route's matchers (no spaces).
std::string format_matchers(const LabelMatchers& matchers);
// Sorts in Alertmanager's order (by name, then value, then operator in the
// order of Op), as a route's matchers are held and printed.
void sort_matchers(LabelMatchers& matchers);

// A matcher that could not be parsed; `offset` is the byte offset in the text.
class MatcherError : public std::runtime_error {
 public:
  MatcherError(const std::string& message, std::size_t at)
      : std::runtime_error(message), offset(at) {}
  std::size_t offset;
};

// Parses one entry of a `matchers:` list, as Alertmanager's
// labels.ParseMatchers does: one or more comma-separated matchers, optionally
// in braces; values quoted ("...") or bare. Throws MatcherError.
// Label names are [a-zA-Z_:][a-zA-Z0-9_:]*, as Alertmanager 0.25 accepts them.
LabelMatchers parse_matchers(std::string_view text);

// Parses exactly one matcher, as labels.ParseMatcher does (amtool's label
// arguments): commas are part of the value. Throws MatcherError.
LabelMatcher parse_matcher(std::string_view text);

// Builds a matcher from the old `match:` / `match_re:` maps (a value, not a
// matcher expression). Throws MatcherError for a bad regex or label name
// (match maps take [a-zA-Z_][a-zA-Z0-9_]* only). The value is kept as given:
// callers reading `match_re:` pass it anchored, ^(?:value)$, as Alertmanager
// holds and prints it.
LabelMatcher make_matcher(std::string name, LabelMatcher::Op op, std::string value);

// Whether `name` is a valid Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool is_prometheus_label_name(std::string_view name);

}  // namespace firedrill
