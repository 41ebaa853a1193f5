// The scenario hash identifies the exact scenario files a run used.
#include <catch2/catch.hpp>

#include "sim/record/recording.h"

using namespace firedrill;

TEST_CASE("the scenario hash is sha256 over length-prefixed paths and contents", "[record]") {
  // Pinned value: sha256 of (8-byte little-endian length, bytes) for the path
  // then the content of each source, as docs/recording-format.md describes.
  CHECK(scenario_hash({{"scenario.yaml", "name: shop\n"}}) ==
        "sha256:7eae9ff95d6c54304ce82088945220177ff4af9134b8a3f34a561b2f20993f1b");
  CHECK(scenario_hash({}) ==
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("the scenario hash changes with any path or content byte", "[record]") {
  const std::vector<ScenarioSource> base = {{"scenario.yaml", "name: shop\n"},
                                            {"faults.lua", "at('5m', f)\n"}};
  const std::string h = scenario_hash(base);
  CHECK(h.size() == 7 + 64);
  CHECK(h.rfind("sha256:", 0) == 0);
  CHECK(scenario_hash(base) == h);

  auto changed = base;
  changed[1].content = "at('6m', f)\n";
  CHECK(scenario_hash(changed) != h);
  changed = base;
  changed[0].path = "other.yaml";
  CHECK(scenario_hash(changed) != h);
  // Moving bytes between a path and its content is a different scenario.
  CHECK(scenario_hash({{"ab", "c"}}) != scenario_hash({{"a", "bc"}}));
  // So is swapping the order of the files.
  CHECK(scenario_hash({base[1], base[0]}) != h);
}
