// The text report of `firedrill run`: the alerts that fired, what
// Alertmanager and the pager did with them, and what the responders did,
// one line per event.
#pragma once

#include <cstdio>
#include <vector>

#include "sim/model/journal.h"

namespace firedrill::cli {

// One line per alert that fired or resolved, and per failing rule.
void print_alerts(std::FILE* out, const std::vector<RunEvent>& events);

// One line per notification, muted alert, incident change, page and
// escalation: who was told what, when, and why.
void print_paging(std::FILE* out, const std::vector<RunEvent>& events);

// One line per action (applied or refused), mitigation step and declared fix:
// what the responders did and what came of it.
void print_response(std::FILE* out, const std::vector<RunEvent>& events);

}  // namespace firedrill::cli
