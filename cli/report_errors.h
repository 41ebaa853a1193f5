// How every subcommand turns errors into messages and exit statuses.
#pragma once

#include <functional>

namespace firedrill::cli {

// Runs `command` and returns its exit status. Bad input (InputError) is
// printed as its file:line:column diagnostics; any other error as
// "firedrill: error: ..."; both give kExitFailure. Nothing escapes.
int report_errors(const std::function<int()>& command);

}  // namespace firedrill::cli
