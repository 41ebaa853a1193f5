// Golden files for the score card, the debrief and the postmortem draft of
// each bundled scenario answered by its reference responder, and of a
// deliberately poor response (tests/data/scoring/*.actions): late
// acknowledgement, wrong severity, the wrong team paged, a healthy service
// restarted, resolved while users were still hurt.
//
// The card `firedrill run` prints must be the golden card, and so must
// `firedrill score` of the recording: re-scoring gives the same card.
//
// To accept new output after an intended change, run scripts/approve-golden
// (FIREDRILL_APPROVE=1 makes this test write the files instead of comparing),
// then review the diff with git.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "command_runner.h"
#include "support/scratch_dir.h"

using namespace firedrill::testing;

namespace {

bool approving() {
  const char* v = std::getenv("FIREDRILL_APPROVE");
  return v != nullptr && std::string(v) == "1";
}

// Compares `actual` with the golden file, or writes it when approving.
void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = source_path("tests/golden/scoring/" + name);
  if (approving()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = read_file(path);
  INFO("golden file " << path << " (re-approve with scripts/approve-golden)");
  REQUIRE_FALSE(expected.empty());
  CHECK(actual == expected);
}

// The score card section of `run`'s output: from "score:" to the blank line
// before "simulated".
std::string card_in_run_output(const std::string& out) {
  const auto from = out.find("score: ");
  const auto to = out.find("\nsimulated ");
  if (from == std::string::npos || to == std::string::npos || to < from) return "";
  return out.substr(from, to - from);
}

struct GoldenCase {
  const char* name;      // the golden folder
  const char* scenario;  // under scenarios/
  std::string flags;     // for run
};

}  // namespace

TEST_CASE("golden score cards, debriefs and postmortems", "[cli][golden][scoring]") {
  const GoldenCase cases[] = {
      {"checkout-memory-leak", "checkout-memory-leak", ""},
      {"database-outage", "database-outage", ""},
      {"bad-deploy-checkout", "bad-deploy-checkout", ""},
      {"slow-search", "slow-search", ""},
      {"retry-storm", "retry-storm", ""},
      {"poor-checkout-memory-leak", "checkout-memory-leak",
       "--actions " +
           shell_quote(source_path("tests/data/scoring/poor-checkout-memory-leak.actions"))},
  };
  for (const GoldenCase& c : cases) {
    SECTION(c.name) {
      ScratchDir dir;
      const CommandResult run =
          run_firedrill("run " + shell_quote(source_path(std::string("scenarios/") + c.scenario)) +
                            " " + c.flags + " --out run.fdrec",
                        dir);
      INFO(run.err);
      REQUIRE(run.exit_code == 0);
      const std::string printed = card_in_run_output(run.out);
      REQUIRE_FALSE(printed.empty());

      const CommandResult score = run_firedrill("score run.fdrec", dir);
      INFO(score.err);
      REQUIRE(score.exit_code == 0);
      CHECK(score.out == printed);  // re-scoring gives the card the run printed
      check_golden(std::string(c.name) + "/score.txt", score.out);

      const CommandResult debrief = run_firedrill("debrief run.fdrec", dir);
      INFO(debrief.err);
      REQUIRE(debrief.exit_code == 0);
      check_golden(std::string(c.name) + "/debrief.md", debrief.out);

      const CommandResult postmortem = run_firedrill("postmortem run.fdrec", dir);
      INFO(postmortem.err);
      REQUIRE(postmortem.exit_code == 0);
      check_golden(std::string(c.name) + "/postmortem.md", postmortem.out);
    }
  }
}

TEST_CASE("re-scoring as JSON gives the card run --json printed", "[cli][scoring]") {
  ScratchDir dir;
  const CommandResult run =
      run_firedrill("run " + shell_quote(source_path("scenarios/bad-deploy-checkout")) +
                        " --until 30m --json --out run.fdrec",
                    dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto printed = nlohmann::json::parse(run.out).at("score");
  const CommandResult score = run_firedrill("score run.fdrec --json", dir);
  REQUIRE(score.exit_code == 0);
  auto rescored = nlohmann::json::parse(score.out);
  rescored.erase("recording");
  CHECK(rescored.at("status") == "complete");
  rescored.erase("status");
  CHECK(rescored == printed);
  CHECK(printed.at("total").get<int>() > 80);
}
