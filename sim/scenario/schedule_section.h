// Reading the schedules of a team of `teams:` (schedule_section.cpp), and the
// name checks that the team section (team_section.cpp) shares with it.
// Internal to sim/scenario; the format is in docs/paging.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/paging/oncall_spec.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill {

// A name written in a list, and where.
struct NameAt {
  std::string name;
  SourceLocation where;
};

// The people of the scenario: the members of every team, each once, in the
// order first listed.
using People = std::vector<std::string>;

// Reads `key` of `m` as a list of names. Reports a value that is not a list,
// and items that are not strings ("expected <what> in 'key', got a map").
// nullopt when absent or not a list (else the field is present and a list).
std::optional<std::vector<NameAt>> read_names(YamlMap& m, std::string_view key,
                                              std::string_view what);

// Whether `name` is one of `people`; if not, reports "unknown person 'name'
// in <context>" at `where` with a did-you-mean or the list of people.
bool check_person(YamlReader& reader, const NameAt& name, std::string_view context,
                  const People& people);

// Reads the `schedules:` key of a team's map. Every schedule written is
// returned (even one with errors, so that references to it do not add more
// messages). `start_of_day` is the default hand-off time.
std::vector<ScheduleSpec> read_schedules(YamlMap& team, const std::string& team_name,
                                         const People& people, SimTime start_of_day);

}  // namespace firedrill
