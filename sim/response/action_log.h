// Action logs: the actions of a run as a text file, so that the run can be
// replayed exactly (`firedrill run SCENARIO --actions FILE`). Every run that
// records also writes one. The format (docs/actions.md):
//
//   # firedrill action log
//   scenario checkout-memory-leak sha256:3f1c...
//   seed 7
//   until 2h
//   at 12m30s alice ack 3
//   at 14m alice declare "Checkout errors"
//   stop 45m
//
// `at TIME ACTOR ACTION` lines are in the order applied; TIME is a duration
// (format_duration, exact to the microsecond). `stop` is where a drill was
// ended before `until`; it is absent when the run went to its end.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/response/action.h"

namespace firedrill {

struct ActionLog {
  std::string scenario;       // the scenario's name
  std::string scenario_hash;  // "sha256:..." (scenario_hash of its sources)
  std::uint64_t seed = 0;
  SimTime until = 0;            // the planned end
  std::optional<SimTime> stop;  // where the run was stopped, if before `until`
  std::vector<Action> actions;
};

// Reads an action log. Throws InputError at "FILE:LINE:COLUMN" for anything
// malformed (an unknown line, a bad time, an action that does not parse,
// times going backwards).
ActionLog read_action_log(const std::string& path);
// The same, from text; `name` is used in messages.
ActionLog parse_action_log(const std::string& text, const std::string& name);

// Writes the header lines (scenario, seed, until).
void write_action_log_header(std::ostream& out, const ActionLog& log);
// One "at TIME ACTOR ACTION" line, with its newline.
std::string action_log_line(const Action& action);
// The "stop TIME" line, with its newline.
std::string action_log_stop_line(SimTime stop);

}  // namespace firedrill
