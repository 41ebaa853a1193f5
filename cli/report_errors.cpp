#include "cli/report_errors.h"

#include <fmt/core.h>

#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "sim/base/input_error.h"

namespace firedrill::cli {

int report_errors(const std::function<int()>& command) {
  try {
    return command();
  } catch (const InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "firedrill: error: {}\n", e.what());
  }
  return kExitFailure;
}

std::string error_text(const std::exception& e) {
  if (const auto* input = dynamic_cast<const InputError*>(&e)) {
    std::string text;
    for (const Diagnostic& d : input->diagnostics()) {
      if (!text.empty()) text += '\n';
      text += d.where.file.empty() ? d.message : d.str();
    }
    return text;
  }
  return e.what();
}

}  // namespace firedrill::cli
