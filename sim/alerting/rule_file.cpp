// Reading Prometheus rule files with the checks of Prometheus' rulefmt and
// `promtool check rules`, every problem reported at its place in the file.
#include "sim/alerting/rule_file.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "sim/alerting/scalar_position.h"
#include "sim/alerting/template.h"
#include "sim/promql/parser.h"
#include "sim/scenario/yaml_documents.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill {
namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool is_valid_metric_name(std::string_view name) {
  if (name.empty() || !(is_name_start(name[0]) || name[0] == ':')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_name_char(c) || c == ':'; });
}

// [a-zA-Z_][a-zA-Z0-9_]*
bool is_valid_label_name(std::string_view name) {
  if (name.empty() || !is_name_start(name[0])) return false;
  return std::all_of(name.begin(), name.end(), is_name_char);
}

const std::vector<std::string> kTopKeys = {"groups"};
const std::vector<std::string> kGroupKeys = {"name", "interval", "limit", "rules"};
const std::vector<std::string> kRuleKeys = {"record",          "alert",  "expr",       "for",
                                            "keep_firing_for", "labels", "annotations"};

class RuleFileReader {
 public:
  RuleFileReader(YamlReader& reader, std::string_view text) : reader_(reader), text_(text) {}

  void read(const YAML::Node& node, std::vector<RuleGroupSpec>& out) {
    for (const RuleGroupSpec& g : out) names_.emplace(g.name, g.where);
    if (!node.IsMap()) {
      reader_.error(reader_.at(node), "expected a map with key 'groups', got " + describe(node));
      return;
    }
    YamlMap top(reader_, node, "the rules", kTopKeys);
    std::optional<YAML::Node> groups = top.read_list("groups");
    if (!groups) return;
    for (const YAML::Node& item : *groups) {
      std::optional<RuleGroupSpec> group = read_group(item);
      if (group) out.push_back(std::move(*group));
    }
  }

 private:
  std::optional<RuleGroupSpec> read_group(const YAML::Node& node) {
    if (!node.IsMap()) {
      reader_.error(
          reader_.at(node),
          "expected a rule group (a map with keys name and rules), got " + describe(node));
      return std::nullopt;
    }
    RuleGroupSpec group;
    group.where = reader_.at(node);
    YamlMap map(reader_, node, "a rule group", kGroupKeys);
    map.require("name");
    if (map.read_string("name", group.name)) {
      if (group.name.empty()) {
        reader_.error(map.value_at("name"), "a rule group's name must not be empty");
      } else if (auto [seen, inserted] = names_.emplace(group.name, map.value_at("name"));
                 !inserted) {
        reader_.error(map.value_at("name"), "rule group '" + group.name +
                                                "' is repeated (first given at line " +
                                                std::to_string(seen->second.line) + ")");
      }
    }
    // An interval of 0 means the global evaluation interval, as in Prometheus.
    map.read_prometheus_duration("interval", group.interval);
    map.read_int("limit", group.limit, 0);
    std::optional<YAML::Node> rules = map.read_list("rules");
    if (rules) {
      int index = 0;
      for (const YAML::Node& item : *rules) {
        ++index;
        std::optional<RuleSpec> rule = read_rule(item, group.name, index);
        if (rule) group.rules.push_back(std::move(*rule));
      }
    }
    return group;
  }

  std::optional<RuleSpec> read_rule(const YAML::Node& node, const std::string& group, int index) {
    if (!node.IsMap()) {
      reader_.error(
          reader_.at(node),
          "expected a rule (a map with alert or record, and expr), got " + describe(node));
      return std::nullopt;
    }
    RuleSpec rule;
    rule.where = reader_.at(node);
    const std::string context = "rule " + std::to_string(index) + " of rule group '" + group + "'";
    YamlMap map(reader_, node, context, kRuleKeys);
    std::string alert, record;
    const bool has_alert = map.read_string("alert", alert) && !alert.empty();
    const bool has_record = map.read_string("record", record) && !record.empty();
    if (has_alert && has_record) {
      reader_.error(map.key_at("record"),
                    "a rule has either 'alert' or 'record', not both (" + context + ")");
      return std::nullopt;
    }
    if (!has_alert && !has_record) {
      if (map.has("alert") || map.has("record")) {
        const char* key = map.has("alert") ? "alert" : "record";
        reader_.error(map.value_at(key),
                      "'" + std::string(key) + "' must not be empty (" + context + ")");
      } else if (!map.misspelt("alert") && !map.misspelt("record")) {
        reader_.error(map.where(), "missing key 'alert' or 'record' in " + context);
      }
      return std::nullopt;
    }
    rule.kind = has_alert ? RuleSpec::Kind::kAlert : RuleSpec::Kind::kRecord;
    rule.name = has_alert ? alert : record;
    const std::string what = (has_alert ? "alerting rule '" : "recording rule '") + rule.name + "'";
    if (has_record && !is_valid_metric_name(record)) {
      reader_.error(map.value_at("record"),
                    "invalid recording rule name '" + record +
                        "' (expected a metric name: letters, digits, '_' and ':', not starting "
                        "with a digit)");
    }
    if (map.require("expr", " (" + what + ")")) read_expr(map, what, rule);
    if (has_record) {
      for (const char* key : {"for", "keep_firing_for", "annotations"}) {
        if (map.has(key)) {
          reader_.error(map.key_at(key), "'" + std::string(key) +
                                             "' is only for alerting rules, and " + what +
                                             " is a recording rule");
        }
      }
    } else {
      map.read_prometheus_duration("for", rule.for_duration);
      map.read_prometheus_duration("keep_firing_for", rule.keep_firing_for);
    }
    const std::string template_name = "__alert_" + rule.name;
    read_pairs(map, "labels", what, has_alert ? &template_name : nullptr, rule.labels);
    if (has_alert) read_pairs(map, "annotations", what, &template_name, rule.annotations);
    return rule;
  }

  void read_expr(YamlMap& map, const std::string& what, RuleSpec& rule) {
    if (!map.read_string("expr", rule.expr_text)) return;
    const YamlField* field = map.find("expr");
    if (rule.expr_text.find_first_not_of(" \t\r\n") == std::string::npos) {
      reader_.error(map.value_at("expr"), "'expr' must not be empty (" + what + ")");
      return;
    }
    try {
      rule.expr = promql::parse_expr(rule.expr_text);
    } catch (const promql::ParseError& e) {
      const std::size_t offset = static_cast<std::size_t>(std::max(0, e.position()));
      reader_.error(scalar_char_location(reader_, field->value, text_, offset),
                    "could not parse the expression of " + what + ": " + e.what());
    }
  }

  // labels: or annotations:, sorted by name. Templates are parsed when
  // `template_name` is given (alerting rules).
  void read_pairs(YamlMap& map, std::string_view key, const std::string& what,
                  const std::string* template_name, std::vector<TemplatedPair>& out) {
    const YamlField* field = map.find(key);
    if (field == nullptr || field->value.IsNull()) return;
    const std::string singular = key == "labels" ? "label" : "annotation";
    std::optional<YamlMap> pairs =
        map.read_name_map(key, std::string(key) + " of " + what, singular + " name -> text");
    if (!pairs) return;
    for (const YamlField& f : pairs->fields()) {
      if (!is_valid_label_name(f.name) || (key == "labels" && f.name == "__name__")) {
        reader_.error(reader_.at(f.key), "invalid " + singular + " name '" + f.name + "' in " +
                                             what +
                                             " (expected letters, digits and '_', not starting "
                                             "with a digit)");
        continue;
      }
      if (!f.value.IsNull() && !f.value.IsScalar()) {
        reader_.error(reader_.value_at(f), "expected a text for " + singular + " '" + f.name +
                                               "', got " + describe(f.value));
        continue;
      }
      TemplatedPair pair;
      pair.name = f.name;
      pair.text = f.value.IsNull() ? "" : f.value.Scalar();
      if (template_name != nullptr) {
        try {
          pair.template_ = Template::parse(pair.text, *template_name);
        } catch (const TemplateError& e) {
          const std::size_t offset = static_cast<std::size_t>(std::max(0, e.position()));
          reader_.error(
              scalar_char_location(reader_, f.value, text_, offset),
              "invalid template in " + singular + " '" + f.name + "' of " + what + ": " + e.what());
          continue;
        }
      }
      out.push_back(std::move(pair));
    }
    std::sort(out.begin(), out.end(),
              [](const TemplatedPair& a, const TemplatedPair& b) { return a.name < b.name; });
  }

  YamlReader& reader_;
  std::string_view text_;
  std::map<std::string, SourceLocation, std::less<>> names_;
};

}  // namespace

void read_rule_groups(YamlReader& reader, const YAML::Node& node, std::string_view text,
                      std::vector<RuleGroupSpec>& out) {
  RuleFileReader(reader, text).read(node, out);
}

std::vector<RuleGroupSpec> parse_rule_file(std::string_view text, const std::string& file) {
  YamlReader reader(file);
  YamlDocuments documents;
  try {
    documents = parse_yaml_documents(std::string(text));
  } catch (const YAML::Exception& e) {
    throw InputError("invalid YAML: " + e.msg, reader.at(e.mark));
  }
  std::vector<RuleGroupSpec> groups;
  if (documents.count == 0 || documents.first.IsNull()) return groups;  // an empty file: no rules
  if (documents.count > 1) {
    reader.error(reader.at(documents.second),
                 "a rule file holds one YAML document, found a second one here");
  }
  read_rule_groups(reader, documents.first, text, groups);
  if (reader.failed()) throw InputError(reader.take_diagnostics());
  return groups;
}

std::vector<RuleGroupSpec> load_rule_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read rule file '" + path + "'", SourceLocation{path, 0, 0});
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError("cannot read rule file '" + path + "': read error");
  return parse_rule_file(text, path);
}

}  // namespace firedrill
