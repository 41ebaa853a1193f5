// Reading something that is not a good recording gives an InputError that
// names the file and says what is wrong, and never crashes or hangs.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/base/input_error.h"
#include "sim/base/random.h"
#include "sim/record/recording.h"
#include "tests/sim/record/record_test_support.h"

using namespace firedrill;
using namespace firedrill::record_test;

namespace {

// The error read_recording gives for `path`, or "no error".
std::string read_error(const std::string& path) {
  try {
    read_recording(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// A real recording of a few hundred KiB, so that it spans many pages.
void write_recording(const std::string& path) {
  const Scenario scenario = shop_scenario();
  MetricStore metrics;
  RunJournal journal;
  auto recorder = Recorder::create(path, info_for(scenario), scenario);
  for (int scrape = 1; scrape <= 200; ++scrape) {
    for (int s = 0; s < 50; ++s) {
      auto id = metrics.intern("inflight_requests", {{"service", "svc-" + std::to_string(s)}});
      metrics.append(id, scrape * 15 * kSecond, scrape * 0.5 + s);
    }
    journal.logs.push_back({scrape * 15 * kSecond, "checkout", "", LogLevel::kWarn, "slow"});
    if (scrape % 50 == 0) recorder->checkpoint(scrape * 15 * kSecond, metrics, journal);
  }
  recorder->finish(50 * kMinute, metrics, journal, {}, RunStatus::kComplete, "");
}

}  // namespace

TEST_CASE("reading a missing recording says there is no such recording", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("x.fdrec");
  CHECK(read_error(path) == "error: no such recording '" + path + "'");
  // And reading does not create it.
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("reading a file that is not a recording says so", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("x.fdrec");

  SECTION("random bytes") {
    RandomStream random(42);
    std::string bytes;
    for (int i = 0; i < 10000; ++i) bytes += static_cast<char>(random.below(256));
    write_bytes(path, bytes);
    CHECK(read_error(path) == path + ": error: not a firedrill recording: not an SQLite database");
  }
  SECTION("a text file") {
    write_bytes(path, "firedrill: 1\nname: shop\n");
    CHECK(read_error(path) == path + ": error: not a firedrill recording: not an SQLite database");
  }
  SECTION("an empty file") {
    write_bytes(path, "");
    CHECK(read_error(path) == path + ": error: not a firedrill recording: the file is empty");
  }
  SECTION("another program's SQLite database") {
    sql(path,
        "CREATE TABLE contacts (name TEXT, phone TEXT); "
        "INSERT INTO contacts VALUES ('Ada', '555-0100')");
    CHECK(read_error(path) ==
          path + ": error: not a firedrill recording: an SQLite database of another program");
  }
  SECTION("a directory") {
    std::filesystem::create_directory(path);
    CHECK(read_error(path) == path + ": error: not a firedrill recording: it is a directory");
  }
}

TEST_CASE("reading a truncated recording says it is truncated or damaged", "[record]") {
  ScratchDir dir;
  const std::string good = dir.file("good.fdrec");
  const std::string cut = dir.file("cut.fdrec");
  write_recording(good);
  const std::string bytes = read_bytes(good);
  REQUIRE(bytes.size() >= 20 * 4096);

  SECTION("cut in half") {
    write_bytes(cut, bytes.substr(0, bytes.size() / 2));
    CHECK_THAT(read_error(cut), Catch::StartsWith(cut + ": error: truncated or damaged: ") &&
                                    Catch::Contains("but the file holds " +
                                                    std::to_string(bytes.size() / 2) + " bytes"));
  }
  SECTION("cut in the middle of a page") {
    write_bytes(cut, bytes.substr(0, bytes.size() - 1000));
    CHECK_THAT(read_error(cut), Catch::StartsWith(cut + ": error: truncated or damaged: ") &&
                                    Catch::Contains("not a whole number of 4096-byte pages"));
  }
  SECTION("cut right after the header") {
    write_bytes(cut, bytes.substr(0, 100));
    CHECK_THAT(read_error(cut), Catch::StartsWith(cut + ": error: truncated or damaged: "));
  }
}

TEST_CASE("reading a recording with damaged pages says it is truncated or damaged", "[record]") {
  ScratchDir dir;
  const std::string good = dir.file("good.fdrec");
  const std::string bad = dir.file("bad.fdrec");
  write_recording(good);
  std::string bytes = read_bytes(good);
  // Zero a page in the middle of the file: a b-tree page of the samples.
  std::fill(bytes.begin() + 10 * 4096, bytes.begin() + 11 * 4096, '\0');
  write_bytes(bad, bytes);
  CHECK_THAT(read_error(bad), Catch::StartsWith(bad + ": error: truncated or damaged: "));
}

TEST_CASE("random damage to a recording gives an error or the data, never a crash", "[record]") {
  ScratchDir dir;
  const std::string good = dir.file("good.fdrec");
  const std::string bad = dir.file("bad.fdrec");
  write_recording(good);
  const std::string bytes = read_bytes(good);
  RandomStream random(2024);
  int errors = 0;
  for (int attempt = 0; attempt < 150; ++attempt) {
    std::string damaged = bytes;
    // A burst of random bytes somewhere, sometimes in the header page.
    std::size_t at = attempt % 5 == 0 ? random.below(4096) : random.below(bytes.size());
    std::size_t length = 1 + random.below(64);
    for (std::size_t i = at; i < std::min(bytes.size(), at + length); ++i) {
      damaged[i] = static_cast<char>(random.below(256));
    }
    write_bytes(bad, damaged);
    std::filesystem::remove(bad + "-journal");
    try {
      read_recording(bad);
    } catch (const InputError& e) {
      ++errors;
      CHECK_THAT(e.what(), Catch::StartsWith(bad + ": error: "));
    }
  }
  // Most bursts land in data that a check can see.
  CHECK(errors > 0);
}

TEST_CASE("reading a recording of a newer format asks to upgrade", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("new.fdrec");
  write_recording(path);

  SECTION("a format this version cannot read") {
    sql(path,
        "UPDATE meta SET value = 2 WHERE key IN ('format_version', 'min_reader_version'); "
        "PRAGMA user_version = 2");
    CHECK(read_error(path) == path +
                                  ": error: recording format version 2 is newer than this "
                                  "firedrill reads (1); upgrade firedrill");
  }
  SECTION("a newer format that says version 1 readers can still read it") {
    sql(path,
        "UPDATE meta SET value = 2 WHERE key = 'format_version'; PRAGMA user_version = 2; "
        "CREATE TABLE alerts (id INTEGER PRIMARY KEY, t_us INTEGER, name TEXT); "
        "INSERT INTO meta (key, value) VALUES ('alert_rules', 3)");
    const Recording got = read_recording(path);
    CHECK(got.format_version == 2);
    CHECK(got.status == RunStatus::kComplete);
    CHECK(got.metrics.sample_count() == 200 * 50);
  }
}

TEST_CASE("reading a recording whose tables were tampered with says it is damaged", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("x.fdrec");
  write_recording(path);

  SECTION("rows missing from the middle of a table") {
    sql(path, "DELETE FROM logs WHERE id = 7");
    CHECK(read_error(path) == path +
                                  ": error: truncated or damaged: the logs table has id 8 "
                                  "where 7 was expected");
  }
  SECTION("a table replaced by a view") {
    sql(path,
        "DROP TABLE samples; CREATE VIEW samples AS SELECT 0 AS series_id, 0 AS t_us, "
        "0.0 AS value");
    CHECK(read_error(path) == path + ": error: truncated or damaged: 'samples' is not a table");
  }
  SECTION("a sample of a series that does not exist") {
    sql(path, "INSERT INTO samples VALUES (999, 1, 1.0)");
    CHECK(read_error(path) == path +
                                  ": error: truncated or damaged: a sample refers to series "
                                  "999 of 50");
  }
}
