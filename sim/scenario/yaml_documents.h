// Splitting YAML text into documents without yaml-cpp 0.7's YAML::LoadAll,
// which loops forever, allocating, on some invalid input such as a lone ','
// (yaml-cpp issue #1040; fixed upstream after the 0.7 that Debian 12 ships).
// Internal to sim/scenario.
#pragma once

#include <cstddef>
#include <string>

#include <yaml-cpp/yaml.h>

namespace firedrill {

// The documents of a YAML stream, as much as a scenario file needs of them.
struct YamlDocuments {
  YAML::Node first;  // the first document; null if there is none
  std::size_t count = 0;
  YAML::Mark second;  // where the second document starts, if count > 1
};

// Parses `text`. Throws YAML::Exception (with a mark) for malformed YAML,
// including the input on which YAML::LoadAll would never return.
YamlDocuments parse_yaml_documents(const std::string& text);

}  // namespace firedrill
