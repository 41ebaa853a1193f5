// The `incident:` section: the ground truth of the scenario's incident
// (docs/scenario-format.md, "incident"). Read after services and teams, whose
// names it refers to.
#include <algorithm>

#include "sim/base/suggest.h"
#include "sim/response/action.h"
#include "sim/scenario/schedule_section.h"
#include "sim/scenario/sections.h"

namespace firedrill {
namespace {

const std::vector<std::string> kIncidentKeys = {"severity", "root_cause", "team",
                                                "start",    "summary",    "fixes"};
const std::vector<std::string> kRootCauseKeys = {"service", "fault"};

std::vector<std::string> strings(const std::vector<std::string_view>& words) {
  return {words.begin(), words.end()};
}

}  // namespace

bool check_service(YamlReader& reader, const Scenario& scenario, const std::string& name,
                   const SourceLocation& where, std::string_view context) {
  if (scenario.find_service(name)) return true;
  std::vector<std::string> names;
  for (const ServiceSpec& s : scenario.services) names.push_back(s.name);
  reader.error(where, "unknown service '" + name + "' in " + std::string(context) +
                          did_you_mean(name, names));
  return false;
}

std::optional<FixSpec> read_fix(YamlReader& reader, const std::string& text,
                                const SourceLocation& where, std::string_view list,
                                const Scenario& scenario, bool services_known) {
  Action action;
  try {
    action = parse_action("mitigate " + text);
  } catch (const ActionSyntaxError& e) {
    reader.error(where, "in '" + std::string(list) + "': " + e.what());
    return std::nullopt;
  }
  FixSpec fix;
  fix.mitigation = action.args.front();
  fix.service = action.args.back();
  fix.args.assign(action.args.begin() + 1, action.args.end() - 1);
  fix.where = where;
  if (!services_known) return fix;
  if (!check_service(reader, scenario, fix.service, where, "'" + std::string(list) + "'")) {
    return std::nullopt;
  }
  fix.service_index = *scenario.find_service(fix.service);
  return fix;
}

void read_incident(YamlMap& top, Scenario& scenario, bool services_known, bool teams_known) {
  std::optional<YamlMap> m = top.read_map("incident", "'incident'", kIncidentKeys);
  if (!m) return;
  YamlReader& reader = top.reader();
  IncidentSpec incident;
  incident.where = m->where();

  std::string severity;
  if (m->read_string("severity", severity)) {
    std::string s = severity;
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (s.size() == 5 && s.rfind("SEV-", 0) == 0 && s[4] >= '1' && s[4] <= '4') {
      incident.severity = s[4] - '0';
    } else {
      reader.error(m->value_at("severity"),
                   "expected SEV-1, SEV-2, SEV-3 or SEV-4 for 'severity', got '" + severity + "'");
    }
  }

  if (std::optional<YamlMap> cause =
          m->read_map("root_cause", "'root_cause' of 'incident'", kRootCauseKeys)) {
    cause->require("service");
    cause->require("fault");
    std::string service;
    if (cause->read_string("service", service) &&
        (!services_known ||
         check_service(reader, scenario, service, cause->value_at("service"), "'root_cause'"))) {
      incident.root_cause_service = service;
    }
    std::string fault;
    if (cause->read_string("fault", fault)) {
      const auto& kinds = fault_kinds();
      if (std::find(kinds.begin(), kinds.end(), fault) == kinds.end()) {
        reader.error(cause->value_at("fault"),
                     "unknown fault kind '" + fault + "'" + did_you_mean(fault, strings(kinds)) +
                         " (the kinds trainees can name with `rootcause`, docs/actions.md)");
      } else {
        incident.root_cause_fault = fault;
      }
    }
  }

  std::string team;
  if (m->read_string("team", team)) {
    std::vector<std::string> names;
    for (const TeamSpec& t : scenario.teams) names.push_back(t.name);
    if (teams_known && std::find(names.begin(), names.end(), team) == names.end()) {
      reader.error(m->value_at("team"),
                   "unknown team '" + team + "' in 'incident'" + did_you_mean(team, names));
    } else {
      incident.team = team;
    }
  }

  if (m->read_duration("start", incident.start)) {
    if (incident.start < 0 || incident.start >= scenario.duration) {
      reader.error(m->value_at("start"), "the incident's 'start' (" +
                                             format_duration(incident.start) +
                                             ") must be within the run ('duration' " +
                                             format_duration(scenario.duration) + ")");
    }
    incident.start_given = true;
  }

  m->read_string("summary", incident.summary);

  if (std::optional<std::vector<NameAt>> fixes =
          read_names(*m, "fixes", "a mitigation like \"rollback checkout\"")) {
    for (const NameAt& item : *fixes) {
      std::optional<FixSpec> fix =
          read_fix(reader, item.name, item.where, "fixes", scenario, services_known);
      if (fix) incident.fixes.push_back(std::move(*fix));
    }
  }
  scenario.incident = std::move(incident);
}

}  // namespace firedrill
