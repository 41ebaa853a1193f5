#include "sim/promql/ast.h"

namespace firedrill::promql {

const char* value_type_name(ValueType type) {
  switch (type) {
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kInstantVector:
      return "instant vector";
    case ValueType::kRangeVector:
      return "range vector";
    case ValueType::kString:
      return "string";
  }
  return "unknown";
}

bool LabelMatcher::matches(std::string_view label_value) const {
  switch (op) {
    case Op::kEqual:
      return label_value == value;
    case Op::kNotEqual:
      return label_value != value;
    case Op::kRegexMatch:
      return regex && regex->full_match(label_value);
    case Op::kRegexNoMatch:
      return !regex || !regex->full_match(label_value);
  }
  return false;
}

}  // namespace firedrill::promql
