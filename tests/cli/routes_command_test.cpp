// firedrill routes: the route tree or an alert's receivers, for a scenario or
// a plain Alertmanager configuration; warnings on stderr; exit statuses
// 0 (ok), 1 (bad input) and 2 (bad command line).
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "command_runner.h"

namespace firedrill::testing {
namespace {

const std::string kExample = std::string(FIREDRILL_TEST_DATA) + "/routing/alertmanager-example.yml";

constexpr const char* kScenario =
    "firedrill: 1\n"
    "name: routed\n"
    "title: With routing\n"
    "services:\n"
    "  web: {}\n"
    "traffic:\n"
    "  - {entry: web, rate: 1/s}\n"
    "teams:\n"
    "  web-team: {}\n"
    "routing:\n"
    "  route:\n"
    "    receiver: mail\n"
    "    routes:\n"
    "      - matchers: [severity=page]\n"
    "        receiver: web-team\n"
    "  receivers:\n"
    "    - name: mail\n"
    "      email_configs: [{to: a@example.com}]\n"
    "    - name: web-team\n";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("firedrill routes prints the route tree of an Alertmanager file", "[routes]") {
  const CommandResult r = run_firedrill("routes '" + kExample + "'", ScratchDir());
  CHECK(r.exit_code == 0);
  // As amtool draws it: a continued branch is │, two no-break spaces and a space.
  CHECK(r.out ==
        "Routing tree:\n"
        ".\n"
        "└── default-route  receiver: ops-mail\n"
        "    ├── {severity=\"critical\"}  continue: true  receiver: ops-critical\n"
        "    ├── {service=~\"checkout|cart|search\"}  receiver: shop-mail\n"
        "    │\u00a0\u00a0 └── {severity=\"critical\"}  receiver: shop-pager\n"
        "    ├── {service=\"payments\"}  receiver: payments-mail\n"
        "    │\u00a0\u00a0 └── {severity=~\"^(?:critical|page)$\"}  receiver: payments-pager\n"
        "    └── {service=\"database\"}  receiver: dba-pager\n"
        "        ├── {owner=\"shop\"}  continue: true  receiver: shop-pager\n"
        "        └── {owner=\"payments\"}  receiver: payments-pager\n"
        "\n");
  // What is not simulated is on stderr, at its place in the file.
  CHECK_THAT(r.err, Catch::Contains(kExample + ":8:1: warning: 'global': delivery settings are "
                                               "not simulated"));
}

TEST_CASE("firedrill routes with labels prints the receivers an alert goes to", "[routes]") {
  ScratchDir dir;
  CommandResult r = run_firedrill("routes '" + kExample + "' service=cart severity=critical", dir);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ops-critical,shop-pager\n");
  r = run_firedrill("routes '" + kExample + "' 'service=\"payments\"' severity=page", dir);
  CHECK(r.out == "payments-pager\n");
  r = run_firedrill("routes '" + kExample + "' service=payments service=nope", dir);
  CHECK(r.out == "ops-mail\n");  // the last value of a label wins
  r = run_firedrill("routes --tree '" + kExample + "' service=database owner=shop", dir);
  CHECK(r.out ==
        "Matching routes:\n"
        ".\n"
        "└── default-route\n"
        "    └── {service=\"database\"}\n"
        "        └── {owner=\"shop\"}  receiver: shop-pager\n"
        "\n"
        "\n"
        "shop-pager\n");
}

TEST_CASE("firedrill routes reads a scenario's routing", "[routes]") {
  ScratchDir dir;
  write(dir.file("scenario.yaml"), kScenario);
  CommandResult r = run_firedrill("routes .", dir);
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "Routing tree:\n"
        ".\n"
        "└── default-route  receiver: mail\n"
        "    └── {severity=\"page\"}  receiver: web-team\n"
        "\n");
  CHECK_THAT(r.err, Catch::Contains("scenario.yaml:18:7: warning: receiver 'mail': email "
                                    "delivery is not simulated"));
  r = run_firedrill("routes scenario.yaml severity=page", dir);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "web-team\n");
}

TEST_CASE("firedrill routes reports bad input with exit status 1", "[routes]") {
  ScratchDir dir;
  write(dir.file("am.yml"), "route:\n  receiver: r\nreceivers: [{name: x}]\n");
  CommandResult r = run_firedrill("routes am.yml", dir);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("am.yml:2:13: error: undefined receiver 'r' used in route"));

  std::string no_routing = kScenario;
  no_routing = no_routing.substr(0, no_routing.find("teams:"));
  write(dir.file("scenario.yaml"), no_routing);
  r = run_firedrill("routes .", dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("scenario '.' has no 'routing'"));

  r = run_firedrill("routes missing.yml", dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("missing.yml"));
}

TEST_CASE("firedrill routes rejects malformed labels with exit status 2", "[routes]") {
  ScratchDir dir;
  CommandResult r = run_firedrill("routes '" + kExample + "' severity!=page", dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("labels are given as LABEL=VALUE pairs"));
  r = run_firedrill("routes '" + kExample + "' 1abc=x", dir);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("invalid label '1abc=x'"));
  r = run_firedrill("routes", dir);
  CHECK(r.exit_code == 2);
  r = run_firedrill("routes --help", dir);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("LABELS"));
}

}  // namespace firedrill::testing
