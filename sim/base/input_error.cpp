#include "sim/base/input_error.h"

namespace firedrill {
namespace {

std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.str();
  }
  return out;
}

}  // namespace

std::string SourceLocation::str() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::str() const {
  const std::string place = where.str();
  const std::string label = warning ? "warning: " : "error: ";
  return place.empty() ? label + message : place + ": " + label + message;
}

InputError::InputError(std::string message, SourceLocation where)
    : InputError(std::vector<Diagnostic>{Diagnostic{std::move(where), std::move(message)}}) {}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {
  if (diagnostics_.empty()) diagnostics_.push_back({{}, "invalid input"});
}

InputError InputError::located_at(const SourceLocation& where) const {
  std::vector<Diagnostic> placed = diagnostics_;
  for (auto& d : placed) {
    if (d.where.file.empty() && d.where.line == 0) d.where = where;
  }
  return InputError(std::move(placed));
}

}  // namespace firedrill
