// Reading `receivers:`: names, the firedrill `team:` extension, and which
// integrations each receiver has. Delivery is not simulated: of each
// integration config only `send_resolved` is read, and every integration
// block is reported as a warning.
#include <algorithm>
#include <map>

#include "sim/base/suggest.h"
#include "sim/routing/config_reading.h"

namespace firedrill::routing_config {
namespace {

struct IntegrationKind {
  const char* name;       // "email": the key is email_configs
  bool resolved_default;  // Alertmanager's default for send_resolved
  bool pages;             // an on-call paging service
};

constexpr IntegrationKind kIntegrations[] = {
    {"email", false, false},   {"pagerduty", true, true}, {"slack", false, false},
    {"webhook", true, false},  {"opsgenie", true, true},  {"victorops", true, true},
    {"pushover", true, false}, {"wechat", false, false},  {"sns", true, false},
    {"telegram", true, false}, {"webex", true, false},    {"discord", true, false},
};

std::vector<std::string> receiver_keys() {
  std::vector<std::string> keys = {"name", "team"};
  for (const IntegrationKind& kind : kIntegrations) {
    keys.push_back(std::string(kind.name) + "_configs");
  }
  return keys;
}

// How messages name a receiver before its name is read.
std::string receiver_context(const YAML::Node& node, int number) {
  // A missing key of a const node is an invalid node: test IsDefined() first.
  const YAML::Node name = node["name"];
  if (name.IsDefined() && name.IsScalar() && !name.Scalar().empty()) {
    return "receiver '" + name.Scalar() + "'";
  }
  return "receiver " + std::to_string(number);
}

// Reads one `<kind>_configs:` list; returns whether it has any config, and
// sets `sends_resolved` if one of them sends resolved notifications.
bool read_integration(Context& ctx, YamlMap& map, const IntegrationKind& kind,
                      const std::string& receiver, bool& sends_resolved) {
  const std::string key = std::string(kind.name) + "_configs";
  const YamlField* field = map.find(key);
  if (field == nullptr || field->value.IsNull()) return false;
  std::optional<YAML::Node> list = map.read_list(key);
  if (!list || list->size() == 0) return false;
  for (const YAML::Node& item : *list) {
    if (!item.IsMap()) {
      ctx.reader.error(ctx.reader.at(item), "expected a map for each entry of '" + key + "' of " +
                                                receiver + ", got " + describe(item));
      continue;
    }
    // Every other key configures delivery, which is not simulated.
    YamlMap config(ctx.reader, item, "'" + key + "' of " + receiver);
    bool send_resolved = kind.resolved_default;
    config.read_bool("send_resolved", send_resolved);
    sends_resolved = sends_resolved || send_resolved;
  }
  ctx.reader.warning(map.key_at(key), receiver + ": " + kind.name +
                                          " delivery is not simulated; its notifications are "
                                          "recorded");
  return true;
}

}  // namespace

bool read_receivers(Context& ctx, YamlMap& top, const std::vector<TeamSpec>* teams,
                    std::vector<ReceiverSpec>& out) {
  const YamlField* field = top.find("receivers");
  if (field == nullptr) return false;
  if (field->value.IsNull()) return true;
  std::optional<YAML::Node> list = top.read_list("receivers");
  if (!list) return false;
  static const std::vector<std::string> kKeys = receiver_keys();
  std::vector<std::string> team_names;
  if (teams != nullptr) {
    for (const TeamSpec& t : *teams) team_names.push_back(t.name);
  }
  std::map<std::string, int, std::less<>> first_line;
  ctx.reader.for_each_map(
      *list, "a receiver (a map with name and integrations like email_configs)",
      [&](const YAML::Node& node, std::size_t number) {
        const std::string context = receiver_context(node, number);
        YamlMap map(ctx.reader, node, context, kKeys);
        ReceiverSpec receiver;
        receiver.where = ctx.reader.at(node);
        if (!map.require("name") || !map.read_string("name", receiver.name)) return;
        if (receiver.name.empty()) {
          ctx.reader.error(map.value_at("name"), "a receiver's 'name' must not be empty");
          return;
        }
        if (auto [first, inserted] = first_line.emplace(receiver.name, receiver.where.line);
            !inserted) {
          ctx.reader.error(map.value_at("name"), "receiver '" + receiver.name +
                                                     "' is defined twice (first at line " +
                                                     std::to_string(first->second) + ")");
          return;
        }
        const std::string name = "receiver '" + receiver.name + "'";

        bool team_given = false;
        if (map.read_string("team", receiver.team)) {
          team_given = true;
          if (receiver.team.empty()) {
            ctx.reader.error(map.value_at("team"), "'team' of " + name + " must not be empty");
          } else if (teams != nullptr && std::find(team_names.begin(), team_names.end(),
                                                   receiver.team) == team_names.end()) {
            const std::string hint = team_names.empty() ? " (the scenario defines no teams)"
                                                        : did_you_mean(receiver.team, team_names);
            ctx.reader.error(map.value_at("team"),
                             "unknown team '" + receiver.team + "' for " + name + hint);
          }
        } else if (std::find(team_names.begin(), team_names.end(), receiver.name) !=
                   team_names.end()) {
          receiver.team = receiver.name;  // a receiver named like a team pages it
        }

        bool sends_resolved = false;
        bool pages = false;
        for (const IntegrationKind& kind : kIntegrations) {
          if (read_integration(ctx, map, kind, name, sends_resolved)) {
            receiver.integrations.push_back(kind.name);
            pages = pages || kind.pages;
          }
        }
        if (teams != nullptr && pages && receiver.team.empty() && !team_given) {
          ctx.reader.warning(map.value_at("name"),
                             name +
                                 " pages nobody: add 'team: NAME' to page a team's escalation "
                                 "policy");
        }
        receiver.send_resolved = !receiver.team.empty() || sends_resolved;
        out.push_back(std::move(receiver));
      });
  return true;
}

}  // namespace firedrill::routing_config
