// Reading the schedules of a team: one-layer shorthand or layers, their
// restrictions, and overrides (docs/paging.md, "Schedules").
#include "sim/scenario/schedule_section.h"

#include <algorithm>

#include "sim/base/suggest.h"
#include "sim/scenario/sections.h"

namespace firedrill {
namespace {

const std::vector<std::string> kScheduleKeys = {"users",        "rotation", "handoff",
                                                "restrictions", "layers",   "overrides"};
const std::vector<std::string> kLayerKeys = {"users", "rotation", "handoff", "restrictions"};
const std::vector<std::string> kWindowKeys = {"from", "to"};
const std::vector<std::string> kOverrideKeys = {"user", "start", "end"};

// "14d" for "2w"; "" if `text` is not a whole number of weeks.
std::string weeks_as_days(const std::string& text) {
  if (text.size() < 2 || text.size() > 6 || text.back() != 'w') return "";
  int weeks = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return "";
    weeks = weeks * 10 + (text[i] - '0');
  }
  return std::to_string(weeks * 7) + "d";
}

// Reads `rotation`: a duration > 0. Weeks have no unit of their own.
void read_rotation(YamlMap& m, SimTime& out) {
  const YamlField* f = m.find("rotation");
  if (f == nullptr) return;
  if (f->value.IsScalar()) {
    const std::string days = weeks_as_days(f->value.Scalar());
    if (!days.empty()) {
      m.reader().error(m.value_at("rotation"), "invalid duration '" + f->value.Scalar() +
                                                   "': there is no week unit (write " + days + ")");
      return;
    }
  }
  SimTime rotation = 0;
  if (!m.read_duration("rotation", rotation)) return;
  if (rotation <= 0) {
    m.reader().error(m.value_at("rotation"), "'rotation' must be greater than 0");
    return;
  }
  out = rotation;
}

void read_restrictions(YamlMap& m, const std::string& context, ScheduleLayerSpec& layer) {
  std::optional<YAML::Node> list = m.read_list("restrictions");
  if (!list) return;
  YamlReader& reader = m.reader();
  reader.for_each_map(
      *list, "a map like {from: \"09:00\", to: \"17:00\"} for each restriction",
      [&](const YAML::Node& item, std::size_t number) {
        YamlMap w(reader, item, "restriction " + std::to_string(number) + " of " + context,
                  kWindowKeys);
        TimeOfDayWindow window;
        window.where = reader.at(item);
        const bool has_from = w.require("from");
        const bool has_to = w.require("to");
        if (!has_from || !has_to) return;
        const bool from_ok = w.read_time_of_day("from", window.from);
        const bool to_ok = w.read_time_of_day("to", window.to);
        if (!from_ok || !to_ok) return;
        if (window.from == window.to) {
          reader.error(w.value_at("to"),
                       "restriction " + std::to_string(number) + " of " + context +
                           " is empty: 'from' and 'to' are the same time (for all day, leave out "
                           "'restrictions')");
          return;
        }
        layer.restrictions.push_back(window);
      });
}

// Reads one rotation from `m`: the schedule's map (shorthand) or a layer's.
ScheduleLayerSpec read_layer(YamlMap& m, const std::string& context, const People& people,
                             SimTime start_of_day) {
  ScheduleLayerSpec layer;
  layer.where = m.where();
  layer.handoff = start_of_day;
  YamlReader& reader = m.reader();
  if (std::optional<std::vector<NameAt>> users = read_names(m, "users", "a person's name")) {
    if (m.find("users")->value.size() == 0) {  // as written: bad items are reported already
      reader.error(m.value_at("users"), "'users' of " + context + " must list at least one person");
    }
    for (const NameAt& user : *users) {
      check_person(reader, user, context, people);
      layer.users.push_back(user.name);
    }
  }
  read_rotation(m, layer.rotation);
  m.read_time_of_day("handoff", layer.handoff);
  read_restrictions(m, context, layer);
  return layer;
}

void read_overrides(YamlMap& m, const std::string& context, const People& people,
                    ScheduleSpec& schedule) {
  std::optional<YAML::Node> list = m.read_list("overrides");
  if (!list) return;
  YamlReader& reader = m.reader();
  reader.for_each_map(
      *list, "a map like {user: alice, start: 30m, end: 1h} for each override",
      [&](const YAML::Node& item, std::size_t number) {
        const std::string override_context =
            "override " + std::to_string(number) + " of " + context;
        YamlMap o(reader, item, override_context, kOverrideKeys);
        ScheduleOverrideSpec spec;
        spec.where = reader.at(item);
        for (const char* key : {"user", "start", "end"}) o.require(key);
        const bool user_ok =
            o.read_string("user", spec.user) &&
            check_person(reader, NameAt{spec.user, o.value_at("user")}, override_context, people);
        const bool start_ok = o.read_duration("start", spec.start);
        const bool end_ok = o.read_duration("end", spec.end);
        if (start_ok && end_ok && spec.end <= spec.start) {
          reader.error(o.value_at("end"),
                       "the 'end' of " + override_context + " (" + format_duration(spec.end) +
                           ") must be after its 'start' (" + format_duration(spec.start) + ")");
          return;
        }
        if (user_ok && start_ok && end_ok) schedule.overrides.push_back(std::move(spec));
      });
}

ScheduleSpec read_schedule(YamlReader& reader, const YamlField& field, const std::string& team_name,
                           const People& people, SimTime start_of_day) {
  ScheduleSpec schedule;
  schedule.name = field.name;
  schedule.where = reader.at(field.key);
  if (!is_valid_name(schedule.name, /*allow_underscore=*/true)) {
    reader.error(schedule.where, "invalid schedule name '" + schedule.name +
                                     "' (expected lowercase letters, digits, '-' and '_', "
                                     "starting with a letter or digit)");
  }
  const std::string context = "schedule '" + schedule.name + "' of team '" + team_name + "'";
  if (!field.value.IsMap()) {
    reader.error(reader.value_at(field),
                 field.value.IsNull()
                     ? context + " needs 'users' (one rotation) or 'layers'"
                     : "expected a map for " + context + ", got " + describe(field.value));
    return schedule;
  }
  YamlMap m(reader, field.value, context, kScheduleKeys);
  if (m.has("layers")) {
    for (const char* key : {"users", "rotation", "handoff", "restrictions"}) {
      if (m.has(key)) {
        reader.error(m.key_at(key), "'" + std::string(key) + "' belongs in a layer when " +
                                        context + " has 'layers'");
      }
    }
    if (std::optional<YAML::Node> layers = m.read_list("layers")) {
      if (layers->size() == 0) {
        reader.error(m.value_at("layers"),
                     "'layers' of " + context + " must list at least one layer");
      }
      reader.for_each_map(
          *layers, "a map like {users: [alice, bob], rotation: 7d} for each layer",
          [&](const YAML::Node& item, std::size_t number) {
            const std::string layer_context =
                "layer " + std::to_string(number) + " of schedule '" + schedule.name + "'";
            YamlMap layer(reader, item, layer_context, kLayerKeys);
            layer.require("users");
            schedule.layers.push_back(read_layer(layer, layer_context, people, start_of_day));
          });
    }
  } else if (m.has("users")) {
    schedule.layers.push_back(read_layer(m, context, people, start_of_day));
  } else if (!m.misspelt("users") && !m.misspelt("layers")) {
    reader.error(m.where(), context + " needs 'users' (one rotation) or 'layers'");
  }
  read_overrides(m, "schedule '" + schedule.name + "'", people, schedule);
  return schedule;
}

// " (did you mean 'x'?)", else " (<what>: a, b, c)" listing up to a dozen of
// `choices`, else " (<none>)" when there are none.
std::string choices_hint(std::string_view word, const std::vector<std::string>& choices,
                         std::string_view what, std::string_view none) {
  if (choices.empty()) return " (" + std::string(none) + ")";
  std::string hint = did_you_mean(word, choices);
  if (!hint.empty()) return hint;
  constexpr std::size_t kMaxListed = 12;
  std::string list;
  for (std::size_t i = 0; i < choices.size() && i < kMaxListed; ++i) {
    list += (i == 0 ? "" : ", ") + choices[i];
  }
  if (choices.size() > kMaxListed) list += ", ...";
  return " (" + std::string(what) + ": " + list + ")";
}

}  // namespace

std::optional<std::vector<NameAt>> read_names(YamlMap& m, std::string_view key,
                                              std::string_view what) {
  std::optional<YAML::Node> list = m.read_list(key);
  if (!list) return std::nullopt;
  YamlReader& reader = m.reader();
  std::vector<NameAt> names;
  for (const YAML::Node& item : *list) {
    if (!item.IsScalar()) {
      reader.error(reader.at(item), "expected " + std::string(what) + " in '" + std::string(key) +
                                        "', got " + describe(item));
      continue;
    }
    names.push_back(NameAt{item.Scalar(), reader.at(item)});
  }
  return names;
}

bool check_person(YamlReader& reader, const NameAt& name, std::string_view context,
                  const People& people) {
  if (std::find(people.begin(), people.end(), name.name) != people.end()) return true;
  reader.error(name.where, "unknown person '" + name.name + "' in " + std::string(context) +
                               choices_hint(name.name, people, "people are the teams' members",
                                            "no team lists any 'members'"));
  return false;
}

std::vector<ScheduleSpec> read_schedules(YamlMap& team, const std::string& team_name,
                                         const People& people, SimTime start_of_day) {
  std::vector<ScheduleSpec> schedules;
  std::optional<YamlMap> map = team.read_name_map(
      "schedules", "schedules of team '" + team_name + "'", "schedule name -> schedule");
  if (!map) return schedules;
  for (const YamlField& field : map->fields()) {
    schedules.push_back(read_schedule(team.reader(), field, team_name, people, start_of_day));
  }
  return schedules;
}

}  // namespace firedrill
