// The bundled scenarios page the right people: each incident reaches the
// on-call of the team that owns the failing service, through its routing
// (alertmanager.yml) and the team's escalation policy; a healthy shop and a
// ticket-only incident (slow-search) page nobody. Figures are in each
// scenario's README ("Paging").
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command_runner.h"

using namespace firedrill::testing;

namespace {

struct Page {
  double t = 0;  // seconds since the start
  std::string team;
  std::string person;
  std::string level;
  std::string reason;
};

std::vector<Page> pages(const std::string& scenario, const std::string& until) {
  ScratchDir dir;
  const CommandResult r =
      run_firedrill("run --no-score '" + source_path("scenarios/" + scenario) +
                        "' --no-responder --json --out run.fdrec --until " + until,
                    dir);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());  // no warnings: the bundled routing files are fully simulated
  std::vector<Page> out;
  const nlohmann::json run = nlohmann::json::parse(r.out);
  for (const auto& e : run.at("paging")) {
    if (e.at("kind") != "page") continue;
    out.push_back(
        Page{e.at("t").get<double>(), e.at("team"), e.at("person"), e.at("level"), e.at("reason")});
  }
  return out;
}

}  // namespace

TEST_CASE("the healthy shop pages nobody", "[cli][paging]") {
  CHECK(pages("shop", "1h").empty());
}

TEST_CASE("the checkout memory leak pages the payments on-call", "[cli][paging]") {
  const auto p = pages("checkout-memory-leak", "46m");
  REQUIRE(p.size() >= 2);
  CHECK(p[0].team == "payments");
  CHECK(p[0].person == "dave");
  CHECK(p[0].t == 40 * 60 + 30);  // CrashLooping fires at 40m, group_wait 30s
  CHECK(p[1].person == "frank");  // nobody acknowledges: the team lead, 5 minutes later
  CHECK(p[1].t == p[0].t + 5 * 60);
  CHECK(p[1].reason == "escalated: dave did not acknowledge within 5m");
}

TEST_CASE("the database outage pages the data team, and the new on-call after the hand-off",
          "[cli][paging]") {
  const auto p = pages("database-outage", "32m");
  std::vector<Page> data;
  for (const Page& page : p) {
    if (page.team == "data") data.push_back(page);
  }
  REQUIRE(data.size() == 3);
  CHECK(data[0].person == "heidi");  // on call until the 09:30 hand-off
  CHECK(data[0].t == 16 * 60 + 30);
  CHECK(data[1].person == "trent");
  CHECK(data[1].t == 21 * 60 + 30);
  CHECK(data[1].reason == "escalated: heidi did not acknowledge within 5m");
  CHECK(data[2].person == "grace");  // the policy starts over after the hand-off
  CHECK(data[2].t == 31 * 60 + 30);
  // The symptoms page where they show: the frontend's and sessions' teams.
  bool web = false;
  bool identity = false;
  for (const Page& page : p) {
    web = web || page.team == "web";
    identity = identity || page.team == "identity";
  }
  CHECK(web);
  CHECK(identity);
}

TEST_CASE("the recording holds who was paged when and why", "[cli][paging]") {
  ScratchDir dir;
  REQUIRE(run_firedrill("run --no-score '" + source_path("scenarios/database-outage") +
                            "' --no-responder --out run.fdrec --until 22m",
                        dir)
              .exit_code == 0);
  const std::string query =
      "sqlite3 '" + dir.file("run.fdrec") +
      "' \"SELECT t_us, kind, attributes FROM events WHERE kind IN ('page', 'escalated') AND "
      "attributes LIKE '%\"data\"%' ORDER BY id\" > '" +
      dir.file("events.txt") + "'";
  REQUIRE(std::system(query.c_str()) == 0);
  CHECK(read_file(dir.file("events.txt")) ==
        "990000000|page|{\"incident\":\"1\",\"team\":\"data\",\"person\":\"heidi\",\"level\":"
        "\"1\",\"loop\":\"1\",\"via\":\"schedule primary\",\"reason\":\"incident triggered\"}\n"
        "1290000000|escalated|{\"incident\":\"1\",\"team\":\"data\",\"from_level\":\"1\","
        "\"to_level\":\"2\",\"loop\":\"1\",\"unanswered\":\"heidi\",\"reason\":\"not "
        "acknowledged within 5m\"}\n"
        "1290000000|page|{\"incident\":\"1\",\"team\":\"data\",\"person\":\"trent\",\"level\":"
        "\"2\",\"loop\":\"1\",\"via\":\"direct\",\"reason\":\"escalated: heidi did not "
        "acknowledge within 5m\"}\n");
}

TEST_CASE("the bad checkout deploy pages the payments on-call", "[cli][paging]") {
  const auto p = pages("bad-deploy-checkout", "15m");
  REQUIRE_FALSE(p.empty());
  CHECK(p[0].team == "payments");
  CHECK(p[0].person == "dave");
  CHECK(p[0].t == 13 * 60 + 30);
}

TEST_CASE("slow search files a ticket and pages nobody", "[cli][paging]") {
  CHECK(pages("slow-search", "40m").empty());
}

TEST_CASE("the retry storm pages the catalog and pricing teams", "[cli][paging]") {
  const auto p = pages("retry-storm", "20m");
  std::vector<std::string> first;
  for (const Page& page : p) {
    if (page.level == "1") first.push_back(page.team + ":" + page.person);
  }
  CHECK(std::count(first.begin(), first.end(), "discovery:ivan") >= 1);
  CHECK(std::count(first.begin(), first.end(), "pricing:rupert") >= 1);
}
