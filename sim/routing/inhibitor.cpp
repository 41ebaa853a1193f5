#include "sim/routing/inhibitor.h"

#include "sim/promql/value.h"

namespace firedrill {
namespace {

bool equal_on(const std::vector<std::string>& names, const Labels& a, const Labels& b) {
  for (const std::string& n : names) {
    if (promql::label_value(a, n) != promql::label_value(b, n)) return false;
  }
  return true;
}

}  // namespace

std::optional<Inhibition> find_inhibition(const std::vector<InhibitRuleSpec>& rules,
                                          const Labels& target,
                                          const std::vector<const Labels*>& firing) {
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const InhibitRuleSpec& rule = rules[r];
    if (!matches_all(rule.target, target)) continue;
    // Alertmanager's excludeTwoSidedMatch: a target that is also a source
    // is not muted by sources that are also targets.
    const bool target_is_source = matches_all(rule.source, target);
    for (const Labels* source : firing) {
      if (!matches_all(rule.source, *source)) continue;
      if (!equal_on(rule.equal, *source, target)) continue;
      if (target_is_source && matches_all(rule.target, *source)) continue;
      return Inhibition{r, *source};
    }
  }
  return std::nullopt;
}

}  // namespace firedrill
