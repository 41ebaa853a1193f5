// Loading a plain Alertmanager configuration file (alertmanager.yml), with
// firedrill's extensions, outside a scenario: what `firedrill routes FILE`
// reads. A scenario's `routing:` goes through the same reader
// (sim/routing/routing_reader.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/paging/oncall_spec.h"
#include "sim/routing/routing_spec.h"

namespace firedrill {

// Reads and checks the file at `path`. `teams`: the teams receivers map to,
// or null outside a scenario (`team:` taken as written, nobody paged).
// Throws InputError with every problem found; what is accepted but not
// simulated is appended to `warnings`.
RoutingSpec load_routing_file(const std::string& path, const std::vector<TeamSpec>* teams,
                              std::vector<Diagnostic>& warnings);

// The same from text; `file` names it in messages.
RoutingSpec parse_routing_file(std::string_view text, const std::string& file,
                               const std::vector<TeamSpec>* teams,
                               std::vector<Diagnostic>& warnings);

// Whether `path` is a YAML file whose top level is a map with a `route` key
// (and no `firedrill` key): an Alertmanager configuration rather than a
// scenario. False for a folder,
// an unreadable file or malformed YAML.
bool is_routing_file(const std::string& path);

}  // namespace firedrill
