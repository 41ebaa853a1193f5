#include "sim/promql/value.h"

#include "sim/promql/go_quote.h"

namespace firedrill::promql {
std::string format_labels(const LabelSet& labels) {
  std::string out(label_value(labels, "__name__"));
  bool has_other = false;
  for (const auto& [name, value] : labels) {
    if (name == "__name__") continue;
    out += has_other ? ", " : "{";
    has_other = true;
    out += name;
    out += '=';
    out += go_quote(value);
  }
  if (has_other) {
    out += '}';
  } else if (out.empty()) {
    out = "{}";
  }
  return out;
}

std::string_view label_value(const LabelSet& labels, std::string_view name) {
  for (const auto& [label, value] : labels) {
    if (label == name) return value;
  }
  return {};
}

}  // namespace firedrill::promql
