// The top level of an Alertmanager configuration: what is simulated (route,
// receivers, inhibit_rules, and firedrill's silences), what is accepted and
// reported as not simulated (global, templates, time intervals), and the
// checks across sections (receivers and time intervals used by routes).
#include "sim/routing/routing_reader.h"

#include <algorithm>

#include "sim/base/suggest.h"
#include "sim/routing/config_reading.h"
#include "sim/scenario/yaml_documents.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill {
namespace {

using routing_config::Context;
using routing_config::NameUse;

const std::vector<std::string> kTopKeys = {
    "global",    "route",          "receivers",           "inhibit_rules",
    "templates", "time_intervals", "mute_time_intervals", "silences"};
const std::vector<std::string> kInhibitKeys = {
    "source_matchers", "target_matchers", "source_match", "target_match",
    "source_match_re", "target_match_re", "equal"};
const std::vector<std::string> kSilenceKeys = {"matchers", "starts",     "ends",
                                               "duration", "created_by", "comment"};
constexpr const char* kTimeIntervalsNotSupported =
    "time intervals are not supported: routes that use them are never muted and always active";

void warn_not_simulated(Context& ctx, YamlMap& top) {
  if (top.has("global")) {
    ctx.reader.warning(top.key_at("global"), "'global': delivery settings are not simulated");
  }
  if (top.has("templates")) {
    ctx.reader.warning(top.key_at("templates"),
                       "'templates': notification templates are not simulated; notifications "
                       "use Alertmanager's default title");
  }
  for (const char* key : {"time_intervals", "mute_time_intervals"}) {
    if (top.has(key)) {
      ctx.reader.warning(top.key_at(key),
                         "'" + std::string(key) + "': " + kTimeIntervalsNotSupported);
    }
  }
}

// The names defined by `time_intervals:` and `mute_time_intervals:`; nullopt
// if they cannot be known (a malformed list), so that uses are not checked.
std::optional<std::vector<std::string>> time_interval_names(Context& ctx, YamlMap& top) {
  std::vector<std::string> names;
  bool known = true;
  for (const char* key : {"time_intervals", "mute_time_intervals"}) {
    const YamlField* field = top.find(key);
    if (field == nullptr || field->value.IsNull()) continue;
    std::optional<YAML::Node> list = top.read_list(key);
    if (!list) {
      known = false;
      continue;
    }
    for (const YAML::Node& item : *list) {
      // Only the name is read: intervals are not simulated.
      // (A missing key of a const node is an invalid node: IsDefined() first.)
      const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
      if (!name.IsDefined() || !name.IsScalar() || name.Scalar().empty()) {
        ctx.reader.error(ctx.reader.at(item), "expected a time interval with a 'name' in '" +
                                                  std::string(key) + "', got " + describe(item));
        known = false;
        continue;
      }
      names.push_back(name.Scalar());
    }
  }
  if (!known) return std::nullopt;
  return names;
}

void check_names(Context& ctx, const std::vector<NameUse>& uses,
                 const std::vector<std::string>& defined, const std::string& what) {
  for (const NameUse& use : uses) {
    if (std::find(defined.begin(), defined.end(), use.name) != defined.end()) continue;
    ctx.reader.error(use.where, "undefined " + what + " '" + use.name + "' used in route" +
                                    did_you_mean(use.name, defined));
  }
}

void read_inhibit_rules(Context& ctx, YamlMap& top, std::vector<InhibitRuleSpec>& out) {
  const YamlField* field = top.find("inhibit_rules");
  if (field == nullptr || field->value.IsNull()) return;
  std::optional<YAML::Node> list = top.read_list("inhibit_rules");
  if (!list) return;
  ctx.reader.for_each_map(
      *list, "an inhibition rule (a map with source_matchers, target_matchers and equal)",
      [&](const YAML::Node& node, std::size_t number) {
        InhibitRuleSpec rule;
        rule.where = ctx.reader.at(node);
        YamlMap map(ctx.reader, node, "inhibition rule " + std::to_string(number), kInhibitKeys);
        routing_config::read_match_map(ctx, map, "source_match", LabelMatcher::Op::kEqual,
                                       rule.source);
        routing_config::read_match_map(ctx, map, "source_match_re", LabelMatcher::Op::kRegex,
                                       rule.source);
        routing_config::read_matcher_list(ctx, map, "source_matchers", rule.source);
        routing_config::read_match_map(ctx, map, "target_match", LabelMatcher::Op::kEqual,
                                       rule.target);
        routing_config::read_match_map(ctx, map, "target_match_re", LabelMatcher::Op::kRegex,
                                       rule.target);
        routing_config::read_matcher_list(ctx, map, "target_matchers", rule.target);
        std::optional<std::vector<NameUse>> equal =
            routing_config::read_label_names(ctx, map, "equal", /*allow_all=*/false);
        if (equal) {
          for (const NameUse& n : *equal) rule.equal.push_back(n.name);
        }
        out.push_back(std::move(rule));
      });
}

void read_silence(Context& ctx, const YAML::Node& node, int number, std::vector<SilenceSpec>& out) {
  const std::string context = "silence " + std::to_string(number);
  SilenceSpec silence;
  silence.where = ctx.reader.at(node);
  YamlMap map(ctx.reader, node, context, kSilenceKeys);
  bool ok = true;
  if (map.require("matchers")) {
    ok = routing_config::read_matcher_list(ctx, map, "matchers", silence.matchers);
    const bool any_not_empty =
        std::any_of(silence.matchers.begin(), silence.matchers.end(),
                    [](const LabelMatcher& m) { return !m.matches(Labels{}); });
    if (ok && !any_not_empty) {
      ctx.reader.error(map.value_at("matchers"),
                       "a silence needs at least one matcher that does not match the empty "
                       "string, like alertname=\"WebDown\" (" +
                           context + ")");
      ok = false;
    }
  } else {
    ok = false;
  }
  const bool starts_ok = map.read_duration("starts", silence.starts) || !map.has("starts");
  if (map.has("ends") && map.has("duration")) {
    ctx.reader.error(map.key_at("duration"),
                     "give 'ends' or 'duration', not both (" + context + ")");
    ok = false;
  } else if (map.has("ends")) {
    if (map.read_duration("ends", silence.ends) && starts_ok && silence.ends <= silence.starts) {
      ctx.reader.error(map.value_at("ends"), "'ends' (" + format_duration(silence.ends) +
                                                 ") must be after 'starts' (" +
                                                 format_duration(silence.starts) + ")");
      ok = false;
    }
  } else if (map.has("duration")) {
    SimTime duration = 0;
    if (map.read_duration("duration", duration)) {
      if (duration <= 0) {
        ctx.reader.error(map.value_at("duration"), "'duration' must be greater than 0");
        ok = false;
      }
      silence.ends = silence.starts + duration;
    }
  } else if (!map.misspelt("ends") && !map.misspelt("duration")) {
    ctx.reader.error(map.where(), "missing key 'ends' or 'duration' in " + context +
                                      " (when the silence expires, since the start of the run)");
    ok = false;
  }
  map.read_string("created_by", silence.created_by);
  map.read_string("comment", silence.comment);
  if (ok) out.push_back(std::move(silence));
}

void read_silences(Context& ctx, YamlMap& top, std::vector<SilenceSpec>& out) {
  const YamlField* field = top.find("silences");
  if (field == nullptr || field->value.IsNull()) return;
  std::optional<YAML::Node> list = top.read_list("silences");
  if (!list) return;
  ctx.reader.for_each_map(
      *list, "a silence (a map with matchers, starts and ends or duration)",
      [&](const YAML::Node& node, std::size_t number) { read_silence(ctx, node, number, out); });
}

}  // namespace

std::optional<RoutingSpec> read_routing_config(YamlReader& reader, const YAML::Node& node,
                                               std::string_view text,
                                               const std::vector<TeamSpec>* teams) {
  if (!node.IsMap()) {
    reader.error(reader.at(node),
                 "expected an Alertmanager configuration (a map with route and receivers), got " +
                     describe(node));
    return std::nullopt;
  }
  Context ctx{reader, text};
  RoutingSpec spec;
  spec.where = reader.at(node);
  YamlMap top(reader, node, "the routing configuration", kTopKeys);
  top.require("route");
  top.require("receivers");
  warn_not_simulated(ctx, top);
  const std::optional<std::vector<std::string>> intervals = time_interval_names(ctx, top);
  const bool receivers_known = routing_config::read_receivers(ctx, top, teams, spec.receivers);

  routing_config::RouteReferences references;
  if (const YamlField* route = top.find("route"); route != nullptr) {
    routing_config::read_route_tree(ctx, route->value, spec.route, references);
  }
  if (receivers_known) {
    std::vector<std::string> names;
    for (const ReceiverSpec& r : spec.receivers) names.push_back(r.name);
    check_names(ctx, references.receivers, names, "receiver");
  }
  if (intervals) check_names(ctx, references.time_intervals, *intervals, "time interval");
  read_inhibit_rules(ctx, top, spec.inhibit_rules);
  read_silences(ctx, top, spec.silences);
  return spec;
}

std::optional<RoutingSpec> read_routing_text(YamlReader& reader, std::string_view text,
                                             const std::vector<TeamSpec>* teams) {
  YamlDocuments documents;
  try {
    documents = parse_yaml_documents(std::string(text));
  } catch (const YAML::Exception& e) {
    reader.error(reader.at(e.mark), "invalid YAML: " + e.msg);
    return std::nullopt;
  }
  if (documents.count == 0 || documents.first.IsNull()) {
    reader.error(SourceLocation{reader.file(), 1, 1},
                 "the routing file is empty (expected an Alertmanager configuration with route "
                 "and receivers)");
    return std::nullopt;
  }
  if (documents.count > 1) {
    reader.error(reader.at(documents.second),
                 "a routing file holds one YAML document, found a second one here");
  }
  return read_routing_config(reader, documents.first, text, teams);
}

}  // namespace firedrill
