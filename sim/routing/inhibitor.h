// Alertmanager's inhibition: an alert matching a rule's target matchers is
// muted while a firing alert matching its source matchers has the same
// values for the rule's `equal` labels (a missing label counts as ""). An
// alert that matches both sides of a rule is not muted by itself nor by
// another alert that also matches both sides (Alertmanager 0.25's
// inhibit.go).
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/routing/routing_spec.h"

namespace firedrill {

struct Inhibition {
  std::size_t rule = 0;  // index into the inhibit rules
  Labels source;         // the firing alert that mutes
};

// Whether `target` is inhibited, given the alerts firing now (by labels).
// The first rule and source alert, in order, that mutes it.
std::optional<Inhibition> find_inhibition(const std::vector<InhibitRuleSpec>& rules,
                                          const Labels& target,
                                          const std::vector<const Labels*>& firing);

}  // namespace firedrill
