// Which events become timeline markers, of which kind, saying what.
#include <catch2/catch.hpp>

#include "viewer/replay/markers.h"

using namespace firedrill;
using namespace firedrill::viewer;

namespace {

RunEvent event(SimTime t, std::string kind, std::string service,
               std::vector<std::pair<std::string, std::string>> attributes) {
  return RunEvent{t, std::move(kind), std::move(service), "", std::move(attributes)};
}

}  // namespace

TEST_CASE("markers cover faults, alerts, pages, actions, mitigations and changes",
          "[viewer][markers]") {
  RunJournal j;
  j.events.push_back(event(10 * kMinute, "fault", "checkout", {{"fault", "memory_leak"}}));
  j.events.push_back(event(11 * kMinute, "replica_ready", "checkout", {}));  // not a marker
  j.events.push_back(event(15 * kMinute, "alert_firing", "checkout",
                           {{"alertname", "HighErrorRatio"}, {"labels", "{}"}}));
  j.events.push_back(event(16 * kMinute, "page", "",
                           {{"incident", "1"},
                            {"team", "payments"},
                            {"person", "dave"},
                            {"level", "1"},
                            {"reason", "incident triggered"}}));
  j.events.push_back(event(17 * kMinute, "action", "",
                           {{"actor", "dave"}, {"verb", "ack"}, {"text", "ack 1"}}));
  j.events.push_back(event(20 * kMinute, "mitigation", "checkout",
                           {{"action", "rollback"}, {"takes", "1m"}}));
  j.events.push_back(event(30 * kMinute, "action", "",
                           {{"actor", "dave"}, {"verb", "resolve"}, {"text", "resolve"}}));
  j.changes.push_back({5 * kMinute, "checkout", "deploy", "v2", "new cart"});

  const std::vector<Marker> m = build_markers(j);
  REQUIRE(m.size() == 7);
  CHECK(m[0].kind == MarkerKind::kChange);
  CHECK(m[0].text == "deploy checkout v2: new cart");
  CHECK(m[1].kind == MarkerKind::kFault);
  CHECK(m[1].ground_truth);
  CHECK(m[1].text == "fault memory_leak starts on checkout");
  CHECK(m[2].kind == MarkerKind::kAlertFiring);
  CHECK(m[2].text == "alert HighErrorRatio firing on checkout");
  CHECK(m[3].kind == MarkerKind::kPage);
  CHECK(m[3].text == "paged dave (payments, level 1): incident triggered");
  CHECK(m[4].kind == MarkerKind::kAction);
  CHECK(m[4].text == "dave: ack 1");
  CHECK_FALSE(m[4].ground_truth);
  CHECK(m[5].kind == MarkerKind::kMitigation);
  CHECK(m[6].kind == MarkerKind::kResolution);
}

TEST_CASE("markers are in time order, journal order at equal times", "[viewer][markers]") {
  RunJournal j;
  j.events.push_back(event(kMinute, "inject", "", {{"message", "first"}}));
  j.events.push_back(event(kMinute, "inject", "", {{"message", "second"}}));
  j.changes.push_back({0, "db", "config", "", "pool size"});
  const std::vector<Marker> m = build_markers(j);
  REQUIRE(m.size() == 3);
  CHECK(m[0].kind == MarkerKind::kChange);
  CHECK(m[1].text == "facilitator: first");
  CHECK(m[2].text == "facilitator: second");
}

TEST_CASE("every marker kind has a name", "[viewer][markers]") {
  for (std::size_t i = 0; i < kMarkerKindCount; ++i) {
    CHECK(std::string(marker_kind_name(static_cast<MarkerKind>(i))) != "?");
  }
}
