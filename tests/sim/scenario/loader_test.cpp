// Loading valid scenarios: every field of the format, its defaults, and the
// ways a scenario can be named (folder or file).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "sim/base/input_error.h"
#include "sim/base/units.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

using namespace firedrill;

namespace {

std::string good(const std::string& name) {
  return std::string(FIREDRILL_TEST_DATA) + "/scenarios/good/" + name;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The complete scenario of good/shop, loaded once.
const Scenario& shop() {
  static const Scenario scenario = load_scenario(good("shop"));
  return scenario;
}

const ServiceSpec& service(const Scenario& s, std::string_view name) {
  std::optional<ServiceIndex> i = s.find_service(name);
  REQUIRE(i.has_value());
  return s.services[*i];
}

}  // namespace

TEST_CASE("a complete scenario: run-wide settings and teams", "[scenario][loader]") {
  const Scenario& s = shop();

  CHECK(s.format == 1);
  CHECK(s.name == "shop-checkout-leak");
  CHECK(s.title == "Checkout runs out of memory after a deploy");
  CHECK(s.briefing == "You are on call for the web shop.\nIt is a normal Tuesday morning.\n");
  CHECK(s.duration == 2 * kHour);
  CHECK(s.seed == 7);
  CHECK(s.scrape_interval == 10 * kSecond);
  CHECK(s.start_of_day == 8 * kHour + 30 * kMinute);

  REQUIRE(s.teams.size() == 2);
  CHECK(s.teams[0].name == "web");
  CHECK(s.teams[1].name == "payments");
  CHECK(s.teams[1].where.line == 15);
  CHECK(s.teams[1].where.column == 3);

  REQUIRE(s.sources.size() == 1);
  CHECK(s.sources[0].path == "scenario.yaml");
  CHECK(s.sources[0].content == read_file(good("shop/scenario.yaml")));
}

TEST_CASE("a complete scenario: services in file order with every key", "[scenario][loader]") {
  const Scenario& s = shop();
  REQUIRE(s.services.size() == 6);
  const char* order[] = {"frontend", "catalog", "checkout", "payments", "recommendations", "ads"};
  for (std::size_t i = 0; i < 6; ++i) CHECK(s.services[i].name == order[i]);

  const ServiceSpec& frontend = service(s, "frontend");
  CHECK(frontend.where.file == good("shop") + "/scenario.yaml");
  CHECK(frontend.where.line == 17);
  CHECK(frontend.where.column == 3);
  CHECK(frontend.team == "web");
  CHECK(frontend.replicas == 3);
  CHECK(frontend.workers == 64);
  CHECK(frontend.queue == 256);
  CHECK(frontend.latency.distribution == LatencySpec::Distribution::kLognormal);
  CHECK(frontend.latency.p50 == 15 * kMillisecond);
  CHECK(frontend.latency.p99 == 80 * kMillisecond);
  CHECK(frontend.errors == Approx(0.0005));
  CHECK(frontend.memory.base == 300 * kMiB);
  CHECK(frontend.memory.per_request == 256 * kKiB);
  CHECK(frontend.memory.limit == kGiB);
  CHECK(frontend.startup == 20 * kSecond);

  const ServiceSpec& catalog = service(s, "catalog");
  CHECK(catalog.latency.distribution == LatencySpec::Distribution::kConstant);
  CHECK(catalog.latency.mean == 5 * kMillisecond);

  const ServiceSpec& checkout = service(s, "checkout");
  CHECK(checkout.team == "payments");
  CHECK(checkout.replicas == 2);
  CHECK(checkout.workers == 32);
  CHECK(checkout.queue == 0);
  CHECK(checkout.latency.distribution == LatencySpec::Distribution::kExponential);
  CHECK(checkout.latency.mean == 40 * kMillisecond);
  CHECK(checkout.memory.base == 512 * kMiB);
  CHECK(checkout.memory.per_request == 0);
  CHECK(checkout.memory.limit == 2 * kGiB);

  const ServiceSpec& payments = service(s, "payments");
  CHECK(payments.latency.distribution == LatencySpec::Distribution::kLognormal);
  CHECK(payments.latency.p50 == 100 * kMillisecond);
  CHECK(payments.latency.p99 == 900 * kMillisecond);

  // `recommendations: {}` and `ads:` (nothing) are services with every default.
  for (const char* name : {"recommendations", "ads"}) {
    const ServiceSpec& leaf = service(s, name);
    CHECK(leaf.team.empty());
    CHECK(leaf.calls.empty());
    CHECK(leaf.replicas == 1);
  }
}

TEST_CASE("a complete scenario: calls with every key, resolved", "[scenario][loader]") {
  const Scenario& s = shop();
  const ServiceSpec& frontend = service(s, "frontend");
  REQUIRE(frontend.calls.size() == 4);
  const CallSpec& to_catalog = frontend.calls[0];
  CHECK(to_catalog.to == "catalog");
  CHECK(to_catalog.to_index == 1);
  CHECK(to_catalog.p == 1.0);
  CHECK(to_catalog.count == 1);
  CHECK(to_catalog.timeout == 300 * kMillisecond);
  CHECK(to_catalog.retries == 1);
  CHECK(to_catalog.backoff == 25 * kMillisecond);
  CHECK_FALSE(to_catalog.optional);
  CHECK_FALSE(to_catalog.parallel);
  CHECK(to_catalog.where.line == 27);
  CHECK(to_catalog.where.column == 9);
  const CallSpec& to_checkout = frontend.calls[1];
  CHECK(to_checkout.to_index == 2);
  CHECK(to_checkout.p == Approx(0.1));
  CHECK(to_checkout.count == 2);
  CHECK(to_checkout.timeout == kSecond);
  CHECK(to_checkout.backoff == 50 * kMillisecond);
  const CallSpec& to_recommendations = frontend.calls[2];
  CHECK(to_recommendations.to_index == 4);
  CHECK(to_recommendations.optional);
  CHECK(to_recommendations.parallel);
  const CallSpec& to_ads = frontend.calls[3];
  CHECK(to_ads.to_index == 5);
  CHECK(to_ads.timeout == 0);
  CHECK(to_ads.optional);
  CHECK(to_ads.parallel);

  const ServiceSpec& checkout = service(s, "checkout");
  REQUIRE(checkout.calls.size() == 2);
  CHECK(checkout.calls[0].to_index == 3);
  CHECK(checkout.calls[0].timeout == 2 * kSecond);
  CHECK(checkout.calls[0].retries == 2);
  CHECK(checkout.calls[0].where.line == 42);  // a block-style call: at its first key
  CHECK(checkout.calls[0].where.column == 9);
  CHECK(checkout.calls[1].to_index == 0);
  CHECK(checkout.calls[1].optional);
}

TEST_CASE("a complete scenario: traffic of every shape", "[scenario][loader]") {
  const Scenario& s = shop();
  REQUIRE(s.traffic.size() == 3);
  const TrafficSpec& diurnal = s.traffic[0];
  CHECK(diurnal.entry == "frontend");
  CHECK(diurnal.entry_index == 0);
  CHECK(diurnal.rate == 400);
  CHECK(diurnal.shape == TrafficSpec::Shape::kDiurnal);
  CHECK(diurnal.amplitude == Approx(0.3));
  CHECK(diurnal.peak == 19 * kHour + 30 * kMinute);
  CHECK(diurnal.where.line == 52);
  CHECK(diurnal.where.column == 5);
  const TrafficSpec& ramp = s.traffic[1];
  CHECK(ramp.entry_index == 2);
  CHECK(ramp.rate == Approx(0.5));
  CHECK(ramp.shape == TrafficSpec::Shape::kRamp);
  CHECK(ramp.ramp_to == Approx(1.0));
  CHECK(ramp.ramp_start == 10 * kMinute);
  CHECK(ramp.ramp_over == 30 * kMinute);
  const TrafficSpec& constant = s.traffic[2];
  CHECK(constant.entry_index == 1);
  CHECK(constant.rate == 5);
  CHECK(constant.shape == TrafficSpec::Shape::kConstant);
}

TEST_CASE("keys left out take their documented defaults", "[scenario][loader]") {
  const Scenario s = load_scenario(good("minimal.yaml"));
  CHECK(s.format == 1);
  CHECK(s.name == "minimal");
  CHECK(s.briefing.empty());
  CHECK(s.duration == kHour);
  CHECK(s.seed == 1);
  CHECK(s.scrape_interval == 15 * kSecond);
  CHECK(s.start_of_day == 9 * kHour);
  CHECK(s.teams.empty());

  REQUIRE(s.services.size() == 1);
  const ServiceSpec& web = s.services[0];
  CHECK(web.team.empty());
  CHECK(web.replicas == 1);
  CHECK(web.workers == 8);
  CHECK(web.queue == 64);
  CHECK(web.latency.distribution == LatencySpec::Distribution::kLognormal);
  CHECK(web.latency.p50 == 10 * kMillisecond);
  CHECK(web.latency.p99 == 50 * kMillisecond);
  CHECK(web.errors == 0);
  CHECK(web.memory.base == 256 * kMiB);
  CHECK(web.memory.per_request == 0);
  CHECK(web.memory.limit == 0);
  CHECK(web.startup == 10 * kSecond);
  CHECK(web.calls.empty());

  REQUIRE(s.traffic.size() == 1);
  const TrafficSpec& t = s.traffic[0];
  CHECK(t.rate == 10);
  CHECK(t.shape == TrafficSpec::Shape::kConstant);
  CHECK(t.amplitude == 0.5);
  CHECK(t.peak == 14 * kHour);
  CHECK(t.ramp_to == 0);
  CHECK(t.ramp_start == 0);
  CHECK(t.ramp_over == 0);
}

TEST_CASE("defaults of calls, diurnal and ramp traffic", "[scenario][loader]") {
  const Scenario s = load_scenario_text(R"(firedrill: 1
name: defaults
title: Defaults
services:
  a:
    calls: [{to: b}]
  b: {}
traffic:
  - {entry: a, rate: 1/s, shape: diurnal}
  - {entry: b, rate: 0, shape: ramp, to: 100/s}
)",
                                        "defaults.yaml");
  const CallSpec& call = s.services[0].calls.at(0);
  CHECK(call.to_index == 1);
  CHECK(call.p == 1.0);
  CHECK(call.count == 1);
  CHECK(call.timeout == 0);
  CHECK(call.retries == 0);
  CHECK(call.backoff == 25 * kMillisecond);
  CHECK_FALSE(call.optional);
  CHECK_FALSE(call.parallel);
  CHECK(s.traffic[0].amplitude == 0.5);
  CHECK(s.traffic[0].peak == 14 * kHour);
  CHECK(s.traffic[1].rate == 0);
  CHECK(s.traffic[1].ramp_to == 100);
  CHECK(s.traffic[1].ramp_start == 0);
  CHECK(s.traffic[1].ramp_over == 0);
  CHECK(s.sources.at(0).path == "defaults.yaml");
}

TEST_CASE("a scenario is named by its folder or by its YAML file", "[scenario][loader]") {
  const Scenario by_folder = load_scenario(good("shop"));
  const Scenario by_folder_slash = load_scenario(good("shop/"));
  const Scenario by_file = load_scenario(good("shop/scenario.yaml"));
  // Sources are named within the scenario folder, however the path was typed,
  // so that the scenario hash and the recording do not depend on it.
  CHECK(by_folder.sources.at(0).path == "scenario.yaml");
  CHECK(by_folder_slash.sources.at(0).path == "scenario.yaml");
  CHECK(by_file.sources.at(0).path == "scenario.yaml");
  CHECK(by_folder.sources.at(0).content == by_file.sources.at(0).content);
  CHECK(by_file.name == by_folder.name);
}

TEST_CASE("loops closed by optional calls are accepted", "[scenario][loader]") {
  const Scenario s = load_scenario(good("optional_loop.yaml"));
  REQUIRE(s.services.size() == 3);
  CHECK(s.services[2].calls.at(0).to_index == 2);  // pricing calls itself, optionally
  CHECK(s.services[2].calls.at(0).optional);
}

TEST_CASE("find_service finds services by name", "[scenario]") {
  const Scenario& s = shop();
  CHECK(s.find_service("frontend") == std::optional<ServiceIndex>(0));
  CHECK(s.find_service("ads") == std::optional<ServiceIndex>(5));
  CHECK_FALSE(s.find_service("chekout").has_value());
  CHECK_FALSE(s.find_service("").has_value());
}

TEST_CASE("the same file loads to the same scenario every time", "[scenario][loader]") {
  const std::string text = read_file(good("shop/scenario.yaml"));
  const Scenario a = load_scenario_text(text, "a.yaml");
  const Scenario b = load_scenario_text(text, "a.yaml");
  REQUIRE(a.services.size() == b.services.size());
  for (std::size_t i = 0; i < a.services.size(); ++i) {
    CHECK(a.services[i].name == b.services[i].name);
    CHECK(a.services[i].calls.size() == b.services[i].calls.size());
  }
}

TEST_CASE("the complete example of docs/scenario-format.md loads", "[scenario][loader][docs]") {
  // The first ```yaml block after the heading "## A complete example".
  const std::string doc = read_file(std::string(FIREDRILL_SOURCE_DIR) + "/docs/scenario-format.md");
  const std::size_t heading = doc.find("## A complete example");
  REQUIRE(heading != std::string::npos);
  const std::size_t begin = doc.find("```yaml\n", heading);
  REQUIRE(begin != std::string::npos);
  const std::size_t end = doc.find("\n```", begin + 8);
  REQUIRE(end != std::string::npos);
  const std::string yaml = doc.substr(begin + 8, end - begin - 8 + 1);

  // Its `faults:`, `responder:`, `alerts:` and `routing:` name files beside the scenario file.
  firedrill::testing::ScratchDir dir;
  std::ofstream(dir.file("faults.lua")) << "-- faults\n";
  std::ofstream(dir.file("responder.lua")) << "-- responder\n";
  std::ofstream(dir.file("alerts.yml"))
      << "groups:\n  - name: web\n    rules:\n      - alert: FrontendDown\n"
         "        expr: replicas_up{service=\"frontend\"} == 0\n";
  std::ofstream(dir.file("alertmanager.yml"))
      << "route: {receiver: payments}\nreceivers: [{name: payments}]\n";
  Scenario s;
  try {
    s = load_scenario_text(yaml, dir.file("scenario.yaml"));
  } catch (const InputError& e) {
    FAIL(e.what());
  }
  CHECK(s.services.size() >= 5);
  CHECK(s.traffic.size() >= 2);
  CHECK(s.faults);
  CHECK(s.evaluation_interval == 30 * kSecond);
  REQUIRE(s.alert_rules.size() == 1);
  CHECK(s.alert_rules[0].rules[0].name == "FrontendDown");
  REQUIRE(s.routing);
  CHECK(s.routing->receivers[0].team == "payments");
  REQUIRE(s.teams.size() == 2);
  REQUIRE(s.teams[1].escalation);
  CHECK(s.teams[1].escalation->levels.size() == 2);
  CHECK(s.responder);
  REQUIRE(s.incident);
  CHECK(s.incident->start_given);
  CHECK_FALSE(s.incident->summary.empty());
  CHECK(s.scoring_given);
  CHECK(s.scoring.minimum == 80);
  CHECK(s.scoring.slo.latency == 250 * kMillisecond);
  CHECK(s.scoring.acceptable.size() == 2);
}
