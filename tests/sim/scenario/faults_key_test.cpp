// The `faults:` key: the scenario's Lua program, read beside the scenario
// file and recorded with it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

using namespace firedrill;
using firedrill::testing::ScratchDir;

namespace {

constexpr const char* kHeader =
    "firedrill: 1\n"
    "name: scripted\n"
    "title: With a fault script\n"
    "services:\n"
    "  web: {}\n"
    "traffic:\n"
    "  - {entry: web, rate: 1/s}\n";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string first_error(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const InputError& e) {
    return e.first().str();
  }
  return "";
}

}  // namespace

TEST_CASE("faults names a Lua file beside the scenario, kept verbatim", "[scenario][faults]") {
  ScratchDir dir;
  write(dir.file("scenario.yaml"), std::string(kHeader) + "faults: faults.lua\n");
  write(dir.file("faults.lua"), "-- the program\nat('5m', function() end)\n");
  const Scenario s = load_scenario(dir.path().string());
  REQUIRE(s.faults);
  CHECK(s.faults->path == "faults.lua");
  CHECK(s.faults->text == "-- the program\nat('5m', function() end)\n");
  CHECK(s.faults->where.line == 8);
  REQUIRE(s.sources.size() == 2);
  CHECK(s.sources[0].path == "scenario.yaml");
  CHECK(s.sources[1].path == "faults.lua");
  CHECK(s.sources[1].content == s.faults->text);
}

TEST_CASE("a scenario without faults has no script", "[scenario][faults]") {
  ScratchDir dir;
  write(dir.file("scenario.yaml"), kHeader);
  const Scenario s = load_scenario(dir.path().string());
  CHECK_FALSE(s.faults);
  CHECK(s.sources.size() == 1);
}

TEST_CASE("a missing, empty or folder faults value is an error at the key", "[scenario][faults]") {
  ScratchDir dir;
  const std::string yaml = dir.file("scenario.yaml");
  write(yaml, std::string(kHeader) + "faults: nowhere.lua\n");
  CHECK(first_error(yaml) == yaml + ":8:9: error: cannot read 'nowhere.lua' (" +
                                 dir.file("nowhere.lua") + "): no such file");
  write(yaml, std::string(kHeader) + "faults: ''\n");
  CHECK(first_error(yaml) == yaml + ":8:9: error: 'faults' must name a Lua file, e.g. faults.lua");
  std::filesystem::create_directory(dir.file("scripts"));
  write(yaml, std::string(kHeader) + "faults: scripts\n");
  CHECK(first_error(yaml) ==
        yaml + ":8:9: error: cannot read 'scripts' (" + dir.file("scripts") + "): it is a folder");
  write(yaml, std::string(kHeader) + "faults: [a.lua]\n");
  CHECK_THAT(first_error(yaml), Catch::Contains(":8:9: error:"));
}

TEST_CASE("faults cannot reach outside the scenario's folder", "[scenario][faults]") {
  ScratchDir dir;
  const std::string yaml = dir.file("scenario.yaml");
  write(yaml, std::string(kHeader) + "faults: /etc/hostname\n");
  CHECK(first_error(yaml) == yaml +
                                 ":8:9: error: 'faults' must name a file in the scenario's folder "
                                 "(a relative path without '..'), got '/etc/hostname'");
  write(yaml, std::string(kHeader) + "faults: ../faults.lua\n");
  CHECK_THAT(first_error(yaml), Catch::Contains("a relative path without '..'"));
  std::filesystem::create_symlink("/dev/zero", dir.file("zero.lua"));
  write(yaml, std::string(kHeader) + "faults: zero.lua\n");
  CHECK_THAT(first_error(yaml), Catch::EndsWith("not a regular file"));
  write(dir.file("huge.lua"), std::string(2u << 20, '-'));
  write(yaml, std::string(kHeader) + "faults: huge.lua\n");
  CHECK_THAT(first_error(yaml), Catch::Contains("larger than 1 MiB"));
}
