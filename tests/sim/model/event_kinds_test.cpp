// The event kinds are a public vocabulary (recordings store them, scripts
// subscribe to them): the two documents that list them must list exactly the
// kinds of sim/model/event_kinds.h.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

#include "sim/model/event_kinds.h"

namespace {

// The kinds in the first column of the table under `heading` in a doc.
std::set<std::string> documented_kinds(const std::string& doc, const std::string& heading) {
  std::ifstream in(std::string(FIREDRILL_SOURCE_DIR) + "/docs/" + doc);
  REQUIRE(in);
  std::set<std::string> kinds;
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == heading;
    if (!in_section || line.rfind("| `", 0) != 0) continue;
    const std::size_t end = line.find('`', 3);
    kinds.insert(line.substr(3, end - 3));
  }
  return kinds;
}

std::set<std::string> declared_kinds() {
  std::set<std::string> kinds;
  for (std::string_view kind : firedrill::event_kind::kAll) kinds.emplace(kind);
  return kinds;
}

}  // namespace

TEST_CASE("the docs list every event kind and no other", "[events]") {
  CHECK(documented_kinds("recording-format.md", "## Event kinds") == declared_kinds());
  CHECK(documented_kinds("simulation-model.md", "## Events") == declared_kinds());
}
