// The `teams:` section: people, schedules and escalation policies
// (docs/scenario-format.md, "teams"; docs/paging.md). Members are read for
// every team first: schedules and policies of any team may name anyone.
#include <algorithm>

#include "sim/base/suggest.h"
#include "sim/scenario/schedule_section.h"
#include "sim/scenario/sections.h"

namespace firedrill {
namespace {

const std::vector<std::string> kTeamKeys = {"members", "schedules", "escalation"};
const std::vector<std::string> kEscalationKeys = {"levels", "repeat", "ack_timeout"};
const std::vector<std::string> kLevelKeys = {"notify", "escalate_after"};

constexpr SimTime kMinEscalateAfter = kMinute;  // PagerDuty's minimum
constexpr SimTime kMinAckTimeout = kMinute;
constexpr int kMaxRepeat = 9;  // PagerDuty's num_loops

// A team as read in the first pass, with its map kept for the second.
struct TeamDraft {
  TeamSpec spec;
  std::optional<YamlMap> map;
};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string comma_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void read_members(YamlMap& m, TeamSpec& team, People& people) {
  std::optional<std::vector<NameAt>> members = read_names(m, "members", "a person's name");
  if (!members) return;
  YamlReader& reader = m.reader();
  for (const NameAt& member : *members) {
    if (!is_valid_name(member.name, /*allow_underscore=*/true)) {
      reader.error(member.where, "invalid person name '" + member.name +
                                     "' (expected lowercase letters, digits, '-' and '_', "
                                     "starting with a letter or digit)");
      // Still a person: references to it need no second message.
      if (!contains(people, member.name)) people.push_back(member.name);
      continue;
    }
    if (contains(team.members, member.name)) {
      reader.error(member.where, "'" + member.name + "' is listed twice in the members of team '" +
                                     team.name + "'");
      continue;
    }
    team.members.push_back(member.name);
    if (!contains(people, member.name)) people.push_back(member.name);
  }
}

// What an unknown `notify` name could have been: a did-you-mean, else the
// schedules of the team and the people.
std::string notify_hint(const std::string& name, const TeamSpec& team, const People& people) {
  std::vector<std::string> schedules;
  for (const ScheduleSpec& s : team.schedules) schedules.push_back(s.name);
  std::vector<std::string> choices = schedules;
  choices.insert(choices.end(), people.begin(), people.end());
  std::string hint = did_you_mean(name, choices);
  if (!hint.empty()) return hint;
  const std::string team_schedules =
      schedules.empty() ? "team '" + team.name + "' has no schedules"
                        : "schedules of team '" + team.name + "': " + comma_list(schedules);
  const std::string persons =
      people.empty() ? "no team lists any 'members'" : "people: " + comma_list(people);
  return " (" + team_schedules + "; " + persons + ")";
}

// Resolves a `notify` name to a schedule of the team or a person.
std::optional<EscalationTarget> resolve_target(YamlReader& reader, const NameAt& name,
                                               const TeamSpec& team, const People& people,
                                               const std::string& context) {
  const bool schedule = team.find_schedule(name.name) != nullptr;
  const bool person = contains(people, name.name);
  if (schedule && person) {
    reader.error(name.where, "'" + name.name + "' in " + context + " is both a schedule of team '" +
                                 team.name + "' and a person: rename the schedule");
    return std::nullopt;
  }
  if (!schedule && !person) {
    reader.error(name.where, "unknown schedule or person '" + name.name + "' in " + context +
                                 notify_hint(name.name, team, people));
    return std::nullopt;
  }
  EscalationTarget target;
  target.kind = schedule ? EscalationTarget::Kind::kSchedule : EscalationTarget::Kind::kPerson;
  target.name = name.name;
  target.where = name.where;
  return target;
}

EscalationLevelSpec read_level(YamlReader& reader, const YAML::Node& item,
                               const std::string& context, const TeamSpec& team,
                               const People& people) {
  EscalationLevelSpec level;
  level.where = reader.at(item);
  YamlMap m(reader, item, context, kLevelKeys);
  m.require("notify");
  if (std::optional<std::vector<NameAt>> names =
          read_names(m, "notify", "a schedule's or a person's name")) {
    if (m.find("notify")->value.size() == 0) {  // as written: bad items are reported already
      reader.error(m.value_at("notify"),
                   "'notify' of " + context + " must name at least one schedule or person");
    }
    for (const NameAt& name : *names) {
      if (auto target = resolve_target(reader, name, team, people, context)) {
        level.targets.push_back(std::move(*target));
      }
    }
  }
  SimTime after = 0;
  if (m.read_duration("escalate_after", after)) {
    if (after < kMinEscalateAfter) {
      reader.error(m.value_at("escalate_after"),
                   "'escalate_after' must be at least " + format_duration(kMinEscalateAfter) +
                       " (PagerDuty's minimum), got " + format_duration(after));
    } else {
      level.escalate_after = after;
    }
  }
  return level;
}

void read_ack_timeout(YamlMap& m, EscalationPolicySpec& policy) {
  const YamlField* f = m.find("ack_timeout");
  if (f == nullptr) return;
  if (f->value.IsScalar() && f->value.Scalar() == "off") {
    policy.ack_timeout = 0;
    return;
  }
  SimTime timeout = 0;
  if (!m.read_duration("ack_timeout", timeout)) return;
  if (timeout < kMinAckTimeout) {
    m.reader().error(m.value_at("ack_timeout"), "'ack_timeout' must be at least " +
                                                    format_duration(kMinAckTimeout) +
                                                    " or \"off\", got " + format_duration(timeout));
    return;
  }
  policy.ack_timeout = timeout;
}

std::optional<EscalationPolicySpec> read_escalation(YamlMap& team_map, const TeamSpec& team,
                                                    const People& people) {
  const std::string context = "the escalation of team '" + team.name + "'";
  std::optional<YamlMap> m = team_map.read_map("escalation", context, kEscalationKeys);
  if (!m) return std::nullopt;
  YamlReader& reader = team_map.reader();
  EscalationPolicySpec policy;
  policy.where = team_map.value_at("escalation");
  m->require("levels");
  if (std::optional<YAML::Node> levels = m->read_list("levels")) {
    if (levels->size() == 0) {
      reader.error(m->value_at("levels"),
                   "'levels' of " + context + " must list at least one level");
    }
    reader.for_each_map(
        *levels, "a map like {notify: [primary], escalate_after: 5m} for each level",
        [&](const YAML::Node& item, std::size_t number) {
          policy.levels.push_back(read_level(
              reader, item, "level " + std::to_string(number) + " of " + context, team, people));
        });
  }
  m->read_int("repeat", policy.repeat, 0, kMaxRepeat);
  read_ack_timeout(*m, policy);
  return policy;
}

}  // namespace

// Returns whether the teams are known: read, or absent on purpose (not
// misspelt), so that references to teams can be checked.
bool read_teams(YamlMap& top, Scenario& scenario) {
  std::optional<YamlMap> teams = top.read_name_map("teams", "teams", "team name -> team");
  if (!teams) return !top.has("teams") && !top.misspelt("teams");
  YamlReader& reader = top.reader();

  std::vector<TeamDraft> drafts;
  People people;
  for (const YamlField& field : teams->fields()) {
    TeamDraft draft;
    TeamSpec& team = draft.spec;
    team.name = field.name;
    team.where = reader.at(field.key);
    if (!is_valid_name(team.name, /*allow_underscore=*/true)) {
      reader.error(team.where, "invalid team name '" + team.name +
                                   "' (expected lowercase letters, digits, '-' and '_', "
                                   "starting with a letter or digit)");
    }
    if (field.value.IsMap()) {
      draft.map.emplace(reader, field.value, "team '" + team.name + "'", kTeamKeys);
      read_members(*draft.map, team, people);
    } else if (!field.value.IsNull()) {
      reader.error(reader.value_at(field),
                   "expected a map for team '" + team.name + "', got " + describe(field.value));
    }
    drafts.push_back(std::move(draft));
  }

  for (TeamDraft& draft : drafts) {
    if (draft.map) {
      draft.spec.schedules =
          read_schedules(*draft.map, draft.spec.name, people, scenario.start_of_day);
      draft.spec.escalation = read_escalation(*draft.map, draft.spec, people);
    }
    scenario.teams.push_back(std::move(draft.spec));
  }
  return true;
}

}  // namespace firedrill
