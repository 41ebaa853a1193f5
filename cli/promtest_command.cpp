// firedrill promtest FILE...: run `promtool test rules` unit-test files with
// firedrill's rule engine, printing what promtool prints and exiting 0 only
// if every test of every file passes.
#include <fmt/core.h>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/report_errors.h"
#include "sim/promtest/unit_test_file.h"
#include "sim/promtest/unit_test_runner.h"

namespace firedrill::cli {
namespace {

// Tests one file; returns whether it passed. Bad input throws InputError.
bool test_file(const std::string& path) {
  fmt::print("Unit Testing:  {}\n", path);
  std::fflush(stdout);
  const promtest::UnitTestFile file = promtest::load_unit_test_file(path);
  std::vector<std::string> warnings;
  const std::vector<std::string> failures = promtest::run_unit_tests(file, warnings);
  for (const std::string& w : warnings) fmt::print(stderr, "{}\n", w);
  if (failures.empty()) {
    fmt::print("  SUCCESS\n\n");
    return true;
  }
  fmt::print(stderr, "  FAILED:\n");
  for (const std::string& f : failures) fmt::print(stderr, "{}\n\n", f);
  fmt::print("\n");
  return false;
}

}  // namespace

void add_promtest_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "promtest", "Run Prometheus rule unit tests (`promtool test rules` files) with firedrill");
  auto paths = std::make_shared<std::vector<std::string>>();
  cmd->add_option("FILE", *paths, "Unit-test files (rule_files, evaluation_interval, tests)")
      ->required();
  cmd->callback([paths, &exit_code] {
    bool all_passed = true;
    for (const std::string& path : *paths) {
      const int status = report_errors([&] { return test_file(path) ? kExitOk : kExitFailure; });
      if (status != kExitOk) all_passed = false;
    }
    exit_code = all_passed ? kExitOk : kExitFailure;
  });
}

}  // namespace firedrill::cli
