// Shared fixtures for the recording tests: a scratch folder, a small but
// complete scenario, and helpers to look at files and query them with SQL.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/base/units.h"
#include "sim/record/recording.h"
#include "sim/scenario/scenario.h"
#include "support/scratch_dir.h"

namespace firedrill::record_test {

using testing::ScratchDir;

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(std::filesystem::file_size(path), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs SQL on a file directly (to damage or inspect it as a user would with
// sqlite3); returns the first column of the first row, or "".
inline std::string sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path);
  }
  sqlite3_busy_timeout(db, 10'000);
  sqlite3_stmt* stmt = nullptr;
  std::string result;
  const char* tail = statement.c_str();
  while (*tail != '\0') {
    if (sqlite3_prepare_v2(db, tail, -1, &stmt, &tail) != SQLITE_OK) {
      std::string message = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw std::runtime_error(message);
    }
    if (stmt == nullptr) break;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && result.empty() && sqlite3_column_text(stmt, 0) != nullptr) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
      std::string message = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw std::runtime_error(message);
    }
  }
  sqlite3_close(db);
  return result;
}

// Every row of a query, each row's columns joined with '|' (as sqlite3 prints them).
inline std::vector<std::string> sql_rows(const std::string& path, const std::string& query) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(message);
  }
  std::vector<std::string> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      if (c > 0) row += '|';
      const unsigned char* text = sqlite3_column_text(stmt, c);
      if (text != nullptr) row += reinterpret_cast<const char*>(text);
    }
    rows.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

// A three-service shop whose every field differs from its default, so a
// field lost or swapped in the recording shows.
inline Scenario shop_scenario() {
  Scenario s;
  s.name = "checkout-memory-leak";
  s.title = "Checkout runs out of memory after a deploy";
  s.duration = 2 * kHour;
  s.seed = 7;
  s.scrape_interval = 15 * kSecond;
  s.start_of_day = 9 * kHour;
  s.sources = {
      {"scenarios/shop/scenario.yaml", "firedrill: 1\nname: checkout-memory-leak\n"},
      {"scenarios/shop/faults.lua",
       "at(\"20m\", function() deploy(service(\"checkout\"), "
       "\"v2.14.0\") end)\n"},
  };

  ServiceSpec frontend;
  frontend.name = "frontend";
  frontend.team = "web";
  frontend.replicas = 3;
  frontend.workers = 64;
  frontend.queue = 256;
  frontend.latency = {LatencySpec::Distribution::kLognormal, 15 * kMillisecond, 80 * kMillisecond,
                      0};
  frontend.errors = 0.0005;
  frontend.memory = {300 * kMiB, 256 * kKiB, kGiB};
  frontend.startup = 20 * kSecond;
  frontend.where = {"scenarios/shop/scenario.yaml", 12, 3};

  ServiceSpec checkout;
  checkout.name = "checkout";
  checkout.team = "payments";
  checkout.replicas = 2;
  checkout.workers = 32;
  checkout.queue = 100;
  checkout.latency = {LatencySpec::Distribution::kExponential, 0, 0, 40 * kMillisecond};
  checkout.errors = 0.001;
  checkout.memory = {512 * kMiB, 64 * kKiB, 2 * kGiB};
  checkout.startup = 30 * kSecond;
  checkout.where = {"scenarios/shop/scenario.yaml", 30, 3};

  ServiceSpec catalog;
  catalog.name = "catalog";
  catalog.replicas = 4;
  catalog.latency = {LatencySpec::Distribution::kConstant, 0, 0, 5 * kMillisecond};
  catalog.memory = {128 * kMiB, 0, 0};
  catalog.where = {"scenarios/shop/scenario.yaml", 40, 3};

  CallSpec to_catalog;
  to_catalog.to = "catalog";
  to_catalog.to_index = 2;
  to_catalog.p = 1.0;
  to_catalog.count = 2;
  to_catalog.timeout = 300 * kMillisecond;
  to_catalog.retries = 1;
  to_catalog.backoff = 50 * kMillisecond;
  to_catalog.parallel = true;
  to_catalog.where = {"scenarios/shop/scenario.yaml", 20, 9};
  CallSpec to_checkout;
  to_checkout.to = "checkout";
  to_checkout.to_index = 1;
  to_checkout.p = 0.1;
  to_checkout.timeout = kSecond;
  to_checkout.optional = true;
  to_checkout.where = {"scenarios/shop/scenario.yaml", 21, 9};
  frontend.calls = {to_catalog, to_checkout};
  CallSpec checkout_to_catalog = to_catalog;
  checkout_to_catalog.count = 1;
  checkout_to_catalog.parallel = false;
  checkout_to_catalog.where = {"scenarios/shop/scenario.yaml", 35, 9};
  checkout.calls = {checkout_to_catalog};

  s.services = {frontend, checkout, catalog};
  s.teams.resize(2);
  s.teams[0].name = "web";
  s.teams[1].name = "payments";
  return s;
}

inline RunInfo info_for(const Scenario& s) {
  RunInfo info;
  info.engine_version = "0.1.0-test";
  info.scenario_name = s.name;
  info.scenario_title = s.title;
  info.scenario_hash = scenario_hash(s.sources);
  info.seed = s.seed;
  info.duration = s.duration;
  info.scrape_interval = s.scrape_interval;
  info.start_of_day = s.start_of_day;
  return info;
}

}  // namespace firedrill::record_test
