// The `teams:` section: people, schedules and escalation policies
// (docs/scenario-format.md, "teams"; docs/paging.md).
#include "sim/scenario/sections.h"

namespace firedrill {

// Returns whether the teams are known: read, or absent on purpose (not
// misspelt), so that references to teams can be checked.
bool read_teams(YamlMap& top, Scenario& scenario) {
  std::optional<YamlMap> teams = top.read_name_map("teams", "teams", "team name -> team");
  if (!teams) return !top.has("teams") && !top.misspelt("teams");
  YamlReader& reader = top.reader();
  for (const YamlField& field : teams->fields()) {
    TeamSpec team;
    team.name = field.name;
    team.where = reader.at(field.key);
    if (!is_valid_name(team.name, /*allow_underscore=*/true)) {
      reader.error(team.where, "invalid team name '" + team.name +
                                   "' (expected lowercase letters, digits, '-' and '_', "
                                   "starting with a letter or digit)");
    }
    if (field.value.IsMap()) {
      // Teams take no keys yet: constructing the map reports any key as unknown.
      YamlMap(reader, field.value, "team '" + team.name + "'", std::vector<std::string>{});
    } else if (!field.value.IsNull()) {
      reader.error(reader.value_at(field),
                   "expected a map for team '" + team.name + "', got " + describe(field.value));
    }
    scenario.teams.push_back(std::move(team));
  }
  return true;
}

}  // namespace firedrill
