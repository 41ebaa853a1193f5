// Recorder: writes a run into one SQLite file, one transaction per call.
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "sim/record/enum_text.h"
#include "sim/record/json_columns.h"
#include "sim/record/recording.h"
#include "sim/record/schema.h"
#include "sim/record/sqlite_handle.h"

namespace firedrill {
namespace {

using record::Database;
using record::SqliteError;
using record::Statement;
using record::Transaction;

// How long a write waits for a reader (e.g. a viewer following a live run) to
// finish its read before giving up. Only waiting depends on the wall clock,
// never what is written.
constexpr int kBusyTimeoutMs = 10'000;

// Rows per multi-row INSERT into samples: one statement execution per batch
// instead of per row (3 parameters each, far below SQLite's limit).
constexpr int kSampleBatch = 128;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw InputError(what, SourceLocation{path, 0, 0});
}

// Makes room for a new file at `path`: removes an old recording and its stale
// journal (which SQLite would otherwise "roll back" into the new file).
void clear_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  fs::path parent = target.parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    fail(path, "cannot create the recording: no such directory '" + parent.string() + "'");
  }
  if (fs::is_directory(target, ec)) {
    fail(path, "cannot create the recording: a directory of that name exists");
  }
  // Only a regular file is replaced: never a device (--out /dev/null run as
  // root would delete /dev/null), a socket or a pipe.
  const fs::file_status status = fs::symlink_status(target, ec);
  if (fs::exists(status) && !fs::is_regular_file(status) && !fs::is_symlink(status)) {
    fail(path, "cannot create the recording: '" + path +
                   "' exists and is not a regular file (a recording is a SQLite file)");
  }
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    fs::path file = path + suffix;
    if (!fs::remove(file, ec) && ec) {
      fail(path, "cannot replace '" + file.string() + "': " + ec.message());
    }
  }
}

void write_meta(Database& db, const RunInfo& info) {
  Statement insert = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  auto put_int = [&](std::string_view key, std::int64_t value) {
    insert.bind(1, key).bind(2, value).run();
  };
  auto put_text = [&](std::string_view key, std::string_view value) {
    insert.bind(1, key).bind(2, value).run();
  };
  put_int("format_version", kRecordingFormatVersion);
  put_int("min_reader_version", record::kMinReaderVersion);
  put_text("engine_version", info.engine_version);
  put_text("scenario_name", info.scenario_name);
  put_text("scenario_title", info.scenario_title);
  put_text("scenario_hash", info.scenario_hash);
  // Text: a 64-bit unsigned seed may not fit SQLite's signed INTEGER.
  put_text("seed", std::to_string(info.seed));
  put_int("duration_us", info.duration);
  put_int("scrape_interval_us", info.scrape_interval);
  put_int("start_of_day_us", info.start_of_day);
  put_text("status", run_status_name(RunStatus::kRunning));
  put_int("end_time_us", 0);
  put_text("error", "");
}

void write_sources(Database& db, const std::vector<ScenarioSource>& sources) {
  Statement insert = db.prepare("INSERT INTO sources (id, path, content) VALUES (?, ?, ?)");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    insert.bind(1, static_cast<std::int64_t>(i))
        .bind(2, sources[i].path)
        .bind(3, sources[i].content)
        .run();
  }
}

// A source location's file as recorded: its name within the scenario folder
// (like ScenarioSource::path), so that the recording does not depend on how
// the scenario's path was typed.
std::string recorded_file(const SourceLocation& where) {
  return std::filesystem::path(where.file).filename().string();
}

void write_topology(Database& db, const std::vector<ServiceSpec>& services) {
  Statement service_insert = db.prepare(
      "INSERT INTO services (id, name, team, replicas, workers, queue, latency_distribution, "
      "latency_p50_us, latency_p99_us, latency_mean_us, errors, memory_base_bytes, "
      "memory_per_request_bytes, memory_limit_bytes, startup_us, source_file, source_line, "
      "source_column) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Statement call_insert = db.prepare(
      "INSERT INTO calls (service_id, position, to_id, p, count, timeout_us, retries, "
      "backoff_us, optional, parallel, source_file, source_line, source_column) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t id = 0; id < services.size(); ++id) {
    const ServiceSpec& s = services[id];
    service_insert.bind(1, static_cast<std::int64_t>(id))
        .bind(2, s.name)
        .bind(3, s.team)
        .bind(4, std::int64_t{s.replicas})
        .bind(5, std::int64_t{s.workers})
        .bind(6, std::int64_t{s.queue})
        .bind(7, record::distribution_text(s.latency.distribution))
        .bind(8, s.latency.p50)
        .bind(9, s.latency.p99)
        .bind(10, s.latency.mean)
        .bind(11, s.errors)
        .bind(12, s.memory.base)
        .bind(13, s.memory.per_request)
        .bind(14, s.memory.limit)
        .bind(15, s.startup)
        .bind(16, recorded_file(s.where))
        .bind(17, std::int64_t{s.where.line})
        .bind(18, std::int64_t{s.where.column})
        .run();
    for (std::size_t position = 0; position < s.calls.size(); ++position) {
      const CallSpec& c = s.calls[position];
      // The loader resolves every call; an unresolved one would make the file
      // unreadable, so refuse it here where the bug is.
      if (c.to_index >= services.size() || services[c.to_index].name != c.to) {
        throw std::invalid_argument("recording: call from '" + s.name + "' to '" + c.to +
                                    "' is not resolved (to_index " + std::to_string(c.to_index) +
                                    ")");
      }
      call_insert.bind(1, static_cast<std::int64_t>(id))
          .bind(2, static_cast<std::int64_t>(position))
          .bind(3, std::int64_t{c.to_index})
          .bind(4, c.p)
          .bind(5, std::int64_t{c.count})
          .bind(6, c.timeout)
          .bind(7, std::int64_t{c.retries})
          .bind(8, c.backoff)
          .bind(9, std::int64_t{c.optional ? 1 : 0})
          .bind(10, std::int64_t{c.parallel ? 1 : 0})
          .bind(11, recorded_file(c.where))
          .bind(12, std::int64_t{c.where.line})
          .bind(13, std::int64_t{c.where.column})
          .run();
    }
  }
}

std::string sample_batch_sql(int rows) {
  std::string sql = "INSERT INTO samples (t_us, series_id, value) VALUES ";
  for (int i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)";
  return sql;
}

// How much of the store and journal is already in the file.
struct Written {
  std::size_t series = 0;
  std::vector<std::size_t> samples;  // per series
  std::size_t events = 0;
  std::size_t logs = 0;
  std::size_t changes = 0;
};

// One sample on its way to the file.
struct SampleRow {
  SimTime time;
  SeriesId series;
  double value;
};

class SqliteRecorder final : public Recorder {
 public:
  SqliteRecorder(std::string path, Database db) : path_(std::move(path)), db_(std::move(db)) {
    insert_series_ = db_.prepare("INSERT INTO series (id, name, labels) VALUES (?, ?, ?)", true);
    insert_sample_ =
        db_.prepare("INSERT INTO samples (t_us, series_id, value) VALUES (?, ?, ?)", true);
    insert_sample_batch_ = db_.prepare(sample_batch_sql(kSampleBatch), true);
    insert_event_ = db_.prepare(
        "INSERT INTO events (id, t_us, kind, service, instance, attributes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        true);
    insert_log_ = db_.prepare(
        "INSERT INTO logs (id, t_us, service, instance, level, message) VALUES (?, ?, ?, ?, ?, ?)",
        true);
    insert_change_ = db_.prepare(
        "INSERT INTO changes (id, t_us, service, kind, version, description) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        true);
    update_meta_ = db_.prepare("UPDATE meta SET value = ? WHERE key = ?", true);
  }

  // Not finishing (an exception unwinding the run) leaves the last
  // checkpoint's data and status 'running': closing commits nothing.
  ~SqliteRecorder() override = default;

  void checkpoint(SimTime now, const MetricStore& metrics, const RunJournal& journal) override {
    if (!db_.is_open()) throw std::logic_error("recording: checkpoint after finish");
    try {
      Transaction transaction(db_);
      Written next = write_new(metrics, journal);
      set_meta("end_time_us", now);
      transaction.commit();
      written_ = std::move(next);
    } catch (const SqliteError& e) {
      fail(path_, std::string("cannot write the recording: ") + e.what());
    }
  }

  void finish(SimTime end, const MetricStore& metrics, const RunJournal& journal,
              const std::vector<ServiceSummary>& summary, RunStatus status,
              const std::string& error) override {
    if (!db_.is_open()) throw std::logic_error("recording: finish called twice");
    try {
      // The finished file is flushed to stable storage, so a complete run
      // survives even a power cut that comes after finish() returns.
      db_.exec("PRAGMA synchronous = FULL");
      Transaction transaction(db_);
      Written next = write_new(metrics, journal);
      write_summary(summary);
      set_meta("end_time_us", end);
      set_meta("status", run_status_name(status));
      set_meta("error", error);
      transaction.commit();
      written_ = std::move(next);
    } catch (const SqliteError& e) {
      fail(path_, std::string("cannot write the recording: ") + e.what());
    }
    close();
  }

 private:
  void close() {
    insert_series_ = {};
    insert_sample_ = {};
    insert_sample_batch_ = {};
    insert_event_ = {};
    insert_log_ = {};
    insert_change_ = {};
    update_meta_ = {};
    db_.close();
  }

  template <typename Value>
  void set_meta(std::string_view key, const Value& value) {
    update_meta_.bind(1, value).bind(2, key).run();
  }

  // Writes everything past written_ and returns the new high-water marks; the
  // caller adopts them only once the transaction has committed.
  Written write_new(const MetricStore& metrics, const RunJournal& journal) {
    Written next = written_;
    if (metrics.size() < next.series || journal.events.size() < next.events ||
        journal.logs.size() < next.logs || journal.changes.size() < next.changes) {
      throw std::logic_error("recording: the store or journal shrank since the last checkpoint");
    }
    for (SeriesId id = static_cast<SeriesId>(next.series); id < metrics.size(); ++id) {
      const Series& series = metrics.series(id);
      insert_series_.bind(1, std::int64_t{id})
          .bind(2, series.name)
          .bind(3, record::labels_json(series.labels))
          .run();
    }
    next.series = metrics.size();
    next.samples.resize(metrics.size(), 0);
    write_samples(metrics, next.samples);

    for (std::size_t i = next.events; i < journal.events.size(); ++i) {
      const RunEvent& e = journal.events[i];
      insert_event_.bind(1, static_cast<std::int64_t>(i))
          .bind(2, e.time)
          .bind(3, e.kind)
          .bind(4, e.service)
          .bind(5, e.instance)
          .bind(6, record::attributes_json(e.attributes))
          .run();
    }
    next.events = journal.events.size();
    for (std::size_t i = next.logs; i < journal.logs.size(); ++i) {
      const LogLine& l = journal.logs[i];
      insert_log_.bind(1, static_cast<std::int64_t>(i))
          .bind(2, l.time)
          .bind(3, l.service)
          .bind(4, l.instance)
          .bind(5, record::log_level_text(l.level))
          .bind(6, l.message)
          .run();
    }
    next.logs = journal.logs.size();
    for (std::size_t i = next.changes; i < journal.changes.size(); ++i) {
      const ChangeEntry& c = journal.changes[i];
      insert_change_.bind(1, static_cast<std::int64_t>(i))
          .bind(2, c.time)
          .bind(3, c.service)
          .bind(4, c.kind)
          .bind(5, c.version)
          .bind(6, c.description)
          .run();
    }
    next.changes = journal.changes.size();
    return next;
  }

  // Writes the samples past `counts` (per series) and advances `counts`.
  // Rows go in (time, series) order, the table's key order, so every
  // checkpoint appends at the end of the table instead of touching a page per
  // series (see docs/recording-format.md, "samples").
  void write_samples(const MetricStore& metrics, std::vector<std::size_t>& counts) {
    std::size_t total = 0;
    for (SeriesId id = 0; id < metrics.size(); ++id) {
      std::size_t have = metrics.series(id).samples.size();
      if (have < counts[id]) {
        throw std::logic_error("recording: a series lost samples since the last checkpoint");
      }
      total += have - counts[id];
    }
    if (total == 0) return;
    rows_.clear();
    rows_.reserve(total);
    for (SeriesId id = 0; id < metrics.size(); ++id) {
      const auto& samples = metrics.series(id).samples;
      for (std::size_t k = counts[id]; k < samples.size(); ++k) {
        rows_.push_back(SampleRow{samples[k].time, id, samples[k].value});
      }
      counts[id] = samples.size();
    }
    auto before = [](const SampleRow& a, const SampleRow& b) {
      return a.time != b.time ? a.time < b.time : a.series < b.series;
    };
    if (!std::is_sorted(rows_.begin(), rows_.end(), before)) {
      std::sort(rows_.begin(), rows_.end(), before);
    }
    std::size_t i = 0;
    for (; i + kSampleBatch <= rows_.size(); i += kSampleBatch) {
      for (int r = 0; r < kSampleBatch; ++r) {
        const SampleRow& row = rows_[i + static_cast<std::size_t>(r)];
        insert_sample_batch_.bind(3 * r + 1, row.time)
            .bind(3 * r + 2, std::int64_t{row.series})
            .bind(3 * r + 3, row.value);
      }
      insert_sample_batch_.run();
    }
    for (; i < rows_.size(); ++i) {
      insert_sample_.bind(1, rows_[i].time)
          .bind(2, std::int64_t{rows_[i].series})
          .bind(3, rows_[i].value)
          .run();
    }
    rows_.clear();
  }

  void write_summary(const std::vector<ServiceSummary>& summary) {
    Statement insert = db_.prepare(
        "INSERT INTO summary (id, service, requests, errors, requests_per_second, p50_us, "
        "p99_us, oom_kills, restarts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < summary.size(); ++i) {
      const ServiceSummary& s = summary[i];
      insert.bind(1, static_cast<std::int64_t>(i))
          .bind(2, s.service)
          .bind(3, s.requests)
          .bind(4, s.errors)
          .bind(5, s.requests_per_second)
          .bind(6, s.p50)
          .bind(7, s.p99)
          .bind(8, s.oom_kills)
          .bind(9, s.restarts)
          .run();
    }
  }

  std::string path_;
  Database db_;
  Statement insert_series_;
  Statement insert_sample_;
  Statement insert_sample_batch_;
  Statement insert_event_;
  Statement insert_log_;
  Statement insert_change_;
  Statement update_meta_;
  Written written_;
  std::vector<SampleRow> rows_;  // reused between checkpoints
};

}  // namespace

std::unique_ptr<Recorder> Recorder::create(const std::string& path, const RunInfo& info,
                                           const Scenario& scenario) {
  clear_path(path);
  try {
    Database db =
        Database::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
    db.set_busy_timeout(kBusyTimeoutMs);
    record::configure_new_file(db);
    {
      Transaction transaction(db);
      record::create_schema(db);
      write_meta(db, info);
      write_sources(db, scenario.sources);
      write_topology(db, scenario.services);
      transaction.commit();
    }
    return std::make_unique<SqliteRecorder>(path, std::move(db));
  } catch (const SqliteError& e) {
    fail(path, std::string("cannot create the recording: ") + e.what());
  }
}

}  // namespace firedrill
