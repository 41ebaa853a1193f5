#include "sim/promql/value.h"

#include <cstdio>

namespace firedrill::promql {
namespace {

// Go's strconv.Quote for the characters label values realistically hold.
void append_quoted(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string format_labels(const LabelSet& labels) {
  std::string out(label_value(labels, "__name__"));
  bool has_other = false;
  for (const auto& [name, value] : labels) {
    if (name == "__name__") continue;
    out += has_other ? ", " : "{";
    has_other = true;
    out += name;
    out += '=';
    append_quoted(out, value);
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
