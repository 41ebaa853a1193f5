// Reading Prometheus rule files: `groups: - name, interval, limit, rules:
// - alert|record, expr, for, keep_firing_for, labels, annotations`.
// Every problem is reported at file:line:column, an error in an expression
// at the column of the offending character inside the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/alerting/rules.h"

namespace firedrill {

class YamlReader;  // sim/scenario/yaml_reader.h

// Reads a rule file from disk. Throws InputError with every problem found.
std::vector<RuleGroupSpec> load_rule_file(const std::string& path);

// Reads rule file text; `file` names it in messages. Throws InputError.
std::vector<RuleGroupSpec> parse_rule_file(std::string_view text, const std::string& file);

// Reads the map holding `groups:` (a rule file's document, or a scenario's
// `alerts:` value) from a document already parsed, reporting problems into
// `reader` and going on. `text` is the document's source, used to place
// errors inside expressions. Group names must be unique within `out`.
void read_rule_groups(YamlReader& reader, const YAML::Node& node, std::string_view text,
                      std::vector<RuleGroupSpec>& out);

}  // namespace firedrill
