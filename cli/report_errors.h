// How every subcommand turns errors into messages and exit statuses.
#pragma once

#include <exception>
#include <functional>
#include <string>

namespace firedrill::cli {

// Runs `command` and returns its exit status. Bad input (InputError) is
// printed as its file:line:column diagnostics; any other error as
// "firedrill: error: ..."; both give kExitFailure. Nothing escapes.
int report_errors(const std::function<int()>& command);

// An error's text for a report (`test`, `run --seeds`): an InputError's
// messages without their "error: " prefix (placed ones keep their
// file:line:column), one per line; another error's what().
std::string error_text(const std::exception& e);

}  // namespace firedrill::cli
