// Where a character of a YAML scalar's value is in the file: errors inside a
// rule's expression or template are reported at the offending character,
// whether the scalar is plain, quoted, or a literal (|) or folded (>) block.
// Internal to sim/alerting.
#pragma once

#include <cstddef>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "sim/base/input_error.h"

namespace firedrill {

class YamlReader;

// The location of byte `offset` of `scalar`'s value, found by walking the
// source `text` the node was parsed from. Falls back to the scalar's start
// when the source does not line up with the value (escapes it cannot follow).
SourceLocation scalar_char_location(const YamlReader& reader, const YAML::Node& scalar,
                                    std::string_view text, std::size_t offset);

}  // namespace firedrill
