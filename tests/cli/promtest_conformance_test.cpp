// firedrill promtest against the real `promtool test rules` (Debian package
// `prometheus`) over the corpus in tests/data/promtest: same verdict from
// both, and the verdict each file's first line announces ("expect: pass").
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command_runner.h"

namespace firedrill::testing {
namespace {

namespace fs = std::filesystem;

CommandResult run_promtool(const std::string& promtool, const std::string& file,
                           const ScratchDir& cwd) {
  return run_program(promtool, "test rules " + shell_quote(file), cwd);
}

// "pass" or "fail" from the file's first line, "" if it says neither.
std::string announced_verdict(const std::string& file) {
  const std::string text = read_file(file);
  const std::string first_line = text.substr(0, text.find('\n'));
  if (first_line.find("expect: pass") != std::string::npos) return "pass";
  if (first_line.find("expect: fail") != std::string::npos) return "fail";
  return "";
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(std::string(FIREDRILL_TEST_DATA) + "/promtest")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 9 && name.ends_with(".test.yml")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("firedrill promtest and promtool agree on every corpus file") {
  const std::string promtool = find_on_path("promtool");
  if (promtool.empty()) {
    FAIL("promtool is not on PATH: install the `prometheus` package (apt-get install prometheus)");
  }
  const std::vector<std::string> files = corpus_files();
  REQUIRE(files.size() >= 30);
  ScratchDir cwd;
  int fails_expected = 0;
  for (const std::string& file : files) {
    const std::string expected = announced_verdict(file);
    if (expected == "fail") ++fails_expected;
    const CommandResult ours = run_firedrill("promtest '" + file + "'", cwd);
    const CommandResult theirs = run_promtool(promtool, file, cwd);
    const std::string our_verdict = ours.exit_code == 0 ? "pass" : "fail";
    const std::string their_verdict = theirs.exit_code == 0 ? "pass" : "fail";
    INFO("file: " << file << "\nexpected: " << expected << "\n--- firedrill promtest (exit "
                  << ours.exit_code << ")\n"
                  << ours.out << ours.err << "--- promtool test rules (exit " << theirs.exit_code
                  << ")\n"
                  << theirs.out << theirs.err);
    CHECK(expected != "");
    CHECK(their_verdict == expected);
    CHECK(our_verdict == their_verdict);
    CHECK((ours.exit_code == 0 || ours.exit_code == 1));
  }
  // About a third of the corpus are cases meant to fail.
  CHECK(fails_expected * 4 >= static_cast<int>(files.size()));
}

TEST_CASE("firedrill promtest reports a malformed file at file:line:column and exits 1") {
  ScratchDir dir;
  std::ofstream(dir.file("bad.test.yml")) << "tests:\n  - interval: 1m\n    input_series:\n"
                                             "      - series: up\n        values: \"1 2 oops\"\n";
  const CommandResult result = run_firedrill("promtest bad.test.yml", dir);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out + result.err, Catch::Contains("bad.test.yml:5:"));
  CHECK_THAT(result.out + result.err, Catch::Contains("'oops'"));
}

TEST_CASE("firedrill promtest prints SUCCESS and exits 0 for a passing file") {
  const CommandResult result = run_firedrill(
      "promtest '" + std::string(FIREDRILL_TEST_DATA) + "/promtest/instance_down_for.test.yml'",
      ScratchDir());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("Unit Testing:  ") && Catch::Contains("  SUCCESS"));
}

}  // namespace
}  // namespace firedrill::testing
