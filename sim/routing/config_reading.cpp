// Values of an Alertmanager configuration: matchers, durations, label names.
#include "sim/routing/config_reading.h"

#include "sim/alerting/scalar_position.h"
#include "sim/promql/parser.h"

namespace firedrill::routing_config {
namespace {

constexpr const char* kLabelNameRule =
    "expected letters, digits and '_', not starting with a digit";

}  // namespace

bool read_matcher_list(Context& ctx, YamlMap& map, std::string_view key, LabelMatchers& out) {
  const YamlField* field = map.find(key);
  if (field == nullptr || field->value.IsNull()) return true;
  std::optional<YAML::Node> list = map.read_list(key);
  if (!list) return false;
  bool ok = true;
  for (const YAML::Node& item : *list) {
    if (!item.IsScalar()) {
      ctx.reader.error(ctx.reader.at(item),
                       "expected a matcher string like severity=\"critical\" "
                       "in '" +
                           std::string(key) + "', got " + describe(item));
      ok = false;
      continue;
    }
    try {
      LabelMatchers parsed = parse_matchers(item.Scalar());
      for (LabelMatcher& m : parsed) out.push_back(std::move(m));
    } catch (const MatcherError& e) {
      ctx.reader.error(scalar_char_location(ctx.reader, item, ctx.text, e.offset),
                       "invalid matcher in '" + std::string(key) + "': " + e.what());
      ok = false;
    }
  }
  return ok;
}

void read_match_map(Context& ctx, YamlMap& map, std::string_view key, LabelMatcher::Op op,
                    LabelMatchers& out) {
  const YamlField* field = map.find(key);
  if (field == nullptr || field->value.IsNull()) return;
  const bool regex = op == LabelMatcher::Op::kRegex;
  std::optional<YamlMap> pairs = map.read_name_map(
      key, "'" + std::string(key) + "'", regex ? "label name -> regex" : "label name -> value");
  if (!pairs) return;
  for (const YamlField& f : pairs->fields()) {
    if (!is_prometheus_label_name(f.name)) {
      ctx.reader.error(ctx.reader.at(f.key), "invalid label name '" + f.name + "' in '" +
                                                 std::string(key) + "' (" + kLabelNameRule + ")");
      continue;
    }
    if (!f.value.IsNull() && !f.value.IsScalar()) {
      ctx.reader.error(ctx.reader.value_at(f),
                       "expected a " + std::string(regex ? "regex" : "value") + " for label '" +
                           f.name + "' in '" + std::string(key) + "', got " + describe(f.value));
      continue;
    }
    const std::string value = f.value.IsNull() ? "" : f.value.Scalar();
    if (regex) {
      std::string error;
      if (promql::Regex::compile(value, error) == nullptr) {
        ctx.reader.error(ctx.reader.value_at(f), "invalid regular expression '" + value +
                                                     "' for label '" + f.name + "' in '" +
                                                     std::string(key) + "': " + error);
        continue;
      }
    }
    try {
      out.push_back(make_matcher(f.name, op, regex ? "^(?:" + value + ")$" : value));
    } catch (const MatcherError& e) {
      ctx.reader.error(ctx.reader.value_at(f), e.what());
    }
  }
}

std::optional<std::vector<NameUse>> read_string_list(Context& ctx, YamlMap& map,
                                                     std::string_view key) {
  const YamlField* field = map.find(key);
  if (field == nullptr) return std::nullopt;
  std::vector<NameUse> names;
  if (field->value.IsNull()) return names;
  std::optional<YAML::Node> list = map.read_list(key);
  if (!list) return std::nullopt;
  for (const YAML::Node& item : *list) {
    if (!item.IsScalar()) {
      ctx.reader.error(ctx.reader.at(item),
                       "expected a name in '" + std::string(key) + "', got " + describe(item));
      continue;
    }
    names.push_back(NameUse{item.Scalar(), ctx.reader.at(item)});
  }
  return names;
}

std::optional<std::vector<NameUse>> read_label_names(Context& ctx, YamlMap& map,
                                                     std::string_view key, bool allow_all) {
  std::optional<std::vector<NameUse>> names = read_string_list(ctx, map, key);
  if (!names) return std::nullopt;
  std::vector<NameUse> valid;
  for (NameUse& n : *names) {
    if (!(allow_all && n.name == "...") && !is_prometheus_label_name(n.name)) {
      ctx.reader.error(n.where, "invalid label name '" + n.name + "' in '" + std::string(key) +
                                    "' (" + kLabelNameRule + ")");
      continue;
    }
    valid.push_back(std::move(n));
  }
  return valid;
}

}  // namespace firedrill::routing_config
