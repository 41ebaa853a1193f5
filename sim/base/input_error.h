// The one error type for bad user input: scenario files, durations, recordings.
//
// Every message a user sees for bad input is an InputError. It carries where
// the problem is (file, line, column, all optional) and what was expected, and
// formats as compilers do: "shop/scenario.yaml:12:7: error: unknown service ...".
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace firedrill {

// A place in a user's file. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column", dropping the parts that are unknown.
  std::string str() const;
};

// One problem found in user input.
struct Diagnostic {
  SourceLocation where;
  std::string message;  // what is wrong and what was expected, no trailing period
  // A warning does not stop a load: the input is usable, but something in it
  // is not simulated (an Alertmanager e-mail setting) or likely a mistake.
  bool warning = false;

  // "file:line:col: error: message" (or "warning:")
  std::string str() const;
};

// Thrown for any bad user input. Holds one or more diagnostics; what() is all
// of them, one per line.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::string message, SourceLocation where = {});
  explicit InputError(std::vector<Diagnostic> diagnostics);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // The first diagnostic: the one a test or a user looks at first.
  const Diagnostic& first() const { return diagnostics_.front(); }

  // Returns a copy whose diagnostics without a location get `where`.
  // Used by loaders to place errors from value parsers (durations, sizes).
  InputError located_at(const SourceLocation& where) const;

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace firedrill
