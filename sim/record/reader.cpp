// read_recording: loads a recording written by Recorder, refusing files that
// are not recordings, are damaged, or are too new, with a message that says so.
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <limits>
#include <map>
#include <variant>

#include "sim/record/enum_text.h"
#include "sim/record/file_check.h"
#include "sim/record/json_columns.h"
#include "sim/record/recording.h"
#include "sim/record/schema.h"
#include "sim/record/sqlite_handle.h"

namespace firedrill {
namespace {

using record::Database;
using record::SqliteError;
using record::Statement;

// How long to wait for a writer to commit before giving up (a viewer may read
// a recording while the run is still writing it).
constexpr int kBusyTimeoutMs = 10'000;

// A problem with the file's content, found by our own checks; reported as
// "truncated or damaged".
struct Damaged {
  std::string detail;
};

[[noreturn]] void damaged(std::string detail) {
  throw Damaged{std::move(detail)};
}

using MetaValue = std::variant<std::int64_t, std::string>;

class Reader {
 public:
  Reader(std::string path, Database& db) : path_(std::move(path)), db_(db) {}

  Recording read() {
    // One read transaction: a consistent snapshot even if a run is still
    // appending, and no writer can change the file between the checks below.
    db_.exec("BEGIN");
    // The first read takes a shared lock, and SQLite rolls back a journal left
    // by a killed writer before it does.
    std::int64_t application_id = db_.query_int("PRAGMA application_id");
    if (db_.query_int("PRAGMA page_count") == 0) {
      fail("not a firedrill recording: the file holds no data (was its run stopped as it began?)");
    }
    if (application_id != record::kApplicationId) {
      fail("not a firedrill recording: an SQLite database of another program");
    }
    record::check_not_truncated(path_);
    require_table("meta");
    read_meta();
    check_version();
    check_integrity();
    for (std::string_view table : record::required_tables()) require_table(table);

    fill_info();
    read_sources();
    read_services();
    read_series();
    read_samples();
    read_events();
    read_logs();
    read_changes();
    read_summary();
    db_.exec("COMMIT");
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(message, SourceLocation{path_, 0, 0});
  }

  void require_table(std::string_view name) {
    Statement query = db_.prepare("SELECT type FROM sqlite_schema WHERE name = ?");
    query.bind(1, name);
    if (!query.step()) {
      if (name == "meta") fail("not a firedrill recording: it has no meta table");
      damaged("the table '" + std::string(name) + "' is missing");
    }
    if (query.column_text(0) != "table") {
      damaged("'" + std::string(name) + "' is not a table");
    }
  }

  void read_meta() {
    Statement query = db_.prepare("SELECT key, value FROM meta");
    while (query.step()) {
      if (query.column_is_integer(1)) {
        meta_[query.column_text(0)] = query.column_int64(1);
      } else {
        meta_[query.column_text(0)] = query.column_text(1);
      }
    }
  }

  std::int64_t meta_int(const std::string& key) const {
    auto it = meta_.find(key);
    if (it == meta_.end()) damaged("the run metadata has no '" + key + "'");
    const auto* value = std::get_if<std::int64_t>(&it->second);
    if (value == nullptr) damaged("the run metadata's '" + key + "' is not an integer");
    return *value;
  }

  std::string meta_text(const std::string& key) const {
    auto it = meta_.find(key);
    if (it == meta_.end()) damaged("the run metadata has no '" + key + "'");
    const auto* value = std::get_if<std::string>(&it->second);
    if (value == nullptr) damaged("the run metadata's '" + key + "' is not text");
    return *value;
  }

  // A file may be read when this reader is at least the version its writer
  // says is needed: newer writers that only add things keep min_reader_version.
  void check_version() {
    auto format = meta_.find("format_version");
    if (format == meta_.end() || !std::holds_alternative<std::int64_t>(format->second)) {
      fail("not a firedrill recording: its metadata has no format version");
    }
    std::int64_t version = std::get<std::int64_t>(format->second);
    std::int64_t min_reader =
        meta_.count("min_reader_version") != 0 ? meta_int("min_reader_version") : version;
    if (min_reader > kRecordingFormatVersion) {
      fail("recording format version " + std::to_string(version) +
           " is newer than this firedrill reads (" + std::to_string(kRecordingFormatVersion) +
           "); upgrade firedrill");
    }
    if (version < 1) damaged("invalid format version " + std::to_string(version));
    out_.format_version = static_cast<int>(std::min<std::int64_t>(version, INT_MAX));
  }

  void check_integrity() {
    // quick_check: every page and b-tree is well formed (O(file size); it
    // skips only the index-versus-table cross checks of integrity_check).
    Statement query = db_.prepare("PRAGMA quick_check(1)");
    if (!query.step()) damaged("the integrity check returned nothing");
    std::string verdict = query.column_text(0);
    if (verdict != "ok") damaged(verdict);
  }

  void fill_info() {
    RunInfo& info = out_.info;
    info.engine_version = meta_text("engine_version");
    info.scenario_name = meta_text("scenario_name");
    info.scenario_title = meta_text("scenario_title");
    info.scenario_hash = meta_text("scenario_hash");
    std::string seed = meta_text("seed");
    auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), info.seed);
    if (ec != std::errc() || end != seed.data() + seed.size() || seed.empty()) {
      damaged("the run metadata's seed '" + seed + "' is not an unsigned integer");
    }
    info.duration = meta_int("duration_us");
    info.scrape_interval = meta_int("scrape_interval_us");
    info.start_of_day = meta_int("start_of_day_us");
    std::string status = meta_text("status");
    auto parsed = record::parse_run_status(status);
    if (!parsed) damaged("unknown run status '" + status + "'");
    out_.status = *parsed;
    out_.end_time = meta_int("end_time_us");
    out_.error = meta_text("error");
  }

  static int to_int(std::int64_t value, const char* what) {
    if (value < INT_MIN || value > INT_MAX) {
      damaged(std::string(what) + " " + std::to_string(value) + " is out of range");
    }
    return static_cast<int>(value);
  }

  // Rows of a table keyed 0, 1, 2, ...: a gap means rows were lost.
  static void expect_id(std::int64_t id, std::size_t expected, const char* table) {
    if (id < 0 || static_cast<std::uint64_t>(id) != expected) {
      damaged(std::string("the ") + table + " table has id " + std::to_string(id) + " where " +
              std::to_string(expected) + " was expected");
    }
  }

  void read_sources() {
    Statement query = db_.prepare("SELECT id, path, content FROM sources ORDER BY id");
    while (query.step()) {
      expect_id(query.column_int64(0), out_.sources.size(), "sources");
      out_.sources.push_back(ScenarioSource{query.column_text(1), query.column_text(2)});
    }
  }

  void read_services() {
    Statement query = db_.prepare(
        "SELECT id, name, team, replicas, workers, queue, latency_distribution, latency_p50_us, "
        "latency_p99_us, latency_mean_us, errors, memory_base_bytes, memory_per_request_bytes, "
        "memory_limit_bytes, startup_us, source_file, source_line, source_column "
        "FROM services ORDER BY id");
    auto& services = out_.services;
    while (query.step()) {
      expect_id(query.column_int64(0), services.size(), "services");
      ServiceSpec s;
      s.name = query.column_text(1);
      s.team = query.column_text(2);
      s.replicas = to_int(query.column_int64(3), "replicas");
      s.workers = to_int(query.column_int64(4), "workers");
      s.queue = to_int(query.column_int64(5), "queue");
      std::string distribution = query.column_text(6);
      auto parsed = record::parse_distribution(distribution);
      if (!parsed) damaged("unknown latency distribution '" + distribution + "'");
      s.latency.distribution = *parsed;
      s.latency.p50 = query.column_int64(7);
      s.latency.p99 = query.column_int64(8);
      s.latency.mean = query.column_int64(9);
      s.errors = query.column_double(10);
      s.memory.base = query.column_int64(11);
      s.memory.per_request = query.column_int64(12);
      s.memory.limit = query.column_int64(13);
      s.startup = query.column_int64(14);
      s.where.file = query.column_text(15);
      s.where.line = to_int(query.column_int64(16), "source line");
      s.where.column = to_int(query.column_int64(17), "source column");
      services.push_back(std::move(s));
    }

    Statement calls = db_.prepare(
        "SELECT service_id, position, to_id, p, count, timeout_us, retries, backoff_us, "
        "optional, parallel, source_file, source_line, source_column "
        "FROM calls ORDER BY service_id, position");
    while (calls.step()) {
      std::int64_t from = calls.column_int64(0);
      std::int64_t to = calls.column_int64(2);
      if (from < 0 || static_cast<std::uint64_t>(from) >= services.size() || to < 0 ||
          static_cast<std::uint64_t>(to) >= services.size()) {
        damaged("a call refers to service " + std::to_string(from < 0 || to < 0 ? -1 : to) +
                " of " + std::to_string(services.size()));
      }
      ServiceSpec& caller = services[static_cast<std::size_t>(from)];
      expect_id(calls.column_int64(1), caller.calls.size(), "calls");
      CallSpec c;
      c.to_index = static_cast<ServiceIndex>(to);
      c.to = services[c.to_index].name;
      c.p = calls.column_double(3);
      c.count = to_int(calls.column_int64(4), "call count");
      c.timeout = calls.column_int64(5);
      c.retries = to_int(calls.column_int64(6), "retries");
      c.backoff = calls.column_int64(7);
      c.optional = calls.column_int64(8) != 0;
      c.parallel = calls.column_int64(9) != 0;
      c.where.file = calls.column_text(10);
      c.where.line = to_int(calls.column_int64(11), "source line");
      c.where.column = to_int(calls.column_int64(12), "source column");
      caller.calls.push_back(std::move(c));
    }
  }

  void read_series() {
    Statement query = db_.prepare("SELECT id, name, labels FROM series ORDER BY id");
    MetricStore& store = out_.metrics;
    while (query.step()) {
      std::int64_t id = query.column_int64(0);
      expect_id(id, store.size(), "series");
      std::string name = query.column_text(1);
      std::string text = query.column_text(2);
      auto labels = record::parse_string_object(text);
      if (!labels) damaged("series " + std::to_string(id) + " has invalid labels " + text);
      if (store.intern(name, std::move(*labels)) != static_cast<SeriesId>(id)) {
        damaged("series " + std::to_string(id) + " repeats an earlier series");
      }
    }
  }

  void read_samples() {
    Statement query =
        db_.prepare("SELECT series_id, t_us, value FROM samples ORDER BY t_us, series_id");
    MetricStore& store = out_.metrics;
    // The last time seen per series: MetricStore requires increasing times.
    std::vector<SimTime> last(store.size(), std::numeric_limits<SimTime>::min());
    while (query.step()) {
      std::int64_t id = query.column_int64(0);
      SimTime time = query.column_int64(1);
      if (id < 0 || static_cast<std::uint64_t>(id) >= store.size()) {
        damaged("a sample refers to series " + std::to_string(id) + " of " +
                std::to_string(store.size()));
      }
      auto series = static_cast<SeriesId>(id);
      if (time <= last[series]) damaged("series " + std::to_string(id) + " repeats a time");
      last[series] = time;
      // NULL is a staleness marker (SQLite cannot store a NaN).
      double value = query.column_is_null(2) ? stale_marker() : query.column_double(2);
      store.append(series, time, value);
    }
  }

  void read_events() {
    Statement query =
        db_.prepare("SELECT id, t_us, kind, service, instance, attributes FROM events ORDER BY id");
    auto& events = out_.journal.events;
    while (query.step()) {
      expect_id(query.column_int64(0), events.size(), "events");
      RunEvent e;
      e.time = query.column_int64(1);
      e.kind = query.column_text(2);
      e.service = query.column_text(3);
      e.instance = query.column_text(4);
      std::string text = query.column_text(5);
      auto attributes = record::parse_string_object(text);
      if (!attributes)
        damaged("event " + std::to_string(events.size()) + " has invalid attributes");
      e.attributes = std::move(*attributes);
      events.push_back(std::move(e));
    }
  }

  void read_logs() {
    Statement query =
        db_.prepare("SELECT id, t_us, service, instance, level, message FROM logs ORDER BY id");
    auto& logs = out_.journal.logs;
    while (query.step()) {
      expect_id(query.column_int64(0), logs.size(), "logs");
      LogLine l;
      l.time = query.column_int64(1);
      l.service = query.column_text(2);
      l.instance = query.column_text(3);
      std::string level = query.column_text(4);
      auto parsed = record::parse_log_level(level);
      if (!parsed) damaged("unknown log level '" + level + "'");
      l.level = *parsed;
      l.message = query.column_text(5);
      logs.push_back(std::move(l));
    }
  }

  void read_changes() {
    Statement query = db_.prepare(
        "SELECT id, t_us, service, kind, version, description FROM changes ORDER BY id");
    auto& changes = out_.journal.changes;
    while (query.step()) {
      expect_id(query.column_int64(0), changes.size(), "changes");
      changes.push_back(ChangeEntry{query.column_int64(1), query.column_text(2),
                                    query.column_text(3), query.column_text(4),
                                    query.column_text(5)});
    }
  }

  void read_summary() {
    Statement query = db_.prepare(
        "SELECT id, service, requests, errors, requests_per_second, p50_us, p99_us, oom_kills, "
        "restarts FROM summary ORDER BY id");
    while (query.step()) {
      expect_id(query.column_int64(0), out_.summary.size(), "summary");
      ServiceSummary s;
      s.service = query.column_text(1);
      s.requests = query.column_int64(2);
      s.errors = query.column_int64(3);
      s.requests_per_second = query.column_double(4);
      s.p50 = query.column_int64(5);
      s.p99 = query.column_int64(6);
      s.oom_kills = query.column_int64(7);
      s.restarts = query.column_int64(8);
      out_.summary.push_back(std::move(s));
    }
  }

  std::string path_;
  Database& db_;
  std::map<std::string, MetaValue> meta_;
  Recording out_;
};

// Read-write when possible: after a killed run SQLite must roll the file back
// with its journal, which a read-only connection cannot do. Never creates a file.
Database open_for_reading(const std::string& path) {
  Database db;
  try {
    // NOMUTEX: the connection never leaves this thread; SQLite's per-call
    // locking would cost more than a tenth of the read.
    db = Database::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  } catch (const SqliteError& e) {
    int code = e.primary_code();
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_PERM) throw;
    db = Database::open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  }
  db.set_busy_timeout(kBusyTimeoutMs);
  // Room for the whole file of a long run, so that the pages the integrity
  // check reads are still in memory when the tables are read.
  db.exec("PRAGMA cache_size = -131072");
  // The file is untrusted input: no schema-defined functions with side
  // effects, no writes through odd pragmas, and no writes by us at all.
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  db.exec("PRAGMA query_only = ON");
  return db;
}

std::string sqlite_problem(const SqliteError& e) {
  switch (e.primary_code()) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return std::string("truncated or damaged: ") + e.what();
    case SQLITE_IOERR:
      if (e.code() == SQLITE_IOERR_SHORT_READ)
        return std::string("truncated or damaged: ") + e.what();
      return std::string("cannot read the recording: ") + e.what();
    case SQLITE_READONLY:
      if (e.code() == SQLITE_READONLY_ROLLBACK) {
        return "the run that wrote this recording was stopped mid-write; reading it needs write "
               "access to the file and its folder once, to roll back the unfinished write (its "
               "'-journal' file)";
      }
      return std::string("cannot read the recording: ") + e.what();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "cannot read the recording: another program holds it locked";
    default:
      return std::string("cannot read the recording: ") + e.what();
  }
}

}  // namespace

Recording read_recording(const std::string& path) {
  record::check_is_sqlite_file(path);
  try {
    Database db = open_for_reading(path);
    return Reader(path, db).read();
  } catch (const SqliteError& e) {
    // SQLite refuses a file shorter than its header says before we can look;
    // say how much is missing rather than "malformed".
    int code = e.primary_code();
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) record::check_not_truncated(path);
    throw InputError(sqlite_problem(e), SourceLocation{path, 0, 0});
  } catch (const Damaged& e) {
    throw InputError("truncated or damaged: " + e.detail, SourceLocation{path, 0, 0});
  }
}

}  // namespace firedrill
